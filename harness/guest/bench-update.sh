#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The 'make bench' job that times real updates on the emulator, run in a
# guest of seam's kernel or of the peer (mainline's own seamldr.c and
# tdx-host).  bpftrace times every stop_machine_cpuslocked() call, entry to
# return, whose callback is one of the engines' (the same probe for both
# kernels, in code neither wrote); the job then installs the prepared
# images one by one through /sys/class/firmware/tdx_module, with the
# sequence Intel's published tool uses, and on seam's kernel runs as many
# bare stop_machine() calls (the bench's "stop" file).  Prints
# "update,<engine>,<cpus>,<round>,<n>,<ns>" lines between BENCH-BEGIN and
# BENCH-END.  $1: images=DIR,round=R.

host=/sys/devices/faux/tdx_host
emu=/sys/kernel/debug/seam_emulator
out=${TMPDIR:-/tmp}/stops.out
images='' round=0

fail() {
	echo "bench-update: FAILED: $*"
	dmesg | tail -5
	exit 1
}

# shellcheck source=harness/guest/fw-upload.sh
. "$SEAM_REPO/harness/guest/fw-upload.sh"

IFS=, read -ra opts <<< "$1"
for o in "${opts[@]}"; do
	case $o in
	images=*) images=${o#*=} ;;
	round=*) round=${o#*=} ;;
	*) fail "unknown option $o" ;;
	esac
done
[ -d "$images" ] || fail "no image directory '$images'"
command -v bpftrace > /dev/null || fail "bpftrace is not installed (make deps)"

# The callbacks each engine hands stop_machine_cpuslocked(), by name.
if [ "${SEAM_PEER:-none}" = mainline ]; then
	engines="mainline:do_seamldr_install_module"
else
	engines="seam:seam_plan_cpu stop_machine:seam_bench_stop_cpu"
fi
filter='' names=''
for e in $engines; do
	filter="$filter${filter:+ || }arg0 == kaddr(\"${e#*:}\")"
	names="$names	if (@fn[tid] == kaddr(\"${e#*:}\")) { printf(\"stop ${e%%:*} %llu\\n\", \$d); }
"
done

# bpftrace 0.17 needs an event to see the SIGINT (see seam-latency.bt).
bpftrace -B none -e "
BEGIN { printf(\"bench-update: attached\\n\"); }
kprobe:stop_machine_cpuslocked /$filter/ { @t[tid] = nsecs; @fn[tid] = arg0; }
kretprobe:stop_machine_cpuslocked /@t[tid]/
{
	\$d = nsecs - @t[tid];
$names	delete(@t[tid]);
	delete(@fn[tid]);
}
interval:s:1 { printf(\"%s\", \"\"); }
END { clear(@t); clear(@fn); }" > "$out" 2>&1 &
pid=$!
for _ in $(seq 900); do
	grep -q '^bench-update: attached' "$out" && break
	kill -0 $pid 2> /dev/null || fail "bpftrace: $(cat "$out")"
	sleep 0.2
done
grep -q '^bench-update: attached' "$out" || fail "bpftrace did not attach in 180 s"

dmesg -n 1
echo 100 > $emu/remaining_updates || fail "setting the emulator's remaining updates"
echo 4 > $emu/tds || fail "setting the emulator's TDs"
n=0
for image in "$images"/*.bin; do
	fw_upload "$image" || fail "$image: no idle within 30 s"
	[ -z "$error" ] || fail "$image: $error"
	n=$((n + 1))
done
echo "bench-update: $n updates, now version $(cat $host/version);" \
	"clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
if [ "${SEAM_PEER:-none}" != mainline ]; then
	echo "reps=$n" > /sys/kernel/debug/seam/bench/stop || fail "the bare stops"
fi

# Every stop timed, then bpftrace stopped.
want=$n
[ "${SEAM_PEER:-none}" = mainline ] || want=$((2 * n))
for _ in $(seq 100); do
	[ "$(grep -c '^stop ' "$out")" -ge $want ] && break
	sleep 0.1
done
kill -INT $pid
timeout 60 tail --pid=$pid -f /dev/null
echo BENCH-BEGIN
awk -v cpus="$(nproc)" -v round="$round" \
	'/^stop / { print "update," $2 "," cpus "," round "," seen[$2]++ "," $3 }' "$out"
echo BENCH-END
