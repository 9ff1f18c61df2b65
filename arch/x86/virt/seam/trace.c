// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM tracepoints are instantiated here, and only here.
 */

#define CREATE_TRACE_POINTS
#include <trace/events/seam.h>

/* For clients and tests built as modules. */
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_call);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_plan_start);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_stop_arrive);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_stop_leave);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_phase_enter);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_phase_exit);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_cpu_slow);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_phase_done);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_plan_done);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_tdx_handoff);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_target_poisoned);
EXPORT_TRACEPOINT_SYMBOL_GPL(seam_target_healed);
