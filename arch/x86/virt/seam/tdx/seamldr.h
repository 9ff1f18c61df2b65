/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The P-SEAMLDR interface: leafs, statuses and structures.
 */
#ifndef _SEAM_TDX_SEAMLDR_H
#define _SEAM_TDX_SEAMLDR_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

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

#define SEAMLDR_INFO_ALIGN		256

/**
 * struct seam_seamldr_info - SEAMLDR.INFO output
 * @version:			Structure version, 0.
 * @attributes:			Bit 31: debug build of P-SEAMLDR.
 * @vendor_id:			0x8086.
 * @build_date:			Build date.
 * @build_num:			Build number.
 * @minor:			P-SEAMLDR minor version.
 * @major:			P-SEAMLDR major version.
 * @update_version:		P-SEAMLDR update version.
 * @acm_x2apicid:		x2APIC ID of the ACM's LP.
 * @num_remaining_updates:	Updates P-SEAMLDR can still install.
 * @seamextend_valid:		The SEAMEXTEND copy below is valid.
 * @tee_tcb_svn:		SVNs of the current module: minor, then major.
 * @mrseam:			Measurement of the current module.
 * @mrsigner:			Its signer.
 * @seamextend_attributes:	SEAMEXTEND attributes.
 * @seam_ready:			A module is loaded and callable.
 * @system_under_debug:		The platform is in debug mode.
 * @p_seamldr_ready:		P-SEAMLDR is ready.
 * @reserved:			Reserved.
 */
struct seam_seamldr_info {
	u32	version;
	u32	attributes;
	u32	vendor_id;
	u32	build_date;
	u16	build_num;
	u16	minor;
	u16	major;
	u16	update_version;
	u32	acm_x2apicid;
	u32	num_remaining_updates;
	u64	seamextend_valid;
	u8	tee_tcb_svn[16];
	u8	mrseam[48];
	u8	mrsigner[48];
	u64	seamextend_attributes;
	u8	seam_ready;
	u8	system_under_debug;
	u8	p_seamldr_ready;
	u8	reserved[93];
} __packed;
static_assert(sizeof(struct seam_seamldr_info) == 256);

/* Indexes of the current module's SVNs in @tee_tcb_svn. */
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
