#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# seamctl against the real driver, in a guest of its own (the seamctl job):
# from a directory laid out as Intel publishes releases (mapping_file.json
# and joined_files/1.5/tdx_module_<version>.blob, made with seam-mkimage),
# on the module the kernel initialised at boot: a live update by "seamctl
# update", the same command again (nothing to do), a refused and a busy
# update, one that fails after the point of no return and the recovery
# install, with "seamctl status" after each.  Prints TAP and the kselftest
# totals line.

host=/sys/devices/faux/tdx_host
fw=/sys/class/firmware/tdx_module
emu=/sys/kernel/debug/seam_emulator
seamctl=$SEAM_GUEST/seamctl
mkimage=$SEAM_GUEST/seam-mkimage
dir=${TMPDIR:-/tmp}/releases
out=${TMPDIR:-/tmp}/seamctl.out
n=0
failed=0

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n $2"
	else
		echo "not ok $n $2"
		failed=$((failed + 1))
		sed 's/^/# /' "$out" | head -30
	fi
}

# run RC DESCRIPTION ARGS...: seamctl's exit code; its output is shown.
run() {
	local want=$1 what=$2 rc
	shift 2
	# Not from the console, a terminal, where update would ask first.
	"$seamctl" "$@" < /dev/null > "$out" 2>&1
	rc=$?
	sed 's/^/| /' "$out"
	[ "$rc" = "$want" ] || echo "exit $rc, expected $want" >> "$out"
	[ "$rc" = "$want" ]
	result $? "seamctl $*: exit $want ($what)"
}

json() {
	python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if ($1) else 1)" "$out" >> "$out" 2>&1
	result $? "$2"
}

version_is() {
	[ "$(cat $host/version 2>&1)" = "$1" ]
	result $? "version reads $1"
}

echo "# seamctl against the emulator"
mkdir -p "$dir/joined_files/1.5"
for v in 1.5.16 1.5.20 1.5.24; do
	"$mkimage" --format v1 --version $v -o "$dir/joined_files/1.5/tdx_module_$v.blob" \
		> /dev/null || echo "Bail out! seam-mkimage $v"
done
# An image outside the release directory, as an administrator may be given:
# no mapping file names its release, so the rules that need one cannot be
# checked, and seamctl installs it only with --force.
next=${TMPDIR:-/tmp}/tdx_module_1.5.21.blob
"$mkimage" --version 1.5.21 -o "$next" > /dev/null || echo "Bail out! seam-mkimage 1.5.21"
release() {
	printf '{ "version": "%s", "min_module_version_for_td_preserving": "1.5.01",\n' "$1"
	printf '  "min_seamldr_versions": [ %s ], "tdx_feature0": "0x226F3F0FBF" }' "$2"
}
{
	echo '{ "Header": { "Info": "seam guest releases" }, "tdx_module_releases": ['
	release 1.5.16 '"1.5.00", "2.0.00"'; echo ,
	release 1.5.20 '"1.5.00", "2.0.00"'; echo ,
	release 1.5.24 '"2.0.00"'
	echo '] }'
} > "$dir/mapping_file.json"
cd "$dir" || echo "Bail out! $dir"

# The module the kernel initialised at boot.
run 0 "shows the state" status
run 0 "JSON" status --json
json "d['tdx_module']['state'] == 'running' and d['update_possible']" \
	"status: running, an update possible"
run 0 "releases" list
grep -q '^1.5.20 *newest-compatible$' "$out"
result $? "list: 1.5.20 is the newest compatible release"
grep -q '^1.5.24 *incompatible$' "$out"
result $? "list: 1.5.24 needs P-SEAMLDR 2.0"
run 0 "dry run" update --dry-run
version_is 1.5.16
run 0 "live update" update
version_is 1.5.20
run 0 "JSON" status --json
json "d['tdx_module']['version'] == '1.5.20' and d['last_update']['result'] == 'updated' and
	int(d['last_update']['blackout_us']) > 0 and d['remaining_updates'] == 63" \
	"status: 1.5.20, the update's result and blackout, 63 updates left"
run 0 "Prometheus" status --prometheus
promtool check metrics < "$out" > "$out.prom" 2>&1
result $? "status --prometheus: promtool finds nothing wrong"
run 0 "again: nothing to do" update
run 3 "P-SEAMLDR not named" update 1.5.24
version_is 1.5.20

# The kernel's refusals and failures.
run 3 "an image of no known release: not checked" update --json "$next"
json "d['outcome'] == 'incompatible' and d['rules']['td-preserving']['verdict'] == 'not-checked'" \
	"update --json: refused, the rules that need the metadata not checked"
echo 'leaf=tdh.sys.shutdown status=0x8000051200000000' > $emu/fault
run 5 "a TD build in progress: busy" update --json --force "$next"
json "d['outcome'] == 'busy' and d['tds'] == 'unchanged' and d['error'].endswith('device-busy')" \
	"update --json: busy, TDs unchanged"
version_is 1.5.20
echo 'leaf=tdh.sys.lp.init cpu=3 status=0xC000050D00000000' > $emu/fault
run 7 "failed after the point of no return" update --json --force "$next"
json "d['outcome'] == 'failed-recoverable' and d['tds'] == 'awaiting-recovery'" \
	"update --json: failed after the PONR, the TDs await a recovery install"
run 0 "awaiting recovery" status
grep -q 'awaiting-recovery' "$out"
result $? "status: says the module awaits a recovery install"
run 3 "nothing named while the module awaits a recovery" update
grep -q 'awaits a recovery install: name its image' "$out"
result $? "update: asks for the image to recover with"
run 0 "recovery install" update --json --force "$next"
json "d['outcome'] == 'recovered' and d['tds'] == 'preserved'" \
	"update --json: recovered, the TDs preserved"
version_is 1.5.21
run 0 "recovered" status --json
json "d['last_update']['result'] == 'recovered' and d['tdx_module']['state'] == 'running'" \
	"status: recovered, running"

echo "# Totals: pass:$((n - failed)) fail:$failed xfail:0 xpass:0 skip:0 error:0"
[ "$failed" = 0 ]
