// SPDX-License-Identifier: GPL-2.0
/*
 * The update-blackout benchmark behind 'make bench'; for benchmarking
 * only.  In one boot, interleaved, it times:
 *
 *  (a) bare stop_machine() with an empty callback: the floor;
 *  (b) seam's engine running a plan of the TDX update's shape (LEAD,
 *      EACH_SERIAL, LEAD, EACH, LEAD) whose calls return at once;
 *  (c) the plan of (b) with a per-CPU latency in its serial phase, as
 *      SEAMLDR.INSTALL has;
 *
 * each split into entering (stop_machine() called until the last CPU is
 * in), the phases (until the last CPU is out) and leaving (until
 * stop_machine() returns; for a plan, until the engine has also read
 * its CPUs' slots, its first chance to say it is back), which add up to
 * the blackout, and the caller's work before and after, which is
 * outside it; and
 *
 *  (d) seam_call()'s dispatch against calling the stand-in directly, with
 *      the seam_call tracepoint off and on;
 *  (e) the TDX update's checks that need no SEAMCALL, on an image written
 *      to the image file.
 *
 * Its own stand-in answers its own leafs, so it runs only on a kernel
 * booted without TDX or the SEAM emulator.  Files in /sys/kernel/debug/seam/bench/:
 *
 *   run        write "reps=N latency_us=L": (a) to (d)
 *   image      write: the image for (e)
 *   preflight  write "reps=N": (e) on that image
 *   stop       write "reps=N": N bare stop_machine() calls, which need no
 *              stand-in, so that a boot on the emulator can time them
 *              beside real updates (harness/guest/bench-update.sh)
 *   results    read: one CSV line per measurement; see seam.rst
 */

#define pr_fmt(fmt) "seam: bench: " fmt

#include <linux/cpu.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/stop_machine.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/trace_events.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <linux/seam/plan.h>

#include <trace/events/seam.h>

#include "../seam-internal.h"
#include "../tdx/update.h"
#include "../tests/busy.h"

/* The leafs of the benchmark's plans, answered at once by its stand-in. */
enum seam_bench_leaf {
	SEAM_BENCH_NOP,
	SEAM_BENCH_INSTALL,
	SEAM_BENCH_NR_LEAVES,
};

/* The phases of a TDX update's shape: LEAD, EACH_SERIAL, LEAD, EACH, LEAD. */
#define SEAM_BENCH_NR_PHASES	5

/*
 * Where one stop went: stop_machine() called, the first CPU's arrival in
 * the stopped section, the last's, the last CPU's leaving, and
 * stop_machine() returned.  For a bare stop the benchmark reads the clock
 * itself; for a plan, in probes on the engine's tracepoints, which fire
 * at those points (seam_plan_start before the stop), or as soon after as
 * the engine says (seam_phase_done, once it has read the slots: a few
 * microseconds late).
 */
struct seam_bench_clock {
	u64		stop_ns;
	atomic64_t	first_in;
	atomic64_t	last_in;
	atomic64_t	last_out;
	u64		resume_ns;
};

static struct seam_bench_clock seam_bench_clock;

#define SEAM_BENCH_RESULTS_SIZE		SZ_1M
#define SEAM_BENCH_IMAGE_SIZE		((2 + SEAM_TDX_MODULE_MAX_PAGES) * SEAM_TDX_PAGE_SIZE)
#define SEAM_BENCH_MAX_REPS		10000
#define SEAM_BENCH_DISPATCH_BATCHES	15
#define SEAM_BENCH_DISPATCH_CALLS	20000

static DEFINE_MUTEX(seam_bench_lock);
static char *seam_bench_results;
static size_t seam_bench_len;
static void *seam_bench_image;
static size_t seam_bench_image_len;
/* The serial phase's per-CPU latency in (c); 0 otherwise. */
static unsigned int seam_bench_latency_us;

