// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the SEAM emulator against the documented behaviour of
 * P-SEAMLDR and the TDX module: the per-LP install protocol, every
 * SEAMLDR.INSTALL error and its recoverability, the SVN and handoff
 * rules, the remaining-updates counter, the state gating and the handoff
 * carry-over.
 */

#include <kunit/test.h>
#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <asm/msr-index.h>
#include <asm/seam_emu.h>
#include <asm/tdx.h>
#include <linux/seam/tdx_abi.h>

#include "../emu.h"
#include "emu_env.h"

#define FIRST_FIELD_ID_IN_CONTEXT	0x00000C0B00000000ULL

static int lead(void)
{
	return cpumask_first(cpu_online_mask);
}

static u64 call(u64 fn, struct tdx_module_args *args)
{
	return emu_call_on(lead(), fn, args);
}

static u64 rd(int cpu, u64 field, u64 *val)
{
	struct tdx_module_args args = { .rdx = field };
	u64 status = emu_call_on(cpu, TDH_SYS_RD, &args);

	*val = args.r8;
	return status;
}

static void info(struct kunit *test, struct seam_seamldr_info *out)
{
	struct seam_seamldr_info *buf = kunit_kzalloc(test, sizeof(*buf), GFP_KERNEL);
	struct tdx_module_args args = {};

	KUNIT_ASSERT_NOT_NULL(test, buf);
	args.rcx = virt_to_phys(buf);
	KUNIT_ASSERT_EQ(test, call(SEAMLDR_INFO, &args), 0);
	*out = *buf;
}

static u64 shutdown(u64 rcx)
{
	struct tdx_module_args args = { .rcx = rcx };

	return call(TDH_SYS_SHUTDOWN, &args);
}

static u64 install_on(int cpu, u64 params_pa, u64 *rdx)
{
	struct tdx_module_args args = { .rcx = params_pa };
	u64 status = emu_call_on(cpu, SEAMLDR_INSTALL, &args);

	if (rdx)
		*rdx = args.rdx;
	return status;
}

/* SEAMLDR.INSTALL on every online CPU in order; the last one's status. */
static u64 install_all(struct kunit *test, u64 params_pa, u64 *rdx)
{
	int cpu, last = cpumask_last(cpu_online_mask);
	u64 status = 0;

	for_each_online_cpu(cpu) {
		status = install_on(cpu, params_pa, rdx);
		if (cpu != last)
			KUNIT_EXPECT_EQ_MSG(test, status, 0, "non-last LP %d", cpu);
	}
	return status;
}

/* TDH.SYS.INIT, LP.INIT everywhere, UPDATE: the status of the first failure. */
static u64 init_and_update(void)
{
	struct tdx_module_args args = {};
	u64 status;
	int cpu;

	status = call(TDH_SYS_INIT, &args);
	for_each_online_cpu(cpu)
		status = status ?: emu_call_on(cpu, TDH_SYS_LP_INIT, NULL);
	return status ?: call(TDH_SYS_UPDATE, NULL);
}

static u64 version_update(void)
{
	u64 v = 0;

	rd(lead(), MD_FIELD_ID_UPDATE_VERSION, &v);
	return v;
}

static void emu_boot_state(struct kunit *test)
{
	struct seam_seamldr_info li;
	u64 v;
	int cpu;

	emu_env_init(test);
	info(test, &li);
	KUNIT_EXPECT_EQ(test, li.major, 1);
	KUNIT_EXPECT_EQ(test, li.minor, 5);
	KUNIT_EXPECT_EQ(test, li.num_remaining_updates, 64);
	KUNIT_EXPECT_EQ(test, li.tee_tcb_svn[SEAMLDR_SVN_MAJOR], 1);
	KUNIT_EXPECT_EQ(test, li.tee_tcb_svn[SEAMLDR_SVN_MINOR], EMU_SVN_MINOR);
	KUNIT_EXPECT_EQ(test, li.seam_ready, 1);
	KUNIT_EXPECT_EQ(test, li.vendor_id, 0x8086);
	KUNIT_EXPECT_EQ(test, seam_emu.nr_lps, num_present_cpus());
	for_each_online_cpu(cpu) {
		KUNIT_EXPECT_EQ(test, rd(cpu, MD_FIELD_ID_MAJOR_VERSION, &v), 0);
		KUNIT_EXPECT_EQ(test, v, 1);
		KUNIT_EXPECT_EQ(test, rd(cpu, MD_FIELD_ID_UPDATE_VERSION, &v), 0);
		KUNIT_EXPECT_EQ(test, v, EMU_BOOT_UPDATE);
	}
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_TDX_FEATURES0, &v), 0);
	KUNIT_EXPECT_TRUE(test, v & TDX_FEATURES0_TD_PRESERVING);
	KUNIT_EXPECT_TRUE(test, v & TDX_FEATURES0_NO_RBP_MOD);
}

