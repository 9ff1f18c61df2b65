/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <kunit/visibility.h>, so that seam sources shared
 * with the kernel build unchanged in tools/seam/.  The Makefiles define
 * EXPORT_SYMBOL_IF_KUNIT() away on the command line.
 */
#ifndef _TOOLS_SEAM_KUNIT_VISIBILITY_H
#define _TOOLS_SEAM_KUNIT_VISIBILITY_H
#endif /* _TOOLS_SEAM_KUNIT_VISIBILITY_H */
