// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of seam-mkimage, in TAP: every image it builds is checked with the
 * kernel's own parser and sigstruct checks, and its hash with libcrypto.
 * Usage: test_mkimage PATH-TO-seam-mkimage
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "mkimage.h"
#include "tdx/image.h"
#include "emu/descriptor.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int test_nr, test_failed;

static void ok(int cond, const char *what)
{
	test_nr++;
	if (!cond)
		test_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", test_nr, what);
}

struct built {
	void			*buf;
	size_t			size;
	struct seam_tdx_image	img;
	int			parse_err;
	struct seam_tdx_image_error why;
};

static void build(const struct mkimage_options *o, struct built *b)
{
	memset(b, 0, sizeof(*b));
	b->buf = mkimage_build(o, &b->size);
	if (b->buf)
		b->parse_err = seam_tdx_image_parse(b->buf, b->size, &b->img, &b->why);
}

static int hash_matches(const struct built *b)
{
	unsigned char digest[48];
	unsigned int len = 0;

	if (!EVP_Digest(b->img.module, (size_t)b->img.module_nr_pages * SEAM_TDX_PAGE_SIZE,
			digest, &len, EVP_sha384(), NULL))
		return 0;
	return len == 48 && !memcmp(digest, b->img.sigstruct->seamhash, 48);
}

/*
 * The sigstruct's signature, checked with libcrypto against the test key
 * (or the other key) over bytes 0..127 and 900..2047, and its modulus
 * against the key's.
 */
static int signed_with(const struct built *b, bool other)
{
	const unsigned char *p = (const void *)b->img.sigstruct;
	unsigned char digest[48], be[SEAM_SIGSTRUCT_KEY_BYTES], n[SEAM_SIGSTRUCT_KEY_BYTES];
	const struct seam_sigstruct *sig = b->img.sigstruct;
	EVP_PKEY *key = mkimage_key(other);
	EVP_PKEY_CTX *ctx = key ? EVP_PKEY_CTX_new(key, NULL) : NULL;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned int dlen = 0;
	BIGNUM *bn = NULL;
	int i, good = 0;

	for (i = 0; i < SEAM_SIGSTRUCT_KEY_BYTES; i++)
		be[i] = sig->signature[SEAM_SIGSTRUCT_KEY_BYTES - 1 - i];
	if (ctx && md && EVP_PKEY_get_bn_param(key, "n", &bn) &&
	    BN_bn2lebinpad(bn, n, sizeof(n)) == sizeof(n) &&
	    !memcmp(n, sig->modulus, sizeof(n)) && sig->exponent == 0x10001 &&
	    EVP_DigestInit_ex(md, EVP_sha384(), NULL) && EVP_DigestUpdate(md, p, 128) &&
	    EVP_DigestUpdate(md, p + 900, 2048 - 900) &&
	    EVP_DigestFinal_ex(md, digest, &dlen) &&
	    EVP_PKEY_verify_init(ctx) > 0 &&
	    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) > 0 &&
	    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha384()) > 0)
		good = EVP_PKEY_verify(ctx, be, sizeof(be), digest, dlen) == 1;
	BN_free(bn);
	EVP_MD_CTX_free(md);
	EVP_PKEY_CTX_free(ctx);
	EVP_PKEY_free(key);
	return good;
}

static int signature_ok(const struct built *b)
{
	return signed_with(b, false);
}

static const struct seam_emu_descriptor *descriptor(const struct built *b)
{
	return (const void *)b->img.module;
}

static int sigstruct_ok(const struct built *b)
{
	const char *reason;

	return !seam_sigstruct_check(b->img.sigstruct, b->img.module_nr_pages,
				     SEAM_LOADER_1_5, &reason);
}

static void test_default(void)
{
	struct mkimage_options o;
	struct built b;

	mkimage_defaults(&o);
	build(&o, &b);
	ok(b.buf && !b.parse_err, "default image parses");
	ok(b.size == 6 * SEAM_TDX_PAGE_SIZE && b.img.format == SEAM_TDX_BLOB_V2,
	   "default image is v2 with 4 module pages");
	ok(sigstruct_ok(&b), "default sigstruct passes the field checks");
	ok(hash_matches(&b), "default seamhash is SHA-384 of the module");
	ok(signature_ok(&b), "default sigstruct is signed with the test key");
	ok(!memcmp(descriptor(&b)->magic, SEAM_EMU_DESC_MAGIC, 8) &&
	   descriptor(&b)->major == 1 && descriptor(&b)->minor == 5 &&
	   descriptor(&b)->update == 20, "descriptor says 1.5.20");
	ok(b.img.sigstruct->cpuid_table_size == 1 &&
	   b.img.sigstruct->cpuid_table[0] == mkimage_host_cpuid(),
	   "CPUID table lists this CPU");
	free(b.buf);
}

