// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the phase engine: lock step, scopes, slow CPUs, the
 * pre-flight refusals and the point of no return.
 */

#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/seam/plan.h>

#include <trace/events/seam.h>

#include "../seam-internal.h"
#include "busy.h"
#include "seam_mock.h"

#define NR_TEST_PHASES	4
/*
 * How long a late CPU spins.  Under TCG on a loaded 2-core host a vCPU can
 * be off its host CPU for tens of milliseconds: a late CPU must be later.
 */
#define TEST_LATE_US	(500 * USEC_PER_MSEC)

/* What the phase functions saw, per phase and CPU. */
struct phase_log {
	atomic_t	seq;
	atomic_t	*runs;		/* [phase * nr_cpu_ids + cpu] */
	int		*start;		/* sequence number at entry */
	int		*end;		/* sequence number at exit */
	atomic_t	nr_order;
	int		*order;		/* CPUs in the order they entered */
	int		late_cpu;	/* spins for late_us in late_phase */
	unsigned int	late_phase;
	unsigned int	late_us;
	unsigned int	hold_us;
	int		finished;	/* calls of the finish callback */
	bool		finished_unlocked; /* ... without the plan lock */
	bool		late_fails;	/* the late CPU's call then fails */
	int		finished_err;
};

static struct phase_log *phase_log_alloc(struct kunit *test)
{
	unsigned int n = NR_TEST_PHASES * nr_cpu_ids;
	struct phase_log *log = kunit_kzalloc(test, sizeof(*log), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, log);
	log->runs = kunit_kcalloc(test, n, sizeof(*log->runs), GFP_KERNEL);
	log->start = kunit_kcalloc(test, n, sizeof(int), GFP_KERNEL);
	log->end = kunit_kcalloc(test, n, sizeof(int), GFP_KERNEL);
	log->order = kunit_kcalloc(test, n, sizeof(int), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, log->runs);
	KUNIT_ASSERT_NOT_NULL(test, log->start);
	KUNIT_ASSERT_NOT_NULL(test, log->end);
	KUNIT_ASSERT_NOT_NULL(test, log->order);
	log->late_cpu = -1;
	return log;
}

static int phase_record(struct phase_log *log, unsigned int phase)
{
	int cpu = smp_processor_id();
	unsigned int i = phase * nr_cpu_ids + cpu, k;

	log->start[i] = atomic_inc_return(&log->seq);
	/* A log records one run; more would write past the end of order[]. */
	k = atomic_inc_return(&log->nr_order) - 1;
	if (k < NR_TEST_PHASES * nr_cpu_ids)
		log->order[k] = cpu;
	if (phase == log->late_phase && cpu == log->late_cpu)
		seam_busy_us(log->late_us);
	if (log->hold_us)
		seam_busy_us(log->hold_us);
	atomic_inc(&log->runs[i]);
	log->end[i] = atomic_inc_return(&log->seq);
	if (log->late_fails && phase == log->late_phase && cpu == log->late_cpu)
		return -EIO;
	return 0;
}

static int phase0(void *data) { return phase_record(data, 0); }
static int phase1(void *data) { return phase_record(data, 1); }
static int phase2(void *data) { return phase_record(data, 2); }
static int phase3(void *data) { return phase_record(data, 3); }

static int runs(struct phase_log *log, unsigned int phase, int cpu)
{
	return atomic_read(&log->runs[phase * nr_cpu_ids + cpu]);
}

static int total_runs(struct phase_log *log)
{
	int cpu, n = 0;
	unsigned int p;

	for (p = 0; p < NR_TEST_PHASES; p++)
		for_each_possible_cpu(cpu)
			n += runs(log, p, cpu);
	return n;
}

static const struct seam_phase each_phases[NR_TEST_PHASES] = {
	{ .name = "test:zero",  .scope = SEAM_SCOPE_EACH, .fn = phase0 },
	{ .name = "test:one",   .scope = SEAM_SCOPE_EACH, .fn = phase1 },
	{ .name = "test:two",   .scope = SEAM_SCOPE_EACH, .fn = phase2 },
	{ .name = "test:three", .scope = SEAM_SCOPE_EACH, .fn = phase3 },
};

