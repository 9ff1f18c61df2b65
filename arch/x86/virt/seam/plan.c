// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM phase engine.
 *
 * seam_run_plan() runs a client's table of phases on the online CPUs, in
 * lock step, with one of two runners.  The process runner runs a phase on
 * one CPU at a time, in CPU order, with smp_call_on_cpu(), as tdx.c
 * configured the global KeyID package by package; it stops at the first
 * failure.  The rest of this comment is about the
 * stopped runner, which runs the phases under stop_machine.
 *
 * The stopped runner's rendezvous follows the microcode
 * loader's: one atomic counter is the barrier between phases, a CPU that
 * fails records the first error and still arrives, and every wait touches
 * the NMI watchdog.  Inside the stopped section nothing allocates or
 * prints: each CPU fills its own per-CPU result slot, and the slots are
 * analysed and logged once every CPU runs again.  The tracepoints fire
 * live, on the CPU and at the moment of what they report: a tracepoint
 * writes to a lockless per-CPU buffer and is safe with interrupts off.
 *
 * A CPU waits at a boundary for as long as the others need.  A bound
 * would buy nothing: stop_machine() cannot return before the slow CPU
 * does, and past the point of no return giving up would turn a slow
 * success into lost firmware.  Before it there is nothing to bound:
 * stop_machine() has gathered every CPU before the first phase, and the
 * plans that run under it start with their point of no return, or past
 * it (a recovery).  The phase statistics name the slowest CPU of each
 * phase.
 *
 * There is no arrival barrier of the engine's own: multi_cpu_stop() calls
 * the stopped section only once every CPU has acknowledged
 * MULTI_STOP_DISABLE_IRQ, so every CPU is already there with interrupts
 * off when the first phase starts.
 */

#define pr_fmt(fmt) "seam: " fmt

#include <linux/atomic.h>
#include <linux/cleanup.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/mutex.h>
#include <linux/nmi.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/stop_machine.h>
#include <linux/timekeeping.h>
#include <linux/topology.h>
#include <linux/seam/plan.h>
#include <linux/seam/status.h>
#include <kunit/visibility.h>
#include <trace/events/seam.h>

#include "seam-internal.h"

/**
 * struct seam_cpu_slot - What one CPU did during a run
 * @run:	The run.
 * @cpu:	The CPU.
 * @package_lead: The CPU is its package's first online CPU.
 * @phase:	The last phase the CPU entered, or -1; the process runner
 *		sets it just before the CPU's turn.
 * @err:	The errno of the CPU's failing phase, or 0.
 * @rec:	The CPU's last failing SEAMCALL, filled in by seam_call().
 * @arrive_ns:	When the CPU entered the stopped section.
 * @leave_ns:	When it left.
 * @enter_ns:	When it entered each phase function; 0 if it did not.
 * @exit_ns:	When it returned from each phase function.
 * @calls:	How often it called each phase function.
 *
 * Slots are per-CPU memory, so no two CPUs write to the same cache line.
 */
struct seam_cpu_slot {
	struct seam_run		*run;
	int			cpu;
	bool			package_lead;
	int			phase;
	int			err;
	struct seam_call_record	rec;
	u64			arrive_ns;
	u64			leave_ns;
	u64			enter_ns[SEAM_PLAN_MAX_PHASES];
	u64			exit_ns[SEAM_PLAN_MAX_PHASES];
	unsigned int		calls[SEAM_PLAN_MAX_PHASES];
};

/**
 * struct seam_run - The shared state of one run of a plan
 * @plan:		The plan.
 * @data:		The client's argument to the phase functions.
 * @res:		The outcome: the first failure is recorded there.
 * @slots:		Per-CPU result slots.
 * @nr_cpus:		CPUs taking part: every online CPU.
 * @lead_cpu:		The CPU that runs LEAD phases.
 * @ponr:		Index of the point-of-no-return phase, or the number
 *			of phases if the plan has none.
 * @failed:		Set once, by the first CPU to fail.
 * @sync:		The barrier counter: every CPU adds one per boundary.
 * @ticket:		The next serial-phase turn to hand out, in arrival order.
 * @turn:		The serial-phase turn being served.
 *
 * The counters every CPU spins on sit on cache lines of their own.
 */
