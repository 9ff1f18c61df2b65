/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX module's interface, defined once for its users: tdx.c (through
 * seam's patch to arch/x86/virt/vmx/tdx/tdx.h), seam's TDX clients and the
 * SEAM emulator.  The SEAMCALL stub's own statuses (TDX_SUCCESS,
 * TDX_RND_NO_ENTROPY, TDX_SEAMCALL_*) stay in asm/tdx.h, which defines
 * them for the guest side too.  Names follow the TDX module ABI
 * specification and tdx.c.
 */
#ifndef _LINUX_SEAM_TDX_ABI_H
#define _LINUX_SEAM_TDX_ABI_H

#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/types.h>

#define TDH_PHYMEM_PAGE_RDMD		24
#define TDH_SYS_KEY_CONFIG		31
#define TDH_SYS_INIT			33
#define TDH_SYS_RD			34
#define TDH_SYS_LP_INIT			35
#define TDH_SYS_TDMR_INIT		36
#define TDH_SYS_CONFIG			45
#define TDH_SYS_SHUTDOWN		52
#define TDH_SYS_UPDATE			53
#define TDH_SYS_DISABLE			69

#define TDX_OPERAND_INVALID		0xC000010000000000ULL
#define TDX_OPERAND_BUSY		0x8000020000000000ULL
#define TDX_SYS_BUSY			0x8000020200000000ULL
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
#define TDX_METADATA_FIELD_NOT_READABLE	0xC0000C0200000000ULL
/* TDH.SYS.CONFIG's checks of the TDMR list (TM tdh_sys_config.c). */
#define TDX_INVALID_TDMR		0xC0000A0000000000ULL
#define TDX_NON_ORDERED_TDMR		0xC0000A0100000000ULL
#define TDX_TDMR_OUTSIDE_CMRS		0xC0000A0200000000ULL
#define TDX_INVALID_PAMT		0xC0000A1000000000ULL
#define TDX_PAMT_OUTSIDE_CMRS		0xC0000A1100000000ULL
#define TDX_PAMT_OVERLAP		0xC0000A1200000000ULL
#define TDX_INVALID_RESERVED_IN_TDMR	0xC0000A2000000000ULL
#define TDX_NON_ORDERED_RESERVED_IN_TDMR 0xC0000A2100000000ULL
/* Not errors: bit 63 is clear. */
#define TDX_KEY_CONFIGURED		0x0000081500000000ULL
#define TDX_TDMR_ALREADY_INITIALIZED	0x00000A0300000000ULL

/*
 * Global metadata fields, read with TDH.SYS.RD ("Global Scope Metadata",
 * TDX module 1.5 ABI specification).
 */
#define MD_FIELD_ID_BUILD_DATE			0x8800000200000001ULL
#define MD_FIELD_ID_BUILD_NUM			0x8800000100000002ULL
#define MD_FIELD_ID_MINOR_VERSION		0x0800000100000003ULL
#define MD_FIELD_ID_MAJOR_VERSION		0x0800000100000004ULL
#define MD_FIELD_ID_UPDATE_VERSION		0x0800000100000005ULL
#define MD_FIELD_ID_MODULE_HV			0x8900000100000000ULL
#define MD_FIELD_ID_MIN_UPDATE_HV		0x8900000100000001ULL
#define MD_FIELD_ID_NO_DOWNGRADE		0x8900000000000002ULL
#define MD_FIELD_ID_TDX_FEATURES0		0x0A00000300000008ULL
#define MD_FIELD_ID_MAX_TDMRS			0x9100000100000008ULL
#define MD_FIELD_ID_MAX_RESERVED_PER_TDMR	0x9100000100000009ULL
#define MD_FIELD_ID_PAMT_4K_ENTRY_SIZE		0x9100000100000010ULL
#define MD_FIELD_ID_PAMT_2M_ENTRY_SIZE		0x9100000100000011ULL
#define MD_FIELD_ID_PAMT_1G_ENTRY_SIZE		0x9100000100000012ULL

#define TDX_FEATURES0_TD_PRESERVING	BIT_ULL(1)
#define TDX_FEATURES0_NO_RBP_MOD	BIT_ULL(18)
#define TDX_FEATURES0_UPDATE_COMPAT	BIT_ULL(47)

/* TDH.SYS.SHUTDOWN RCX: fail while a TD is in an update-sensitive state. */
#define TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE	BIT_ULL(16)

/*
 * TDH.SYS.CONFIG: RCX is the physical address of an array of the TDMR_INFO
 * entries' physical addresses, RDX their number, R8 the global private
 * KeyID.  The array and each entry are 512-byte aligned; a TDMR and its
 * size are multiples of 1 GiB, reserved areas and PAMTs of 4 KiB.  The
 * module reports how many TDMRs and reserved areas it takes (MAX_TDMRS,
 * MAX_RESERVED_PER_TDMR) and the PAMT entry sizes.
 */
#define TDMR_INFO_ALIGNMENT		512
#define TDMR_INFO_PA_ARRAY_ALIGNMENT	512
#define TDX_TDMR_ALIGNMENT		SZ_1G
#define TDX_TDMR_GRANULE		SZ_4K
#define TDX_MAX_TDMRS			64
#define TDX_MAX_RESERVED_PER_TDMR	16
#define TDX_PAMT_ENTRY_SIZE		16

/**
 * struct tdx_tdmr_info - A TDMR_INFO entry, as TDH.SYS.CONFIG reads it
 * @base:		The TDMR's physical base address.
 * @size:		Its size.
 * @pamt_1g_base:	The PAMT for its 1 GiB pages.
 * @pamt_1g_size:	Its size.
 * @pamt_2m_base:	The PAMT for its 2 MiB pages.
 * @pamt_2m_size:	Its size.
 * @pamt_4k_base:	The PAMT for its 4 KiB pages.
 * @pamt_4k_size:	Its size.
 * @rsvd:		Reserved areas, by offset from @base and size, in
 *			ascending order; the unused ones have size 0.
 */
struct tdx_tdmr_info {
	u64	base;
	u64	size;
	u64	pamt_1g_base;
	u64	pamt_1g_size;
	u64	pamt_2m_base;
	u64	pamt_2m_size;
	u64	pamt_4k_base;
	u64	pamt_4k_size;
	struct {
		u64	offset;
		u64	size;
	} rsvd[TDX_MAX_RESERVED_PER_TDMR];
} __packed __aligned(TDMR_INFO_ALIGNMENT);

#endif /* _LINUX_SEAM_TDX_ABI_H */
