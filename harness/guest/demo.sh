#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The 'make run' demo, run inside the guest: show the host as a 6.12 host
# is before KVM (the TDX module not initialised, no upload), initialise
# the module as loading a TDX-capable KVM would, show the TDX module and
# P-SEAMLDR, build the next module with seam-mkimage, install it live with
# the firmware-upload sequence the published tool uses, and show the
# outcome and the statistics.  Then an update that fails after the old
# module was shut down, and the recovery install that takes the TDs over.

host=/sys/devices/faux/tdx_host
fw=/sys/class/firmware/tdx_module
emu=/sys/kernel/debug/seam/emulator
image=${TMPDIR:-/tmp}/tdx-module.bin

fail() {
	echo "demo: FAILED: $*"
	exit 1
}

show() {
	printf '  %-24s %s\n' "$1" "$2"
}

# What reading $1 gives: its content, or the error.
read_attr() {
	cat "$1" 2>&1 | sed 's/^cat: [^:]*: //'
}

# The published tool's sequence; sets status, error and ms.
upload() {
	local t0 t1

	t0=$(date +%s%N)
	echo 1 > $fw/loading || fail "loading=1"
	dd if="$1" of=$fw/data bs=4M status=none || fail "writing data"
	echo 0 > $fw/loading || fail "loading=0"
	for i in $(seq 100); do
		[ "$(cat $fw/status)" = idle ] && break
		sleep 0.1
	done
	t1=$(date +%s%N)
	status=$(cat $fw/status)
	error=$(cat $fw/error)
	ms=$(((t1 - t0) / 1000000))
	[ "$status" = idle ] || fail "the update did not finish within 10 s"
}

# The next update version after $1, with its major.minor.
next_version() {
	local major minor update

	IFS=. read -r major minor update <<< "$1"
	printf '%u.%u.%02u' "$major" "$minor" $((10#$update + 1))
}

stat_line() {
	sed -n "s/^$1: //p" /sys/kernel/debug/seam/tdx_host/last_update
}

[ -e $host/version ] || fail "$host/version is missing: is the emulator on?"

echo "== At boot: a 6.12 host before KVM (module not initialised, VMX off)"
show "version" "$(read_attr $host/version)"
show "seamldr_version" "$([ -e $host/seamldr_version ] && echo present || echo hidden)"
show "$fw" "$([ -d $fw ] && echo present || echo absent)"
[ -d $fw ] && fail "the upload exists before the module is initialised"

echo "== Loading KVM (emulated): VMX on, tdx_enable() initialises the module"
echo 1 > $emu/tdx_enable || fail "tdx_enable"
for i in $(seq 100); do
	[ -d $fw ] && break
	sleep 0.05
done
[ -d $fw ] || fail "$fw did not appear within 5 s"
show "$fw" "present"

old=$(cat $host/version) || fail "cannot read the module version"
echo "== Before"
show "module version" "$old"
show "P-SEAMLDR version" "$(cat $host/seamldr_version)"
show "remaining updates" "$(cat $host/num_remaining_updates)"
echo 4 > $emu/tds
show "running TDs (emulated)" "$(cat $emu/tds)"

new=$(next_version "$old")
echo "== Building TDX module $new with seam-mkimage"
"$SEAM_GUEST/seam-mkimage" --version "$new" -o $image || fail "seam-mkimage"

echo "== Updating through $fw"
upload $image
show "status" "$status"
show "error" "${error:-(none)}"
show "upload to idle" "$ms ms"
[ -z "$error" ] || fail "the update failed: $error"

echo "== After"
cur=$(cat $host/version) || fail "cannot read the new version"
show "module version" "$cur"
show "remaining updates" "$(cat $host/num_remaining_updates)"
show "running TDs (emulated)" "$(cat $emu/tds)"
[ "$cur" = "$new" ] || fail "the version is $cur, not $new"
echo "== Last update (/sys/kernel/debug/seam/tdx_host/last_update)"
sed 's/^/  /' /sys/kernel/debug/seam/tdx_host/last_update

next=$(next_version "$cur")
echo "== A failed update: TDH.SYS.LP.INIT fails on CPU 3 after the shutdown (injected)"
"$SEAM_GUEST/seam-mkimage" --version "$next" -o $image || fail "seam-mkimage"
echo 'leaf=tdh.sys.lp.init cpu=3 status=0xC000050D00000000' > $emu/fault ||
	fail "arming the fault"
upload $image
show "error" "$error"
show "version" "$(read_attr $host/version)"
show "state" "$(stat_line state)"
show "failed_phase" "$(stat_line failed_phase)"
[ "$(stat_line state)" = recoverable ] || fail "the failure left: $(stat_line state)"

echo "== Recovery: the same image again, installed without the shutdown"
upload $image
show "error" "${error:-(none)}"
show "result" "$(stat_line result)"
show "module version" "$(read_attr $host/version)"
show "running TDs (emulated)" "$(cat $emu/tds)"
show "remaining updates" "$(cat $host/num_remaining_updates)"
[ -z "$error" ] || fail "the recovery failed: $error"
[ "$(cat $host/version)" = "$next" ] || fail "the version after the recovery is not $next"

echo "== Kernel log"
dmesg | grep -E '\] (seam|seam-svc): ' | sed 's/^/  /'
echo "demo: TDX module updated live from $old to $cur, then recovered after a failed update to $next"
