/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The update-blackout benchmark: what its engines share.
 */
#ifndef _SEAM_BENCH_H
#define _SEAM_BENCH_H

#include <linux/atomic.h>
#include <linux/types.h>
#include <linux/seam/leaf.h>
#include <linux/seam/plan.h>

/* The leafs of the benchmark's plans, answered at once by its backend. */
enum seam_bench_leaf {
	SEAM_BENCH_NOP,
	SEAM_BENCH_INSTALL,
	SEAM_BENCH_NR_LEAVES,
};

extern const struct seam_leaf seam_bench_leaves[SEAM_BENCH_NR_LEAVES];

/* The phases of a TDX update's shape: LEAD, EACH_SERIAL, LEAD, EACH, LEAD. */
#define SEAM_BENCH_NR_PHASES	5

int seam_bench_call(enum seam_bench_leaf leaf);
void seam_bench_min(atomic64_t *v, u64 t);
void seam_bench_max(atomic64_t *v, u64 t);
int seam_bench_baseline(struct seam_plan_times *t);

#endif /* _SEAM_BENCH_H */
