#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Parse reStructuredText files with docutils and print every warning or error.

Sphinx-only constructs that plain docutils does not know (the kernel-doc
directive and the :c:type: role) are stripped first; everything else, such
as malformed tables and bad section markup, is reported as
"file:line: message".  Exit status 1 if anything was reported.
"""

import io
import re
import sys

import docutils.core
import docutils.utils


def check(path):
    src = open(path).read()
    src = re.sub(r'^\.\. kernel-doc::.*\n((   :\w+:.*)?\n)?', '\n', src, flags=re.M)
    src = re.sub(r':c:(type|func):`([^`]*)`', r'``\2``', src)
    stream = io.StringIO()
    docutils.core.publish_doctree(
        src, source_path=path,
        settings_overrides={'report_level': 2, 'halt_level': 5,
                            'warning_stream': stream})
    return [l for l in stream.getvalue().splitlines()
            if re.match(r'^\S+:\d+: \((WARNING|ERROR|SEVERE)', l)]


def main():
    findings = []
    for path in sys.argv[1:]:
        findings += check(path)
    for f in findings:
        print(f)
    return 1 if findings else 0


if __name__ == '__main__':
    sys.exit(main())