/* Like the update's: a TDX module leaf, and a serialized P-SEAMLDR one. */
static const struct seam_leaf seam_bench_leaves[SEAM_BENCH_NR_LEAVES] = {
	[SEAM_BENCH_NOP] = {
		.name = "bench.nop", .fn = 0x7fff, .target = SEAM_TARGET_MODULE,
	},
	[SEAM_BENCH_INSTALL] = {
		.name = "bench.install", .fn = SEAM_LEAF_SEAMLDR_BIT | 0x7fff,
		.target = SEAM_TARGET_SEAMLDR, .flags = SEAM_LEAF_SERIALIZED,
	},
};

static u64 seam_bench_stand_in_call(const struct seam_leaf *leaf,
				    struct tdx_module_args *args)
{
	unsigned int us = READ_ONCE(seam_bench_latency_us);

	if (us && leaf == &seam_bench_leaves[SEAM_BENCH_INSTALL])
		seam_busy_us(us);
	return 0;
}

static const struct seam_stand_in seam_bench_stand_in = {
	.call	= seam_bench_stand_in_call,
};

static int seam_bench_call(enum seam_bench_leaf leaf)
{
	struct tdx_module_args args = {};

	return seam_call(&seam_bench_leaves[leaf], &args, NULL);
}

static int seam_bench_nop(void *data)
{
	return seam_bench_call(SEAM_BENCH_NOP);
}

static int seam_bench_install(void *data)
{
	return seam_bench_call(SEAM_BENCH_INSTALL);
}

static const struct seam_phase seam_bench_phases[SEAM_BENCH_NR_PHASES] = {
	{ .name = "bench:shutdown", .scope = SEAM_SCOPE_LEAD,
	  .fn = seam_bench_nop, .ponr = true },
	{ .name = "bench:install", .scope = SEAM_SCOPE_EACH_SERIAL,
	  .fn = seam_bench_install },
	{ .name = "bench:sys-init", .scope = SEAM_SCOPE_LEAD, .fn = seam_bench_nop },
	{ .name = "bench:lp-init", .scope = SEAM_SCOPE_EACH, .fn = seam_bench_nop },
	{ .name = "bench:update", .scope = SEAM_SCOPE_LEAD, .fn = seam_bench_nop },
};

static const struct seam_plan seam_bench_plan = {
	.name		= "bench",
	.phases		= seam_bench_phases,
	.nr_phases	= SEAM_BENCH_NR_PHASES,
};

static __printf(1, 2) void seam_bench_out(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seam_bench_len += vscnprintf(seam_bench_results + seam_bench_len,
				     SEAM_BENCH_RESULTS_SIZE - seam_bench_len, fmt, ap);
	va_end(ap);
}

enum seam_bench_kind {
	SEAM_BENCH_STOP,
	SEAM_BENCH_SEAM,
	SEAM_BENCH_SEAM_LATENCY,
	SEAM_BENCH_NR_KINDS,
};

static const char * const seam_bench_kind_names[SEAM_BENCH_NR_KINDS] = {
	[SEAM_BENCH_STOP]		= "stop_machine",
	[SEAM_BENCH_SEAM]		= "seam",
	[SEAM_BENCH_SEAM_LATENCY]	= "seam_latency",
};

/* Lower @v to @t, whichever CPU races. */
static void seam_bench_min(atomic64_t *v, u64 t)
{
	s64 old = atomic64_read(v);

	while ((u64)old > t && !atomic64_try_cmpxchg(v, &old, t))
		;
}

/* Raise @v to @t, whichever CPU races. */
static void seam_bench_max(atomic64_t *v, u64 t)
{
	s64 old = atomic64_read(v);

	while ((u64)old < t && !atomic64_try_cmpxchg(v, &old, t))
		;
}

/* Called by each CPU as it enters the stopped section. */
static void seam_bench_arrive(struct seam_bench_clock *clock)
{
	u64 now = ktime_get_mono_fast_ns();

	seam_bench_min(&clock->first_in, now);
	seam_bench_max(&clock->last_in, now);
}

/* Called by each CPU as it leaves the stopped section. */
static void seam_bench_leave(struct seam_bench_clock *clock)
{
	seam_bench_max(&clock->last_out, ktime_get_mono_fast_ns());
}

