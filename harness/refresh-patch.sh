#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Write patches/NAME from the edits made to existing kernel files in
# build/linux: the difference between each FILE as the patches before NAME
# in the series leave it and as it is in the tree, so the tree's later
# edits belong in later patches (refresh those after NAME).  Usage:
# refresh-patch.sh NAME FILE...   (FILE relative to the kernel tree).  Add
# NAME to patches/series if it is new.

. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: $0 NAME FILE..."
name=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in "$@"; do
	[ -e "$PRISTINE/$f" ] || die "$f is not a base file; add new files to the repo instead"
	mkdir -p "$tmp/a/$(dirname "$f")" "$tmp/b/$(dirname "$f")"
	cp "$PRISTINE/$f" "$tmp/a/$f"
	cp "$TREE/$f" "$tmp/b/$f"
	# The file as the patches before NAME in the series leave it.
	for p in $(patch_series); do
		[ "$p" != "$name" ] || break
		filterdiff -p1 -i "$f" "$REPO/patches/$p" |
			patch -s -d "$tmp/a" -p1 --fuzz=0 --no-backup-if-mismatch ||
			die "patches/$p does not apply to $f"
	done
done
# Keep the patch's description, everything before its first diff.
header=""
[ -f "$REPO/patches/$name" ] && header=$(sed '/^diff --git /,$d' "$REPO/patches/$name")
if [ -z "$header" ]; then
	header="Subject: [PATCH] FIXME: area: Imperative summary

FIXME: say what the change does and why.
---"
	note "write the description of patches/$name"
fi
(cd "$tmp" && diff -uprN a b) |
	sed -E -e 's/^(---|\+\+\+) ([^\t]+)\t.*/\1 \2/' \
	       -e 's|^diff -uprN a/([^ ]*) b/.*|diff --git a/\1 b/\1|' > "$tmp/diff" || true
[ -s "$tmp/diff" ] || die "no change in $*"
{ echo "$header"; cat "$tmp/diff"; } > "$REPO/patches/$name"
grep -qx "$name" "$REPO/patches/series" || echo "$name" >> "$REPO/patches/series"
note "wrote patches/$name"