/*
 * The hooks: outside VMX operation SEAMCALL raises #UD; inside, the
 * entry points return what seamcall.S's return: nothing from
 * __seamcall(), RCX, RDX and R8-R11 from __seamcall_ret(), everything from
 * __seamcall_saved_ret().  VMXON twice, or VMXOFF outside VMX operation,
 * fail as the instructions would.
 */
static void emu_seamcall_hook(struct kunit *test)
{
	struct tdx_module_args args = { .rdx = MD_FIELD_ID_MAJOR_VERSION, .r12 = 12 };
	u64 ud, plain, ret, saved, r8_plain, r8_ret;
	int again, off, twice;

	if (seam_emu_active)
		kunit_skip(test, "the emulator runs this kernel's TDX code: VMX is on");
	emu_env_init(test);
	preempt_disable();
	ud = seam_emu_seamcall(TDH_SYS_RD, &args, SEAM_EMU_OUT_RET);
	KUNIT_ASSERT_EQ(test, seam_emu_vmxon(), 0);
	twice = seam_emu_vmxon();
	plain = seam_emu_seamcall(TDH_SYS_RD, &args, SEAM_EMU_OUT_NONE);
	r8_plain = args.r8;
	ret = seam_emu_seamcall(TDH_SYS_RD, &args, SEAM_EMU_OUT_RET);
	r8_ret = args.r8;
	args.rdx = MD_FIELD_ID_MAJOR_VERSION;
	saved = seam_emu_seamcall(TDH_SYS_RD, &args, SEAM_EMU_OUT_SAVED);
	KUNIT_EXPECT_EQ(test, seam_emu_vmxoff(), 0);
	off = seam_emu_vmxoff();
	again = seam_emu_vmxon() ?: seam_emu_vmxoff();
	preempt_enable();

	KUNIT_EXPECT_EQ(test, ud, TDX_SEAMCALL_UD);
	KUNIT_EXPECT_EQ(test, twice, -EFAULT);
	KUNIT_EXPECT_EQ(test, plain, 0);
	KUNIT_EXPECT_EQ(test, r8_plain, 0);
	KUNIT_EXPECT_EQ(test, ret, 0);
	KUNIT_EXPECT_EQ(test, r8_ret, 1);
	KUNIT_EXPECT_EQ(test, saved, 0);
	KUNIT_EXPECT_EQ(test, args.r12, 12);
	KUNIT_EXPECT_EQ(test, off, -EIO);
	KUNIT_EXPECT_EQ(test, again, 0);
}

/* Freshly powered on: the module answers but is not initialised. */
static void emu_boot_uninitialised(struct kunit *test)
{
	struct tdx_module_args args = {};
	u64 v;

	emu_env_boot(test);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_SYSINIT_PENDING);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v), TDX_SYS_LP_INIT_NOT_DONE);
	KUNIT_EXPECT_EQ(test, shutdown(0), TDX_SYS_NOT_READY);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_TDMR_INIT, &args), TDX_SYS_NOT_READY);
	/* The initialisation's own rules: emu_init_kunit.c. */
}

/*
 * The MSRs tdx_init() reads: two of the TDX KeyIDs after the MKTME ones,
 * and IA32_VMX_BASIC with bit 60 unless the SEAMRET erratum is on.
 */
static void emu_msrs(struct kunit *test)
{
	u64 val;

	emu_env_init(test);
	KUNIT_ASSERT_EQ(test, seam_emu_rdmsr(MSR_IA32_MKTME_KEYID_PARTITIONING, &val), 0);
	KUNIT_EXPECT_EQ(test, val >> 32, SEAM_EMU_NR_KEYIDS);
	KUNIT_EXPECT_EQ(test, (u32)val + 1, SEAM_EMU_KEYID_FIRST);
	KUNIT_ASSERT_EQ(test, seam_emu_rdmsr(MSR_IA32_VMX_BASIC, &val), 0);
	KUNIT_EXPECT_TRUE(test, val & SEAM_VMX_BASIC_SEAMRET_KEEPS_VMCS);
	seam_emu.seamret_erratum = true;
	KUNIT_ASSERT_EQ(test, seam_emu_rdmsr(MSR_IA32_VMX_BASIC, &val), 0);
	KUNIT_EXPECT_FALSE(test, val & SEAM_VMX_BASIC_SEAMRET_KEEPS_VMCS);
	seam_emu.seamret_erratum = false;
	KUNIT_EXPECT_EQ(test, seam_emu_rdmsr(MSR_IA32_MISC_ENABLE, &val), -EIO);
}

static void emu_info_bad_buffer(struct kunit *test)
{
	void *buf = kunit_kzalloc(test, 512, GFP_KERNEL);
	struct tdx_module_args args = {};

	emu_env_init(test);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	args.rcx = virt_to_phys(buf) + 8;
	KUNIT_EXPECT_EQ(test, call(SEAMLDR_INFO, &args), SEAMLDR_EBADPARAM);
	/* Unknown P-SEAMLDR leafs fail the same way. */
	KUNIT_EXPECT_EQ(test, call(SEAMLDR_LEAF_BIT | 0x77, &args), SEAMLDR_EBADPARAM);
}

