#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz the TDX module image parser with libFuzzer (ASan + UBSan) for
# FUZZ_RUNS executions (default 1,000,000) and report the count.
# Usage: fuzz.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

runs=${FUZZ_RUNS:-1000000}
results=${1:-}
out="$BUILD/fuzz"

"$REPO/harness/tree.sh" >/dev/null
mkdir -p "$out/corpus"
make -s -C "$TREE/tools/seam/fuzz" OUTPUT="$out/"
"$out/mkseeds" "$out/corpus"

set +e
"$out/fuzz_image" -runs="$runs" -max_len=20480 -print_final_stats=1 \
	-dict="$TREE/tools/seam/fuzz/image.dict" \
	-artifact_prefix="$out/" "$out/corpus" > "$out/fuzz.log" 2>&1
rc=$?
set -e
done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$out/fuzz.log" | tail -1)
if [ "$rc" -ne 0 ] || [ "${done_runs:-0}" -lt "$runs" ]; then
	tail -40 "$out/fuzz.log" >&2
	note "fuzz: FAILED after ${done_runs:-0} of $runs executions (exit $rc); see $out/"
	[ -z "$results" ] || echo "fuzz 0 1" >> "$results"
	exit 1
fi
note "fuzz: $done_runs executions of the image parser, no crash ($(grep -o 'cov: [0-9]*' "$out/fuzz.log" | tail -1))"
[ -z "$results" ] || echo "fuzz 1 0" >> "$results"
