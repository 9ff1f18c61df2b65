#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the series that harness/series/ designs into build/patches/, and
# list its patches: subject, files, lines added and removed.

. "$(dirname "$0")/lib.sh"

[ -d "$PRISTINE" ] || "$REPO/harness/tree.sh" >/dev/null
python3 "$REPO/harness/export.py"
