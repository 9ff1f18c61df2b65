#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build seam-mkimage and run its host tests; record the counts.
# Usage: mkimage-test.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

results=${1:-}
out="$BUILD/mkimage"

"$REPO/harness/tree.sh" >/dev/null
mkdir -p "$out"
make -s -C "$TREE/tools/seam/mkimage" OUTPUT="$out/"
set +e
"$out/test_mkimage" "$out/seam-mkimage" | tee "$out/test.log"
rc=${PIPESTATUS[0]}
set -e
counts=$(sed -n 's/^# \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$out/test.log")
[ -n "$counts" ] || counts="0 1"
[ "$rc" -eq 0 ] || [ "${counts#* }" != 0 ] || counts="${counts% *} 1"
[ -z "$results" ] || echo "mkimage $counts" >> "$results"
exit $rc
