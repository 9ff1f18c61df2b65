#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build seamctl (and seam-mkimage, which makes its test images) from the
# repository alone, as an administrator would, install it into a scratch
# DESTDIR, and run the host tests on the installed binary; record the
# counts.
# Usage: seamctl-test.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

results=${1:-}
out="$BUILD/seamctl"

rm -rf "$out/install"
mkdir -p "$out"
make -s -C "$REPO/tools/seam/mkimage" OUTPUT="$out/"
make -s -C "$REPO/tools/seam/seamctl" OUTPUT="$out/"
make -s -C "$REPO/tools/seam/seamctl" OUTPUT="$out/" install DESTDIR="$out/install"
run_counted seamctl "$out/test.log" "$results" \
	"$REPO/tools/seam/seamctl/test_seamctl.sh" "$out/install/usr/local/sbin/seamctl" \
	"$out/seam-mkimage" "$out/install"
