#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the project's KUnit suites in QEMU (TCG) on 4 CPUs in 2 packages, with
# the QEMU description a kernel developer would pass to kunit.py, and record
# the counts for the closing summary.  Usage: kunit.sh RESULTS_FILE

. "$(dirname "$0")/lib.sh"

results=$1
log="$BUILD/kunit.log"

mkdir -p "$OUT"
cd "$TREE"
# kunit.py asks QEMU for KVM first, and KVM does not work on these
# machines: QEMU starts under it and the guest never prints.  Where root
# can use /dev/kvm, hide it in a private mount namespace, so that QEMU
# falls back to TCG, as the QEMU description asks.
hide_kvm=()
if [ -e /dev/kvm ] && [ "$(id -u)" -eq 0 ]; then
	hide_kvm=(unshare --mount sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh)
fi
set +e
"${hide_kvm[@]}" python3 tools/testing/kunit/kunit.py run \
	--qemu_config=tools/testing/kunit/qemu_configs/x86_64_smp.py \
	--build_dir="$OUT/kunit" \
	--kunitconfig=arch/x86/virt/seam/.kunitconfig \
	--jobs="$JOBS" \
	--timeout=900 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e

counts=$(kunit_counts "$log")
passed=${counts% *}
failed=${counts#* }

if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
	# A build failure, a crash before any result, or a timeout.
	echo "seam: kunit.py failed (exit $rc) without a failing test; counting one failure" >&2
	failed=1
fi
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
	echo "seam: KUnit ran no test" >&2
	failed=1
fi
echo "kunit $passed $failed" >> "$results"
[ "$failed" -eq 0 ]
