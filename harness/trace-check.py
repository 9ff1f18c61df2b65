#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check what the bpftrace scripts printed during 'make trace'.

The guest job 'trace' runs the demo of 'make run' with the scripts of
tools/seam/bpftrace attached: an update, an update refused before the
point of no return, one that fails after it, and the recovery.  After each
upload the demo prints the driver's statistics ("> " lines) and the new
output of seam-timeline.bt and seam-failures.bt ("| " lines); at the end,
seam-latency.bt's.  This checks that output against the driver's own
statistics, one named check per rule, and prints "trace: N passed,
N failed".

Usage: trace-check.py LOG
"""

import errno
import re
import sys

# Each upload's plan, whether it crossed its point of no return (the
# recovery plan has none, since it starts past the update's), and the
# module's state it left, as the driver's statistics say it.
STEPS = [
    ("tdx-module-update", True, "healthy"),
    ("tdx-module-update", False, "healthy"),
    ("tdx-module-update", True, "recoverable"),
    ("tdx-module-recovery", False, "healthy"),
]
STEP_NAMES = ["update", "refused before the PONR", "failed after the PONR",
              "recovery"]
# The blackout from the events against the driver's.  The engine reads the
# clock just before a CPU's arrival event and just after its leave event
# (plan.c), so the script's window, from the first arrival to the last
# leave, lies inside the driver's; and the driver's lies inside the time
# from the stop request to the plan's end, both events of the task that
# runs the plan.  Those bounds hold however long a CPU takes between the
# clock and the event.  A tolerance cannot: the time is unbounded under
# TCG, where one thread runs every vCPU in turn, and the first upload adds
# QEMU's translation of the BPF programs.  A window of 1% plus 2 ms,
# measured from 136 us to 1.2 ms over many runs, once failed by 7.5 ms.
# Truncating each to microseconds keeps the order, so the bounds are exact.


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"ok - {name}")
        else:
            self.failed += 1
            print(f"not ok - {name}" + (f": {detail}" if detail else ""))
        return ok


def parse_log(path):
    """Split the log into steps: driver statistics, timeline, failures.

    The kernel's console messages share the serial line with the demo's
    output and can land in the middle of one of its lines, so a section's
    title is found anywhere in a line.
    """
    steps, latency, section, cur = [], [], None, None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            title = line.find("== ")
            if title > 0 and not line.startswith(("| ", "> ")):
                line = line[title:]
            if line.startswith("== The driver's statistics"):
                cur = {"stats": {}, "timeline": [], "failures": []}
                steps.append(cur)
                section = "stats"
            elif line.startswith("== bpftrace: seam-timeline.bt"):
                section = "timeline"
            elif line.startswith("== bpftrace: seam-failures.bt"):
                section = "failures"
            elif line.startswith("== bpftrace: seam-latency.bt"):
                section = "latency"
            elif line.startswith("== "):
                section = None
            elif section == "stats" and line.startswith("> "):
                key, _, value = line[2:].partition(": ")
                cur["stats"][key] = value
            elif section in ("timeline", "failures") and line.startswith("| "):
                cur[section].append(line[2:])
            elif section == "latency" and line.startswith("| "):
                latency.append(line[2:])
    return steps, latency


def us(text):
    """The scripts' microseconds."""
    return int(text)


def errno_of(text):
    """The driver's '%pe' errno ('-EBUSY', or '0') as a number."""
    if text in ("", "0"):
        return 0
    return -getattr(errno, text.lstrip("-"))