/*
 * Every field the kernel reads (7.3's tdx_global_metadata.c) and the
 * update reads, walked by "next" from the null field ID (tdh_sys_rd.c):
 * 31 fields and the CPUID configuration's 32 leaves and 64 values.
 */
static void emu_rd_fields(struct kunit *test)
{
	struct tdx_module_args args = { .rdx = -1ULL };
	unsigned int n = 0;
	u64 prev = 0;

	emu_env_init(test);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD, &args), FIRST_FIELD_ID_IN_CONTEXT);
	while (args.rdx != -1ULL && n < 200) {
		KUNIT_EXPECT_GT(test, args.rdx, prev);
		prev = args.rdx;
		KUNIT_ASSERT_EQ(test, call(TDH_SYS_RD, &args), 0);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, 31 + 32 + 64);
	args.rdx = 0x9100000100000008ULL;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD, &args), 0);
	KUNIT_EXPECT_EQ(test, args.r8, 64);
	/* NUM_CPUID_CONFIG leaves, then all ones. */
	args.rdx = 0x9900000100000004ULL;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD, &args), 0);
	KUNIT_EXPECT_EQ(test, args.r8, 18);
	args.rdx = 0x9900000300000400ULL + 17;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD, &args), 0);
	KUNIT_EXPECT_EQ(test, args.r8, 0x1F | 5ULL << 32);
	args.rdx = 0x9900000300000400ULL + 18;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD, &args), 0);
	KUNIT_EXPECT_EQ(test, args.r8, -1ULL);
	/* An unknown field fails with RDX all ones and R8 zero. */
	args.rdx = 0x0800000100000007ULL;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD, &args), TDX_METADATA_FIELD_ID_INCORRECT);
	KUNIT_EXPECT_EQ(test, args.rdx, -1ULL);
	KUNIT_EXPECT_EQ(test, args.r8, 0);
}

static void emu_leaf_encoding(struct kunit *test)
{
	struct tdx_module_args args = {};

	emu_env_init(test);
	/* A version on a leaf without versions, a reserved bit, a leaf not modelled. */
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD | BIT_ULL(16), &args), TDX_OPERAND_INVALID);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_RD | BIT_ULL(40), &args), TDX_OPERAND_INVALID);
	KUNIT_EXPECT_EQ(test, call(9, &args), TDX_OPERAND_INVALID);
}

static void emu_state_gating(struct kunit *test)
{
	struct tdx_module_args args = {};
	u64 v;

	emu_env_init(test);
	/* READY */
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &args), TDX_SYS_INIT_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_LP_INIT, NULL), TDX_SYS_LP_INIT_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_UPDATE, NULL), TDX_SYS_STATE_INCORRECT);
	/* SHUTDOWN: everything but LP.SHUTDOWN is refused. */
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v), TDX_SYS_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &args), TDX_SYS_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, shutdown(0), TDX_SYS_SHUTDOWN);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_UPDATE, NULL), TDX_SYS_SHUTDOWN);
}

static void emu_shutdown_handoff_rules(struct kunit *test)
{
	struct seam_emu_spec spec;
	char buf[] = "module_hv=3 min_update_hv=2 no_downgrade=1 features0=0x40002";

	emu_env_init(test);
	seam_emu_default_spec(&spec);
	KUNIT_ASSERT_EQ(test, seam_emu_parse_spec(buf, &spec), 0);
	emu_env_reboot(&spec);
	/* Outside min_update_hv..module_hv, or below it with no_downgrade. */
	KUNIT_EXPECT_EQ(test, shutdown(0), TDX_OPERAND_INVALID + 1);
	KUNIT_EXPECT_EQ(test, shutdown(4), TDX_OPERAND_INVALID + 1);
	KUNIT_EXPECT_EQ(test, shutdown(2), TDX_OPERAND_INVALID + 1);
	/* Without UPDATE_COMPAT, bit 16 is part of the version. */
	KUNIT_EXPECT_EQ(test, shutdown(3 | TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE),
			TDX_OPERAND_INVALID + 1);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
	KUNIT_EXPECT_EQ(test, shutdown(3), 0);
	KUNIT_EXPECT_TRUE(test, seam_emu.handoff.valid);
	KUNIT_EXPECT_EQ(test, seam_emu.handoff.hv, 3);
}

/* A module advertising UPDATE_COMPAT (bit 47) takes bit 16 of RCX. */
static void emu_shutdown_compat_sensitive(struct kunit *test)
{
	char buf[] = "features0=0x800000040002";
	u64 avoid = TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
	struct seam_emu_spec spec;

	emu_env_init(test);
	seam_emu_default_spec(&spec);
	KUNIT_ASSERT_EQ(test, seam_emu_parse_spec(buf, &spec), 0);
	emu_env_reboot(&spec);
	seam_emu.update_sensitive = true;
	KUNIT_EXPECT_EQ(test, shutdown(avoid), TDX_UPDATE_COMPAT_SENSITIVE);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
	KUNIT_EXPECT_FALSE(test, seam_emu.handoff.valid);
	seam_emu.update_sensitive = false;
	KUNIT_EXPECT_EQ(test, shutdown(avoid), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_SHUTDOWN);
}

