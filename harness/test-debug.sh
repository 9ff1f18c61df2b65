#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make test-debug': the KUnit suites and the kselftests on the debug
# guest kernel (harness/configs/debug.config: KASAN, lockdep, UBSAN,
# kmemleak, the atomic-sleep, soft-lockup and hung-task detectors), 4 CPUs,
# two boots of one kernel.  Every splat counts as a failure
# (splat-check.sh).  RT=1 runs the suites on the PREEMPT_RT variant.  Ends
# with "N passed, N failed"; the counts are also in
# build/test-debug-results, which .ci/run adds up.

. "$(dirname "$0")/lib.sh"

variant=debug
[ "${RT:-0}" = 0 ] || variant=debug-rt
results="$BUILD/test-debug-results"
mkdir -p "$BUILD"
: > "$results"
status=0

# boot NAME ENV... COMMAND...
boot() {
	local name=$1 t0=$SECONDS

	shift
	note "test-debug: $name: $*"
	run_stage "$name-$variant" "$results" \
		env GUEST_KERNEL=$variant GUEST_TIMEOUT="${GUEST_TIMEOUT:-1500}" "$@" || status=1
	note "test-debug: $name took $((SECONDS - t0)) s"
}

SEAM_RUN="test-debug-$$-$(date +%s)"
export SEAM_RUN
# The suites run at boot, before init, as in make test.
boot kunit "$REPO/harness/guest.sh" kunit "$results"
# The kselftests on the emulator, the suites off (guest.sh).  seamctl's
# guest test is left to make test: it drives the same kernel paths (update,
# refusal, failure past the PONR, recovery), and costs 150 s here.  RT=1
# stops after the suites: under PREEMPT_RT and the debug options the guest
# took 160 s to reach user space on a loaded host, and most kselftests ran
# past the harness's 30 s limit per test.
if [ "$variant" = debug ]; then
	boot kselftests "$REPO/harness/guest.sh" selftest "$results"
fi

sum_results "$results" || status=1
exit $status
