/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces between the parts of the SEAM framework core.
 */
#ifndef _SEAM_INTERNAL_H
#define _SEAM_INTERNAL_H

#include <linux/percpu.h>
#include <linux/types.h>
#include <linux/seam/leaf.h>

struct seam_backend;

/* backend.c */
const struct seam_backend *seam_backend_get(void);

/* target.c */
void seam_target_poison(enum seam_target target);
void seam_target_heal(enum seam_target target);

/**
 * struct seam_call_record - Where seam_call() reports inside a plan
 * @leaf:	The leaf of the CPU's last failing call, or NULL.
 * @status:	Its raw status.
 * @recovery:	The plan is a recovery plan: calls may reach a poisoned
 *		target.
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
	bool			recovery;
	struct task_struct	*owner;
};

DECLARE_PER_CPU(struct seam_call_record *, seam_cpu_call_record);

#if IS_ENABLED(CONFIG_KUNIT)
struct seam_client;

bool seam_plan_running(void);

const struct seam_backend *seam_backend_replace(const struct seam_backend *backend);
void seam_client_reset(const struct seam_client *client);
#endif

#endif /* _SEAM_INTERNAL_H */
