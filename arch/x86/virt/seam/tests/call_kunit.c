// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for seam_call(): registration, dispatch, retries and the
 * serialization of P-SEAMLDR leafs.
 */

#include <kunit/test.h>
#include <linux/delay.h>
#include <linux/smp.h>
#include <linux/seam/leaf.h>
#include <linux/seam/status.h>

#include <trace/events/seam.h>

#include "../seam-internal.h"
#include "seam_mock.h"

#define TEST_BUSY		0x8000020200000000ULL
#define TEST_LDR_EBADCALL	0x8000000000000003ULL
#define HAMMER_CALLS		200

enum {
	CALL_MOD,
	CALL_MOD_RETRY,
	CALL_MOD_OUTPUT,
	CALL_LDR,
	CALL_NR,
};

static const struct seam_errmap_entry call_mod_entries[] = {
	SEAM_ERRMAP_CLASS(TEST_BUSY, -EBUSY),
};

static const struct seam_errmap call_mod_map = {
	.entries	= call_mod_entries,
	.nr		= ARRAY_SIZE(call_mod_entries),
};

static const struct seam_errmap_entry call_ldr_entries[] = {
	SEAM_ERRMAP_EXACT(TEST_LDR_EBADCALL, -ENOSPC),
};

static const struct seam_errmap call_ldr_map = {
	.entries	= call_ldr_entries,
	.nr		= ARRAY_SIZE(call_ldr_entries),
};

static const struct seam_leaf call_leaves[CALL_NR] = {
	[CALL_MOD] = {
		.name = "test.mod", .fn = 34, .target = SEAM_TARGET_MODULE,
		.errmap = &call_mod_map,
	},
	[CALL_MOD_RETRY] = {
		.name = "test.mod.retry", .fn = 35, .target = SEAM_TARGET_MODULE,
		.flags = SEAM_LEAF_RETRY_ENTROPY,
	},
	[CALL_MOD_OUTPUT] = {
		.name = "test.mod.output", .fn = 36, .target = SEAM_TARGET_MODULE,
		.flags = SEAM_LEAF_RETRY_ENTROPY | SEAM_LEAF_OUTPUT,
	},
	[CALL_LDR] = {
		.name = "test.ldr", .fn = SEAM_LEAF_SEAMLDR_BIT | 1,
		.target = SEAM_TARGET_SEAMLDR, .flags = SEAM_LEAF_SERIALIZED,
		.errmap = &call_ldr_map,
	},
};

static int seam_call_init(struct kunit *test)
{
	return seam_leaves_valid(call_leaves, CALL_NR) ? 0 : -EINVAL;
}

static void seam_call_dispatch(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);
	struct tdx_module_args args = {};
	u64 status = ~0ULL;

	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_MOD], &args, &status), 0);
	KUNIT_EXPECT_EQ(test, status, TDX_SUCCESS);
	KUNIT_ASSERT_EQ(test, atomic_read(&mock->nr_calls), 1);
	KUNIT_EXPECT_PTR_EQ(test, mock->calls[0].leaf, &call_leaves[CALL_MOD]);
	KUNIT_EXPECT_FALSE(test, seam_platform_is_real());
}

static void seam_call_maps_status(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);
	struct tdx_module_args args = {};
	u64 status;

	seam_mock_rule(mock, &call_leaves[CALL_MOD], SEAM_MOCK_ANY_CPU, 0, TEST_BUSY | 8, 0);
	seam_mock_rule(mock, &call_leaves[CALL_LDR], SEAM_MOCK_ANY_CPU, 0, TEST_LDR_EBADCALL, 0);

	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_MOD], &args, &status), -EBUSY);
	KUNIT_EXPECT_EQ(test, status, TEST_BUSY | 8);
	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_LDR], &args, &status), -ENOSPC);
	KUNIT_EXPECT_EQ(test, status, TEST_LDR_EBADCALL);
	/* The same P-SEAMLDR code means nothing to a leaf without the mapping. */
	seam_mock_rule(mock, &call_leaves[CALL_MOD_RETRY], SEAM_MOCK_ANY_CPU, 0,
		       TEST_LDR_EBADCALL, 0);
	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_MOD_RETRY], &args, NULL), -EIO);
}

static void seam_call_entropy_retry_bounded(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);
	const struct seam_leaf *leaf = &call_leaves[CALL_MOD_RETRY];
	struct tdx_module_args args = {};
	u64 status;

	seam_mock_rule(mock, leaf, SEAM_MOCK_ANY_CPU, 0, TDX_RND_NO_ENTROPY, 0);
	KUNIT_EXPECT_EQ(test, seam_call(leaf, &args, &status), -EAGAIN);
	KUNIT_EXPECT_EQ(test, status, TDX_RND_NO_ENTROPY);
	KUNIT_EXPECT_EQ(test, atomic_read(&mock->nr_calls), SEAM_ENTROPY_RETRIES);
}

