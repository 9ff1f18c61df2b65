/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A scripted stand-in for the SEAM firmware, for KUnit.
 *
 * KUnit static stubs only redirect calls made by the test's own task, but
 * plans call SEAM from the stopper threads of every CPU, so the mock is a
 * stand-in that seam_call() calls in SEAMCALL's place: it answers from a
 * script of rules per (leaf, CPU, nth call) and records every call with
 * its CPU, without locks or allocation.
 */
#ifndef _SEAM_MOCK_H
#define _SEAM_MOCK_H

#include <kunit/test.h>
#include <linux/atomic.h>
#include <linux/seam/leaf.h>

#define SEAM_MOCK_MAX_RULES	16
#define SEAM_MOCK_MAX_CALLS	4096
#define SEAM_MOCK_ANY_CPU	(-1)
/*
 * For SEAM_LEAF_OUTPUT leafs the mock copies RCX to R8 on success and
 * writes this to RCX on failure.
 */
#define SEAM_MOCK_CLOBBER	0xdeadbeefULL

/**
 * struct seam_mock_rule - One scripted answer
 * @leaf:	The leaf the rule answers.
 * @cpu:	The CPU, or SEAM_MOCK_ANY_CPU.
 * @nth:	The nth call (from 1) of @leaf on the calling CPU, or 0 for
 *		every call.
 * @status:	The status to return.
 * @delay_us:	How long to spin inside the call before answering.
 *
 * Calls that no rule matches go to the mock's @answer callback if it has
 * one, and succeed otherwise.
 */
struct seam_mock_rule {
	const struct seam_leaf	*leaf;
	int			cpu;
	unsigned int		nth;
	u64			status;
	unsigned int		delay_us;
};

/**
 * struct seam_mock_call - One recorded call
 * @leaf:	The leaf called.
 * @cpu:	The CPU it ran on.
 * @status:	The status the mock returned.
 */
struct seam_mock_call {
	const struct seam_leaf	*leaf;
	int			cpu;
	u64			status;
};

/**
 * struct seam_mock - The mock's script and record
 * @leaves:		The test's leaf array; calls are counted per entry.
 * @nr_leaves:		Its size.
 * @rules:		The script; the first matching rule answers.
 * @nr_rules:		Rules in use.
 * @hold_us:		How long every call spends inside the mock.
 * @counts:		Calls per CPU and leaf, written by the calling CPU only.
 * @nr_calls:		Calls made; the first SEAM_MOCK_MAX_CALLS are logged.
 * @calls:		The call log, in order of arrival.
 * @inside:		Calls of serialized leafs in progress.
 * @serial_overlaps:	Times a serialized leaf was entered while another
 *			serialized call was in progress.
 * @inside_any:		Calls of any leaf in progress.
 * @overlaps:		Times any call was entered while another was in
 *			progress.
 * @answer:		Optional.  Answers calls no rule matches, like firmware
 *			would: may write output registers and memory.
 * @answer_data:	Passed to @answer.
 * @key_hash:		The signer's key hash the mock's P-SEAMLDR accepts, or
 *			NULL (the default) for any key.
 * @saved:		The stand-in the mock replaced.
 */
struct seam_mock {
	const struct seam_leaf		*leaves;
	unsigned int			nr_leaves;
	struct seam_mock_rule		rules[SEAM_MOCK_MAX_RULES];
	unsigned int			nr_rules;
	unsigned int			hold_us;
	unsigned int			*counts;
	atomic_t			nr_calls;
	struct seam_mock_call		calls[SEAM_MOCK_MAX_CALLS];
	atomic_t			inside;
	atomic_t			serial_overlaps;
	atomic_t			inside_any;
	atomic_t			overlaps;
	u64				(*answer)(const struct seam_leaf *leaf,
						  struct tdx_module_args *args,
						  void *data);
	void				*answer_data;
	const u8			*key_hash;
	const struct seam_stand_in	*saved;
};

struct seam_mock *seam_mock_install(struct kunit *test,
				    const struct seam_leaf *leaves,
				    unsigned int nr_leaves);
void seam_mock_rule(struct seam_mock *mock, const struct seam_leaf *leaf,
		    int cpu, unsigned int nth, u64 status, unsigned int delay_us);
unsigned int seam_mock_count(struct seam_mock *mock,
			     const struct seam_leaf *leaf, int cpu);

void seam_mock_cpu_flag(struct kunit *test, unsigned int bit, bool on);

/* leaf_check.c */
struct seam_errmap;
int seam_errmap_validate(const struct seam_errmap *map);
bool seam_leaves_valid(const struct seam_leaf *leaves, unsigned int nr);
struct seam_plan;
bool seam_plan_valid(const struct seam_plan *plan);

#endif /* _SEAM_MOCK_H */
