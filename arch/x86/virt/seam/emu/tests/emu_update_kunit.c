// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests that run the TDX module update end to end on the SEAM
 * emulator: the version changes, an update is used up, TDs survive, every
 * pre-flight refusal leaves the module untouched, and each injected
 * firmware failure ends the way it would on hardware.
 */

#include <kunit/test.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <asm/tdx.h>

#include "../../seam-internal.h"
#include "../../tdx/update.h"
#include "../../tests/seam_mock.h"
#include "../emu.h"
#include "emu_env.h"

static u64 shutdowns(void)
{
	return seam_emu.calls[SEAM_EMU_LEAF_SYS_SHUTDOWN];
}

static struct emu_image *update_env(struct kunit *test)
{
	struct emu_image *im;

	emu_env_init(test);
	im = emu_image_new(test);
	emu_image_build(test, im);
	return im;
}

static void emu_update_succeeds(struct kunit *test)
{
	struct seam_update_result report;
	struct seam_seamldr_info ldr;
	struct seam_tdx_version v;
	struct emu_image *im;

	im = update_env(test);
	seam_emu.module.tds = 5;
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, v.update, EMU_BOOT_UPDATE);

	KUNIT_ASSERT_EQ(test, seam_tdx_update(im->buf, im->size, &report), 0);
	KUNIT_EXPECT_NULL(test, report.reason);
	KUNIT_EXPECT_STREQ(test, report.before, "1.5." __stringify(EMU_BOOT_UPDATE));
	KUNIT_EXPECT_STREQ(test, report.after, "1.5." __stringify(EMU_NEXT_UPDATE));
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, v.major, 1);
	KUNIT_EXPECT_EQ(test, v.minor, 5);
	KUNIT_EXPECT_EQ(test, v.update, EMU_NEXT_UPDATE);
	KUNIT_ASSERT_EQ(test, seam_tdx_read_seamldr_info(&ldr), 0);
	KUNIT_EXPECT_EQ(test, ldr.num_remaining_updates, 63);
	KUNIT_EXPECT_TRUE(test, seam_emu.seamextend.seam_ready);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 5);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
	KUNIT_EXPECT_EQ(test, seam_emu.module.nr_init_lps, num_online_cpus());
	KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SEAMLDR_INSTALL], num_online_cpus());
}

/* Three updates in a row, each using one of the remaining ones. */
static void emu_update_repeatedly(struct kunit *test)
{
	struct seam_update_result report;
	struct seam_tdx_version v;
	struct emu_image *im;
	int i;

	emu_env_init(test);
	for (i = 0; i < 3; i++) {
		im = emu_image_new(test);
		im->desc.update = EMU_BOOT_UPDATE + 1 + i;
		im->sig.seamsvn_minor = EMU_SVN_MINOR + i;
		emu_image_build(test, im);
		KUNIT_ASSERT_EQ(test, seam_tdx_update(im->buf, im->size, &report), 0);
		KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
		KUNIT_EXPECT_EQ(test, v.update, EMU_BOOT_UPDATE + 1 + i);
	}
	KUNIT_EXPECT_EQ(test, seam_emu.remaining, 61);
	KUNIT_EXPECT_EQ(test, seam_emu.seamextend.svn_minor, EMU_SVN_MINOR + 2);
}

/*
 * A TD build in progress, on a module that advertises UPDATE_COMPAT:
 * refused at the last recoverable point.
 */
static void emu_update_sensitive_busy(struct kunit *test)
{
	struct seam_update_result report;
	struct seam_tdx_version v;
	struct seam_emu_spec spec;
	struct emu_image *im;

	im = update_env(test);
	seam_emu_default_spec(&spec);
	spec.desc.features0 |= TDX_FEATURES0_UPDATE_COMPAT;
	emu_env_reboot(&spec);
	seam_emu.update_sensitive = true;
	KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), -EBUSY);
	KUNIT_EXPECT_FALSE(test, report.changed);
	KUNIT_EXPECT_FALSE(test, seam_tdx_module_down());
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
	seam_emu.update_sensitive = false;
	KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), 0);
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, v.update, EMU_NEXT_UPDATE);
}

enum refusal {
	NO_UPDATES, ERRATUM, DOWNGRADE, BAD_HASH, OTHER_CPU, MAJOR_SVN, HANDOFF,
};