struct seam_run {
	const struct seam_plan		*plan;
	void				*data;
	struct seam_plan_result		*res;
	struct seam_cpu_slot __percpu	*slots;
	unsigned int			nr_cpus;
	unsigned int			lead_cpu;
	unsigned int			ponr;

	atomic_t			failed ____cacheline_aligned_in_smp;

	atomic_t			sync ____cacheline_aligned_in_smp;
	atomic_t			ticket ____cacheline_aligned_in_smp;
	atomic_t			turn ____cacheline_aligned_in_smp;
};

/* One plan at a time; the tests see whether one runs. */
VISIBLE_IF_KUNIT struct mutex seam_plan_lock = __MUTEX_INITIALIZER(seam_plan_lock);

/*
 * Spins between two clock reads in a wait.  Under emulation a read can be
 * an MMIO exit (HPET, once QEMU's TSCs are found unsynchronized), which
 * would slow the spinning CPUs and, through QEMU's lock, the one they wait
 * for; the watchdog needs no finer clock.
 */
#define SEAM_WAIT_SPINS_PER_CLOCK	64

/*
 * Spin until @counter reaches @want, touching the NMI watchdog, or give
 * up when another CPU has failed.
 */
static bool seam_wait(struct seam_run *run, atomic_t *counter, int want)
{
	unsigned int spins = 0;
	u64 now, touched = 0;

	while (atomic_read_acquire(counter) < want) {
		if (atomic_read(&run->failed))
			return false;
		cpu_relax();
		if (++spins % SEAM_WAIT_SPINS_PER_CLOCK)
			continue;
		now = ktime_get_mono_fast_ns();
		touched = touched ?: now;
		if (now - touched > NSEC_PER_MSEC) {
			touch_nmi_watchdog();
			touched = now;
		}
	}
	return true;
}

static bool seam_phase_is_serial(const struct seam_phase *phase)
{
	return phase->scope == SEAM_SCOPE_EACH_SERIAL ||
	       phase->scope == SEAM_SCOPE_EACH_PACKAGE;
}

/* Whether the phase function of phase @i runs on the slot's CPU. */
static bool seam_phase_runs_on(const struct seam_run *run,
			       const struct seam_cpu_slot *slot, unsigned int i)
{
	switch (run->plan->phases[i].scope) {
	case SEAM_SCOPE_LEAD:
		return slot->cpu == run->lead_cpu;
	case SEAM_SCOPE_EACH_PACKAGE:
		return slot->package_lead;
	default:
		return true;
	}
}

/* Calls phase @i's function on the slot's CPU until it is done. */
static void seam_phase_call(struct seam_run *run, struct seam_cpu_slot *slot,
			    unsigned int i)
{
	const struct seam_plan *plan = run->plan;
	int err;

	slot->phase = i;
	slot->enter_ns[i] = ktime_get_mono_fast_ns();
	trace_seam_phase_enter(plan, i);
	slot->rec.owner = current;
	this_cpu_write(seam_cpu_call_record, &slot->rec);
	for (;;) {
		err = plan->phases[i].fn(run->data);
		slot->calls[i]++;
		if (err != SEAM_PHASE_AGAIN)
			break;
		if (plan->runner == SEAM_RUNNER_PROCESS)
			cond_resched();
	}
	this_cpu_write(seam_cpu_call_record, NULL);
	slot->exit_ns[i] = ktime_get_mono_fast_ns();
	trace_seam_phase_exit(plan, i, err);
	if (err) {
		slot->err = err;
		/* The first failure is the run's. */
		if (!atomic_cmpxchg(&run->failed, 0, 1)) {
			run->res->err = err;
			run->res->failed_phase = i;
			run->res->failed_cpu = slot->cpu;
		}
	}
}

