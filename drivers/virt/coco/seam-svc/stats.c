// SPDX-License-Identifier: GPL-2.0
/*
 * seam-svc: statistics of each service's last update request, in
 * /sys/kernel/debug/seam/<service>/last_update.  The format is described
 * in Documentation/arch/x86/seam-svc.rst.
 */

#include <linux/debugfs.h>
#include <linux/math64.h>
#include <linux/seq_file.h>
#include <linux/seam/plan.h>
#include <linux/seam/client.h>

#include "seam-svc.h"

/**
 * seam_svc_plan_show() - Print the statistics of an update plan's run
 * @m:		Where.
 * @res:	The run; nothing is printed if it did not start.
 *
 * Context: Process context.
 */
static void seam_svc_plan_show(struct seq_file *m, const struct seam_plan_result *res)
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

static const char *seam_svc_outcome(const struct seam_update_result *res)
{
	if (!res->err)
		return res->recovery ? "recovered" : "updated";
	if (res->changed)
		return "failed after the point of no return";
	return res->plan.started ? "failed, firmware unchanged" : "refused";
}

static int seam_svc_last_show(struct seq_file *m, void *v)
{
	struct seam_svc *svc = m->private;
	const struct seam_update_result *res;

	guard(mutex)(&svc->lock);
	res = svc->last;
	if (!res) {
		seq_puts(m, "result: none\n");
		return 0;
	}
	seq_printf(m, "result: %s\n", seam_svc_outcome(res));
	if (res->err)
		seq_printf(m, "errno: %pe\n", ERR_PTR(res->err));
	else
		seq_puts(m, "errno: 0\n");
	seq_printf(m, "error: %s\n", seam_svc_fw_error_name(svc->fw_err));
	seq_printf(m, "reason: %s\n", res->reason ?: "none");
	seq_printf(m, "version_before: %s\n", res->before[0] ? res->before : "unknown");
	seq_printf(m, "version_after: %s\n", res->after[0] ? res->after : "none");
	seq_printf(m, "recovery: %s\n", res->recovery ? "yes" : "no");
	if (res->handoff_hv >= 0)
		seq_printf(m, "handoff_version: %d\n", res->handoff_hv);
	else
		seq_puts(m, "handoff_version: none\n");
	seq_printf(m, "state: %s\n", res->state ?: "healthy");
	seq_printf(m, "tds: %s\n", res->tds ?: "untouched");
	seam_svc_plan_show(m, &res->plan);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(seam_svc_last);

void seam_svc_stats_init(struct seam_svc *svc)
{
	svc->debugfs = debugfs_create_dir(dev_name(&svc->fdev->dev), seam_debugfs_dir());
	debugfs_create_file("last_update", 0400, svc->debugfs, svc, &seam_svc_last_fops);
}

void seam_svc_stats_exit(struct seam_svc *svc)
{
	debugfs_remove_recursive(svc->debugfs);
}
