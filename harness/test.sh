#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's test command: every test stage runs, and the last line sums
# them all as "N passed, N failed".

. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD"
results="$BUILD/test-results"
: > "$results"
status=0

stage() {
	local name=$1
	shift
	local t0=$SECONDS
	note "test stage: $name"
	run_stage "$name" "$results" "$@" "$results" || status=1
	note "test stage $name took $((SECONDS - t0)) s"
}

"$REPO/harness/tree.sh"
# Each guest kernel is built once in this run (guest.sh).
SEAM_RUN="test-$$-$(date +%s)"
export SEAM_RUN
# The KUnit suites, built into the run kernel, run at its boot.
stage kunit "$REPO/harness/guest.sh" kunit
stage mkimage "$REPO/harness/mkimage-test.sh"
stage seamctl "$REPO/harness/seamctl-test.sh"
stage selftests "$REPO/harness/guest.sh" selftest
stage seamctl-guest "$REPO/harness/guest.sh" seamctl
# The tdx_host ABI on seam and on the peer kernel, mainline's own code.
stage conformance "$REPO/harness/conformance.sh"
# The bpftrace scripts watching the demo's updates, checked.
stage trace "$REPO/harness/trace.sh"
# A short fuzz run; 'make fuzz' runs the full budget.
stage fuzz env FUZZ_RUNS="${FUZZ_RUNS:-100000}" "$REPO/harness/fuzz.sh"
# The blackout benchmark, short, so that 'make bench' cannot rot.
stage bench env BENCH=quick "$REPO/harness/bench.sh"

sum_results "$results" || status=1
exit $status