static void seam_phase_run(struct seam_run *run, struct seam_cpu_slot *slot,
			   unsigned int i)
{
	if (!seam_phase_is_serial(&run->plan->phases[i])) {
		if (seam_phase_runs_on(run, slot, i))
			seam_phase_call(run, slot, i);
		return;
	}
	/*
	 * Turns go in arrival order, as in a ticket lock: P-SEAMLDR counts
	 * the LPs that called SEAMLDR.INSTALL and names none, the last to
	 * call doing the install (seamldr_install.c in sslab-gatech/
	 * seam-loader); it only admits one at a time.  A CPU in CPU order
	 * would wait for a late CPU to run before it however early it came.
	 * Every CPU takes one ticket per serial phase, so tickets and turns
	 * stay in step across phases.
	 */
	if (seam_wait(run, &run->turn, atomic_fetch_inc(&run->ticket)) &&
	    !atomic_read(&run->failed) && seam_phase_runs_on(run, slot, i))
		seam_phase_call(run, slot, i);
	/* Pass the turn on even when skipping, so nobody waits in vain. */
	atomic_inc_return(&run->turn);
}

/* The stopped section: runs on every online CPU with interrupts off. */
static int seam_plan_cpu(void *arg)
{
	struct seam_run *run = arg;
	struct seam_cpu_slot *slot = this_cpu_ptr(run->slots);
	int n = run->nr_cpus;
	unsigned int i;

	slot->arrive_ns = ktime_get_mono_fast_ns();
	trace_seam_stop_arrive(run->plan);

	for (i = 0; i < run->plan->nr_phases; i++) {
		/* A failure anywhere stops every CPU at the boundary. */
		if (atomic_read(&run->failed))
			break;
		seam_phase_run(run, slot, i);
		/*
		 * Fully ordered: this CPU's slot and failure are visible
		 * first.  In a LEAD phase only the lead works: it counts for
		 * every CPU, and the others wait for it, not for each other,
		 * as CPUs wait in tdx.c's try_init_module_global().
		 */
		if (run->plan->phases[i].scope != SEAM_SCOPE_LEAD)
			atomic_inc_return(&run->sync);
		else if (slot->cpu == run->lead_cpu)
			atomic_add_return(n, &run->sync);
		if (!seam_wait(run, &run->sync, (i + 1) * n))
			break;
	}
	/*
	 * The leave event fires before the clock is read, as the arrival
	 * event fires after: a tracer's window, from the first arrival to
	 * the last leave, then lies inside the engine's blackout however
	 * long a CPU takes between the clock and the event.
	 */
	trace_seam_stop_leave(run->plan);
	slot->leave_ns = ktime_get_mono_fast_ns();
	return 0;
}

static unsigned int seam_plan_ponr(const struct seam_plan *plan)
{
	unsigned int i;

	for (i = 0; i < plan->nr_phases; i++)
		if (plan->phases[i].ponr)
			return i;
	return plan->nr_phases;
}

static void seam_run_free(struct seam_run *run)
{
	if (!run)
		return;
	free_percpu(run->slots);
	kfree(run);
}

DEFINE_FREE(seam_run_free, struct seam_run *, seam_run_free(_T))

/* Everything the stopped section needs is prepared here, before the stop. */
static struct seam_run *seam_run_alloc(const struct seam_plan *plan, void *data,
				       struct seam_plan_result *res)
{
	struct seam_run *run __free(seam_run_free) = kzalloc_obj(*run);
	unsigned int cpu;

	lockdep_assert_cpus_held();
	if (!run)
		return NULL;
	run->slots = alloc_percpu(struct seam_cpu_slot);
	if (!run->slots)
		return NULL;

	for_each_online_cpu(cpu) {
		struct seam_cpu_slot *slot = per_cpu_ptr(run->slots, cpu);

		slot->run = run;
		slot->cpu = cpu;
		slot->package_lead = cpu == cpumask_first_and(topology_core_cpumask(cpu),
							      cpu_online_mask);
		slot->phase = -1;
	}
	run->plan = plan;
	run->data = data;
	run->res = res;
	run->nr_cpus = num_online_cpus();
	run->lead_cpu = cpumask_first(cpu_online_mask);
	run->ponr = seam_plan_ponr(plan);
	return_ptr(run);
}

