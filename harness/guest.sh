#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the patched kernel with the SEAM emulator in QEMU (TCG, 4 CPUs), the
# host's root shared read-only over 9p, and run one job in the guest:
#   demo      the live TDX module update of 'make run'
#   selftest  tools/testing/selftests/seam, then seamctl against the
#             driver (harness/guest/seamctl.sh), counted into RESULTS_FILE
#   shell     an interactive shell (make run GUEST_SHELL=1)
#   trace     the demo with the bpftrace scripts watching (make trace)
#   bench     the blackout benchmark (make bench); needs GUEST_EMULATOR=0
# Every wait is bounded: QEMU is killed after GUEST_TIMEOUT seconds.
# GUEST_SMP sets the number of CPUs (default 4), GUEST_EMULATOR=0 boots
# without the SEAM emulator, and BENCH_ARGS reach the bench job.
# QEMU_CPU sets QEMU's -cpu, e.g. qemu64,family=6,model=143,stepping=8 for a
# guest whose CPUID.1.EAX is Sapphire Rapids', as published images list it.
# QEMU_TCG_THREAD=single runs every vCPU in one host thread (default: one
# thread per vCPU).
# Usage: guest.sh JOB [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

job=${1:?usage: guest.sh demo|selftest|trace|shell|bench [RESULTS_FILE]}
results=${2:-}
out="$OUT/run"
guest="$BUILD/guest"
timeout=${GUEST_TIMEOUT:-300}
log="$guest/$job.log"

"$REPO/harness/tree.sh" >/dev/null
mkdir -p "$out" "$guest"

# The guest kernel: allnoconfig plus harness/configs/run.config.
t0=$SECONDS
if ! cmp -s "$REPO/harness/configs/run.config" "$out/.run.config"; then
	make -s -C "$TREE" O="$out" ARCH=x86_64 \
		KCONFIG_ALLCONFIG="$REPO/harness/configs/run.config" allnoconfig
	cp "$REPO/harness/configs/run.config" "$out/.run.config"
fi
if ! make -s -C "$TREE" O="$out" ARCH=x86_64 -j"$JOBS" bzImage > "$guest/build.log" 2>&1; then
	tail -30 "$guest/build.log" >&2
	die "the guest kernel did not build; see $guest/build.log"
fi
for opt in SEAM_EMULATOR SEAM_SVC FW_UPLOAD 9P_FS HOTPLUG_CPU DEBUG_FS; do
	grep -qx "CONFIG_$opt=y" "$out/.config" || die "guest kernel lacks CONFIG_$opt"
done
note "guest kernel ready ($((SECONDS - t0)) s)"

# The guest's tools, run from the shared root.
make -s -C "$TREE/tools/seam/mkimage" OUTPUT="$guest/"
make -s -C "$TREE/tools/seam/seamctl" OUTPUT="$guest/"
make -s -C "$TREE/tools/testing/selftests/seam" OUTPUT="$guest"

emulator=seam_emulator
[ "${GUEST_EMULATOR:-1}" = 1 ] || emulator=
append="console=ttyS0 panic=-1 loglevel=6 $emulator
	root=hostroot rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144 ro
	init=$REPO/harness/guest/init.sh SEAM_JOB=$job SEAM_GUEST=$guest SEAM_REPO=$REPO
	SEAM_BENCH_ARGS=${BENCH_ARGS:-none}"
qemu=(qemu-system-x86_64 -accel tcg,thread=${QEMU_TCG_THREAD:-multi} ${QEMU_CPU:+-cpu "$QEMU_CPU"}
	-smp "${GUEST_SMP:-4}" -m 1G -nographic -no-reboot
	-kernel "$out/arch/x86/boot/bzImage" -append "$(echo $append)"
	-virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap)

if [ "$job" = shell ]; then
	exec "${qemu[@]}"
fi

t0=$SECONDS
set +e
timeout --kill-after=10 "$timeout" "${qemu[@]}" < /dev/null 2>&1 | tr -d '\r' | tee "$log"
rc=${PIPESTATUS[0]}
set -e
elapsed=$((SECONDS - t0))
[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || note "guest: QEMU killed after ${timeout} s"

# init.sh prints "SEAM-JOB: <job> exit <status>" as its last word.
status=$(sed -n "s/^SEAM-JOB: $job exit \([0-9]*\)$/\1/p" "$log" | tail -1)
if [ "$job" = selftest ] && [ -n "$results" ]; then
	counts=$(sed -n 's/^# Totals: pass:\([0-9]*\) fail:\([0-9]*\) .*/\1 \2/p' "$log" |
		awk '{p += $1; f += $2} END {print p + 0, f + 0}')
	if [ "$status" != 0 ] && [ "${counts#* }" = 0 ]; then
		counts="${counts% *} 1"
	fi
	echo "selftests $counts" >> "$results"
fi
if [ "$status" != 0 ]; then
	note "guest: job $job failed (status '${status:-none}', QEMU exit $rc) after $elapsed s; log: $log"
	exit 1
fi
note "guest: job $job passed in $elapsed s (QEMU boot to power-off)"
