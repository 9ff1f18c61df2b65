// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the TDX module image parser and the sigstruct checks.
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "../image.h"
#include "image_build.h"

#define PAGE		SEAM_TDX_PAGE_SIZE
#define NO_FIELD	(~0U)
#define MUTATIONS	10000

/*
 * A malformed image: a valid one of @format with @pages module pages,
 * resized by @size_delta and with the @width bytes at @offset set to
 * @value.  v1 checksums are fixed up afterwards unless @keep_checksum.
 */
struct image_case {
	const char	*desc;
	u16		format;
	u32		pages;
	long		size_delta;
	unsigned int	offset;
	unsigned int	width;
	u64		value;
	bool		keep_checksum;
	bool		bad_size;
};

#define V1 SEAM_TDX_BLOB_V1
#define V2 SEAM_TDX_BLOB_V2

static const struct image_case bad_cases[] = {
	{ "v2 truncated by a page", V2, 2, -PAGE, NO_FIELD, .bad_size = true },
	{ "v2 with a trailing page", V2, 2, PAGE, NO_FIELD, .bad_size = true },
	{ "v2 truncated by a byte", V2, 2, -1, NO_FIELD, .bad_size = true },
	{ "v2 shorter than three pages", V2, 2, -2 * PAGE, NO_FIELD, .bad_size = true },
	{ "v2 bad magic", V2, 2, 0, 4, 1, 'X' },
	{ "unknown version", V2, 2, 0, 0, 2, 0x300 },
	{ "v2 without a sigstruct page", V2, 2, 0, 12, 4, 0 },
	{ "v2 with two sigstruct pages", V2, 2, 0, 12, 4, 2 },
	{ "v2 without module pages", V2, 2, 0, 16, 4, 0 },
	{ "v2 with 497 module pages", V2, 2, 0, 16, 4, 497, .bad_size = true },
	{ "v2 with 2^32-1 module pages", V2, 2, 0, 16, 4, 0xFFFFFFFF, .bad_size = true },
	{ "v2 first reserved byte set", V2, 2, 0, 20, 1, 1 },
	{ "v2 last reserved byte set", V2, 2, 0, PAGE - 1, 1, 0x80 },
	{ "v2 claims more pages than it has", V2, 2, 0, 16, 4, 3, .bad_size = true },
	{ "v2 claims fewer pages than it has", V2, 2, 0, 16, 4, 1, .bad_size = true },
	{ "v1 length field too large", V1, 1, 0, 16, 4, 4 * PAGE, .bad_size = true },
	{ "v1 reserved0 set", V1, 1, 0, 20, 4, 1 },
	{ "v1 last reserved1 byte set", V1, 1, 0, PAGE - 1, 1, 1 },
	{ "v1 module offset unaligned", V1, 1, 0, 4, 4, 2 * PAGE + 16 },
	{ "v1 module offset below 8 KiB", V1, 1, 0, 4, 4, PAGE },
	{ "v1 module offset at the end", V1, 1, 0, 4, 4, 3 * PAGE, .bad_size = true },
	{ "v1 module offset far beyond", V1, 1, 0, 4, 4, 0xFFFFF000, .bad_size = true },
	{ "v1 padding not zero", V1, 1, 0, PAGE + SEAM_SIGSTRUCT_BYTES, 1, 1 },
	{ "v1 checksum mismatch", V1, 1, 0, 2 * PAGE, 1, 0x77, .keep_checksum = true },
	{ "v1 bad magic", V1, 1, 0, 8, 1, 'x' },
	{ "v1 with 497 module pages", V1, 497, 0, NO_FIELD, .bad_size = true },
	{ "v1 not whole pages", V1, 1, 1, NO_FIELD, .bad_size = true },
	{ "empty image", V1, 1, -3 * PAGE, NO_FIELD, .bad_size = true },
};

KUNIT_ARRAY_PARAM_DESC(bad_image, bad_cases, desc);

