// SPDX-License-Identifier: GPL-2.0
/*
 * The baseline engine of the blackout benchmark, built the way mainline's
 * TDX module update runs its steps: one shared state, an ack counter under
 * a raw spinlock, the last CPU to ack advances the state, and every CPU
 * spins on the state and does the step the new state names.  It starts in
 * a state with no work, so its first round of acks is the arrival
 * barrier, and its serial step is serialized only by the leaf's lock, in
 * whatever order the CPUs take it.  It has no timeout, as mainline has
 * none.  Written from that description, for comparison only.
 */

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/processor.h>
#include <linux/smp.h>
#include <linux/spinlock.h>

#include "bench.h"

/* START, the five steps of the update's shape, then DONE. */
#define BASELINE_START		0
#define BASELINE_DONE		(SEAM_BENCH_NR_PHASES + 1)

struct baseline {
	raw_spinlock_t		lock;
	unsigned int		acks;
	int			state;
	bool			failed;
	unsigned int		nr_cpus;
	int			lead;
	struct seam_bench_clock	clock;
};

/* The last CPU to ack a state moves everybody on to the next. */
static void baseline_ack(struct baseline *b)
{
	raw_spin_lock(&b->lock);
	if (!--b->acks) {
		b->acks = b->nr_cpus;
		WRITE_ONCE(b->state, b->state + 1);
	}
	raw_spin_unlock(&b->lock);
}

/* The step of each state, as the TDX update's phases have them. */
static int baseline_step(struct baseline *b, int state)
{
	bool lead = smp_processor_id() == b->lead;

	switch (state) {
	case 1:	/* shutdown, on the lead CPU */
	case 3:	/* sys init */
	case 5:	/* update */
		return lead ? seam_bench_call(SEAM_BENCH_NOP) : 0;
	case 2:	/* install, on every CPU, serialized by the leaf's lock */
		return seam_bench_call(SEAM_BENCH_INSTALL);
	case 4:	/* LP init, on every CPU */
		return seam_bench_call(SEAM_BENCH_NOP);
	default:
		return 0;
	}
}

static int baseline_cpu(void *arg)
{
	struct baseline *b = arg;
	int cur = -1, state;

	seam_bench_arrive(&b->clock);
	do {
		cpu_relax();
		state = READ_ONCE(b->state);
		if (state == cur)
			continue;
		cur = state;
		if (cur == BASELINE_DONE)
			break;
		if (baseline_step(b, cur))
			WRITE_ONCE(b->failed, true);
		baseline_ack(b);
	} while (!READ_ONCE(b->failed));
	seam_bench_leave(&b->clock);
	return 0;
}

/**
 * seam_bench_baseline() - Run the baseline engine once on every online CPU
 * @t:		Where the time went.
 *
 * Context: Process context; stops every CPU.
 * Return: 0, or -EIO if a step failed.
 */
int seam_bench_baseline(struct seam_plan_times *t)
{
	struct baseline b = {
		.lock = __RAW_SPIN_LOCK_UNLOCKED(b.lock),
		.state = BASELINE_START,
		.clock = SEAM_BENCH_CLOCK_INIT,
	};

	cpus_read_lock();
	b.nr_cpus = num_online_cpus();
	b.acks = b.nr_cpus;
	b.lead = cpumask_first(cpu_online_mask);
	seam_bench_stop(baseline_cpu, &b, &b.clock, t);
	cpus_read_unlock();
	return b.failed ? -EIO : 0;
}
