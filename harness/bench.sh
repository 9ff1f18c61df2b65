#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: boot the guest kernel without the SEAM emulator on 1, 2, 4
# and 8 CPUs, run the blackout benchmark in each boot (Documentation/arch/
# x86/seam.rst, "The blackout benchmark"); then, in three rounds, boot
# seam's kernel and the peer (mainline's own engine) on the emulator on 2
# and 4 CPUs, and time the same real updates in each, with bare
# stop_machine() beside them.  Writes build/bench/bench.csv, summary.txt
# and blackout.png.  BENCH=quick runs a short version (2 and 4 CPUs; one
# round of 3 updates on 4), as 'make test' does so that the benchmark
# cannot rot; BENCH=update runs only the real updates, in full.
# Usage: bench.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

results=${1:-}
dir="$BUILD/bench"
latency=50
cpus="1 2 4 8" reps=200 pages="1:2:4:8:16:32:64:128:256:496" preflight_reps=50
update_cpus="2 4" rounds=3 updates=20
case ${BENCH:-full} in
quick)
	cpus="2 4" reps=10 pages="1:496" preflight_reps=3
	update_cpus="4" rounds=1 updates=3
	;;
update)
	cpus= pages=
	;;
full) ;;
*) die "BENCH=$BENCH: quick, update or full" ;;
esac

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

# The same updates on both kernels: images 1.5.17 onwards, the emulator
# booting with 1.5.16, built here once for a guest CPU whose CPUID.1.EAX
# is Sapphire Rapids' (806f8).  The peer's kernel builds on its first boot.
# Both boot with tsc=reliable: under TCG the guest may find its vCPUs'
# TSCs unsynchronized and fall back to the HPET, whose every read is an
# MMIO access QEMU emulates under its global lock, where a TDX host (TDX
# needs an invariant TSC) reads the TSC.  Which boots fell back was luck,
# and it moved the ratio of the two engines by 10%: seam's engine reads
# the clock for its statistics and bounds, mainline's never does.
spr=max,family=6,model=143,stepping=8
images="$dir/images"
rm -rf "$images"
mkdir -p "$images"
make -s -C "$TREE/tools/seam/mkimage" OUTPUT="$dir/"
for i in $(seq "$updates"); do
	"$dir/seam-mkimage" --version "$(printf '1.5.%02u' $((16 + i)))" \
		--cpuid 806f8 -o "$images/$(printf '%02u' "$i").bin" > /dev/null
done
for round in $(seq "$rounds"); do
	for n in $update_cpus; do
		for peer in "" mainline; do
			name=seam
			[ -z "$peer" ] || name=$peer
			if ! PEER=$peer QEMU_CPU=$spr GUEST_SMP=$n GUEST_APPEND=tsc=reliable \
			     GUEST_TIMEOUT=${GUEST_TIMEOUT:-900} \
			     BENCH_ARGS="images=$images,round=$round" \
			     "$REPO/harness/guest.sh" bench-update; then
				status=1
				continue
			fi
			log="$BUILD/guest/bench-update${peer:+-$peer}.log"
			cp "$log" "$dir/update-$name-$n-$round.log"
			sed -n '/^BENCH-BEGIN$/,/^BENCH-END$/p' "$log" |
				grep -v '^BENCH-' >> "$dir/bench.csv"
		done
	done
done

set +e
python3 "$REPO/harness/bench-report.py" "$dir/bench.csv" "$dir" "$reps" \
	"${cpus// /:}" "$pages" "$latency" "${update_cpus// /:}" "$rounds" "$updates"
[ $? -eq 0 ] || status=1
set -e
counts=$(sed -n 's/^bench: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' "$dir/summary.txt")
[ "$status" -eq 0 ] || [ "${counts#* }" != 0 ] || counts="${counts% *} 1"
[ -n "$results" ] && echo "bench ${counts:-0 1}" >> "$results"

if grep -q '^[0-9]' "$dir/blackout.dat" 2>/dev/null; then
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
	     "" using 1:4 with linespoints title "(c) seam, INSTALL $latency us per CPU"
	PLOT
	note "bench: $dir/summary.txt, $dir/bench.csv, $dir/blackout.png"
fi
exit $status
