/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX module's interface, as seam's TDX clients and the SEAM emulator
 * use it, and P-SEAMLDR's state, which seam-svc shows; what only the
 * emulator needs is in emu/emu.h, and the rest of P-SEAMLDR's interface in
 * arch/x86/virt/seam/tdx/seamldr.h.  What mainline
 * already defines is taken from it: the SEAMCALL stub's statuses and the
 * features in asm/tdx.h, the statuses KVM uses too in
 * asm/shared/tdx_errno.h, and the leaf numbers in tdx.c's own
 * arch/x86/virt/vmx/tdx/tdx.h.  Names follow the TDX module ABI
 * specification and tdx.c.
 */
#ifndef _LINUX_SEAM_TDX_ABI_H
#define _LINUX_SEAM_TDX_ABI_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/sizes.h>
#include <linux/types.h>
#include <asm/tdx.h>

#define TDX_SYS_INIT_NOT_PENDING	0xC000050000000000ULL
#define TDX_SYS_LP_INIT_NOT_DONE	0xC000050200000000ULL
#define TDX_SYS_LP_INIT_DONE		0xC000050300000000ULL
#define TDX_SYS_NOT_READY		0xC000050500000000ULL
#define TDX_SYS_SHUTDOWN		0xC000050600000000ULL
#define TDX_SYS_KEY_CONFIG_NOT_PENDING	0xC000050700000000ULL
#define TDX_SYS_STATE_INCORRECT		0xC000050800000000ULL
#define TDX_SYS_INVALID_HANDOFF		0xC000050900000000ULL
#define TDX_SYS_INCOMPATIBLE_SIGSTRUCT	0xC000050A00000000ULL
#define TDX_SYS_LP_INIT_NOT_PENDING	0xC000050B00000000ULL
#define TDX_SYS_CONFIG_NOT_PENDING	0xC000050C00000000ULL
#define TDX_INCOMPATIBLE_SEAM_CAPABILITIES 0xC000050D00000000ULL
#define TDX_UPDATE_COMPAT_SENSITIVE	0x8000051200000000ULL
#define TDX_METADATA_FIELD_ID_INCORRECT	0xC0000C0000000000ULL
/* TDH.SYS.CONFIG's checks of the TDMR list (TM tdh_sys_config.c). */
#define TDX_INVALID_TDMR		0xC0000A0000000000ULL
#define TDX_NON_ORDERED_TDMR		0xC0000A0100000000ULL
#define TDX_TDMR_OUTSIDE_CMRS		0xC0000A0200000000ULL
#define TDX_INVALID_PAMT		0xC0000A1000000000ULL
#define TDX_PAMT_OUTSIDE_CMRS		0xC0000A1100000000ULL
#define TDX_PAMT_OVERLAP		0xC0000A1200000000ULL
#define TDX_INVALID_RESERVED_IN_TDMR	0xC0000A2000000000ULL
#define TDX_NON_ORDERED_RESERVED_IN_TDMR 0xC0000A2100000000ULL
/* Not an error: bit 63 is clear. */
#define TDX_TDMR_ALREADY_INITIALIZED	0x00000A0300000000ULL

/*
 * Global metadata fields, read with TDH.SYS.RD ("Global Scope Metadata",
 * TDX module 1.5 ABI specification).
 */
#define MD_FIELD_ID_MINOR_VERSION		0x0800000100000003ULL
#define MD_FIELD_ID_MAJOR_VERSION		0x0800000100000004ULL
#define MD_FIELD_ID_UPDATE_VERSION		0x0800000100000005ULL
#define MD_FIELD_ID_MODULE_HV			0x8900000100000000ULL
#define MD_FIELD_ID_MIN_UPDATE_HV		0x8900000100000001ULL
#define MD_FIELD_ID_NO_DOWNGRADE		0x8900000000000002ULL
#define MD_FIELD_ID_TDX_FEATURES0		0x0A00000300000008ULL

#define TDX_FEATURES0_UPDATE_COMPAT	BIT_ULL(47)

/* TDH.SYS.SHUTDOWN RCX: fail while a TD is in an update-sensitive state. */
#define TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE	BIT_ULL(16)

/* The most TDMRs TDH.SYS.CONFIG takes. */
#define TDX_MAX_TDMRS			64

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

#endif /* _LINUX_SEAM_TDX_ABI_H */
