// SPDX-License-Identifier: GPL-2.0
/*
 * Sign a test sigstruct as Intel signs a real one: the test key's modulus
 * and exponent in the sigstruct, little-endian, and an RSA-3072 PKCS#1
 * v1.5 signature over the SHA-384 of bytes 0..127 and 900..2047.  The
 * digest is computed here on its own, so that a wrong range in the code
 * under test cannot agree with it.
 */

#include <linux/export.h>
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <crypto/sig.h>

#include "image_sign.h"
#include "signing_key.h"

/* The signed ranges end to end: up to the modulus, and from seamhash on. */
#define HEAD	offsetof(struct seam_sigstruct, modulus)
#define TAIL	(sizeof(struct seam_sigstruct) - offsetof(struct seam_sigstruct, seamhash))

static int seam_test_sigstruct_sha384(const struct seam_sigstruct *sig, u8 *digest)
{
	u8 *signed_part;

	signed_part = kmalloc(HEAD + TAIL, GFP_KERNEL);
	if (!signed_part)
		return -ENOMEM;
	memcpy(signed_part, sig, HEAD);
	memcpy(signed_part + HEAD, sig->seamhash, TAIL);
	sha384(signed_part, HEAD + TAIL, digest);
	kfree(signed_part);
	return 0;
}

static int seam_test_sign(struct seam_sigstruct *sig, const u8 *key, unsigned int key_len,
			  const u8 *modulus)
{
	u8 digest[SHA384_DIGEST_SIZE], be[SEAM_SIGSTRUCT_KEY_BYTES];
	struct crypto_sig *tfm;
	int err, i;

	memcpy(sig->modulus, modulus, sizeof(sig->modulus));
	sig->exponent = SEAM_SIGSTRUCT_EXPONENT;
	err = seam_test_sigstruct_sha384(sig, digest);
	if (err)
		return err;

	tfm = crypto_alloc_sig("pkcs1(rsa,sha384)", 0, 0);
	if (IS_ERR(tfm))
		return PTR_ERR(tfm);
	err = crypto_sig_set_privkey(tfm, key, key_len);
	if (!err)
		err = crypto_sig_sign(tfm, digest, sizeof(digest), be, sizeof(be));
	crypto_free_sig(tfm);
	if (err < 0)
		return err;
	for (i = 0; i < SEAM_SIGSTRUCT_KEY_BYTES; i++)
		sig->signature[i] = be[SEAM_SIGSTRUCT_KEY_BYTES - 1 - i];
	return 0;
}

/**
 * seam_test_sign_sigstruct() - Sign a sigstruct with the test key
 * @sig:	The sigstruct; its modulus, exponent and signature are set.
 *
 * Context: Process context.
 * Return: 0, or the crypto API's errno.
 */
int seam_test_sign_sigstruct(struct seam_sigstruct *sig)
{
	return seam_test_sign(sig, seam_test_signing_key, sizeof(seam_test_signing_key),
			      seam_test_signing_modulus);
}

/**
 * seam_test_sign_sigstruct_other() - Sign a sigstruct with a key no P-SEAMLDR accepts
 * @sig:	The sigstruct; its modulus, exponent and signature are set.
 *
 * Context: Process context.
 * Return: 0, or the crypto API's errno.
 */
int seam_test_sign_sigstruct_other(struct seam_sigstruct *sig)
{
	return seam_test_sign(sig, seam_test_other_key, sizeof(seam_test_other_key),
			      seam_test_other_modulus);
}
