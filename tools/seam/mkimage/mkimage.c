// SPDX-License-Identifier: GPL-2.0
/*
 * Build TDX module images for the SEAM emulator: the real sigstruct and
 * blob layouts (the kernel's own definitions), the emulator's descriptor
 * at the start of the module, a SHA-384 seamhash, and an RSA-3072
 * PKCS#1 v1.5 signature with the test key, both from libcrypto.
 */

#include <cpuid.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "mkimage.h"
#include "tdx/tests/image_build.h"
#include "tdx/tests/signing_key.h"
#include "emu/descriptor.h"

const char * const mkimage_corruption_names[MKIMAGE_NR_CORRUPTIONS] = {
	[MKIMAGE_INTACT]	= "none",
	[MKIMAGE_BAD_HASH]	= "hash",
	[MKIMAGE_BAD_MAGIC]	= "magic",
	[MKIMAGE_BAD_CHECKSUM]	= "checksum",
	[MKIMAGE_TRUNCATED]	= "truncate",
	[MKIMAGE_OVERSIZED]	= "oversize",
	[MKIMAGE_BAD_SIGSTRUCT]	= "sigstruct",
	[MKIMAGE_BAD_FORMAT]	= "format",
	[MKIMAGE_BAD_SIGNATURE]	= "signature",
	[MKIMAGE_OTHER_SIGNER]	= "signer",
};

uint32_t mkimage_host_cpuid(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return 0;
	return eax & ~SEAM_CPUID_STEPPING_MASK;
}

/*
 * 1.5.20 for this CPU, the successor of the emulator's boot module 1.5.16:
 * SVN 1.11, handoff versions 0 as in every published sigstruct, and
 * 1.5.20's TDX_FEATURES0 from the published mapping_file.json.
 */
void mkimage_defaults(struct mkimage_options *o)
{
	memset(o, 0, sizeof(*o));
	o->format = SEAM_TDX_BLOB_V2;
	o->major = 1;
	o->minor = 5;
	o->update = 20;
	o->build_num = 800;
	o->build_date = 20250101;
	o->svn_major = 1;
	o->svn_minor = 11;
	o->features0 = 0x10326F3F0FBFULL;
	o->handoff_pages = 13;
	o->pages = 4;
	o->cpuids[0] = mkimage_host_cpuid();
	o->nr_cpuids = 1;
}

int mkimage_parse_version(const char *s, uint16_t *a, uint16_t *b, uint16_t *c)
{
	unsigned int x, y, z;
	char end;

	if (sscanf(s, "%u.%u.%u%c", &x, &y, &z, &end) != 3 ||
	    x > 0xffff || y > 0xffff || z > 0xffff)
		return -EINVAL;
	*a = x;
	*b = y;
	*c = z;
	return 0;
}

/* "host", or comma-separated CPUID.1.EAX values. */
int mkimage_parse_cpuids(const char *s, struct mkimage_options *o)
{
	char *copy, *tok, *save, *end;
	int err = 0;

	o->nr_cpuids = 0;
	copy = strdup(s);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned long v;

		if (o->nr_cpuids == SEAM_SIGSTRUCT_MAX_CPUIDS) {
			err = -E2BIG;
			break;
		}
		if (!strcmp(tok, "host")) {
			o->cpuids[o->nr_cpuids++] = mkimage_host_cpuid();
			continue;
		}
		errno = 0;
		v = strtoul(tok, &end, 16);
		if (errno || *end || end == tok || v > 0xffffffffUL) {
			err = -EINVAL;
			break;
		}
		o->cpuids[o->nr_cpuids++] = v;
	}
	free(copy);
	return err;
}

