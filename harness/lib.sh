#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared settings and helpers for the seam harness scripts.

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD="$REPO/build"
# The base kernel: Debian's linux-source-7.3 from trixie-backports,
# fetched by harness/base.sh and pinned to one build and its SHA256.
# Moving to a newer kernel (7.4, the next long-term one) changes these
# lines and says which patches had to change.  The last commit that
# supported the old base, 6.12, is 3ba9f39.
if [ "${BASE:-7.3}" != 7.3 ]; then
	echo "seam: error: BASE=$BASE: the only base is 7.3 (6.12: commit 3ba9f39)" >&2
	exit 1
fi
BASE=7.3
BASE_PACKAGE=linux-source-$BASE
BASE_DEB_VERSION=7.3.4-1~bpo13+1
BASE_DEB_SHA256=703e369ddd4cce971452f5a593ee55df3a5c10c83caf0fa0df039633ed181ee3
BASE_MIRROR=http://deb.debian.org/debian
BASE_SUITE=trixie-backports
BASE_TARBALL="$BUILD/base/$BASE_PACKAGE.tar.xz"
PRISTINE="$BUILD/base/$BASE_PACKAGE"
# The sparse make check runs (sparse.sh): upstream's 0.6.5-rc1, as
# Debian's sid packages it.
SPARSE_VERSION=0.6.5~rc1
SPARSE_SHA256=3ac8855ec7f3ab92f325be0f64347ccc2b10f8b4d7c2906783ee8e2bdab3f0de
SPARSE="$BUILD/sparse/sparse"

# Whether FILE exists and has the SHA256 SUM: sha256_is FILE SUM.
sha256_is() {
	[ -f "$1" ] && echo "$2  $1" | sha256sum --quiet -c - > /dev/null 2>&1
}

# apt-get with its own sources list (one line), state and cache under
# DIR, never the machine's: private_apt DIR SOURCE-LINE APT-GET-ARGS...
private_apt() {
	local dir=$1 line=$2
	shift 2
	mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
	echo "$line" > "$dir/sources.list"
	apt-get -q -o "Dir::Etc::sourcelist=$dir/sources.list" -o Dir::Etc::sourceparts=/dev/null \
		-o "Dir::State::Lists=$dir/lists" -o "Dir::Cache=$dir/cache" \
		-o APT::Sandbox::User="$(id -un)" "$@"
}

# The kernel under test: seam (the base, patches/series and the project's
# files), or with PEER=mainline the peer, the base with only the SEAM
# emulator and its hooks (patches/series.peer), so that mainline's own TDX
# code runs on the emulated platform.
PEER=${PEER:-}
case $PEER in
'')
	SERIES=series
	TREE="$BUILD/linux"
	STATE="$BUILD/state"
	OUT="$BUILD/out"
	;;
mainline)
	SERIES=series.peer
	TREE="$BUILD/peer/linux"
	STATE="$BUILD/peer/state"
	OUT="$BUILD/peer/out"
	;;
*)
	echo "seam: error: PEER=$PEER: the only peer is mainline" >&2
	exit 1
	;;
esac
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
	grep -v '^[[:space:]]*\(#\|$\)' "$REPO/patches/$SERIES"
}

# Files a patch touches, relative to the tree root.
# The base files a patch changes, adds or deletes.
patch_touched_files() {
	sed -n -e 's|^+++ b/\([^[:space:]]*\).*|\1|p' \
		-e 's|^--- a/\([^[:space:]]*\).*|\1|p' "$1" | sort -u
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

# The directories on stdin, each once and none inside another: a
# directory target builds its subdirectories, and make does not take both.
outermost_dirs() {
	sort -u | awk 'NF { for (i = 0; i < n; i++) if (index($0, kept[i]) == 1) next
		  kept[n++] = $0; print }' | tr '\n' ' '
}

# The warnings and errors of build log $1 that point at a file listed in
# $2: only the project's own files count.
diagnostics_in() {
	{ grep -E '(warning|error):' "$1" || true; } | while read -r line; do
		while read -r f; do
			case "$line" in "$f:"*|*"/$f:"*) echo "$line"; break ;; esac
		done < "$2"
	done
}

