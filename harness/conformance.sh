#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The conformance set: the tdx_host ABI checks of harness/guest/conformance.py
# on seam's kernel and on the peer kernel (mainline 7.3 with only the SEAM
# emulator and its hooks), each scenario a boot of its own with the
# emulated platform it needs; then harness/conformance-report.py joins what
# both did into one table, build/conformance.txt.
# Usage: conformance.sh [RESULTS_FILE]

. "$(dirname "$0")/lib.sh"

results=${1:-}
boots="$BUILD/conformance-boots"
status=0
: > "$boots"

# Scenario and the emulated platform it boots.
scenarios=(
	"default		"
	"erratum		seamret_erratum=1"
	"no-td-preserving	features0=0x226F3F0FBD"
	"init-failed		features0=0x226F3B0FBF"
	"loader-2.0		seamldr=2.0.0"
	"bad-hash		"
	"bad-signature		"
	"other-signer		"
	"downgrade		"
	"recovery		"
	"lifecycle		"
	"cpu-offline		"
	"last-update		remaining=1"
)

logs=()
for peer in "" mainline; do
	for entry in "${scenarios[@]}"; do
		read -r scenario spec <<< "$entry"
		PEER=$peer GUEST_SCENARIO=$scenario GUEST_EMULATOR_SPEC=$spec \
			"$REPO/harness/guest.sh" conformance "$boots" || status=1
		logs+=("$BUILD/guest/conformance${peer:+-$peer}.log.$scenario")
		suffix=${peer:+-$peer}
		cp "$BUILD/guest/conformance$suffix.log" "$BUILD/guest/conformance$suffix.log.$scenario"
	done
done
python3 "$REPO/harness/conformance-report.py" "${logs[@]}" | tee "$BUILD/conformance.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
# One line for the closing summary: every check of every boot, and the
# report, which fails on a difference no check names, as one more.
counts=$(awk '{p += $2; f += $3} END {print p + 0, f + 0}' "$boots")
[ "$status" -eq 0 ] || [ "${counts#* }" != 0 ] || counts="${counts% *} 1"
[ -z "$results" ] || echo "conformance $counts" >> "$results"
note "conformance: $counts (passed, failed) in ${#logs[@]} boots; table in $BUILD/conformance.txt"
exit $status
