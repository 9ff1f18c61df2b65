// SPDX-License-Identifier: GPL-2.0
/*
 * An image file, checked as the kernel checks it before an update: the
 * kernel's own parser and sigstruct rules (arch/x86/virt/seam/tdx/image.c,
 * compiled here unchanged), then the two checks the kernel does with its
 * crypto API, done here with libcrypto: the SHA-384 of the module pages
 * against the sigstruct's seamhash, and the RSA-3072 PKCS#1 v1.5 SHA-384
 * signature over sigstruct bytes 0..127 and 900..2047 against the
 * sigstruct's own little-endian modulus and exponent.
 *
 * The SHA-384 of the module pages is also the module's measurement: on a
 * successful install P-SEAMLDR copies the sigstruct's seamhash into
 * SEAMEXTEND's MRSEAM, and MRSIGNERSEAM stays zero for Intel's modules
 * (P-SEAMLDR 1.5 source, seamldr_install.c, fill_seamextend_structure()),
 * so that is what a TD's quote reports after the update.
 */

#include <cpuid.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include "seamctl.h"

uint32_t seamctl_host_cpuid(void)
{
	unsigned int eax, ebx, ecx, edx;

	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return 0;
	return eax & ~SEAM_CPUID_STEPPING_MASK;
}

static void seamctl_problem(struct seamctl_image *im, const char *what)
{
	if (im->nr_problems < SEAMCTL_MAX_PROBLEMS)
		im->problems[im->nr_problems++] = what;
}

static void seamctl_reverse(uint8_t *dst, const uint8_t *src, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		dst[i] = src[len - 1 - i];
}

static EVP_PKEY *seamctl_sigstruct_key(const struct seam_sigstruct *sig)
{
	uint8_t n_be[SEAM_SIGSTRUCT_KEY_BYTES];
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *key = NULL;
	BIGNUM *n = NULL, *e = NULL;

	seamctl_reverse(n_be, sig->modulus, sizeof(n_be));
	n = BN_bin2bn(n_be, sizeof(n_be), NULL);
	e = BN_new();
	if (!bld || !n || !e || !BN_set_word(e, sig->exponent) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) ||
	    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e))
		goto out;
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) <= 0 ||
	    EVP_PKEY_fromdata(ctx, &key, EVP_PKEY_PUBLIC_KEY, params) <= 0)
		key = NULL;
out:
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_free(n);
	BN_free(e);
	return key;
}

static bool seamctl_sigstruct_verifies(const struct seam_sigstruct *sig)
{
	const uint8_t *p = (const uint8_t *)sig;
	uint8_t digest[48], sig_be[SEAM_SIGSTRUCT_KEY_BYTES];
	unsigned int dlen = 0;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_MD_CTX *md;
	EVP_PKEY *key;
	bool ok = false;

	md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha384(), NULL) ||
	    !EVP_DigestUpdate(md, p, SEAM_SIGSTRUCT_SIGNED_HEAD) ||
	    !EVP_DigestUpdate(md, p + SEAM_SIGSTRUCT_SIGNED_TAIL,
			      SEAM_SIGSTRUCT_BYTES - SEAM_SIGSTRUCT_SIGNED_TAIL) ||
	    !EVP_DigestFinal_ex(md, digest, &dlen)) {
		EVP_MD_CTX_free(md);
		return false;
	}
	EVP_MD_CTX_free(md);
	key = seamctl_sigstruct_key(sig);
	if (!key)
		return false;
	seamctl_reverse(sig_be, sig->signature, sizeof(sig_be));
	ctx = EVP_PKEY_CTX_new(key, NULL);
	if (ctx && EVP_PKEY_verify_init(ctx) > 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha384()) > 0)
		ok = EVP_PKEY_verify(ctx, sig_be, sizeof(sig_be), digest, dlen) == 1;
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(key);
	return ok;
}

static void seamctl_image_check(struct seamctl_image *im, enum seam_loader_gen loader)
{
	const struct seam_sigstruct *sig = im->img.sigstruct;
	size_t len = (size_t)im->img.module_nr_pages * SEAM_TDX_PAGE_SIZE;
	unsigned int dlen = 0;
	const char *reason;

	/*
	 * Without the host's P-SEAMLDR generation (seamldr_version is root
	 * only), the sigstruct must satisfy the rules of one of them.
	 */
	if (loader != SEAM_LOADER_UNKNOWN) {
		if (seam_sigstruct_check(sig, im->img.module_nr_pages, loader, &reason))
			seamctl_problem(im, reason);
	} else if (seam_sigstruct_check(sig, im->img.module_nr_pages, SEAM_LOADER_1_5,
					&reason) &&
		   seam_sigstruct_check(sig, im->img.module_nr_pages, SEAM_LOADER_2_0,
					&reason)) {
		seamctl_problem(im, reason);
	}
	if (!EVP_Digest(im->img.module, len, im->module_sha384, &dlen, EVP_sha384(), NULL))
		seamctl_problem(im, "hashing the module failed (libcrypto)");
	im->hash_ok = !memcmp(im->module_sha384, sig->seamhash, sizeof(sig->seamhash));
	if (!im->hash_ok)
		seamctl_problem(im, "module hash does not match the sigstruct's seamhash");
	im->rsa_ok = seamctl_sigstruct_verifies(sig);
	if (!im->rsa_ok)
		seamctl_problem(im, "sigstruct: RSA signature does not verify against its own key");
}