/*
 * The finish callback sees the result with the hotplug lock held and the
 * plan lock dropped, so that it may take locks a plan runs under.
 */
static void each_finish(void *data, const struct seam_plan_result *res)
{
	struct phase_log *log = data;

	lockdep_assert_cpus_held();
	log->finished_err = res->err;
	log->finished_unlocked = !mutex_is_locked(&seam_plan_lock);
	log->finished++;
}

static const struct seam_plan each_plan = {
	.name = "test-each",
	.phases = each_phases, .nr_phases = NR_TEST_PHASES,
	.finish = each_finish,
};

/* No CPU starts phase i+1 before every CPU has finished phase i. */
static void seam_phase_lockstep(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	unsigned int p;
	int cpu, c;

	log->late_cpu = cpumask_last(cpu_online_mask);
	log->late_us = 2000;
	KUNIT_ASSERT_EQ(test, seam_run_plan(&each_plan, log, NULL), 0);

	for (p = 0; p + 1 < NR_TEST_PHASES; p++) {
		for_each_online_cpu(cpu) {
			for_each_online_cpu(c) {
				KUNIT_EXPECT_LT(test, log->end[p * nr_cpu_ids + cpu],
						log->start[(p + 1) * nr_cpu_ids + c]);
			}
		}
	}
}

static void seam_phase_each_once_per_cpu(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	unsigned int p;
	int cpu;

	KUNIT_ASSERT_EQ(test, seam_run_plan(&each_plan, log, NULL), 0);
	for (p = 0; p < NR_TEST_PHASES; p++)
		for_each_possible_cpu(cpu)
			KUNIT_EXPECT_EQ(test, runs(log, p, cpu), cpu_online(cpu) ? 1 : 0);
}

static const struct seam_phase lead_phases[] = {
	{ .name = "test:lead",  .scope = SEAM_SCOPE_LEAD, .fn = phase0 },
	{ .name = "test:each",  .scope = SEAM_SCOPE_EACH, .fn = phase1 },
	{ .name = "test:lead2", .scope = SEAM_SCOPE_LEAD, .fn = phase2 },
};

static const struct seam_plan lead_plan = {
	.name = "test-lead",
	.phases = lead_phases, .nr_phases = ARRAY_SIZE(lead_phases),
};

static void seam_phase_lead_once(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	int lead = cpumask_first(cpu_online_mask), cpu;

	KUNIT_ASSERT_EQ(test, seam_run_plan(&lead_plan, log, NULL), 0);
	for_each_possible_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, runs(log, 0, cpu), cpu == lead ? 1 : 0);
		KUNIT_EXPECT_EQ(test, runs(log, 2, cpu), cpu == lead ? 1 : 0);
	}
}

static const struct seam_phase serial_phases[] = {
	{ .name = "test:serial", .scope = SEAM_SCOPE_EACH_SERIAL, .fn = phase0 },
	{ .name = "test:each",   .scope = SEAM_SCOPE_EACH,        .fn = phase1 },
	{ .name = "test:serial2", .scope = SEAM_SCOPE_EACH_SERIAL, .fn = phase2 },
};

static const struct seam_plan serial_plan = {
	.name = "test-serial",
	.phases = serial_phases, .nr_phases = ARRAY_SIZE(serial_phases),
};

static void seam_phase_serial_never_overlaps(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	unsigned int i, n = num_online_cpus();
	struct cpumask *seen = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	int cpu;

	if (n < 2)
		kunit_skip(test, "needs at least 2 CPUs");
	KUNIT_ASSERT_NOT_NULL(test, seen);
	log->hold_us = 500;
	KUNIT_ASSERT_EQ(test, seam_run_plan(&serial_plan, log, NULL), 0);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, runs(log, 0, cpu), 1);
		KUNIT_EXPECT_EQ(test, runs(log, 2, cpu), 1);
	}
	/* The first serial phase ran once on each CPU, in arrival order. */
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_FALSE(test, cpumask_test_and_set_cpu(log->order[i], seen));
	KUNIT_EXPECT_TRUE(test, cpumask_equal(seen, cpu_online_mask));
	for_each_online_cpu(cpu) {
		int c;

		for_each_online_cpu(c) {
			if (c == cpu)
				continue;
			/* Intervals of one serial phase never intersect. */
			KUNIT_EXPECT_TRUE(test,
					  log->end[cpu] < log->start[c] ||
					  log->end[c] < log->start[cpu]);
			KUNIT_EXPECT_TRUE(test,
					  log->end[2 * nr_cpu_ids + cpu] <
					  log->start[2 * nr_cpu_ids + c] ||
					  log->end[2 * nr_cpu_ids + c] <
					  log->start[2 * nr_cpu_ids + cpu]);
		}
	}
}

