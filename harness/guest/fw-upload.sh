# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the guest jobs: fw_upload FILE installs FILE through
# /sys/class/firmware/tdx_module with the sequence Intel's published tool
# uses, and waits up to 30 s for the upload to go idle.  Sets status and
# error (the attributes' contents); fails if it did not go idle.

fw=/sys/class/firmware/tdx_module

fw_upload() {
	echo 1 > $fw/loading || return 1
	dd if="$1" of=$fw/data bs=4M status=none || return 1
	echo 0 > $fw/loading || return 1
	for _ in $(seq 300); do
		[ "$(cat $fw/status)" = idle ] && break
		sleep 0.1
	done
	status=$(cat $fw/status)
	# shellcheck disable=SC2034	# for the caller
	error=$(cat $fw/error)
	[ "$status" = idle ]
}