static void mkimage_sigstruct(const struct mkimage_options *o, struct seam_sigstruct *sig)
{
	seam_sigstruct_init(sig);
	sig->seamsvn_major = o->svn_major;
	sig->seamsvn_minor = o->svn_minor;
	sig->module_hv = o->module_hv;
	sig->min_update_hv = o->min_update_hv;
	sig->no_downgrade = o->no_downgrade;
	sig->num_handoff_pages = o->handoff_pages;
	sig->module_type = o->debug ? SEAM_SIGSTRUCT_DEBUG : 0;
	sig->cpuid_table_size = o->nr_cpuids;
	memcpy(sig->cpuid_table, o->cpuids, o->nr_cpuids * sizeof(o->cpuids[0]));
	/* Signed as it is: the header rule refuses it, not the signature. */
	if (o->corrupt == MKIMAGE_BAD_SIGSTRUCT)
		sig->header_type = 7;
	if (o->version_in_sigstruct) {
		/* Where the published 2.0 sigstructs appear to keep it. */
		sig->reserved3[0] = o->update & 0xff;
		sig->reserved3[1] = o->update >> 8;
		sig->reserved3[2] = o->minor;
		sig->reserved3[3] = o->major;
		sig->reserved3[4] = o->build_num & 0xff;
		sig->reserved3[5] = o->build_num >> 8;
	}
}

EVP_PKEY *mkimage_key(bool other)
{
	const unsigned char *der = other ? seam_test_other_key : seam_test_signing_key;
	size_t len = other ? sizeof(seam_test_other_key) : sizeof(seam_test_signing_key);
	OSSL_DECODER_CTX *dctx;
	EVP_PKEY *key = NULL;

	dctx = OSSL_DECODER_CTX_new_for_pkey(&key, "DER", NULL, "RSA", EVP_PKEY_KEYPAIR,
					     NULL, NULL);
	if (!dctx || !OSSL_DECODER_from_data(dctx, &der, &len)) {
		EVP_PKEY_free(key);
		key = NULL;
	}
	OSSL_DECODER_CTX_free(dctx);
	return key;
}

/*
 * Sign @sig with the test key, or the other key: its modulus and exponent
 * go into the sigstruct little-endian, then the PKCS#1 v1.5 SHA-384
 * signature of bytes 0..127 and 900..2047, little-endian too.
 */
static int mkimage_sign(struct seam_sigstruct *sig, bool other)
{
	unsigned char digest[48], be[SEAM_SIGSTRUCT_KEY_BYTES];
	EVP_PKEY_CTX *ctx = NULL;
	EVP_MD_CTX *md = NULL;
	size_t len = sizeof(be);
	unsigned int dlen = 0;
	EVP_PKEY *key;
	BIGNUM *n = NULL;
	int i, err = -EIO;

	key = mkimage_key(other);
	if (!key || !EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n) ||
	    BN_bn2lebinpad(n, sig->modulus, sizeof(sig->modulus)) != sizeof(sig->modulus))
		goto out;
	sig->exponent = SEAM_SIGSTRUCT_EXPONENT;

	md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha384(), NULL) ||
	    !EVP_DigestUpdate(md, sig, 128) ||
	    !EVP_DigestUpdate(md, (const unsigned char *)sig + 900, sizeof(*sig) - 900) ||
	    !EVP_DigestFinal_ex(md, digest, &dlen) || dlen != sizeof(digest))
		goto out;

	ctx = EVP_PKEY_CTX_new(key, NULL);
	if (!ctx || EVP_PKEY_sign_init(ctx) <= 0 ||
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) <= 0 ||
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha384()) <= 0 ||
	    EVP_PKEY_sign(ctx, be, &len, digest, sizeof(digest)) <= 0 || len != sizeof(be))
		goto out;
	for (i = 0; i < SEAM_SIGSTRUCT_KEY_BYTES; i++)
		sig->signature[i] = be[SEAM_SIGSTRUCT_KEY_BYTES - 1 - i];
	err = 0;
out:
	EVP_PKEY_CTX_free(ctx);
	EVP_MD_CTX_free(md);
	BN_free(n);
	EVP_PKEY_free(key);
	return err;
}