static void seam_call_entropy_retry_recovers(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);
	const struct seam_leaf *leaf = &call_leaves[CALL_MOD_OUTPUT];
	struct tdx_module_args args = { .rcx = 0x1234 };
	unsigned int nth;

	for (nth = 1; nth <= 3; nth++)
		seam_mock_rule(mock, leaf, SEAM_MOCK_ANY_CPU, nth, TDX_RND_NO_ENTROPY, 0);
	KUNIT_EXPECT_EQ(test, seam_call(leaf, &args, NULL), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mock->nr_calls), 4);
	/* Each retry started from the caller's inputs, not the clobbered ones. */
	KUNIT_EXPECT_EQ(test, args.r8, 0x1234);
}

static void seam_call_no_retry_without_flag(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);
	struct tdx_module_args args = {};

	seam_mock_rule(mock, &call_leaves[CALL_MOD], SEAM_MOCK_ANY_CPU, 0,
		       TDX_RND_NO_ENTROPY, 0);
	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_MOD], &args, NULL), -EAGAIN);
	KUNIT_EXPECT_EQ(test, atomic_read(&mock->nr_calls), 1);
}

static void seam_call_stand_in_restore(void *saved)
{
	seam_stand_in_replace(saved);
}

/*
 * Without TDX, and with nothing standing in, no SEAMCALL is issued.  Only
 * where there is no TDX: clearing the platform's flag would mislead the
 * rest of the kernel meanwhile.
 */
static void seam_call_no_platform(struct kunit *test)
{
	struct tdx_module_args args = {};

	if (boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM))
		kunit_skip(test, "a TDX host platform: SEAMCALL would reach it");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, seam_call_stand_in_restore,
							(void *)seam_stand_in_replace(NULL)), 0);
	KUNIT_EXPECT_FALSE(test, seam_platform_present());
	KUNIT_EXPECT_FALSE(test, seam_platform_is_real());
	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_MOD], &args, NULL), -ENODEV);
}

/*
 * On a CPU with the SEAMRET erratum no P-SEAMLDR leaf reaches the firmware,
 * whoever calls it; TDX module leafs still do.
 */
static void seam_call_seamret_erratum_gate(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);
	struct tdx_module_args args = {};
	u64 status = ~0ULL;

	seam_mock_cpu_flag(test, X86_BUG_SEAMRET_INVD_VMCS, true);
	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_LDR], &args, &status), -ENODEV);
	KUNIT_EXPECT_EQ(test, status, 0);
	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_MOD], &args, NULL), 0);
	KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &call_leaves[CALL_LDR],
					      SEAM_MOCK_ANY_CPU), 0);
	seam_mock_cpu_flag(test, X86_BUG_SEAMRET_INVD_VMCS, false);
	KUNIT_EXPECT_EQ(test, seam_call(&call_leaves[CALL_LDR], &args, NULL), 0);
	KUNIT_EXPECT_EQ(test, seam_mock_count(mock, &call_leaves[CALL_LDR],
					      SEAM_MOCK_ANY_CPU), 1);
}

struct call_seen {
	atomic_t	calls;
	u64		status;
	int		err;
};

static void probe_call(void *data, const struct seam_leaf *leaf, u64 status,
		       int err, u64 duration_ns)
{
	struct call_seen *seen = data;

	if (leaf != &call_leaves[CALL_MOD])
		return;
	atomic_inc(&seen->calls);
	seen->status = status;
	seen->err = err;
}

/* One seam_call event per call, retries included, with status and errno. */
static void seam_call_tracepoint(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);
	struct call_seen seen = {};
	struct tdx_module_args args = {};

	if (!IS_ENABLED(CONFIG_TRACEPOINTS))
		kunit_skip(test, "needs CONFIG_TRACEPOINTS");
	seam_mock_rule(mock, &call_leaves[CALL_MOD], SEAM_MOCK_ANY_CPU, 0, TEST_BUSY, 0);
	KUNIT_ASSERT_EQ(test, register_trace_seam_call(probe_call, &seen), 0);
	seam_call(&call_leaves[CALL_MOD], &args, NULL);
	unregister_trace_seam_call(probe_call, &seen);
	tracepoint_synchronize_unregister();

	KUNIT_EXPECT_EQ(test, atomic_read(&seen.calls), 1);
	KUNIT_EXPECT_EQ(test, seen.status, TEST_BUSY);
	KUNIT_EXPECT_EQ(test, seen.err, -EBUSY);
}

struct bad_table_case {
	const char		*desc;
	struct seam_leaf	leaf;
};

static const struct seam_errmap_entry bad_entries[] = {
	{ .status = TEST_BUSY, .mask = SEAM_STATUS_CLASS_MASK, .err = EBUSY, .name = "x" },
};

