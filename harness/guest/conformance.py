#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The tdx_host ABI, checked the same way on seam and on the peer kernel.

Runs in a guest of the conformance job (harness/conformance.sh), as root,
on the kernel that SEAM_PEER names (mainline: mainline 7.3's own tdx.c,
seamldr.c and tdx-host on the emulator; none: seam), booted with the
emulated platform of scenario SEAM_SCENARIO.  Each check reads what the
kernel does, and compares it with what each kernel is expected to do:
the same thing, or, where seam deliberately differs, each kernel's own
answer under the difference's name.  It prints a TAP line per check and,
at the end, a "conformance|scenario|check|observed|difference" line for
each, which harness/conformance-report.py joins into the table of both
kernels.

The upload is the sequence of Intel's published tool
(intel/confidential-computing.tdx.tdx-module.binaries,
version_select_and_load.py): "1" to loading, the whole image to data in
one write, "0" to loading, status polled once a second until "idle" (10 s
at most), then error, then version again.
"""

import errno
import json
import os
import re
import stat
import subprocess
import sys
import time

HOST = "/sys/devices/faux/tdx_host"
FW = "/sys/class/firmware/tdx_module"
EMU = "/sys/kernel/debug/seam_emulator"
KERNEL = "mainline" if os.environ.get("SEAM_PEER") == "mainline" else "seam"
SCENARIO = os.environ.get("SEAM_SCENARIO", "default")
MKIMAGE = os.path.join(os.environ.get("SEAM_GUEST", ""), "seam-mkimage")
SEAMCTL = os.path.join(os.environ.get("SEAM_GUEST", ""), "seamctl")
TMP = os.environ.get("TMPDIR", "/tmp")

n = 0
failed = 0
records = []


def check(name, observed, expect, difference=None):
    """Expect @observed: @expect on both kernels, or, with @difference
    naming seam's deliberate difference, @expect[KERNEL] (a dict)."""
    global n, failed
    want = expect[KERNEL] if difference else expect
    ok = observed == want
    n += 1
    if not ok:
        failed += 1
    print(f"{'ok' if ok else 'not ok'} {n} {SCENARIO}: {name}: {observed!r}"
          + ("" if ok else f", expected {want!r}"))
    records.append(f"conformance|{SCENARIO}|{name}|{observed}|{difference or ''}")


def read(path):
    """What reading @path gives: its text, or the errno's name."""
    try:
        with open(path) as f:
            return f.read().rstrip("\n")
    except OSError as e:
        return errno.errorcode[e.errno]


def write(path, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode) as f:
        f.write(data)


def mode(path):
    try:
        return oct(stat.S_IMODE(os.stat(path).st_mode))
    except OSError as e:
        return errno.errorcode[e.errno]


def shutdowns():
    """TDH.SYS.SHUTDOWN calls since boot, counted by the emulator."""
    m = re.search(r"^calls tdh\.sys\.shutdown: (\d+)$", read(EMU + "/state"), re.M)
    return int(m.group(1)) if m else -1


def seam_ready():
    """P-SEAMLDR's SEAM_READY: a TDX module can be called (emulator state)."""
    return re.search(r"seam_ready=1\b", read(EMU + "/state")) is not None


def image(name, *args):
    path = os.path.join(TMP, name)
    subprocess.run([MKIMAGE, *args, "-o", path], check=True, stdout=subprocess.DEVNULL)
    with open(path, "rb") as f:
        return f.read()


def upload(blob):
    """The published tool's sequence; the error, "" on success."""
    write(FW + "/loading", "1")
    write(FW + "/data", blob)
    write(FW + "/loading", "0")
    for _ in range(10):
        if read(FW + "/status") == "idle":
            break
        time.sleep(1)
    else:
        return "timeout: status " + read(FW + "/status")
    return read(FW + "/error")


def as_nobody(fn):
    """What @fn returns run as nobody, in a child."""
    r, w = os.pipe()
    pid = os.fork()
    if not pid:
        os.close(r)
        os.setgid(65534)
        os.setuid(65534)
        os.write(w, fn().encode())
        os._exit(0)
    os.close(w)
    os.waitpid(pid, 0)
    return os.read(r, 4096).decode()


def try_open(path, flags):
    try:
        os.close(os.open(path, flags))
        return "ok"
    except OSError as e:
        return errno.errorcode[e.errno]


