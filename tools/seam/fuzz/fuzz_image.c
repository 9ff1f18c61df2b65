// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the TDX module image parser.  It compiles the
 * kernel's arch/x86/virt/seam/tdx/image.c unchanged and checks, for every
 * input, that a refusal gives a reason and that an accepted image is
 * described consistently.
 *
 * A v1 image must have a zero word sum, which random mutations almost
 * never keep, so every input that looks like v1 is also parsed with its
 * checksum corrected: that lets the fuzzer reach the checks behind it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../../arch/x86/virt/seam/tdx/tests/image_build.h"

/* libFuzzer's entry point, LLVMFuzzerTestOneInput(). */
int seam_fuzz_one(const uint8_t *data, size_t size) __asm__("LLVMFuzzerTestOneInput");

static void check(const uint8_t *data, size_t size)
{
	struct seam_tdx_image_error why = { 0 };
	struct seam_tdx_image img;
	const char *reason;

	if (seam_tdx_image_parse(data, size, &img, &why)) {
		if (!why.reason)
			abort();
		return;
	}
	if (!seam_tdx_image_sane(data, size, &img))
		abort();
	if (seam_sigstruct_check(img.sigstruct, img.module_nr_pages, SEAM_LOADER_1_5, &reason) &&
	    !reason)
		abort();
}

int seam_fuzz_one(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	check(data, size);
	if (size < sizeof(struct seam_tdx_blob_v1) ||
	    ((const struct seam_tdx_blob_v1 *)data)->version != SEAM_TDX_BLOB_V1)
		return 0;

	copy = malloc(size);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	seam_tdx_image_fix_checksum(copy, size);
	check(copy, size);
	free(copy);
	return 0;
}