/* Without bit 16 the module does not look: the TD build gets corrupted. */
static void emu_shutdown_sensitive_unasked(struct kunit *test)
{
	emu_env_init(test);
	seam_emu.update_sensitive = true;
	KUNIT_EXPECT_EQ(test, shutdown(0), 0);
}

/* The whole update by hand, checking the protocol at each step. */
static void emu_install_protocol(struct kunit *test)
{
	int cpu, first = lead(), last = cpumask_last(cpu_online_mask);
	struct seam_seamldr_info li;
	struct emu_image *im;
	u64 v, rdx;

	emu_env_init(test);
	KUNIT_ASSERT_GE(test, num_online_cpus(), 2);
	seam_emu.module.tds = 3;
	im = emu_image_new(test);
	emu_image_build(test, im);
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);

	KUNIT_EXPECT_EQ(test, install_on(first, im->params_pa, &rdx), 0);
	KUNIT_EXPECT_EQ(test, rdx, 0);
	/* The first caller closed the module; the same LP may not call again. */
	info(test, &li);
	KUNIT_EXPECT_EQ(test, li.seam_ready, 0);
	KUNIT_EXPECT_EQ(test, rd(first, MD_FIELD_ID_MAJOR_VERSION, &v), TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_EXPECT_EQ(test, install_on(first, im->params_pa, NULL), SEAMLDR_EBADCALL);

	/* Non-last callers never read RCX. */
	for_each_online_cpu(cpu)
		if (cpu != first && cpu != last)
			KUNIT_EXPECT_EQ(test, install_on(cpu, 0xdead, NULL), 0);
	KUNIT_EXPECT_EQ(test, install_on(last, im->params_pa, &rdx), 0);
	KUNIT_EXPECT_EQ(test, rdx, 0);
	info(test, &li);
	KUNIT_EXPECT_EQ(test, li.seam_ready, 1);
	KUNIT_EXPECT_EQ(test, li.num_remaining_updates, 63);
	KUNIT_EXPECT_EQ(test, memcmp(li.mrseam, im->sig.seamhash, sizeof(li.mrseam)), 0);

	/* The new module: SYS.INIT once, LP.INIT once per LP, RD after LP.INIT. */
	KUNIT_EXPECT_EQ(test, rd(first, MD_FIELD_ID_MAJOR_VERSION, &v), TDX_SYS_LP_INIT_NOT_DONE);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_LP_INIT, NULL), TDX_SYS_LP_INIT_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_UPDATE, NULL), TDX_SYS_STATE_INCORRECT);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &(struct tdx_module_args){ .rcx = 1 }),
			TDX_OPERAND_INVALID + 1);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &(struct tdx_module_args){}), 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &(struct tdx_module_args){}),
			TDX_SYS_INIT_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, rd(first, MD_FIELD_ID_MAJOR_VERSION, &v), TDX_SYS_LP_INIT_NOT_DONE);
	KUNIT_EXPECT_EQ(test, emu_call_on(first, TDH_SYS_LP_INIT, NULL), 0);
	KUNIT_EXPECT_EQ(test, emu_call_on(first, TDH_SYS_LP_INIT, NULL), TDX_SYS_LP_INIT_DONE);
	/* TDH.SYS.UPDATE needs every LP initialised. */
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_UPDATE, NULL), TDX_SYS_STATE_INCORRECT);
	for_each_online_cpu(cpu)
		if (cpu != first)
			KUNIT_EXPECT_EQ(test, emu_call_on(cpu, TDH_SYS_LP_INIT, NULL), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_UPDATE, NULL), 0);

	/* The new module runs with the old one's TDs. */
	KUNIT_EXPECT_EQ(test, version_update(), EMU_NEXT_UPDATE);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 3);
	KUNIT_EXPECT_FALSE(test, seam_emu.handoff.valid);
}

/* An LP that never calls: the install never completes, SEAM stays closed. */
static void emu_install_incomplete(struct kunit *test)
{
	int cpu, last = cpumask_last(cpu_online_mask);
	struct seam_seamldr_info li;
	struct emu_image *im;
	u64 v;

	emu_env_init(test);
	im = emu_image_new(test);
	emu_image_build(test, im);
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	for_each_online_cpu(cpu)
		if (cpu != last)
			KUNIT_EXPECT_EQ(test, install_on(cpu, im->params_pa, NULL), 0);
	info(test, &li);
	KUNIT_EXPECT_EQ(test, li.seam_ready, 0);
	KUNIT_EXPECT_EQ(test, li.num_remaining_updates, 64);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v),
			TDX_SEAMCALL_VMFAILINVALID);
	KUNIT_EXPECT_EQ(test, seam_emu.install_count, num_online_cpus() - 1);
}

