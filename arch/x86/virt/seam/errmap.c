// SPDX-License-Identifier: GPL-2.0
/*
 * SEAM status to errno mapping.
 *
 * This is the only place in seam that turns a SEAM status into an errno.
 * A client's per-leaf map is consulted first, so it can refine what a
 * status means for that leaf; the core map of the software-defined codes
 * comes after it.  A status no map knows becomes -EIO.
 *
 * Statuses with bit 63 clear are not failures of the call, but they may
 * still mean that the caller's request was not carried out: TDH.SYS.TDMR.INIT
 * on a TDMR already done, say, returns TDX_TDMR_ALREADY_INITIALIZED.  So a
 * map may hold any status but success, and a status no map knows, of
 * either kind, becomes -EIO.
 */

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/seam/status.h>

/*
 * The codes the SEAMCALL stub makes up when the instruction itself fails,
 * with the errnos tdx.c's sc_retry_prerr() gives them.  RND_NO_ENTROPY is a
 * TDX module code, but any leaf can return it once its bounded retries are
 * used up, so it is mapped here rather than in every client map.
 */
static const struct seam_errmap_entry seam_core_errmap_entries[] = {
	/* The target is not loaded, disabled, or P-SEAMLDR is busy. */
	SEAM_ERRMAP_EXACT(TDX_SEAMCALL_VMFAILINVALID, -ENODEV),
	/* SEAMCALL raised #GP: SEAM is not enabled on this CPU. */
	SEAM_ERRMAP_EXACT(TDX_SEAMCALL_GP, -EOPNOTSUPP),
	/* SEAMCALL raised #UD: the CPU is not in VMX operation. */
	SEAM_ERRMAP_EXACT(TDX_SEAMCALL_UD, -EACCES),
	/* Still no entropy after the bounded retries. */
	SEAM_ERRMAP_CLASS(TDX_RND_NO_ENTROPY, -EAGAIN),
};

static const struct seam_errmap seam_core_errmap = {
	.entries	= seam_core_errmap_entries,
	.nr		= ARRAY_SIZE(seam_core_errmap_entries),
};

static const struct seam_errmap_entry *seam_errmap_match(const struct seam_errmap *map,
							 u64 status)
{
	unsigned int i;

	for (i = 0; map && i < map->nr; i++) {
		if ((status & map->entries[i].mask) == map->entries[i].status)
			return &map->entries[i];
	}
	return NULL;
}

/* The first entry of @map, of its parent, then of the core map, that matches. */
static const struct seam_errmap_entry *seam_status_entry(const struct seam_errmap *map,
							 u64 status)
{
	return seam_errmap_match(map, status) ?:
	       seam_errmap_match(map ? map->parent : NULL, status) ?:
	       seam_errmap_match(&seam_core_errmap, status);
}

/**
 * seam_status_to_errno() - Turn a SEAM status into an errno
 * @map:	The leaf's own map, or NULL for the core map alone.
 * @status:	A raw SEAM status.
 *
 * Context: Any context.  Nothing is logged here; see seam_status_known().
 * Return: 0 for success, the mapped negative errno, or -EIO for a status
 * that no map knows.
 */
int seam_status_to_errno(const struct seam_errmap *map, u64 status)
{
	const struct seam_errmap_entry *e;

	if (status == TDX_SUCCESS)
		return 0;

	e = seam_status_entry(map, status);
	return e ? e->err : -EIO;
}

/**
 * seam_status_known() - Tell whether a status has a mapping
 * @map:	The leaf's own map, or NULL.
 * @status:	A raw SEAM status.
 *
 * Context: Any context.
 * Return: true for success and for any status that @map or the core map
 * knows; false for a status that would become -EIO by default.
 */
bool seam_status_known(const struct seam_errmap *map, u64 status)
{
	return status == TDX_SUCCESS || seam_status_entry(map, status);
}

/**
 * seam_status_name() - Name a SEAM status
 * @map:	The leaf's own map, or NULL.
 * @status:	A raw SEAM status.
 *
 * Context: Any context.
 * Return: The name of the mapping entry, "SUCCESS", or "UNKNOWN".
 */
const char *seam_status_name(const struct seam_errmap *map, u64 status)
{
	const struct seam_errmap_entry *e;

	if (status == TDX_SUCCESS)
		return "SUCCESS";

	e = seam_status_entry(map, status);
	return e ? e->name : "UNKNOWN";
}
