// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what seam does with the handoff data beyond mainline, end
 * to end on the SEAM emulator: the handoff version both modules accept,
 * and the recovery install that takes the data over after a failure past
 * TDH.SYS.SHUTDOWN.
 */

#include <kunit/test.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <asm/tdx.h>
#include <trace/events/seam.h>

#include "../../seam-internal.h"
#include "../../tdx/update.h"
#include "../emu.h"
#include "emu_env.h"

struct handoff_case {
	const char	*desc;
	u16		old_min, old_max;
	bool		no_downgrade;
	u16		new_min, new_max;
	int		hv;
};

/* hv < 0: refused before the shutdown. */
static const struct handoff_case handoff_cases[] = {
	{ "same single version", 0, 0, false, 0, 0, 0 },
	{ "new module reads only the older one", 1, 2, false, 0, 1, 1 },
	{ "new module reads a wider range", 1, 2, false, 0, 5, 2 },
	{ "no downgrade, new module reads the newest", 1, 2, true, 2, 3, 2 },
	{ "no downgrade, new module reads only older", 1, 2, true, 0, 1, -EPROTONOSUPPORT },
	{ "new module reads only newer", 0, 1, false, 2, 3, -EPROTONOSUPPORT },
};

static void handoff_case_desc(const struct handoff_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(handoff_case, handoff_cases, handoff_case_desc);

/*
 * The old module writes the negotiated version at TDH.SYS.SHUTDOWN, and
 * the new one takes it; or nothing is shut down at all.  The report says
 * which.
 */
static void emu_handoff_negotiated(struct kunit *test)
{
	const struct handoff_case *c = test->param_value;
	struct seam_update_result report;
	struct seam_emu_spec spec;
	struct seam_tdx_version v;
	struct emu_image *im;
	int err;

	emu_env_init(test);
	seam_emu_default_spec(&spec);
	spec.desc.min_update_hv = c->old_min;
	spec.desc.module_hv = c->old_max;
	spec.desc.no_downgrade = c->no_downgrade;
	emu_env_reboot(&spec);
	seam_emu.module.tds = 2;

	im = emu_image_new(test);
	im->sig.min_update_hv = c->new_min;
	im->sig.module_hv = c->new_max;
	im->desc.min_update_hv = c->new_min;
	im->desc.module_hv = c->new_max;
	emu_image_build(test, im);

	err = seam_tdx_update(im->buf, im->size, &report);

	KUNIT_EXPECT_EQ(test, err, min(c->hv, 0));
	KUNIT_EXPECT_EQ(test, report.handoff_hv, c->hv < 0 ? -1 : c->hv);
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 2);
	if (c->hv < 0) {
		KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SYS_SHUTDOWN], 0);
		KUNIT_EXPECT_EQ(test, v.update, EMU_BOOT_UPDATE);
		KUNIT_EXPECT_NOT_NULL(test, report.reason);
	} else {
		KUNIT_EXPECT_EQ(test, seam_emu.handoff.hv, c->hv);
		KUNIT_EXPECT_EQ(test, v.update, EMU_NEXT_UPDATE);
	}
}

/* Shut the module down with an injected failure of @fn's first call. */
static struct emu_image *fail_after_shutdown(struct kunit *test, u64 fn, u64 status)
{
	struct seam_emu_fault f = {
		.fn = fn, .nth = 1, .status = status, .rdx = SEAMLDR_INSTALL_RECOVERABLE,
		.cpu = -1,
	};
	struct seam_update_result report;
	struct emu_image *im;

	emu_env_init(test);
	seam_emu.module.tds = 4;
	im = emu_image_new(test);
	emu_image_build(test, im);
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_ASSERT_NE(test, seam_tdx_update(im->buf, im->size, &report), 0);
	KUNIT_ASSERT_TRUE(test, seam_tdx_module_down());
	return im;
}

/*
 * The update counter: a failed INSTALL uses none, each successful INSTALL
 * one, whether the update then failed or not (P-SEAMLDR decrements it in
 * the install epilogue).
 */
static void emu_recovery_counts_updates(struct kunit *test)
{
	struct seam_update_result report;
	struct seam_emu_spec spec;
	struct emu_image *im;
	u32 boot;

	/* What the boot module leaves. */
	seam_emu_default_spec(&spec);
	boot = spec.remaining;

	im = fail_after_shutdown(test, SEAMLDR_INSTALL, SEAMLDR_EUNSUPCPU);
	KUNIT_ASSERT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_RECOVERABLE);
	KUNIT_EXPECT_EQ(test, seam_emu.remaining, boot);
	KUNIT_EXPECT_TRUE(test, seam_emu.handoff.valid);
	KUNIT_ASSERT_EQ(test, seam_tdx_update(im->buf, im->size, &report), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.remaining, boot - 1);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 4);

	im = fail_after_shutdown(test, TDH_SYS_LP_INIT, TDX_INCOMPATIBLE_SEAM_CAPABILITIES);
	KUNIT_ASSERT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_RECOVERABLE);
	KUNIT_EXPECT_EQ(test, seam_emu.remaining, boot - 1);
	KUNIT_EXPECT_TRUE(test, seam_emu.handoff.valid);
	KUNIT_ASSERT_EQ(test, seam_tdx_update(im->buf, im->size, &report), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.remaining, boot - 2);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 4);
	KUNIT_EXPECT_FALSE(test, seam_emu.handoff.valid);
}

/*
 * A recovery image that fails a check is refused without touching the
 * firmware, and the TDs still wait for a good one: the image-only checks
 * before any SEAMCALL, the loader's after SEAMLDR.INFO alone.
 */