enum install_change {
	PARAMS_VERSION, PARAMS_SCENARIO, PARAMS_RESERVED, PARAMS_NO_PAGES,
	PARAMS_MANY_PAGES, PARAMS_PAGE_PA, PARAMS_SIG_PA, SIG_HEADER, SIG_DEBUG,
	SIG_MAJOR_SVN, SIG_MINOR_SVN, SIG_CPU, SIG_TOO_BIG, SIG_HV_HIGH,
	SIG_HV_LOW, NO_UPDATES, NO_SHUTDOWN, BAD_HASH, BAD_SIGNATURE, SIG_RESERVED3,
	OTHER_SIGNER,
};

struct install_case {
	const char		*desc;
	enum install_change	change;
	u64			status;
	bool			unrecoverable;
};

static const struct install_case install_cases[] = {
	{ "params version", PARAMS_VERSION, SEAMLDR_EBADPARAM },
	{ "params scenario", PARAMS_SCENARIO, SEAMLDR_EBADPARAM },
	{ "params reserved bytes", PARAMS_RESERVED, SEAMLDR_EBADPARAM },
	{ "no module pages", PARAMS_NO_PAGES, SEAMLDR_EBADPARAM },
	{ "497 module pages", PARAMS_MANY_PAGES, SEAMLDR_EBADPARAM },
	{ "unaligned module page", PARAMS_PAGE_PA, SEAMLDR_EBADPARAM },
	{ "unaligned sigstruct", PARAMS_SIG_PA, SEAMLDR_EBADPARAM },
	{ "sigstruct header", SIG_HEADER, SEAMLDR_EBADSIG },
	{ "debug module, production platform", SIG_DEBUG, SEAMLDR_EBADSIG },
	{ "major SVN change", SIG_MAJOR_SVN, SEAMLDR_EBADCALL },
	{ "minor SVN downgrade", SIG_MINOR_SVN, SEAMLDR_EBADSIG },
	{ "CPU not listed", SIG_CPU, SEAMLDR_EUNSUPCPU },
	{ "layout larger than SEAMRR", SIG_TOO_BIG, SEAMLDR_ENOMEM },
	{ "no updates remaining", NO_UPDATES, SEAMLDR_EBADCALL },
	{ "handoff version below the new range", SIG_HV_HIGH, SEAMLDR_EBADHANDOFF },
	{ "handoff version above the new range", SIG_HV_LOW, SEAMLDR_EBADHANDOFF },
	{ "no handoff data (no shutdown)", NO_SHUTDOWN, SEAMLDR_EBADHANDOFF },
	{ "module hash mismatch", BAD_HASH, SEAMLDR_EBADHASH, true },
	{ "signature byte flipped", BAD_SIGNATURE, SEAMLDR_EBADSIG },
	{ "reserved3 set, 1.x loader", SIG_RESERVED3, SEAMLDR_EBADSIG },
	{ "signed with a key P-SEAMLDR does not hold", OTHER_SIGNER, SEAMLDR_EBADSIG },
};

/* The changes to the sigstruct and the platform, before the build. */
static void install_change_image(struct emu_image *im, enum install_change change)
{
	struct seam_sigstruct *sig = &im->sig;

	switch (change) {
	case SIG_HEADER:
		sig->header_version = 2;
		break;
	case SIG_DEBUG:
		sig->module_type = SEAM_SIGSTRUCT_DEBUG;
		break;
	case SIG_MAJOR_SVN:
		sig->seamsvn_major = 2;
		break;
	case SIG_MINOR_SVN:
		sig->seamsvn_minor = 3;
		break;
	case SIG_CPU:
		sig->cpuid_table[0] = 0x1234560;
		break;
	case SIG_TOO_BIG:
		sig->num_global_data_pages = 0xffff;
		break;
	case SIG_HV_HIGH:
		sig->module_hv = 3;
		sig->min_update_hv = 2;
		break;
	case SIG_HV_LOW:
		/* The running module writes handoff version 1. */
		seam_emu.module.module_hv = 1;
		sig->module_hv = 0;
		break;
	case NO_UPDATES:
		seam_emu.remaining = 0;
		break;
	case BAD_HASH:
		im->corrupt_hash = true;
		break;
	case SIG_RESERVED3:
		sig->reserved3[3] = 2;
		break;
	case OTHER_SIGNER:
		im->other_key = true;
		break;
	default:
		break;
	}
}

/* The changes to the built params. */
static void install_change_params(struct seam_seamldr_params *p, enum install_change change)
{
	switch (change) {
	case PARAMS_VERSION:
		p->version = 1;
		break;
	case PARAMS_SCENARIO:
		p->scenario = 2;
		break;
	case PARAMS_RESERVED:
		p->reserved[7] = 1;
		break;
	case PARAMS_NO_PAGES:
		p->num_module_pages = 0;
		break;
	case PARAMS_MANY_PAGES:
		p->num_module_pages = SEAM_TDX_MODULE_MAX_PAGES + 1;
		break;
	case PARAMS_PAGE_PA:
		p->mod_pages_pa_list[1] += 8;
		break;
	case PARAMS_SIG_PA:
		p->sigstruct_pa += 64;
		break;
	default:
		break;
	}
}

