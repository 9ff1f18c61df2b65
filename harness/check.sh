#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The quality gates, on the project's files only: checkpatch --strict,
# kernel-doc, a W=1 build and a sparse (C=2) build.  Any finding fails.

. "$(dirname "$0")/lib.sh"

[ -x "$SPARSE" ] || die "no $SPARSE; run make deps"
"$REPO/harness/tree.sh" >/dev/null
"$REPO/harness/patches.sh" >/dev/null

logdir="$BUILD/check"
rm -rf "$logdir"
mkdir -p "$logdir"
overlay_files > "$logdir/files"
total=0

report() {
	local gate=$1 log=$2 n
	n=$(grep -c . "$log" || true)
	if [ "$n" -ne 0 ]; then
		echo "--- $gate: $n finding(s)"
		cat "$log"
	else
		echo "--- $gate: clean"
	fi
	total=$((total + n))
}

# Files checkpatch and kernel-doc read: sources, headers, Kconfig, Makefiles
# and documentation.  .kunitconfig fragments are configs, not sources.
grep -v '/\.kunitconfig$' "$logdir/files" > "$logdir/checkpatch-files"
grep -E '\.(c|h)$' "$logdir/files" | grep -v '^tools/' > "$logdir/kdoc-files" || true

cd "$TREE"
# checkpatch ARGS... < FILES: checkpatch on each file, 16 to a process and
# a process per CPU (the exported series: 216 s one by one, 79 s so, on 2
# CPUs); it exits non-zero on a finding, which the report counts.
checkpatch() {
	xargs -r -n 16 -P "$JOBS" scripts/checkpatch.pl --strict --terse --no-summary \
		--show-types "$@" || true
}
checkpatch -f < "$logdir/checkpatch-files" > "$logdir/checkpatch.raw" 2>&1
# FILE_PATH_CHANGES asks whether MAINTAINERS needs updating when a patch
# adds or deletes files: the MAINTAINERS gate below answers that for the
# files seam adds, and no MAINTAINERS entry names a base file the series
# deletes (tdx-host, seamldr.c).
patch_series | sed "s|^|$REPO/patches/|" |
	checkpatch --no-signoff --ignore FILE_PATH_CHANGES >> "$logdir/checkpatch.raw" 2>&1
ls "$BUILD"/patches/*.patch | grep -v '/0000-' |
	checkpatch --ignore FILE_PATH_CHANGES >> "$logdir/checkpatch.raw" 2>&1
grep -E '(ERROR|WARNING|CHECK):' "$logdir/checkpatch.raw" > "$logdir/checkpatch" || true
report checkpatch "$logdir/checkpatch"

# Every new file is covered by the seam MAINTAINERS entry.
sed -n '/^X86 SEAM SERVICE FRAMEWORK$/,/^$/s/^F:[[:space:]]*//p' MAINTAINERS \
	> "$logdir/maintained"
while read -r f; do
	covered=
	while read -r pat; do
		# F: patterns are globs; one ending in / covers the whole tree.
		# shellcheck disable=SC2254
		case "$f" in $pat|${pat%/}/*) covered=1; break ;; esac
	done < "$logdir/maintained"
	[ -n "$covered" ] || echo "$f: not covered by the seam MAINTAINERS entry"
done < "$logdir/files" > "$logdir/maintainers"
report MAINTAINERS "$logdir/maintainers"

# Documentation parses as reStructuredText (tables, sections, markup).
# Debian's python3, which has the python3-docutils that make deps installs.
grep '\.rst$' "$logdir/files" | (cd "$REPO" && xargs -r /usr/bin/python3 harness/rstcheck.py) \
	> "$logdir/rst" 2>&1 || true
report reStructuredText "$logdir/rst"

xargs -r scripts/kernel-doc -none -Wall < "$logdir/kdoc-files" > "$logdir/kernel-doc" 2>&1 || true
report kernel-doc "$logdir/kernel-doc"

# W=1 and sparse, twice: with KUnit, so that the tests compile, and
# without, so that a VISIBLE_IF_KUNIT function left without a caller
# (static then, and unused) is reported.  The project's objects are removed
# first so that every file is compiled, and so warned about, on every run.
# The project's directories, and those of the base .c files it patches
# (only diagnostics in the project's own files count, but these must build).
# A directory a patch deletes is not built.
dirs=$( (project_build_dirs; grep '\.[cS]$' "$STATE/patched-files" | xargs -r -n1 dirname |
	sed 's|$|/|' | while read -r d; do [ ! -d "$TREE/$d" ] || echo "$d"; done) |
	outermost_dirs)

# build_gate NAME OUT WANT [FRAGMENT]: configure OUT (check.config, then
# FRAGMENT), require the symbols in WANT (SYM=y or SYM=n), build, report.
build_gate() {
	local name=$1 out=$2 want=$3 log="$logdir/build-$1" d sym rc

	check_config "$out" "$TREE" ${4:+"$4"}
	for sym in $want; do
		case $sym in
		*=y) grep -q "^CONFIG_${sym%=y}=y" "$out/.config" ;;
		*=n) ! grep -q "^CONFIG_${sym%=n}=[ym]" "$out/.config" ;;
		esac || die "the $name config lacks CONFIG_$sym; fix harness/configs/"
	done
	for d in $dirs; do rm -rf "${out:?}/$d"; done
	set +e
	kmake "$out" -k W=1 C=2 CHECK="$SPARSE" $dirs > "$log.raw" 2>&1
	rc=$?
	set -e
	diagnostics_in "$log.raw" "$logdir/files" > "$log"
	# A checker the kernel finds too old is skipped with only this line.
	grep 'specified, but .* is not available or not up to date' "$log.raw" >> "$log" || true
	if [ "$rc" -ne 0 ]; then
		tail -30 "$log.raw" >> "$log"
		echo "build failed (exit $rc)" >> "$log"
	fi
	report "W=1 + sparse build ($name) of $dirs" "$log"
}

build_gate kunit "$OUT/check" "INTEL_TDX_HOST=y SEAM=y SEAM_KUNIT_TEST=y"
build_gate no-kunit "$OUT/check-nokunit" "INTEL_TDX_HOST=y SEAM=y SEAM_EMULATOR=y KUNIT=n" \
	"$REPO/harness/configs/nokunit.config"

echo "make check: $total finding(s)"
[ "$total" -eq 0 ]