def check_interface(updatable):
    """Names, modes and visibility; the upload's files."""
    check("tdx_host device", os.path.isdir(HOST), True)
    check("version mode", mode(HOST + "/version"), "0o444")
    check("version format", bool(re.fullmatch(r"\d+\.\d+\.\d\d", read(HOST + "/version"))), True)
    for attr in ("seamldr_version", "num_remaining_updates"):
        check(f"{attr} mode", mode(HOST + "/" + attr), "0o400" if updatable else "ENOENT")
    files = sorted(os.listdir(FW)) if os.path.isdir(FW) else []
    check("tdx_module upload files", " ".join(f for f in files if f in
          ("loading", "data", "status", "error", "remaining_size", "cancel")),
          "cancel data error loading remaining_size status" if updatable else "")


def check_nobody():
    check("version as nobody", as_nobody(lambda: read(HOST + "/version")) != "EACCES", True)
    check("seamldr_version as nobody",
          as_nobody(lambda: read(HOST + "/seamldr_version")), "EACCES")
    check("num_remaining_updates as nobody",
          as_nobody(lambda: read(HOST + "/num_remaining_updates")), "EACCES")
    check("loading as nobody", as_nobody(lambda: try_open(FW + "/loading", os.O_WRONLY)),
          "EACCES")


def refused(name, blob, expect, difference=None):
    """@blob is refused with @expect and changes nothing."""
    before, calls = read(HOST + "/version"), shutdowns()
    check(name + ": error", upload(blob), expect, difference)
    check(name + ": version unchanged", read(HOST + "/version") == before, True)
    check(name + ": TDH.SYS.SHUTDOWN calls", shutdowns() - calls, 0)


def seamctl(*args):
    """seamctl's exit code, and its JSON output if it printed any."""
    r = subprocess.run([SEAMCTL, *args], capture_output=True, text=True,
                       stdin=subprocess.DEVNULL)
    try:
        return r.returncode, json.loads(r.stdout)
    except ValueError:
        return r.returncode, {}


def check_seamctl():
    """seamctl, the administrator's tool, drives either kernel."""
    rc, st = seamctl("status", "--json")
    check("seamctl status: exit", rc, 0)
    check("seamctl status: version as sysfs says",
          st.get("tdx_module", {}).get("version") == read(HOST + "/version"), True)
    check("seamctl status: update possible", st.get("update_possible"), True)
    new = next_version(read(HOST + "/version"))
    path = os.path.join(TMP, "seamctl.bin")
    image("seamctl.bin", "--version", new)
    # No mapping file names the image's release: seamctl fails closed.
    rc, out = seamctl("update", "--json", path)
    check("seamctl update, no release metadata: exit", rc, 3)
    check("seamctl update, no release metadata: version unchanged",
          read(HOST + "/version") != new, True)
    rc, _ = seamctl("update", "--json", "--force", path)
    check("seamctl update --force 0x200 image: exit", rc, 0)
    check("seamctl update --force 0x200 image: version after", read(HOST + "/version"), new)
    # Intel publishes 0x100 images; seamctl sends the kernel 0x200.
    new = next_version(new)
    path = os.path.join(TMP, "seamctl-v1.bin")
    image("seamctl-v1.bin", "--format", "v1", "--version", new)
    rc, out = seamctl("update", "--json", "--force", path)
    check("seamctl update --force 0x100 image: exit", rc, 0)
    check("seamctl update --force 0x100 image: sent as 0x200",
          (out.get("image_format"), out.get("sent_format")), (0x100, 0x200))
    check("seamctl update --force 0x100 image: version after", read(HOST + "/version"), new)


def next_version(v, step=1):
    major, minor, update = v.split(".")
    return f"{major}.{minor}.{int(update) + step:02d}"


def check_driver_pinned():
    """The upload holds a reference on the driver's module: it cannot be
    unloaded under a write (firmware_upload_register(THIS_MODULE, ...))."""
    name = "tdx_host" if KERNEL == "mainline" else "seam_svc"
    rc = subprocess.run(["rmmod", name], capture_output=True).returncode
    check("driver unload while the upload exists: refused", rc != 0, True)
    check("driver unload refused: upload still there", os.path.isdir(FW), True)


