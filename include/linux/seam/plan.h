/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEAM phase plans: CPU-synchronised operations.
 *
 * A client describes an operation as a const table of phases.  The engine
 * runs them in lock step on the online CPUs: a phase starts anywhere only
 * once every CPU has finished the previous one, and a failure on any CPU
 * stops every CPU at the next phase boundary.  A plan's runner says how:
 * under stop_machine, or in process context.
 */
#ifndef _LINUX_SEAM_PLAN_H
#define _LINUX_SEAM_PLAN_H

#include <linux/types.h>
#include <linux/seam/leaf.h>

/* Phases a plan may have at most. */
#define SEAM_PLAN_MAX_PHASES		8

/*
 * A phase function's return for a resumable call that made progress and
 * must be called again: the engine calls it again on the same CPU, after
 * cond_resched() in the process runner.
 */
#define SEAM_PHASE_AGAIN		1

/**
 * enum seam_scope - Where and how a phase runs
 * @SEAM_SCOPE_LEAD:		Once, on the lead CPU; the others wait.
 * @SEAM_SCOPE_EACH:		On every CPU: in parallel under stop_machine;
 *				one at a time in process context, where a
 *				CPU whose turn comes after a failure in the
 *				phase does not run it.
 * @SEAM_SCOPE_EACH_SERIAL:	On every CPU, one at a time: in arrival order
 *				under stop_machine, in CPU order in process
 *				context.  A CPU whose turn comes after a
 *				failure in the phase does not run it.
 * @SEAM_SCOPE_EACH_PACKAGE:	On the first online CPU of each package, one
 *				package at a time, in the same order, with
 *				the same rule after a failure.
 */
enum seam_scope {
	SEAM_SCOPE_LEAD,
	SEAM_SCOPE_EACH,
	SEAM_SCOPE_EACH_SERIAL,
	SEAM_SCOPE_EACH_PACKAGE,
};

/**
 * enum seam_runner - How the engine runs a plan's phases
 * @SEAM_RUNNER_STOPPED:	Under stop_machine: every online CPU spins in
 *				the stopped section with interrupts off, and
 *				nothing else runs until the plan is done.
 *				For operations during which nobody else may
 *				enter the firmware, such as an update.
 * @SEAM_RUNNER_PROCESS:	In process context, one CPU at a time: each
 *				CPU's share of a phase runs in a worker bound
 *				to that CPU and may sleep, and the rest of
 *				the machine runs on.  For long operations,
 *				such as the module's initialisation.
 */
enum seam_runner {
	SEAM_RUNNER_STOPPED,
	SEAM_RUNNER_PROCESS,
};

/**
 * struct seam_phase - One step of a plan
 * @name:	"area:step" name, for logs, statistics and tracepoints.
 * @scope:	Where the phase runs.
 * @fn:		The work, on the CPU it runs for.  Under the stopped runner
 *		it is called with interrupts off and must not sleep,
 *		allocate or print; under the process runner it may sleep.
 *		Returns 0, SEAM_PHASE_AGAIN or a negative errno; SEAM
 *		statuses are recorded by seam_call().
 * @ponr:	The phase completes the point of no return: once it has
 *		succeeded on any CPU, or any CPU has gone past it, the run
 *		has changed the firmware (@ponr_crossed of the result).  A
 *		failure of the phase itself has not.
 */
struct seam_phase {
	const char	*name;
	enum seam_scope	scope;
	int		(*fn)(void *data);
	bool		ponr;
};

/**
 * struct seam_phase_stat - Statistics of one phase of the last run
 * @cpus:		The CPUs that ran the phase function.
 * @calls:		Calls of the phase function on all CPUs, counting each
 *			call again after SEAM_PHASE_AGAIN.
 * @slowest_cpu:	The CPU that spent longest in the phase, or -1 if it
 *			did not run.
 * @slowest_ns:		The time that CPU spent in the phase function.
 */
struct seam_phase_stat {
	unsigned int	cpus;
	unsigned int	calls;
	int		slowest_cpu;
	u64		slowest_ns;
};

struct seam_plan;

/**
 * struct seam_plan_result - The outcome of seam_run_plan()
 * @plan:		The plan that ran, for the names of its phases.
 * @err:		0 or the negative errno of the run.
 * @failed_phase:	Index of the phase that failed, or -1.
 * @failed_cpu:		The CPU that failed, or -1.
 * @status:		The raw SEAM status of the failing call, or 0.
 * @leaf:		The leaf of the failing call, or NULL.
 * @started:		The plan passed the pre-flight checks and ran.
 * @ponr_crossed:	Some CPU completed the point-of-no-return phase: a
 *			failure left the firmware changed, in a state only
 *			the client can judge.
 * @blackout_ns:	From the first CPU entering the stopped section to
 *			the last CPU leaving it; 0 for the process runner.
 * @phase:		Per-phase statistics.
 */
struct seam_plan_result {
	const struct seam_plan		*plan;
	int				err;
	int				failed_phase;
	int				failed_cpu;
	u64				status;
	const struct seam_leaf		*leaf;
	bool				started;
	bool				ponr_crossed;
	u64				blackout_ns;
	struct seam_phase_stat		phase[SEAM_PLAN_MAX_PHASES];
};

/*
 * The plan runs on the CPUs that are online: a present CPU that is offline
 * does not refuse it.  Without the flag every present CPU must be online.
 */
#define SEAM_PLAN_ONLINE_CPUS		BIT(0)

/**
 * struct seam_plan - A CPU-synchronised operation
 * @name:		Name, for logs and tracepoints.
 * @phases:		The phases, in order.
 * @nr_phases:		Number of phases, at most SEAM_PLAN_MAX_PHASES.
 * @flags:		SEAM_PLAN_* flags.
 * @runner:		How the phases run.
 * @preflight:		Optional.  The client's own checks, run after the
 *			core's and before the first phase, with the CPU
 *			hotplug lock held.  A non-zero return refuses the
 *			plan with no side effect.
 * @finish:		Optional.  Called after a run that started, with
 *			the CPU hotplug lock still held and the plan lock
 *			dropped, so the client can bring its own state in
 *			line with the outcome under its own locks.
 */
struct seam_plan {
	const char			*name;
	const struct seam_phase		*phases;
	unsigned int			nr_phases;
	unsigned int			flags;
	enum seam_runner		runner;
	int				(*preflight)(void *data);
	void				(*finish)(void *data,
						  const struct seam_plan_result *res);
};

int seam_run_plan(const struct seam_plan *plan, void *data,
		  struct seam_plan_result *result);
int seam_run_plan_cpuslocked(const struct seam_plan *plan, void *data,
			     struct seam_plan_result *result);

struct dentry;

struct dentry *seam_debugfs_dir(void);

#endif /* _LINUX_SEAM_PLAN_H */
