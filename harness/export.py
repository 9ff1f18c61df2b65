#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Export the project as a git format-patch series against the pristine base.

harness/series.export lists the exported patches in order.  Each stanza is

    Subject: area: Imperative summary
    Files: repo paths or globs: new files and patches/ entries
    <blank line>
    Commit message body...

and stanzas are separated by a line holding only '%%'.  Every new file and
every entry of patches/series must belong to exactly one stanza.

The series is built in a small git repository that holds only the base
versions of the kernel files the project patches.  Blob IDs depend only on
content, so the index lines match the real kernel tree.
"""

import fnmatch
import os
import shutil
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(REPO, 'build')
PRISTINE = os.path.join(BUILD, 'base', 'linux-source-6.12')
WORK = os.path.join(BUILD, 'export')
OUTDIR = os.path.join(BUILD, 'patches')


def die(msg):
    sys.exit('seam: error: ' + msg)


def run(args, cwd=None, **kw):
    return subprocess.run(args, cwd=cwd, check=True, text=True, **kw)


def git(*args, cwd=None, out=False):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM='1')
    r = subprocess.run(['git'] + list(args), cwd=cwd, check=True, text=True,
                       env=env, stdout=subprocess.PIPE if out else None)
    return r.stdout if out else None


def parse_series(path):
    stanzas = []
    for block in open(path).read().split('\n%%\n'):
        lines = [l for l in block.split('\n') if not l.startswith('#')]
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        head, body, in_body = {}, [], False
        key = None
        for l in lines:
            if in_body:
                body.append(l)
            elif not l.strip():
                in_body = True
            elif l[0].isspace() and key:
                head[key] += ' ' + l.strip()
            else:
                key, _, val = l.partition(':')
                key = key.strip().lower()
                head[key] = val.strip()
        if 'subject' not in head or 'files' not in head:
            die('series.export: stanza without Subject or Files: %r' % lines[0])
        stanzas.append((head['subject'], head['files'].split(),
                        '\n'.join(body).strip()))
    return stanzas


def project_items():
    files = subprocess.run(['git', 'ls-files', '--cached', '--others',
                            '--exclude-standard', '--', 'arch', 'drivers',
                            'include', 'Documentation', 'tools'],
                           cwd=REPO, check=True, text=True,
                           stdout=subprocess.PIPE).stdout.split()
    files = [f for f in files if os.path.isfile(os.path.join(REPO, f))]
    series = [l.strip() for l in open(os.path.join(REPO, 'patches', 'series'))
              if l.strip() and not l.startswith('#')]
    return sorted(set(files)), ['patches/' + p for p in series]


def assign(stanzas, items):
    owner = {}
    for i, (subject, globs, _) in enumerate(stanzas):
        for g in globs:
            hits = [it for it in items if fnmatch.fnmatchcase(it, g)]
            if not hits:
                die('series.export: "%s" in "%s" matches nothing' % (g, subject))
            for it in hits:
                if it in owner and owner[it] != i:
                    die('series.export: %s is in two patches' % it)
                owner[it] = i
    missing = [it for it in items if it not in owner]
    if missing:
        die('series.export: not in any exported patch: ' + ' '.join(missing))
    return owner


def touched(patch):
    for l in open(patch):
        if l.startswith('+++ b/'):
            yield l[6:].split('\t')[0].strip()


def main():
    os.chdir(REPO)
    stanzas = parse_series(os.path.join(REPO, 'harness', 'series.export'))
    files, patches = project_items()
    order = patches + files
    owner = assign(stanzas, order)

    shutil.rmtree(WORK, ignore_errors=True)
    shutil.rmtree(OUTDIR, ignore_errors=True)
    os.makedirs(WORK)
    git('init', '-q', '-b', 'seam', cwd=WORK)
    name = git('config', 'user.name', cwd=REPO, out=True).strip()
    email = git('config', 'user.email', cwd=REPO, out=True).strip()
    git('config', 'user.name', name, cwd=WORK)
    git('config', 'user.email', email, cwd=WORK)

    base_files = sorted({f for p in patches for f in touched(p)})
    for f in base_files:
        src = os.path.join(PRISTINE, f)
        if os.path.exists(src):
            os.makedirs(os.path.dirname(os.path.join(WORK, f)), exist_ok=True)
            shutil.copy(src, os.path.join(WORK, f))
    version = subprocess.run(['make', '-s', 'kernelversion'], cwd=PRISTINE,
                             check=True, text=True,
                             stdout=subprocess.PIPE).stdout.strip()
    git('add', '-A', cwd=WORK)
    git('commit', '-q', '--allow-empty', '-m',
        'Linux %s (pristine files touched by seam)' % version, cwd=WORK)
    base = git('rev-parse', 'HEAD', cwd=WORK, out=True).strip()

    for i, (subject, _, body) in enumerate(stanzas):
        for it in order:
            if owner[it] != i:
                continue
            if it.startswith('patches/'):
                run(['patch', '-p1', '--batch', '--forward', '-s',
                     '--no-backup-if-mismatch', '-i', os.path.join(REPO, it)],
                    cwd=WORK)
            else:
                dst = os.path.join(WORK, it)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy(os.path.join(REPO, it), dst)
        git('add', '-A', cwd=WORK)
        msg = '%s\n\n%s\n\nSigned-off-by: %s <%s>\n' % (subject, body, name, email)
        subprocess.run(['git', 'commit', '-q', '-F', '-'], cwd=WORK,
                       input=msg, check=True, text=True)

    git('format-patch', '-q', '--cover-letter', '--thread=shallow',
        '-o', OUTDIR, base + '..HEAD', cwd=WORK)
    cover_text = open(os.path.join(REPO, 'harness', 'cover-letter.txt')).read()
    cover_text = cover_text.replace('@BASE@', version)
    subject, _, blurb = cover_text.partition('\n\n')
    cover = [os.path.join(OUTDIR, f) for f in os.listdir(OUTDIR)
             if f.startswith('0000-')][0]
    text = open(cover).read()
    text = text.replace('*** SUBJECT HERE ***', subject.strip())
    text = text.replace('*** BLURB HERE ***', blurb.strip())
    open(cover, 'w').write(text)
    print('seam: %d patches against Linux %s in %s' %
          (len(stanzas), version, os.path.relpath(OUTDIR, REPO)))


if __name__ == '__main__':
    main()
