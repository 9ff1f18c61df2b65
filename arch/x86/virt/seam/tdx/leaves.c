// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAMCALL leafs of the TDX module update and initialisation, and what
 * their statuses mean.
 *
 * Every mapping is also listed in Documentation/arch/x86/seam.rst.
 */

#include <linux/array_size.h>
#include <linux/errno.h>
#include <linux/seam/leaf.h>
#include <linux/seam/status.h>
#include <linux/seam/tdx_abi.h>

#include "../../vmx/tdx/tdx.h"
#include "leaves.h"
#include "seamldr.h"

/* P-SEAMLDR statuses are whole 64-bit codes. */
static const struct seam_errmap_entry seamldr_entries[] = {
	SEAM_ERRMAP_EXACT(SEAMLDR_EBADPARAM, -EINVAL),
	SEAM_ERRMAP_EXACT(SEAMLDR_EBADHANDOFF, -EPROTO),
	SEAM_ERRMAP_EXACT(SEAMLDR_ENOMEM, -ENOMEM),
	SEAM_ERRMAP_EXACT(SEAMLDR_EUNSPECERR, -EIO),
	SEAM_ERRMAP_EXACT(SEAMLDR_EUNSUPCPU, -ENOEXEC),
	SEAM_ERRMAP_EXACT(SEAMLDR_EBADSIG, -EKEYREJECTED),
	SEAM_ERRMAP_EXACT(SEAMLDR_EBADHASH, -EBADMSG),
	SEAM_ERRMAP_EXACT(SEAMLDR_EINTERRUPT, -EINTR),
	SEAM_ERRMAP_EXACT(SEAMLDR_ENOENTROPY, -EAGAIN),
	/*
	 * VMfailInvalid from P-SEAMLDR: no P-SEAMLDR is loaded.  It would
	 * also mean that another LP is inside it, but seam serializes every
	 * P-SEAMLDR call, so that cannot come from this kernel.
	 */
	SEAM_ERRMAP_EXACT(TDX_SEAMCALL_VMFAILINVALID, -ENOPKG),
};

static const struct seam_errmap seamldr_errmap = {
	.entries	= seamldr_entries,
	.nr		= ARRAY_SIZE(seamldr_entries),
};

static const struct seam_errmap_entry seamldr_info_entries[] = {
	SEAM_ERRMAP_EXACT(SEAMLDR_EBADCALL, -EPERM),
};

static const struct seam_errmap seamldr_info_errmap = {
	.entries	= seamldr_info_entries,
	.nr		= ARRAY_SIZE(seamldr_info_entries),
	.parent		= &seamldr_errmap,
};

/*
 * The pre-flight checks rule out the other EBADCALL causes (a second call
 * from the same LP, a major SVN change, an ongoing SEAMLDR.SHUTDOWN), so
 * at install time it means no updates remain.
 */
static const struct seam_errmap_entry seamldr_install_entries[] = {
	SEAM_ERRMAP_EXACT(SEAMLDR_EBADCALL, -ENOSPC),
};

static const struct seam_errmap seamldr_install_errmap = {
	.entries	= seamldr_install_entries,
	.nr		= ARRAY_SIZE(seamldr_install_entries),
	.parent		= &seamldr_errmap,
};

/* TDX module statuses carry an operand ID in bits 31:0: match the class. */
static const struct seam_errmap_entry tdx_module_entries[] = {
	SEAM_ERRMAP_CLASS(TDX_OPERAND_INVALID, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_SYS_BUSY, -EBUSY),
	/* A TD build or migration is in progress: retry later. */
	SEAM_ERRMAP_CLASS(TDX_UPDATE_COMPAT_SENSITIVE, -EBUSY),
	SEAM_ERRMAP_CLASS(TDX_SYS_INIT_NOT_PENDING, -EALREADY),
	SEAM_ERRMAP_CLASS(TDX_SYS_LP_INIT_DONE, -EALREADY),
	/* TDH.SYS.RD before this LP's LP.INIT: the module is not initialised. */
	SEAM_ERRMAP_CLASS(TDX_SYS_LP_INIT_NOT_DONE, -ENODATA),
	SEAM_ERRMAP_CLASS(TDX_SYS_LP_INIT_NOT_PENDING, -EPROTO),
	SEAM_ERRMAP_CLASS(TDX_SYS_NOT_READY, -EPROTO),
	SEAM_ERRMAP_CLASS(TDX_SYS_STATE_INCORRECT, -EPROTO),
	SEAM_ERRMAP_CLASS(TDX_SYS_SHUTDOWN, -ESHUTDOWN),
	SEAM_ERRMAP_CLASS(TDX_SYS_INVALID_HANDOFF, -EPROTO),
	SEAM_ERRMAP_CLASS(TDX_SYS_INCOMPATIBLE_SIGSTRUCT, -EKEYREJECTED),
	SEAM_ERRMAP_CLASS(TDX_INCOMPATIBLE_SEAM_CAPABILITIES, -ENOEXEC),
	SEAM_ERRMAP_CLASS(TDX_METADATA_FIELD_ID_INCORRECT, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_METADATA_FIELD_NOT_READABLE, -EPERM),
	/* Initialisation out of order, or run twice. */
	SEAM_ERRMAP_CLASS(TDX_SYS_CONFIG_NOT_PENDING, -EPROTO),
	SEAM_ERRMAP_CLASS(TDX_SYS_KEY_CONFIG_NOT_PENDING, -EPROTO),
	SEAM_ERRMAP_CLASS(TDX_KEY_CONFIGURED, -EALREADY),
	SEAM_ERRMAP_CLASS(TDX_TDMR_ALREADY_INITIALIZED, -EALREADY),
	SEAM_ERRMAP_CLASS(TDX_OPERAND_BUSY, -EBUSY),
	/* The TDMR list that TDH.SYS.CONFIG was given is wrong. */
	SEAM_ERRMAP_CLASS(TDX_INVALID_TDMR, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_NON_ORDERED_TDMR, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_TDMR_OUTSIDE_CMRS, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_INVALID_PAMT, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_PAMT_OUTSIDE_CMRS, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_PAMT_OVERLAP, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_INVALID_RESERVED_IN_TDMR, -EINVAL),
	SEAM_ERRMAP_CLASS(TDX_NON_ORDERED_RESERVED_IN_TDMR, -EINVAL),
};

