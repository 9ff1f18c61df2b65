#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Summarise the CSV of 'make bench' (see Documentation/arch/x86/seam.rst,
# "The blackout benchmark"): medians and p99 of each part of each kind of
# stop per CPU count, seam's engine against bare stop_machine(), the
# engine's overhead per CPU with an INSTALL latency, seam_call()'s dispatch
# cost,
# the pre-flight checks against the image size, and the real updates on
# the emulator: bare stop_machine(), mainline's own engine (the peer
# kernel) and seam's.  Writes summary.txt and the gnuplot data into
# OUTDIR, and checks that every run it expected is there and sane; the
# last line is "bench: P passed, F failed".
#
# Usage: bench-report.py CSV OUTDIR REPS CPUS PAGES LATENCY_US
#                        [UPDATE_CPUS ROUNDS UPDATES]
#   CPUS, PAGES and UPDATE_CPUS are colon-separated lists.

import collections
import statistics
import sys

csv, outdir, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
cpus_list = [int(c) for c in sys.argv[4].split(':') if c]
pages_list = [int(p) for p in sys.argv[5].split(':') if p]
latency_us = int(sys.argv[6])
update_cpus = [int(c) for c in sys.argv[7].split(':') if c] if len(sys.argv) > 7 else []
rounds = int(sys.argv[8]) if len(sys.argv) > 8 else 0
updates = int(sys.argv[9]) if len(sys.argv) > 9 else 0
ENGINES = ['stop_machine', 'mainline', 'seam']

KINDS = ['stop_machine', 'seam', 'seam_latency']
# The blackout is enter + phases + leave: stop_machine() called to returned
# (for a plan, to the engine's first event after it; see bench.c).
PARTS = ['enter', 'phases', 'leave', 'blackout']
OUTSIDE = ['prep', 'teardown']

stops = collections.defaultdict(lambda: collections.defaultdict(list))
dispatch = collections.defaultdict(lambda: collections.defaultdict(list))
preflight = {}
# (engine, cpus, round) -> stop_machine_cpuslocked() entry to return, ns
real = collections.defaultdict(list)

with open(csv) as f:
    for line in f:
        r = line.strip().split(',')
        if r[0] == 'blackout' and len(r) == 10:
            kind, cpus = r[1], int(r[2])
            prep, enter, phases, leave, teardown = (int(v) for v in r[5:10])
            s = stops[(kind, cpus)]
            for part, v in zip(PARTS + OUTSIDE,
                               (enter, phases, leave, enter + phases + leave, prep, teardown)):
                s[part].append(v)
        elif r[0] == 'dispatch' and len(r) == 5:
            dispatch[int(r[2])][r[1]].append(int(r[4]) / 1000.0)
        elif r[0] == 'update' and len(r) == 6:
            real[(r[1], int(r[2]), int(r[3]))].append(int(r[5]))
        elif r[0] == 'preflight' and len(r) == 7:
            # From the boot with the fewest CPUs: the least host noise.
            cpus, pages = int(r[1]), int(r[2])
            if pages not in preflight or cpus <= preflight[pages][0]:
                preflight[pages] = (cpus, [int(v) for v in r[3:7]])


