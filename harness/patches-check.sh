#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prove that every patch of the exported series stands: apply the series
# one patch at a time to a fresh copy of the pristine base, and after each
#  - run checkpatch --strict on that patch alone;
#  - build, with W=1, the project's directories that exist by then and
#    those of the base sources the patch touches; a warning in a file the
#    series adds or changes fails;
#  - run the KUnit suites that exist by then, on 4 CPUs in 2 packages
#    (QEMU as tools/testing/kunit/qemu_configs/x86_64_smp.py describes,
#    kunit.py parsing), unless the kernel image is the one the previous
#    run tested.
# Then check that the series ends in exactly the tree 'make tree' builds.
# PCHECK_KUNIT=0 leaves out the KUnit kernels and their boots, which are
# most of the time: CI runs it so (.ci/run).
# One build directory serves the W=1 builds of every step, another the
# KUnit kernels: with one set of flags each, a step recompiles only what
# its patch changed.  (W=1 on the whole kernel, tried, also runs
# kernel-doc, a Python program, on every source it compiles:
# scripts/Makefile.build's cmd_checkdoc.)

. "$(dirname "$0")/lib.sh"

"$REPO/harness/tree.sh" >/dev/null
"$REPO/harness/patches.sh" > "$BUILD/patches.list"

fresh="$BUILD/pcheck/linux"
out="$BUILD/pcheck/out"
out_w1="$BUILD/pcheck/out-w1"
logs="$BUILD/pcheck/logs"
# The build directories each step configures: the KUnit kernel's unless
# PCHECK_KUNIT=0, which says so instead of a KUnit result.
with_kunit=${PCHECK_KUNIT:-1}
no_kunit="KUnit not run (PCHECK_KUNIT=0)"
kernels="$out $out_w1"
[ "$with_kunit" != 0 ] || kernels=$out_w1
rm -rf "$fresh" "$logs"
# shellcheck disable=SC2086
mkdir -p "$logs" $kernels
cp -al "$PRISTINE" "$fresh"
t_start=$SECONDS

# The same sources make the same image, so that a patch that leaves the
# kernel alone (documentation, tools) is seen to.
export KBUILD_BUILD_TIMESTAMP="$(date -u -d @0)" KBUILD_BUILD_VERSION=1 \
	KBUILD_BUILD_USER=seam KBUILD_BUILD_HOST=patches-check

# Compile through ccache, as the run kernels do (guest.sh): a rerun of the
# check then rebuilds from the cache.
if [ -d /usr/lib/ccache ]; then
	export PATH="/usr/lib/ccache:$PATH" CCACHE_DIR="$BUILD/ccache" \
		CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=1
fi

# The nearest directory with a Makefile, for a touched file.
build_dir_of() {
	local d
	d=$(dirname "$1")
	while [ "$d" != . ] && [ ! -f "$fresh/$d/Makefile" ]; do
		d=$(dirname "$d")
	done
	[ "$d" != . ] && echo "$d/"
	return 0
}

# Files the series has added so far: a W=1 diagnostic counts only in
# these, as in make check.
: > "$logs/ours"

