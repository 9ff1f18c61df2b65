// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated P-SEAMLDR's manifest check: the sigstruct's fields and its
 * RSA-3072 signature.
 *
 * Written from P-SEAMLDR 1.5 (sslab-gatech/seam-loader, seam_sigstruct.h
 * and seamldr_install.c, as Documentation/arch/x86/seam-emulator.rst
 * lists), never from the update client's checks: a mistake the two
 * shared could not fail a test.  The RSA arithmetic is its own as well,
 * a Montgomery exponentiation that needs no allocation, since it runs
 * like firmware with the emulator's raw lock held and interrupts off.
 *
 * No P-SEAMLDR 2.0 source is public.  An emulated 2.x loader applies the
 * 1.5 rules except the one that every published 2.0 sigstruct breaks on
 * purpose: reserved3 holds signed data there.
 */

#include <linux/stddef.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <asm/seam_emu.h>

#include "../tdx/image.h"
#include "../tdx/seamldr.h"
#include "emu.h"

#define LIMBS	(SEAM_SIGSTRUCT_KEY_BYTES / sizeof(u32))

/* Big numbers, least significant limb first, as a sigstruct stores them. */
struct seam_emu_rsa {
	u32	n[LIMBS];
	u32	r2[LIMBS];
	u32	s[LIMBS];
	u32	sr[LIMBS];
	u32	x[LIMBS];
	u32	one[LIMBS];
	u32	t[LIMBS + 2];
};

/* Scratch space, used with seam_emu.lock held. */
static struct seam_emu_rsa seam_emu_rsa;

/* RFC 8017: the DER DigestInfo prefix of a SHA-384 digest. */
static const u8 seam_emu_sha384_prefix[] = {
	0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
	0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
};

