#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of seamctl: crafted images (seam-mkimage) and mapping files,
# malformed ones included, and fake sysfs trees (--sysfs-root) where a
# responder plays the kernel's side of the firmware upload: a success, a
# busy, a refused and a failing-after-PONR upload, a lost one and one that
# never ends.  The JSON is checked with Python's json module and the
# Prometheus output with promtool.  Prints TAP and "# N passed, N failed".
# With DESTDIR, where "make install DESTDIR=..." put seamctl, it checks what
# was installed there too.
# Usage: test_seamctl.sh SEAMCTL SEAM-MKIMAGE [DESTDIR]

SEAMCTL=${1:?usage: test_seamctl.sh SEAMCTL SEAM-MKIMAGE [DESTDIR]}
MKIMAGE=${2:?usage: test_seamctl.sh SEAMCTL SEAM-MKIMAGE [DESTDIR]}
DESTDIR=${3:-}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; rm -rf "$work"' EXIT
n=0
failed=0

result() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		failed=$((failed + 1))
		[ -z "${3:-}" ] || sed 's/^/# /' "$3" | head -20
	fi
}

# expect RC DESCRIPTION -- seamctl ARGS: the exit code, and output in $out.
# A seamctl that hangs (on a FIFO nobody reads) fails after 60 s.
out=$work/out
expect() {
	local want=$1 what=$2 rc
	shift 3
	timeout 60 "$SEAMCTL" "$@" > "$out" 2>&1
	rc=$?
	[ "$rc" = "$want" ] || echo "exit $rc, expected $want" >> "$out"
	[ "$rc" = "$want" ]
	result $? "$what" "$out"
}

# grep_out PATTERN DESCRIPTION: the last output matches.
grep_out() {
	grep -q -- "$1" "$out"
	result $? "$2" "$out"
}

# json_check PYTHON-EXPRESSION DESCRIPTION: on the last output, parsed.
json_check() {
	python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if ($1) else 1)" "$out" 2>> "$out"
	result $? "$2" "$out"
}

mk() {
	"$MKIMAGE" "$@" > /dev/null || { echo "Bail out! seam-mkimage $*"; exit 1; }
}

# A fake sysfs tree: fake ROOT VERSION SEAMLDR REMAINING
fake() {
	local r=$1
	rm -rf "$r"
	mkdir -p "$r/sys/devices/faux/tdx_host" "$r/sys/class/firmware/tdx_module" \
		"$r/sys/devices/system/cpu" "$r/sys/kernel/debug/seam/tdx_host"
	echo "$2" > "$r/sys/devices/faux/tdx_host/version"
	echo "$3" > "$r/sys/devices/faux/tdx_host/seamldr_version"
	echo "$4" > "$r/sys/devices/faux/tdx_host/num_remaining_updates"
	echo 0-3 > "$r/sys/devices/system/cpu/online"
	echo 0-3 > "$r/sys/devices/system/cpu/present"
	echo idle > "$r/sys/class/firmware/tdx_module/status"
	: > "$r/sys/class/firmware/tdx_module/error"
	: > "$r/sys/class/firmware/tdx_module/loading"
	: > "$r/sys/class/firmware/tdx_module/data"
	printf 'result: none\nerror: none\nstate: healthy\n' \
		> "$r/sys/kernel/debug/seam/tdx_host/last_update"
}

# The responder is done: it ends once the upload it plays ends; should
# seamctl never have written the image, it would wait for ever, so it is
# stopped after 5 s and the checks that follow fail.
finish() {
	local i

	for i in $(seq 50); do
		[ -z "$(jobs -pr)" ] && break
		sleep 0.1
	done
	kill $(jobs -pr) 2> /dev/null
	wait
}

# Nothing was written to the upload of fake tree $1.
untouched() {
	local fw=$1/sys/class/firmware/tdx_module
	[ -f "$fw/loading" ] && [ ! -s "$fw/loading" ] && [ ! -s "$fw/data" ]
	result $? "$2: nothing written to sysfs"
}

