#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prove the exported series bisectable: apply it one patch at a time to a
# fresh copy of the pristine base, and after each patch build the
# directories of the sources it touches plus every project directory that
# exists by then.  (W=1 and sparse are make check's business.)

. "$(dirname "$0")/lib.sh"

"$REPO/harness/tree.sh" >/dev/null
"$REPO/harness/patches.sh" >/dev/null

fresh="$BUILD/pcheck/linux"
out="$OUT/pcheck"
log="$BUILD/pcheck/build.log"
rm -rf "$BUILD/pcheck"
mkdir -p "$BUILD/pcheck"
cp -al "$PRISTINE" "$fresh"

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

n=0
configs=0
for p in "$BUILD"/patches/*.patch; do
	case "$p" in */0000-*) continue ;; esac
	n=$((n + 1))
	name=$(basename "$p")
	dirs=""
	for f in $(patch_touched_files "$p"); do
		# Break the hard link to the pristine file before patching.
		if [ -f "$fresh/$f" ]; then
			cp "$fresh/$f" "$fresh/$f.seam-tmp"
			mv "$fresh/$f.seam-tmp" "$fresh/$f"
		fi
	done
	if ! patch -d "$fresh" -p1 --fuzz=0 --batch --forward -s --no-backup-if-mismatch \
		< "$p" > "$log" 2>&1; then
		cat "$log" >&2
		die "$name does not apply to the pristine base"
	fi
	# Sources build where they are, or where their deleted directory was;
	# headers, docs and configs are covered by building the project's and
	# the patched directories.
	for f in $(patch_touched_files "$p"); do
		case "$f" in
		*.c|*/Makefile|*/Kbuild) dirs="$dirs $(build_dir_of "$f")" ;;
		esac
	done
	# Reconfigure first, and after a patch that changes a Kconfig file:
	# it may add symbols that the fragment sets.  Otherwise the config
	# would come out the same, at 5 to 12 s a patch.
	if [ "$n" -eq 1 ] || patch_touched_files "$p" | grep -qE '(^|/)Kconfig[^/]*$'; then
		check_config "$out" "$fresh"
		configs=$((configs + 1))
	fi
	# A directory and one inside it in the same make do not mix: kbuild
	# then builds arch/x86/virt/ without descending into vmx/.  The
	# outer one builds the inner one anyway.
	dirs=$(echo $dirs $(project_build_dirs "$fresh") | tr ' ' '\n' | sort -u |
		awk 'NF { for (i = 0; i < n; i++) if (index($0, kept[i]) == 1) next
			  kept[n++] = $0; print }' | tr '\n' ' ')
	if [ -n "${dirs// /}" ]; then
		if ! make -C "$fresh" O="$out" ARCH=x86_64 -j"$JOBS" $dirs \
			> "$log" 2>&1; then
			tail -40 "$log" >&2
			die "the tree does not build after $name"
		fi
	fi
	note "ok $name (built: ${dirs:-nothing to build})"
done

grep -q '^CONFIG_SEAM=y' "$out/.config" || die "the series never enabled CONFIG_SEAM"

# The series must reproduce exactly what 'make tree' builds.
overlay_files | while read -r f; do
	cmp -s "$REPO/$f" "$fresh/$f" || die "series result differs from the repo: $f"
done
while read -r f; do
	# A file the series deletes is in neither.
	[ ! -e "$TREE/$f" ] && [ ! -e "$fresh/$f" ] && continue
	cmp -s "$TREE/$f" "$fresh/$f" || die "series result differs from patches/: $f"
done < "$STATE/patched-files"
note "patches-check: all $n patches apply and build one by one ($configs configurations)"
