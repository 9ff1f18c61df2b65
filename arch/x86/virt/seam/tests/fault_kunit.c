// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit fault matrix for the phase engine: every phase fails on the lead
 * CPU, on another CPU, and on the CPU that arrives last, through a SEAM
 * status scripted into the mock, under both runners.
 */

#include <kunit/test.h>
#include <linux/cpumask.h>
#include <linux/seam/leaf.h>
#include <linux/seam/plan.h>
#include <linux/seam/status.h>

#include "../seam-internal.h"
#include "seam_mock.h"

#define FAULT_STATUS	0xC000050800000000ULL
#define FAULT_ERRNO	(-EPROTO)
#define LATE_US		3000

/* An update-shaped plan: a successful shutdown is the point of no return. */
enum {
	FAULT_SHUTDOWN,
	FAULT_INSTALL,
	FAULT_INIT,
	FAULT_UPDATE,
	FAULT_NR,
};

static const struct seam_errmap_entry fault_entries[] = {
	SEAM_ERRMAP_CLASS(FAULT_STATUS, FAULT_ERRNO),
};

static const struct seam_errmap fault_map = {
	.entries	= fault_entries,
	.nr		= ARRAY_SIZE(fault_entries),
};

static const struct seam_leaf fault_leaves[FAULT_NR] = {
	[FAULT_SHUTDOWN] = { .name = "test.shutdown", .fn = 52,
			     .target = SEAM_TARGET_MODULE, .errmap = &fault_map },
	[FAULT_INSTALL]	 = { .name = "test.install", .fn = SEAM_LEAF_SEAMLDR_BIT | 1,
			     .target = SEAM_TARGET_SEAMLDR,
			     .flags = SEAM_LEAF_SERIALIZED, .errmap = &fault_map },
	[FAULT_INIT]	 = { .name = "test.init", .fn = 35,
			     .target = SEAM_TARGET_MODULE, .errmap = &fault_map },
	[FAULT_UPDATE]	 = { .name = "test.update", .fn = 53,
			     .target = SEAM_TARGET_MODULE, .errmap = &fault_map },
};

static int fault_call(unsigned int idx)
{
	struct tdx_module_args args = {};

	return seam_call(&fault_leaves[idx], &args, NULL);
}

static int fault_shutdown(void *data) { return fault_call(FAULT_SHUTDOWN); }
static int fault_install(void *data) { return fault_call(FAULT_INSTALL); }
static int fault_init(void *data) { return fault_call(FAULT_INIT); }
static int fault_update(void *data) { return fault_call(FAULT_UPDATE); }

static const struct seam_phase fault_phases[FAULT_NR] = {
	[FAULT_SHUTDOWN] = { .name = "test:shutdown", .scope = SEAM_SCOPE_LEAD,
			     .fn = fault_shutdown, .ponr = true },
	[FAULT_INSTALL]	 = { .name = "test:install", .scope = SEAM_SCOPE_EACH_SERIAL,
			     .fn = fault_install },
	[FAULT_INIT]	 = { .name = "test:init", .scope = SEAM_SCOPE_EACH,
			     .fn = fault_init },
	[FAULT_UPDATE]	 = { .name = "test:update", .scope = SEAM_SCOPE_LEAD,
			     .fn = fault_update },
};

static const struct seam_plan fault_plan = {
	.name = "test-fault",
	.phases = fault_phases, .nr_phases = FAULT_NR,
};

enum victim { VICTIM_LEAD, VICTIM_OTHER, VICTIM_LAST };

struct fault_case {
	const char	*desc;
	unsigned int	phase;
	enum victim	victim;
	bool		late;
};

static const struct fault_case fault_cases[] = {
	{ "shutdown, lead CPU", FAULT_SHUTDOWN, VICTIM_LEAD, false },
	{ "shutdown, lead CPU arriving last", FAULT_SHUTDOWN, VICTIM_LEAD, true },
	{ "install, lead CPU", FAULT_INSTALL, VICTIM_LEAD, false },
	{ "install, another CPU", FAULT_INSTALL, VICTIM_OTHER, false },
	{ "install, CPU arriving last", FAULT_INSTALL, VICTIM_LAST, true },
	{ "init, lead CPU", FAULT_INIT, VICTIM_LEAD, false },
	{ "init, another CPU", FAULT_INIT, VICTIM_OTHER, false },
	{ "init, CPU arriving last", FAULT_INIT, VICTIM_LAST, true },
	{ "update, lead CPU", FAULT_UPDATE, VICTIM_LEAD, false },
	{ "update, lead CPU arriving last", FAULT_UPDATE, VICTIM_LEAD, true },
};

/* Each case, under each runner. */
struct fault_param {
	const struct fault_case	*c;
	enum seam_runner	runner;
};

static const char * const runner_names[] = {
	[SEAM_RUNNER_STOPPED]	= "stopped",
	[SEAM_RUNNER_PROCESS]	= "process",
};

static const void *fault_gen_params(struct kunit *test, const void *prev, char *desc)
{
	static struct fault_param params[ARRAY_SIZE(runner_names) * ARRAY_SIZE(fault_cases)];
	const struct fault_param *p = prev ? (const struct fault_param *)prev + 1 : params;
	unsigned int i = p - params;

	if (i >= ARRAY_SIZE(params))
		return NULL;
	params[i].c = &fault_cases[i % ARRAY_SIZE(fault_cases)];
	params[i].runner = i / ARRAY_SIZE(fault_cases);
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s runner: %s",
		 runner_names[params[i].runner], params[i].c->desc);
	return &params[i];
}