static void install_case_desc(const struct install_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(install_case, install_cases, install_case_desc);

/*
 * Each error from the last LP, its RDX, and what is left: a recoverable
 * failure restores SEAM_READY, so the (shut down) old module answers
 * again; an unrecoverable one leaves SEAM closed.  The counter is kept.
 */
static void emu_install_error(struct kunit *test)
{
	const struct install_case *c = test->param_value;
	struct seam_seamldr_info li;
	struct emu_image *im;
	u64 v, rdx = 99;
	u32 remaining;

	emu_env_init(test);
	im = emu_image_new(test);
	install_change_image(im, c->change);
	remaining = seam_emu.remaining;
	emu_image_build(test, im);
	install_change_params(im->params, c->change);
	if (c->change == BAD_SIGNATURE)
		((struct seam_sigstruct *)im->img.sigstruct)->signature[5] ^= 1;
	if (c->change != NO_SHUTDOWN)
		KUNIT_ASSERT_EQ(test, shutdown(seam_emu.module.module_hv), 0);
	KUNIT_EXPECT_EQ(test, install_all(test, im->params_pa, &rdx), c->status);
	KUNIT_EXPECT_EQ(test, rdx, c->unrecoverable);
	info(test, &li);
	KUNIT_EXPECT_EQ(test, li.seam_ready, !c->unrecoverable);
	KUNIT_EXPECT_EQ(test, li.num_remaining_updates, remaining);
	KUNIT_EXPECT_EQ(test, seam_emu.install_count, 0);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v),
			c->unrecoverable ? TDX_SEAMCALL_VMFAILINVALID :
			c->change == NO_SHUTDOWN ? 0 : TDX_SYS_SHUTDOWN);
}

/* After an unrecoverable failure there is no module to update. */
static void emu_install_after_unrecoverable(struct kunit *test)
{
	struct emu_image *bad, *good;

	emu_env_init(test);
	bad = emu_image_new(test);
	bad->corrupt_hash = true;
	emu_image_build(test, bad);
	good = emu_image_new(test);
	emu_image_build(test, good);
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	KUNIT_ASSERT_EQ(test, install_all(test, bad->params_pa, NULL), SEAMLDR_EBADHASH);
	KUNIT_EXPECT_EQ(test, install_all(test, good->params_pa, NULL), SEAMLDR_EBADPARAM);
}

/* A debug-signed module, on a platform in debug mode. */
static void emu_install_debug(struct kunit *test, bool empty_cpuid_table)
{
	struct emu_image *im;

	emu_env_init(test);
	seam_emu.platform_debug = true;
	im = emu_image_new(test);
	im->sig.module_type = SEAM_SIGSTRUCT_DEBUG;
	if (empty_cpuid_table) {
		im->sig.cpuid_table_size = 0;
		memset(im->sig.cpuid_table, 0, sizeof(im->sig.cpuid_table));
	}
	emu_image_build(test, im);
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	KUNIT_EXPECT_EQ(test, install_all(test, im->params_pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, init_and_update(), 0);
}

/* It installs. */
static void emu_install_debug_platform(struct kunit *test)
{
	emu_install_debug(test, false);
}

/* ... with an empty CPUID table, on any CPU (verify_manifest()). */
static void emu_install_debug_any_cpu(struct kunit *test)
{
	emu_install_debug(test, true);
}

/* Each successful install uses one update, down to none. */
static void emu_remaining_counter(struct kunit *test)
{
	struct emu_image *im;
	int i;

	emu_env_init(test);
	seam_emu.remaining = 2;
	im = emu_image_new(test);
	emu_image_build(test, im);
	for (i = 0; i < 2; i++) {
		KUNIT_ASSERT_EQ(test, shutdown(0), 0);
		KUNIT_ASSERT_EQ(test, install_all(test, im->params_pa, NULL), 0);
		KUNIT_ASSERT_EQ(test, init_and_update(), 0);
		KUNIT_EXPECT_EQ(test, seam_emu.remaining, 1 - i);
	}
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	KUNIT_EXPECT_EQ(test, install_all(test, im->params_pa, NULL), SEAMLDR_EBADCALL);
}

/* The new module's code checks the sigstruct's handoff fields. */
static void emu_sys_init_incompatible(struct kunit *test)
{
	struct tdx_module_args args = {};
	struct emu_image *im;

	emu_env_init(test);
	im = emu_image_new(test);
	im->desc.min_update_hv = 1;
	emu_image_build(test, im);
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	KUNIT_ASSERT_EQ(test, install_all(test, im->params_pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &args), TDX_SYS_INCOMPATIBLE_SIGSTRUCT);
}

/* A load starts over: no handoff, so TDH.SYS.UPDATE has nothing to take. */
static void emu_load_has_no_handoff(struct kunit *test)
{
	struct emu_image *im;

	emu_env_init(test);
	seam_emu.module.tds = 2;
	im = emu_image_new(test);
	emu_image_build(test, im);
	im->params->scenario = SEAMLDR_SCENARIO_LOAD;
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	KUNIT_ASSERT_EQ(test, install_all(test, im->params_pa, NULL), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.remaining, SEAM_EMU_SEAMDB_ENTRIES - 1);
	KUNIT_EXPECT_EQ(test, init_and_update(), TDX_SYS_INVALID_HANDOFF);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 0);
}

