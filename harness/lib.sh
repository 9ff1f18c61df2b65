#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared settings and helpers for the seam harness scripts.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$REPO/build"
BASE_TARBALL=${BASE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
PRISTINE="$BUILD/base/linux-source-6.12"
TREE="$BUILD/linux"
STATE="$BUILD/state"
OUT="$BUILD/out"
JOBS=${JOBS:-$(nproc)}

# The directories whose files are overlaid onto the kernel tree.
OVERLAY_ROOTS="arch drivers include Documentation tools"

die() {
	echo "seam: error: $*" >&2
	exit 1
}

note() {
	echo "seam: $*"
}

# The repo files that belong in the kernel tree, relative to the repo root:
# everything tracked or untracked-but-not-ignored under the overlay roots.
overlay_files() {
	(cd "$REPO" && git ls-files --cached --others --exclude-standard -- \
		$OVERLAY_ROOTS | sort -u | while read -r f; do
			[ -f "$f" ] && echo "$f"
		done)
}

# The project's patches to existing kernel files, in series order.
patch_series() {
	grep -v '^[[:space:]]*\(#\|$\)' "$REPO/patches/series"
}

# Files a patch touches, relative to the tree root.
patch_touched_files() {
	sed -n 's|^+++ b/\([^[:space:]]*\).*|\1|p' "$1"
}

base_version() {
	make -s -C "$1" kernelversion 2>/dev/null
}

# Kernel build helpers: always out of tree, never touching the source tree.
kmake() {
	local out=$1
	shift
	make -C "$TREE" O="$out" ARCH=x86_64 -j"$JOBS" "$@"
}

# Configure $1 (an output directory) for 'make check' and 'make patches-check':
# x86_64_defconfig plus harness/configs/check.config, then any further
# fragments given after $2.  Symbols that the tree in $2 (default $TREE)
# does not define yet are dropped by olddefconfig.
check_config() {
	local out=$1 tree=${2:-$TREE}
	shift $(($# < 2 ? $# : 2))
	mkdir -p "$out"
	make -s -C "$tree" O="$out" ARCH=x86_64 x86_64_defconfig >/dev/null
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" \
		"$REPO/harness/configs/check.config" "$@" >/dev/null
	make -s -C "$tree" O="$out" ARCH=x86_64 olddefconfig >/dev/null
}

# The kernel directories that hold the project's buildable code.
project_build_dirs() {
	local tree=${1:-$TREE} d
	for d in arch/x86/virt/seam drivers/virt/coco/seam-svc; do
		[ -f "$tree/$d/Makefile" ] && echo "$d/"
	done
	return 0
}

# Run a host test program that prints "# N passed, N failed" last, keep its
# output in LOG, and record "NAME passed failed" in RESULTS (if not empty);
# a crash or a non-zero exit without a counted failure counts as one.
# Usage: run_counted NAME LOG RESULTS COMMAND...
run_counted() {
	local name=$1 log=$2 results=$3 rc counts
	shift 3
	set +e
	"$@" | tee "$log"
	rc=${PIPESTATUS[0]}
	set -e
	counts=$(sed -n 's/^# \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$log")
	[ -n "$counts" ] || counts="0 1"
	[ "$rc" -eq 0 ] || [ "${counts#* }" != 0 ] || counts="${counts% *} 1"
	[ -z "$results" ] || echo "$name $counts" >> "$results"
	return "$rc"
}