static void seam_run_collect(struct seam_run *run, struct seam_plan_result *res)
{
	unsigned int i, ponr = run->ponr;
	u64 first_in = U64_MAX, last_out = 0;
	int cpu;

	for_each_online_cpu(cpu) {
		struct seam_cpu_slot *slot = per_cpu_ptr(run->slots, cpu);

		first_in = min(first_in, slot->arrive_ns);
		last_out = max(last_out, slot->leave_ns);
		if (slot->phase > (int)ponr ||
		    (slot->phase == (int)ponr && !slot->err))
			res->ponr_crossed = true;
		for (i = 0; i < run->plan->nr_phases; i++) {
			struct seam_phase_stat *st = &res->phase[i];
			u64 d = slot->exit_ns[i] - slot->enter_ns[i];

			if (!slot->enter_ns[i])
				continue;
			st->cpus++;
			st->calls += slot->calls[i];
			if (st->slowest_cpu < 0 || d > st->slowest_ns) {
				st->slowest_cpu = cpu;
				st->slowest_ns = d;
			}
		}
	}
	res->blackout_ns = last_out > first_in ? last_out - first_in : 0;
	if (!atomic_read(&run->failed))
		return;
	res->status = per_cpu_ptr(run->slots, res->failed_cpu)->rec.status;
	res->leaf = per_cpu_ptr(run->slots, res->failed_cpu)->rec.leaf;
}

static void seam_run_report(const struct seam_plan *plan,
			    const struct seam_plan_result *res)
{
	const struct seam_errmap *map = res->leaf ? res->leaf->errmap : NULL;

	if (!res->err && plan->runner == SEAM_RUNNER_PROCESS) {
		pr_info("plan %s done\n", plan->name);
		return;
	}
	if (!res->err) {
		pr_info("plan %s done: blackout %llu us\n", plan->name,
			div_u64(res->blackout_ns, NSEC_PER_USEC));
		return;
	}
	pr_err("plan %s failed in phase %s on CPU %d: %pe\n", plan->name,
	       plan->phases[res->failed_phase].name, res->failed_cpu,
	       ERR_PTR(res->err));
	if (res->leaf)
		pr_err("plan %s: %s returned 0x%016llx (%s)\n", plan->name,
		       res->leaf->name, res->status,
		       seam_status_name(map, res->status));
	if (!res->ponr_crossed && seam_plan_ponr(plan) < plan->nr_phases)
		pr_info("plan %s: stopped before the point of no return; nothing changed\n",
			plan->name);
}

/* Core pre-flight checks first, then the client's. */
static int seam_plan_preflight(const struct seam_plan *plan, void *data)
{
	unsigned int online = num_online_cpus(), present = num_present_cpus();

	lockdep_assert_cpus_held();
	if (!(plan->flags & SEAM_PLAN_ONLINE_CPUS) &&
	    !cpumask_equal(cpu_online_mask, cpu_present_mask)) {
		pr_err("plan %s refused: %u of %u present CPUs online; bring all online and retry\n",
		       plan->name, online, present);
		return -EAGAIN;
	}
	return plan->preflight ? plan->preflight(data) : 0;
}

/* The process runner's share of a phase on one CPU: slot->phase's. */
static int seam_phase_on_cpu(void *arg)
{
	struct seam_cpu_slot *slot = arg;

	seam_phase_call(slot->run, slot, slot->phase);
	return 0;
}

/*
 * The process runner: each phase on each CPU it names, one CPU at a time,
 * in a worker bound to that CPU; nothing runs after a failure.  On the
 * physical CPU, as tdx.c asked for KEY.CONFIG: SEAM state is per LP.
 */
static void seam_run_process(struct seam_run *run)
{
	struct seam_cpu_slot *slot;
	unsigned int i;
	int cpu;

	for (i = 0; i < run->plan->nr_phases; i++) {
		for_each_online_cpu(cpu) {
			slot = per_cpu_ptr(run->slots, cpu);
			if (atomic_read(&run->failed))
				return;
			if (!seam_phase_runs_on(run, slot, i))
				continue;
			slot->phase = i;
			/* Cannot fail: the hotplug lock keeps the CPU online. */
			smp_call_on_cpu(cpu, seam_phase_on_cpu, slot, true);
		}
	}
}

