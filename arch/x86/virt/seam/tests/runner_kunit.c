// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for what the module's initialisation needs of the phase
 * engine, under both runners: the process runner's context, the package
 * scope, resumable calls, entropy retries in a package phase, and plans
 * that run on the online CPUs.
 *
 * The package tests need CPUs in two packages; the harness and the QEMU
 * description tools/testing/kunit/qemu_configs/x86_64_smp.py give 4 CPUs
 * in 2 sockets.
 */

#include <kunit/test.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/irqflags.h>
#include <linux/sizes.h>
#include <linux/topology.h>
#include <linux/seam/leaf.h>
#include <linux/seam/plan.h>
#include <linux/seam/status.h>

#include "../seam-internal.h"
#include "seam_mock.h"

#define RUNNER_STATUS	0xC000050800000000ULL
#define RUNNER_ERRNO	(-EPROTO)
/* A TDMR of 64 chunks, initialised a chunk per call as TDH.SYS.TDMR.INIT. */
#define CHUNK_SIZE	0x1000
#define NR_CHUNKS	64

enum {
	RUNNER_EACH,
	RUNNER_KEY,
	RUNNER_CHUNK,
	RUNNER_LEAD,
	RUNNER_NR,
};

static const struct seam_errmap_entry runner_entries[] = {
	SEAM_ERRMAP_CLASS(RUNNER_STATUS, RUNNER_ERRNO),
};

static const struct seam_errmap runner_map = {
	.entries	= runner_entries,
	.nr		= ARRAY_SIZE(runner_entries),
};

static const struct seam_leaf runner_leaves[RUNNER_NR] = {
	[RUNNER_EACH]  = { .name = "test.each", .fn = 60,
			   .target = SEAM_TARGET_MODULE, .errmap = &runner_map },
	[RUNNER_KEY]   = { .name = "test.key", .fn = 61,
			   .target = SEAM_TARGET_MODULE, .errmap = &runner_map,
			   .flags = SEAM_LEAF_RETRY_ENTROPY },
	[RUNNER_CHUNK] = { .name = "test.chunk", .fn = 62,
			   .target = SEAM_TARGET_MODULE, .errmap = &runner_map,
			   .flags = SEAM_LEAF_OUTPUT },
	[RUNNER_LEAD]  = { .name = "test.lead", .fn = 63,
			   .target = SEAM_TARGET_MODULE, .errmap = &runner_map },
};

/* Where the phase functions ran, and in what context. */
struct runner_log {
	atomic_t	ran[NR_CPUS];
	atomic_t	irqs_off;
	atomic_t	slept;
	u64		tdmr_base;
	u64		next;
};

static int runner_call(unsigned int idx)
{
	struct tdx_module_args args = {};

	return seam_call(&runner_leaves[idx], &args, NULL);
}

/* Sleeps where the runner allows it. */
static int runner_each(void *data)
{
	struct runner_log *log = data;

	atomic_inc(&log->ran[raw_smp_processor_id()]);
	if (irqs_disabled()) {
		atomic_inc(&log->irqs_off);
	} else {
		usleep_range(100, 200);
		atomic_inc(&log->slept);
	}
	return runner_call(RUNNER_EACH);
}

static int runner_key(void *data) { return runner_call(RUNNER_KEY); }
static int runner_lead(void *data) { return runner_call(RUNNER_LEAD); }

/*
 * As 6.12's init_tdmr(): the same TDMR base in every call, the module
 * answers in RDX where the next call will go on, until the TDMR's end.
 */
static int runner_chunk(void *data)
{
	struct runner_log *log = data;
	struct tdx_module_args args = { .rcx = log->tdmr_base };
	int err;

	err = seam_call(&runner_leaves[RUNNER_CHUNK], &args, NULL);
	if (err)
		return err;
	log->next = args.rdx;
	return log->next < log->tdmr_base + NR_CHUNKS * CHUNK_SIZE ? SEAM_PHASE_AGAIN : 0;
}

/* The mock's firmware side of runner_chunk(): one chunk per call. */
static u64 runner_chunk_answer(const struct seam_leaf *leaf,
			       struct tdx_module_args *args, void *data)
{
	u64 *done = data;