/* Install @im as an update on the booted emulator, all the way. */
static void install_update(struct kunit *test, struct emu_image *im)
{
	emu_image_build(test, im);
	KUNIT_ASSERT_EQ(test, shutdown(seam_emu.module.module_hv), 0);
	KUNIT_ASSERT_EQ(test, install_all(test, im->params_pa, NULL), 0);
	KUNIT_ASSERT_EQ(test, init_and_update(), 0);
}

/*
 * An image without a descriptor runs, but the emulator cannot run its
 * code to learn its version: TDH.SYS.RD refuses the version fields
 * rather than report 0.0.00.
 */
static void emu_install_without_descriptor(struct kunit *test)
{
	struct emu_image *im;
	u64 v;

	emu_env_init(test);
	im = emu_image_new(test);
	im->no_desc = true;
	install_update(test, im);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v),
			TDX_METADATA_FIELD_NOT_READABLE);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_UPDATE_VERSION, &v),
			TDX_METADATA_FIELD_NOT_READABLE);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_TDX_FEATURES0, &v), 0);
	KUNIT_EXPECT_EQ(test, v, TDX_FEATURES0_TD_PRESERVING | TDX_FEATURES0_NO_RBP_MOD);
}

/* A published 1.5 module is named by its seamhash in the versions table. */
static void emu_install_version_from_table(struct kunit *test)
{
	struct emu_image *im;
	u64 v;

	emu_env_init(test);
	im = emu_image_new(test);
	im->no_desc = true;
	emu_image_build(test, im);
	memcpy(seam_emu.versions[0].seamhash, im->sig.seamhash, sizeof(im->sig.seamhash));
	seam_emu.versions[0].version = (struct seam_emu_ver){ 1, 5, 24 };
	install_update(test, im);
	memset(seam_emu.versions, 0, sizeof(seam_emu.versions));
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MINOR_VERSION, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 5);
	KUNIT_EXPECT_EQ(test, version_update(), 24);
}

/*
 * A 2.0-style sigstruct carries the version in reserved3: a 1.x loader
 * refuses it, a 2.x loader installs it and the module reports it.
 */
static void emu_install_version_from_sigstruct(struct kunit *test)
{
	struct seam_emu_spec spec;
	struct emu_image *im;
	u64 v;

	emu_env_init(test);
	im = emu_image_new(test);
	im->no_desc = true;
	im->sig.reserved3[0] = 18;	/* x.y.18 */
	im->sig.reserved3[2] = 5;	/* x.5 */
	im->sig.reserved3[3] = 1;	/* 1. */
	emu_image_build(test, im);
	KUNIT_ASSERT_EQ(test, shutdown(0), 0);
	KUNIT_EXPECT_EQ(test, install_all(test, im->params_pa, NULL), SEAMLDR_EBADSIG);

	seam_emu_default_spec(&spec);
	spec.seamldr = (struct seam_emu_ver){ 2, 0, 0 };
	emu_env_reboot(&spec);
	install_update(test, im);
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v), 0);
	KUNIT_EXPECT_EQ(test, v, 1);
	KUNIT_EXPECT_EQ(test, version_update(), 18);
}

static void emu_fault_injection(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	struct seam_emu_fault f = {
		.fn = TDH_SYS_RD, .cpu = cpu, .nth = 2, .status = TDX_SYS_BUSY,
	};
	u64 v;

	emu_env_init(test);
	KUNIT_ASSERT_NE(test, cpu, lead());
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	/* Other CPUs do not count; the second call on @cpu fails, once. */
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v), 0);
	KUNIT_EXPECT_EQ(test, rd(cpu, MD_FIELD_ID_MAJOR_VERSION, &v), 0);
	KUNIT_EXPECT_EQ(test, rd(cpu, MD_FIELD_ID_MAJOR_VERSION, &v), TDX_SYS_BUSY);
	KUNIT_EXPECT_EQ(test, rd(cpu, MD_FIELD_ID_MAJOR_VERSION, &v), 0);
	f.nth = 0;
	KUNIT_EXPECT_EQ(test, seam_emu_arm_fault(&f), -EINVAL);
}

/*
 * A held CPU stays in its call for the hold and then runs it, or fails
 * it when a status was given too; the other CPUs are not held.
 */
