// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module image parsing.
 *
 * Pure functions: no SEAMCALL, no allocation, no logging.  Every length and
 * offset read from an image is checked against the buffer before it is
 * used, with overflow-checked arithmetic.  The same source builds in
 * userspace for the fuzzer.
 */

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "image.h"

static int seam_image_refuse(struct seam_tdx_image_error *why,
			     const char *reason, bool bad_size)
{
	why->reason = reason;
	why->bad_size = bad_size;
	return -EINVAL;
}

static int seam_image_parse_v2(const u8 *p, size_t size,
			       struct seam_tdx_image *img,
			       struct seam_tdx_image_error *why)
{
	const struct seam_tdx_blob_v2 *h = (const void *)p;
	size_t pages, total;

	if (memcmp(h->magic, SEAM_TDX_BLOB_MAGIC, SEAM_TDX_BLOB_MAGIC_LEN))
		return seam_image_refuse(why, "v2: bad magic", false);
	if (h->sigstruct_nr_pages != SEAM_TDX_SIGSTRUCT_MAX_PAGES)
		return seam_image_refuse(why, "v2: sigstruct must be exactly one page", false);
	if (!h->module_nr_pages)
		return seam_image_refuse(why, "v2: no module pages", false);
	if (h->module_nr_pages > SEAM_TDX_MODULE_MAX_PAGES)
		return seam_image_refuse(why, "v2: module larger than 496 pages", true);
	if (memchr_inv(h->reserved, 0, sizeof(h->reserved)))
		return seam_image_refuse(why, "v2: reserved header bytes not zero", false);

	if (check_add_overflow((size_t)1 + h->sigstruct_nr_pages,
			       (size_t)h->module_nr_pages, &pages) ||
	    check_mul_overflow(pages, (size_t)SEAM_TDX_PAGE_SIZE, &total))
		return seam_image_refuse(why, "v2: page counts overflow", true);
	if (size < total)
		return seam_image_refuse(why, "v2: image truncated", true);
	if (size > total)
		return seam_image_refuse(why, "v2: image longer than its header says", true);

	img->sigstruct_offset = SEAM_TDX_PAGE_SIZE;
	img->module_offset = SEAM_TDX_PAGE_SIZE * (1 + h->sigstruct_nr_pages);
	img->module_nr_pages = h->module_nr_pages;
	return 0;
}

static int seam_image_parse_v1(const u8 *p, size_t size,
			       struct seam_tdx_image *img,
			       struct seam_tdx_image_error *why)
{
	const struct seam_tdx_blob_v1 *h = (const void *)p;
	size_t pad_start = SEAM_TDX_V1_SIGSTRUCT_OFFSET + SEAM_SIGSTRUCT_BYTES;
	size_t module_bytes;

	if (memcmp(h->magic, SEAM_TDX_BLOB_MAGIC, SEAM_TDX_BLOB_MAGIC_LEN))
		return seam_image_refuse(why, "v1: bad magic", false);
	if (h->length != size)
		return seam_image_refuse(why, "v1: length field is not the image size", true);
	if (h->reserved0 || memchr_inv(h->reserved1, 0, sizeof(h->reserved1)))
		return seam_image_refuse(why, "v1: reserved header bytes not zero", false);
	if (h->module_offset % SEAM_TDX_PAGE_SIZE ||
	    h->module_offset < SEAM_TDX_V1_MIN_MODULE_OFFSET)
		return seam_image_refuse(why, "v1: module offset unaligned or below 8 KiB", false);
	if (h->module_offset >= size)
		return seam_image_refuse(why, "v1: image truncated before the module", true);

	module_bytes = size - h->module_offset;
	if (module_bytes % SEAM_TDX_PAGE_SIZE)
		return seam_image_refuse(why, "v1: module is not a whole number of pages", true);
	if (module_bytes / SEAM_TDX_PAGE_SIZE > SEAM_TDX_MODULE_MAX_PAGES)
		return seam_image_refuse(why, "v1: module larger than 496 pages", true);
	if (memchr_inv(p + pad_start, 0, h->module_offset - pad_start))
		return seam_image_refuse(why, "v1: padding after the sigstruct not zero", false);
	if (seam_tdx_word_sum(p, size))
		return seam_image_refuse(why, "v1: checksum mismatch", false);

	img->sigstruct_offset = SEAM_TDX_V1_SIGSTRUCT_OFFSET;
	img->module_offset = h->module_offset;
	img->module_nr_pages = module_bytes / SEAM_TDX_PAGE_SIZE;
	return 0;
}

/**
 * seam_tdx_image_parse() - Validate a TDX module image and describe it
 * @buf:	The image, as uploaded.
 * @size:	Its size in bytes.
 * @img:	Filled in on success.
 * @why:	Filled in on failure.
 *
 * Accepts the 0x100 format Intel publishes and the 0x200 format mainline
 * Linux accepts, with exact size rules: one sigstruct page, 1 to 496
 * module pages, no trailing bytes and zero reserved bytes.
 *
 * Context: Any context; pure.
 * Return: 0, or -EINVAL with @why saying what is wrong.
 */
int seam_tdx_image_parse(const void *buf, size_t size,
			 struct seam_tdx_image *img,
			 struct seam_tdx_image_error *why)
{
	const struct seam_tdx_blob_v2 *h = buf;
	const u8 *p = buf;
	int err;

