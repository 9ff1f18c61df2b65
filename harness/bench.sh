#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the guest kernel without the SEAM emulator on 1, 2, 4
# and 8 CPUs, run the blackout benchmark in each boot (Documentation/arch/
# x86/seam.rst, "The blackout benchmark"), and write build/bench/bench.csv,
# summary.txt and blackout.png.  BENCH=quick runs a short version on 2
# and 4 CPUs, as 'make test' does so that the benchmark cannot rot.
# Usage: bench.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

results=${1:-}
dir="$BUILD/bench"
latency=50
if [ "${BENCH:-full}" = quick ]; then
	cpus="2 4" reps=10 pages="1:496" preflight_reps=3
else
	cpus="1 2 4 8" reps=200 pages="1:2:4:8:16:32:64:128:256:496" preflight_reps=50
fi

mkdir -p "$dir"
: > "$dir/bench.csv"
status=0
for n in $cpus; do
	if ! GUEST_SMP=$n GUEST_EMULATOR=0 GUEST_TIMEOUT=${GUEST_TIMEOUT:-900} \
	     BENCH_ARGS="reps=$reps,latency=$latency,pages=$pages,preflight_reps=$preflight_reps" \
	     "$REPO/harness/guest.sh" bench; then
		status=1
		continue
	fi
	cp "$BUILD/guest/bench.log" "$dir/bench-$n.log"
	sed -n '/^BENCH-BEGIN$/,/^BENCH-END$/p' "$dir/bench-$n.log" |
		grep -v '^BENCH-' >> "$dir/bench.csv"
done

set +e
python3 "$REPO/harness/bench-report.py" "$dir/bench.csv" "$dir" "$reps" \
	"${cpus// /:}" "$pages" "$latency"
[ $? -eq 0 ] || status=1
set -e
counts=$(sed -n 's/^bench: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$dir/summary.txt")
[ "$status" -eq 0 ] || [ "${counts#* }" != 0 ] || counts="${counts% *} 1"
[ -n "$results" ] && echo "bench ${counts:-0 1}" >> "$results"

if [ -s "$dir/blackout.dat" ]; then
	gnuplot <<-PLOT
	set terminal png size 900,600 noenhanced
	set output "$dir/blackout.png"
	set title "Update blackout under QEMU TCG, median of $reps (make bench)"
	set xlabel "CPUs"
	set ylabel "blackout (us)"
	set logscale xy
	set key top left
	set xtics (${cpus// /,})
	plot "$dir/blackout.dat" using 1:2 with linespoints title "(a) bare stop_machine", \
	     "" using 1:3 with linespoints title "(b) seam engine", \
	     "" using 1:4 with linespoints title "(c) baseline engine", \
	     "" using 1:5 with linespoints title "(d) seam, INSTALL $latency us per CPU"
	PLOT
	note "bench: $dir/summary.txt, $dir/bench.csv, $dir/blackout.png"
fi
exit $status