static void test_v1(void)
{
	struct mkimage_options o;
	struct built b;

	mkimage_defaults(&o);
	o.format = SEAM_TDX_BLOB_V1;
	o.pages = 3;
	build(&o, &b);
	ok(b.buf && !b.parse_err && b.img.format == SEAM_TDX_BLOB_V1, "v1 image parses");
	ok(b.buf && seam_tdx_word_sum(b.buf, b.size) == 0, "v1 word sum is zero");
	ok(hash_matches(&b), "v1 seamhash matches");
	free(b.buf);
}

static void test_options(void)
{
	const struct seam_sigstruct *sig;
	struct mkimage_options o;
	struct built b;

	mkimage_defaults(&o);
	o.svn_major = 3;
	o.svn_minor = 5;
	o.module_hv = 7;
	o.min_update_hv = 2;
	o.no_downgrade = 1;
	o.handoff_pages = 24;
	o.debug = true;
	o.features0 = 0x1234;
	o.major = 2;
	o.update = 9;
	o.build_num = 882;
	ok(!mkimage_parse_cpuids("806f0,host,a06d0", &o) && o.nr_cpuids == 3,
	   "CPUID list parses");
	build(&o, &b);
	sig = b.img.sigstruct;
	ok(!b.parse_err && sigstruct_ok(&b), "image with options parses and checks");
	ok(sig->seamsvn_major == 3 && sig->seamsvn_minor == 5, "SVN set");
	ok(sig->module_hv == 7 && sig->min_update_hv == 2 && sig->no_downgrade == 1 &&
	   sig->num_handoff_pages == 24, "handoff fields set in the sigstruct");
	ok(sig->module_type == SEAM_SIGSTRUCT_DEBUG, "debug bit set");
	ok(sig->cpuid_table_size == 3 && sig->cpuid_table[0] == 0x806f0 &&
	   sig->cpuid_table[2] == 0xa06d0, "CPUID table set");
	ok(descriptor(&b)->features0 == 0x1234 && descriptor(&b)->module_hv == 7 &&
	   descriptor(&b)->min_update_hv == 2 && descriptor(&b)->no_downgrade == 1 &&
	   descriptor(&b)->major == 2 && descriptor(&b)->update == 9 &&
	   descriptor(&b)->build_num == 882, "descriptor fields set");
	free(b.buf);
}

static void test_no_descriptor(void)
{
	struct mkimage_options o;
	struct built b;

	mkimage_defaults(&o);
	o.no_descriptor = true;
	build(&o, &b);
	ok(!b.parse_err && hash_matches(&b) &&
	   memcmp(descriptor(&b)->magic, SEAM_EMU_DESC_MAGIC, 8),
	   "--no-descriptor leaves the descriptor out, hash still right");
	free(b.buf);
}

/* Each corruption is caught where the kernel would catch it. */
static void test_corruptions(void)
{
	static const struct {
		enum mkimage_corruption	c;
		uint16_t		format;
		int			parses, sig_ok, hash_ok, bad_size;
	} cases[] = {
		{ MKIMAGE_BAD_HASH, SEAM_TDX_BLOB_V2, 1, 1, 0, 0 },
		{ MKIMAGE_BAD_SIGNATURE, SEAM_TDX_BLOB_V2, 1, 1, 1, 0 },
		{ MKIMAGE_BAD_HASH, SEAM_TDX_BLOB_V1, 1, 1, 0, 0 },
		{ MKIMAGE_BAD_MAGIC, SEAM_TDX_BLOB_V2, 0, 0, 0, 0 },
		{ MKIMAGE_BAD_MAGIC, SEAM_TDX_BLOB_V1, 0, 0, 0, 0 },
		{ MKIMAGE_BAD_CHECKSUM, SEAM_TDX_BLOB_V1, 0, 0, 0, 0 },
		{ MKIMAGE_TRUNCATED, SEAM_TDX_BLOB_V2, 0, 0, 0, 1 },
		{ MKIMAGE_OVERSIZED, SEAM_TDX_BLOB_V2, 0, 0, 0, 1 },
		{ MKIMAGE_BAD_SIGSTRUCT, SEAM_TDX_BLOB_V2, 1, 0, 1, 0 },
		{ MKIMAGE_BAD_FORMAT, SEAM_TDX_BLOB_V2, 0, 0, 0, 0 },
		{ MKIMAGE_OTHER_SIGNER, SEAM_TDX_BLOB_V2, 1, 1, 1, 0 },
	};
	struct mkimage_options o;
	struct built b;
	char what[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		mkimage_defaults(&o);
		o.corrupt = cases[i].c;
		o.format = cases[i].format;
		build(&o, &b);
		snprintf(what, sizeof(what), "--corrupt %s (v%x) is caught as expected",
			 mkimage_corruption_names[cases[i].c], cases[i].format >> 8);
		if (!b.buf) {
			ok(0, what);
			continue;
		}
		if (cases[i].parses)
			ok(!b.parse_err && sigstruct_ok(&b) == cases[i].sig_ok &&
			   hash_matches(&b) == cases[i].hash_ok &&
			   signature_ok(&b) == (cases[i].c != MKIMAGE_BAD_SIGNATURE &&
						cases[i].c != MKIMAGE_OTHER_SIGNER) &&
			   signed_with(&b, true) == (cases[i].c == MKIMAGE_OTHER_SIGNER), what);
		else
			ok(b.parse_err == -EINVAL && b.why.bad_size == cases[i].bad_size, what);
		free(b.buf);
	}

	mkimage_defaults(&o);
	o.pages = 497;
	build(&o, &b);
	ok(b.buf && b.parse_err && b.why.bad_size, "497 module pages: oversized");
	free(b.buf);
}

