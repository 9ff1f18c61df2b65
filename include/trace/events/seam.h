/* SPDX-License-Identifier: GPL-2.0 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM seam

#if !defined(_TRACE_SEAM_H) || defined(TRACE_HEADER_MULTI_READ)
#define _TRACE_SEAM_H

#include <linux/tracepoint.h>
#include <linux/seam/leaf.h>

TRACE_DEFINE_ENUM(SEAM_TARGET_MODULE);
TRACE_DEFINE_ENUM(SEAM_TARGET_SEAMLDR);

#define show_seam_target(target)				\
	__print_symbolic(target,				\
			 { SEAM_TARGET_MODULE, "module" },	\
			 { SEAM_TARGET_SEAMLDR, "seamldr" })

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

#endif /* _TRACE_SEAM_H */

/* This part must be outside protection */
#include <trace/define_trace.h>
