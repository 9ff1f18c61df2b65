#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Export the project as a format-patch series into build/patches/.

. "$(dirname "$0")/lib.sh"

[ -d "$PRISTINE" ] || "$REPO/harness/tree.sh" >/dev/null
python3 "$REPO/harness/export.py"
ls "$BUILD/patches"