# The kernel's side of one upload on fake tree $1, ending as $2:
# updated VERSION | recovery-install | device-busy | firmware-invalid | recoverable |
# lost | mainline-lost | hang.  data
# becomes a FIFO, and the images are larger than a pipe holds, so that
# seamctl's write of the image completes only after the responder has set
# status to "preparing", as the firmware loader has when loading=0 returns.
# What arrives is kept in $1/received; protocol errors go to $1/protocol.
respond() {
	local r=$1 how=$2 new=${3:-} fw=$1/sys/class/firmware/tdx_module
	local host=$1/sys/devices/faux/tdx_host
	local stats=$1/sys/kernel/debug/seam/tdx_host/last_update
	[ -d "${stats%/*}" ] || stats=/dev/null
	rm -f "$fw/data"
	mkfifo "$fw/data"
	: > "$r/protocol"
	(
		exec 3< "$fw/data"
		[ "$(cat "$fw/loading")" = 1 ] ||
			echo "data written before loading=1" >> "$r/protocol"
		echo preparing > "$fw/status"
		cat <&3 > "$r/received"
		echo 0 > "$fw/remaining_size"
		for _ in $(seq 100); do
			[ "$(cat "$fw/loading")" = 0 ] && break
			sleep 0.05
		done
		[ "$(cat "$fw/loading")" = 0 ] ||
			echo "no loading=0 after the data" >> "$r/protocol"
		sleep 0.3
		case $how in
		updated)
			echo "$new" > "$host/version"
			printf '%s\n' "result: updated" "error: none" "version_before: 1.5.16" \
				"version_after: $new" "state: healthy" "blackout_us: 31234" \
				> "$stats"
			;;
		recovery-install)
			echo 1.5.20 > "$host/version"
			printf '%s\n' "result: recovered" "error: none" "state: healthy" > "$stats"
			;;
		device-busy)
			echo "preparing:device-busy" > "$fw/error"
			printf '%s\n' "result: refused" "error: device-busy" "state: healthy" \
				> "$stats"
			;;
		firmware-invalid)
			echo "transferring:firmware-invalid" > "$fw/error"
			printf '%s\n' "result: refused" "error: firmware-invalid" "state: healthy" \
				> "$stats"
			;;
		recoverable)
			echo "transferring:hw-error" > "$fw/error"
			rm -f "$host/version"
			printf '%s\n' "result: failed after the point of no return" \
				"error: hw-error" \
				"state: recoverable" "blackout_us: 40000" > "$stats"
			;;
		mainline-lost)
			# Mainline reports every failure as firmware-invalid; after
			# the PONR version fails with ENXIO, as open() of a socket does.
			echo "transferring:firmware-invalid" > "$fw/error"
			rm -f "$host/version"
			python3 -c "import socket, sys
socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$host/version"
			;;
		lost)
			echo "transferring:hw-error" > "$fw/error"
			rm -f "$host/version"
			printf '%s\n' "result: failed after the point of no return" \
				"error: hw-error" \
				"state: lost" > "$stats"
			;;
		hang)
			exit 0
			;;
		esac
		echo idle > "$fw/status"
	) &
}

# The responder saw the published sequence.
protocol_ok() {
	[ ! -s "$1/protocol" ]
	result $? "$2: loading=1, the image, loading=0, in that order" "$1/protocol"
}

# --- Images and a release directory laid out as Intel's ---------------------
dir=$work/releases
j=$dir/joined_files/1.5
mkdir -p "$j" "$dir/joined_files/2.0"
mk --version 1.5.16 --format v1 --pages 40 -o "$j/tdx_module_1.5.16.blob"
mk --version 1.5.08 --format v1 -o "$j/tdx_module_1.5.08.blob"
mk --version 1.5.20 --format v1 --pages 40 -o "$j/tdx_module_1.5.20.blob"
mk --version 1.5.22 --format v1 --svn 1.10 -o "$j/tdx_module_1.5.22.blob"
mk --version 1.5.23 --format v1 --module-hv 2 --min-update-hv 1 -o "$j/tdx_module_1.5.23.blob"
mk --version 1.5.24 --format v1 -o "$j/tdx_module_1.5.24.blob"
mk --version 1.5.30 --format v1 --debug -o "$j/tdx_module_1.5.30.blob"
mk --version 1.5.31 --format v1 --cpuid 0x000a06a0 -o "$j/tdx_module_1.5.31.blob"
mk --version 2.0.18 --format v1 --version-in-sigstruct \
	-o "$dir/joined_files/2.0/tdx_module_2.0.18.blob"
release() {
	printf '    { "version": "%s", "min_module_version_for_td_preserving": "%s",\n' "$1" "$2"
	printf '      "strict_compat_versions": [ ], "min_seamldr_versions": [ %s ],\n' "$3"
	printf '      "tdx_feature0": "0x226F3F0FBF" }'
}
{
	printf '{ "Header": { "Info": "seamctl test releases", "Version": "1.0" },\n'
	printf '  "tdx_module_releases": [\n'
	release 1.5.08 1.5.01 '"1.5.00", "2.0.00"'; echo ,
	release 1.5.16 1.5.01 '"1.5.00", "2.0.00"'; echo ,
	release 1.5.20 1.5.01 '"1.5.00", "2.0.00"'; echo ,
	release 1.5.22 1.5.01 '"1.5.00"'; echo ,
	release 1.5.23 1.5.01 '"1.5.00"'; echo ,
	release 1.5.24 1.5.01 '"2.0.00"'; echo ,
	release 1.5.25 1.5.01 '"1.5.00"'; echo ,
	release 1.5.30 1.5.01 '"1.5.00"'; echo ,
	release 1.5.31 1.5.01 '"1.5.00"'; echo ,
	release 2.0.18 2.0.04 '"2.0.00"'; echo
	printf '  ] }\n'
} > "$dir/mapping_file.json"
root=$work/root