def scenario_default():
    check_interface(True)
    check_driver_pinned()
    check("version at boot", read(HOST + "/version"), "1.5.16")
    check("seamldr_version", read(HOST + "/seamldr_version"), "1.5.00")
    check("num_remaining_updates", read(HOST + "/num_remaining_updates"), "64")
    check_nobody()
    write(EMU + "/tds", "3")

    new = next_version(read(HOST + "/version"))
    check("0x200 image: error", upload(image("v2.bin", "--version", new)), "")
    check("0x200 image: version after", read(HOST + "/version"), new)
    check("0x200 image: num_remaining_updates", read(HOST + "/num_remaining_updates"), "63")
    check("0x200 image: TDs preserved", read(EMU + "/tds"), "3")
    check_seamctl()

    new = next_version(read(HOST + "/version"))
    v1 = image("v1.bin", "--format", "v1", "--version", new)
    before = read(HOST + "/version")
    check("0x100 image: error", upload(v1),
          {"mainline": "transferring:firmware-invalid", "seam": ""}, "0x100 images accepted")
    check("0x100 image: version changed", read(HOST + "/version") != before,
          {"mainline": False, "seam": True}, "0x100 images accepted")

    new = next_version(read(HOST + "/version"))
    refused("garbage", bytes([0x77]) + bytes(3 * 4096 - 1), "transferring:firmware-invalid")
    refused("truncated 0x200 image", image("t.bin", "--version", new, "--corrupt", "truncate"),
            {"mainline": "transferring:firmware-invalid",
             "seam": "transferring:invalid-file-size"}, "error classes")
    refused("497 module pages", image("o.bin", "--version", new, "--pages", "497"),
            {"mainline": "transferring:firmware-invalid",
             "seam": "transferring:invalid-file-size"}, "error classes")

    # A TD build in progress: the module refuses TDH.SYS.SHUTDOWN.
    write(EMU + "/fault", "leaf=tdh.sys.shutdown status=0x8000051200000000")
    before = read(HOST + "/version")
    check("TD build in progress: error", upload(image("b.bin", "--version", new)),
          {"mainline": "transferring:firmware-invalid",
           "seam": "transferring:device-busy"}, "error classes")
    check("TD build in progress: version unchanged", read(HOST + "/version") == before, True)
    check("TD build in progress: next upload", upload(image("b.bin", "--version", new)), "")


def scenario_not_updatable():
    check_interface(False)
    check("version", read(HOST + "/version"), "1.5.16")


def scenario_init_failed():
    """tdx_enable() failed at boot: the module lacks NO_RBP_MOD."""
    check("tdx_host device", os.path.isdir(HOST), {"mainline": False, "seam": True},
          "device shown when the module is not initialised")
    check("version", read(HOST + "/version"), {"mainline": "ENOENT", "seam": "ENODATA"},
          "device shown when the module is not initialised")
    check("seamldr_version mode", mode(HOST + "/seamldr_version"), "ENOENT")
    check("tdx_module upload", os.path.isdir(FW), False)


def scenario_loader_2():
    """A P-SEAMLDR 2.0: a 2.0-style image names its version in the sigstruct."""
    check("seamldr_version", read(HOST + "/seamldr_version"), "2.0.00")
    new = next_version(read(HOST + "/version"))
    blob = image("s.bin", "--version", new, "--version-in-sigstruct", "--no-descriptor")
    check("2.0-style image: error", upload(blob), "")
    check("2.0-style image: version after", read(HOST + "/version"), new)


def scenario_refused(name, *args):
    """An image P-SEAMLDR would refuse only after TDH.SYS.SHUTDOWN."""
    new = next_version(read(HOST + "/version"))
    blob = image("r.bin", "--version", new, *args)
    before, calls = read(HOST + "/version"), shutdowns()
    check(name + ": error", upload(blob), {"mainline": "transferring:firmware-invalid",
          "seam": "transferring:firmware-invalid"}, "refused before the shutdown")
    check(name + ": TDH.SYS.SHUTDOWN calls", shutdowns() - calls,
          {"mainline": 1, "seam": 0}, "refused before the shutdown")
    check(name + ": version after", read(HOST + "/version"),
          {"mainline": "ENXIO", "seam": before}, "refused before the shutdown")


def write_status(path, data):
    """Write @data to @path: "ok", or the errno's name."""
    try:
        write(path, data)
        return "ok"
    except OSError as e:
        return errno.errorcode[e.errno]


def scenario_lifecycle():
    """CPU hotplug under TDX: tdx_offline_cpu() flushes the cache and puts
    VMX off, tdx_online_cpu() puts it on again and finds the LP initialised;
    the module works on every CPU afterwards.  (Suspend to RAM, which a TDX
    host refuses only after its CPUs went offline and syscore suspend ran,
    cannot be tried here: virtio-9p, the guest's root, does not survive
    device suspend.)"""
    cpu3 = "/sys/devices/system/cpu/cpu3/online"
    check("CPU 3 offline", write_status(cpu3, "0"), "ok")
    check("CPU 3 online", write_status(cpu3, "1"), "ok")
    check("version after", read(HOST + "/version"), "1.5.16")
    new = next_version(read(HOST + "/version"))
    check("update after: error", upload(image("l.bin", "--version", new)), "")
    check("update after: version", read(HOST + "/version"), new)


