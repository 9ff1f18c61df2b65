// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM framework's debugfs directory, /sys/kernel/debug/seam/, which
 * the emulator and the clients fill, and the statistics of a plan's last
 * run, in the format Documentation/arch/x86/seam-svc.rst describes.
 */

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/seam/leaf.h>
#include <linux/seam/plan.h>
#include <linux/seam/client.h>

/**
 * seam_debugfs_dir() - The directory for SEAM debugfs files
 *
 * Context: Process context.
 * Return: /sys/kernel/debug/seam, created on first use; an ERR_PTR() that
 * the debugfs functions accept when debugfs is unavailable.
 */
struct dentry *seam_debugfs_dir(void)
{
	static DEFINE_MUTEX(lock);
	static struct dentry *dir;

	guard(mutex)(&lock);
	if (!dir)
		dir = debugfs_create_dir("seam", NULL);
	return dir;
}
EXPORT_SYMBOL_FOR_MODULES(seam_debugfs_dir, "seam-svc");

/**
 * seam_plan_result_show() - Print the statistics of a plan's run
 * @m:		Where.
 * @res:	The run; nothing is printed if it did not start.
 *
 * Context: Process context.
 */
void seam_plan_result_show(struct seq_file *m, const struct seam_plan_result *res)
{
	const struct seam_plan *p = res->plan;
	unsigned int i;

	if (!res->started)
		return;
	seq_printf(m, "blackout_us: %llu\n", div_u64(res->blackout_ns, NSEC_PER_USEC));
	seq_printf(m, "failed_phase: %s\n", res->failed_phase >= 0 && p ?
		   p->phases[res->failed_phase].name : "none");
	seq_printf(m, "failed_cpu: %d\n", res->failed_cpu);
	seq_printf(m, "slow_cpu: %d in %s\n", res->slow_cpu, res->slow_phase >= 0 && p ?
		   p->phases[res->slow_phase].name : "none");
	seq_printf(m, "failed_call: %s status %#llx\n",
		   res->leaf ? res->leaf->name : "none", res->status);
	for (i = 0; p && i < p->nr_phases; i++) {
		const struct seam_phase_stat *st = &res->phase[i];

		if (st->slowest_cpu < 0)
			seq_printf(m, "phase %s: not run\n", p->phases[i].name);
		else
			seq_printf(m, "phase %s: slowest_cpu %d %llu us, cpus %u, calls %u\n",
				   p->phases[i].name, st->slowest_cpu,
				   div_u64(st->slowest_ns, NSEC_PER_USEC), st->cpus, st->calls);
	}
}
EXPORT_SYMBOL_FOR_MODULES(seam_plan_result_show, "seam-svc");

static int seam_plan_last_show(struct seq_file *m, void *v)
{
	struct seam_plan_result *res __free(kfree) = kmalloc(sizeof(*res), GFP_KERNEL);

	if (!res)
		return -ENOMEM;
	if (seam_plan_last_result(m->private, res)) {
		seq_puts(m, "result: none\n");
		return 0;
	}
	if (res->err)
		seq_printf(m, "result: failed\nerrno: %pe\n", ERR_PTR(res->err));
	else
		seq_puts(m, "result: done\nerrno: 0\n");
	seam_plan_result_show(m, res);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(seam_plan_last);

/**
 * seam_plan_debugfs_create() - Show a plan's last run in debugfs
 * @plan:	A plan that keeps its last result; it must outlive the file.
 *
 * Creates /sys/kernel/debug/seam/<plan name>.
 *
 * Context: Process context.
 */
void seam_plan_debugfs_create(const struct seam_plan *plan)
{
	debugfs_create_file(plan->name, 0400, seam_debugfs_dir(), (void *)plan,
			    &seam_plan_last_fops);
}
