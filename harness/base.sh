#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch the base kernel source, Debian's linux-source-$BASE, into
# build/base/, without touching the machine's apt configuration: a private
# sources list, state and cache under build/apt/.  The package version and
# its SHA256 are pinned in lib.sh, so that moving to a newer kernel is a
# deliberate commit.  Idempotent: nothing is downloaded when the pinned
# package is already here.

. "$(dirname "$0")/lib.sh"

if [ -r "$BASE_TARBALL" ]; then
	note "base $BASE: $BASE_TARBALL"
	exit 0
fi

apt_dir="$BUILD/apt"
deb="$apt_dir/${BASE_PACKAGE}_${BASE_DEB_VERSION//:/%3a}_all.deb"
source_line="deb $BASE_MIRROR $BASE_SUITE main"
mkdir -p "$(dirname "$BASE_TARBALL")"

if ! sha256_is "$deb" "$BASE_DEB_SHA256"; then
	note "fetching $BASE_PACKAGE=$BASE_DEB_VERSION from $BASE_SUITE (private apt configuration in $apt_dir)"
	private_apt "$apt_dir" "$source_line" update >/dev/null
	(cd "$apt_dir" && private_apt "$apt_dir" "$source_line" download "$BASE_PACKAGE=$BASE_DEB_VERSION")
	sha256_is "$deb" "$BASE_DEB_SHA256" || die "$deb: SHA256 is not the pinned $BASE_DEB_SHA256"
fi
dpkg-deb --fsys-tarfile "$deb" |
	tar -xO "./usr/src/$BASE_PACKAGE.tar.xz" > "$BASE_TARBALL.tmp"
mv "$BASE_TARBALL.tmp" "$BASE_TARBALL"
note "base $BASE: $BASE_TARBALL from $BASE_PACKAGE $BASE_DEB_VERSION"
