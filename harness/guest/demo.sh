#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The 'make run' demo, run inside the guest: show the host as a 6.12 host
# is before KVM (the TDX module not initialised, no upload), initialise
# the module as loading a TDX-capable KVM would, show the TDX module and
# P-SEAMLDR, build the next module with seam-mkimage, install it live with
# the firmware-upload sequence the published tool uses, and show the
# outcome and the statistics.

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

[ -e $host/version ] || fail "$host/version is missing: is the emulator on?"

echo "== At boot: a 6.12 host before KVM (module not initialised, VMX off)"
show "version" "$(cat $host/version 2>&1 | sed 's/^cat: //')"
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

# The next update version, with the running module's major.minor.
IFS=. read -r major minor update <<< "$old"
new=$(printf '%u.%u.%02u' "$major" "$minor" $((10#$update + 1)))
echo "== Building TDX module $new with seam-mkimage"
"$SEAM_GUEST/seam-mkimage" --version "$new" -o $image || fail "seam-mkimage"

echo "== Updating through $fw"
t0=$(date +%s%N)
echo 1 > $fw/loading || fail "loading=1"
dd if=$image of=$fw/data bs=4M status=none || fail "writing data"
echo 0 > $fw/loading || fail "loading=0"
for i in $(seq 100); do
	[ "$(cat $fw/status)" = idle ] && break
	sleep 0.1
done
t1=$(date +%s%N)
status=$(cat $fw/status)
error=$(cat $fw/error)
show "status" "$status"
show "error" "${error:-(none)}"
show "upload to idle" "$(((t1 - t0) / 1000000)) ms"
[ "$status" = idle ] || fail "the update did not finish within 10 s"
[ -z "$error" ] || fail "the update failed: $error"

echo "== After"
cur=$(cat $host/version) || fail "cannot read the new version"
show "module version" "$cur"
show "remaining updates" "$(cat $host/num_remaining_updates)"
show "running TDs (emulated)" "$(cat $emu/tds)"
[ "$cur" = "$new" ] || fail "the version is $cur, not $new"
echo "== Last update (/sys/kernel/debug/seam/tdx_host/last_update)"
sed 's/^/  /' /sys/kernel/debug/seam/tdx_host/last_update
echo "== Kernel log"
dmesg | grep -E '\] (seam|seam-svc): ' | sed 's/^/  /'
echo "demo: TDX module updated live from $old to $cur"