/* Build a valid image with room for @extra more bytes. */
static u8 *build(struct kunit *test, u16 format, u32 pages, u32 module_offset,
		 size_t extra, size_t *size)
{
	struct seam_tdx_image_spec spec = {
		.format = format, .module_nr_pages = pages,
		.module_offset = module_offset,
	};
	struct seam_sigstruct *sig;
	u8 *buf;

	sig = kunit_kzalloc(test, sizeof(*sig), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sig);
	seam_sigstruct_init(sig);
	spec.sig = sig;
	*size = seam_tdx_image_size(&spec);
	buf = kunit_kzalloc(test, *size + extra, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	seam_tdx_image_build(buf, &spec);
	return buf;
}

static void seam_tdx_image_rejects(struct kunit *test)
{
	const struct image_case *c = test->param_value;
	struct seam_tdx_image_error why = {};
	struct seam_tdx_image img;
	size_t size;
	u8 *buf;

	buf = build(test, c->format, c->pages, 0, 2 * PAGE, &size);
	size += c->size_delta;
	if (c->offset != NO_FIELD)
		memcpy(buf + c->offset, &c->value, c->width);
	if (c->format == V1 && !c->keep_checksum && size >= PAGE)
		seam_tdx_image_fix_checksum(buf, size);

	KUNIT_EXPECT_EQ(test, seam_tdx_image_parse(buf, size, &img, &why), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, why.reason);
	KUNIT_EXPECT_EQ(test, why.bad_size, c->bad_size);
}

struct good_case {
	const char	*desc;
	u16		format;
	u32		pages;
	u32		module_offset;
};

static const struct good_case good_cases[] = {
	{ "v2, one module page", V2, 1, 0 },
	{ "v2, 496 module pages", V2, SEAM_TDX_MODULE_MAX_PAGES, 0 },
	{ "v1, module at 8 KiB", V1, 1, 0 },
	{ "v1, module at 12 KiB", V1, 2, 3 * PAGE },
	{ "v1, 496 module pages", V1, SEAM_TDX_MODULE_MAX_PAGES, 0 },
};

KUNIT_ARRAY_PARAM_DESC(good_image, good_cases, desc);

static void seam_tdx_image_accepts(struct kunit *test)
{
	const struct good_case *c = test->param_value;
	struct seam_tdx_image_error why = {};
	struct seam_tdx_image img;
	const char *reason;
	size_t size;
	u8 *buf;

	buf = build(test, c->format, c->pages, c->module_offset, 0, &size);
	KUNIT_ASSERT_EQ_MSG(test, seam_tdx_image_parse(buf, size, &img, &why), 0,
			    "%s", why.reason);
	KUNIT_EXPECT_EQ(test, img.format, c->format);
	KUNIT_EXPECT_EQ(test, img.module_nr_pages, c->pages);
	KUNIT_EXPECT_EQ(test, img.sigstruct_offset, PAGE);
	KUNIT_EXPECT_EQ(test, img.module_offset,
			c->module_offset ?: 2 * PAGE);
	KUNIT_EXPECT_TRUE(test, seam_tdx_image_sane(buf, size, &img));
	KUNIT_EXPECT_EQ(test, seam_sigstruct_check(img.sigstruct, img.module_nr_pages,
						   SEAM_LOADER_1_5, &reason), 0);
}

/*
 * A sigstruct with the @width bytes at @offset set to @value, and what a
 * P-SEAMLDR 1.x, a 2.x and one of an unknown generation make of it.
 */
struct sig_case {
	const char	*desc;
	unsigned int	offset;
	unsigned int	width;
	u64		value;
	int		err[3];
};

#define BAD	(-EKEYREJECTED)
#define SIG(_desc, _field, _width, _value, _e15, _e20, _eunk)			\
	{ _desc, offsetof(struct seam_sigstruct, _field), _width, _value,	\
	  { [SEAM_LOADER_1_5] = _e15, [SEAM_LOADER_2_0] = _e20,		\
	    [SEAM_LOADER_UNKNOWN] = _eunk } }
/* A rule of the 1.5 source, which no public 2.0 source confirms. */
#define SIG_15(_desc, _field, _width, _value)				\
	SIG(_desc, _field, _width, _value, BAD, 0, 0)

static const struct sig_case sig_cases[] = {
	SIG_15("header type", header_type, 4, 7),
	SIG_15("header length", header_length, 4, 0xE0),
	SIG_15("header version", header_version, 4, 0x20000),
	SIG_15("reserved module type bit", module_type, 4, 1),
	SIG_15("vendor", module_vendor, 4, 0x8087),
	SIG_15("size", size, 4, 0x201),
	SIG_15("key size", key_size, 4, 0x61),
	SIG_15("reserved0", reserved0, 1, 1),
	SIG_15("reserved1", reserved1[5], 1, 1),
	SIG_15("reserved2", reserved2, 1, 1),
	SIG_15("attributes", attributes, 8, 1),
	/* What the published 2.0 sigstructs hold there: 2.0.08, build 882. */
	SIG_15("reserved3 holds a 2.0-style version", reserved3, 6, 0x037202000008ULL),
	SIG_15("production with no CPUID", cpuid_table_size, 4, 0),
	SIG_15("min_update_hv above module_hv", min_update_hv, 2, 1),
	SIG_15("GDT/IDT without fault wrapper", gdt_idt_offset, 4, PAGE),
	SIG_15("fault wrapper without GDT/IDT", fault_wrapper_offset, 4, 16),
	/* The RSA layout and the table's bound hold for every loader. */
	SIG("exponent", exponent, 4, 3, BAD, BAD, BAD),
	SIG("CPUID table too large", cpuid_table_size, 4, 256, BAD, BAD, BAD),
	SIG("debug module", module_type, 4, SEAM_SIGSTRUCT_DEBUG, 0, 0, 0),
	SIG("module_hv above min_update_hv", module_hv, 2, 3, 0, 0, 0),
};

KUNIT_ARRAY_PARAM_DESC(sigstruct, sig_cases, desc);

static void seam_tdx_sigstruct_fields(struct kunit *test)
{
	static const enum seam_loader_gen loaders[] = {
		SEAM_LOADER_1_5, SEAM_LOADER_2_0, SEAM_LOADER_UNKNOWN,
	};
	const struct sig_case *c = test->param_value;
	struct seam_sigstruct *sig = kunit_kzalloc(test, sizeof(*sig), GFP_KERNEL);
	const char *reason;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, sig);
	seam_sigstruct_init(sig);
	memcpy((u8 *)sig + c->offset, &c->value, c->width);
	for (i = 0; i < ARRAY_SIZE(loaders); i++) {
		KUNIT_EXPECT_EQ_MSG(test, seam_sigstruct_check(sig, 4, loaders[i], &reason),
				    c->err[loaders[i]], "loader generation %d", loaders[i]);
		KUNIT_EXPECT_EQ(test, !reason, !c->err[loaders[i]]);
	}
}

