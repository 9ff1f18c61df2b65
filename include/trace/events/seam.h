/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM seam

#if !defined(_TRACE_SEAM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_SEAM_H

#include <linux/tracepoint.h>
#include <linux/seam/leaf.h>
#include <linux/seam/plan.h>

TRACE_DEFINE_ENUM(SEAM_SCOPE_LEAD);
TRACE_DEFINE_ENUM(SEAM_SCOPE_EACH);
TRACE_DEFINE_ENUM(SEAM_SCOPE_EACH_SERIAL);
TRACE_DEFINE_ENUM(SEAM_SCOPE_EACH_PACKAGE);

#define show_seam_scope(scope)					\
	__print_symbolic(scope,					\
			 { SEAM_SCOPE_LEAD, "lead" },		\
			 { SEAM_SCOPE_EACH, "each" },		\
			 { SEAM_SCOPE_EACH_SERIAL, "each_serial" },	\
			 { SEAM_SCOPE_EACH_PACKAGE, "each_package" })

/*
 * Every event fires when it happens, on the CPU where it happens; the CPU
 * and the time are those of the event itself, so no field repeats them.
 */

/* One SEAMCALL, retries included, when it returns. */
TRACE_EVENT(seam_call,
	    TP_PROTO(const struct seam_leaf *leaf, u64 status, int err,
		     u64 duration_ns),
	    TP_ARGS(leaf, status, err, duration_ns),
	    TP_STRUCT__entry(__string(leaf, leaf->name)
			     __field(u64, status)
			     __field(int, err)
			     __field(u64, duration_ns)),
	    TP_fast_assign(__assign_str(leaf);
			   __entry->status = status;
			   __entry->err = err;
			   __entry->duration_ns = duration_ns;),
	    TP_printk("leaf=%s status=0x%016llx err=%d duration_ns=%llu",
		      __get_str(leaf), __entry->status, __entry->err,
		      __entry->duration_ns)
);

/*
 * A plan passed its pre-flight checks and is about to stop the machine:
 * its phases, the CPUs taking part, and its point-of-no-return phase
 * (none: a plan without one).
 */
TRACE_EVENT(seam_plan_start,
	    TP_PROTO(const struct seam_plan *plan, unsigned int cpus,
		     unsigned int ponr),
	    TP_ARGS(plan, cpus, ponr),
	    TP_STRUCT__entry(__string(plan, plan->name)
			     __field(unsigned int, phases)
			     __field(unsigned int, cpus)
			     __string(ponr, ponr < plan->nr_phases ?
				      plan->phases[ponr].name : "none")),
	    TP_fast_assign(__assign_str(plan);
			   __entry->phases = plan->nr_phases;
			   __entry->cpus = cpus;
			   __assign_str(ponr);),
	    TP_printk("plan=%s phases=%u cpus=%u ponr=%s",
		      __get_str(plan), __entry->phases, __entry->cpus,
		      __get_str(ponr))
);

/* A CPU entered or left the stopped section: interrupts off, TDs paused. */
DECLARE_EVENT_CLASS(seam_stop,
		    TP_PROTO(const struct seam_plan *plan),
		    TP_ARGS(plan),
		    TP_STRUCT__entry(__string(plan, plan->name)),
		    TP_fast_assign(__assign_str(plan);),
		    TP_printk("plan=%s", __get_str(plan))
);

DEFINE_EVENT(seam_stop, seam_stop_arrive,
	     TP_PROTO(const struct seam_plan *plan),
	     TP_ARGS(plan)
);

DEFINE_EVENT(seam_stop, seam_stop_leave,
	     TP_PROTO(const struct seam_plan *plan),
	     TP_ARGS(plan)
);

/* A CPU is about to call a phase function. */
TRACE_EVENT(seam_phase_enter,
	    TP_PROTO(const struct seam_plan *plan, unsigned int phase),
	    TP_ARGS(plan, phase),
	    TP_STRUCT__entry(__string(plan, plan->name)
			     __string(phase, plan->phases[phase].name)
			     __field(unsigned int, idx)
			     __field(int, scope)),
	    TP_fast_assign(__assign_str(plan);
			   __assign_str(phase);
			   __entry->idx = phase;
			   __entry->scope = plan->phases[phase].scope;),
	    TP_printk("plan=%s phase=%s idx=%u scope=%s", __get_str(plan),
		      __get_str(phase), __entry->idx,
		      show_seam_scope(__entry->scope))
);

