#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the sparse that make check runs, into build/sparse/.  7.3's
# scripts/checker-valid.sh asks the checker for __typeof_unqual__, which
# Debian 12's sparse 0.6.4 lacks: given it, the kernel's C=2 prints "C=2
# specified, but sparse is not available or not up to date" and checks
# nothing.  Debian's sid has 0.6.5-rc1, built there for a newer libc, so
# fetch its upstream source with a private apt configuration, as base.sh
# fetches the kernel's, check it against the pinned SHA256 and build the
# one binary (gcc, make; no optional library).  Idempotent.

. "$(dirname "$0")/lib.sh"

[ ! -x "$SPARSE" ] || exit 0

orig="sparse_${SPARSE_VERSION}.orig.tar.gz"
apt_dir="$BUILD/sparse/apt"
source_line="deb-src $BASE_MIRROR sid main"
if ! sha256_is "$apt_dir/$orig" "$SPARSE_SHA256"; then
	note "fetching sparse $SPARSE_VERSION's source from sid (private apt configuration in $apt_dir)"
	private_apt "$apt_dir" "$source_line" update >/dev/null
	(cd "$apt_dir" && private_apt "$apt_dir" "$source_line" source --download-only sparse >/dev/null)
	[ -f "$apt_dir/$orig" ] || die "sid's sparse is no longer $SPARSE_VERSION; pin its new version in lib.sh"
	sha256_is "$apt_dir/$orig" "$SPARSE_SHA256" ||
		die "$orig: SHA256 is not the pinned $SPARSE_SHA256"
fi
src="$BUILD/sparse/src"
rm -rf "$src"
mkdir -p "$src"
tar -C "$src" --strip-components=1 -xzf "$apt_dir/$orig"
make -s -C "$src" -j"$JOBS" CC=gcc HAVE_LLVM=no HAVE_SQLITE=no HAVE_LIBXML=no HAVE_GTK=no \
	sparse > "$BUILD/sparse/build.log" 2>&1 || die "sparse did not build; see $BUILD/sparse/build.log"
cp "$src/sparse" "$SPARSE"
note "sparse $SPARSE_VERSION: $SPARSE"