/*
 * The module version that Intel's 2.0 sigstructs carry in the first bytes
 * of what the layout calls reserved3 (offset 1000): the update number as
 * a little-endian u16, then the minor and the major version, as the
 * published 2.0.02 to 2.0.08 sigstructs read (02 00 00 02 in 2.0.02).
 * The 1.5 sigstructs hold zero there, and then the version is unknown.
 */
static void seamctl_image_module_version(struct seamctl_image *im)
{
	const uint8_t *v = im->img.sigstruct->reserved3;

	if (!v[3])
		return;
	im->module_version.update = (unsigned int)v[0] | (unsigned int)v[1] << 8;
	im->module_version.minor = v[2];
	im->module_version.major = v[3];
	im->has_module_version = true;
}

/*
 * The image as the kernel takes it, version 0x200, in a malloc()ed buffer:
 * a 0x200 image as it is, a 0x100 one rewritten (a 4 KiB header, the
 * sigstruct page, the module pages; Documentation/arch/x86/
 * seam-tdx-update.rst, "Image formats").  Mainline takes only 0x200, seam
 * both.  The result is parsed again and must carry the same sigstruct and
 * module, byte for byte.  NULL if the image is not valid or memory ran out.
 */
uint8_t *seamctl_image_kernel_format(const struct seamctl_image *im, size_t *size)
{
	size_t module = (size_t)im->img.module_nr_pages * SEAM_TDX_PAGE_SIZE;
	struct seam_tdx_image_error err;
	struct seam_tdx_blob_v2 *hdr;
	struct seam_tdx_image img;
	uint8_t *out;

	if (!im->parsed)
		return NULL;
	*size = im->img.format == SEAM_TDX_BLOB_V2 ? im->size : 2 * SEAM_TDX_PAGE_SIZE + module;
	out = calloc(1, *size);
	if (!out)
		return NULL;
	if (im->img.format == SEAM_TDX_BLOB_V2) {
		memcpy(out, im->buf, im->size);
	} else {
		hdr = (struct seam_tdx_blob_v2 *)out;
		hdr->version = SEAM_TDX_BLOB_V2;
		memcpy(hdr->magic, SEAM_TDX_BLOB_MAGIC, SEAM_TDX_BLOB_MAGIC_LEN);
		hdr->sigstruct_nr_pages = 1;
		hdr->module_nr_pages = im->img.module_nr_pages;
		memcpy(out + SEAM_TDX_PAGE_SIZE, im->img.sigstruct, SEAM_SIGSTRUCT_BYTES);
		memcpy(out + 2 * SEAM_TDX_PAGE_SIZE, im->img.module, module);
	}
	if (seam_tdx_image_parse(out, *size, &img, &err) || img.format != SEAM_TDX_BLOB_V2 ||
	    img.module_nr_pages != im->img.module_nr_pages ||
	    memcmp(img.sigstruct, im->img.sigstruct, SEAM_SIGSTRUCT_BYTES) ||
	    memcmp(img.module, im->img.module, module)) {
		free(out);
		return NULL;
	}
	return out;
}

/*
 * Load and check an image.  Returns 0 when the file was read, whether or
 * not it is valid (im->problems says), or -errno with problems[0] set.
 */
int seamctl_image_load(const char *path, enum seam_loader_gen loader, struct seamctl_image *im)
{
	struct seam_tdx_image_error err = { };

	memset(im, 0, sizeof(*im));
	im->path = strdup(path);
	im->buf = seamctl_read_file(path, &im->size, im->why, sizeof(im->why));
	if (!im->path || !im->buf) {
		seamctl_problem(im, im->path ? im->why : "out of memory");
		return -EIO;
	}
	if (seam_tdx_image_parse(im->buf, im->size, &im->img, &err)) {
		seamctl_problem(im, err.reason);
		im->bad_size = err.bad_size;
		return 0;
	}
	im->parsed = true;
	seamctl_image_module_version(im);
	seamctl_image_check(im, loader);
	return 0;
}

void seamctl_image_free(struct seamctl_image *im)
{
	free(im->path);
	free(im->buf);
	memset(im, 0, sizeof(*im));
}

bool seamctl_image_lists_cpu(const struct seamctl_image *im, uint32_t cpuid)
{
	const struct seam_sigstruct *sig = im->img.sigstruct;
	uint32_t i;

	for (i = 0; i < sig->cpuid_table_size && i < SEAM_SIGSTRUCT_MAX_CPUIDS; i++)
		if ((sig->cpuid_table[i] & ~SEAM_CPUID_STEPPING_MASK) == cpuid)
			return true;
	return false;
}

bool seamctl_image_debug(const struct seamctl_image *im)
{
	return im->img.sigstruct->module_type & SEAM_SIGSTRUCT_DEBUG;
}