	if (leaf != &runner_leaves[RUNNER_CHUNK])
		return TDX_SUCCESS;
	*done += CHUNK_SIZE;
	args->rdx = args->rcx + *done;
	return TDX_SUCCESS;
}

enum { PHASE_EACH, PHASE_KEY, PHASE_CHUNK, PHASE_LEAD, NR_PHASES };

/* The shape of the module's initialisation, in short. */
static const struct seam_phase runner_phases[NR_PHASES] = {
	[PHASE_EACH]  = { .name = "test:each", .scope = SEAM_SCOPE_EACH, .fn = runner_each },
	[PHASE_KEY]   = { .name = "test:key", .scope = SEAM_SCOPE_EACH_PACKAGE,
			  .fn = runner_key },
	[PHASE_CHUNK] = { .name = "test:chunk", .scope = SEAM_SCOPE_LEAD, .fn = runner_chunk },
	[PHASE_LEAD]  = { .name = "test:lead", .scope = SEAM_SCOPE_LEAD, .fn = runner_lead },
};

static const struct seam_plan runner_plan = {
	.name = "test-runner",
	.phases = runner_phases, .nr_phases = NR_PHASES,
};

static const enum seam_runner runners[] = {
	SEAM_RUNNER_STOPPED,
	SEAM_RUNNER_PROCESS,
};

static void runner_desc(const enum seam_runner *runner, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s runner",
		 *runner == SEAM_RUNNER_PROCESS ? "process" : "stopped");
}

KUNIT_ARRAY_PARAM(runner, runners, runner_desc);

struct runner_test {
	struct seam_plan	plan;
	struct seam_mock	*mock;
	struct runner_log	*log;
	u64			done;
};

static struct runner_test *runner_setup(struct kunit *test)
{
	struct runner_test *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->log = kunit_kzalloc(test, sizeof(*t->log), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->log);
	t->log->tdmr_base = SZ_1G;
	t->plan = runner_plan;
	t->plan.runner = *(const enum seam_runner *)test->param_value;
	t->mock = seam_mock_install(test, runner_leaves, RUNNER_NR);
	t->mock->answer = runner_chunk_answer;
	t->mock->answer_data = &t->done;
	return t;
}

static bool leads_package(int cpu)
{
	return cpu == cpumask_first_and(topology_core_cpumask(cpu), cpu_online_mask);
}

static unsigned int online_packages(void)
{
	unsigned int n = 0;
	int cpu;

	for_each_online_cpu(cpu)
		n += leads_package(cpu);
	return n;
}

static int runner_test_init(struct kunit *test)
{
	return seam_leaves_valid(runner_leaves, RUNNER_NR) ? 0 : -EINVAL;
}

/*
 * Every phase runs where its scope says, on the CPU it runs for, with
 * interrupts off under the stopped runner and asleep at will under the
 * process runner.
 */
static void seam_runner_runs_each_phase(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	bool process = t->plan.runner == SEAM_RUNNER_PROCESS;
	int lead = cpumask_first(cpu_online_mask), cpu;
	unsigned int n = num_online_cpus();
	struct seam_plan_result res;

	KUNIT_ASSERT_EQ(test, seam_run_plan(&t->plan, t->log, &res), 0);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, atomic_read(&t->log->ran[cpu]), 1);
		KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_EACH], cpu),
				1);
		KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_KEY], cpu),
				leads_package(cpu) ? 1 : 0);
		KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_LEAD], cpu),
				cpu == lead ? 1 : 0);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&t->log->irqs_off), process ? 0 : n);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->log->slept), process ? n : 0);
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_EACH].cpus, n);
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_KEY].cpus, online_packages());
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_LEAD].cpus, 1);
	/* Only the stopped runner stops anything. */
	if (process)
		KUNIT_EXPECT_EQ(test, res.blackout_ns, 0);
	else
		KUNIT_EXPECT_GT(test, res.blackout_ns, 0);
}

/*
 * A package phase runs on one CPU per package, and never on two at a time:
 * with every call held 2 ms, a parallel phase would overlap.
 */