/* (a): every CPU's arrival and leaving, with nothing in between. */
static int seam_bench_stop_cpu(void *arg)
{
	seam_bench_arrive(arg);
	seam_bench_leave(arg);
	return 0;
}

static void seam_bench_stop_machine(struct seam_bench_clock *clock)
{
	cpus_read_lock();
	clock->stop_ns = ktime_get_mono_fast_ns();
	stop_machine_cpuslocked(seam_bench_stop_cpu, clock, cpu_online_mask);
	clock->resume_ns = ktime_get_mono_fast_ns();
	cpus_read_unlock();
}

static void seam_bench_on_start(void *clock, const struct seam_plan *plan,
				unsigned int cpus, unsigned int ponr)
{
	((struct seam_bench_clock *)clock)->stop_ns = ktime_get_mono_fast_ns();
}

static void seam_bench_on_arrive(void *clock, const struct seam_plan *plan)
{
	seam_bench_arrive(clock);
}

static void seam_bench_on_leave(void *clock, const struct seam_plan *plan)
{
	seam_bench_leave(clock);
}

static void seam_bench_on_done(void *clock, const struct seam_plan *plan,
			       unsigned int phase, const struct seam_phase_stat *st)
{
	if (!phase)
		((struct seam_bench_clock *)clock)->resume_ns = ktime_get_mono_fast_ns();
}

/*
 * The probes that time (b) and (c), on around the stops of (a) to (c)
 * (a bare stop fires no event); the other plans cannot run meanwhile.
 */
static void seam_bench_probes_off(void)
{
	void *c = &seam_bench_clock;

	unregister_trace_seam_phase_done(seam_bench_on_done, c);
	unregister_trace_seam_stop_leave(seam_bench_on_leave, c);
	unregister_trace_seam_stop_arrive(seam_bench_on_arrive, c);
	unregister_trace_seam_plan_start(seam_bench_on_start, c);
	tracepoint_synchronize_unregister();
}

static int seam_bench_probes_on(void)
{
	void *c = &seam_bench_clock;
	int err;

	err = register_trace_seam_plan_start(seam_bench_on_start, c);
	if (err)
		return err;
	err = register_trace_seam_stop_arrive(seam_bench_on_arrive, c);
	if (err)
		goto start;
	err = register_trace_seam_stop_leave(seam_bench_on_leave, c);
	if (err)
		goto arrive;
	err = register_trace_seam_phase_done(seam_bench_on_done, c);
	if (!err)
		return 0;
	unregister_trace_seam_stop_leave(seam_bench_on_leave, c);
arrive:
	unregister_trace_seam_stop_arrive(seam_bench_on_arrive, c);
start:
	unregister_trace_seam_plan_start(seam_bench_on_start, c);
	tracepoint_synchronize_unregister();
	return err;
}

static int seam_bench_seam(unsigned int latency_us)
{
	int err;

	WRITE_ONCE(seam_bench_latency_us, latency_us);
	err = seam_run_plan(&seam_bench_plan, NULL, NULL);
	WRITE_ONCE(seam_bench_latency_us, 0);
	return err;
}

/*
 * One stop; @prep and @teardown are the caller's work before and after
 * stop_machine(), outside the blackout.
 */
static int seam_bench_one(enum seam_bench_kind kind, unsigned int latency_us,
			  u64 *prep, u64 *teardown)
{
	struct seam_bench_clock *t = &seam_bench_clock;
	u64 start = ktime_get_mono_fast_ns();
	int err = 0;

	*t = (struct seam_bench_clock){ .first_in = ATOMIC64_INIT(S64_MAX) };
	if (kind == SEAM_BENCH_STOP)
		seam_bench_stop_machine(t);
	else
		err = seam_bench_seam(kind == SEAM_BENCH_SEAM ? 0 : latency_us);
	*prep = t->stop_ns - start;
	*teardown = ktime_get_mono_fast_ns() - t->resume_ns;
	return err;
}