static int victim_cpu(enum victim v)
{
	int lead = cpumask_first(cpu_online_mask);

	switch (v) {
	case VICTIM_OTHER:
		return cpumask_next(lead, cpu_online_mask);
	case VICTIM_LAST:
		return cpumask_last(cpu_online_mask);
	default:
		return lead;
	}
}

static int fault_test_init(struct kunit *test)
{
	return seam_leaves_valid(fault_leaves, FAULT_NR) ? 0 : -EINVAL;
}

static void seam_plan_fault_matrix(struct kunit *test)
{
	const struct fault_param *param = test->param_value;
	const struct fault_case *c = param->c;
	struct seam_plan plan = fault_plan;
	struct seam_mock *mock;
	struct seam_plan_result res;
	unsigned int p, calls;
	int victim, cpu;

	if (num_online_cpus() < 3)
		kunit_skip(test, "needs at least 3 CPUs");
	mock = seam_mock_install(test, fault_leaves, FAULT_NR);
	victim = victim_cpu(c->victim);
	seam_mock_rule(mock, &fault_leaves[c->phase], victim, 0, FAULT_STATUS,
		       c->late ? LATE_US : 0);

	plan.runner = param->runner;
	KUNIT_EXPECT_EQ(test, seam_run_plan(&plan, NULL, &res), FAULT_ERRNO);
	KUNIT_EXPECT_EQ(test, res.failed_phase, c->phase);
	KUNIT_EXPECT_EQ(test, res.failed_cpu, victim);
	KUNIT_EXPECT_EQ(test, res.status, FAULT_STATUS);
	KUNIT_EXPECT_PTR_EQ(test, res.leaf, &fault_leaves[c->phase]);

	/* The failed phase ran on the victim; no later phase ran anywhere. */
	KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &fault_leaves[c->phase], victim), 1);
	for (p = c->phase + 1; p < FAULT_NR; p++)
		KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &fault_leaves[p],
						      SEAM_MOCK_ANY_CPU), 0);
	/*
	 * In a serial phase no CPU had two turns; in process context, which
	 * goes in CPU order, the CPUs after the victim had none.
	 */
	if (fault_phases[c->phase].scope == SEAM_SCOPE_EACH_SERIAL) {
		for_each_online_cpu(cpu) {
			calls = seam_mock_count(mock, &fault_leaves[c->phase], cpu);
			if (param->runner == SEAM_RUNNER_PROCESS)
				KUNIT_EXPECT_EQ(test, calls, cpu <= victim ? 1U : 0U);
			else
				KUNIT_EXPECT_LE(test, calls, 1U);
		}
	}

	KUNIT_EXPECT_EQ(test, res.ponr_crossed, c->phase >= FAULT_INSTALL);
}

static const enum seam_runner fault_runners[] = {
	SEAM_RUNNER_STOPPED,
	SEAM_RUNNER_PROCESS,
};

static void fault_runner_desc(const enum seam_runner *runner, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s runner", runner_names[*runner]);
}

KUNIT_ARRAY_PARAM(fault_runner, fault_runners, fault_runner_desc);

/* Without a fault, each leaf is called exactly where its scope says. */
static void seam_plan_fault_none(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, fault_leaves, FAULT_NR);
	int lead = cpumask_first(cpu_online_mask), cpu;
	struct seam_plan plan = fault_plan;
	struct seam_plan_result res;

	plan.runner = *(const enum seam_runner *)test->param_value;
	KUNIT_EXPECT_EQ(test, seam_run_plan(&plan, NULL, &res), 0);
	KUNIT_EXPECT_TRUE(test, res.ponr_crossed);
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &fault_leaves[FAULT_SHUTDOWN], cpu),
				cpu == lead ? 1 : 0);
		KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &fault_leaves[FAULT_INSTALL], cpu), 1);
		KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &fault_leaves[FAULT_INIT], cpu), 1);
		KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &fault_leaves[FAULT_UPDATE], cpu),
				cpu == lead ? 1 : 0);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&mock->serial_overlaps), 0);
}

/*
 * The last LP's SEAMLDR.INSTALL does all of P-SEAMLDR's work while the
 * others wait.  However slow, after the PONR, it is waited for: the run
 * succeeds, TDH.SYS.UPDATE runs, and the statistics
 * name the slow CPU.
 */
static void seam_plan_fault_slow_after_ponr(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, fault_leaves, FAULT_NR);
	int victim = cpumask_last(cpu_online_mask);
	struct seam_plan_result res;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 CPUs");
	seam_mock_rule(mock, &fault_leaves[FAULT_INSTALL], victim, 0, TDX_SUCCESS,
		       200 * USEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, seam_run_plan(&fault_plan, NULL, &res), 0);
	KUNIT_EXPECT_EQ(test, res.phase[FAULT_INSTALL].slowest_cpu, victim);
	KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &fault_leaves[FAULT_UPDATE],
					      SEAM_MOCK_ANY_CPU), 1);
}

static struct kunit_case seam_plan_fault_cases[] = {
	KUNIT_CASE_PARAM(seam_plan_fault_matrix, fault_gen_params),
	KUNIT_CASE_PARAM(seam_plan_fault_none, fault_runner_gen_params),
	KUNIT_CASE(seam_plan_fault_slow_after_ponr),
	{}
};

static struct kunit_suite seam_plan_fault_suite = {
	.name = "seam_plan_fault",
	.init = fault_test_init,
	.test_cases = seam_plan_fault_cases,
};

kunit_test_suite(seam_plan_fault_suite);