static void seam_phase_result_statistics(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	struct seam_plan_result res;
	unsigned int p;
	u64 t0, t1;

	/*
	 * Late by far more than the host's scheduling can delay a vCPU: under
	 * TCG, 4 vCPUs on a 2-core host, another CPU once took 20 ms here
	 * when the late one spun 3 ms.
	 */
	log->late_cpu = cpumask_last(cpu_online_mask);
	log->late_us = 100 * USEC_PER_MSEC;
	t0 = ktime_get_mono_fast_ns();
	KUNIT_ASSERT_EQ(test, seam_run_plan(&each_plan, log, &res), 0);
	t1 = ktime_get_mono_fast_ns();
	KUNIT_EXPECT_TRUE(test, res.started);
	KUNIT_EXPECT_EQ(test, res.err, 0);
	KUNIT_EXPECT_EQ(test, res.failed_phase, -1);
	KUNIT_EXPECT_EQ(test, res.failed_cpu, -1);
	KUNIT_EXPECT_FALSE(test, res.ponr_crossed);
	/* The late CPU spun 100 ms inside phase 0, by the engine's clock. */
	KUNIT_EXPECT_EQ(test, res.phase[0].slowest_cpu, log->late_cpu);
	KUNIT_EXPECT_GE(test, res.phase[0].slowest_ns, 100 * NSEC_PER_MSEC);
	KUNIT_EXPECT_GE(test, res.blackout_ns, res.phase[0].slowest_ns);
	/* The stopped section lies within the call, by the same clock. */
	KUNIT_EXPECT_LE(test, res.blackout_ns, t1 - t0);
	for (p = 1; p < NR_TEST_PHASES; p++)
		KUNIT_EXPECT_GE(test, res.phase[p].slowest_cpu, 0);
	for (; p < SEAM_PLAN_MAX_PHASES; p++)
		KUNIT_EXPECT_EQ(test, res.phase[p].slowest_cpu, -1);

	KUNIT_EXPECT_EQ(test, log->finished, 1);
	KUNIT_EXPECT_EQ(test, log->finished_err, 0);
	KUNIT_EXPECT_TRUE(test, log->finished_unlocked);
}

static int refuse_preflight(void *data)
{
	return -EPERM;
}

static const struct seam_plan refused_plan = {
	.name = "test-refused",
	.phases = each_phases, .nr_phases = NR_TEST_PHASES,
	.preflight = refuse_preflight,
};

static void seam_phase_client_preflight_refuses(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	struct seam_plan_result res;

	KUNIT_EXPECT_EQ(test, seam_run_plan(&refused_plan, log, &res), -EPERM);
	KUNIT_EXPECT_FALSE(test, res.started);
	KUNIT_EXPECT_EQ(test, total_runs(log), 0);
}

static void seam_phase_offline_cpu_refuses(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	int victim = cpumask_last(cpu_online_mask);
	struct seam_plan_result res;
	int err;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 CPUs");
	KUNIT_ASSERT_EQ(test, remove_cpu(victim), 0);
	err = seam_run_plan(&each_plan, log, &res);
	KUNIT_ASSERT_EQ(test, add_cpu(victim), 0);

	KUNIT_EXPECT_EQ(test, err, -EAGAIN);
	KUNIT_EXPECT_FALSE(test, res.started);
	KUNIT_EXPECT_EQ(test, total_runs(log), 0);
	KUNIT_EXPECT_EQ(test, log->finished, 0);
	/* Back online, the same plan runs. */
	KUNIT_EXPECT_EQ(test, seam_run_plan(&each_plan, log, NULL), 0);
}

