#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build seamctl (and seam-mkimage, which makes its test images) and run its
# host tests; record the counts.
# Usage: seamctl-test.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

results=${1:-}
out="$BUILD/seamctl"

"$REPO/harness/tree.sh" >/dev/null
mkdir -p "$out"
make -s -C "$TREE/tools/seam/mkimage" OUTPUT="$out/"
make -s -C "$TREE/tools/seam/seamctl" OUTPUT="$out/"
run_counted seamctl "$out/test.log" "$results" \
	"$TREE/tools/seam/seamctl/test_seamctl.sh" "$out/seamctl" "$out/seam-mkimage"