def p99(v):
    s = sorted(v)
    return s[min(len(s) - 1, (99 * len(s)) // 100)]


def med(v):
    return statistics.median(v)


def us(ns):
    return ns / 1000.0


out = []
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        out.append('CHECK FAILED: ' + what)


# Every stop ran as often as asked, and nothing is absurd.
for cpus in cpus_list:
    for kind in KINDS:
        s = stops.get((kind, cpus))
        check(s is not None and len(s['blackout']) == reps,
              f'{kind} on {cpus} CPUs: {reps} repetitions')
        if s:
            check(min(s['blackout']) > 0, f'{kind} on {cpus} CPUs: blackouts above zero')
    lat = stops.get(('seam_latency', cpus))
    if lat:
        floor = cpus * latency_us * 1000
        check(min(lat['blackout']) >= floor,
              f'seam_latency on {cpus} CPUs: every blackout at least N*L = {floor} ns')
    check(all(m in dispatch.get(cpus, {}) for m in ('direct', 'seam_call', 'seam_call_traced')),
          f'dispatch on {cpus} CPUs: all three modes')
    check(all(m in dispatch.get(cpus, {}) for m in ('loop', 'events_off')),
          f'event sites off on {cpus} CPUs: timed')
for pages in pages_list:
    check(pages in preflight, f'pre-flight checks on {pages} pages')
for cpus in update_cpus:
    for rnd in range(1, rounds + 1):
        for eng in ENGINES:
            v = real.get((eng, cpus, rnd), [])
            check(len(v) == updates, f'{eng} on {cpus} CPUs, round {rnd}: {updates} stops timed')
            check(bool(v) and min(v) > 0, f'{eng} on {cpus} CPUs, round {rnd}: above zero')

out.append('Blackout (stop_machine() called to returned; a plan: to its first event after) and its parts, us:')
out.append('median (p99); and the caller\'s work before and after, outside it (median)')
out.append(f'{"kind":<14}{"CPUs":>5}  {"enter":>17}  {"phases":>17}  {"leave":>17}  '
           f'{"blackout":>17}  {"prep":>7} {"teardown":>8}')
for cpus in cpus_list:
    for kind in KINDS:
        s = stops.get((kind, cpus))
        if not s:
            continue
        cells = ''.join(f'  {us(med(s[p])):>8.1f} ({us(p99(s[p])):>6.0f})' for p in PARTS)
        cells += f'  {us(med(s["prep"])):>7.1f} {us(med(s["teardown"])):>8.1f}'
        out.append(f'{kind:<14}{cpus:>5}{cells}')

out.append('')
out.append('Ratios of median blackouts, and (c): the engine with an INSTALL latency L;')
out.append('its overhead per CPU is (median phases - N*L) / N')
out.append(f'{"CPUs":>5} {"b/a":>6} {"b-a us":>8} {"(c) us":>9} {"N*L us":>8} {"overhead/CPU us":>16}')
with open(f'{outdir}/blackout.dat', 'w') as dat:
    dat.write('# cpus stop_machine seam seam_latency (median blackout, us)\n')
    for cpus in cpus_list:
        m = {k: med(stops[(k, cpus)]['blackout']) for k in KINDS if (k, cpus) in stops}
        if len(m) < len(KINDS):
            continue
        nl = cpus * latency_us * 1000
        # The phases of (c) beyond the N serial latencies, per CPU.
        per_cpu = (med(stops[('seam_latency', cpus)]['phases']) - nl) / cpus
        out.append(f'{cpus:>5} {m["seam"] / m["stop_machine"]:>6.2f} '
                   f'{us(m["seam"] - m["stop_machine"]):>8.1f} '
                   f'{us(m["seam_latency"]):>9.1f} {us(nl):>8.1f} {us(per_cpu):>16.1f}')
        dat.write(f'{cpus} ' + ' '.join(f'{us(m[k]):.1f}' for k in KINDS) + '\n')

out.append('')
out.append('seam_call() dispatch, ns per call: median of batches')
out.append(f'{"CPUs":>5} {"direct":>8} {"seam_call":>10} {"traced":>8} {"overhead":>9} {"traced overhead":>16}')
for cpus in cpus_list:
    d = dispatch.get(cpus)
    if not d or any(m not in d for m in ('direct', 'seam_call', 'seam_call_traced')):
        continue
    direct, sc, tr = med(d['direct']), med(d['seam_call']), med(d['seam_call_traced'])
    out.append(f'{cpus:>5} {direct:>8.1f} {sc:>10.1f} {tr:>8.1f} {sc - direct:>9.1f} {tr - direct:>16.1f}')

out.append('')
out.append('The engine\'s four event sites per CPU and phase (arrive, enter, exit, leave),')
out.append('events off, ns per pass: median of batches, and the spread of the loop alone')
out.append(f'{"CPUs":>5} {"loop":>8} {"events":>8} {"cost":>8} {"loop p10..p90":>16}')
for cpus in cpus_list:
    d = dispatch.get(cpus)
    if not d or 'loop' not in d or 'events_off' not in d:
        continue
    loop, ev = sorted(d['loop']), med(d['events_off'])
    p10, p90 = loop[len(loop) // 10], loop[(len(loop) * 9) // 10]
    out.append(f'{cpus:>5} {med(loop):>8.2f} {ev:>8.2f} {ev - med(loop):>8.2f} '
               f'{p10:>7.2f}..{p90:<7.2f}')

if preflight:
    out.append('')
    out.append('Pre-flight checks that need no SEAMCALL, microseconds (median), '
               f'in the boot with {min(c for c, _ in preflight.values())} CPU(s)')
    out.append(f'{"pages":>6} {"parse":>8} {"rules":>8} {"RSA":>8} {"CPU+hash":>9} {"total":>9}')
    xs, ys = [], []
    with open(f'{outdir}/preflight.dat', 'w') as dat:
        dat.write('# pages parse rules rsa checks total (us)\n')
        for pages in sorted(preflight):
            v = preflight[pages][1]
            total = sum(v)
            xs.append(pages)
            ys.append(total)
            out.append(f'{pages:>6} ' + ' '.join(f'{us(x):>8.1f}' for x in v) + f' {us(total):>9.1f}')
            dat.write(f'{pages} ' + ' '.join(f'{us(x):.1f}' for x in v) + f' {us(total):.1f}\n')
    if len(xs) >= 2:
        n = len(xs)
        mx, my = sum(xs) / n, sum(ys) / n
        sxx = sum((x - mx) ** 2 for x in xs)
        sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
        slope = sxy / sxx
        icept = my - slope * mx
        ss_res = sum((y - (icept + slope * x)) ** 2 for x, y in zip(xs, ys))
        ss_tot = sum((y - my) ** 2 for y in ys)
        r2 = 1 - ss_res / ss_tot if ss_tot else 1.0
        out.append(f'linear fit: {us(icept):.1f} us + {us(slope):.2f} us/page, R^2 = {r2:.4f}')
        check(ys[-1] > ys[0], 'pre-flight cost grows with the image size')

if update_cpus:
    out.append('')
    out.append('Real updates on the emulator, the same images on both kernels: the')
    out.append('stop_machine_cpuslocked() call, entry to return, timed by one kprobe on')
    out.append(f'both; microseconds, median (p90) of {updates} per boot')
    out.append(f'{"round":>5} {"CPUs":>5} {"stop_machine":>16} {"mainline":>16} {"seam":>16} '
               f'{"seam/mainline":>14} {"seam/stop":>10}')

    def p90(v):
        s = sorted(v)
        return s[min(len(s) - 1, (9 * len(s)) // 10)]

    def row(label, cpus, samples):
        if any(not samples[e] for e in ENGINES):
            return
        m = {e: med(samples[e]) for e in ENGINES}
        cells = ''.join(f' {us(m[e]):>9.1f} ({us(p90(samples[e])):>5.0f})' for e in ENGINES)
        out.append(f'{label:>5} {cpus:>5}{cells} {m["seam"] / m["mainline"]:>14.2f} '
                   f'{m["seam"] / m["stop_machine"]:>10.2f}')

    for cpus in update_cpus:
        for rnd in range(1, rounds + 1):
            row(str(rnd), cpus, {e: real.get((e, cpus, rnd), []) for e in ENGINES})
        if rounds > 1:
            row('all', cpus, {e: sum((real.get((e, cpus, r), []) for r in range(1, rounds + 1)), [])
                              for e in ENGINES})

out.append('')
out.append(f'bench: {passed} passed, {failed} failed')
text = '\n'.join(out) + '\n'
with open(f'{outdir}/summary.txt', 'w') as f:
    f.write(text)
sys.stdout.write(text)
sys.exit(1 if failed else 0)