static int seam_emu_bn_cmp(const u32 *a, const u32 *b)
{
	int i;

	for (i = LIMBS - 1; i >= 0; i--)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/* a -= b; returns the borrow. */
static u32 seam_emu_bn_sub(u32 *a, const u32 *b)
{
	u64 borrow = 0;
	unsigned int i;

	for (i = 0; i < LIMBS; i++) {
		u64 d = (u64)a[i] - b[i] - borrow;

		a[i] = d;
		borrow = d >> 63;
	}
	return borrow;
}

/* r = a * b / 2^3072 mod n, n odd; the CIOS method. */
static void seam_emu_mont_mul(struct seam_emu_rsa *k, u32 *r, const u32 *a,
			      const u32 *b, u32 n0inv)
{
	unsigned int i, j;
	u64 c;
	u32 m;

	memset(k->t, 0, sizeof(k->t));
	for (i = 0; i < LIMBS; i++) {
		for (c = 0, j = 0; j < LIMBS; j++) {
			c += (u64)a[j] * b[i] + k->t[j];
			k->t[j] = c;
			c >>= 32;
		}
		c += k->t[LIMBS];
		k->t[LIMBS] = c;
		k->t[LIMBS + 1] = c >> 32;

		m = k->t[0] * n0inv;
		c = ((u64)m * k->n[0] + k->t[0]) >> 32;
		for (j = 1; j < LIMBS; j++) {
			c += (u64)m * k->n[j] + k->t[j];
			k->t[j - 1] = c;
			c >>= 32;
		}
		c += k->t[LIMBS];
		k->t[LIMBS - 1] = c;
		k->t[LIMBS] = k->t[LIMBS + 1] + (u32)(c >> 32);
	}
	if (k->t[LIMBS] || seam_emu_bn_cmp(k->t, k->n) >= 0)
		seam_emu_bn_sub(k->t, k->n);
	memcpy(r, k->t, sizeof(u32) * LIMBS);
}

/* 2^6144 mod n, by doubling 1 modulo n. */
static void seam_emu_r2(struct seam_emu_rsa *k)
{
	unsigned int i, j;
	u32 carry;

	memset(k->r2, 0, sizeof(k->r2));
	k->r2[0] = 1;
	for (i = 0; i < 2 * 32 * LIMBS; i++) {
		for (carry = 0, j = 0; j < LIMBS; j++) {
			u32 top = k->r2[j] >> 31;

			k->r2[j] = k->r2[j] << 1 | carry;
			carry = top;
		}
		if (carry || seam_emu_bn_cmp(k->r2, k->n) >= 0)
			seam_emu_bn_sub(k->r2, k->n);
	}
}

/* x = s^65537 mod n: sixteen squarings and one multiplication. */
static void seam_emu_rsa_public(struct seam_emu_rsa *k)
{
	u32 n0inv = 1;
	int i;

	/* Newton's iteration for n[0]^-1 mod 2^32, then negated. */
	for (i = 0; i < 5; i++)
		n0inv *= 2 - k->n[0] * n0inv;
	n0inv = -n0inv;

	seam_emu_r2(k);
	seam_emu_mont_mul(k, k->sr, k->s, k->r2, n0inv);
	memcpy(k->x, k->sr, sizeof(k->x));
	for (i = 0; i < 16; i++)
		seam_emu_mont_mul(k, k->x, k->x, k->x, n0inv);
	seam_emu_mont_mul(k, k->x, k->x, k->sr, n0inv);
	memset(k->one, 0, sizeof(k->one));
	k->one[0] = 1;
	seam_emu_mont_mul(k, k->x, k->x, k->one, n0inv);
}

/* The big-endian byte @i of a 3072-bit number stored little-endian. */
static u8 seam_emu_be_byte(const u32 *x, unsigned int i)
{
	return ((const u8 *)x)[SEAM_SIGSTRUCT_KEY_BYTES - 1 - i];
}

/* Does s^e mod n encode, as EMSA-PKCS1-v1_5, this SHA-384 digest? */
static bool seam_emu_rsa_verify(const struct seam_sigstruct *sig, const u8 *digest)
{
	struct seam_emu_rsa *k = &seam_emu_rsa;
	unsigned int i, ps_end, len = SEAM_SIGSTRUCT_KEY_BYTES;

	memcpy(k->n, sig->modulus, sizeof(k->n));
	memcpy(k->s, sig->signature, sizeof(k->s));
	if (!(k->n[0] & 1) || seam_emu_bn_cmp(k->s, k->n) >= 0)
		return false;
	seam_emu_rsa_public(k);

	ps_end = len - SHA384_DIGEST_SIZE - sizeof(seam_emu_sha384_prefix) - 1;
	if (seam_emu_be_byte(k->x, 0) != 0 || seam_emu_be_byte(k->x, 1) != 1 ||
	    seam_emu_be_byte(k->x, ps_end) != 0)
		return false;
	for (i = 2; i < ps_end; i++)
		if (seam_emu_be_byte(k->x, i) != 0xff)
			return false;
	for (i = 0; i < sizeof(seam_emu_sha384_prefix); i++)
		if (seam_emu_be_byte(k->x, ps_end + 1 + i) != seam_emu_sha384_prefix[i])
			return false;
	for (i = 0; i < SHA384_DIGEST_SIZE; i++)
		if (seam_emu_be_byte(k->x, len - SHA384_DIGEST_SIZE + i) != digest[i])
			return false;
	return true;
}

/*
 * The key hash of the emulated P-SEAMLDR, in place of Intel's: SHA-384 of
 * the modulus of the test key that signs the tests' images
 * (tdx/tests/signing_key.c), as a sigstruct holds it.
 */
const u8 seam_emu_key_hash[SHA384_DIGEST_SIZE] = {
	0xda, 0x4b, 0x17, 0x79, 0x71, 0x4d, 0xee, 0x38, 0x6a, 0xe0, 0x71, 0xdb,
	0x9d, 0x4f, 0x93, 0x36, 0x58, 0x72, 0x3f, 0xd6, 0x2d, 0x8e, 0xb3, 0x83,
	0x9d, 0x2f, 0xc7, 0x6f, 0x44, 0xad, 0x71, 0x72, 0x90, 0xac, 0xa4, 0xfa,
	0x96, 0x7c, 0x1a, 0x8c, 0x2d, 0x8c, 0x13, 0xd8, 0x48, 0xc5, 0x90, 0xa1,
};

/* SHA-384 of sigstruct bytes 0..127 and 900..2047. */
static void seam_emu_sigstruct_digest(const struct seam_sigstruct *sig, u8 *digest)
{
	const u8 *p = (const u8 *)sig;
	size_t head = offsetof(struct seam_sigstruct, modulus);
	size_t tail = offsetof(struct seam_sigstruct, seamhash);
	struct sha384_ctx ctx;

	sha384_init(&ctx);
	sha384_update(&ctx, p, head);
	sha384_update(&ctx, p + tail, sizeof(*sig) - tail);
	sha384_final(&ctx, digest);
}

/* The field checks, in the order of P-SEAMLDR 1.5's manifest check. */
static bool seam_emu_sigstruct_fields_ok(const struct seam_sigstruct *sig, u64 pages)
{
	u64 module_bytes = pages * SEAM_TDX_PAGE_SIZE;
	bool v2 = seam_emu.seamldr.major >= 2;

	if (sig->header_type != SEAM_SIGSTRUCT_HEADER_TYPE ||
	    sig->header_length != SEAM_SIGSTRUCT_HEADER_LENGTH ||
	    sig->header_version != SEAM_SIGSTRUCT_HEADER_VERSION ||
	    sig->module_type & ~SEAM_SIGSTRUCT_DEBUG ||
	    sig->module_vendor != SEAM_SIGSTRUCT_VENDOR_INTEL ||
	    sig->size != SEAM_SIGSTRUCT_SIZE_DWORDS ||
	    sig->key_size != SEAM_SIGSTRUCT_KEY_DWORDS ||
	    sig->modulus_size != SEAM_SIGSTRUCT_KEY_DWORDS ||
	    sig->exponent_size != SEAM_SIGSTRUCT_EXPONENT_DWORDS ||
	    sig->exponent != SEAM_SIGSTRUCT_EXPONENT)
		return false;
	if (memchr_inv(sig->reserved0, 0, sizeof(sig->reserved0)) || sig->attributes ||
	    memchr_inv(sig->reserved1, 0, sizeof(sig->reserved1)) || sig->reserved2 ||
	    (!v2 && memchr_inv(sig->reserved3, 0, sizeof(sig->reserved3))))
		return false;
	if (sig->min_update_hv > sig->module_hv)
		return false;
	if (!sig->gdt_idt_offset != !sig->fault_wrapper_offset ||
	    sig->gdt_idt_offset & (SEAM_TDX_PAGE_SIZE - 1) ||
	    sig->gdt_idt_offset >= module_bytes || sig->fault_wrapper_offset >= module_bytes)
		return false;
	if (sig->cpuid_table_size > SEAM_SIGSTRUCT_MAX_CPUIDS ||
	    (!sig->cpuid_table_size && !(sig->module_type & SEAM_SIGSTRUCT_DEBUG)))
		return false;
	return true;
}

/**
 * seam_emu_sigstruct_check() - P-SEAMLDR's manifest check of a sigstruct
 * @sig:	The sigstruct, as copied by P-SEAMLDR.
 * @pages:	The module's pages, from the params.
 *
 * As P-SEAMLDR 1.5's verify_manifest(): the fields, then the signer (the
 * SHA-384 of the modulus must be the key hash P-SEAMLDR holds, here the
 * test key's, seam_emu_key_hash), then the RSA signature.
 *
 * Context: seam_emu.lock held.
 * Return: 0, or SEAMLDR_EBADSIG.
 */
u64 seam_emu_sigstruct_check(const struct seam_sigstruct *sig, u64 pages)
{
	u8 digest[SHA384_DIGEST_SIZE];

	if (!seam_emu_sigstruct_fields_ok(sig, pages))
		return SEAMLDR_EBADSIG;
	sha384(sig->modulus, sizeof(sig->modulus), digest);
	if (memcmp(digest, seam_emu_key_hash, sizeof(digest)))
		return SEAMLDR_EBADSIG;
	seam_emu_sigstruct_digest(sig, digest);
	return seam_emu_rsa_verify(sig, digest) ? 0 : SEAMLDR_EBADSIG;
}
