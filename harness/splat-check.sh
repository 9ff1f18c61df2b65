#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Search a debug guest's console log for what the sanitizers and detectors
# of harness/configs/debug.config print, print each splat with the lines
# that follow it, and record "NAME 1 0" when there is none, or "NAME 0 N"
# for N splats, in RESULTS_FILE (if not empty).
# Usage: splat-check.sh LOG NAME [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

log=$1
name=$2
results=${3:-}

# Kernel lines carry a printk timestamp (CONFIG_PRINTK_TIME), so that a
# test program's own output can never pass for a splat; the kmemleak report
# is the guest's cat of /sys/kernel/debug/kmemleak (see guest/init.sh).
kernel='^\[ *[0-9]+\.[0-9]+\] '
splat="$kernel"'.*(BUG:|WARNING:|UBSAN:|Oops|general protection fault|kernel BUG at|Kernel panic|INFO: task .* blocked for more than|INFO: trying to register non-static key|detected stalls? on CPU)|^unreferenced object 0x'
context=30

[ -f "$log" ] || die "no log $log"
n=$(grep -cE "$splat" "$log" || true)
if [ "$n" -eq 0 ]; then
	note "$name: no splat in $log"
	[ -z "$results" ] || echo "$name 1 0" >> "$results"
	exit 0
fi
note "$name: $n splat(s) in $log:"
grep -nE "$splat" "$log" | cut -d: -f1 | while read -r line; do
	echo "--- splat at $log:$line"
	sed -n "${line},$((line + context))p" "$log"
done
[ -z "$results" ] || echo "$name 0 $n" >> "$results"
exit 1