/* Phase one is the point of no return. */
static const struct seam_phase ponr_phases[NR_TEST_PHASES] = {
	{ .name = "test:zero",  .scope = SEAM_SCOPE_EACH, .fn = phase0 },
	{ .name = "test:ponr",  .scope = SEAM_SCOPE_EACH, .fn = phase1, .ponr = true },
	{ .name = "test:two",   .scope = SEAM_SCOPE_EACH, .fn = phase2 },
	{ .name = "test:three", .scope = SEAM_SCOPE_EACH, .fn = phase3 },
};

static const struct seam_plan ponr_plan = {
	.name = "test-ponr",
	.phases = ponr_phases, .nr_phases = NR_TEST_PHASES,
};

struct slow_case {
	const char	*desc;
	unsigned int	phase;
};

static const struct slow_case slow_cases[] = {
	{ "before the point of no return", 0 },
	{ "in the point-of-no-return phase", 1 },
	{ "after the point of no return", 2 },
};

KUNIT_ARRAY_PARAM_DESC(slow, slow_cases, desc);

/*
 * A CPU far slower than the others, in any phase: they wait for it, the
 * run succeeds, and the phase's statistics name it.
 */
static void seam_phase_slow_cpu(struct kunit *test)
{
	const struct slow_case *c = test->param_value;
	struct phase_log *log = phase_log_alloc(test);
	struct seam_plan_result res;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 CPUs");
	log->late_cpu = cpumask_last(cpu_online_mask);
	log->late_phase = c->phase;
	log->late_us = TEST_LATE_US;
	KUNIT_EXPECT_EQ(test, seam_run_plan(&ponr_plan, log, &res), 0);
	KUNIT_EXPECT_EQ(test, res.failed_cpu, -1);
	KUNIT_EXPECT_EQ(test, res.phase[c->phase].slowest_cpu, log->late_cpu);
	KUNIT_EXPECT_GE(test, res.phase[c->phase].slowest_ns, TEST_LATE_US * NSEC_PER_USEC);
	KUNIT_EXPECT_EQ(test, total_runs(log), NR_TEST_PHASES * num_online_cpus());
}

/* The point of no return on the lead CPU alone, as an update's shutdown. */
static const struct seam_phase lead_ponr_phases[NR_TEST_PHASES] = {
	{ .name = "test:zero",  .scope = SEAM_SCOPE_EACH, .fn = phase0 },
	{ .name = "test:ponr",  .scope = SEAM_SCOPE_LEAD, .fn = phase1, .ponr = true },
	{ .name = "test:two",   .scope = SEAM_SCOPE_EACH, .fn = phase2 },
	{ .name = "test:three", .scope = SEAM_SCOPE_EACH, .fn = phase3 },
};

static const struct seam_plan lead_ponr_plan = {
	.name = "test-lead-ponr",
	.phases = lead_ponr_phases, .nr_phases = NR_TEST_PHASES,
};

/*
 * A point-of-no-return call that is slow and then fails changed nothing:
 * the run crossed no point of no return.
 */
static void seam_phase_slow_failed_ponr(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	struct seam_plan_result res;

	log->late_cpu = cpumask_first(cpu_online_mask);
	log->late_phase = 1;
	log->late_us = TEST_LATE_US;
	log->late_fails = true;
	KUNIT_EXPECT_EQ(test, seam_run_plan(&lead_ponr_plan, log, &res), -EIO);
	KUNIT_EXPECT_EQ(test, res.failed_phase, 1);
	KUNIT_EXPECT_EQ(test, res.failed_cpu, log->late_cpu);
	KUNIT_EXPECT_FALSE(test, res.ponr_crossed);
}

struct malformed_case {
	const char		*desc;
	struct seam_plan	plan;
};

static const struct seam_phase nameless_phase[] = {
	{ .scope = SEAM_SCOPE_EACH, .fn = phase0 },
};

static const struct seam_phase fnless_phase[] = {
	{ .name = "test:nofn", .scope = SEAM_SCOPE_EACH },
};

static const struct seam_phase bad_scope_phase[] = {
	{ .name = "test:scope", .scope = SEAM_SCOPE_EACH_PACKAGE + 1, .fn = phase0 },
};

static const struct seam_phase too_many_phases[SEAM_PLAN_MAX_PHASES + 1] = {
	[0 ... SEAM_PLAN_MAX_PHASES] = { .name = "test:many", .fn = phase0 },
};

