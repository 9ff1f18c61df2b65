#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The 'make run' demo, run inside the guest: show how the kernel
# initialised the TDX module at boot, the TDX module and P-SEAMLDR, build
# the next module with seam-mkimage, install it live with the
# firmware-upload sequence the published tool uses, and show the outcome
# (and on seam, the statistics).  Then an update refused before the point
# of no return, one that fails after the old module was shut down, and the
# same image again: on seam, the recovery install that takes the TDs over.
#
# The same demo runs on the peer kernel (SEAM_PEER=mainline: mainline's own
# tdx.c, seamldr.c and tdx-host on the emulator), where it shows what
# mainline does at each step.
#
# With SEAM_TRACE=1 (make trace), the bpftrace scripts of tools/seam/bpftrace
# watch it all: after each upload the demo shows what the timeline and the
# failure watcher printed, and at the end the SEAMCALL latencies.

host=/sys/devices/faux/tdx_host
emu=/sys/kernel/debug/seam_emulator
tmp=${TMPDIR:-/tmp}
image=$tmp/tdx-module.bin
bpftrace_dir=$SEAM_REPO/tools/seam/bpftrace
trace_scripts="timeline failures latency"

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

# shellcheck source=harness/guest/fw-upload.sh
. "$SEAM_REPO/harness/guest/fw-upload.sh"

