// SPDX-License-Identifier: GPL-2.0
/*
 * The RSA self-check of a sigstruct.
 *
 * A sigstruct carries the RSA-3072 modulus, exponent and signature of its
 * signer, little-endian; the signature is PKCS#1 v1.5 with SHA-384 over
 * sigstruct bytes 0..127 followed by 900..2047 (P-SEAMLDR 1.5 source,
 * seamldr_install.c; every published 1.5 and 2.0 sigstruct verifies so).
 * Checking it against the sigstruct's own key does not prove who signed
 * the image, which is P-SEAMLDR's job with the signer-key hash, but a
 * damaged image, one flipped byte of signature among them, is refused
 * before TDH.SYS.SHUTDOWN instead of failing in P-SEAMLDR after it.
 */

#include <linux/slab.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <crypto/sig.h>

#include "image.h"
#include "update.h"

/* DER: SEQUENCE { INTEGER n, INTEGER e }, n with a leading zero byte. */
#define SEAM_RSA_INT_N_LEN	(SEAM_SIGSTRUCT_KEY_BYTES + 1)
#define SEAM_RSA_SEQ_LEN	(4 + SEAM_RSA_INT_N_LEN + 5)
#define SEAM_RSA_KEY_LEN	(4 + SEAM_RSA_SEQ_LEN)

static void seam_reverse(u8 *dst, const u8 *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[len - 1 - i];
}

/* The RSAPublicKey the crypto API takes, from the little-endian fields. */
static void seam_sigstruct_pubkey(const struct seam_sigstruct *sig, u8 *key)
{
	u8 *p = key;

	*p++ = 0x30;				/* SEQUENCE */
	*p++ = 0x82;
	*p++ = SEAM_RSA_SEQ_LEN >> 8;
	*p++ = SEAM_RSA_SEQ_LEN & 0xff;
	*p++ = 0x02;				/* INTEGER n */
	*p++ = 0x82;
	*p++ = SEAM_RSA_INT_N_LEN >> 8;
	*p++ = SEAM_RSA_INT_N_LEN & 0xff;
	*p++ = 0;
	seam_reverse(p, sig->modulus, SEAM_SIGSTRUCT_KEY_BYTES);
	p += SEAM_SIGSTRUCT_KEY_BYTES;
	*p++ = 0x02;				/* INTEGER e */
	*p++ = 3;
	*p++ = (sig->exponent >> 16) & 0xff;
	*p++ = (sig->exponent >> 8) & 0xff;
	*p++ = sig->exponent & 0xff;
}

/**
 * seam_sigstruct_digest() - SHA-384 of the signed part of a sigstruct
 * @sig:	The sigstruct.
 * @digest:	SHA384_DIGEST_SIZE bytes.
 *
 * Context: Any context.
 */
static void seam_sigstruct_digest(const struct seam_sigstruct *sig, u8 *digest)
{
	const u8 *p = (const u8 *)sig;
	struct sha384_ctx ctx;

	sha384_init(&ctx);
	sha384_update(&ctx, p, SEAM_SIGSTRUCT_SIGNED_HEAD);
	sha384_update(&ctx, p + SEAM_SIGSTRUCT_SIGNED_TAIL,
		      SEAM_SIGSTRUCT_BYTES - SEAM_SIGSTRUCT_SIGNED_TAIL);
	sha384_final(&ctx, digest);
}

/**
 * seam_sigstruct_verify() - Check a sigstruct's signature against its own key
 * @sig:	The sigstruct; its exponent was checked to be 0x10001.
 * @reason:	Set to a one-line reason on failure.
 *
 * Context: Process context; allocates.
 * Return: 0, -EKEYREJECTED if the signature does not verify, or the crypto
 * API's errno if it could not be checked.
 */
int seam_sigstruct_verify(const struct seam_sigstruct *sig, const char **reason)
{
	u8 digest[SHA384_DIGEST_SIZE];
	struct crypto_sig *tfm;
	u8 *buf;
	int err;

	buf = kmalloc(SEAM_RSA_KEY_LEN + SEAM_SIGSTRUCT_KEY_BYTES, GFP_KERNEL);
	if (!buf) {
		*reason = "out of memory";
		return -ENOMEM;
	}
	tfm = crypto_alloc_sig("pkcs1(rsa,sha384)", 0, 0);
	if (IS_ERR(tfm)) {
		kfree(buf);
		*reason = "no RSA with PKCS#1 v1.5 and SHA-384 in the crypto API";
		return PTR_ERR(tfm);
	}

	seam_sigstruct_pubkey(sig, buf);
	seam_reverse(buf + SEAM_RSA_KEY_LEN, sig->signature, SEAM_SIGSTRUCT_KEY_BYTES);
	seam_sigstruct_digest(sig, digest);
	err = crypto_sig_set_pubkey(tfm, buf, SEAM_RSA_KEY_LEN);
	if (err) {
		*reason = "sigstruct: its RSA key cannot be used";
		err = -EKEYREJECTED;
	} else if (crypto_sig_verify(tfm, buf + SEAM_RSA_KEY_LEN, SEAM_SIGSTRUCT_KEY_BYTES,
				     digest, sizeof(digest))) {
		*reason = "sigstruct: RSA signature does not verify against its own key";
		err = -EKEYREJECTED;
	}
	crypto_free_sig(tfm);
	kfree(buf);
	return err;
}
