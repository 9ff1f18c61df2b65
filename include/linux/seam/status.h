/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEAM status codes and the tables that turn them into errnos.
 *
 * Every SEAMCALL returns a 64-bit status in RAX.  The TDX module packs a
 * class into bits 63:32 and details such as an operand ID into bits 31:0;
 * P-SEAMLDR returns whole 64-bit codes.  The SEAMCALL stub itself reports
 * the instruction failing (VMfailInvalid, #GP, #UD) with the software-only
 * class 0xFF.  Exactly one place, seam_status_to_errno(), turns a status
 * into an errno, using a client's per-leaf map first and the core map of
 * software codes after it.
 */
#ifndef _LINUX_SEAM_STATUS_H
#define _LINUX_SEAM_STATUS_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/tdx.h>

/* The class part of a status; bits 31:0 carry operand IDs and details. */
#define SEAM_STATUS_CLASS_MASK	GENMASK_ULL(63, 32)
/* All 64 bits are significant, as in every P-SEAMLDR status. */
#define SEAM_STATUS_EXACT_MASK	GENMASK_ULL(63, 0)

/**
 * struct seam_errmap_entry - One status to errno mapping
 * @status:	The status value, with every bit outside @mask clear.
 * @mask:	The bits of a raw status compared with @status.
 * @err:	The negative errno the status maps to.
 * @name:	The status name, for logs and tracepoints.
 */
struct seam_errmap_entry {
	u64		status;
	u64		mask;
	int		err;
	const char	*name;
};

/**
 * struct seam_errmap - A table of status to errno mappings
 * @entries:	The mappings.  The first matching entry wins.
 * @nr:		Number of entries in @entries.
 * @parent:	Optional.  A map consulted when no entry matches, so that
 *		leafs can share a client's common mappings and refine some
 *		of them.  It has no parent of its own.
 */
struct seam_errmap {
	const struct seam_errmap_entry	*entries;
	unsigned int			nr;
	const struct seam_errmap	*parent;
};

/**
 * SEAM_ERRMAP_CLASS - Map a status class, whatever its detail bits hold
 * @_status:	A status constant with bits 31:0 clear.
 * @_err:	The negative errno.
 */
#define SEAM_ERRMAP_CLASS(_status, _err)			\
	{ .status = (_status), .mask = SEAM_STATUS_CLASS_MASK,	\
	  .err = (_err), .name = #_status }

/**
 * SEAM_ERRMAP_EXACT - Map one exact 64-bit status
 * @_status:	The status constant.
 * @_err:	The negative errno.
 */
#define SEAM_ERRMAP_EXACT(_status, _err)			\
	{ .status = (_status), .mask = SEAM_STATUS_EXACT_MASK,	\
	  .err = (_err), .name = #_status }

int seam_status_to_errno(const struct seam_errmap *map, u64 status);
bool seam_status_known(const struct seam_errmap *map, u64 status);
const char *seam_status_name(const struct seam_errmap *map, u64 status);

#endif /* _LINUX_SEAM_STATUS_H */
