// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the SEAM status to errno maps.
 */

#include <kunit/test.h>
#include <linux/seam/status.h>

#include "seam_mock.h"

/* A TDX module class code with an operand ID in its detail bits. */
#define TEST_OPERAND_INVALID	0xC000010000000000ULL
#define TEST_OPERAND_RCX	1ULL
/* A P-SEAMLDR code whose low bits are significant. */
#define TEST_LDR_EBADCALL	0x8000000000000003ULL
#define TEST_LDR_EBADPARAM	0x8000000000000000ULL
/* Bit 63 clear: not a failure of the call, but not success either. */
#define TEST_TDMR_DONE		0x00000A0300000000ULL
#define TEST_KEY_CONFIGURED	0x0000081500000000ULL

struct errmap_case {
	const char	*desc;
	u64		status;
	int		err;
	bool		known;
};

static const struct errmap_case core_cases[] = {
	{ "success", TDX_SUCCESS, 0, true },
	{ "VMfailInvalid", TDX_SEAMCALL_VMFAILINVALID, -ENODEV, true },
	{ "GP fault", TDX_SEAMCALL_GP, -EOPNOTSUPP, true },
	{ "UD fault", TDX_SEAMCALL_UD, -EACCES, true },
	{ "no entropy", TDX_RND_NO_ENTROPY, -EAGAIN, true },
	{ "no entropy with detail", TDX_RND_NO_ENTROPY | 5, -EAGAIN, true },
	{ "unknown module class", TEST_OPERAND_INVALID, -EIO, false },
	{ "unknown loader code", TEST_LDR_EBADCALL, -EIO, false },
	{ "software class, other trap", TDX_SW_ERROR | 3, -EIO, false },
	{ "VMfailInvalid with stray bit", TDX_SEAMCALL_VMFAILINVALID | 1, -EIO, false },
	{ "warning without error bit", 0x0000000100000000ULL, -EIO, false },
};

KUNIT_ARRAY_PARAM_DESC(core, core_cases, desc);

/* The core map alone: software codes and the default for unknown codes. */
static void seam_errmap_core(struct kunit *test)
{
	const struct errmap_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, seam_status_to_errno(NULL, c->status), c->err);
	KUNIT_EXPECT_EQ(test, seam_status_known(NULL, c->status), c->known);
	if (!c->known)
		KUNIT_EXPECT_STREQ(test, seam_status_name(NULL, c->status), "UNKNOWN");
}

static const struct seam_errmap_entry leaf_entries[] = {
	SEAM_ERRMAP_CLASS(TEST_OPERAND_INVALID, -EINVAL),
	SEAM_ERRMAP_EXACT(TEST_LDR_EBADCALL, -ENOSPC),
	SEAM_ERRMAP_CLASS(TEST_TDMR_DONE, -EALREADY),
	/* Refines the core meaning of VMfailInvalid for this leaf. */
	SEAM_ERRMAP_EXACT(TDX_SEAMCALL_VMFAILINVALID, -EBUSY),
};

static const struct seam_errmap leaf_map = {
	.entries	= leaf_entries,
	.nr		= ARRAY_SIZE(leaf_entries),
};

#define TEST_ERRMAP(_entries) { .entries = _entries, .nr = 1 }

static const struct errmap_case leaf_cases[] = {
	{ "leaf class code", TEST_OPERAND_INVALID, -EINVAL, true },
	{ "leaf class code with operand", TEST_OPERAND_INVALID | TEST_OPERAND_RCX, -EINVAL, true },
	{ "leaf exact code", TEST_LDR_EBADCALL, -ENOSPC, true },
	{ "exact code ignores neighbour", TEST_LDR_EBADPARAM, -EIO, false },
	{ "leaf overrides core", TDX_SEAMCALL_VMFAILINVALID, -EBUSY, true },
	{ "core still applies", TDX_SEAMCALL_GP, -EOPNOTSUPP, true },
	{ "non-error class code", TEST_TDMR_DONE | TEST_OPERAND_RCX, -EALREADY, true },
	{ "unmapped non-error code", TEST_KEY_CONFIGURED, -EIO, false },
	{ "success", TDX_SUCCESS, 0, true },
};

KUNIT_ARRAY_PARAM_DESC(leaf, leaf_cases, desc);

/* A client's per-leaf map is consulted before the core map. */
static void seam_errmap_leaf(struct kunit *test)
{
	const struct errmap_case *c = test->param_value;

	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&leaf_map, c->status), c->err);
	KUNIT_EXPECT_EQ(test, seam_status_known(&leaf_map, c->status), c->known);
}

