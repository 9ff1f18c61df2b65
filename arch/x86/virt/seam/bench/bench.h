/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The update-blackout benchmark: what its engines share.
 */
#ifndef _SEAM_BENCH_H
#define _SEAM_BENCH_H

#include <linux/atomic.h>
#include <linux/stop_machine.h>
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

/**
 * struct seam_bench_clock - When the CPUs of a stop came and went
 * @first_in:	The first CPU's arrival in the stopped section.
 * @last_in:	The last CPU's arrival.
 * @last_out:	The last CPU's leaving.
 *
 * For stops that are not seam plans, which keep their own times.
 */
struct seam_bench_clock {
	atomic64_t	first_in;
	atomic64_t	last_in;
	atomic64_t	last_out;
};

#define SEAM_BENCH_CLOCK_INIT	{ .first_in = ATOMIC64_INIT(S64_MAX) }

int seam_bench_call(enum seam_bench_leaf leaf);
void seam_bench_arrive(struct seam_bench_clock *clock);
void seam_bench_leave(struct seam_bench_clock *clock);
void seam_bench_stop(cpu_stop_fn_t fn, void *data, struct seam_bench_clock *clock,
		     struct seam_plan_times *t);
int seam_bench_baseline(struct seam_plan_times *t);

#endif /* _SEAM_BENCH_H */