/* SEAMLDR.INFO's major version picks the rules. */
static void seam_tdx_loader_generation(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, seam_loader_gen(1), SEAM_LOADER_1_5);
	KUNIT_EXPECT_EQ(test, seam_loader_gen(2), SEAM_LOADER_2_0);
	KUNIT_EXPECT_EQ(test, seam_loader_gen(0), SEAM_LOADER_UNKNOWN);
	KUNIT_EXPECT_EQ(test, seam_loader_gen(3), SEAM_LOADER_UNKNOWN);
}

static void seam_tdx_sigstruct_offsets(struct kunit *test)
{
	struct seam_sigstruct *sig = kunit_kzalloc(test, sizeof(*sig), GFP_KERNEL);
	const char *reason;

	KUNIT_ASSERT_NOT_NULL(test, sig);
	seam_sigstruct_init(sig);
	sig->gdt_idt_offset = 2 * PAGE;
	sig->fault_wrapper_offset = 3 * PAGE + 8;
	KUNIT_EXPECT_EQ(test, seam_sigstruct_check(sig, 4, SEAM_LOADER_1_5, &reason), 0);
	/* Inside a four-page module, but not in a three-page one. */
	KUNIT_EXPECT_EQ(test, seam_sigstruct_check(sig, 3, SEAM_LOADER_1_5, &reason), BAD);
	sig->gdt_idt_offset = 2 * PAGE + 8;
	KUNIT_EXPECT_EQ(test, seam_sigstruct_check(sig, 4, SEAM_LOADER_1_5, &reason), BAD);
}

/* Rewrite a random field of the first two pages, or the size. */
static void mutate(struct rnd_state *rnd, u8 *buf, size_t *size, size_t cap)
{
	static const u32 interesting[] = {
		0, 1, 2, 3, 0x100, 0x200, 496, 497, PAGE, 2 * PAGE, 3 * PAGE,
		0x7FFFFFFF, 0x80000000, 0xFFFFF000, 0xFFFFFFFF,
	};
	u32 r = prandom_u32_state(rnd), v;
	unsigned int off = prandom_u32_state(rnd) % (2 * PAGE - 4);

	switch (r % 4) {
	case 0:
		buf[off] = prandom_u32_state(rnd);
		break;
	case 1:
		/* Header fields live in the first 24 bytes. */
		off %= 24;
		v = interesting[prandom_u32_state(rnd) % ARRAY_SIZE(interesting)];
		memcpy(buf + off, &v, 4);
		break;
	case 2:
		*size = min_t(size_t, cap, (*size & ~(PAGE - 1UL)) +
			      (long)(prandom_u32_state(rnd) % 5 - 2) * PAGE);
		break;
	default:
		*size = min_t(size_t, cap, *size + prandom_u32_state(rnd) % 64 - 32);
		break;
	}
}

