/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RSA-3072 key that signs test images; see signing_key.c.  Pure, like
 * image_build.h: seam-mkimage builds it too.
 */
#ifndef _SEAM_TDX_SIGNING_KEY_H
#define _SEAM_TDX_SIGNING_KEY_H

#include <linux/types.h>

#include "../image.h"

#define SEAM_TEST_SIGNING_KEY_LEN	1768
#define SEAM_TEST_OTHER_KEY_LEN		1767

extern const u8 seam_test_signing_key[SEAM_TEST_SIGNING_KEY_LEN];
extern const u8 seam_test_signing_modulus[SEAM_SIGSTRUCT_KEY_BYTES];
extern const u8 seam_test_other_key[SEAM_TEST_OTHER_KEY_LEN];
extern const u8 seam_test_other_modulus[SEAM_SIGSTRUCT_KEY_BYTES];

#endif /* _SEAM_TDX_SIGNING_KEY_H */
