/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TDX module images and the SEAM sigstruct: firmware-defined layouts and
 * the pure parser.
 *
 * This header and image.c also build, unchanged, in userspace for the
 * fuzzer and the image tool (tools/seam/), so they include only
 * <linux/bits.h>, <linux/build_bug.h>, <linux/errno.h>, <linux/export.h>,
 * <linux/kernel.h> (for ARRAY_SIZE()), <linux/stddef.h>,
 * <linux/overflow.h>, <linux/sizes.h>, <linux/string.h>, <linux/types.h>
 * and <kunit/visibility.h>.
 */
#ifndef _SEAM_TDX_IMAGE_H
#define _SEAM_TDX_IMAGE_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/sizes.h>
#include <linux/types.h>

/* SEAM pages are 4 KiB whatever the kernel's page size. */
#define SEAM_TDX_PAGE_SIZE		SZ_4K

#define SEAM_TDX_BLOB_MAGIC		"TDX-BLOB"
#define SEAM_TDX_BLOB_MAGIC_LEN		8
/* What Intel publishes today. */
#define SEAM_TDX_BLOB_V1		0x100
/* What mainline Linux accepts. */
#define SEAM_TDX_BLOB_V2		0x200

#define SEAM_TDX_MODULE_MAX_PAGES	496
#define SEAM_TDX_SIGSTRUCT_MAX_PAGES	1
/* v1: the sigstruct sits at 4 KiB, the module at 8 KiB or later. */
#define SEAM_TDX_V1_SIGSTRUCT_OFFSET	SZ_4K
#define SEAM_TDX_V1_MIN_MODULE_OFFSET	SZ_8K

/**
 * struct seam_tdx_blob_v1 - Header of a version 0x100 image
 * @version:		SEAM_TDX_BLOB_V1.
 * @checksum:		Makes the 16-bit word sum of the whole image 0.
 * @module_offset:	Offset of the module from the start, 4 KiB aligned.
 * @magic:		SEAM_TDX_BLOB_MAGIC.
 * @length:		Length of the whole image.
 * @reserved0:		Zero.
 * @reserved1:		Zero.
 */
struct seam_tdx_blob_v1 {
	u16	version;
	u16	checksum;
	u32	module_offset;
	char	magic[SEAM_TDX_BLOB_MAGIC_LEN];
	u32	length;
	u32	reserved0;
	u64	reserved1[509];
} __packed;
static_assert(sizeof(struct seam_tdx_blob_v1) == SEAM_TDX_PAGE_SIZE);

/**
 * struct seam_tdx_blob_v2 - Header of a version 0x200 image
 * @version:		SEAM_TDX_BLOB_V2.
 * @checksum:		Not checked, as in mainline.
 * @magic:		SEAM_TDX_BLOB_MAGIC.
 * @sigstruct_nr_pages:	Sigstruct pages following the header: 1.
 * @module_nr_pages:	Module pages following the sigstruct.
 * @reserved:		Zero.
 */
struct seam_tdx_blob_v2 {
	u16	version;
	u16	checksum;
	char	magic[SEAM_TDX_BLOB_MAGIC_LEN];
	u32	sigstruct_nr_pages;
	u32	module_nr_pages;
	u8	reserved[4076];
} __packed;
static_assert(sizeof(struct seam_tdx_blob_v2) == SEAM_TDX_PAGE_SIZE);

#define SEAM_SIGSTRUCT_HEADER_TYPE	6
#define SEAM_SIGSTRUCT_HEADER_LENGTH	0xE1
#define SEAM_SIGSTRUCT_HEADER_VERSION	0x00010000
#define SEAM_SIGSTRUCT_DEBUG		BIT(31)
#define SEAM_SIGSTRUCT_VENDOR_INTEL	0x8086
#define SEAM_SIGSTRUCT_SIZE_DWORDS	0x200
#define SEAM_SIGSTRUCT_KEY_DWORDS	0x60
#define SEAM_SIGSTRUCT_EXPONENT_DWORDS	1
#define SEAM_SIGSTRUCT_EXPONENT		0x10001
#define SEAM_SIGSTRUCT_MAX_CPUIDS	255
#define SEAM_SIGSTRUCT_BYTES		2048
#define SEAM_SIGSTRUCT_KEY_BYTES	384
/*
 * The RSA signature covers bytes 0..127 and 900..2047: everything but the
 * modulus, the exponent and the signature itself.
 */
#define SEAM_SIGSTRUCT_SIGNED_HEAD	128
#define SEAM_SIGSTRUCT_SIGNED_TAIL	900
/* CPUID.1.EAX with the stepping, bits 3:0, masked. */
#define SEAM_CPUID_STEPPING_MASK	0xFU