/* (a) to (c), interleaved: each repetition runs all three, in turn first. */
static int seam_bench_blackouts(unsigned int reps, unsigned int latency_us)
{
	struct seam_bench_clock *t = &seam_bench_clock;
	unsigned int cpus = num_online_cpus(), rep, i;
	u64 prep, teardown;
	int err;

	err = seam_bench_probes_on();
	if (err)
		return err;
	for (rep = 0; !err && rep < reps; rep++) {
		for (i = 0; !err && i < SEAM_BENCH_NR_KINDS; i++) {
			enum seam_bench_kind kind = (rep + i) % SEAM_BENCH_NR_KINDS;

			err = seam_bench_one(kind, latency_us, &prep, &teardown);
			if (err) {
				pr_err("%s failed: %pe\n", seam_bench_kind_names[kind],
				       ERR_PTR(err));
				break;
			}
			seam_bench_out("blackout,%s,%u,%u,%u,%llu,%llu,%llu,%llu,%llu\n",
				       seam_bench_kind_names[kind], cpus, latency_us, rep,
				       prep, atomic64_read(&t->last_in) - t->stop_ns,
				       atomic64_read(&t->last_out) - atomic64_read(&t->last_in),
				       t->resume_ns - atomic64_read(&t->last_out), teardown);
		}
	}
	seam_bench_probes_off();
	return err;
}

/* Time @n calls, through seam_call() or straight to the stand-in. */
static u64 seam_bench_calls(bool direct, unsigned int n)
{
	const struct seam_leaf *leaf = &seam_bench_leaves[SEAM_BENCH_NOP];
	u64 (*call)(const struct seam_leaf *leaf, struct tdx_module_args *args);
	struct tdx_module_args args = {};
	unsigned int i;
	u64 t0;

	/* Through a pointer the compiler cannot see through, as seam_call() does. */
	call = READ_ONCE(seam_bench_stand_in.call);
	t0 = ktime_get_mono_fast_ns();
	for (i = 0; i < n; i++) {
		if (direct)
			call(leaf, &args);
		else
			seam_call(leaf, &args, NULL);
	}
	return ktime_get_mono_fast_ns() - t0;
}

/*
 * The engine's event sites a CPU passes in a one-phase run, with the
 * events off: what tracing costs the stopped section when nobody traces.
 * Against the same loop without them; interrupts off, as in the stop.
 */
static u64 seam_bench_events_off(bool events, unsigned int n)
{
	unsigned long flags;
	unsigned int i;
	u64 t0, t1;

	local_irq_save(flags);
	t0 = ktime_get_mono_fast_ns();
	for (i = 0; i < n; i++) {
		if (events) {
			trace_seam_stop_arrive(&seam_bench_plan);
			trace_seam_phase_enter(&seam_bench_plan, 0);
			trace_seam_phase_exit(&seam_bench_plan, 0, 0);
			trace_seam_stop_leave(&seam_bench_plan);
		}
		barrier();
	}
	t1 = ktime_get_mono_fast_ns();
	local_irq_restore(flags);
	return t1 - t0;
}

/* (d): picoseconds per call, per batch. */
static void seam_bench_dispatch(void)
{
	static const char * const modes[] = { "direct", "seam_call", "seam_call_traced" };
	unsigned int cpus = num_online_cpus(), b, m;
	u64 ns;

	for (b = 0; b < SEAM_BENCH_DISPATCH_BATCHES; b++) {
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			if (m == 2 && trace_set_clr_event("seam", "seam_call", 1))
				continue;
			ns = seam_bench_calls(m == 0, SEAM_BENCH_DISPATCH_CALLS);
			if (m == 2)
				trace_set_clr_event("seam", "seam_call", 0);
			seam_bench_out("dispatch,%s,%u,%u,%llu\n", modes[m], cpus, b,
				       div_u64(ns * 1000, SEAM_BENCH_DISPATCH_CALLS));
		}
		if (trace_seam_phase_enter_enabled() || trace_seam_stop_arrive_enabled())
			continue;
		for (m = 0; m < 2; m++) {
			ns = seam_bench_events_off(m, SEAM_BENCH_DISPATCH_CALLS);
			seam_bench_out("dispatch,%s,%u,%u,%llu\n", m ? "events_off" : "loop",
				       cpus, b, div_u64(ns * 1000, SEAM_BENCH_DISPATCH_CALLS));
		}
	}
}