# The config fragments of a guest kernel variant, merged in this order into
# allnoconfig by guest.sh, each kernel in its own $OUT/VARIANT:
#   run       make test's KUnit suites (run at boot), make run, the
#             selftests, make trace and make bench; for the peer
#             (PEER=mainline), guest.config and the suites' base options
#   debug     make test-debug: the same with the sanitizers and detectors
#   debug-rt  make test-debug RT=1: the debug kernel with PREEMPT_RT
guest_kernel_fragments() {
	local c="$REPO/harness/configs" kunit="$REPO/arch/x86/virt/seam/.kunitconfig"
	local guest="$c/guest.config $c/seam.config $kunit"

	# The peer has the suites' base options too (KUnit's core, KVM built
	# in): its kernel differs from seam's in seam's symbols alone, for a
	# fair benchmark, and builds from seam's objects in ccache (guest.sh).
	if [ -n "$PEER" ]; then
		grep -v -e '^#' -e '^CONFIG_SEAM' "$kunit" > "$BUILD/peer/base.config"
		guest="$c/guest.config $BUILD/peer/base.config"
	fi
	case $1 in
	run) echo "$guest" ;;
	debug) echo "$guest $c/debug.config" ;;
	debug-rt) echo "$guest $c/debug.config $c/rt.config" ;;
	*) return 1 ;;
	esac
}

# Fail unless CONFIG (a .config) has what ALLCONFIG (merged fragments)
# asks, the last setting of each symbol counting: Kconfig drops a symbol
# whose dependencies are not met without a word.
require_config() {
	local config=$1 allconfig=$2 missing

	missing=$(awk '
		/^CONFIG_[A-Za-z0-9_]+=/ { i = index($0, "="); want[substr($0, 1, i - 1)] = $0; next }
		/^# CONFIG_[A-Za-z0-9_]+ is not set/ { want[$2] = "n"; next }
		END { for (s in want) print s, want[s] }' "$allconfig" |
	while read -r sym line; do
		if [ "$line" = n ]; then
			grep -q "^$sym=[ym]" "$config" && echo "$sym is set"
		else
			grep -qxF "$line" "$config" || echo "$line is not"
		fi
	done) || true
	[ -z "$missing" ] || die "$config: Kconfig did not take: $(echo $missing)"
}

# "passed failed" from kunit.py's closing "Testing complete. Ran N tests:
# passed: P, failed: F, crashed: C, skipped: S, errors: E" (absent fields
# are zero) in FILE; crashes and errors count as failures, and no line at
# all as one failure.
kunit_counts() {
	local summary p f c e

	summary=$(grep -a 'Testing complete\.' "$1" | tail -1 || true)
	[ -n "$summary" ] || { echo "0 1"; return; }
	field() {
		echo "$summary" | sed -n "s/.*$1: \([0-9]*\).*/\1/p" | head -1
	}
	p=$(field passed); f=$(field failed); c=$(field crashed); e=$(field errors)
	echo "${p:-0} $((${f:-0} + ${c:-0} + ${e:-0}))"
}

# Run COMMAND...; when it fails without recording a failure in RESULTS
# (a kernel that did not build, a guest that never ran its job), record
# "NAME 0 1", so that the closing line cannot read "0 failed".
# Usage: run_stage NAME RESULTS COMMAND...
run_stage() {
	local name=$1 results=$2 lines

	shift 2
	lines=$(wc -l < "$results")
	"$@" && return 0
	tail -n +"$((lines + 1))" "$results" | awk '{f += $3} END {exit f > 0}' &&
		echo "$name 0 1" >> "$results"
	return 1
}

# Print each stage's counts in RESULTS and the closing "N passed, N
# failed" line; fail if any test failed.
sum_results() {
	local name p f passed=0 failed=0

	while read -r name p f; do
		note "  $name: $p passed, $f failed"
		passed=$((passed + p))
		failed=$((failed + f))
	done < "$1"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
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