struct refusal_case {
	const char	*desc;
	enum refusal	what;
	int		err;
};

static const struct refusal_case refusal_cases[] = {
	{ "no updates remaining", NO_UPDATES, -ENOSPC },
	{ "SEAMRET erratum", ERRATUM, -ENODEV },
	{ "minor SVN downgrade", DOWNGRADE, -ESTALE },
	{ "module hash mismatch", BAD_HASH, -EBADMSG },
	{ "module for another CPU", OTHER_CPU, -ENOEXEC },
	{ "major SVN change", MAJOR_SVN, -EXDEV },
	{ "no handoff version both modules accept", HANDOFF, -EPROTONOSUPPORT },
};

static void refusal_case_desc(const struct refusal_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(refusal_case, refusal_cases, refusal_case_desc);

static void refusal_setup(struct kunit *test, struct emu_image *im, enum refusal what)
{
	switch (what) {
	case NO_UPDATES:
		seam_emu.remaining = 0;
		break;
	case ERRATUM:
		/* As tdx.c would have found it at boot. */
		seam_emu.seamret_erratum = true;
		seam_mock_cpu_flag(test, X86_BUG_SEAMRET_INVD_VMCS, true);
		break;
	case DOWNGRADE:
		im->sig.seamsvn_minor = EMU_SVN_MINOR - 1;
		break;
	case BAD_HASH:
		im->corrupt_hash = true;
		break;
	case OTHER_CPU:
		im->sig.cpuid_table[0] = 0x1234560;
		break;
	case MAJOR_SVN:
		im->sig.seamsvn_major = 2;
		break;
	case HANDOFF:
		im->sig.module_hv = 3;
		im->sig.min_update_hv = 2;
		break;
	}
}

/* Refused before TDH.SYS.SHUTDOWN; the module keeps running. */
static void emu_update_refused(struct kunit *test)
{
	const struct refusal_case *c = test->param_value;
	struct seam_update_result report;
	struct seam_tdx_version v;
	struct emu_image *im;
	u32 remaining;

	emu_env_init(test);
	im = emu_image_new(test);
	refusal_setup(test, im, c->what);
	emu_image_build(test, im);
	remaining = seam_emu.remaining;

	KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), c->err);
	KUNIT_EXPECT_NOT_NULL(test, report.reason);
	KUNIT_EXPECT_FALSE(test, report.changed);
	KUNIT_EXPECT_EQ(test, shutdowns(), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.remaining, remaining);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, v.update, EMU_BOOT_UPDATE);
}

/* Which CPU an injected fault hits. */
enum fault_cpu { LEAD, LAST, ANY };

struct fault_case {
	const char		*desc;
	u64			fn;
	enum fault_cpu		cpu;
	u64			status;
	u64			rdx;
	int			err;
	bool			seam_ready;
	enum seam_tdx_status	status_after;
};

static const struct fault_case fault_cases[] = {
	{ "shutdown busy", TDH_SYS_SHUTDOWN, LEAD, TDX_SYS_BUSY, 0, -EBUSY, true,
	  SEAM_TDX_UPDATABLE },
	{ "install, first LP, unspecified", SEAMLDR_INSTALL, LEAD, SEAMLDR_EUNSPECERR,
	  SEAMLDR_INSTALL_RECOVERABLE, -EIO, true, SEAM_TDX_RECOVERABLE },
	{ "install, last LP, no entropy, recoverable", SEAMLDR_INSTALL, LAST,
	  SEAMLDR_ENOENTROPY, SEAMLDR_INSTALL_RECOVERABLE, -EAGAIN, true,
	  SEAM_TDX_RECOVERABLE },
	{ "install, last LP, no entropy, unrecoverable", SEAMLDR_INSTALL, LAST,
	  SEAMLDR_ENOENTROPY, SEAMLDR_INSTALL_UNRECOVERABLE, -EAGAIN, false,
	  SEAM_TDX_LOST },
	{ "sys init, one no-entropy: retried", TDH_SYS_INIT, LEAD, TDX_RND_NO_ENTROPY,
	  0, 0, true, SEAM_TDX_UPDATABLE },
	{ "lp init, last LP, capabilities", TDH_SYS_LP_INIT, LAST,
	  TDX_INCOMPATIBLE_SEAM_CAPABILITIES, 0, -ENOEXEC, true, SEAM_TDX_RECOVERABLE },
	{ "update, busy", TDH_SYS_UPDATE, LEAD, TDX_SYS_BUSY, 0, -EBUSY, true,
	  SEAM_TDX_RECOVERABLE },
	{ "update, invalid handoff", TDH_SYS_UPDATE, LEAD, TDX_SYS_INVALID_HANDOFF, 0,
	  -EPROTO, true, SEAM_TDX_LOST },
};