/**
 * struct seam_sigstruct - The SEAM module signature structure
 * @header_type:		SEAM_SIGSTRUCT_HEADER_TYPE.
 * @header_length:		SEAM_SIGSTRUCT_HEADER_LENGTH, in dwords.
 * @header_version:		SEAM_SIGSTRUCT_HEADER_VERSION.
 * @module_type:		SEAM_SIGSTRUCT_DEBUG or 0; bits 30:0 are zero.
 * @module_vendor:		SEAM_SIGSTRUCT_VENDOR_INTEL.
 * @date:			BCD date, e.g. 0x20231008.
 * @size:			SEAM_SIGSTRUCT_SIZE_DWORDS.
 * @key_size:			SEAM_SIGSTRUCT_KEY_DWORDS.
 * @modulus_size:		SEAM_SIGSTRUCT_KEY_DWORDS.
 * @exponent_size:		SEAM_SIGSTRUCT_EXPONENT_DWORDS.
 * @reserved0:			Zero.
 * @modulus:			RSA-3072 modulus of the signer.
 * @exponent:			SEAM_SIGSTRUCT_EXPONENT.
 * @signature:			RSA-3072 signature.
 * @seamhash:			SHA-384 of the module pages.
 * @seamsvn_minor:		Minor security version.
 * @seamsvn_major:		Major security version.
 * @attributes:			Zero.
 * @rip_offset:			Entry point.
 * @num_stack_pages:		Stack pages per LP.
 * @num_tls_pages:		TLS pages per LP.
 * @num_keyhole_pages:		Keyhole pages.
 * @num_global_data_pages:	Global data pages.
 * @max_tdmrs:			TDMRs supported.
 * @max_rsvd_per_tdmr:		Reserved areas per TDMR.
 * @pamt_entry_size_4k:		PAMT entry sizes.
 * @pamt_entry_size_2m:		PAMT entry sizes.
 * @pamt_entry_size_1g:		PAMT entry sizes.
 * @reserved1:			Zero.
 * @module_hv:			Highest handoff version the module accepts.
 * @min_update_hv:		Lowest handoff version it accepts.
 * @no_downgrade:		The module refuses a lower handoff version.
 * @reserved2:			Zero.
 * @num_handoff_pages:		Handoff pages, minus one.
 * @gdt_idt_offset:		4 KiB aligned; 0 together with the next.
 * @fault_wrapper_offset:	0 together with @gdt_idt_offset.
 * @reserved3:			Zero for the 1.5 P-SEAMLDR; signed data, which
 *				looks like the module version, in the
 *				published 2.0 sigstructs.
 * @cpuid_table_size:		Entries used in @cpuid_table.
 * @cpuid_table:		CPUID.1.EAX values, stepping masked.
 */
struct seam_sigstruct {
	u32	header_type;
	u32	header_length;
	u32	header_version;
	u32	module_type;
	u32	module_vendor;
	u32	date;
	u32	size;
	u32	key_size;
	u32	modulus_size;
	u32	exponent_size;
	u8	reserved0[88];
	u8	modulus[SEAM_SIGSTRUCT_KEY_BYTES];
	u32	exponent;
	u8	signature[SEAM_SIGSTRUCT_KEY_BYTES];
	u8	seamhash[48];
	u8	seamsvn_minor;
	u8	seamsvn_major;
	u64	attributes;
	u32	rip_offset;
	u8	num_stack_pages;
	u8	num_tls_pages;
	u16	num_keyhole_pages;
	u16	num_global_data_pages;
	u16	max_tdmrs;
	u16	max_rsvd_per_tdmr;
	u16	pamt_entry_size_4k;
	u16	pamt_entry_size_2m;
	u16	pamt_entry_size_1g;
	u8	reserved1[6];
	u16	module_hv;
	u16	min_update_hv;
	u8	no_downgrade;
	u8	reserved2;
	u16	num_handoff_pages;
	u32	gdt_idt_offset;
	u32	fault_wrapper_offset;
	u8	reserved3[24];
	u32	cpuid_table_size;
	u32	cpuid_table[SEAM_SIGSTRUCT_MAX_CPUIDS];
} __packed;
static_assert(sizeof(struct seam_sigstruct) == SEAM_SIGSTRUCT_BYTES);
static_assert(offsetof(struct seam_sigstruct, modulus) == SEAM_SIGSTRUCT_SIGNED_HEAD);
static_assert(offsetof(struct seam_sigstruct, seamhash) == SEAM_SIGSTRUCT_SIGNED_TAIL);

