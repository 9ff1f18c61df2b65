/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces between the parts of the SEAM framework core.
 */
#ifndef _SEAM_INTERNAL_H
#define _SEAM_INTERNAL_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/seam/leaf.h>

/**
 * struct seam_stand_in - What answers seam_call() in the firmware's place
 * @call:	Execute @leaf with the input registers in @args and return
 *		the raw status; for SEAM_LEAF_OUTPUT leafs, write the output
 *		registers back.  Called as SEAMCALL is: with preemption off,
 *		from any CPU, with interrupts off inside a plan.
 * @key_hash:	Optional.  SHA-384 of the modulus of the one key its
 *		P-SEAMLDR accepts; without it any key passes.
 *
 * Only the KUnit tests and the benchmark have one: seam_call() issues
 * SEAMCALL otherwise.  Tests that stand in leave tdx.c's state alone.
 */
struct seam_stand_in {
	u64		(*call)(const struct seam_leaf *leaf,
				struct tdx_module_args *args);
	const u8	*(*key_hash)(void);
};

/* call.c, with CONFIG_SEAM_KUNIT_TEST or CONFIG_SEAM_BENCH */
const struct seam_stand_in *seam_stand_in_replace(const struct seam_stand_in *stand_in);

/**
 * struct seam_call_record - Where seam_call() reports inside a plan
 * @leaf:	The leaf of the CPU's last failing call, or NULL.
 * @status:	Its raw status.
 * @owner:	The task running the CPU's phase functions.
 *
 * The phase engine attaches one to each CPU while the CPU runs a phase.
 * While one is attached, seam_call() from its owner prints nothing and
 * records failing statuses in it instead.  Calls from other tasks, which
 * the process runner lets run on the CPU meanwhile, are not recorded.
 */
struct seam_call_record {
	const struct seam_leaf	*leaf;
	u64			status;
	struct task_struct	*owner;
};

DECLARE_PER_CPU(struct seam_call_record *, seam_cpu_call_record);

#if IS_ENABLED(CONFIG_KUNIT)
extern struct mutex seam_plan_lock;
#endif

#endif /* _SEAM_INTERNAL_H */
