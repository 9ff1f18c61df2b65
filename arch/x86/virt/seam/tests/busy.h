/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time spent in a stand-in's call, as firmware would spend it; for the
 * KUnit tests and the benchmark.
 */
#ifndef _SEAM_TESTS_BUSY_H
#define _SEAM_TESTS_BUSY_H

#include <linux/nmi.h>
#include <linux/processor.h>
#include <linux/timekeeping.h>

/**
 * seam_busy_us() - Spin for a time, as firmware would
 * @us:	Microseconds by the engine's clock, ktime_get_mono_fast_ns().
 *
 * Not udelay(): it counts loops_per_jiffy, whose calibration under QEMU's
 * TCG can be off by ten times, so a call held for a test's time could
 * end ten times early.  Touches the NMI watchdog, as the engine's waits do.
 *
 * Context: Any context; spins.
 */
static inline void seam_busy_us(unsigned int us)
{
	u64 start = ktime_get_mono_fast_ns(), touched = start, now;

	do {
		cpu_relax();
		now = ktime_get_mono_fast_ns();
		if (now - touched > NSEC_PER_MSEC) {
			touch_nmi_watchdog();
			touched = now;
		}
	} while (now - start < (u64)us * NSEC_PER_USEC);
}

#endif /* _SEAM_TESTS_BUSY_H */
