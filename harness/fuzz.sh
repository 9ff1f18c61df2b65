#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fuzz with libFuzzer (ASan + UBSan), FUZZ_RUNS executions each (default
# 1,000,000): the TDX module image parser, and seamctl's reader of
# mapping_file.json.  Each target is one test in RESULTS_FILE.
# Usage: fuzz.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

runs=${FUZZ_RUNS:-1000000}
results=${1:-}
out="$BUILD/fuzz"
fuzz_dir="$TREE/tools/seam/fuzz"
status=0

"$REPO/harness/tree.sh" >/dev/null
mkdir -p "$out/corpus" "$out/corpus-mapping"
make -s -C "$fuzz_dir" OUTPUT="$out/"
"$out/mkseeds" "$out/corpus"
cp "$fuzz_dir/mapping-seed.json" "$out/corpus-mapping/"

# fuzz TARGET WHAT MAX_LEN DICT CORPUS
fuzz() {
	local target=$1 what=$2 log="$out/$1.log" rc done_runs

	set +e
	"$out/$target" -runs="$runs" -max_len="$3" -print_final_stats=1 -dict="$4" \
		-artifact_prefix="$out/$target-" "$5" > "$log" 2>&1
	rc=$?
	set -e
	done_runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
	if [ "$rc" -ne 0 ] || [ "${done_runs:-0}" -lt "$runs" ]; then
		tail -40 "$log" >&2
		note "fuzz: $what: FAILED after ${done_runs:-0} of $runs executions (exit $rc); see $out/"
		status=1
		return 1
	fi
	note "fuzz: $done_runs executions of $what, no crash ($(grep -o 'cov: [0-9]*' "$log" | tail -1))"
}

passed=0
failed=0
for t in "fuzz_image|the image parser|20480|$fuzz_dir/image.dict|$out/corpus" \
	 "fuzz_mapping|the mapping-file reader|8192|$fuzz_dir/mapping.dict|$out/corpus-mapping"; do
	IFS='|' read -r target what len dict corpus <<< "$t"
	if fuzz "$target" "$what" "$len" "$dict" "$corpus"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
[ -z "$results" ] || echo "fuzz $passed $failed" >> "$results"
exit $status
