/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sign a test sigstruct with the test key, or with a key no P-SEAMLDR
 * accepts, through the kernel's crypto API.
 */
#ifndef _SEAM_TDX_IMAGE_SIGN_H
#define _SEAM_TDX_IMAGE_SIGN_H

#include "../image.h"

int seam_test_sign_sigstruct(struct seam_sigstruct *sig);
int seam_test_sign_sigstruct_other(struct seam_sigstruct *sig);

#endif /* _SEAM_TDX_IMAGE_SIGN_H */