static void mkimage_descriptor(const struct mkimage_options *o, void *module)
{
	struct seam_emu_descriptor d = {
		.major = o->major, .minor = o->minor, .update = o->update,
		.build_num = o->build_num, .build_date = o->build_date,
		.features0 = o->features0, .module_hv = o->module_hv,
		.min_update_hv = o->min_update_hv, .no_downgrade = o->no_downgrade,
	};

	memcpy(d.magic, SEAM_EMU_DESC_MAGIC, SEAM_EMU_DESC_MAGIC_LEN);
	memcpy(module, &d, sizeof(d));
}

static int mkimage_sha384(const void *buf, size_t len, uint8_t *digest)
{
	unsigned int out = 0;

	if (!EVP_Digest(buf, len, digest, &out, EVP_sha384(), NULL) || out != 48)
		return -EIO;
	return 0;
}

static void mkimage_corrupt(const struct mkimage_options *o, uint8_t *p, size_t *size)
{
	struct seam_sigstruct *sig = (void *)(p + SEAM_TDX_PAGE_SIZE);

	switch (o->corrupt) {
	case MKIMAGE_BAD_HASH:
		p[*size - 1] ^= 0x80;
		break;
	case MKIMAGE_BAD_MAGIC:
		p[o->format == SEAM_TDX_BLOB_V1 ? 8 : 4] = 'X';
		break;
	case MKIMAGE_BAD_CHECKSUM:
		p[2] ^= 1;
		return;
	case MKIMAGE_TRUNCATED:
		*size -= SEAM_TDX_PAGE_SIZE / 2;
		return;
	case MKIMAGE_OVERSIZED:
		*size += SEAM_TDX_PAGE_SIZE;
		return;
	case MKIMAGE_BAD_FORMAT:
		p[0] = 0x00;
		p[1] = 0x03;
		break;
	case MKIMAGE_BAD_SIGNATURE:
		sig->signature[100] ^= 0x01;
		break;
	default:
		return;
	}
	/* Only the intended defect: keep a v1 word sum right. */
	if (o->format == SEAM_TDX_BLOB_V1)
		seam_tdx_image_fix_checksum(p, *size);
}

void *mkimage_build(const struct mkimage_options *o, size_t *size)
{
	struct seam_sigstruct sig;
	struct seam_tdx_image_spec spec = {
		.format = o->format, .module_nr_pages = o->pages, .sig = &sig,
	};
	size_t module_offset;
	uint8_t *p;

	if ((o->format != SEAM_TDX_BLOB_V1 && o->format != SEAM_TDX_BLOB_V2) ||
	    !o->pages || o->pages > SEAM_TDX_MODULE_MAX_PAGES + 1) {
		errno = EINVAL;
		return NULL;
	}
	mkimage_sigstruct(o, &sig);
	*size = seam_tdx_image_size(&spec);
	module_offset = *size - (size_t)o->pages * SEAM_TDX_PAGE_SIZE;
	/* Room for an oversized image. */
	p = calloc(1, *size + SEAM_TDX_PAGE_SIZE);
	if (!p)
		return NULL;

	/* Build once to lay the module out, hash it, build again with the hash. */
	seam_tdx_image_build(p, &spec);
	if (!o->no_descriptor)
		mkimage_descriptor(o, p + module_offset);
	if (mkimage_sha384(p + module_offset, *size - module_offset, sig.seamhash) ||
	    mkimage_sign(&sig, o->corrupt == MKIMAGE_OTHER_SIGNER)) {
		free(p);
		errno = EIO;
		return NULL;
	}
	memcpy(p + SEAM_TDX_PAGE_SIZE, &sig, sizeof(sig));
	if (o->format == SEAM_TDX_BLOB_V1)
		seam_tdx_image_fix_checksum(p, *size);
	mkimage_corrupt(o, p, size);
	return p;
}