static const struct seam_errmap bad_map = {
	.entries = bad_entries, .nr = 1,
};

static const struct bad_table_case bad_table_cases[] = {
	{ "no name", { .fn = 1, .target = SEAM_TARGET_MODULE } },
	{ "loader leaf without bit 63",
	  { .name = "x", .fn = 1, .target = SEAM_TARGET_SEAMLDR, .flags = SEAM_LEAF_SERIALIZED } },
	{ "module leaf with bit 63",
	  { .name = "x", .fn = SEAM_LEAF_SEAMLDR_BIT, .target = SEAM_TARGET_MODULE } },
	{ "loader leaf not serialized",
	  { .name = "x", .fn = SEAM_LEAF_SEAMLDR_BIT, .target = SEAM_TARGET_SEAMLDR } },
	{ "unknown flag", { .name = "x", .fn = 1, .target = SEAM_TARGET_MODULE, .flags = BIT(7) } },
	{ "bad target", { .name = "x", .fn = 1, .target = SEAM_NR_TARGETS } },
	{ "malformed error map",
	  { .name = "x", .fn = 1, .target = SEAM_TARGET_MODULE, .errmap = &bad_map } },
};

KUNIT_ARRAY_PARAM_DESC(bad_table, bad_table_cases, desc);

static void seam_call_table_rejects(struct kunit *test)
{
	const struct bad_table_case *c = test->param_value;

	KUNIT_EXPECT_FALSE(test, seam_leaves_valid(&c->leaf, 1));
}

struct hammer {
	const struct seam_leaf	*leaf;
	atomic_t		errors;
	atomic_t		started;
	unsigned int		nr_cpus;
};

/* Longest a CPU waits for the others to start hammering: 1 s. */
#define HAMMER_START_US		USEC_PER_SEC

static void seam_call_hammer(void *data)
{
	struct hammer *h = data;
	struct tdx_module_args args = {};
	int i;

	/*
	 * Start together: under TCG on a loaded host, each CPU's burst could
	 * otherwise fit in one host time slice and never meet the others.
	 */
	atomic_inc(&h->started);
	for (i = 0; i < HAMMER_START_US && atomic_read(&h->started) < h->nr_cpus; i++)
		udelay(1);
	for (i = 0; i < HAMMER_CALLS; i++)
		if (seam_call(h->leaf, &args, NULL))
			atomic_inc(&h->errors);
}

/* Every CPU hammers one leaf at once, with interrupts off. */
static void hammer(struct kunit *test, struct seam_mock *mock,
		   const struct seam_leaf *leaf, unsigned int hold_us)
{
	struct hammer h = { .leaf = leaf, .nr_cpus = num_online_cpus() };

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 CPUs");
	mock->hold_us = hold_us;
	on_each_cpu(seam_call_hammer, &h, true);
	KUNIT_EXPECT_EQ(test, atomic_read(&h.errors), 0);
	KUNIT_EXPECT_EQ(test, seam_mock_count(mock, leaf, SEAM_MOCK_ANY_CPU),
			num_online_cpus() * HAMMER_CALLS);
}

static void seam_call_serialized_never_overlaps(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);

	hammer(test, mock, &call_leaves[CALL_LDR], 5);
	KUNIT_EXPECT_EQ(test, atomic_read(&mock->serial_overlaps), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&mock->overlaps), 0);
}

/* The overlap detector itself works: an unserialized leaf does overlap. */
static void seam_call_unserialized_overlaps(struct kunit *test)
{
	struct seam_mock *mock = seam_mock_install(test, call_leaves, CALL_NR);

	/* 20 ms of calls per CPU: longer than a host time slice under TCG. */
	hammer(test, mock, &call_leaves[CALL_MOD], 100);
	KUNIT_EXPECT_GT(test, atomic_read(&mock->overlaps), 0);
}

static struct kunit_case seam_call_cases[] = {
	KUNIT_CASE(seam_call_dispatch),
	KUNIT_CASE(seam_call_maps_status),
	KUNIT_CASE(seam_call_entropy_retry_bounded),
	KUNIT_CASE(seam_call_entropy_retry_recovers),
	KUNIT_CASE(seam_call_no_retry_without_flag),
	KUNIT_CASE(seam_call_no_platform),
	KUNIT_CASE(seam_call_seamret_erratum_gate),
	KUNIT_CASE(seam_call_tracepoint),
	KUNIT_CASE_PARAM(seam_call_table_rejects, bad_table_gen_params),
	KUNIT_CASE_SLOW(seam_call_serialized_never_overlaps),
	KUNIT_CASE_SLOW(seam_call_unserialized_overlaps),
	{}
};

static struct kunit_suite seam_call_suite = {
	.name = "seam_call",
	.init = seam_call_init,
	.test_cases = seam_call_cases,
};

kunit_test_suite(seam_call_suite);