static int seam_bench_run(unsigned int reps, unsigned int latency_us)
{
	int err;

	err = seam_bench_blackouts(reps, latency_us);
	if (!err)
		seam_bench_dispatch();
	return err;
}

static int seam_bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

static u64 seam_bench_median(u64 *v, unsigned int n)
{
	sort(v, n, sizeof(*v), seam_bench_cmp_u64, NULL);
	return v[n / 2];
}

/* The steps of (e), as timed. */
enum seam_bench_step {
	SEAM_BENCH_PARSE,
	SEAM_BENCH_RULES,
	SEAM_BENCH_RSA,
	SEAM_BENCH_CHECKS,
	SEAM_BENCH_NR_STEPS,
};

/* One pass of the checks that need no SEAMCALL, step by step. */
static int seam_bench_checks(u64 *ns)
{
	struct seam_tdx_image_error why;
	struct seam_tdx_image img;
	const char *reason;
	u64 t[SEAM_BENCH_NR_STEPS + 1];
	int err;

	t[0] = ktime_get_mono_fast_ns();
	err = seam_tdx_image_parse(seam_bench_image, seam_bench_image_len, &img, &why);
	t[1] = ktime_get_mono_fast_ns();
	err = err ?: seam_sigstruct_check(img.sigstruct, img.module_nr_pages,
					  SEAM_LOADER_1_5, &reason);
	t[2] = ktime_get_mono_fast_ns();
	err = err ?: seam_sigstruct_verify(img.sigstruct, &reason);
	t[3] = ktime_get_mono_fast_ns();
	err = err ?: seam_tdx_check_image(&img, &reason);
	t[4] = ktime_get_mono_fast_ns();
	for (int i = 0; i < SEAM_BENCH_NR_STEPS; i++)
		ns[i] = t[i + 1] - t[i];
	return err ? -EINVAL : img.module_nr_pages;
}

/* (e): the median of each step over @reps passes. */
static int seam_bench_preflight(unsigned int reps)
{
	u64 *ns, one[SEAM_BENCH_NR_STEPS];
	unsigned int r, s;
	int pages = 0;

	ns = kvcalloc((size_t)reps * SEAM_BENCH_NR_STEPS, sizeof(*ns), GFP_KERNEL);
	if (!ns)
		return -ENOMEM;
	for (r = 0; r < reps; r++) {
		pages = seam_bench_checks(one);
		if (pages < 0)
			break;
		for (s = 0; s < SEAM_BENCH_NR_STEPS; s++)
			ns[s * reps + r] = one[s];
	}
	if (pages > 0) {
		seam_bench_out("preflight,%u,%d", num_online_cpus(), pages);
		for (s = 0; s < SEAM_BENCH_NR_STEPS; s++)
			seam_bench_out(",%llu", seam_bench_median(ns + s * reps, reps));
		seam_bench_out("\n");
	} else {
		pr_err("the image does not pass the checks\n");
	}
	kvfree(ns);
	return pages < 0 ? pages : 0;
}

/* "reps=N latency_us=L", either optional. */
static int seam_bench_parse(const char __user *ubuf, size_t len, unsigned int *reps,
			    unsigned int *latency_us)
{
	char buf[64], *p, *opts, *val;
	int err = 0;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	opts = strim(buf);
	while (!err && (p = strsep(&opts, " \t\n"))) {
		if (!*p)
			continue;
		val = strchr(p, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(p, "reps"))
			err = kstrtouint(val, 0, reps);
		else if (!strcmp(p, "latency_us") && latency_us)
			err = kstrtouint(val, 0, latency_us);
		else
			err = -EINVAL;
	}
	if (!err && (!*reps || *reps > SEAM_BENCH_MAX_REPS))
		err = -ERANGE;
	return err;
}

