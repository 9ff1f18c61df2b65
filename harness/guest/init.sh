#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# PID 1 of the seam test guest.  The root is the host's, read-only; the
# kernel passes SEAM_JOB, SEAM_GUEST (the host's build/guest), SEAM_REPO
# SEAM_HOST_MODULE (seam-svc.ko, or the peer's tdx-host.ko), SEAM_PEER
# (mainline on the peer kernel, else none) and SEAM_SCENARIO (the
# conformance scenario) in the environment.  Scratch files go to TMPDIR, a tmpfs on
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

# The tdx_host driver, built as a module (SEAM_HOST_MODULE, from guest.sh),
# as a host loads it; while its upload exists it cannot be unloaded.
export SEAM_HOST_MODULE SEAM_PEER SEAM_SCENARIO
insmod "$SEAM_HOST_MODULE" || echo "seam guest: cannot load $SEAM_HOST_MODULE"

# A debug kernel's leak detector scans only after the job (below).  Its
# own thread's first scan, 60 s after boot (SECS_FIRST_SCAN in
# mm/kmemleak.c), walks all memory under KASAN and TCG in the middle of
# the tests, where CI once saw an update outlast the selftests' wait.
[ ! -e /sys/kernel/debug/kmemleak ] || echo scan=off > /sys/kernel/debug/kmemleak

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
	;;
seamctl)
	"$SEAM_REPO/harness/guest/seamctl.sh"
	status=$?
	;;
conformance)
	python3 "$SEAM_REPO/harness/guest/conformance.py"
	status=$?
	;;
bench)
	"$SEAM_REPO/harness/guest/bench.sh" "$SEAM_BENCH_ARGS"
	status=$?
	;;
bench-update)
	"$SEAM_REPO/harness/guest/bench-update.sh" "$SEAM_BENCH_ARGS"
	status=$?
	;;
kunit|boot)
	# kunit: the KUnit suites built into the kernel ran before
	# init.  boot: nothing but the boot, the shared root and power-off.
	status=0
	;;
shell)
	echo "seam guest shell: the emulator is at /sys/kernel/debug/seam_emulator;"
	echo "tools in $SEAM_GUEST; exit the shell to power off"
	setsid bash -i < /dev/ttyS0 > /dev/ttyS0 2>&1
	status=0
	;;
*)
	echo "seam guest: unknown job '$SEAM_JOB'"
	;;
esac
# A debug kernel's leak detector, after the job: two scans, since kmemleak
# does not report an object whose contents changed since the previous scan
# (its checksum), and the first scan sets every checksum; then the report
# on the console, where harness/splat-check.sh counts every unreferenced
# object.  Only objects at least 5 s old are reported.
if [ -e /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	echo "kmemleak: $(grep -c '^unreferenced object' /sys/kernel/debug/kmemleak) unreferenced object(s) after the job"
	cat /sys/kernel/debug/kmemleak
fi
echo "SEAM-JOB: $SEAM_JOB exit $status"
sync
/bin/busybox reboot -f
