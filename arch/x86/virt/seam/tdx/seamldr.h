/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The P-SEAMLDR interface: leafs, statuses and structures.
 */
#ifndef _SEAM_TDX_SEAMLDR_H
#define _SEAM_TDX_SEAMLDR_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/seam/tdx_abi.h>

#include "image.h"

/* Bit 63 of RAX addresses P-SEAMLDR rather than the TDX module. */
#define SEAMLDR_LEAF_BIT		BIT_ULL(63)
#define SEAMLDR_INFO			(SEAMLDR_LEAF_BIT | 0)
#define SEAMLDR_INSTALL			(SEAMLDR_LEAF_BIT | 1)

#define SEAMLDR_EBADPARAM		0x8000000000000000ULL
#define SEAMLDR_EBADCALL		0x8000000000000003ULL
#define SEAMLDR_EBADHANDOFF		0x8000000000000004ULL
#define SEAMLDR_ENOMEM			0x8000000000010002ULL
#define SEAMLDR_EUNSPECERR		0x8000000000010003ULL
#define SEAMLDR_EUNSUPCPU		0x8000000000010004ULL
#define SEAMLDR_EBADSIG			0x8000000000020000ULL
#define SEAMLDR_EBADHASH		0x8000000000020001ULL
#define SEAMLDR_EINTERRUPT		0x8000000000030000ULL
#define SEAMLDR_ENOENTROPY		0x8000000000030001ULL

/* SEAMLDR.INSTALL's RDX after a failure: can SEAM still be used? */
#define SEAMLDR_INSTALL_RECOVERABLE	0
#define SEAMLDR_INSTALL_UNRECOVERABLE	1

#define SEAMLDR_SCENARIO_LOAD		0
#define SEAMLDR_SCENARIO_UPDATE		1

/* Indexes of the current module's SVNs in seam_seamldr_info.tee_tcb_svn. */
#define SEAMLDR_SVN_MINOR		0
#define SEAMLDR_SVN_MAJOR		1

/**
 * struct seam_seamldr_params - SEAMLDR.INSTALL input
 * @version:		Structure version, 0.
 * @scenario:		SEAMLDR_SCENARIO_UPDATE for a runtime update.
 * @sigstruct_pa:	Physical address of the sigstruct page.
 * @reserved:		Zero.
 * @num_module_pages:	Module pages, at most SEAM_TDX_MODULE_MAX_PAGES.
 * @mod_pages_pa_list:	Physical address of every module page.
 */
struct seam_seamldr_params {
	u32	version;
	u32	scenario;
	u64	sigstruct_pa;
	u8	reserved[104];
	u64	num_module_pages;
	u64	mod_pages_pa_list[SEAM_TDX_MODULE_MAX_PAGES];
} __packed;
static_assert(sizeof(struct seam_seamldr_params) == SEAM_TDX_PAGE_SIZE);

#endif /* _SEAM_TDX_SEAMLDR_H */