static void emu_recovery_refuses_bad_images(struct kunit *test)
{
	struct seam_update_result report;
	u64 before[SEAM_EMU_NR_LEAVES];
	struct emu_image *good, *bad;
	u64 calls;
	int i;

	good = fail_after_shutdown(test, TDH_SYS_LP_INIT, TDX_INCOMPATIBLE_SEAM_CAPABILITIES);
	KUNIT_ASSERT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_RECOVERABLE);
	memcpy(before, seam_emu.calls, sizeof(before));

	bad = emu_image_new(test);
	bad->corrupt_hash = true;
	emu_image_build(test, bad);
	calls = seam_emu.calls[SEAM_EMU_LEAF_SEAMLDR_INFO];
	KUNIT_EXPECT_EQ(test, seam_tdx_update(bad->buf, bad->size, &report), -EBADMSG);
	KUNIT_EXPECT_TRUE(test, report.recovery);
	KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SEAMLDR_INFO], calls);

	bad = emu_image_new(test);
	bad->sig.seamsvn_minor = EMU_SVN_MINOR - 1;
	emu_image_build(test, bad);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(bad->buf, bad->size, &report), -ESTALE);

	/* The old module wrote version 0. */
	bad = emu_image_new(test);
	bad->sig.min_update_hv = 1;
	bad->sig.module_hv = 1;
	bad->desc.min_update_hv = 1;
	bad->desc.module_hv = 1;
	emu_image_build(test, bad);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(bad->buf, bad->size, &report), -EPROTONOSUPPORT);
	KUNIT_EXPECT_FALSE(test, report.plan.started);

	/* Only SEAMLDR.INFO was called. */
	for (i = 0; i < SEAM_EMU_NR_LEAVES; i++)
		if (i != SEAM_EMU_LEAF_SEAMLDR_INFO)
			KUNIT_EXPECT_EQ_MSG(test, seam_emu.calls[i], before[i], "%s",
					    seam_emu_leaf_names[i]);
	KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_RECOVERABLE);
	KUNIT_EXPECT_TRUE(test, seam_tdx_module_down());

	KUNIT_ASSERT_EQ(test, seam_tdx_update(good->buf, good->size, &report), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 4);
}

/* P-SEAMLDR refuses handoff data that went bad: the TDs are lost. */
static void emu_recovery_bad_handoff_loses_tds(struct kunit *test)
{
	struct seam_update_result report;
	struct seam_tdx_version v;
	struct emu_image *im;

	im = fail_after_shutdown(test, SEAMLDR_INSTALL, SEAMLDR_EUNSUPCPU);
	seam_emu.handoff.valid = false;
	KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), -EPROTO);
	KUNIT_EXPECT_EQ(test, report.plan.status, SEAMLDR_EBADHANDOFF);
	KUNIT_EXPECT_TRUE(test, report.changed);
	KUNIT_EXPECT_STREQ(test, report.state, "lost");
	KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ENXIO);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), -ENXIO);
}

/* Without an update left, no recovery install can run. */
static void emu_recovery_needs_an_update_left(struct kunit *test)
{
	struct seam_update_result report;
	struct emu_image *im;
	u64 installs;

	im = fail_after_shutdown(test, TDH_SYS_UPDATE, TDX_SYS_BUSY);
	seam_emu.remaining = 0;
	installs = seam_emu.calls[SEAM_EMU_LEAF_SEAMLDR_INSTALL];
	KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), -ENXIO);
	KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SEAMLDR_INSTALL], installs);
	KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_LOST);
}

/*
 * A recovery install that fails with the handoff data intact leaves the
 * module down and waiting, with the handoff version the old module wrote:
 * the next recovery takes the TDs over.
 */
static void emu_recovery_failed_stays_recoverable(struct kunit *test)
{
	struct seam_emu_fault f = {
		.fn = TDH_SYS_LP_INIT, .nth = 1,
		.status = TDX_INCOMPATIBLE_SEAM_CAPABILITIES, .cpu = -1,
	};
	struct seam_update_result report;
	struct seam_tdx_version v;
	struct emu_image *im;
	int hv;

	im = fail_after_shutdown(test, SEAMLDR_INSTALL, SEAMLDR_EUNSUPCPU);
	hv = seam_tdx_shutdown_hv;
	KUNIT_ASSERT_GE(test, hv, 0);
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_EXPECT_NE(test, seam_tdx_update(im->buf, im->size, &report), 0);
	KUNIT_EXPECT_TRUE(test, report.recovery);
	KUNIT_EXPECT_TRUE(test, report.changed);
	KUNIT_EXPECT_STREQ(test, report.state, "recoverable");
	KUNIT_EXPECT_TRUE(test, seam_tdx_module_down());
	KUNIT_EXPECT_EQ(test, seam_tdx_shutdown_hv, hv);
	KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_RECOVERABLE);
	KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ESHUTDOWN);

	KUNIT_ASSERT_EQ(test, seam_tdx_update(im->buf, im->size, &report), 0);
	KUNIT_EXPECT_FALSE(test, seam_tdx_module_down());
	KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_UPDATABLE);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 4);
}

static struct kunit_case seam_emu_handoff_cases[] = {
	KUNIT_CASE_PARAM(emu_handoff_negotiated, handoff_case_gen_params),
	KUNIT_CASE(emu_recovery_counts_updates),
	KUNIT_CASE(emu_recovery_refuses_bad_images),
	KUNIT_CASE(emu_recovery_bad_handoff_loses_tds),
	KUNIT_CASE(emu_recovery_needs_an_update_left),
	KUNIT_CASE(emu_recovery_failed_stays_recoverable),
	{}
};

static struct kunit_suite seam_emu_handoff_suite = {
	.name = "seam_emu_handoff",
	.test_cases = seam_emu_handoff_cases,
};

kunit_test_suite(seam_emu_handoff_suite);