/* A phase function returned on this CPU, with @err. */
TRACE_EVENT(seam_phase_exit,
	    TP_PROTO(const struct seam_plan *plan, unsigned int phase, int err),
	    TP_ARGS(plan, phase, err),
	    TP_STRUCT__entry(__string(plan, plan->name)
			     __string(phase, plan->phases[phase].name)
			     __field(unsigned int, idx)
			     __field(int, err)),
	    TP_fast_assign(__assign_str(plan);
			   __assign_str(phase);
			   __entry->idx = phase;
			   __entry->err = err;),
	    TP_printk("plan=%s phase=%s idx=%u err=%d", __get_str(plan),
		      __get_str(phase), __entry->idx, __entry->err)
);

/*
 * Once every CPU runs again, for each phase of the run: how many CPUs ran
 * it (0: none, the run stopped before it) and the one that spent longest
 * in the phase function (-1 if none).  Fires before seam_plan_done.
 */
TRACE_EVENT(seam_phase_done,
	    TP_PROTO(const struct seam_plan *plan, unsigned int phase,
		     const struct seam_phase_stat *st),
	    TP_ARGS(plan, phase, st),
	    TP_STRUCT__entry(__string(plan, plan->name)
			     __string(phase, plan->phases[phase].name)
			     __field(unsigned int, idx)
			     __field(int, scope)
			     __field(unsigned int, cpus)
			     __field(int, slowest_cpu)
			     __field(u64, slowest_ns)),
	    TP_fast_assign(__assign_str(plan);
			   __assign_str(phase);
			   __entry->idx = phase;
			   __entry->scope = plan->phases[phase].scope;
			   __entry->cpus = st->cpus;
			   __entry->slowest_cpu = st->slowest_cpu;
			   __entry->slowest_ns = st->slowest_ns;),
	    TP_printk("plan=%s phase=%s idx=%u scope=%s cpus=%u slowest_cpu=%d slowest_ns=%llu",
		      __get_str(plan), __get_str(phase), __entry->idx,
		      show_seam_scope(__entry->scope), __entry->cpus,
		      __entry->slowest_cpu, __entry->slowest_ns)
);

/*
 * The end of a run that passed the pre-flight checks, once every CPU
 * runs again: the result, the first failure (phase, CPU, last failing
 * SEAMCALL there and its raw status), the blackout from the first CPU
 * arriving in the stopped section to the last leaving it, and whether
 * the point of no return was crossed: after a failure, the firmware was
 * changed.
 */
TRACE_EVENT(seam_plan_done,
	    TP_PROTO(const struct seam_plan *plan,
		     const struct seam_plan_result *res),
	    TP_ARGS(plan, res),
	    TP_STRUCT__entry(__string(plan, plan->name)
			     __field(int, err)
			     __string(failed_phase, res->failed_phase < 0 ? "" :
				      plan->phases[res->failed_phase].name)
			     __field(int, failed_cpu)
			     __string(leaf, res->leaf ? res->leaf->name : "")
			     __field(u64, status)
			     __field(u64, blackout_ns)
			     __field(bool, ponr_crossed)),
	    TP_fast_assign(__assign_str(plan);
			   __entry->err = res->err;
			   __assign_str(failed_phase);
			   __entry->failed_cpu = res->failed_cpu;
			   __assign_str(leaf);
			   __entry->status = res->status;
			   __entry->blackout_ns = res->blackout_ns;
			   __entry->ponr_crossed = res->ponr_crossed;),
	    TP_printk("plan=%s err=%d failed_phase=%s failed_cpu=%d leaf=%s status=0x%016llx blackout_ns=%llu ponr_crossed=%d",
		      __get_str(plan), __entry->err, __get_str(failed_phase),
		      __entry->failed_cpu, __get_str(leaf), __entry->status,
		      __entry->blackout_ns, __entry->ponr_crossed)
);

#endif /* _TRACE_SEAM_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
