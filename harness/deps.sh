#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything the harness needs, from Debian packages, and fetch the
# base kernel's source (harness/base.sh).  Idempotent: nothing is
# downloaded when every package is already installed and the source is
# here.

. "$(dirname "$0")/lib.sh"

PACKAGES=(
	# What building the base kernel needs; harness/base.sh fetches its
	# source.
	build-essential bc bison flex libelf-dev libssl-dev
	cpio kmod rsync xz-utils python3 perl git
	# seam's and the peer's run kernels share most objects (guest.sh).
	ccache
	# harness/refresh-patch.sh splits the series' diffs by file.
	patchutils
	# The quality gates (harness/sparse.sh builds the sparse they run).
	python3-docutils
	# QEMU for KUnit and the in-guest tests; busybox powers the guest off.
	qemu-system-x86 busybox-static
	# libFuzzer, ASan and UBSan for the userspace parser harness.
	clang libclang-rt-14-dev
	# seamctl's libraries; its tests: promtool checks its Prometheus
	# output, valgrind its memory use, man its manual page.
	libjson-c-dev prometheus valgrind man-db
	# The plot of 'make bench'.
	gnuplot-nox
	# bpftrace in the guest (make trace), and pahole for the BTF it reads.
	bpftrace dwarves
)

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "seam: all ${#PACKAGES[@]} packages installed"
else
	SUDO=
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "seam: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -q
	$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
"$REPO/harness/base.sh"
"$REPO/harness/sparse.sh"