# --- inspect ----------------------------------------------------------------
expect 0 "inspect: a valid 0x100 image" -- inspect "$j/tdx_module_1.5.20.blob"
grep_out "Verdict: *valid" "inspect: says valid"
grep_out "0x100 (as Intel publishes)" "inspect: names the format"
want=$(python3 -c "import hashlib, sys
print(hashlib.sha384(open(sys.argv[1], 'rb').read()[0x2000:]).hexdigest())" \
	"$j/tdx_module_1.5.20.blob")
grep_out "Measurement (MRSEAM): *$want" \
	"inspect: MRSEAM is the SHA-384 of the module pages (Python's hashlib)"
expect 0 "inspect --json" -- inspect --json "$j/tdx_module_1.5.22.blob"
json_check "d['valid'] and d['sigstruct']['svn_minor'] == 10 and d['hash_ok'] and
	d['signature_ok'] and len(d['mrseam']) == 96" \
	"inspect --json: valid JSON with the SVN, hash and signature"
expect 0 "inspect: a debug image is valid" -- inspect "$j/tdx_module_1.5.30.blob"
grep_out "DEBUG-signed" "inspect: shows the debug bit"
expect 0 "inspect: a 2.0 image" -- inspect "$dir/joined_files/2.0/tdx_module_2.0.18.blob"
grep_out "P-SEAMLDR 1.x rules: *sigstruct" \
	"inspect: a 2.0 sigstruct breaks the 1.x loader's reserved3 rule"
grep_out "P-SEAMLDR 2.x rules: *ok" "inspect: and passes the 2.x loader's"
# P-SEAMLDR 1.5.00: the sigstruct rules of the 1.x loader apply.
fake "$root" 1.5.16 1.5.00 64
for kind in hash signature truncate oversize magic checksum sigstruct format; do
	mk --corrupt $kind --format v1 -o "$work/bad-$kind.bin"
	expect 1 "inspect: a $kind corruption is a problem" -- inspect --sysfs-root "$root" \
		"$work/bad-$kind.bin"
done
grep_out "Verdict: *1 problem" "inspect: the problem is counted"
# Without the loader's version only the rules of every generation apply,
# as in the kernel: no P-SEAMLDR 2.x source is public.
expect 0 "inspect: a bad header type, loader unknown" -- inspect "$work/bad-sigstruct.bin"
grep_out "P-SEAMLDR 1.x rules: *sigstruct: bad header type" \
	"inspect: still shows what a 1.x loader would refuse"
head -c 100000 /dev/urandom > "$work/random.bin"
expect 1 "inspect: random bytes" -- inspect "$work/random.bin"
: > "$work/empty.bin"
expect 1 "inspect: an empty file" -- inspect "$work/empty.bin"
expect 1 "inspect: a missing file" -- inspect "$work/missing.bin"
grep_out "No such file" "inspect: says the file is missing"
expect 1 "inspect: a directory" -- inspect "$work"
truncate -s 9M "$work/huge.bin"
expect 1 "inspect: a file over 8 MiB is not read" -- inspect "$work/huge.bin"

# --- convert ----------------------------------------------------------------
expect 0 "convert: 0x100 to 0x200" -- convert "$j/tdx_module_1.5.20.blob" -o "$work/v2.bin"
expect 0 "convert: the output is valid" -- inspect --json "$work/v2.bin"
json_check "d['format'] == '0x200' and d['mrseam'] == '$want'" \
	"convert: the output is 0x200 with the same measurement"
v1_size=$(stat -c %s "$j/tdx_module_1.5.20.blob")
[ "$(stat -c %s "$work/v2.bin")" = $((4096 * 2 + v1_size - 8192)) ]
result $? "convert: header, sigstruct page and module pages, nothing else"
expect 1 "convert: random bytes are refused" -- convert "$work/random.bin" -o "$work/r2.bin"
[ ! -e "$work/r2.bin" ] && [ ! -e "$work/r2.bin.tmp" ]
result $? "convert: no output for a refused input"
expect 2 "convert: no -o is a usage error" -- convert "$work/v2.bin"

# --- mapping files ----------------------------------------------------------
fake "$root" 1.5.16 1.5.00 64
bad_mapping() {
	printf '%s' "$2" > "$work/m.json"
	expect 1 "mapping: $1" -- list --mapping "$work/m.json" --dir "$dir" --sysfs-root "$root"
	grep_out "$3" "mapping: $1: says why"
}
bad_mapping "not JSON" '{ "tdx_module_releases": [ ' "not valid JSON"
bad_mapping "text after the object" '{ "tdx_module_releases": [] } x' "JSON"
bad_mapping "no releases array" '{ "Header": {} }' "tdx_module_releases"
bad_mapping "an empty release list" '{ "tdx_module_releases": [] }' "1 to"
# entry [FIELD=JSON ...]: a release, its fields replaced or (FIELD=) left out.
entry() {
	python3 - "$@" <<'PY'
import json, sys
e = {"version": "1.5.01", "min_module_version_for_td_preserving": "1.5.01",
     "min_seamldr_versions": ["1.5.00"], "tdx_feature0": "0x1"}
for arg in sys.argv[1:]:
    key, _, value = arg.partition("=")
    if value:
        e[key] = json.loads(value)
    else:
        del e[key]
print(json.dumps(e))
PY
}
releases() { printf '{ "tdx_module_releases": [ %s ] }' "$1"; }
bad_mapping "a release without a version" "$(releases "$(entry version=)")" \
	'release 0: no "version"'
bad_mapping "a malformed version" "$(releases "$(entry 'version="1.5"')")" 'not a version'
bad_mapping "a number for a version" "$(releases "$(entry version=1.5)")" 'not a version'
bad_mapping "no P-SEAMLDR versions" "$(releases "$(entry min_seamldr_versions=[])")" \
	'min_seamldr_versions'
bad_mapping "a bad feature value" "$(releases "$(entry 'tdx_feature0="0xZZ"')")" 'tdx_feature0'
bad_mapping "a release listed twice" "$(releases "$(entry), $(entry)")" 'twice'
python3 -c 'print("[" * 100000)' > "$work/deep.json"
lst=(list --dir "$dir" --sysfs-root "$root")
expect 1 "mapping: 100000 nested arrays are refused, not recursed into" -- \
	"${lst[@]}" --mapping "$work/deep.json"
expect 1 "mapping: a missing file" -- "${lst[@]}" --mapping "$work/none.json"

# --- list -------------------------------------------------------------------
expect 0 "list" -- list --dir "$dir" --sysfs-root "$root"
verdict() {
	grep -q "^$1 *$2\$" "$out"
	result $? "list: $1 is $2${3:+ ($3)}" "$out"
}
verdict 1.5.20 newest-compatible
verdict 1.5.16 running
verdict 1.5.08 incompatible "older than the running one"
verdict 1.5.22 incompatible "minor SVN downgrade"
verdict 1.5.23 incompatible "no common handoff version"
verdict 1.5.24 incompatible "P-SEAMLDR not named"
verdict 1.5.25 incompatible "no image"
verdict 1.5.30 incompatible "debug"
verdict 1.5.31 incompatible "another CPU"
verdict 2.0.18 incompatible "another major.minor"
grep_out "x svn: minor SVN 10 is lower than the running module's 11" "list: the SVN reason"
grep_out "x handoff: the running module hands off 0..0, this one takes 1..2" \
	"list: the handoff reason"
grep_out "x seamldr: P-SEAMLDR 1.5.00 is not one the release names" "list: the P-SEAMLDR reason"
grep_out "x image: no image for 1.5.25" "list: the missing image"
grep_out "x cpu: this CPU" "list: the CPU reason"
expect 0 "list --allow-debug" -- list --allow-debug --dir "$dir" --sysfs-root "$root"
verdict 1.5.30 newest-compatible
expect 0 "list --json" -- list --json --dir "$dir" --sysfs-root "$root"
json_check "d['newest_compatible'] == '1.5.20' and d['running'] == '1.5.16' and
	len(d['releases']) == 10 and
	[r['rules']['svn']['verdict'] for r in d['releases']
	 if r['version'] == '1.5.22'] == ['fail']" \
	"list --json: the releases and their rules"

# --- status -----------------------------------------------------------------
expect 0 "status" -- status --sysfs-root "$root"
grep_out "TDX module: *1.5.16 (running)" "status: the module"
grep_out "P-SEAMLDR: *1.5.00" "status: the loader"
grep_out "Runtime update: *possible" "status: an update is possible"
expect 0 "status --json" -- status --json --sysfs-root "$root"
json_check "d['tdx_module']['version'] == '1.5.16' and d['remaining_updates'] == 64 and
	d['update_possible'] and d['last_update']['result'] == 'none'" \
	"status --json: versions, updates remaining, last update"
expect 0 "status --prometheus" -- status --prometheus --sysfs-root "$root"
promtool check metrics < "$out" > "$work/prom" 2>&1
result $? "status --prometheus: promtool finds nothing wrong" "$work/prom"
grep_out '^seam_tdx_module_remaining_updates 64$' "status --prometheus: the remaining updates"
expect 0 "status --prometheus=FILE" -- status --prometheus="$work/seam.prom" --sysfs-root "$root"
[ -s "$work/seam.prom" ] && [ ! -e "$work/seam.prom.tmp" ]
result $? "status --prometheus=FILE: written, no temporary file left"
fake "$root" 1.5.16 1.5.00 64
echo 0-2 > "$root/sys/devices/system/cpu/online"
expect 0 "status: a CPU offline" -- status --sysfs-root "$root"
grep_out "not every present CPU is online" "status: says why no update"
expect 0 "status: no TDX host" -- status --json --sysfs-root "$work/nothing"
json_check "d['tdx_module']['state'] == 'absent' and not d['update_possible'] and
	d['last_update'] is None" \
	"status --json: an absent host"

# --- update: refusals before anything is written ----------------------------
upd() { expect "$1" "$2" -- update --dir "$dir" --sysfs-root "$root" "${@:3}"; }
fake "$root" 1.5.16 1.5.00 64
upd 0 "update --dry-run" --dry-run
grep_out "would install 1.5.20" "update --dry-run: names the newest compatible release"
untouched "$root" "update --dry-run"
upd 3 "update 1.5.24: P-SEAMLDR not named" 1.5.24
grep_out "force" "update 1.5.24: --force is offered"
untouched "$root" "update 1.5.24"
upd 0 "update --force --dry-run 1.5.24" --force --dry-run 1.5.24
upd 3 "update 1.5.22: SVN downgrade" 1.5.22
upd 3 "update --force 1.5.22: the kernel's rules cannot be forced" --force 1.5.22
upd 3 "update 1.5.30: debug" 1.5.30
upd 0 "update --allow-debug --dry-run 1.5.30" --allow-debug --dry-run 1.5.30
upd 3 "update 1.5.31: another CPU" 1.5.31
upd 1 "update 9.9.99: no such release" 9.9.99
upd 1 "update with a malformed mapping" --mapping "$work/deep.json"
upd 1 "update with a missing mapping" --mapping "$work/none.json"
untouched "$root" "refused updates"
upd 1 "update IMAGE: truncated" "$work/bad-truncate.bin"
grep_out "bad-truncate.bin: not a valid image: " "update IMAGE: truncated, says why"
upd 1 "update IMAGE: hostile bytes" "$work/random.bin"
upd 1 "update IMAGE: missing" "$work/missing.bin"
untouched "$root" "refused images"
upd 0 "update IMAGE --dry-run: the release found by SEAMHASH" --dry-run "$work/v2.bin"
grep_out "would install 1.5.20 " "update IMAGE --dry-run: would install 1.5.20"
fake "$root" 1.5.16 1.5.00 0
upd 4 "update: no updates remaining"
grep_out "no updates remaining" "update: says so"
fake "$root" 1.5.16 1.5.00 64
echo 0-2 > "$root/sys/devices/system/cpu/online"
upd 4 "update: a CPU offline"
untouched "$root" "update with a CPU offline"
expect 4 "update: no sysfs at all" -- update --dir "$dir" --sysfs-root "$work/nothing"
fake "$root" 1.5.16 1.5.00 64
echo transferring > "$root/sys/class/firmware/tdx_module/status"
upd 5 "update: another upload is running"
untouched "$root" "update while another upload runs"
fake "$root" 1.5.20 1.5.00 64
upd 0 "update: the newest already runs"
grep_out "already runs" "update: says the newest already runs"
untouched "$root" "update when the newest already runs"

# --- update: the upload, with the kernel's side played by respond() ---------
fake "$root" 1.5.16 1.5.00 64
respond "$root" updated 1.5.20
upd 0 "update: success"
# The 0x200 image built here from the layout (a header, the sigstruct
# zero-padded to a page, the module pages), not by seamctl's own converter.
python3 -c 'import struct, sys
v1 = open(sys.argv[1], "rb").read()
module = v1[0x2000:]
hdr = struct.pack("<HH8sII", 0x200, 0, b"TDX-BLOB", 1, len(module) // 4096)
sys.stdout.buffer.write(hdr.ljust(4096, b"\0") + v1[0x1000:0x1800].ljust(4096, b"\0") + module)' \
	"$j/tdx_module_1.5.20.blob" > "$work/expected-v2.bin"
cmp -s "$root/received" "$work/expected-v2.bin"
result $? "update: the image written is the release's as 0x200, byte for byte"
grep_out "After: *1.5.20" "update: shows the version after"
grep_out "Blackout: *31234 us" "update: shows seam's blackout"
finish
protocol_ok "$root" "update"
upd 0 "update again: nothing to do"
grep_out "already runs" "update again: says so"
outcome() {
	fake "$root" 1.5.16 1.5.00 64
	respond "$root" "$2"
	upd "$1" "update --json: $2" --json
	json_check "d['outcome'] == '$3' and d['tds'] == '$4' and d['exit_code'] == $1" \
		"update --json: $2 is $3, TDs $4"
	finish
	protocol_ok "$root" "update: $2"
}
fake "$root" 1.5.16 1.5.00 64
respond "$root" updated 1.5.20
upd 0 "update --json: success" --json
json_check "d['outcome'] == 'updated' and d['tds'] == 'preserved' and
	d['version_before'] == '1.5.16' and d['version_after'] == '1.5.20' and
	d['blackout_us'] == 31234" \
	"update --json: updated, TDs preserved, versions and blackout"
finish
outcome 0 recovery-install recovered preserved
outcome 5 device-busy busy unchanged
outcome 6 firmware-invalid refused unchanged
outcome 7 recoverable failed-recoverable awaiting-recovery
outcome 8 lost failed-lost lost
fake "$root" 1.5.16 1.5.00 64
respond "$root" hang
upd 9 "update --timeout 1: no outcome" --timeout 1
grep_out "not idle after 1 s" "update --timeout: says it gave up"
kill %% 2>/dev/null
finish

# --- mainline 7.2: the same ABI, without seam's statistics ------------------
mainline() {
	fake "$root" 1.5.16 1.5.00 64
	rm -rf "$root/sys/kernel/debug"
}
mainline
expect 0 "mainline: status" -- status --sysfs-root "$root"
grep_out "Last update: *not reported by this kernel" "mainline: status says there are no statistics"
mainline
respond "$root" updated 1.5.20
upd 0 "mainline: update" --json
json_check "d['outcome'] == 'updated' and d['version_after'] == '1.5.20' and
	d['blackout_us'] is None" "mainline: updated, no blackout reported"
finish
mainline
respond "$root" firmware-invalid
upd 6 "mainline: refused"
finish
mainline
respond "$root" mainline-lost
upd 8 "mainline: failed after the point of no return" --json
json_check "d['outcome'] == 'failed-lost' and d['tds'] == 'lost'" \
	"mainline: version's ENXIO says the TDs are lost"
finish
expect 0 "mainline: status after the loss" -- status --json --sysfs-root "$root"
json_check "d['tdx_module']['state'] == 'lost' and not d['update_possible']" \
	"mainline: status says lost, no update possible"
upd 4 "mainline: no update after the loss"

# --- update: a read-only sysfs ----------------------------------------------
# A tmpfs remounted read-only, in a private mount namespace (a user
# namespace too when not root), so that no mount leaks to the host.
ns=(unshare -m --propagation private)
[ "$(id -u)" = 0 ] || ns=(unshare -rm --propagation private)
mkdir -p "$work/ro"
"${ns[@]}" bash -c "mount -t tmpfs none '$work/ro' && $(declare -f fake) &&
	fake '$work/ro' 1.5.16 1.5.00 64 && mount -o remount,ro '$work/ro' &&
	'$SEAMCTL' update --dir '$dir' --sysfs-root '$work/ro'" > "$out" 2>&1
[ $? = 1 ]
result $? "update: a read-only sysfs is an error" "$out"
grep_out "Read-only file system" "update: says the sysfs is read-only"

# --- A mainline fleet: the kernel's format, fail closed, operations ---------
fake "$root" 1.5.16 1.5.00 64
upd 0 "update --dry-run of a 0x100 release" --dry-run 1.5.20
grep_out "format 0x200 (converted in memory from 0x100)" \
	"update --dry-run: says it would send 0x200, converted from 0x100"
upd 0 "update --dry-run --json" --dry-run --json 1.5.20
json_check "d['image_format'] == 0x100 and d['sent_format'] == 0x200 and
	d['sent_bytes'] == $(stat -c %s "$work/v2.bin") and d['schema'] == 2" \
	"update --dry-run --json: the image's format, what would be sent, the schema"
cp "$j/tdx_module_1.5.20.blob" "$work/renamed-release.bin"
upd 0 "update IMAGE: a file of any name" --dry-run "$work/renamed-release.bin"
grep_out "would install 1.5.20 " "update IMAGE: its release is the one with its SEAMHASH"
mkdir -p "$work/nodir"
# In the main shell, not a subshell, so that the counts add up.
cd "$work/nodir" || exit 1
expect 3 "update IMAGE, no --dir: a downgrade is not approved" -- \
	update --dry-run --sysfs-root "$root" "$j/tdx_module_1.5.08.blob"
grep_out "cannot be checked" "update IMAGE, no --dir: says the rules cannot be checked"
grep_out "? td-preserving: no release metadata" "update IMAGE, no --dir: names the rule"
expect 0 "update --force IMAGE, no --dir: the administrator's choice" -- \
	update --dry-run --force --sysfs-root "$root" "$j/tdx_module_1.5.08.blob"
cd - > /dev/null || exit 1
mk --version 1.5.40 --format v1 -o "$work/no-release.bin"
upd 3 "update IMAGE of no release: refused" --dry-run "$work/no-release.bin"
grep_out "^unknown cannot be checked" "update IMAGE of no release: names it unknown"
# Under valgrind CPUID is valgrind's: name the host's.
cpuid=$("$SEAMCTL" status --json --sysfs-root "$root" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["cpuid"])')
valgrind -q --error-exitcode=99 "$SEAMCTL" update --dry-run --force --dir "$dir" \
	--cpuid "$cpuid" --sysfs-root "$root" "$work/no-release.bin" > "$out" 2>&1
result $? "update IMAGE of no release: no uninitialised read (valgrind)" "$out"
grep_out "would install unknown (" "update IMAGE of no release: the release shown as unknown"
fake "$work/root2" 2.0.08 2.0.00 64
cp "$dir/joined_files/2.0/tdx_module_2.0.18.blob" "$work/nodir/any-name.bin"
cd "$work/nodir" || exit 1
expect 0 "update of a 2.0 image, no metadata: its sigstruct's version" -- \
	update --dry-run --force --sysfs-root "$work/root2" any-name.bin
cd - > /dev/null || exit 1
grep_out "would install 2.0.18 " "update of a 2.0 image: named 2.0.18"
expect 0 "inspect: a 2.0 image's module version" -- \
	inspect "$dir/joined_files/2.0/tdx_module_2.0.18.blob"
grep_out "Module version: *2.0.18 (from the sigstruct)" "inspect: shows the module version"
grep_out "CPUID table: *1 entry$" "inspect: one entry, not 1 entries"
expect 1 "inspect --json: a missing file" -- inspect --json "$work/missing.bin"
json_check "'No such file' in d['error'] and d['schema'] == 2" \
	"inspect --json: a missing file is JSON with the reason"
# --cpuid: what another host would get.
upd 3 "update 1.5.31: this CPU is not listed" --dry-run 1.5.31
upd 0 "update --cpuid: a host whose CPU 1.5.31 lists" --dry-run --cpuid 0xa06a5 1.5.31
expect 0 "status --cpuid" -- status --sysfs-root "$root" --cpuid 0xa06a5
grep_out "CPUID.1.EAX 0xa06a0" "status --cpuid: the stepping masked"
expect 2 "--cpuid takes hexadecimal" -- status --cpuid 0xzz
# strict_compat_versions (rules.c says how it is read).
strict() {
	python3 -c 'import json, sys
d = json.load(sys.stdin)
for r in d["tdx_module_releases"]:
    if r["version"] == "1.5.20":
        r["strict_compat_versions"] = sys.argv[1].split(",")
    if r["version"] == "1.5.24":
        r["strict_compat_versions"] = {"from": "1.5.16"}
json.dump(d, sys.stdout)' "$1" < "$dir/mapping_file.json" > "$work/strict.json"
}
strict 1.5.17
strict_upd() {
	upd "$1" "strict_compat_versions: $2" --dry-run --mapping "$work/strict.json" "${@:3}"
}
strict_upd 3 "the running version not listed" 1.5.20
grep_out "x strict-compat: the running 1.5.16 is not in strict_compat_versions" \
	"strict_compat_versions: names the rule"
strict 1.5.17,1.5.16
strict_upd 0 "the running version listed" 1.5.20
strict_upd 3 "another form: not checked" 1.5.24
grep_out "? strict-compat: strict_compat_versions is not a list of versions" \
	"strict_compat_versions: another form, says so"
strict_upd 0 "another form: --force" --force 1.5.24
# Not root: the 0400 attributes say so, with their own exit code.
if [ "$(id -u)" = 0 ]; then
	asuser=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 755 "$work"
else
	asuser=()
fi
fake "$root" 1.5.16 1.5.00 64
chmod -R a+rX "$root" "$dir"
chmod 400 "$root/sys/devices/faux/tdx_host/seamldr_version" \
	"$root/sys/devices/faux/tdx_host/num_remaining_updates"
"${asuser[@]}" "$SEAMCTL" update --dry-run --dir "$dir" --sysfs-root "$root" > "$out" 2>&1
[ $? = 10 ]
result $? "update as non-root: exit 10" "$out"
grep_out "reading seamldr_version: Permission denied: run as root" \
	"update as non-root: says run as root"
"${asuser[@]}" "$SEAMCTL" status --prometheus --sysfs-root "$root" > "$out" 2>&1
unreadable='seam_tdx_host_attribute_unreadable{attribute="seamldr_version"'
grep_out "$unreadable,reason=\"permission denied: run as root\"} 1" \
	"status --prometheus as non-root: the metric carries the reason"
"${asuser[@]}" "$SEAMCTL" list --dir "$dir" --sysfs-root "$root" > "$out" 2>&1
grep_out "P-SEAMLDR unknown (run as root)" "list as non-root: says run as root"
rm "$root/sys/devices/faux/tdx_host/seamldr_version"
expect 0 "list as root, seamldr_version missing" -- list --dir "$dir" --sysfs-root "$root"
! grep -q "run as root" "$out"
result $? "list as root: no \"run as root\" for a missing attribute" "$out"
# A running module whose version the kernel cannot read.
fake "$root" 1.5.16 1.5.00 64
: > "$root/sys/devices/faux/tdx_host/version"
expect 0 "status: the version unreadable" -- status --sysfs-root "$root"
grep_out "(version-unreadable)" "status: a module whose version cannot be read"
! grep -q -i "kvm\|not-initialised" "$out"
result $? "status: not reported as not initialised, no KVM advice" "$out"
rm -r "$root/sys/class/firmware/tdx_module"
expect 0 "status: not initialised at boot" -- status --sysfs-root "$root"
grep_out "did not initialise at boot: the kernel log" "status: the module not initialised at boot"
# --prometheus FILE, with a space.
fake "$root" 1.5.16 1.5.00 64
expect 0 "status --prometheus FILE" -- status --prometheus "$work/space.prom" --sysfs-root "$root"
grep -q '^seam_tdx_module_remaining_updates 64$' "$work/space.prom"
result $? "status --prometheus FILE: written"
# convert X -o X.
cp "$j/tdx_module_1.5.20.blob" "$work/self.bin"
expect 1 "convert X -o X: refused" -- convert "$work/self.bin" -o "$work/self.bin"
cmp -s "$work/self.bin" "$j/tdx_module_1.5.20.blob"
result $? "convert X -o X: the input is unchanged"
# On a terminal: a confirmation, and a progress line.
fake "$root" 1.5.16 1.5.00 64
printf 'n\n' | script -qec "'$SEAMCTL' update --dir '$dir' --sysfs-root '$root'" /dev/null \
	> "$out" 2>&1
grep_out "not confirmed; nothing written" "update on a terminal: no confirmation, no update"
untouched "$root" "update not confirmed"
respond "$root" updated 1.5.20
script -qec "'$SEAMCTL' update -y --dir '$dir' --sysfs-root '$root'" /dev/null > "$out" 2>&1
grep_out "bytes to go" "update on a terminal: -y, and a progress line from remaining_size"
grep_out "After: *1.5.20" "update -y: updated"
finish
# The system log: syslog(3), caught by a preloaded stand-in.
cat > "$work/syslog.c" <<'EOC'
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
void openlog(const char *ident, int option, int facility) { }
void closelog(void) { }
void syslog(int prio, const char *fmt, ...)
{
	FILE *f = fopen(getenv("SEAMCTL_TEST_SYSLOG"), "a");
	va_list ap;

	va_start(ap, fmt);
	fprintf(f, "<%d> ", prio);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	va_end(ap);
	fclose(f);
}
EOC
cc -shared -fPIC -o "$work/syslog.so" "$work/syslog.c"
fake "$root" 1.5.16 1.5.00 64
respond "$root" updated 1.5.20
SEAMCTL_TEST_SYSLOG=$work/syslog LD_PRELOAD=$work/syslog.so \
	"$SEAMCTL" update --dir "$dir" --sysfs-root "$root" > "$out" 2>&1
finish
logged="<5> TDX module update updated: 1.5.16 -> 1.5.20, image .*tdx_module_1.5.20.blob"
grep -q "$logged, MRSEAM $want, error none, TDs preserved" "$work/syslog"
result $? "update: the system log has the versions, the MRSEAM and the result" "$work/syslog"
expect 0 "--version" -- --version
grep_out "^seamctl [0-9]" "--version: prints the version"
if [ -n "$DESTDIR" ]; then
	(cd "$DESTDIR" && find . -type f | sort) > "$out"
	printf '%s\n' ./usr/local/sbin/seamctl ./usr/local/share/man/man8/seamctl.8 |
		cmp -s - "$out"
	result $? "make install: the binary and the manual page, nothing else" "$out"
	man -l "$DESTDIR/usr/local/share/man/man8/seamctl.8" 2>&1 | grep -q "EXIT STATUS"
	result $? "make install: the manual page reads"
fi

# --- usage ------------------------------------------------------------------
expect 2 "no command" --
expect 2 "an unknown command" -- frobnicate
expect 2 "update with two targets" -- update 1.5.20 1.5.24
expect 2 "update --timeout 0" -- update --timeout 0
expect 2 "status --json --prometheus" -- status --json --prometheus
for cmd in status inspect list update convert; do
	expect 0 "$cmd --help" -- $cmd --help
done
expect 0 "--help" -- --help

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