static void seam_errmap_names(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, seam_status_name(NULL, TDX_SUCCESS), "SUCCESS");
	KUNIT_EXPECT_STREQ(test, seam_status_name(NULL, TDX_SEAMCALL_GP),
			   "TDX_SEAMCALL_GP");
	KUNIT_EXPECT_STREQ(test, seam_status_name(&leaf_map, TEST_LDR_EBADCALL),
			   "TEST_LDR_EBADCALL");
	KUNIT_EXPECT_STREQ(test, seam_status_name(&leaf_map, TDX_SEAMCALL_VMFAILINVALID),
			   "TDX_SEAMCALL_VMFAILINVALID");
}

static const struct seam_errmap_entry bad_positive_err[] = {
	{ .status = TEST_LDR_EBADCALL, .mask = SEAM_STATUS_EXACT_MASK, .err = EIO, .name = "x" },
};

static const struct seam_errmap_entry bad_stray_bits[] = {
	{ .status = TEST_OPERAND_INVALID | 1, .mask = SEAM_STATUS_CLASS_MASK,
	  .err = -EIO, .name = "x" },
};

static const struct seam_errmap_entry bad_success[] = {
	{ .status = TDX_SUCCESS, .mask = SEAM_STATUS_EXACT_MASK, .err = -EIO, .name = "x" },
};

static const struct seam_errmap_entry bad_no_name[] = {
	{ .status = TEST_LDR_EBADCALL, .mask = SEAM_STATUS_EXACT_MASK, .err = -EIO },
};

/* Malformed client maps are refused at registration time. */
static void seam_errmap_validate_rejects(struct kunit *test)
{
	const struct seam_errmap positive = TEST_ERRMAP(bad_positive_err);
	const struct seam_errmap stray = TEST_ERRMAP(bad_stray_bits);
	const struct seam_errmap success = TEST_ERRMAP(bad_success);
	const struct seam_errmap noname = TEST_ERRMAP(bad_no_name);
	const struct seam_errmap missing = { .nr = 1 };

	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&leaf_map), 0);
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&positive), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&stray), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&success), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&noname), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&missing), -EINVAL);
}

static const struct seam_errmap_entry child_entries[] = {
	SEAM_ERRMAP_EXACT(TEST_LDR_EBADCALL, -EPERM),
};

static const struct seam_errmap child_map = {
	.entries	= child_entries,
	.nr		= ARRAY_SIZE(child_entries),
	.parent		= &leaf_map,
};

/* A map refines its parent; what it does not map, the parent does. */
static void seam_errmap_parent(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&child_map, TEST_LDR_EBADCALL), -EPERM);
	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&leaf_map, TEST_LDR_EBADCALL), -ENOSPC);
	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&child_map, TEST_OPERAND_INVALID | 2),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&child_map, TDX_SEAMCALL_VMFAILINVALID),
			-EBUSY);
	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&child_map, TDX_SEAMCALL_UD), -EACCES);
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&child_map), 0);
}

/*
 * A parent has no parent: such a map is refused, and a lookup goes no
 * further than the parent, whatever the chain (a cycle, here).
 */
static void seam_errmap_grandparent(struct kunit *test)
{
	static struct seam_errmap a, b;

	a = (struct seam_errmap){ .entries = child_entries, .nr = 1, .parent = &b };
	b = (struct seam_errmap){ .entries = leaf_entries, .nr = 1, .parent = &a };
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&a), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_errmap_validate(&b), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&a, TEST_LDR_EBADCALL), -EPERM);
	KUNIT_EXPECT_EQ(test, seam_status_to_errno(&a, TDX_SEAMCALL_GP), -EOPNOTSUPP);
}

static struct kunit_case seam_errmap_cases[] = {
	KUNIT_CASE_PARAM(seam_errmap_core, core_gen_params),
	KUNIT_CASE_PARAM(seam_errmap_leaf, leaf_gen_params),
	KUNIT_CASE(seam_errmap_names),
	KUNIT_CASE(seam_errmap_validate_rejects),
	KUNIT_CASE(seam_errmap_parent),
	KUNIT_CASE(seam_errmap_grandparent),
	{}
};

static struct kunit_suite seam_errmap_suite = {
	.name = "seam_errmap",
	.test_cases = seam_errmap_cases,
};

kunit_test_suite(seam_errmap_suite);