/* The two commands; a file's private data says which it takes. */
enum seam_bench_cmd {
	SEAM_BENCH_CMD_RUN = 1,
	SEAM_BENCH_CMD_PREFLIGHT,
	SEAM_BENCH_CMD_STOP,
};

static int seam_bench_stops(unsigned int reps)
{
	while (reps--)
		seam_bench_stop_machine(&seam_bench_clock);
	return 0;
}

static ssize_t seam_bench_cmd_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	enum seam_bench_cmd cmd = (uintptr_t)file->private_data;
	bool run = cmd == SEAM_BENCH_CMD_RUN;
	unsigned int reps = run ? 200 : 20, latency_us = 50;
	int err;

	err = seam_bench_parse(ubuf, len, &reps, run ? &latency_us : NULL);
	if (err)
		return err;
	if (latency_us > 10000)
		return -ERANGE;
	mutex_lock(&seam_bench_lock);
	if (cmd == SEAM_BENCH_CMD_STOP) {
		err = seam_bench_stops(reps);
	} else if (seam_platform_present()) {
		pr_err("needs a kernel booted without TDX or the SEAM emulator\n");
		err = -EBUSY;
	} else {
		/* Its plans' calls, and any signer, pass. */
		seam_stand_in_replace(&seam_bench_stand_in);
		err = run ? seam_bench_run(reps, latency_us) : seam_bench_preflight(reps);
		seam_stand_in_replace(NULL);
	}
	mutex_unlock(&seam_bench_lock);
	return err ?: len;
}

static const struct file_operations seam_bench_cmd_fops = {
	.open	= simple_open,
	.write	= seam_bench_cmd_write,
	.llseek	= noop_llseek,
};

/* A write at offset 0 starts a new image. */
static ssize_t seam_bench_image_write(struct file *file, const char __user *ubuf,
				      size_t len, loff_t *ppos)
{
	ssize_t n;

	mutex_lock(&seam_bench_lock);
	if (!*ppos)
		seam_bench_image_len = 0;
	n = simple_write_to_buffer(seam_bench_image, SEAM_BENCH_IMAGE_SIZE, ppos,
				   ubuf, len);
	if (n > 0)
		seam_bench_image_len = max_t(size_t, seam_bench_image_len, *ppos);
	mutex_unlock(&seam_bench_lock);
	return n;
}

static const struct file_operations seam_bench_image_fops = {
	.write	= seam_bench_image_write,
	.llseek	= default_llseek,
};

static ssize_t seam_bench_results_read(struct file *file, char __user *ubuf,
				       size_t len, loff_t *ppos)
{
	ssize_t n;

	mutex_lock(&seam_bench_lock);
	n = simple_read_from_buffer(ubuf, len, ppos, seam_bench_results, seam_bench_len);
	mutex_unlock(&seam_bench_lock);
	return n;
}

static const struct file_operations seam_bench_results_fops = {
	.read	= seam_bench_results_read,
	.llseek	= default_llseek,
};

static int __init seam_bench_init(void)
{
	struct dentry *dir;

	seam_bench_results = vzalloc(SEAM_BENCH_RESULTS_SIZE);
	seam_bench_image = vzalloc(SEAM_BENCH_IMAGE_SIZE);
	if (!seam_bench_results || !seam_bench_image) {
		vfree(seam_bench_results);
		vfree(seam_bench_image);
		return -ENOMEM;
	}
	dir = debugfs_create_dir("bench", seam_debugfs_dir());
	debugfs_create_file("run", 0200, dir, (void *)SEAM_BENCH_CMD_RUN,
			    &seam_bench_cmd_fops);
	debugfs_create_file("image", 0200, dir, NULL, &seam_bench_image_fops);
	debugfs_create_file("preflight", 0200, dir, (void *)SEAM_BENCH_CMD_PREFLIGHT,
			    &seam_bench_cmd_fops);
	debugfs_create_file("stop", 0200, dir, (void *)SEAM_BENCH_CMD_STOP,
			    &seam_bench_cmd_fops);
	debugfs_create_file("results", 0400, dir, NULL, &seam_bench_results_fops);
	return 0;
}
late_initcall(seam_bench_init);
