#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot the patched kernel with the SEAM emulator in QEMU (TCG, 4 CPUs), the
# host's root shared read-only over 9p, and run one job in the guest:
#   demo      the live TDX module update of 'make run'
#   selftest  tools/testing/selftests/seam, counted into RESULTS_FILE
#   seamctl   seamctl against the driver (harness/guest/seamctl.sh),
#             counted likewise
#   conformance  the tdx_host ABI checks of harness/guest/conformance.py
#             for scenario GUEST_SCENARIO, counted likewise
#   shell     an interactive shell (make run GUEST_SHELL=1)
#   trace     the demo with the bpftrace scripts watching (make trace)
#   bench     the blackout benchmark (make bench); needs GUEST_EMULATOR=0
#   bench-update  real updates on the emulator, timed (make bench), on
#             seam's kernel or the peer's
#   kunit     nothing: the KUnit suites built into the kernel ran at
#             boot; their counts go into RESULTS_FILE (make test and make
#             test-debug); every other job boots with kunit.enable=0
#   boot      nothing: the boot, the 9p root and the power-off
# Every wait is bounded: QEMU is killed after GUEST_TIMEOUT seconds.
# GUEST_KERNEL picks the kernel (guest_kernel_fragments in lib.sh): run
# (default) or debug, whose console is also searched for splats (see
# splat-check.sh), each counted as a failure.  GUEST_APPEND adds to its
# command line.
# GUEST_SMP sets QEMU's -smp (default 4,sockets=2: 4 CPUs in 2 packages),
# GUEST_EMULATOR=0 boots without the SEAM emulator, GUEST_EMULATOR_SPEC
# gives it a platform ("key=value,..."; see seam-emulator.rst),
# GUEST_SCENARIO names the conformance scenario, and BENCH_ARGS reach the
# bench job.
# QEMU_CPU sets QEMU's -cpu (default max: TDX needs XSAVE, which qemu64
# lacks), e.g. max,family=6,model=143,stepping=8 for a guest whose
# CPUID.1.EAX is Sapphire Rapids', as published images list it.
# QEMU_TCG_THREAD=single runs every vCPU in one host thread (default: one
# thread per vCPU).
# Usage: guest.sh JOB [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

job=${1:?usage: guest.sh demo|selftest|seamctl|conformance|trace|shell|bench|bench-update|kunit|boot [RESULTS_FILE]}
results=${2:-}
variant=${GUEST_KERNEL:-run}
out="$OUT/$variant"
guest="$BUILD/guest"
timeout=${GUEST_TIMEOUT:-300}
suffix=
[ "$variant" = run ] || suffix="-$variant"
[ -z "$PEER" ] || suffix="$suffix-$PEER"
log="$guest/$job$suffix.log"

"$REPO/harness/tree.sh" >/dev/null
mkdir -p "$out" "$guest"

# The run kernels compile through ccache when make deps has installed it:
# the peer's tree differs from seam's in a few files and its config in
# seam's symbols, so it builds mostly from the cache (in CI's run of
# 68b09ba, 91% of its objects: 403 s against 747 s before).  Paths are rewritten relative to build/,
# where both trees sit at the same depth, and the working directory is
# left out of the hash: it only names the directory in the debug
# information.  Elsewhere nothing would hit, and a miss costs 15% more
# than a plain compile (mm/: 74 s against 64 s).
if [ "$variant" = run ] && [ -d /usr/lib/ccache ]; then
	export PATH="/usr/lib/ccache:$PATH" CCACHE_DIR="$BUILD/ccache" \
		CCACHE_BASEDIR="$BUILD" CCACHE_NOHASHDIR=1
fi