static int seam_run(const struct seam_plan *plan, void *data,
		    struct seam_plan_result *res)
{
	struct seam_run *run __free(seam_run_free) = seam_run_alloc(plan, data, res);
	unsigned int i;

	if (!run)
		return -ENOMEM;

	res->started = true;
	trace_seam_plan_start(plan, run->nr_cpus, run->ponr);
	if (plan->runner == SEAM_RUNNER_PROCESS)
		seam_run_process(run);
	else
		stop_machine_cpuslocked(seam_plan_cpu, run, cpu_online_mask);
	seam_run_collect(run, res);
	for (i = 0; i < plan->nr_phases; i++)
		trace_seam_phase_done(plan, i, &res->phase[i]);
	trace_seam_plan_done(plan, res);
	return res->err;
}

static void seam_result_init(struct seam_plan_result *res, const struct seam_plan *plan)
{
	unsigned int i;

	memset(res, 0, sizeof(*res));
	res->plan = plan;
	res->failed_phase = -1;
	res->failed_cpu = -1;
	for (i = 0; i < SEAM_PLAN_MAX_PHASES; i++)
		res->phase[i].slowest_cpu = -1;
}

/**
 * seam_run_plan_cpuslocked() - Run a phase plan, CPU hotplug lock held
 * @plan:	The plan.
 * @data:	Passed to the client's pre-flight and phase functions.
 * @result:	Optional.  Where to store the outcome.
 *
 * As seam_run_plan(), for a caller that holds the CPU hotplug lock, as
 * tdx_enable()'s callers do.  The hotplug lock is taken before the plan
 * lock, never after it.
 *
 * Context: Process context; the CPU hotplug lock held.  Sleeps.
 * Return: As seam_run_plan().
 */
int seam_run_plan_cpuslocked(const struct seam_plan *plan, void *data,
			     struct seam_plan_result *result)
{
	struct seam_plan_result local;
	struct seam_plan_result *res = result ?: &local;
	int err;

	lockdep_assert_cpus_held();
	seam_result_init(res, plan);

	scoped_guard(mutex, &seam_plan_lock) {
		err = seam_plan_preflight(plan, data);
		if (!err)
			err = seam_run(plan, data, res);
		else
			res->err = err;
		if (res->started)
			seam_run_report(plan, res);
	}
	/*
	 * The client's own state follows outside the plan lock, so that its
	 * finish may take the locks it runs plans under, as tdx_enable() runs
	 * one under the memory hotplug lock.
	 */
	if (res->started && plan->finish)
		plan->finish(data, res);
	return err;
}

/**
 * seam_run_plan() - Run a phase plan on the online CPUs
 * @plan:	The plan.
 * @data:	Passed to the client's pre-flight and phase functions.
 * @result:	Optional.  Where to store the outcome.
 *
 * The plan is a client's const table, checked by its KUnit suite
 * (seam_plan_valid()).  Refuses to start, with no side effect, when
 * not every present CPU is online (unless the plan runs on the online
 * ones) or when the client's pre-flight check fails.  Otherwise runs the
 * phases in lock step with the plan's runner and stops every CPU at the
 * next phase boundary after any failure (the process runner, whose CPUs
 * take turns, at the failing CPU's turn).  What a failure after the point
 * of no return leaves of the firmware is the client's to judge: only it
 * knows what its phases changed (@result's ponr_crossed).
 *
 * Context: Process context; takes the CPU hotplug lock and sleeps.
 * Return: 0, -EAGAIN with offline CPUs, -ENOMEM, the client's pre-flight
 * errno, or the errno of the first failing phase.
 */
int seam_run_plan(const struct seam_plan *plan, void *data,
		  struct seam_plan_result *result)
{
	guard(cpus_read_lock)();
	return seam_run_plan_cpuslocked(plan, data, result);
}