static void emu_fault_hold(struct kunit *test)
{
	int cpu = cpumask_last(cpu_online_mask);
	struct seam_emu_fault f = {
		.fn = TDH_SYS_RD, .cpu = cpu, .nth = 1, .hold_us = 20000, .runs = true,
	};
	u64 v, t0;

	emu_env_init(test);
	KUNIT_ASSERT_NE(test, cpu, lead());
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	t0 = ktime_get_ns();
	KUNIT_EXPECT_EQ(test, rd(lead(), MD_FIELD_ID_MAJOR_VERSION, &v), 0);
	KUNIT_EXPECT_LT(test, ktime_get_ns() - t0, 20 * NSEC_PER_MSEC);
	/* Not the lead's answer: the held call must give its own. */
	v = 0;
	t0 = ktime_get_ns();
	KUNIT_EXPECT_EQ(test, rd(cpu, MD_FIELD_ID_MAJOR_VERSION, &v), 0);
	KUNIT_EXPECT_GE(test, ktime_get_ns() - t0, 20 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, v, 1);

	f.runs = false;
	f.status = TDX_SYS_BUSY;
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_EXPECT_EQ(test, rd(cpu, MD_FIELD_ID_MAJOR_VERSION, &v), TDX_SYS_BUSY);

	f.hold_us = SEAM_EMU_MAX_HOLD_US + 1;
	KUNIT_EXPECT_EQ(test, seam_emu_arm_fault(&f), -EINVAL);
	f.hold_us = 0;
	f.runs = true;
	KUNIT_EXPECT_EQ(test, seam_emu_arm_fault(&f), -EINVAL);
}

static void emu_spec_parse(struct kunit *test)
{
	char good[] = "version=2.0.8,svn=3.5 build=882,seamldr=2.0.1 remaining=3,features0=0x2";
	char bad_key[] = "colour=blue", bad_ver[] = "version=2.0", bad_hv[] = "min_update_hv=3";
	char big[] = "build=65536", bad_num[] = "remaining=many";
	struct seam_emu_spec spec;

	seam_emu_default_spec(&spec);
	KUNIT_ASSERT_EQ(test, seam_emu_parse_spec(good, &spec), 0);
	KUNIT_EXPECT_EQ(test, spec.desc.major, 2);
	KUNIT_EXPECT_EQ(test, spec.desc.update, 8);
	KUNIT_EXPECT_EQ(test, spec.svn_major, 3);
	KUNIT_EXPECT_EQ(test, spec.svn_minor, 5);
	KUNIT_EXPECT_EQ(test, spec.desc.build_num, 882);
	KUNIT_EXPECT_EQ(test, spec.seamldr.update, 1);
	KUNIT_EXPECT_EQ(test, spec.remaining, 3);
	KUNIT_EXPECT_EQ(test, spec.desc.features0, 2);
	KUNIT_EXPECT_EQ(test, seam_emu_parse_spec(bad_key, &spec), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_emu_parse_spec(bad_ver, &spec), -EINVAL);
	seam_emu_default_spec(&spec);
	KUNIT_EXPECT_EQ(test, seam_emu_parse_spec(bad_hv, &spec), -EINVAL);
	KUNIT_EXPECT_EQ(test, seam_emu_parse_spec(big, &spec), -ERANGE);
	KUNIT_EXPECT_EQ(test, seam_emu_parse_spec(bad_num, &spec), -EINVAL);
}

static struct kunit_case seam_emu_cases[] = {
	KUNIT_CASE(emu_boot_state),
	KUNIT_CASE(emu_seamcall_hook),
	KUNIT_CASE(emu_boot_uninitialised),
	KUNIT_CASE(emu_msrs),
	KUNIT_CASE(emu_info_bad_buffer),
	KUNIT_CASE(emu_rd_fields),
	KUNIT_CASE(emu_leaf_encoding),
	KUNIT_CASE(emu_state_gating),
	KUNIT_CASE(emu_shutdown_handoff_rules),
	KUNIT_CASE(emu_shutdown_compat_sensitive),
	KUNIT_CASE(emu_shutdown_sensitive_unasked),
	KUNIT_CASE(emu_install_protocol),
	KUNIT_CASE(emu_install_incomplete),
	KUNIT_CASE_PARAM(emu_install_error, install_case_gen_params),
	KUNIT_CASE(emu_install_after_unrecoverable),
	KUNIT_CASE(emu_install_debug_platform),
	KUNIT_CASE(emu_install_debug_any_cpu),
	KUNIT_CASE(emu_remaining_counter),
	KUNIT_CASE(emu_sys_init_incompatible),
	KUNIT_CASE(emu_load_has_no_handoff),
	KUNIT_CASE(emu_install_without_descriptor),
	KUNIT_CASE(emu_install_version_from_table),
	KUNIT_CASE(emu_install_version_from_sigstruct),
	KUNIT_CASE(emu_fault_injection),
	KUNIT_CASE(emu_fault_hold),
	KUNIT_CASE(emu_spec_parse),
	{}
};

static struct kunit_suite seam_emu_suite = {
	.name = "seam_emu",
	.test_cases = seam_emu_cases,
};

kunit_test_suite(seam_emu_suite);