static void fault_case_desc(const struct fault_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fault_case, fault_cases, fault_case_desc);

static u64 all_calls(void)
{
	u64 n = 0;
	int i;

	for (i = 0; i < SEAM_EMU_NR_LEAVES; i++)
		n += seam_emu.calls[i];
	return n;
}

/*
 * A failure at TDH.SYS.SHUTDOWN leaves the old module running.  A failure
 * after it leaves the old module shut down: a recovery install of the
 * same image then takes the TDs over, unless the failure lost the handoff
 * data; then the version reads fail with -ENXIO and every later request
 * is refused before any SEAMCALL.
 */
static void emu_update_fault(struct kunit *test)
{
	const struct fault_case *c = test->param_value;
	struct seam_update_result report;
	struct seam_emu_fault f = {
		.fn = c->fn, .nth = 1, .status = c->status, .rdx = c->rdx,
		.cpu = c->cpu == LEAD ? (int)cpumask_first(cpu_online_mask) :
		       c->cpu == LAST ? (int)cpumask_last(cpu_online_mask) : -1,
	};
	bool down = c->status_after != SEAM_TDX_UPDATABLE;
	struct seam_tdx_version v;
	struct emu_image *im;
	u64 calls;

	im = update_env(test);
	seam_emu.module.tds = 3;
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), c->err);
	KUNIT_EXPECT_EQ(test, c->err && report.plan.ponr_crossed, down);
	KUNIT_EXPECT_EQ(test, seam_tdx_module_down(), down);
	KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), c->status_after);
	KUNIT_EXPECT_EQ(test, seam_emu.seamextend.seam_ready, c->seam_ready);
	if (c->err)
		KUNIT_EXPECT_EQ(test, report.plan.status, c->status);

	switch (c->status_after) {
	case SEAM_TDX_UPDATABLE:
		KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
		KUNIT_EXPECT_EQ(test, v.update, c->err ? EMU_BOOT_UPDATE : EMU_NEXT_UPDATE);
		break;
	case SEAM_TDX_RECOVERABLE:
		KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ESHUTDOWN);
		KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_RECOVERABLE);
		KUNIT_ASSERT_EQ(test, seam_tdx_update(im->buf, im->size, &report), 0);
		KUNIT_EXPECT_TRUE(test, report.recovery);
		KUNIT_EXPECT_STREQ(test, report.state, "healthy");
		KUNIT_EXPECT_FALSE(test, seam_tdx_module_down());
		KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
		KUNIT_EXPECT_EQ(test, v.update, EMU_NEXT_UPDATE);
		KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 3);
		KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
		KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_UPDATABLE);
		break;
	case SEAM_TDX_LOST:
		KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ENXIO);
		KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_LOST);
		calls = all_calls();
		KUNIT_EXPECT_EQ(test, seam_tdx_update(im->buf, im->size, &report), -ENXIO);
		KUNIT_EXPECT_EQ(test, all_calls(), calls);
		KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ENXIO);
		break;
	default:
		KUNIT_FAIL(test, "no such outcome");
	}
}

static struct kunit_case seam_emu_update_cases[] = {
	KUNIT_CASE(emu_update_succeeds),
	KUNIT_CASE(emu_update_repeatedly),
	KUNIT_CASE(emu_update_sensitive_busy),
	KUNIT_CASE_PARAM(emu_update_refused, refusal_case_gen_params),
	KUNIT_CASE_PARAM(emu_update_fault, fault_case_gen_params),
	{}
};

static struct kunit_suite seam_emu_update_suite = {
	.name = "seam_emu_update",
	.test_cases = seam_emu_update_cases,
};

kunit_test_suite(seam_emu_update_suite);

MODULE_DESCRIPTION("KUnit tests of the SEAM emulator");
MODULE_LICENSE("GPL");