def parse_timeline(lines):
    """The one run in a timeline block."""
    run = {"phases": {}, "cpus": {}, "entries": {}}
    for line in lines:
        m = re.match(r"plan (\S+): (\d+) CPUs, (\d+) phases, point of no return (\S+)$", line)
        if m:
            run.update(plan=m[1], ncpus=int(m[2]), nphases=int(m[3]), ponr=m[4])
            continue
        m = re.match(r"cpu (\d+) arrive (\S+) leave (\S+)$", line)
        if m:
            run["cpus"][int(m[1])] = (us(m[2]), us(m[3]))
            continue
        m = re.match(r"cpu (\d+) phase (\d+) (\S+) (\S+) enter (\S+) exit (\S+) "
                     r"took (\S+) err (-?\d+)$", line)
        if m:
            run["entries"].setdefault(int(m[2]), {})[int(m[1])] = {
                "name": m[3], "scope": m[4], "enter": us(m[5]), "exit": us(m[6]),
                "err": int(m[8]), "calls": 0}
            continue
        m = re.match(r"cpu (\d+) phase (\d+) calls (\d+) from (\S+) to (\S+)$", line)
        if m:
            e = run["entries"].get(int(m[2]), {}).get(int(m[1]))
            if e is None:
                run.setdefault("orphans", []).append(line)
            else:
                e.update(calls=int(m[3]), first=us(m[4]), last=us(m[5]))
            continue
        m = re.match(r"phase (\d+) (\S+) (\S+): (\d+) CPUs ran it, slowest cpu (\d+) (\S+)$",
                     line)
        if m:
            run["phases"][int(m[1])] = {"name": m[2], "scope": m[3], "ran": int(m[4]),
                                        "slowest": int(m[5]), "slowest_ns": us(m[6])}
            continue
        m = re.match(r"phase (\d+) (\S+) (\S+): not run$", line)
        if m:
            run["phases"][int(m[1])] = {"name": m[2], "scope": m[3], "ran": 0}
            continue
        m = re.match(r"stop request to plan done (\S+)$", line)
        if m:
            run["start_to_done"] = us(m[1])
            continue
        m = re.match(r"blackout (\S+) \(the driver's: (\S+)\), result (-?\d+), "
                     r"point of no return crossed (yes|no)$", line)
        if m:
            run.update(blackout=us(m[1]), event_blackout=us(m[2]),
                       result=int(m[3]), crossed=m[4] == "yes")
    return run


def check_timeline(c, name, step, expect_plan, expect_crossed):
    run = parse_timeline(step["timeline"])
    stats = step["stats"]
    if not c.check(f"{name}: timeline of plan {expect_plan}",
                   run.get("plan") == expect_plan and "blackout" in run,
                   f"got {run.get('plan')}"):
        return
    ncpus, nphases = run["ncpus"], run["nphases"]
    phases = [run["phases"].get(i) for i in range(nphases)]
    c.check(f"{name}: every phase named, {nphases} phases summed up",
            all(phases) and all(p["name"] for p in phases), str(phases))
    if not all(phases):
        return run

    # One entry per CPU in every EACH phase, exactly one in every LEAD
    # phase, none after the failed phase; the per-CPU lines and the
    # summary agree, and name the phase alike.
    failed_phase = step["stats"].get("failed_phase", "none")
    bad, after_failure = [], False
    for i, p in enumerate(phases):
        entries = run["entries"].get(i, {})
        n = len(entries)
        if after_failure:
            want = 0
        elif p["scope"] == "lead":
            want = 1
        elif p["name"] == failed_phase:
            want = None     # CPUs that see the failure first skip the phase
        else:
            want = ncpus
        if want is not None and n != want:
            bad.append(f"phase {i} {p['name']} ({p['scope']}): {n} entries, want {want}")
        if n != p["ran"]:
            bad.append(f"phase {i}: {n} per-CPU lines, summary says {p['ran']}")
        if any(e["name"] != p["name"] or e["scope"] != p["scope"] for e in entries.values()):
            bad.append(f"phase {i}: per-CPU lines name it otherwise")
        if p["name"] == failed_phase:
            after_failure = True
    c.check(f"{name}: entries per phase match the scopes on {ncpus} CPUs",
            not bad and not run.get("orphans"), "; ".join(bad + run.get("orphans", [])))

    # Per CPU: arrive <= enter <= first call <= last call <= exit <= next
    # enter ... <= leave.
    c.check(f"{name}: every CPU arrived and left", len(run["cpus"]) == ncpus,
            f"{len(run['cpus'])} of {ncpus}")
    earliest = min((a for a, _ in run["cpus"].values()), default=None)
    c.check(f"{name}: times count from the first arrival", earliest == 0,
            f"the first CPU arrived at {earliest} us")
    bad = []
    for cpu, (arrive, leave) in sorted(run["cpus"].items()):
        t, where = arrive, "arrival"
        for i in range(nphases):
            e = run["entries"].get(i, {}).get(cpu)
            if not e:
                continue
            seq = [("enter", e["enter"])]
            if e["calls"]:
                seq += [("first call", e["first"]), ("last call", e["last"])]
            seq.append(("exit", e["exit"]))
            for what, v in seq:
                if v < t:
                    bad.append(f"cpu {cpu}: phase {i} {what} at {v} us, before {where} at {t} us")
                t, where = v, f"phase {i} {what}"
        if leave < t:
            bad.append(f"cpu {cpu}: left at {leave} us, before {where} at {t} us")
    c.check(f"{name}: events in time order on each CPU, calls inside their phase",
            not bad, "; ".join(bad[:4]))

    # The blackout, measured by the script, against the driver's.
    driver = int(stats.get("blackout_us", "-1"))
    c.check(f"{name}: the event's blackout is the driver's statistic",
            run["event_blackout"] == driver,
            f"event {run['event_blackout']} us, last_update {driver} us")
    diff = driver - run["blackout"]
    print(f"# {name}: blackout {run['blackout']} us from the events, {driver} us "
          f"from the driver ({diff} us apart), "
          f"{run.get('start_to_done', -1)} us from the stop request to the end")
    c.check(f"{name}: blackout non-zero, the events' window inside the driver's, "
            f"the driver's inside the plan's",
            0 < run["blackout"] <= driver and
            driver <= run.get("start_to_done", -1),
            f"bpftrace {run['blackout']} us, driver {driver} us, "
            f"stop request to end {run.get('start_to_done')} us")
    c.check(f"{name}: result and point of no return as the driver says",
            run["result"] == errno_of(stats.get("errno", "")) and
            run["crossed"] == expect_crossed,
            f"result {run['result']} (driver {stats.get('errno')}), "
            f"crossed {run['crossed']}")
    return run


