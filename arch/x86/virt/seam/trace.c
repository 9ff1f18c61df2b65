// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM tracepoints are instantiated here, and only here.
 */

#define CREATE_TRACE_POINTS
#include <trace/events/seam.h>