n=0
kunit_runs=0
kunit_total=0
last_image=
for p in "$BUILD"/patches/*.patch; do
	case "$p" in */0000-*) continue ;; esac
	n=$((n + 1))
	name=$(basename "$p" .patch)
	log="$logs/$name"
	t0=$SECONDS

	# checkpatch on this patch alone.  FILE_PATH_CHANGES asks whether
	# MAINTAINERS needs updating when files are added: the second patch
	# adds seam's entry, which covers every file (make check proves it).
	(cd "$fresh" && scripts/checkpatch.pl --strict --terse --no-summary \
		--show-types --ignore FILE_PATH_CHANGES "$p") > "$log.checkpatch" 2>&1 || true
	if grep -qE '(ERROR|WARNING|CHECK):' "$log.checkpatch"; then
		cat "$log.checkpatch" >&2
		die "checkpatch --strict reports on $name"
	fi

	for f in $(patch_touched_files "$p"); do
		# Break the hard link to the pristine file before patching.
		if [ -f "$fresh/$f" ]; then
			cp "$fresh/$f" "$fresh/$f.seam-tmp"
			mv "$fresh/$f.seam-tmp" "$fresh/$f"
		fi
		[ -e "$PRISTINE/$f" ] || echo "$f" >> "$logs/ours"
	done
	if ! patch -d "$fresh" -p1 --fuzz=0 --batch --forward -s --no-backup-if-mismatch \
		< "$p" > "$log.apply" 2>&1; then
		cat "$log.apply" >&2
		die "$name does not apply after the patches before it"
	fi

	# The kernel's configuration: allnoconfig plus pcheck.config,
	# check.config (every seam option) and the .kunitconfig as it stands
	# after this patch.  Symbols the tree does not define yet drop out;
	# every line of the .kunitconfig must hold, as kunit.py requires.
	kunitconfig="$fresh/arch/x86/virt/seam/.kunitconfig"
	cat "$REPO/harness/configs/pcheck.config" "$REPO/harness/configs/check.config" \
		> "$logs/fragment"
	[ ! -f "$kunitconfig" ] || cat "$kunitconfig" >> "$logs/fragment"
	for o in $kernels; do
		make -s -C "$fresh" O="$o" ARCH=x86_64 KCONFIG_ALLCONFIG="$logs/fragment" \
			allnoconfig > "$log.config" 2>&1 ||
			{ cat "$log.config" >&2; die "the tree cannot be configured after $name"; }
	done
	if [ -f "$kunitconfig" ]; then
		while read -r line; do
			grep -qxF "$line" "$out_w1/.config" ||
				die "$line of the .kunitconfig does not hold after $name"
		done < <(grep -E '^CONFIG_' "$kunitconfig")
	fi

	# W=1 on the project's directories and the touched base sources'.
	# A touched base source builds as its object, a touched project file
	# as its directory; tools/ is userspace, built by make test.
	dirs=""
	objs=""
	for f in $(patch_touched_files "$p"); do
		[ -e "$fresh/$f" ] || continue
		case "$f" in
		tools/*) ;;
		*.c|*.S) if [ -e "$PRISTINE/$f" ]; then objs="$objs ${f%.*}.o"
			 else dirs="$dirs $(build_dir_of "$f")"; fi ;;
		*/Makefile|*/Kbuild) dirs="$dirs $(build_dir_of "$f")" ;;
		esac
	done
	dirs=$(echo $dirs $(project_build_dirs "$fresh") | tr ' ' '\n' | outermost_dirs)
	# An object inside one of those directories is built with it.
	for o in $objs; do
		inside=
		for d in $dirs; do
			case "$o" in "$d"*) inside=1 ;; esac
		done
		[ -n "$inside" ] || dirs="$dirs $o"
	done
	if [ -n "${dirs// /}" ]; then
		if ! make -C "$fresh" O="$out_w1" ARCH=x86_64 -j"$JOBS" W=1 $dirs \
			> "$log.w1" 2>&1; then
			tail -40 "$log.w1" >&2
			die "the tree does not build after $name"
		fi
		diagnostics_in "$log.w1" "$logs/ours" > "$log.w1-ours"
		if [ -s "$log.w1-ours" ]; then
			cat "$log.w1-ours" >&2
			die "W=1 warns about the series' files after $name"
		fi
	fi

	# KUnit.
	result="no KUnit suites yet"
	[ "$with_kunit" != 0 ] || result=$no_kunit
	if [ "$with_kunit" != 0 ] && [ -f "$kunitconfig" ]; then
		if ! make -C "$fresh" O="$out" ARCH=x86_64 -j"$JOBS" bzImage \
			> "$log.build" 2>&1; then
			tail -40 "$log.build" >&2
			die "the KUnit kernel does not build after $name"
		fi
		image=$(sha256sum < "$out/arch/x86/boot/bzImage")
		if [ "$image" = "$last_image" ]; then
			result="KUnit: the kernel image is unchanged, so is its result"
		else
			# kunit.py's own QEMU command tries KVM first, which
			# hangs on these machines: boot as x86_64_smp.py says,
			# with TCG alone, and let kunit.py parse the output.
			timeout 900 qemu-system-x86_64 -nodefaults -m 1024 \
				-kernel "$out/arch/x86/boot/bzImage" \
				-append 'kunit.enable=1 console=ttyS0 kunit_shutdown=reboot' \
				-no-reboot -nographic -serial stdio -bios qboot.rom \
				-smp 4,sockets=2,cores=2,threads=1 -accel tcg,thread=multi \
				< /dev/null > "$log.kunit.raw" 2>&1 || true
			python3 "$fresh/tools/testing/kunit/kunit.py" parse "$log.kunit.raw" \
				> "$log.kunit" 2>&1 || true
			read -r kp kf < <(kunit_counts "$log.kunit")
			if [ "$kf" -ne 0 ] || [ "$kp" -eq 0 ]; then
				grep -aE 'FAILED|CRASHED|Testing complete' "$log.kunit" >&2 || tail -40 "$log.kunit" >&2
				die "KUnit fails after $name ($kp passed, $kf failed)"
			fi
			kunit_runs=$((kunit_runs + 1))
			kunit_total=$((kunit_total + kp))
			last_image=$image
			result="KUnit: $kp passed, 0 failed"
		fi
	fi
	note "ok $name: checkpatch clean; W=1 clean (${dirs:-nothing to build}); $result ($((SECONDS - t0)) s)"
done

# The series must reproduce exactly what 'make tree' builds.
overlay_files | while read -r f; do
	cmp -s "$REPO/$f" "$fresh/$f" || die "series result differs from the repo: $f"
done
while read -r f; do
	# A file the series deletes is in neither.
	[ ! -e "$TREE/$f" ] && [ ! -e "$fresh/$f" ] && continue
	cmp -s "$TREE/$f" "$fresh/$f" || die "series result differs from patches/: $f"
done < "$STATE/patched-files"
kunit_said="$kunit_runs KUnit runs, $kunit_total tests passed"
[ "$with_kunit" != 0 ] || kunit_said=$no_kunit
note "patches-check: all $n patches apply, pass checkpatch --strict and build with W=1 one by one; $kunit_said; $((SECONDS - t_start)) s"