def scenario_cpu_offline():
    """An update while a CPU is offline: P-SEAMLDR installs only once every
    LP has called SEAMLDR.INSTALL, and its first caller closes SEAM to
    SEAMCALLs (seamldr_install.c); an LP may call once a session, so
    nothing reopens it before a reboot."""
    cpu3 = "/sys/devices/system/cpu/cpu3/online"
    write(EMU + "/tds", "2")
    check("CPU 3 offline", write_status(cpu3, "0"), "ok")
    new = next_version(read(HOST + "/version"))
    before = read(HOST + "/version")
    check("update: error", upload(image("c.bin", "--version", new)),
          {"mainline": "transferring:firmware-invalid", "seam": "transferring:device-busy"},
          "refused before the shutdown")
    check("update: version after", read(HOST + "/version"),
          {"mainline": "ENXIO", "seam": before}, "refused before the shutdown")
    check("update: SEAM still callable", seam_ready(), {"mainline": False, "seam": True},
          "refused before the shutdown")


def scenario_recovery():
    """A failure after the shutdown, then the same image again."""
    write(EMU + "/tds", "5")
    new = next_version(read(HOST + "/version"))
    blob = image("f.bin", "--version", new)
    write(EMU + "/fault", "leaf=tdh.sys.lp.init cpu=3 status=0xC000050D00000000")
    check("failed past the shutdown: error", upload(blob),
          {"mainline": "transferring:firmware-invalid", "seam": "transferring:hw-error"},
          "error classes")
    check("failed past the shutdown: version", read(HOST + "/version"),
          {"mainline": "ENXIO", "seam": "ESHUTDOWN"}, "error classes")
    check("same image again: error", upload(blob),
          {"mainline": "transferring:firmware-invalid", "seam": ""}, "recovery install")
    check("same image again: version", read(HOST + "/version"),
          {"mainline": "ENXIO", "seam": new}, "recovery install")
    check("same image again: TDs", read(EMU + "/tds"),
          {"mainline": "0", "seam": "5"}, "recovery install")


def scenario_last_update():
    """A failure past the shutdown that used P-SEAMLDR's last update: no
    recovery install can run (P-SEAMLDR refuses the UPDATE scenario with
    no updates left, seamldr_install.c), and the kernel log says so
    without also promising one."""
    new = next_version(read(HOST + "/version"))
    write(EMU + "/fault", "leaf=tdh.sys.lp.init cpu=3 status=0xC000050D00000000")
    check("failed on the last update: error", upload(image("z.bin", "--version", new)),
          {"mainline": "transferring:firmware-invalid", "seam": "transferring:hw-error"},
          "error classes")
    check("failed on the last update: version", read(HOST + "/version"), "ENXIO")
    log = subprocess.run(["dmesg"], capture_output=True, text=True).stdout
    check("failed on the last update: the log promises a recovery install",
          "recovery install of a good image" in log, False)


SCENARIOS = {
    "default": scenario_default,
    "erratum": scenario_not_updatable,
    "no-td-preserving": scenario_not_updatable,
    "init-failed": scenario_init_failed,
    "loader-2.0": scenario_loader_2,
    "bad-hash": lambda: scenario_refused("module hash mismatch", "--corrupt", "hash"),
    "bad-signature": lambda: scenario_refused("bad RSA signature", "--corrupt", "signature"),
    "other-signer": lambda: scenario_refused("signed with another key", "--corrupt", "signer"),
    "downgrade": lambda: scenario_refused("lower SVN", "--svn", "1.10"),
    "recovery": scenario_recovery,
    "lifecycle": scenario_lifecycle,
    "cpu-offline": scenario_cpu_offline,
    "last-update": scenario_last_update,
}

if __name__ == "__main__":
    # The kernel's messages stay in its log, off the console these lines
    # are read from, where they would cut them.
    write("/proc/sys/kernel/printk", "1")
    print(f"# conformance: {KERNEL} kernel, scenario {SCENARIO}")
    try:
        SCENARIOS[SCENARIO]()
    except Exception as e:  # a broken step is a failure, not a silent stop
        n += 1
        failed += 1
        print(f"not ok {n} {SCENARIO}: {type(e).__name__}: {e}")
    print("\n".join(records))
    print(f"# Totals: pass:{n - failed} fail:{failed} xfail:0 xpass:0 skip:0 error:0")
    # The reboot's messages go to the console again: the report reads
    # tdx_sys_disable()'s there.
    write("/proc/sys/kernel/printk", "6")
    sys.exit(1 if failed else 0)