# The guest kernel: allnoconfig plus the variant's fragments, in order.
# A test run (SEAM_RUN, set by test.sh and test-debug.sh) builds each
# kernel once, not again before each of its boots.
t0=$SECONDS
stamp="$out/.seam-run"
if [ -n "${SEAM_RUN:-}" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$SEAM_RUN" ]; then
	note "$variant guest kernel built in this run"
else
	rm -f "$stamp"
	fragments=$(guest_kernel_fragments "$variant") || die "no guest kernel '$variant'"
	# shellcheck disable=SC2086
	cat $fragments > "$out/.allconfig.new"
	if ! cmp -s "$out/.allconfig.new" "$out/.allconfig"; then
		# A later fragment may set a symbol again; conf says so, harmlessly.
		make -s -C "$TREE" O="$out" ARCH=x86_64 KCONFIG_ALLCONFIG="$out/.allconfig.new" \
			allnoconfig 2>&1 | { grep -v 'override: reassigning to symbol' || true; }
		require_config "$out/.config" "$out/.allconfig.new"
		mv "$out/.allconfig.new" "$out/.allconfig"
	fi
	if ! make -s -C "$TREE" O="$out" ARCH=x86_64 -j"$JOBS" bzImage modules \
		> "$out/build.log" 2>&1; then
		tail -30 "$out/build.log" >&2
		die "the $variant guest kernel did not build; see $out/build.log"
	fi
	[ -z "${SEAM_RUN:-}" ] || echo "$SEAM_RUN" > "$stamp"
	note "$variant guest kernel ready ($((SECONDS - t0)) s)"
	[ -z "${CCACHE_DIR:-}" ] || note "ccache so far: $(ccache -s | grep -m1 'Hits:' | tr -s ' ')"
fi
# The driver of the tdx_host device is a module: seam-svc (seam.config),
# or on the peer mainline's tdx-host.  init.sh loads it from here before
# the job; while its upload exists it cannot be unloaded.
host_ko=drivers/virt/coco/seam-svc/seam-svc.ko
[ -z "$PEER" ] || host_ko=drivers/virt/coco/tdx-host/tdx-host.ko
host_module="$guest/$(basename "$host_ko" .ko)$suffix.ko"
cp "$out/$host_ko" "$host_module"

# The guest's tools, run from the shared root.
make -s -C "$TREE/tools/seam/mkimage" OUTPUT="$guest/"
make -s -C "$TREE/tools/seam/seamctl" OUTPUT="$guest/"
make -s -C "$TREE/tools/testing/selftests/seam" OUTPUT="$guest"

emulator=seam_emulator${GUEST_EMULATOR_SPEC:+=$GUEST_EMULATOR_SPEC}
[ "${GUEST_EMULATOR:-1}" = 1 ] || emulator=
# A kernel with the KUnit suites runs them at boot for the kunit job only,
# booted as kunit.py boots its own: without the emulator, and with the
# console showing KERN_INFO, at which KUnit prints its results.
kunit=
loglevel=6
if [ "$job" = kunit ]; then
	emulator=
	loglevel=7
elif grep -q '^CONFIG_KUNIT=y' "$out/.config"; then
	kunit=kunit.enable=0
fi
# The root is mounted cache=loose: the guest's page cache keeps what it
# has read.  Without it, 9p reads every page of every file again, at each
# exec (libc, libcrypto, python3): on the debug kernel seam-mkimage took
# 10.5 s against 0.7 s, and the selftest job 331 s against 125 s, where
# CI's slower machine had a test outlast the harness's 30 s.  The host
# changes nothing under the guest while it runs: QEMU runs in the
# foreground and the guest writes only to its tmpfs and its console.
append="console=ttyS0 panic=-1 loglevel=$loglevel $emulator $kunit
	${GUEST_APPEND:-}
	root=hostroot rootfstype=9p ro
	rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose
	init=$REPO/harness/guest/init.sh SEAM_JOB=$job SEAM_GUEST=$guest SEAM_REPO=$REPO
	SEAM_HOST_MODULE=$host_module SEAM_PEER=${PEER:-none}
	SEAM_SCENARIO=${GUEST_SCENARIO:-default}
	SEAM_BENCH_ARGS=${BENCH_ARGS:-none}"
# The debug kernels boot on q35.  On QEMU's default i440fx machine the
# DSDT's _PRT builds its 128-entry routing table in an AML While loop at
# each evaluation, and ACPICA aborts a loop that runs 30 s
# (ACPI_MAX_LOOP_TIMEOUT): under TCG the debug kernel took 17 to 19 s for
# it with kmemleak off (lockdep on or off alike) and over 30 s with it on,
# so virtio-pci got no interrupt and the 9p root never mounted.  q35's
# _PRT returns a table built when the DSDT loads: there the step from 9p's
# registration to the virtio device's interrupt routed took 0.7 s.
#
# They also boot with 4-level paging (no5lvl).  In 7.3 pgtable_l5_enabled()
# reads X86_FEATURE_LA57, from boot_cpu_data until the alternatives are
# patched, and identify_cpu() clears boot_cpu_data's capabilities before
# it reads them again, with interrupts on (arch/x86/kernel/cpu/common.c).
# An interrupt in that window saw __VIRTUAL_MASK_SHIFT at 47 on QEMU's
# LA57 CPU, so KASAN took the handler's access to its irq_desc in the
# 5-level direct map for a wild one: a false "wild-memory-access in
# do_raw_spin_lock" at 0.01 s, once so far (the selftest boot of a CI
# run of f994d5e).
machine=pc
case $variant in debug*) machine=q35 append="$append no5lvl" ;; esac
qemu=(qemu-system-x86_64 -machine "$machine"
	-accel tcg,thread=${QEMU_TCG_THREAD:-multi} -cpu "${QEMU_CPU:-max}"
	-smp "${GUEST_SMP:-4,sockets=2}" -m 1G -nographic -no-reboot
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
name=
case $job in
selftest|seamctl|conformance)
	case $job in
	selftest) name=selftests ;;
	seamctl) name=seamctl-guest ;;
	conformance) name=conformance-${GUEST_SCENARIO:-default} ;;
	esac
	counts=$(sed -n 's/^# Totals: pass:\([0-9]*\) fail:\([0-9]*\) .*/\1 \2/p' "$log" |
		awk '{p += $1; f += $2} END {print p + 0, f + 0}')
	;;
kunit)
	name=kunit
	python3 "$TREE/tools/testing/kunit/kunit.py" parse "$log" > "$log.parsed" 2>&1 || true
	counts=$(kunit_counts "$log.parsed")
	[ "${counts#* }" = 0 ] || status=1
	;;
esac
if [ -n "$name" ] && [ -n "$results" ]; then
	if [ "$status" != 0 ] && [ "${counts#* }" = 0 ]; then
		counts="${counts% *} 1"
	fi
	echo "$name$suffix $counts" >> "$results"
fi
# The debug kernels' sanitizers and detectors report on the console.
case $variant in
debug*)
	"$REPO/harness/splat-check.sh" "$log" "splats-$job$suffix" "$results" || status=1
	;;
esac
if [ "$status" != 0 ]; then
	note "guest: job $job failed (status '${status:-none}', QEMU exit $rc) after $elapsed s; log: $log"
	exit 1
fi
note "guest: job $job passed in $elapsed s (QEMU boot to power-off)"
