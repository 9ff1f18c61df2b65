/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace stand-in: see ../seam_userspace.h. */
#include <seam_userspace.h>
