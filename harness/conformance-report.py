#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Join the conformance logs of both kernels into one table.

Each log is a guest console of harness/guest/conformance.py: lines
"conformance|scenario|check|observed|difference" and TAP lines.  The
table has a row per check: what mainline did, what seam did, and "same",
or the name of seam's deliberate difference.  A check that one kernel
did not reach, or a failed TAP line, fails the report.

Usage: conformance-report.py LOG...
"""

import sys


def main(logs):
    rows = {}
    order = []
    failures = []
    for path in logs:
        kernel = "mainline" if "-mainline" in path else "seam"
        try:
            text = open(path, errors="replace").read()
        except OSError as e:
            failures.append(f"{path}: {e.strerror}")
            continue
        scenario = "?"
        for line in text.splitlines():
            if line.startswith("# conformance: "):
                scenario = line.rsplit(" ", 1)[-1]
            # The shutdown path of reboot and kexec: tdx_sys_disable().
            if "TDH.SYS.DISABLE failed: " in line and scenario == "default":
                line = "conformance|%s|reboot: TDH.SYS.DISABLE|%s|" % (
                    scenario, line.rsplit(" ", 1)[-1])
            if line.startswith("not ok "):
                failures.append(f"{kernel}: {line}")
            if not line.startswith("conformance|"):
                continue
            fields = line.split("|", 4)
            if len(fields) != 5:
                failures.append(f"{kernel}: a cut line: {line}")
                continue
            _, scenario, check, observed, difference = fields
            key = (scenario, check)
            if key not in rows:
                rows[key] = {}
                order.append(key)
            rows[key][kernel] = observed
            rows[key]["difference"] = difference
    widths = (16, 44, 30, 30)
    head = ("scenario", "check", "mainline", "seam")
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)) + "  same or named difference")
    for key in order:
        row = rows[key]
        for kernel in ("mainline", "seam"):
            if kernel not in row:
                failures.append(f"{kernel}: {key[0]}: {key[1]}: not reached")
        m, s = row.get("mainline", "-"), row.get("seam", "-")
        verdict = "same" if m == s else row["difference"] or "DIFFERENT, unnamed"
        if m != s and not row["difference"]:
            failures.append(f"{key[0]}: {key[1]}: the kernels differ without a named difference")
        cells = (key[0], key[1], m or '""', s or '""')
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths)) + "  " + verdict)
    same = sum(1 for k in order if rows[k].get("mainline") == rows[k].get("seam"))
    print(f"\n{len(order)} checks: {same} the same on both kernels, "
          f"{len(order) - same} named differences")
    for f in failures:
        print("FAILED: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