def check_failures(c, name, step, expect_plan, failed, expect_crossed):
    lines, stats = step["failures"], step["stats"]
    if not failed:
        c.check(f"{name}: the watcher saw the plan succeed",
                any(l.startswith(f"plan done: {expect_plan},") for l in lines) and
                not any(l.startswith("plan failed:") for l in lines),
                "; ".join(lines))
        return
    leaf, _, status = stats.get("failed_call", "").partition(" status ")
    err = errno_of(stats.get("errno", ""))
    phase, cpu = stats.get("failed_phase"), stats.get("failed_cpu")
    want_call = re.compile(
        rf"call failed: leaf {re.escape(leaf)} cpu {cpu} status (0x[0-9a-f]+) "
        rf"errno {err} \((\w+)\) phase {re.escape(phase)}$")
    calls = [m for m in map(want_call.match, lines) if m]
    c.check(f"{name}: the failing call named: {leaf} on CPU {cpu}, errno {err}, "
            f"phase {phase}",
            len(calls) == 1 and int(calls[0][1], 16) == int(status, 16) and
            -getattr(errno, calls[0][2]) == err,
            "; ".join(lines))
    want_plan = (f"plan failed: {expect_plan} phase {phase} cpu {cpu} leaf {leaf} "
                 f"status 0x{int(status, 16):016x} errno {err} ")
    yes_no = "yes" if expect_crossed else "no"
    c.check(f"{name}: the plan's failure named, point of no return crossed: {yes_no}",
            any(l.startswith(want_plan) for l in lines) and
            f"  point of no return crossed: {yes_no}" in lines,
            "; ".join(lines))


def check_latency(c, lines, timelines):
    text = "\n".join(lines)
    counts = {m[1]: int(m[2]) for m in re.finditer(r"^@calls\[(\S+)\]: (\d+)$", text, re.M)}
    hists = set(re.findall(r"^@ns\[(\S+)\]:\s*$", text, re.M))
    leaves = ["seamldr.info", "seamldr.install", "tdh.sys.shutdown", "tdh.sys.init",
              "tdh.sys.lp.init", "tdh.sys.update"]
    missing = [l for l in leaves if l not in hists or not counts.get(l)]
    c.check("latency: a histogram and a count for every leaf of the update",
            not missing, f"missing {missing}; the script printed {lines[:8]}")
    installs = sum(e["calls"] for run in timelines for entries in run["entries"].values()
                   for e in entries.values() if e["name"] == "seamldr:install")
    c.check("latency: seamldr.install calls counted as the timelines saw them",
            counts.get("seamldr.install") == installs,
            f"latency {counts.get('seamldr.install')}, timelines {installs}")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    c = Checks()
    steps, latency = parse_log(sys.argv[1])
    if c.check(f"the demo traced {len(STEPS)} uploads", len(steps) == len(STEPS),
               f"found {len(steps)}"):
        timelines = []
        for name, step, (plan, crossed, state) in zip(STEP_NAMES, steps, STEPS):
            c.check(f"{name}: the driver says the module is {state}",
                    step["stats"].get("state") == state, f"state {step['stats'].get('state')}")
            run = check_timeline(c, name, step, plan, crossed)
            if run:
                timelines.append(run)
            failed = errno_of(step["stats"].get("errno", "")) != 0
            check_failures(c, name, step, plan, failed, crossed)
        check_latency(c, latency, timelines)
    print(f"trace: {c.passed} passed, {c.failed} failed")
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main())