static const struct malformed_case malformed_cases[] = {
	{ "no name", { .phases = each_phases, .nr_phases = 1 } },
	{ "no phases", { .name = "x", .nr_phases = 1 } },
	{ "zero phases", { .name = "x", .phases = each_phases } },
	{ "too many phases", { .name = "x",
			       .phases = too_many_phases,
			       .nr_phases = SEAM_PLAN_MAX_PHASES + 1 } },
	{ "nameless phase", { .name = "x",
			      .phases = nameless_phase, .nr_phases = 1 } },
	{ "phase without function", { .name = "x",
				      .phases = fnless_phase, .nr_phases = 1 } },
	{ "unknown scope", { .name = "x",
			     .phases = bad_scope_phase, .nr_phases = 1 } },
	{ "unknown runner", { .name = "x",
			      .phases = each_phases, .nr_phases = 1,
			      .runner = SEAM_RUNNER_PROCESS + 1 } },
};

KUNIT_ARRAY_PARAM_DESC(malformed, malformed_cases, desc);

/* The check a client's suite runs on its plans refuses each flaw, alone. */
static void seam_phase_malformed_plan(struct kunit *test)
{
	const struct malformed_case *c = test->param_value;

	KUNIT_EXPECT_FALSE(test, seam_plan_valid(&c->plan));
	KUNIT_EXPECT_TRUE(test, seam_plan_valid(&each_plan));
}

/* What the tracepoints reported during one run of each_plan. */
struct trace_seen {
	struct phase_log		*log;
	atomic_t			start;
	atomic_t			arrive;
	atomic_t			leave;
	atomic_t			phase_done[NR_TEST_PHASES];
	atomic_t			enter[NR_TEST_PHASES];
	atomic_t			exit[NR_TEST_PHASES];
	/* Events that fired where and when it happened: see below. */
	atomic_t			live;
	atomic_t			done;
	int				done_err;
	u64				done_blackout_ns;
};

/* How many phase functions ran on this CPU so far. */
static int runs_here(struct phase_log *log)
{
	int cpu = smp_processor_id(), n = 0;
	unsigned int p;

	for (p = 0; p < NR_TEST_PHASES; p++)
		n += runs(log, p, cpu);
	return n;
}

/*
 * An event from inside the stopped section is live when it fires with
 * interrupts off and this CPU has run exactly @ran phase functions.
 */
static void trace_seen_live(struct trace_seen *seen, int ran)
{
	if (irqs_disabled() && runs_here(seen->log) == ran)
		atomic_inc(&seen->live);
}

static void probe_start(void *data, const struct seam_plan *plan,
			unsigned int cpus, unsigned int ponr)
{
	struct trace_seen *seen = data;

	if (plan == &each_plan && cpus == num_online_cpus() && ponr == NR_TEST_PHASES)
		atomic_inc(&seen->start);
}

static void probe_arrive(void *data, const struct seam_plan *plan)
{
	struct trace_seen *seen = data;

	if (plan != &each_plan)
		return;
	atomic_inc(&seen->arrive);
	trace_seen_live(seen, 0);
}

static void probe_leave(void *data, const struct seam_plan *plan)
{
	struct trace_seen *seen = data;

	if (plan != &each_plan)
		return;
	atomic_inc(&seen->leave);
	trace_seen_live(seen, NR_TEST_PHASES);
}

static void probe_phase_done(void *data, const struct seam_plan *plan,
			     unsigned int phase, const struct seam_phase_stat *st)
{
	struct trace_seen *seen = data;

	if (plan == &each_plan && phase < NR_TEST_PHASES && !irqs_disabled() &&
	    st->cpus == num_online_cpus() && st->slowest_cpu >= 0)
		atomic_inc(&seen->phase_done[phase]);
}

static void probe_enter(void *data, const struct seam_plan *plan,
			unsigned int phase)
{
	struct trace_seen *seen = data;

	if (plan != &each_plan || phase >= NR_TEST_PHASES)
		return;
	atomic_inc(&seen->enter[phase]);
	trace_seen_live(seen, phase);
}

