// SPDX-License-Identifier: GPL-2.0
/*
 * Build TDX module images for tests; see image_build.h.
 */

#include <linux/export.h>
#include <linux/string.h>

#include "image_build.h"

/**
 * seam_sigstruct_init() - Fill in a sigstruct that passes every field check
 * @sig:	The sigstruct.
 *
 * Production, SVN 1.4, handoff versions 0, one CPUID entry (Sapphire
 * Rapids, 0x806F0); the hash, modulus and signature are left zero.
 */
void seam_sigstruct_init(struct seam_sigstruct *sig)
{
	memset(sig, 0, sizeof(*sig));
	sig->header_type = SEAM_SIGSTRUCT_HEADER_TYPE;
	sig->header_length = SEAM_SIGSTRUCT_HEADER_LENGTH;
	sig->header_version = SEAM_SIGSTRUCT_HEADER_VERSION;
	sig->module_vendor = SEAM_SIGSTRUCT_VENDOR_INTEL;
	sig->date = 0x20231008;
	sig->size = SEAM_SIGSTRUCT_SIZE_DWORDS;
	sig->key_size = SEAM_SIGSTRUCT_KEY_DWORDS;
	sig->modulus_size = SEAM_SIGSTRUCT_KEY_DWORDS;
	sig->exponent_size = SEAM_SIGSTRUCT_EXPONENT_DWORDS;
	sig->exponent = SEAM_SIGSTRUCT_EXPONENT;
	sig->seamsvn_major = 1;
	sig->seamsvn_minor = 4;
	sig->num_handoff_pages = 13;
	sig->cpuid_table_size = 1;
	sig->cpuid_table[0] = 0x806F0;
}

/**
 * seam_tdx_image_size() - Size of the image a spec describes
 * @spec:	The spec.
 *
 * Return: The size in bytes.
 */
size_t seam_tdx_image_size(const struct seam_tdx_image_spec *spec)
{
	size_t module = (size_t)spec->module_nr_pages * SEAM_TDX_PAGE_SIZE;

	if (spec->format == SEAM_TDX_BLOB_V1)
		return (spec->module_offset ?: SEAM_TDX_V1_MIN_MODULE_OFFSET) + module;
	return 2 * SEAM_TDX_PAGE_SIZE + module;
}

/**
 * seam_tdx_image_fix_checksum() - Make the word sum of a v1 image zero
 * @buf:	The image.
 * @size:	Its size.
 */
void seam_tdx_image_fix_checksum(void *buf, size_t size)
{
	struct seam_tdx_blob_v1 *h = buf;

	h->checksum = 0;
	h->checksum = -seam_tdx_word_sum(buf, size);
}

/**
 * seam_tdx_image_build() - Build an image
 * @buf:	At least seam_tdx_image_size(@spec) bytes.
 * @spec:	What to build.
 *
 * The module pages hold a position-dependent pattern.
 */
void seam_tdx_image_build(void *buf, const struct seam_tdx_image_spec *spec)
{
	size_t size = seam_tdx_image_size(spec), module_offset, i;
	u8 *p = buf;

	memset(buf, 0, size);
	if (spec->format == SEAM_TDX_BLOB_V1) {
		struct seam_tdx_blob_v1 *h = buf;

		module_offset = spec->module_offset ?: SEAM_TDX_V1_MIN_MODULE_OFFSET;
		h->version = SEAM_TDX_BLOB_V1;
		h->module_offset = module_offset;
		memcpy(h->magic, SEAM_TDX_BLOB_MAGIC, SEAM_TDX_BLOB_MAGIC_LEN);
		h->length = size;
	} else {
		struct seam_tdx_blob_v2 *h = buf;

		module_offset = 2 * SEAM_TDX_PAGE_SIZE;
		h->version = SEAM_TDX_BLOB_V2;
		memcpy(h->magic, SEAM_TDX_BLOB_MAGIC, SEAM_TDX_BLOB_MAGIC_LEN);
		h->sigstruct_nr_pages = 1;
		h->module_nr_pages = spec->module_nr_pages;
	}
	memcpy(p + SEAM_TDX_PAGE_SIZE, spec->sig, sizeof(*spec->sig));
	for (i = module_offset; i < size; i++)
		p[i] = (u8)(i * 31 + (i >> 12));
	if (spec->format == SEAM_TDX_BLOB_V1)
		seam_tdx_image_fix_checksum(buf, size);
}