/* Random mutations never crash the parser or get past it inconsistent. */
static void seam_tdx_image_mutations(struct kunit *test)
{
	size_t cap = 6 * PAGE, size, base_size[2];
	u8 *base[2], *buf = kunit_kzalloc(test, cap, GFP_KERNEL);
	unsigned int i, accepted = 0, rejected = 0, n;
	struct seam_tdx_image_error why;
	struct seam_tdx_image img;
	struct rnd_state rnd;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	base[0] = build(test, V1, 2, 0, 0, &base_size[0]);
	base[1] = build(test, V2, 2, 0, 0, &base_size[1]);
	prandom_seed_state(&rnd, 0x5ea3);

	for (i = 0; i < MUTATIONS; i++) {
		unsigned int b = i & 1;

		memset(buf, 0, cap);
		memcpy(buf, base[b], base_size[b]);
		size = base_size[b];
		for (n = 1 + prandom_u32_state(&rnd) % 3; n; n--)
			mutate(&rnd, buf, &size, cap);
		if (b == 0 && prandom_u32_state(&rnd) % 2 && size >= PAGE && size <= cap)
			seam_tdx_image_fix_checksum(buf, size);

		if (seam_tdx_image_parse(buf, size, &img, &why)) {
			KUNIT_ASSERT_NOT_NULL(test, why.reason);
			rejected++;
			continue;
		}
		accepted++;
		KUNIT_ASSERT_TRUE_MSG(test, seam_tdx_image_sane(buf, size, &img),
				      "iteration %u accepted an inconsistent image", i);
		seam_sigstruct_check(img.sigstruct, img.module_nr_pages, SEAM_LOADER_1_5,
				     &why.reason);
	}
	kunit_info(test, "%u mutated images: %u accepted, %u rejected\n",
		   MUTATIONS, accepted, rejected);
	/* Both outcomes occur, or the loop is not exploring. */
	KUNIT_EXPECT_GT(test, accepted, 0);
	KUNIT_EXPECT_GT(test, rejected, 0);
}

/*
 * The running module writes any version in its range, only its highest
 * with no_downgrade; the new one reads only versions in its own range.
 */
static void seam_tdx_handoff_negotiation(struct kunit *test)
{
	static const struct {
		u16 old_min, old_max;
		bool no_downgrade;
		u16 new_min, new_max;
		int want;	/* the version, or -1 for none */
	} cases[] = {
		{ 0, 0, false, 0, 0, 0 },	/* every published sigstruct */
		{ 0, 2, false, 1, 3, 2 },	/* the highest both accept */
		{ 1, 3, false, 0, 5, 3 },
		{ 0, 2, true, 0, 1, -1 },	/* must write 2, new reads up to 1 */
		{ 0, 2, true, 2, 3, 2 },
		{ 2, 2, false, 0, 1, -1 },	/* new reads only older */
		{ 0, 1, false, 2, 3, -1 },	/* new reads only newer */
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u16 hv = 0xffff;
		bool agreed = seam_handoff_negotiate(cases[i].old_min, cases[i].old_max,
						     cases[i].no_downgrade, cases[i].new_min,
						     cases[i].new_max, &hv);

		KUNIT_EXPECT_EQ_MSG(test, agreed, cases[i].want >= 0, "case %u", i);
		if (cases[i].want >= 0)
			KUNIT_EXPECT_EQ_MSG(test, hv, cases[i].want, "case %u", i);
	}
}

static struct kunit_case seam_tdx_image_cases[] = {
	KUNIT_CASE_PARAM(seam_tdx_image_rejects, bad_image_gen_params),
	KUNIT_CASE_PARAM(seam_tdx_image_accepts, good_image_gen_params),
	KUNIT_CASE_PARAM(seam_tdx_sigstruct_fields, sigstruct_gen_params),
	KUNIT_CASE(seam_tdx_sigstruct_offsets),
	KUNIT_CASE(seam_tdx_loader_generation),
	KUNIT_CASE(seam_tdx_handoff_negotiation),
	KUNIT_CASE_SLOW(seam_tdx_image_mutations),
	{}
};

static struct kunit_suite seam_tdx_image_suite = {
	.name = "seam_tdx_image",
	.test_cases = seam_tdx_image_cases,
};

kunit_test_suite(seam_tdx_image_suite);

MODULE_DESCRIPTION("KUnit tests for the TDX module update");
MODULE_LICENSE("GPL");
