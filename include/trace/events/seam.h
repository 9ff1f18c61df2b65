/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM seam

#if !defined(_TRACE_SEAM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_SEAM_H

#include <linux/tracepoint.h>
#include <linux/seam/leaf.h>
#include <linux/seam/plan.h>

TRACE_DEFINE_ENUM(SEAM_TARGET_MODULE);
TRACE_DEFINE_ENUM(SEAM_TARGET_SEAMLDR);
TRACE_DEFINE_ENUM(SEAM_SCOPE_LEAD);
TRACE_DEFINE_ENUM(SEAM_SCOPE_EACH);
TRACE_DEFINE_ENUM(SEAM_SCOPE_EACH_SERIAL);

#define show_seam_target(target)				\
	__print_symbolic(target,				\
			 { SEAM_TARGET_MODULE, "module" },	\
			 { SEAM_TARGET_SEAMLDR, "seamldr" })

#define show_seam_scope(scope)					\
	__print_symbolic(scope,					\
			 { SEAM_SCOPE_LEAD, "lead" },		\
			 { SEAM_SCOPE_EACH, "each" },		\
			 { SEAM_SCOPE_EACH_SERIAL, "each_serial" })

/* One SEAMCALL, retries included. */
TRACE_EVENT(seam_call,
	    TP_PROTO(const struct seam_leaf *leaf, u64 status, int err,
		     u64 duration_ns),
	    TP_ARGS(leaf, status, err, duration_ns),
	    TP_STRUCT__entry(__string(leaf, leaf->name)
			     __field(u64, fn)
			     __field(int, target)
			     __field(int, cpu)
			     __field(u64, status)
			     __field(int, err)
			     __field(u64, duration_ns)),
	    TP_fast_assign(__assign_str(leaf);
			   __entry->fn = leaf->fn;
			   __entry->target = leaf->target;
			   __entry->cpu = raw_smp_processor_id();
			   __entry->status = status;
			   __entry->err = err;
			   __entry->duration_ns = duration_ns;),
	    TP_printk("leaf=%s fn=0x%llx target=%s cpu=%d status=0x%016llx err=%d duration_ns=%llu",
		      __get_str(leaf), __entry->fn,
		      show_seam_target(__entry->target), __entry->cpu,
		      __entry->status, __entry->err, __entry->duration_ns)
);

/*
 * Phase events are emitted after the stop, from the CPUs' result slots;
 * ts_ns is when the CPU entered or left the phase function.
 */
DECLARE_EVENT_CLASS(seam_phase,
		    TP_PROTO(const struct seam_plan *plan, unsigned int phase,
			     int cpu, u64 ts_ns, int err),
		    TP_ARGS(plan, phase, cpu, ts_ns, err),
		    TP_STRUCT__entry(__string(plan, plan->name)
				     __string(phase, plan->phases[phase].name)
				     __field(unsigned int, idx)
				     __field(int, scope)
				     __field(int, cpu)
				     __field(u64, ts_ns)
				     __field(int, err)),
		    TP_fast_assign(__assign_str(plan);
				   __assign_str(phase);
				   __entry->idx = phase;
				   __entry->scope = plan->phases[phase].scope;
				   __entry->cpu = cpu;
				   __entry->ts_ns = ts_ns;
				   __entry->err = err;),
		    TP_printk("plan=%s phase=%s idx=%u scope=%s cpu=%d ts_ns=%llu err=%d",
			      __get_str(plan), __get_str(phase), __entry->idx,
			      show_seam_scope(__entry->scope), __entry->cpu,
			      __entry->ts_ns, __entry->err)
);

DEFINE_EVENT(seam_phase, seam_phase_enter,
	     TP_PROTO(const struct seam_plan *plan, unsigned int phase,
		      int cpu, u64 ts_ns, int err),
	     TP_ARGS(plan, phase, cpu, ts_ns, err)
);

