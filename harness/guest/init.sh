#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the seam test guest.  The root is the host's, read-only; the
# kernel passes SEAM_JOB, SEAM_GUEST (the host's build/guest) and
# SEAM_REPO in the environment.  Scratch files go to TMPDIR, a tmpfs on
# /run: the host's /tmp stays visible, since the repo may live there.
# Ends with "SEAM-JOB: <job> exit <status>" and powers off.

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /run
export TMPDIR=/run
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing

status=1
case "$SEAM_JOB" in
demo)
	"$SEAM_REPO/harness/guest/demo.sh"
	status=$?
	;;
trace)
	SEAM_TRACE=1 "$SEAM_REPO/harness/guest/demo.sh"
	status=$?
	;;
selftest)
	"$SEAM_GUEST/seam_update_test"
	status=$?
	"$SEAM_REPO/harness/guest/seamctl.sh" || status=1
	;;
bench)
	"$SEAM_REPO/harness/guest/bench.sh" "$SEAM_BENCH_ARGS"
	status=$?
	;;
shell)
	echo "seam guest shell: the emulator is at /sys/kernel/debug/seam/emulator;"
	echo "tools in $SEAM_GUEST; exit the shell to power off"
	setsid bash -i < /dev/ttyS0 > /dev/ttyS0 2>&1
	status=0
	;;
*)
	echo "seam guest: unknown job '$SEAM_JOB'"
	;;
esac
echo "SEAM-JOB: $SEAM_JOB exit $status"
sync
/bin/busybox reboot -f