static void probe_exit(void *data, const struct seam_plan *plan,
		       unsigned int phase, int err)
{
	struct trace_seen *seen = data;

	if (plan != &each_plan || phase >= NR_TEST_PHASES || err)
		return;
	atomic_inc(&seen->exit[phase]);
	trace_seen_live(seen, phase + 1);
}

static void probe_done(void *data, const struct seam_plan *plan,
		       const struct seam_plan_result *res)
{
	struct trace_seen *seen = data;

	if (plan != &each_plan)
		return;
	atomic_inc(&seen->done);
	seen->done_err = res->err;
	seen->done_blackout_ns = res->blackout_ns;
}

/*
 * The events fire live, on each CPU in the stopped section, between the
 * phase functions they report: one start, one arrival and one leaving per
 * CPU, one enter and exit per phase and CPU; then, once the CPUs run
 * again, one summary per phase and the end.
 */
static void seam_phase_tracepoints(struct kunit *test)
{
	struct phase_log *log = phase_log_alloc(test);
	struct trace_seen *seen = kunit_kzalloc(test, sizeof(*seen), GFP_KERNEL);
	unsigned int p, cpus = num_online_cpus();
	struct seam_plan_result res;
	int err;

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "needs CONFIG_TRACEPOINTS");
	KUNIT_ASSERT_NOT_NULL(test, seen);
	seen->log = log;
	KUNIT_ASSERT_EQ(test, register_trace_seam_plan_start(probe_start, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_seam_stop_arrive(probe_arrive, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_seam_stop_leave(probe_leave, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_seam_phase_enter(probe_enter, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_seam_phase_exit(probe_exit, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_seam_phase_done(probe_phase_done, seen), 0);
	KUNIT_ASSERT_EQ(test, register_trace_seam_plan_done(probe_done, seen), 0);
	err = seam_run_plan(&each_plan, log, &res);
	unregister_trace_seam_plan_done(probe_done, seen);
	unregister_trace_seam_phase_done(probe_phase_done, seen);
	unregister_trace_seam_phase_exit(probe_exit, seen);
	unregister_trace_seam_phase_enter(probe_enter, seen);
	unregister_trace_seam_stop_leave(probe_leave, seen);
	unregister_trace_seam_stop_arrive(probe_arrive, seen);
	unregister_trace_seam_plan_start(probe_start, seen);
	tracepoint_synchronize_unregister();

	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&seen->start), 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&seen->arrive), cpus);
	KUNIT_EXPECT_EQ(test, atomic_read(&seen->leave), cpus);
	for (p = 0; p < NR_TEST_PHASES; p++) {
		KUNIT_EXPECT_EQ(test, atomic_read(&seen->enter[p]), cpus);
		KUNIT_EXPECT_EQ(test, atomic_read(&seen->exit[p]), cpus);
		KUNIT_EXPECT_EQ(test, atomic_read(&seen->phase_done[p]), 1);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&seen->live), (2 + 2 * NR_TEST_PHASES) * cpus);
	KUNIT_EXPECT_EQ(test, atomic_read(&seen->done), 1);
	KUNIT_EXPECT_EQ(test, seen->done_err, 0);
	KUNIT_EXPECT_EQ(test, seen->done_blackout_ns, res.blackout_ns);
}

static struct kunit_case seam_phase_cases[] = {
	KUNIT_CASE(seam_phase_lockstep),
	KUNIT_CASE(seam_phase_each_once_per_cpu),
	KUNIT_CASE(seam_phase_lead_once),
	KUNIT_CASE(seam_phase_serial_never_overlaps),
	KUNIT_CASE(seam_phase_result_statistics),
	KUNIT_CASE(seam_phase_client_preflight_refuses),
	KUNIT_CASE(seam_phase_offline_cpu_refuses),
	KUNIT_CASE_PARAM(seam_phase_slow_cpu, slow_gen_params),
	KUNIT_CASE(seam_phase_slow_failed_ponr),
	KUNIT_CASE_PARAM(seam_phase_malformed_plan, malformed_gen_params),
	KUNIT_CASE(seam_phase_tracepoints),
	{}
};

static struct kunit_suite seam_phase_suite = {
	.name = "seam_phase",
	.test_cases = seam_phase_cases,
};

kunit_test_suite(seam_phase_suite);