	/* Header, sigstruct page and one module page at the least. */
	if (!buf || size < 3 * SEAM_TDX_PAGE_SIZE)
		return seam_image_refuse(why, "image shorter than three pages", true);
	if (size % SEAM_TDX_PAGE_SIZE)
		return seam_image_refuse(why, "image size not a multiple of 4 KiB", true);

	/* Both formats start with the version; the magic moves. */
	if (h->version == SEAM_TDX_BLOB_V2)
		err = seam_image_parse_v2(p, size, img, why);
	else if (h->version == SEAM_TDX_BLOB_V1)
		err = seam_image_parse_v1(p, size, img, why);
	else
		return seam_image_refuse(why, "unknown image version", false);
	if (err)
		return err;

	img->format = h->version;
	img->sigstruct = (const void *)(p + img->sigstruct_offset);
	img->module = p + img->module_offset;
	return 0;
}

/**
 * seam_sigstruct_check() - Check the sigstruct as the running P-SEAMLDR will
 * @sig:		The sigstruct.
 * @module_nr_pages:	Size of the module it signs, in pages.
 * @loader:		The running P-SEAMLDR's generation.
 * @reason:		Set to a one-line reason on failure.
 *
 * Applies the field rules that @loader enforces with EBADSIG, and that
 * depend on nothing but the sigstruct and the image; a rule of another
 * generation is left to P-SEAMLDR.  The RSA signature is checked apart,
 * by the caller.
 *
 * Documentation/arch/x86/seam-tdx-update.rst has the rules with their
 * sources: the 1.5 rules are those of the P-SEAMLDR 1.5 source
 * (seam_sigstruct.h, seamldr_install.c).  No P-SEAMLDR 2.0 source is
 * public, so for 2.0, as for an unknown loader, only what every published
 * 2.0 sigstruct shows is checked, and the rest is left to P-SEAMLDR: the
 * 2.0 sigstructs carry signed data in reserved3, which 1.5 requires to be
 * zero.
 *
 * Context: Any context; pure.
 * Return: 0, or -EKEYREJECTED.
 */
int seam_sigstruct_check(const struct seam_sigstruct *sig, u32 module_nr_pages,
			 enum seam_loader_gen loader, const char **reason)
{
	u64 module_bytes = (u64)module_nr_pages * SEAM_TDX_PAGE_SIZE;

	/* Whatever the loader: what the RSA self-check and reading the table need. */
	if (sig->exponent != SEAM_SIGSTRUCT_EXPONENT)
		*reason = "sigstruct: exponent is not 0x10001";
	else if (sig->cpuid_table_size > SEAM_SIGSTRUCT_MAX_CPUIDS)
		*reason = "sigstruct: CPUID table larger than 255 entries";
	else if (loader != SEAM_LOADER_1_5)
		*reason = NULL;
	else if (sig->header_type != SEAM_SIGSTRUCT_HEADER_TYPE ||
		 sig->header_length != SEAM_SIGSTRUCT_HEADER_LENGTH ||
		 sig->header_version != SEAM_SIGSTRUCT_HEADER_VERSION)
		*reason = "sigstruct: bad header type, length or version";
	else if (sig->module_type & ~SEAM_SIGSTRUCT_DEBUG)
		*reason = "sigstruct: reserved module type bits set";
	else if (sig->module_vendor != SEAM_SIGSTRUCT_VENDOR_INTEL)
		*reason = "sigstruct: vendor is not Intel";
	else if (sig->size != SEAM_SIGSTRUCT_SIZE_DWORDS ||
		 sig->key_size != SEAM_SIGSTRUCT_KEY_DWORDS ||
		 sig->modulus_size != SEAM_SIGSTRUCT_KEY_DWORDS ||
		 sig->exponent_size != SEAM_SIGSTRUCT_EXPONENT_DWORDS)
		*reason = "sigstruct: bad size, key size or exponent size";
	else if (memchr_inv(sig->reserved0, 0, sizeof(sig->reserved0)) ||
		 memchr_inv(sig->reserved1, 0, sizeof(sig->reserved1)) ||
		 sig->reserved2 || sig->attributes)
		*reason = "sigstruct: reserved bytes or attributes not zero";
	else if (memchr_inv(sig->reserved3, 0, sizeof(sig->reserved3)))
		*reason = "sigstruct: reserved3 not zero, which P-SEAMLDR 1.x refuses";
	else if (!sig->cpuid_table_size && !(sig->module_type & SEAM_SIGSTRUCT_DEBUG))
		*reason = "sigstruct: production module with an empty CPUID table";
	else if (sig->min_update_hv > sig->module_hv)
		*reason = "sigstruct: min_update_hv above module_hv";
	else if (!sig->gdt_idt_offset != !sig->fault_wrapper_offset ||
		 sig->gdt_idt_offset % SEAM_TDX_PAGE_SIZE ||
		 sig->gdt_idt_offset >= module_bytes ||
		 sig->fault_wrapper_offset >= module_bytes)
		*reason = "sigstruct: GDT/IDT or fault wrapper offset unpaired or outside module";
	else
		*reason = NULL;
	return *reason ? -EKEYREJECTED : 0;
}
