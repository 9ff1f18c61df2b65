#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Prepare build/linux: the pristine base, the project's patches and the
# project's new files.  Incremental: only what changed is touched, and a
# file removed from the repo disappears from the tree.

. "$(dirname "$0")/lib.sh"

[ -r "$BASE_TARBALL" ] || die "$BASE_TARBALL missing; run 'make deps'"

mkdir -p "$BUILD/base" "$STATE"

# 1. The pristine base, unpacked once per tarball.
stamp="$BASE_TARBALL $(stat -c '%s %Y' "$BASE_TARBALL")"
if [ ! -d "$PRISTINE" ] || [ "$(cat "$BUILD/base/stamp" 2>/dev/null)" != "$stamp" ]; then
	note "unpacking $BASE_TARBALL"
	rm -rf "$PRISTINE" "$TREE" "$STATE"
	mkdir -p "$STATE"
	tar -C "$BUILD/base" -xf "$BASE_TARBALL"
	echo "$stamp" > "$BUILD/base/stamp"
fi
note "base version $(base_version "$PRISTINE")"

# 2. The working tree: hard links to the pristine files.  Every file the
# harness changes is first replaced by a private copy, so the pristine
# tree is never written through a link.
if [ ! -d "$TREE" ]; then
	note "creating $TREE"
	rm -rf "$STATE"
	mkdir -p "$STATE"
	cp -al "$PRISTINE" "$TREE"
fi

restore_pristine() {
	local f=$1
	rm -f "$TREE/$f"
	if [ -e "$PRISTINE/$f" ]; then
		# A patch may have deleted its directory.
		mkdir -p "$(dirname "$TREE/$f")"
		cp "$PRISTINE/$f" "$TREE/$f"
	fi
}

# 3. Patches to existing kernel files.
series_hash=$( (cd "$REPO/patches" && cat "$SERIES" $(patch_series)) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STATE/patches.hash" 2>/dev/null)" != "$series_hash" ]; then
	if [ -f "$STATE/patched-files" ]; then
		while read -r f; do restore_pristine "$f"; done < "$STATE/patched-files"
	fi
	rm -f "$STATE/patches.hash"
	: > "$STATE/patched-files"
	# Every file the series touches starts pristine, once: two patches
	# may change the same file, and the second builds on the first.
	for p in $(patch_series); do
		[ -f "$REPO/patches/$p" ] || die "patches/$SERIES names $p, which does not exist"
		patch_touched_files "$REPO/patches/$p" >> "$STATE/patched-files"
	done
	sort -u -o "$STATE/patched-files" "$STATE/patched-files" 2>/dev/null || true
	while read -r f; do restore_pristine "$f"; done < "$STATE/patched-files"
	for p in $(patch_series); do
		if ! patch -d "$TREE" -p1 --fuzz=0 --forward --batch --no-backup-if-mismatch \
			-s --dry-run < "$REPO/patches/$p" > "$STATE/patch.log" 2>&1; then
			cat "$STATE/patch.log" >&2
			die "patches/$p does not apply to base $(base_version "$PRISTINE"); refresh it against this base"
		fi
		patch -d "$TREE" -p1 --fuzz=0 --forward --batch --no-backup-if-mismatch -s \
			< "$REPO/patches/$p"
		note "applied patches/$p"
	done
	echo "$series_hash" > "$STATE/patches.hash"
fi

# 4. The project's new files.  A new file must not shadow a base file:
# changes to existing files go through patches/.
overlay_files > "$STATE/manifest.new"
while read -r f; do
	if [ -e "$PRISTINE/$f" ]; then
		die "$f exists in the base tree; change it with a patch in patches/"
	fi
	if ! cmp -s "$REPO/$f" "$TREE/$f"; then
		mkdir -p "$(dirname "$TREE/$f")"
		cp "$REPO/$f" "$TREE/$f"
		note "updated $f"
	fi
done < "$STATE/manifest.new"

if [ -f "$STATE/manifest" ]; then
	comm -23 "$STATE/manifest" "$STATE/manifest.new" | while read -r f; do
		rm -f "$TREE/$f"
		note "removed $f"
	done
fi
mv "$STATE/manifest.new" "$STATE/manifest"
note "tree ready: $TREE"