DEFINE_EVENT(seam_phase, seam_phase_exit,
	     TP_PROTO(const struct seam_plan *plan, unsigned int phase,
		      int cpu, u64 ts_ns, int err),
	     TP_ARGS(plan, phase, cpu, ts_ns, err)
);

/*
 * A CPU took longer than its phase's bound after the point of no return:
 * the others waited for it.  duration_ns is its time in the phase.
 */
TRACE_EVENT(seam_cpu_slow,
	    TP_PROTO(const struct seam_plan *plan, unsigned int phase, int cpu,
		     u64 duration_ns),
	    TP_ARGS(plan, phase, cpu, duration_ns),
	    TP_STRUCT__entry(__string(plan, plan->name)
			     __string(phase, plan->phases[phase].name)
			     __field(int, cpu)
			     __field(u64, duration_ns)),
	    TP_fast_assign(__assign_str(plan);
			   __assign_str(phase);
			   __entry->cpu = cpu;
			   __entry->duration_ns = duration_ns;),
	    TP_printk("plan=%s phase=%s cpu=%d duration_ns=%llu",
		      __get_str(plan), __get_str(phase), __entry->cpu,
		      __entry->duration_ns)
);

/* The end of a run that passed the pre-flight checks. */
TRACE_EVENT(seam_plan_done,
	    TP_PROTO(const struct seam_plan *plan,
		     const struct seam_plan_result *res),
	    TP_ARGS(plan, res),
	    TP_STRUCT__entry(__string(plan, plan->name)
			     __string(failed_phase, res->failed_phase < 0 ? "" :
				      plan->phases[res->failed_phase].name)
			     __field(int, err)
			     __field(int, failed_cpu)
			     __field(u64, status)
			     __field(u64, blackout_ns)
			     __field(bool, ponr_crossed)
			     __field(bool, poisoned)),
	    TP_fast_assign(__assign_str(plan);
			   __assign_str(failed_phase);
			   __entry->err = res->err;
			   __entry->failed_cpu = res->failed_cpu;
			   __entry->status = res->status;
			   __entry->blackout_ns = res->blackout_ns;
			   __entry->ponr_crossed = res->ponr_crossed;
			   __entry->poisoned = res->poisoned;),
	    TP_printk("plan=%s err=%d failed_phase=%s failed_cpu=%d status=0x%016llx blackout_ns=%llu ponr_crossed=%d poisoned=%d",
		      __get_str(plan), __entry->err, __get_str(failed_phase),
		      __entry->failed_cpu, __entry->status,
		      __entry->blackout_ns, __entry->ponr_crossed,
		      __entry->poisoned)
);

/*
 * The TDX module update chose the handoff version that TDH.SYS.SHUTDOWN
 * writes: the highest one both modules accept, or hv=-1 when there is
 * none and the update is refused before the shutdown.
 */
TRACE_EVENT(seam_tdx_handoff,
	    TP_PROTO(u16 old_min, u16 old_max, bool no_downgrade, u16 new_min,
		     u16 new_max, int hv),
	    TP_ARGS(old_min, old_max, no_downgrade, new_min, new_max, hv),
	    TP_STRUCT__entry(__field(u16, old_min)
			     __field(u16, old_max)
			     __field(bool, no_downgrade)
			     __field(u16, new_min)
			     __field(u16, new_max)
			     __field(int, hv)),
	    TP_fast_assign(__entry->old_min = old_min;
			   __entry->old_max = old_max;
			   __entry->no_downgrade = no_downgrade;
			   __entry->new_min = new_min;
			   __entry->new_max = new_max;
			   __entry->hv = hv;),
	    TP_printk("old=%u..%u no_downgrade=%d new=%u..%u hv=%d",
		      __entry->old_min, __entry->old_max, __entry->no_downgrade,
		      __entry->new_min, __entry->new_max, __entry->hv)
);

#endif /* _TRACE_SEAM_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
