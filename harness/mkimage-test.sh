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
run_counted mkimage "$out/test.log" "$results" "$out/test_mkimage" "$out/seam-mkimage"
