#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make trace': the demo of 'make run' with the bpftrace scripts of
# tools/seam/bpftrace watching it in the guest.  After each upload the
# guest shows the driver's statistics next to the timeline and the failure
# watcher's lines; at the end, the SEAMCALL latency histograms.  Then
# trace-check.py checks what the scripts printed against the driver's own
# statistics; 'make test' counts its checks.  The guest runs its vCPUs in
# one QEMU thread, so that the host cannot deschedule one vCPU alone between
# two clock reads that the checks compare (see trace-check.py).
# Usage: trace.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

results=${1:-}
log="$BUILD/guest/trace.log"

set +e
GUEST_TIMEOUT=${GUEST_TIMEOUT:-600} QEMU_TCG_THREAD=single "$REPO/harness/guest.sh" trace
rc=$?
python3 "$REPO/harness/trace-check.py" "$log" | tee "$BUILD/guest/trace-check.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || rc=1
set -e

counts=$(sed -n 's/^trace: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' \
	"$BUILD/guest/trace-check.log")
[ -n "$counts" ] || counts="0 1"
[ "$rc" -eq 0 ] || [ "${counts#* }" != 0 ] || counts="${counts% *} 1"
[ -z "$results" ] || echo "trace $counts" >> "$results"
exit $rc