/* A 2.0-style image: the version in reserved3, signed, for 2.0 loaders only. */
static void test_version_in_sigstruct(void)
{
	const struct seam_sigstruct *sig;
	struct mkimage_options o;
	const char *reason;
	struct built b;

	mkimage_defaults(&o);
	o.major = 2;
	o.minor = 0;
	o.update = 8;
	o.build_num = 882;
	o.version_in_sigstruct = true;
	build(&o, &b);
	if (!b.buf || b.parse_err) {
		ok(0, "2.0-style image parses");
		return;
	}
	sig = b.img.sigstruct;
	ok(sig->reserved3[0] == 8 && sig->reserved3[1] == 0 && sig->reserved3[2] == 0 &&
	   sig->reserved3[3] == 2 && sig->reserved3[4] == 0x72 && sig->reserved3[5] == 3,
	   "reserved3 holds 2.0.08 build 882 as published 2.0 sigstructs do");
	ok(signature_ok(&b), "2.0-style sigstruct is signed");
	ok(seam_sigstruct_check(sig, b.img.module_nr_pages, SEAM_LOADER_1_5, &reason) &&
	   !seam_sigstruct_check(sig, b.img.module_nr_pages, SEAM_LOADER_2_0, &reason),
	   "a 1.x loader's rules refuse it, a 2.x loader's take it");
	free(b.buf);
}

static void test_parsers(void)
{
	struct mkimage_options o;
	uint16_t a, b, c;
	size_t size;

	mkimage_defaults(&o);
	ok(mkimage_parse_cpuids("806f0,zz", &o) == -EINVAL, "bad CPUID list refused");
	ok(!mkimage_parse_version("1.5.16", &a, &b, &c) && a == 1 && b == 5 && c == 16,
	   "version parses");
	ok(mkimage_parse_version("1.5", &a, &b, &c) == -EINVAL &&
	   mkimage_parse_version("1.5.70000", &a, &b, &c) == -EINVAL,
	   "bad versions refused");
	o.format = 0x300;
	ok(!mkimage_build(&o, &size) && errno == EINVAL,
	   "unknown format refused");
}

static int run(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static void test_cli(const char *tool)
{
	char cmd[512], path[] = "/tmp/test_mkimage.XXXXXX";
	struct stat st;
	int fd = mkstemp(path);

	if (fd < 0) {
		ok(0, "temporary file");
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s --format v1 --pages 5 -o %s >/dev/null", tool, path);
	ok(run(cmd) == 0 && !stat(path, &st) && st.st_size == 7 * SEAM_TDX_PAGE_SIZE,
	   "seam-mkimage writes a v1 image of the right size");
	snprintf(cmd, sizeof(cmd), "%s --corrupt truncate -o %s >/dev/null", tool, path);
	ok(run(cmd) == 0 && !stat(path, &st) &&
	   st.st_size == 6 * SEAM_TDX_PAGE_SIZE - SEAM_TDX_PAGE_SIZE / 2,
	   "seam-mkimage writes a truncated image");
	snprintf(cmd, sizeof(cmd), "%s --pages 0 -o %s 2>/dev/null", tool, path);
	ok(run(cmd) == 2, "--pages 0 is a usage error");
	snprintf(cmd, sizeof(cmd), "%s --svn 1 -o %s 2>/dev/null", tool, path);
	ok(run(cmd) == 2, "--svn without minor is a usage error");
	snprintf(cmd, sizeof(cmd), "%s --corrupt sideways -o %s 2>/dev/null", tool, path);
	ok(run(cmd) == 2, "unknown corruption is a usage error");
	snprintf(cmd, sizeof(cmd), "%s 2>/dev/null", tool);
	ok(run(cmd) == 2, "no output file is a usage error");
	close(fd);
	unlink(path);
}

int main(int argc, char **argv)
{
	printf("TAP version 13\n");
	test_default();
	test_v1();
	test_options();
	test_no_descriptor();
	test_corruptions();
	test_version_in_sigstruct();
	test_parsers();
	if (argc > 1)
		test_cli(argv[1]);
	printf("1..%d\n", test_nr);
	printf("# %d passed, %d failed\n", test_nr - test_failed, test_failed);
	return test_failed ? 1 : 0;
}
