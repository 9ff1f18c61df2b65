// SPDX-License-Identifier: GPL-2.0
/*
 * A scripted stand-in for the SEAM firmware, for KUnit; see seam_mock.h.
 */

#include <kunit/resource.h>
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/seam/status.h>

#include "../seam-internal.h"
#include "busy.h"
#include "seam_mock.h"

/* The stand-in's call has no context argument: one mock at a time. */
static struct seam_mock *seam_mock_current;

static const struct seam_mock_rule *seam_mock_match(struct seam_mock *mock,
						    const struct seam_leaf *leaf,
						    int cpu, unsigned int nth)
{
	unsigned int i;

	for (i = 0; i < mock->nr_rules; i++) {
		const struct seam_mock_rule *r = &mock->rules[i];

		if (r->leaf == leaf &&
		    (r->cpu == SEAM_MOCK_ANY_CPU || r->cpu == cpu) &&
		    (!r->nth || r->nth == nth))
			return r;
	}
	return NULL;
}

static u64 seam_mock_call(const struct seam_leaf *leaf,
			  struct tdx_module_args *args)
{
	struct seam_mock *mock = READ_ONCE(seam_mock_current);
	bool serial = leaf->flags & SEAM_LEAF_SERIALIZED;
	int cpu = smp_processor_id(), i;
	const struct seam_mock_rule *r;
	unsigned int idx, nth;
	u64 status;

	idx = leaf - mock->leaves;
	if (idx >= mock->nr_leaves)
		return TDX_SEAMCALL_UD;
	nth = ++mock->counts[cpu * mock->nr_leaves + idx];

	if (serial && atomic_inc_return(&mock->inside) > 1)
		atomic_inc(&mock->serial_overlaps);
	if (atomic_inc_return(&mock->inside_any) > 1)
		atomic_inc(&mock->overlaps);

	r = seam_mock_match(mock, leaf, cpu, nth);
	if (r)
		status = r->status;
	else if (mock->answer)
		status = mock->answer(leaf, args, mock->answer_data);
	else
		status = TDX_SUCCESS;
	if (mock->hold_us || (r && r->delay_us))
		seam_busy_us(mock->hold_us + (r ? r->delay_us : 0));

	/* Echo an input on success; clobber it on failure, as firmware may. */
	if ((leaf->flags & SEAM_LEAF_OUTPUT) && !mock->answer) {
		if (status == TDX_SUCCESS)
			args->r8 = args->rcx;
		else
			args->rcx = SEAM_MOCK_CLOBBER;
	}

	atomic_dec(&mock->inside_any);
	if (serial)
		atomic_dec(&mock->inside);

	i = atomic_inc_return(&mock->nr_calls) - 1;
	if (i < SEAM_MOCK_MAX_CALLS) {
		mock->calls[i].leaf = leaf;
		mock->calls[i].cpu = cpu;
		mock->calls[i].status = status;
	}
	return status;
}

static void seam_mock_cpu_flag_restore(void *arg)
{
	unsigned long flag = (unsigned long)arg;

	assign_bit(flag >> 1, (unsigned long *)boot_cpu_data.x86_capability, flag & 1);
}

/**
 * seam_mock_cpu_flag() - Set or clear a feature or bug bit the CPUs show
 * @test:	The test; the bit is as it was once the test ends.
 * @bit:	X86_FEATURE_TDX_HOST_PLATFORM, X86_BUG_SEAMRET_INVD_VMCS, ...
 * @on:		Whether the CPUs show it.
 */
void seam_mock_cpu_flag(struct kunit *test, unsigned int bit, bool on)
{
	unsigned long was = boot_cpu_has(bit);

	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, seam_mock_cpu_flag_restore,
							(void *)(bit << 1 | was)), 0);
	assign_bit(bit, (unsigned long *)boot_cpu_data.x86_capability, on);
}

static const u8 *seam_mock_key_hash(void)
{
	return READ_ONCE(seam_mock_current)->key_hash;
}

static const struct seam_stand_in seam_mock_stand_in = {
	.call		= seam_mock_call,
	.key_hash	= seam_mock_key_hash,
};

static void seam_mock_remove(void *data)
{
	struct seam_mock *mock = data;

	seam_stand_in_replace(mock->saved);
	WRITE_ONCE(seam_mock_current, NULL);
}

/**
 * seam_mock_install() - Make a fresh mock stand in for the firmware in a test
 * @test:	The test; the previous stand-in comes back when it ends.
 * @leaves:	The test's leaf array.
 * @nr_leaves:	Its size.
 *
 * Return: The mock.  The test fails if it cannot be set up.
 */
struct seam_mock *seam_mock_install(struct kunit *test,
				    const struct seam_leaf *leaves,
				    unsigned int nr_leaves)
{
	struct seam_mock *mock;

	mock = kunit_kzalloc(test, sizeof(*mock), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mock);
	mock->counts = kunit_kcalloc(test, nr_cpu_ids * nr_leaves,
				     sizeof(*mock->counts), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, mock->counts);
	mock->leaves = leaves;
	mock->nr_leaves = nr_leaves;

	WRITE_ONCE(seam_mock_current, mock);
	mock->saved = seam_stand_in_replace(&seam_mock_stand_in);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, seam_mock_remove, mock));
	return mock;
}

/**
 * seam_mock_rule() - Add a scripted answer
 * @mock:	The mock.
 * @leaf:	The leaf to answer.
 * @cpu:	The CPU, or SEAM_MOCK_ANY_CPU.
 * @nth:	The nth call of @leaf on that CPU, from 1; 0 for every call.
 * @status:	The status to return.
 * @delay_us:	How long the call spins before answering.
 */
void seam_mock_rule(struct seam_mock *mock, const struct seam_leaf *leaf,
		    int cpu, unsigned int nth, u64 status, unsigned int delay_us)
{
	if (WARN_ON(mock->nr_rules >= SEAM_MOCK_MAX_RULES))
		return;
	mock->rules[mock->nr_rules++] = (struct seam_mock_rule) {
		.leaf = leaf, .cpu = cpu, .nth = nth,
		.status = status, .delay_us = delay_us,
	};
}

/**
 * seam_mock_count() - Count the calls of a leaf
 * @mock:	The mock.
 * @leaf:	The leaf.
 * @cpu:	The CPU, or SEAM_MOCK_ANY_CPU for all CPUs.
 *
 * Return: How many times @leaf reached the mock.
 */
unsigned int seam_mock_count(struct seam_mock *mock,
			     const struct seam_leaf *leaf, int cpu)
{
	unsigned int idx = leaf - mock->leaves, n = 0;
	int c;

	for (c = 0; c < nr_cpu_ids; c++)
		if (cpu == SEAM_MOCK_ANY_CPU || cpu == c)
			n += mock->counts[c * mock->nr_leaves + idx];
	return n;
}

MODULE_DESCRIPTION("KUnit tests for the SEAM framework");
MODULE_LICENSE("GPL");