static void seam_runner_package_scope(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	unsigned int leads = 0;
	int cpu;

	if (online_packages() < 2)
		kunit_skip(test, "needs CPUs in 2 packages (-smp 4,sockets=2)");
	t->plan.phases = &runner_phases[PHASE_KEY];
	t->plan.nr_phases = 1;
	t->mock->hold_us = 2000;
	KUNIT_ASSERT_EQ(test, seam_run_plan(&t->plan, t->log, NULL), 0);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_KEY], cpu),
				leads_package(cpu) ? 1 : 0);
		leads += leads_package(cpu);
	}
	KUNIT_EXPECT_GE(test, leads, 2);
	KUNIT_EXPECT_EQ(test, atomic_read(&t->mock->overlaps), 0);
}

/*
 * A failure in the first package's turn: the next package's never comes.
 * Every package lead fails, so whichever has the first turn does: in CPU
 * order in process context, in arrival order under stop_machine.
 */
static void seam_runner_package_failure(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	struct seam_plan_result res;

	if (online_packages() < 2)
		kunit_skip(test, "needs CPUs in 2 packages (-smp 4,sockets=2)");
	seam_mock_rule(t->mock, &runner_leaves[RUNNER_KEY], SEAM_MOCK_ANY_CPU, 0,
		       RUNNER_STATUS, 0);
	KUNIT_EXPECT_EQ(test, seam_run_plan(&t->plan, t->log, &res), RUNNER_ERRNO);
	KUNIT_EXPECT_EQ(test, res.failed_phase, PHASE_KEY);
	KUNIT_EXPECT_TRUE(test, leads_package(res.failed_cpu));
	if (t->plan.runner == SEAM_RUNNER_PROCESS)
		KUNIT_EXPECT_EQ(test, res.failed_cpu, cpumask_first(cpu_online_mask));
	KUNIT_EXPECT_EQ(test, res.status, RUNNER_STATUS);
	KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_KEY],
					      SEAM_MOCK_ANY_CPU), 1);
	KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_CHUNK],
					      SEAM_MOCK_ANY_CPU), 0);
}

/*
 * RND_NO_ENTROPY in a package phase is retried on the same CPU, and after
 * SEAM_ENTROPY_RETRIES tries the phase fails as -EAGAIN.
 */
static void seam_runner_key_entropy(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	struct seam_plan_result res;
	int cpu;

	seam_mock_rule(t->mock, &runner_leaves[RUNNER_KEY], SEAM_MOCK_ANY_CPU, 1,
		       TDX_RND_NO_ENTROPY, 0);
	seam_mock_rule(t->mock, &runner_leaves[RUNNER_KEY], SEAM_MOCK_ANY_CPU, 2,
		       TDX_RND_NO_ENTROPY, 0);
	KUNIT_ASSERT_EQ(test, seam_run_plan(&t->plan, t->log, NULL), 0);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_KEY], cpu),
				leads_package(cpu) ? 3 : 0);

	t = runner_setup(test);
	seam_mock_rule(t->mock, &runner_leaves[RUNNER_KEY], SEAM_MOCK_ANY_CPU, 0,
		       TDX_RND_NO_ENTROPY, 0);
	KUNIT_EXPECT_EQ(test, seam_run_plan(&t->plan, t->log, &res), -EAGAIN);
	KUNIT_EXPECT_EQ(test, res.failed_phase, PHASE_KEY);
	KUNIT_EXPECT_EQ(test, res.status, TDX_RND_NO_ENTROPY);
	KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_KEY],
					      SEAM_MOCK_ANY_CPU), SEAM_ENTROPY_RETRIES);
}

/* A resumable call is called again until it is done, then the plan goes on. */
static void seam_runner_resumable(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	struct seam_plan_result res;

	KUNIT_ASSERT_EQ(test, seam_run_plan(&t->plan, t->log, &res), 0);
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_CHUNK].calls, NR_CHUNKS);
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_CHUNK].cpus, 1);
	KUNIT_EXPECT_EQ(test, t->log->next, t->log->tdmr_base + NR_CHUNKS * CHUNK_SIZE);
	KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_LEAD],
					      SEAM_MOCK_ANY_CPU), 1);
}