/**
 * enum seam_loader_gen - The P-SEAMLDR generations whose rules differ
 * @SEAM_LOADER_UNKNOWN:	A loader whose rules are not known: only the
 *				layout's own rules are checked.
 * @SEAM_LOADER_1_5:		P-SEAMLDR 1.x, whose source is public.
 * @SEAM_LOADER_2_0:		P-SEAMLDR 2.x.
 */
enum seam_loader_gen {
	SEAM_LOADER_UNKNOWN,
	SEAM_LOADER_1_5,
	SEAM_LOADER_2_0,
};

/**
 * seam_loader_gen() - The generation of a P-SEAMLDR
 * @major:	Its major version, from SEAMLDR.INFO.
 *
 * Return: The generation.
 */
static inline enum seam_loader_gen seam_loader_gen(u16 major)
{
	return major == 1 ? SEAM_LOADER_1_5 :
	       major == 2 ? SEAM_LOADER_2_0 : SEAM_LOADER_UNKNOWN;
}

/**
 * struct seam_tdx_image - What the parser found in a valid image
 * @format:		SEAM_TDX_BLOB_V1 or SEAM_TDX_BLOB_V2.
 * @sigstruct_offset:	Offset of the sigstruct page; 4 KiB aligned.
 * @module_offset:	Offset of the first module page; 4 KiB aligned.
 * @module_nr_pages:	Module pages, 1 to SEAM_TDX_MODULE_MAX_PAGES.
 * @sigstruct:		The sigstruct, inside the buffer.
 * @module:		The first module page, inside the buffer.
 */
struct seam_tdx_image {
	u16				format;
	size_t				sigstruct_offset;
	size_t				module_offset;
	u32				module_nr_pages;
	const struct seam_sigstruct	*sigstruct;
	const u8			*module;
};

/**
 * struct seam_tdx_image_error - Why an image was refused
 * @reason:	One line for the kernel log.
 * @bad_size:	The image is truncated or oversized, rather than malformed.
 */
struct seam_tdx_image_error {
	const char	*reason;
	bool		bad_size;
};

/**
 * seam_tdx_word_sum() - The 16-bit little-endian word sum of a buffer
 * @buf:	The buffer.
 * @size:	Its size; a trailing odd byte is ignored.
 *
 * A v1 image is valid only if this is 0 over the whole image.
 *
 * Return: The sum, modulo 2^16.
 */
static inline u16 seam_tdx_word_sum(const void *buf, size_t size)
{
	const u8 *p = buf;
	u16 sum = 0;
	size_t i;

	for (i = 0; i + 1 < size; i += 2)
		sum += p[i] | (p[i + 1] << 8);
	return sum;
}

/**
 * seam_handoff_negotiate() - The handoff version an update would use
 * @old_min:		The running module's min_update_hv.
 * @old_max:		The running module's module_hv.
 * @old_no_downgrade:	The running module's no_downgrade.
 * @new_min:		The new module's min_update_hv (its sigstruct).
 * @new_max:		The new module's module_hv (its sigstruct).
 * @hv:			Set to the version chosen.
 *
 * The running module writes any version in its min_update_hv..module_hv
 * at TDH.SYS.SHUTDOWN, and only its module_hv when no_downgrade is set;
 * P-SEAMLDR and TDH.SYS.UPDATE accept only versions in the new module's
 * min_update_hv..module_hv (seam-interface.md, from the TDX module's
 * tdh_sys_shutdown.c and tdh_sys_update.c and P-SEAMLDR's
 * seamldr_install.c).  Mainline always asks for the running module's
 * module_hv; a newer module that no longer reads it would then be lost
 * after the shutdown.  Shared with seamctl, which applies it to the
 * sigstructs of the running and the new release.
 *
 * Return: true, with the highest version in both ranges in @hv, or false
 * if there is none.
 */
static inline bool seam_handoff_negotiate(u16 old_min, u16 old_max, bool old_no_downgrade,
					  u16 new_min, u16 new_max, u16 *hv)
{
	u16 hi = old_max < new_max ? old_max : new_max;
	u16 lo = old_min > new_min ? old_min : new_min;

	if (old_no_downgrade && old_max > lo)
		lo = old_max;
	if (hi < lo)
		return false;
	*hv = hi;
	return true;
}

int seam_tdx_image_parse(const void *buf, size_t size,
			 struct seam_tdx_image *img,
			 struct seam_tdx_image_error *why);
int seam_sigstruct_check(const struct seam_sigstruct *sig, u32 module_nr_pages,
			 enum seam_loader_gen loader, const char **reason);

#endif /* _SEAM_TDX_IMAGE_H */
