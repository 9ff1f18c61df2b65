#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 'make run': boot the patched kernel in QEMU on the SEAM emulator and
# update the TDX module live through the firmware-upload ABI.  With
# GUEST_SHELL=1, drop into a shell in the guest instead.

. "$(dirname "$0")/lib.sh"

t0=$SECONDS
if [ "${GUEST_SHELL:-0}" = 1 ]; then
	exec "$REPO/harness/guest.sh" shell
fi
if ! "$REPO/harness/guest.sh" demo; then
	note "run: FAILED after $((SECONDS - t0)) s"
	exit 1
fi
note "run: done in $((SECONDS - t0)) s"