/* A failure in the middle of a resumable call ends it and the plan there. */
static void seam_runner_resumable_failure(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	int lead = cpumask_first(cpu_online_mask);
	struct seam_plan_result res;

	seam_mock_rule(t->mock, &runner_leaves[RUNNER_CHUNK], lead, NR_CHUNKS / 2,
		       RUNNER_STATUS, 0);
	KUNIT_EXPECT_EQ(test, seam_run_plan(&t->plan, t->log, &res), RUNNER_ERRNO);
	KUNIT_EXPECT_EQ(test, res.failed_phase, PHASE_CHUNK);
	KUNIT_EXPECT_EQ(test, res.failed_cpu, lead);
	KUNIT_EXPECT_PTR_EQ(test, res.leaf, &runner_leaves[RUNNER_CHUNK]);
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_CHUNK].calls, NR_CHUNKS / 2);
	/* The chunks before the failure were done, and no more. */
	KUNIT_EXPECT_EQ(test, t->log->next,
			t->log->tdmr_base + (NR_CHUNKS / 2 - 1) * CHUNK_SIZE);
	KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_LEAD],
					      SEAM_MOCK_ANY_CPU), 0);
}

/*
 * With a CPU offline, a plan that needs every present CPU is refused with
 * nothing run; one that runs on the online CPUs runs without it.
 */
static void seam_runner_online_cpus(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	int victim = cpumask_last(cpu_online_mask), cpu, refused, ran;
	struct seam_plan_result res;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 CPUs");
	KUNIT_ASSERT_EQ(test, remove_cpu(victim), 0);
	refused = seam_run_plan(&t->plan, t->log, NULL);
	t->plan.flags |= SEAM_PLAN_ONLINE_CPUS;
	ran = seam_run_plan(&t->plan, t->log, &res);
	KUNIT_ASSERT_EQ(test, add_cpu(victim), 0);

	KUNIT_EXPECT_EQ(test, refused, -EAGAIN);
	KUNIT_EXPECT_EQ(test, ran, 0);
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_EACH].cpus, num_online_cpus() - 1);
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, seam_mock_count(t->mock, &runner_leaves[RUNNER_EACH], cpu),
				cpu == victim ? 0 : 1);
}

/*
 * tdx_enable()'s callers hold the CPU hotplug lock: the plan runs under it
 * as it runs without it, and takes it no second time (lockdep would see
 * the recursion on a debug kernel).
 */
static void seam_runner_cpuslocked(struct kunit *test)
{
	struct runner_test *t = runner_setup(test);
	struct seam_plan_result res;
	int err, cpu;

	scoped_guard(cpus_read_lock)
		err = seam_run_plan_cpuslocked(&t->plan, t->log, &res);

	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, res.err, 0);
	KUNIT_EXPECT_EQ(test, res.phase[PHASE_EACH].cpus, num_online_cpus());
	for_each_online_cpu(cpu)
		KUNIT_EXPECT_EQ(test, atomic_read(&t->log->ran[cpu]), 1);
}

static struct kunit_case seam_runner_cases[] = {
	KUNIT_CASE_PARAM(seam_runner_runs_each_phase, runner_gen_params),
	KUNIT_CASE_PARAM(seam_runner_package_scope, runner_gen_params),
	KUNIT_CASE_PARAM(seam_runner_package_failure, runner_gen_params),
	KUNIT_CASE_PARAM(seam_runner_key_entropy, runner_gen_params),
	KUNIT_CASE_PARAM(seam_runner_resumable, runner_gen_params),
	KUNIT_CASE_PARAM(seam_runner_resumable_failure, runner_gen_params),
	KUNIT_CASE_PARAM(seam_runner_online_cpus, runner_gen_params),
	KUNIT_CASE_PARAM(seam_runner_cpuslocked, runner_gen_params),
	{}
};

static struct kunit_suite seam_runner_suite = {
	.name = "seam_runner",
	.init = runner_test_init,
	.test_cases = seam_runner_cases,
};

kunit_test_suite(seam_runner_suite);
