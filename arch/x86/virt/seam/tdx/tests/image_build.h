/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Build TDX module images for tests.  Pure like image.c, so that the
 * userspace image tool and fuzzer seeds share it.
 */
#ifndef _SEAM_TDX_IMAGE_BUILD_H
#define _SEAM_TDX_IMAGE_BUILD_H

#include "../image.h"

/**
 * struct seam_tdx_image_spec - What to build
 * @format:		SEAM_TDX_BLOB_V1 or SEAM_TDX_BLOB_V2.
 * @module_nr_pages:	Module pages.
 * @module_offset:	v1 only: where the module starts; 0 for 8 KiB.
 * @sig:		The sigstruct to embed.
 */
struct seam_tdx_image_spec {
	u16				format;
	u32				module_nr_pages;
	u32				module_offset;
	const struct seam_sigstruct	*sig;
};

void seam_sigstruct_init(struct seam_sigstruct *sig);
size_t seam_tdx_image_size(const struct seam_tdx_image_spec *spec);
void seam_tdx_image_build(void *buf, const struct seam_tdx_image_spec *spec);
void seam_tdx_image_fix_checksum(void *buf, size_t size);

/**
 * seam_tdx_image_sane() - Check what every accepted image must satisfy
 * @buf:	The image buffer.
 * @size:	Its size.
 * @img:	What seam_tdx_image_parse() returned for it.
 *
 * The KUnit suite and the fuzzer check it of every image the parser accepts.
 *
 * Return: true if the descriptor lies entirely inside the buffer and obeys
 * the size rules.
 */
static inline bool seam_tdx_image_sane(const void *buf, size_t size,
				       const struct seam_tdx_image *img)
{
	const u8 *base = buf;
	size_t module_bytes = (size_t)img->module_nr_pages * SEAM_TDX_PAGE_SIZE;

	return (img->format == SEAM_TDX_BLOB_V1 || img->format == SEAM_TDX_BLOB_V2) &&
	       img->module_nr_pages >= 1 &&
	       img->module_nr_pages <= SEAM_TDX_MODULE_MAX_PAGES &&
	       !(img->sigstruct_offset % SEAM_TDX_PAGE_SIZE) &&
	       !(img->module_offset % SEAM_TDX_PAGE_SIZE) &&
	       img->sigstruct_offset >= SEAM_TDX_PAGE_SIZE &&
	       img->sigstruct_offset + SEAM_TDX_PAGE_SIZE <= img->module_offset &&
	       img->module_offset + module_bytes == size &&
	       (const u8 *)img->sigstruct == base + img->sigstruct_offset &&
	       img->module == base + img->module_offset;
}

#endif /* _SEAM_TDX_IMAGE_BUILD_H */
