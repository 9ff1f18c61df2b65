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

#endif /* _SEAM_TDX_IMAGE_BUILD_H */