static const struct seam_errmap tdx_module_errmap = {
	.entries	= tdx_module_entries,
	.nr		= ARRAY_SIZE(tdx_module_entries),
};

/* Every TDX module leaf has the module's map. */
#define SEAM_TDX_LEAF(_name, _fn, _flags)					\
	{ .name = (_name), .fn = (_fn), .target = SEAM_TARGET_MODULE,		\
	  .flags = (_flags), .errmap = &tdx_module_errmap }

/* Every P-SEAMLDR leaf is serialized. */
#define SEAM_SEAMLDR_LEAF(_name, _fn, _flags, _map)				\
	{ .name = (_name), .fn = (_fn), .target = SEAM_TARGET_SEAMLDR,		\
	  .flags = SEAM_LEAF_SERIALIZED | (_flags), .errmap = (_map) }

const struct seam_leaf seam_tdx_leaves[SEAM_TDX_NR_LEAVES] = {
	[SEAM_TDX_SEAMLDR_INFO] =
		SEAM_SEAMLDR_LEAF("seamldr.info", SEAMLDR_INFO, 0, &seamldr_info_errmap),
	/* RDX tells whether SEAM survived a failure. */
	[SEAM_TDX_SEAMLDR_INSTALL] =
		SEAM_SEAMLDR_LEAF("seamldr.install", SEAMLDR_INSTALL, SEAM_LEAF_OUTPUT,
				  &seamldr_install_errmap),
	[SEAM_TDX_SYS_RD] =
		SEAM_TDX_LEAF("tdh.sys.rd", TDH_SYS_RD, SEAM_LEAF_OUTPUT | SEAM_LEAF_RETRY_ENTROPY),
	[SEAM_TDX_SYS_INIT] =
		SEAM_TDX_LEAF("tdh.sys.init", TDH_SYS_INIT, SEAM_LEAF_RETRY_ENTROPY),
	[SEAM_TDX_SYS_LP_INIT] =
		SEAM_TDX_LEAF("tdh.sys.lp.init", TDH_SYS_LP_INIT, SEAM_LEAF_RETRY_ENTROPY),
	[SEAM_TDX_SYS_SHUTDOWN] = SEAM_TDX_LEAF("tdh.sys.shutdown", TDH_SYS_SHUTDOWN, 0),
	[SEAM_TDX_SYS_UPDATE] = SEAM_TDX_LEAF("tdh.sys.update", TDH_SYS_UPDATE, 0),
	[SEAM_TDX_SYS_CONFIG] = SEAM_TDX_LEAF("tdh.sys.config", TDH_SYS_CONFIG, 0),
	/* PCONFIG may find no entropy: tdx.c retries it like SYS.INIT. */
	[SEAM_TDX_SYS_KEY_CONFIG] =
		SEAM_TDX_LEAF("tdh.sys.key.config", TDH_SYS_KEY_CONFIG, SEAM_LEAF_RETRY_ENTROPY),
	/* RDX is where the next call resumes. */
	[SEAM_TDX_SYS_TDMR_INIT] =
		SEAM_TDX_LEAF("tdh.sys.tdmr.init", TDH_SYS_TDMR_INIT, SEAM_LEAF_OUTPUT),
};

/**
 * seam_tdx_call() - Issue one of the TDX clients' SEAMCALLs
 * @leaf:	Which.
 * @args:	Its registers.
 *
 * Context: As seam_call().
 * Return: As seam_call().
 */
int seam_tdx_call(enum seam_tdx_leaf leaf, struct tdx_module_args *args)
{
	return seam_call(&seam_tdx_leaves[leaf], args, NULL);
}
