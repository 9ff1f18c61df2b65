#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Export the project as the patch series that harness/series/ designs.

The tree is the source of truth: the new files at their kernel paths and
patches/, the small patches to existing kernel files.  harness/series/
holds one description per patch of the exported series, NN-name.patch, in
series order:

    <subject>
    <blank line, commit message in the kernel's style, Link: tags>
    ---
    file <path>         a new file this patch adds; a path ending in /
                        is every file below it (the longest match wins)
    patch <name>        a patch of patches/series this patch contains
    ---
    <optional unified diff: what this patch changes in files that earlier
     patches of the series added>

Every new file and every entry of patches/series belongs to exactly one
patch.  The state after patch K is computed backwards from the tree: the
state after patch K+1, without the files K+1 adds, with K+1's diff
reversed; the existing kernel files are the base with the patches/ entries
of patches 1..K applied in patches/series order.  A diff that no longer
reverses cleanly (the tree changed under it) stops the export with the
name of the patch to refresh, so the series cannot drift from the tree.

Each patch is built in a small git repository that holds only the files
seam adds or changes.  Blob IDs depend only on content, so the index lines
match the real kernel tree and 'git am -3' works there.
"""

import os
import re
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, 'build')
PRISTINE = os.path.join(BUILD, 'base', 'linux-source-7.3')
DESIGN = os.path.join(REPO, 'harness', 'series')
WORK = os.path.join(BUILD, 'export')
SCRATCH = os.path.join(BUILD, 'export-apply')
OUTDIR = os.path.join(BUILD, 'patches')
ROOTS = ['arch', 'drivers', 'include', 'Documentation', 'tools']


def die(msg):
    sys.exit('seam: error: ' + msg)


def git(*args, cwd=REPO, data=None):
    return subprocess.run(['git'] + list(args), cwd=cwd, check=True,
                          input=data, stdout=subprocess.PIPE,
                          text=True).stdout


def touched(patch_text):
    names = set()
    for line in patch_text.splitlines():
        m = re.match(r'^(?:\+\+\+ b/|--- a/)(\S+)', line)
        if m:
            names.add(m.group(1))
    return names


def run_patch(cwd, text, reverse=False):
    args = ['patch', '-p1', '--fuzz=0', '--batch', '--forward', '-s',
            '--no-backup-if-mismatch']
    if reverse:
        args.append('-R')
    return subprocess.run(args, cwd=cwd, input=text.encode(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def read_design():
    """The series, in order, as dicts: name, msg, files, patches, diff."""
    series = []
    for name in sorted(os.listdir(DESIGN)):
        if not re.match(r'^\d\d-.*\.patch$', name):
            continue
        text = open(os.path.join(DESIGN, name)).read()
        msg, sep, rest = text.partition('\n---\n')
        owned, _, diff = rest.partition('\n---\n')
        if not sep:
            die('harness/series/%s: no "---" after the message' % name)
        p = {'name': name, 'msg': msg.strip(), 'files': [], 'patches': [],
             'diff': diff}
        for line in owned.splitlines():
            kind, _, arg = line.strip().partition(' ')
            if kind == 'file':
                p['files'].append(arg.strip())
            elif kind == 'patch':
                p['patches'].append(arg.strip())
            elif kind:
                die('harness/series/%s: "%s" is neither file nor patch' %
                    (name, line))
        series.append(p)
    if not series:
        die('harness/series/ describes no patch')
    return series


def new_files():
    names = git('ls-files', '--cached', '--others', '--exclude-standard',
                '--', *ROOTS).split()
    return {n: open(os.path.join(REPO, n), 'rb').read() for n in names
            if os.path.isfile(os.path.join(REPO, n))}


def owner_of(path, series):
    """Index of the patch whose file entry matches path best, or None."""
    best, best_len = None, -1
    for i, p in enumerate(series):
        for pat in p['files']:
            if path == pat or (pat.endswith('/') and path.startswith(pat)):
                if len(pat) > best_len:
                    best, best_len = i, len(pat)
    return best


def base_patches():
    lines = open(os.path.join(REPO, 'patches', 'series')).read().splitlines()
    return [l.strip() for l in lines if l.strip() and not l.startswith('#')]


def existing_files_after(applied, all_touched):
    """The base files patches/ touches, after the given patches."""
    shutil.rmtree(SCRATCH, ignore_errors=True)
    os.makedirs(SCRATCH)
    for f in all_touched:
        src = os.path.join(PRISTINE, f)
        if os.path.exists(src):
            os.makedirs(os.path.dirname(os.path.join(SCRATCH, f)), exist_ok=True)
            shutil.copy(src, os.path.join(SCRATCH, f))
    for name in applied:
        r = run_patch(SCRATCH, open(os.path.join(REPO, 'patches', name)).read())
        if r.returncode:
            die('patches/%s does not apply after the patches/ entries of the '
                'earlier patches of the series:\n%s' % (name, r.stdout.decode()))
    view = {}
    for f in all_touched:
        p = os.path.join(SCRATCH, f)
        if os.path.exists(p):
            view[f] = open(p, 'rb').read()
        elif os.path.exists(os.path.join(PRISTINE, f)):
            view[f] = None          # deleted from the base
    return view


def states(series):
    """The kernel view (path -> content, None: deleted) after each patch."""
    files = new_files()
    owners = {}
    for f in files:
        i = owner_of(f, series)
        if i is None:
            die('%s belongs to no patch of harness/series/' % f)
        owners[f] = i
    order = base_patches()
    claimed = {}
    for i, p in enumerate(series):
        for pat in p['files']:
            if not any(f == pat or (pat.endswith('/') and f.startswith(pat))
                       for f in files):
                die('harness/series/%s: "file %s" matches nothing' % (p['name'], pat))
        for name in p['patches']:
            if name not in order:
                die('harness/series/%s: patches/series has no %s' % (p['name'], name))
            if name in claimed:
                die('patches/%s is in two patches of the series' % name)
            claimed[name] = i
    for name in order:
        if name not in claimed:
            die('patches/%s belongs to no patch of harness/series/' % name)
    all_touched = set()
    for name in order:
        all_touched |= touched(open(os.path.join(REPO, 'patches', name)).read())

    # The new files, backwards from the tree.
    own = [None] * len(series)
    cur = dict(files)
    for k in range(len(series) - 1, -1, -1):
        own[k] = dict(cur)
        cur = {f: c for f, c in cur.items() if owners[f] != k}
        diff = series[k]['diff']
        if not diff.strip():
            continue
        for f in touched(diff):
            if f not in cur:
                die('harness/series/%s changes %s, which no earlier patch adds'
                    % (series[k]['name'], f))
        shutil.rmtree(SCRATCH, ignore_errors=True)
        for f in touched(diff):
            p = os.path.join(SCRATCH, f)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            with open(p, 'wb') as fh:
                fh.write(cur[f])
        r = run_patch(SCRATCH, diff, reverse=True)
        if r.returncode:
            die('harness/series/%s: its diff no longer matches the tree; '
                'refresh it:\n%s' % (series[k]['name'], r.stdout.decode()))
        for f in touched(diff):
            cur[f] = open(os.path.join(SCRATCH, f), 'rb').read()

    views = []
    for k in range(len(series)):
        view = existing_files_after([n for n in order if claimed[n] <= k],
                                    all_touched)
        view.update(own[k])
        views.append(view)
    return views


def write_view(view, old):
    for f, c in old.items():
        if c is not None and view.get(f) is None:
            os.unlink(os.path.join(WORK, f))
    for f, content in view.items():
        if content is None:
            continue
        p = os.path.join(WORK, f)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as fh:
            fh.write(content)


def commit(msg, name, email):
    sob = 'Signed-off-by: %s <%s>' % (name, email)
    if sob not in msg:
        msg = msg.rstrip() + '\n\n' + sob
    git('add', '-A', cwd=WORK)
    git('commit', '-q', '--allow-empty', '-F', '-', cwd=WORK, data=msg + '\n')


def main():
    if not os.path.isdir(PRISTINE):
        die('no base tree; run make tree')
    version = subprocess.run(['make', '-s', 'kernelversion'], cwd=PRISTINE,
                             check=True, text=True,
                             stdout=subprocess.PIPE).stdout.strip()
    name = git('config', 'user.name').strip()
    email = git('config', 'user.email').strip()
    series = read_design()
    views = states(series)

    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(OUTDIR, ignore_errors=True)
    os.makedirs(WORK)
    git('init', '-q', '-b', 'seam', cwd=WORK)
    git('config', 'user.name', name, cwd=WORK)
    git('config', 'user.email', email, cwd=WORK)

    # The base: pristine versions of every existing file the series touches.
    base = {}
    for view in views:
        for f in view:
            p = os.path.join(PRISTINE, f)
            if os.path.exists(p):
                base[f] = open(p, 'rb').read()
    write_view(base, {})
    git('add', '-A', cwd=WORK)
    git('commit', '-q', '--allow-empty', '-m',
        'Linux %s (pristine files touched by seam)' % version, cwd=WORK)
    base_rev = git('rev-parse', 'HEAD', cwd=WORK).strip()

    prev = base
    for p, view in zip(series, views):
        full = dict(base)
        full.update(view)
        write_view(full, prev)
        commit(p['msg'], name, email)
        prev = full

    git('format-patch', '-q', '--cover-letter', '--thread=shallow',
        '-o', OUTDIR, base_rev + '..HEAD', cwd=WORK)
    text = open(os.path.join(DESIGN, 'cover-letter.txt')).read()
    subject, _, blurb = text.replace('@BASE@', version).partition('\n\n')
    cover = os.path.join(OUTDIR, sorted(os.listdir(OUTDIR))[0])
    letter = open(cover).read()
    letter = letter.replace('*** SUBJECT HERE ***', subject.strip())
    letter = letter.replace('*** BLURB HERE ***', blurb.strip())
    open(cover, 'w').write(letter)

    # The list of the series: subject, files, lines added and removed.
    print('seam: %d patches against Linux %s in %s' %
          (len(series), version, os.path.relpath(OUTDIR, REPO)))
    log = git('log', '--reverse', '--format=@%s', '--numstat',
              base_rev + '..HEAD', cwd=WORK)
    n = 0
    for chunk in log.split('@')[1:]:
        lines = chunk.strip().splitlines()
        stats = [l.split('\t') for l in lines[1:] if l.strip()]
        added = sum(int(s[0]) for s in stats if s[0] != '-')
        removed = sum(int(s[1]) for s in stats if s[1] != '-')
        n += 1
        print('%2d  %-70s %3d files  +%-5d -%d' %
              (n, lines[0][:70], len(stats), added, removed))


if __name__ == '__main__':
    main()
