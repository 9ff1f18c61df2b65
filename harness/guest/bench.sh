#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The 'make bench' job, run inside a guest booted without the SEAM
# emulator: the blackout runs (a) to (e), then the pre-flight checks (f)
# on images of the given sizes built with seam-mkimage.  Prints the CSV
# between BENCH-BEGIN and BENCH-END.  $1 is a comma-separated list of
# reps=N, latency=US, preflight_reps=N and pages=P:P:...

bench=/sys/kernel/debug/seam/bench
image=${TMPDIR:-/tmp}/bench.bin
reps=200 latency=50 preflight_reps=20 pages="1 496"

fail() {
	echo "bench: FAILED: $*"
	exit 1
}

IFS=, read -ra opts <<< "$1"
for o in "${opts[@]}"; do
	case $o in
	reps=*) reps=${o#*=} ;;
	latency=*) latency=${o#*=} ;;
	preflight_reps=*) preflight_reps=${o#*=} ;;
	pages=*) pages=${o#*=}; pages=${pages//:/ } ;;
	none) ;;
	*) fail "unknown option $o" ;;
	esac
done

[ -d $bench ] || fail "$bench is missing: CONFIG_SEAM_BENCH?"
# Keep the engine's log line per run off the serial console.
dmesg -n 1
echo "bench: $(nproc) CPUs, $reps repetitions, INSTALL latency $latency us"
echo "reps=$reps latency_us=$latency" > $bench/run || fail "the blackout runs"
for p in $pages; do
	"$SEAM_GUEST/seam-mkimage" --pages "$p" -o $image > /dev/null || fail "seam-mkimage --pages $p"
	cat $image > $bench/image || fail "writing the image"
	echo "reps=$preflight_reps" > $bench/preflight || fail "the pre-flight checks, $p pages"
done
echo BENCH-BEGIN
cat $bench/results
echo BENCH-END
