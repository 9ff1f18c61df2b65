#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Export the project as a git format-patch series against the pristine base.

The series is the project's history since the move to the 7.3 base (the
commits after SINCE, the last commit on the 6.12 base, whose patches do
not apply to 7.3): every commit that changes the kernel side of the repo
(the overlay roots or patches/) becomes one patch, with the commit's
subject and body.  A commit whose subject starts with "fixup! "
is folded into the patch before it.  Changes outside the kernel side, such
as the harness, are not exported.  Uncommitted kernel-side changes become a
last patch, so that 'make check' sees what is about to be committed.

Each patch is built in a small git repository that holds only the files
seam adds or changes.  Blob IDs depend only on content, so the index lines
match the real kernel tree and 'git am -3' works there.
"""

import io
import os
import shutil
import subprocess
import sys
import tarfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, 'build')
PRISTINE = os.path.join(BUILD, 'base', 'linux-source-7.3')
# The last commit on the 6.12 base.
SINCE = '3ba9f39'

WORK = os.path.join(BUILD, 'export')
OUTDIR = os.path.join(BUILD, 'patches')
ROOTS = ['arch', 'drivers', 'include', 'Documentation', 'tools']
KERNEL_SIDE = ROOTS + ['patches']


def die(msg):
    sys.exit('seam: error: ' + msg)


def git(*args, cwd=REPO, data=None, binary=False):
    r = subprocess.run(['git'] + list(args), cwd=cwd, check=True,
                       input=data, stdout=subprocess.PIPE,
                       text=not binary)
    return r.stdout


def tree_files(rev):
    """The kernel-side files of a commit, or of the work tree (rev None)."""
    files = {}
    if rev is None:
        names = git('ls-files', '--cached', '--others', '--exclude-standard',
                    '--', *KERNEL_SIDE).split()
        for n in names:
            p = os.path.join(REPO, n)
            if os.path.isfile(p):
                files[n] = open(p, 'rb').read()
        return files
    present = [r for r in KERNEL_SIDE
               if git('ls-tree', '--name-only', rev, r).strip()]
    if not present:
        return files
    tar = git('archive', '--format=tar', rev, '--', *present, binary=True)
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        for m in t.getmembers():
            if m.isfile():
                files[m.name] = t.extractfile(m).read()
    return files


def kernel_view(files):
    """What the kernel tree holds for a repo state: new files + patched files."""
    view = {n: c for n, c in files.items() if n.split('/')[0] in ROOTS}
    series = files.get('patches/series', b'').decode().splitlines()
    series = [l.strip() for l in series if l.strip() and not l.startswith('#')]
    if not series:
        return view
    tmp = os.path.join(BUILD, 'export-apply')
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    touched = set()
    for name in series:
        patch = files.get('patches/' + name)
        if patch is None:
            die('patches/series names %s, which does not exist' % name)
        for l in patch.decode().splitlines():
            if l.startswith('+++ b/') or l.startswith('--- a/'):
                touched.add(l[6:].split('\t')[0].strip())
    for f in touched:
        src = os.path.join(PRISTINE, f)
        if os.path.exists(src):
            os.makedirs(os.path.dirname(os.path.join(tmp, f)), exist_ok=True)
            shutil.copy(src, os.path.join(tmp, f))
    for name in series:
        r = subprocess.run(['patch', '-p1', '--fuzz=0', '--batch', '--forward', '-s',
                            '--no-backup-if-mismatch'], cwd=tmp,
                           input=files['patches/' + name],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if r.returncode:
            die('patches/%s does not apply to the base:\n%s' %
                (name, r.stdout.decode()))
    # None marks a base file the series deletes.
    for f in touched:
        p = os.path.join(tmp, f)
        if os.path.exists(p):
            view[f] = open(p, 'rb').read()
        elif os.path.exists(os.path.join(PRISTINE, f)):
            view[f] = None
    return view


def commits():
    """Commits that change the kernel side, oldest first, as (rev, message)."""
    revs = git('rev-list', '--reverse', SINCE + '..HEAD', '--', *KERNEL_SIDE).split()
    return [(r, git('log', '-1', '--format=%B', r).strip()) for r in revs]


def groups(history):
    out = []
    for rev, msg in history:
        subject = msg.splitlines()[0]
        if subject.startswith('fixup! ') and out:
            out[-1]['rev'] = rev
        else:
            out.append({'rev': rev, 'msg': msg})
    return out


def write_view(view, old):
    view = {f: c for f, c in view.items() if c is not None}
    old = {f: c for f, c in old.items() if c is not None}
    for f in old:
        if f not in view:
            os.unlink(os.path.join(WORK, f))
    for f, content in view.items():
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

    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(OUTDIR, ignore_errors=True)
    os.makedirs(WORK)
    git('init', '-q', '-b', 'seam', cwd=WORK)
    git('config', 'user.name', name, cwd=WORK)
    git('config', 'user.email', email, cwd=WORK)

    steps = [(g['msg'], kernel_view(tree_files(g['rev'])))
             for g in groups(commits())]
    final = kernel_view(tree_files(None))
    if not steps or steps[-1][1] != final:
        steps.append(('seam: Uncommitted changes\n\n'
                      'Changes in the work tree that are not committed yet.',
                      final))

    # The base: pristine versions of every existing file any step touches.
    base = {}
    for _, view in steps:
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
    for msg, view in steps:
        full = dict(base)
        full.update(view)
        write_view(full, prev)
        commit(msg, name, email)
        prev = full

    git('format-patch', '-q', '--cover-letter', '--thread=shallow',
        '-o', OUTDIR, base_rev + '..HEAD', cwd=WORK)
    text = open(os.path.join(REPO, 'harness', 'cover-letter.txt')).read()
    subject, _, blurb = text.replace('@BASE@', version).partition('\n\n')
    cover = os.path.join(OUTDIR, sorted(os.listdir(OUTDIR))[0])
    letter = open(cover).read()
    letter = letter.replace('*** SUBJECT HERE ***', subject.strip())
    letter = letter.replace('*** BLURB HERE ***', blurb.strip())
    open(cover, 'w').write(letter)
    print('seam: %d patches against Linux %s in %s' %
          (len(steps), version, os.path.relpath(OUTDIR, REPO)))


if __name__ == '__main__':
    main()