# The published tool's sequence; sets status, error and ms.
upload() {
	local t0

	t0=$(date +%s%N)
	fw_upload "$1" || fail "the update did not finish within 30 s (status $status)"
	ms=$((($(date +%s%N) - t0) / 1000000))
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

mainline() {
	[ "${SEAM_PEER:-none}" = mainline ]
}

# Arm the emulator fault $1, upload $image, and show what it left.
upload_with_fault() {
	echo "$1" > $emu/fault || fail "arming the fault"
	upload $image
	show "error" "$error"
	show "version" "$(read_attr $host/version)"
	mainline && return
	show "state" "$(stat_line state)"
	show "failed_phase" "$(stat_line failed_phase)"
}

# Wait up to $3 seconds for file $1 to hold $2 lines matching $4.
wait_lines() {
	local deadline=$((SECONDS + $3))

	until [ "$(grep -c -- "$4" "$1")" -ge "$2" ]; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.2
	done
}

# Start the bpftrace scripts, each into $tmp/<script>.out, and wait until
# each has attached its probes (compiling them takes seconds under TCG).
trace_start() {
	local s

	[ "${SEAM_TRACE:-0}" = 1 ] || return 0
	command -v bpftrace > /dev/null || fail "bpftrace is not installed (make deps)"
	echo "== Starting the bpftrace scripts of tools/seam/bpftrace"
	for s in $trace_scripts; do
		bpftrace -B none "$bpftrace_dir/seam-$s.bt" > "$tmp/$s.out" 2>&1 &
		eval "pid_$s=$!"
	done
	for s in $trace_scripts; do
		wait_lines "$tmp/$s.out" 1 180 "^seam-$s: " ||
			fail "seam-$s.bt did not start within 180 s: $(cat "$tmp/$s.out")"
	done
	plans=0
	shown_timeline=0
	shown_failures=0
}

# Print the lines of $tmp/$1.out not shown yet, after its header.
trace_print() {
	local total shown

	total=$(wc -l < "$tmp/$1.out")
	eval "shown=\$shown_$1"
	echo "== bpftrace: seam-$1.bt"
	tail -n +$((shown + 1)) "$tmp/$1.out" | head -n $((total - shown)) | sed 's/^/| /'
	eval "shown_$1=$total"
}

# After an upload that ran a plan: the timeline and the failure watcher.
trace_show() {
	[ "${SEAM_TRACE:-0}" = 1 ] || return 0
	plans=$((plans + 1))
	wait_lines "$tmp/timeline.out" $plans 30 "^blackout " &&
		wait_lines "$tmp/timeline.out" $((plans * $(nproc))) 30 "^cpu [0-9]* arrive " ||
		fail "seam-timeline.bt printed no timeline within 30 s"
	wait_lines "$tmp/failures.out" $plans 30 "^plan \(done\|failed\): " ||
		fail "seam-failures.bt printed no outcome within 30 s"
	echo "== The driver's statistics (/sys/kernel/debug/seam/tdx_host/last_update)"
	sed 's/^/> /' /sys/kernel/debug/seam/tdx_host/last_update
	trace_print timeline
	trace_print failures
}

# Stop the scripts: the latency histograms print as the script ends.  That
# takes a few seconds under TCG, and much longer on a loaded host: allow as
# long as starting them.  Each script's heartbeat makes bpftrace 0.17 see
# the SIGINT (see the scripts); should one still not stop, say where it is.
trace_stop() {
	local s pid

	[ "${SEAM_TRACE:-0}" = 1 ] || return 0
	for s in $trace_scripts; do
		eval "kill -INT \$pid_$s"
	done
	for s in $trace_scripts; do
		eval "pid=\$pid_$s"
		if ! timeout 180 tail --pid="$pid" -f /dev/null; then
			echo "seam-$s.bt, pid $pid: wchan $(cat /proc/$pid/wchan)," \
				"$(grep '^State' /proc/$pid/status)"
			sed 's/^/  /' /proc/$pid/stack
			fail "seam-$s.bt did not stop within 180 s"
		fi
	done
	trace_print latency
}

[ -e $host/version ] || fail "$host/version is missing: is the emulator on?"

if mainline; then
	echo "== The peer: mainline 7.3's own tdx.c, seamldr.c and tdx-host on the emulator"
else
	echo "== seam on 7.3"
fi
echo "== At boot: tdx.c initialised the TDX module (subsys_initcall)"
dmesg | grep -E '\] (virt/tdx|seam: emulator|seam): ' | sed 's/^\[[^]]*\] /  /'
echo "== What the emulated TDX module was called with to initialise"
grep -E '^calls tdh\.sys\.(init|lp\.init|config|key\.config|tdmr\.init):' \
	/sys/kernel/debug/seam_emulator/state | sed 's/^/  /'
[ -d $fw ] || fail "$fw is missing"

old=$(cat $host/version) || fail "cannot read the module version"
echo "== Before"
show "module version" "$old"
show "P-SEAMLDR version" "$(cat $host/seamldr_version)"
show "remaining updates" "$(cat $host/num_remaining_updates)"
echo 4 > $emu/tds
show "running TDs (emulated)" "$(cat $emu/tds)"
trace_start

new=$(next_version "$old")
echo "== Building TDX module $new with seam-mkimage"
"$SEAM_GUEST/seam-mkimage" --version "$new" -o $image || fail "seam-mkimage"

echo "== Updating through $fw"
upload $image
show "status" "$status"
show "error" "${error:-(none)}"
show "upload to idle" "$ms ms"
[ -z "$error" ] || fail "the update failed: $error"
trace_show

echo "== After"
cur=$(cat $host/version) || fail "cannot read the new version"
show "module version" "$cur"
show "remaining updates" "$(cat $host/num_remaining_updates)"
show "running TDs (emulated)" "$(cat $emu/tds)"
[ "$cur" = "$new" ] || fail "the version is $cur, not $new"
if ! mainline; then
	echo "== Last update (/sys/kernel/debug/seam/tdx_host/last_update)"
	sed 's/^/  /' /sys/kernel/debug/seam/tdx_host/last_update
fi

next=$(next_version "$cur")
"$SEAM_GUEST/seam-mkimage" --version "$next" -o $image || fail "seam-mkimage"
echo "== A refused update: TDH.SYS.SHUTDOWN finds a TD build in progress (injected)"
upload_with_fault 'leaf=tdh.sys.shutdown status=0x8000051200000000'
[ -n "$error" ] || fail "the update was not refused"
[ "$(cat $host/version)" = "$cur" ] || fail "a refused update changed the version"
mainline || [ "$(stat_line state)" = healthy ] || fail "the refusal left: $(stat_line state)"
trace_show

echo "== A failed update: TDH.SYS.LP.INIT fails on CPU 3 after the shutdown (injected)"
upload_with_fault 'leaf=tdh.sys.lp.init cpu=3 status=0xC000050D00000000'
mainline || [ "$(stat_line state)" = recoverable ] || fail "the failure left: $(stat_line state)"
trace_show

echo "== The same image again"
upload $image
show "error" "${error:-(none)}"
mainline || show "result" "$(stat_line result)"
show "module version" "$(read_attr $host/version)"
show "running TDs (emulated)" "$(cat $emu/tds)"
show "remaining updates" "$(read_attr $host/num_remaining_updates)"
if mainline; then
	echo "== Kernel log"
	dmesg | grep -E '\] (virt/tdx|seamldr|tdx_host|seam: emulator): ' | sed 's/^\[[^]]*\] /  /'
	[ -n "$error" ] || fail "mainline recovered, which it has no way to do"
	echo "demo: mainline updated the TDX module live from $old to $cur; after a failure past the shutdown it could not install $next again ($error)"
	exit 0
fi
[ -z "$error" ] || fail "the recovery failed: $error"
[ "$(cat $host/version)" = "$next" ] || fail "the version after the recovery is not $next"
trace_show
trace_stop

echo "== Kernel log"
dmesg | grep -E '\] (seam|seam-svc|virt/tdx): ' | sed 's/^/  /'
echo "demo: TDX module updated live from $old to $cur, then recovered after a failed update to $next"
