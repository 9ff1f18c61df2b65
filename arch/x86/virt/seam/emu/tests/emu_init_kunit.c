// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the emulated TDX module's initialisation: every rule of
 * its state machine, broken once, refused with the status the TDX module
 * source returns for it (tdh_sys_init.c, tdh_sys_lp_init.c,
 * tdh_sys_config.c, tdh_sys_key_config.c, tdh_sys_tdmr_init.c); and
 * seam's initialisation plan bringing the module up on the emulator.
 *
 * The TDMR lists here are built by the tests, not by tdx.c: one TDMR over
 * the first GiB, as the 1 GiB test guests have, with the gaps between the
 * emulator's CMRs and a made-up PAMT as its reserved areas.  The emulator
 * only checks the PAMT's addresses.  tdx.c's own TDMRs go through the
 * same plan at every boot of the test guests.
 */

#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/delay.h>
#include <linux/io.h>
#include <linux/kthread.h>
#include <linux/sort.h>
#include <linux/topology.h>
#include <kunit/test.h>
#include <linux/seam/plan.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <asm/tdx.h>

#include "../../../vmx/tdx/tdx.h"
#include "../emu.h"
#include "emu_env.h"

/* Operand IDs in the low bits of TDX_OPERAND_INVALID. */
#define OPERAND_RCX		1
#define OPERAND_RDX		2
#define OPERAND_R8		8

/* The made-up PAMT of a 1 GiB TDMR: 4 MiB, 8 KiB and 4 KiB, in a row. */
#define PAMT_4K_SIZE		(SZ_1G / SZ_4K * TDX_PAMT_ENTRY_SIZE)
#define PAMT_2M_SIZE		(SZ_1G / SZ_2M * TDX_PAMT_ENTRY_SIZE)
#define PAMT_SIZE		(PAMT_4K_SIZE + PAMT_2M_SIZE + SZ_4K)
#define PAMT_AT			(SZ_512M)

/**
 * struct init_list - What TDH.SYS.CONFIG is given
 * @tdmr:	The TDMR_INFO entries.
 * @pa:		Their addresses, the array RCX points to.
 * @nr:		RDX.
 * @keyid:	R8.
 * @rcx:	RCX; the array's address unless a case changes it.
 */
struct init_list {
	struct tdx_tdmr_info	*tdmr[2];
	u64			*pa;
	u64			nr;
	u64			keyid;
	u64			rcx;
};

static int lead(void)
{
	return cpumask_first(cpu_online_mask);
}

static u64 call(u64 fn, struct tdx_module_args *args)
{
	return emu_call_on(lead(), fn, args);
}

static int cmp_rsvd(const void *a, const void *b)
{
	const u64 *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

static void add_rsvd(struct kunit *test, struct tdx_tdmr_info *t, unsigned int *n,
		     u64 start, u64 end)
{
	KUNIT_ASSERT_LT(test, *n, TDX_MAX_RESERVED_PER_TDMR);
	t->rsvd[*n].offset = start - t->base;
	t->rsvd[*n].size = end - start;
	(*n)++;
}

/* A TDMR at @base: what no CMR covers is reserved, and the PAMT at @pamt if inside. */
static void fill_tdmr(struct kunit *test, struct tdx_tdmr_info *t, u64 base, u64 pamt)
{
	u64 at = base, end = base + SZ_1G;
	unsigned int i, n = 0;

	memset(t, 0, sizeof(*t));
	t->base = base;
	t->size = SZ_1G;
	t->pamt_4k_base = pamt;
	t->pamt_4k_size = PAMT_4K_SIZE;
	t->pamt_2m_base = pamt + PAMT_4K_SIZE;
	t->pamt_2m_size = PAMT_2M_SIZE;
	t->pamt_1g_base = pamt + PAMT_4K_SIZE + PAMT_2M_SIZE;
	t->pamt_1g_size = SZ_4K;
	for (i = 0; i < seam_emu.nr_cmrs; i++) {
		u64 cs = max(seam_emu.cmrs[i].base, base);
		u64 ce = min(seam_emu.cmrs[i].base + seam_emu.cmrs[i].size, end);

		if (ce <= cs)
			continue;
		if (cs > at)
			add_rsvd(test, t, &n, at, cs);
		at = ce;
	}
	if (at < end)
		add_rsvd(test, t, &n, at, end);
	if (pamt >= base && pamt < end)
		add_rsvd(test, t, &n, pamt, pamt + PAMT_SIZE);
	sort(t->rsvd, n, sizeof(t->rsvd[0]), cmp_rsvd, NULL);
}

/* A valid list: one TDMR over the first GiB, the global KeyID first of the private ones. */
static struct init_list *init_list_new(struct kunit *test)
{
	struct init_list *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, l);
	/* 512-byte kmalloc() buffers are 512-byte aligned. */
	l->pa = kunit_kzalloc(test, TDMR_INFO_ALIGNMENT, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, l->pa);
	for (i = 0; i < ARRAY_SIZE(l->tdmr); i++) {
		l->tdmr[i] = kunit_kzalloc(test, sizeof(*l->tdmr[i]), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, l->tdmr[i]);
		l->pa[i] = virt_to_phys(l->tdmr[i]);
	}
	fill_tdmr(test, l->tdmr[0], 0, PAMT_AT);
	l->nr = 1;
	l->keyid = SEAM_EMU_KEYID_FIRST;
	l->rcx = virt_to_phys(l->pa);
	return l;
}

static u64 config(struct init_list *l)
{
	struct tdx_module_args args = { .rcx = l->rcx, .rdx = l->nr, .r8 = l->keyid };

	return call(TDH_SYS_CONFIG, &args);
}

/* A freshly powered-on module, as tdx_enable() finds it. */
static void boot_uninitialised(struct kunit *test)
{
	emu_env_boot(test);
}

/* TDH.SYS.INIT, then LP.INIT on every online CPU but @skip. */
static void init_lps(struct kunit *test, int skip)
{
	struct tdx_module_args args = {};
	int cpu;

	KUNIT_ASSERT_EQ(test, call(TDH_SYS_INIT, &args), 0);
	for_each_online_cpu(cpu)
		if (cpu != skip)
			KUNIT_ASSERT_EQ(test, emu_call_on(cpu, TDH_SYS_LP_INIT, NULL), 0);
}

/* KEY.CONFIG on the first online CPU of each package not configured yet. */
static void key_config_all(struct kunit *test)
{
	unsigned long done = seam_emu.module.pkg_config;
	int cpu;

	for_each_online_cpu(cpu) {
		if (__test_and_set_bit(topology_logical_package_id(cpu), &done))
			continue;
		KUNIT_ASSERT_EQ(test, emu_call_on(cpu, TDH_SYS_KEY_CONFIG, NULL), 0);
	}
}

static void emu_init_sys_init_once(struct kunit *test)
{
	struct tdx_module_args args = {};

	boot_uninitialised(test);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_LP_INIT, NULL), TDX_SYS_LP_INIT_NOT_PENDING);
	args.rcx = 1;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &args), TDX_OPERAND_INVALID + OPERAND_RCX);
	args.rcx = 0;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &args), 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_INIT, &args), TDX_SYS_INIT_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_LP_INIT, NULL), 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_LP_INIT, NULL), TDX_SYS_LP_INIT_DONE);
}

/**
 * struct config_case - One broken rule of TDH.SYS.CONFIG
 * @desc:	What is wrong.
 * @mutate:	Breaks a valid list.
 * @status:	What the module returns.
 */
struct config_case {
	const char	*desc;
	void		(*mutate)(struct kunit *test, struct init_list *l);
	u64		status;
};

static void array_misaligned(struct kunit *test, struct init_list *l)
{
	l->rcx += 8;
}

static void no_tdmrs(struct kunit *test, struct init_list *l)
{
	l->nr = 0;
}

static void too_many_tdmrs(struct kunit *test, struct init_list *l)
{
	l->nr = TDX_MAX_TDMRS + 1;
}

static void shared_keyid(struct kunit *test, struct init_list *l)
{
	l->keyid = 0;
}

static void keyid_reserved_bits(struct kunit *test, struct init_list *l)
{
	l->keyid |= BIT(16);
}

static void entry_misaligned(struct kunit *test, struct init_list *l)
{
	l->pa[0] += 64;
}

static void tdmr_unaligned(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->base = SZ_2M;
}

static void tdmr_empty(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->size = 0;
}

static void tdmr_overlaps_previous(struct kunit *test, struct init_list *l)
{
	*l->tdmr[1] = *l->tdmr[0];
	l->nr = 2;
}

static void rsvd_unordered(struct kunit *test, struct init_list *l)
{
	swap(l->tdmr[0]->rsvd[0], l->tdmr[0]->rsvd[1]);
}

static void rsvd_gap(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->rsvd[TDX_MAX_RESERVED_PER_TDMR - 1] = l->tdmr[0]->rsvd[0];
	l->tdmr[0]->rsvd[0].size = 0;
}

static void rsvd_unaligned(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->rsvd[0].size += 8;
}

static void rsvd_outside(struct kunit *test, struct init_list *l)
{
	unsigned int j = 0;

	while (j + 1 < TDX_MAX_RESERVED_PER_TDMR && l->tdmr[0]->rsvd[j + 1].size)
		j++;
	l->tdmr[0]->rsvd[j].size += SZ_1G;
}

static void pamt_small(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->pamt_4k_size -= SZ_4K;
}

static void pamt_unaligned(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->pamt_2m_base += 8;
}

static void pamt_overlaps_pamt(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->pamt_1g_base = l->tdmr[0]->pamt_4k_base;
}

/* The PAMT moves to RAM that no reserved area covers. */
static void pamt_in_available(struct kunit *test, struct init_list *l)
{
	l->tdmr[0]->pamt_4k_base -= SZ_64M;
}

/* A second TDMR's PAMT in the first one's available memory. */
static void pamt_in_other_tdmr(struct kunit *test, struct init_list *l)
{
	fill_tdmr(test, l->tdmr[1], SZ_2G, PAMT_AT - SZ_64M);
	l->nr = 2;
}

static void pamt_outside_cmrs(struct kunit *test, struct init_list *l)
{
	fill_tdmr(test, l->tdmr[0], 0, SZ_4G);
}

/* Every CMR ends below 2 GiB on the 1 GiB test guests. */
static void tdmr_outside_cmrs(struct kunit *test, struct init_list *l)
{
	struct tdx_tdmr_info *t = l->tdmr[0];

	memset(t->rsvd, 0, sizeof(t->rsvd));
	t->base = SZ_2G;
}

static const struct config_case config_cases[] = {
	{ "array not 512-byte aligned", array_misaligned, TDX_OPERAND_INVALID + OPERAND_RCX },
	{ "no TDMRs", no_tdmrs, TDX_OPERAND_INVALID + OPERAND_RDX },
	{ "more TDMRs than MAX_TDMRS", too_many_tdmrs, TDX_OPERAND_INVALID + OPERAND_RDX },
	{ "global KeyID not private", shared_keyid, TDX_OPERAND_INVALID + OPERAND_R8 },
	{ "R8 reserved bits", keyid_reserved_bits, TDX_OPERAND_INVALID + OPERAND_R8 },
	{ "TDMR_INFO not 512-byte aligned", entry_misaligned, TDX_OPERAND_INVALID + OPERAND_RCX },
	{ "TDMR not 1 GiB aligned", tdmr_unaligned, TDX_INVALID_TDMR },
	{ "TDMR of size 0", tdmr_empty, TDX_INVALID_TDMR },
	{ "TDMR overlapping the one before", tdmr_overlaps_previous, TDX_NON_ORDERED_TDMR + 1 },
	{ "reserved areas out of order", rsvd_unordered, TDX_NON_ORDERED_RESERVED_IN_TDMR },
	{ "reserved area after a null one", rsvd_gap, TDX_NON_ORDERED_RESERVED_IN_TDMR },
	{ "reserved area not 4 KiB granular", rsvd_unaligned, TDX_INVALID_RESERVED_IN_TDMR },
	{ "reserved area past the TDMR", rsvd_outside, TDX_INVALID_RESERVED_IN_TDMR },
	{ "PAMT too small", pamt_small, TDX_INVALID_PAMT },
	{ "PAMT not 4 KiB aligned", pamt_unaligned, TDX_INVALID_PAMT },
	{ "PAMTs overlapping", pamt_overlaps_pamt, TDX_PAMT_OVERLAP },
	{ "PAMT in available memory", pamt_in_available, TDX_PAMT_OVERLAP },
	{ "PAMT in another TDMR's memory", pamt_in_other_tdmr, TDX_PAMT_OVERLAP + 1 },
	{ "PAMT outside the CMRs", pamt_outside_cmrs, TDX_PAMT_OUTSIDE_CMRS },
	{ "TDMR memory outside the CMRs", tdmr_outside_cmrs, TDX_TDMR_OUTSIDE_CMRS },
};

KUNIT_ARRAY_PARAM_DESC(config, config_cases, desc);

/* Each broken rule is refused, nothing changes, and the valid list then goes through. */
static void emu_init_config_rules(struct kunit *test)
{
	const struct config_case *c = test->param_value;
	struct init_list *l;

	boot_uninitialised(test);
	l = init_list_new(test);
	init_lps(test, -1);
	c->mutate(test, l);
	KUNIT_EXPECT_EQ(test, config(l), c->status);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_SYSINIT_DONE);
	KUNIT_EXPECT_EQ(test, seam_emu.module.nr_tdmrs, 0);

	l = init_list_new(test);
	KUNIT_EXPECT_EQ(test, config(l), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_SYSCONFIG_DONE);
	KUNIT_EXPECT_EQ(test, seam_emu.module.nr_tdmrs, 1);
	KUNIT_EXPECT_EQ(test, config(l), TDX_SYS_CONFIG_NOT_PENDING);
}

/* CONFIG only once TDH.SYS.INIT and every LP's LP.INIT are done. */
static void emu_init_config_needs_every_lp(struct kunit *test)
{
	struct init_list *l;

	boot_uninitialised(test);
	l = init_list_new(test);
	KUNIT_EXPECT_EQ(test, config(l), TDX_SYS_CONFIG_NOT_PENDING);
	init_lps(test, cpumask_last(cpu_online_mask));
	KUNIT_EXPECT_EQ(test, config(l), TDX_SYS_CONFIG_NOT_PENDING);
	KUNIT_EXPECT_EQ(test, emu_call_on(cpumask_last(cpu_online_mask), TDH_SYS_LP_INIT, NULL), 0);
	KUNIT_EXPECT_EQ(test, config(l), 0);
}

static void emu_init_key_config_rules(struct kunit *test)
{
	struct init_list *l;
	int cpu = lead();

	boot_uninitialised(test);
	l = init_list_new(test);
	init_lps(test, -1);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_KEY_CONFIG, NULL), TDX_SYS_KEY_CONFIG_NOT_PENDING);
	KUNIT_ASSERT_EQ(test, config(l), 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_KEY_CONFIG, NULL), 0);
	/* Once per package: any LP of it. */
	for_each_online_cpu(cpu)
		if (cpu != lead() &&
		    topology_logical_package_id(cpu) == topology_logical_package_id(lead()))
			break;
	if (cpu < nr_cpu_ids)
		KUNIT_EXPECT_EQ(test, emu_call_on(cpu, TDH_SYS_KEY_CONFIG, NULL),
				TDX_KEY_CONFIGURED);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_KEY_CONFIG, NULL), TDX_KEY_CONFIGURED);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state,
			seam_emu.nr_pkgs == 1 ? SEAM_EMU_READY : SEAM_EMU_SYSCONFIG_DONE);
	key_config_all(test);
	KUNIT_EXPECT_EQ(test, seam_emu.module.state, SEAM_EMU_READY);
	KUNIT_EXPECT_FALSE(test, seam_emu_tdmrs_initialised());
}

/* No entropy for PCONFIG: the package stays unconfigured, and a retry works. */
static void emu_init_key_config_no_entropy(struct kunit *test)
{
	struct seam_emu_fault f = { .fn = TDH_SYS_KEY_CONFIG, .cpu = -1, .nth = 1,
				    .status = TDX_RND_NO_ENTROPY };

	boot_uninitialised(test);
	init_lps(test, -1);
	KUNIT_ASSERT_EQ(test, config(init_list_new(test)), 0);
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_KEY_CONFIG, NULL), TDX_RND_NO_ENTROPY);
	KUNIT_EXPECT_EQ(test, seam_emu.module.pkg_config, 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_KEY_CONFIG, NULL), 0);
}

struct held_call {
	int		cpu;
	u64		status;
	bool		done;
};

static int held_key_config(void *data)
{
	struct held_call *h = data;

	h->status = emu_call_on(h->cpu, TDH_SYS_KEY_CONFIG, NULL);
	WRITE_ONCE(h->done, true);
	return 0;
}

/*
 * KEY.CONFIG holds the module's global lock while PCONFIG runs: another
 * LP's KEY.CONFIG meanwhile gets TDX_SYS_BUSY, whatever its package.
 * This task stays on its CPU while a thread on another CPU is held in its
 * call for half a second.
 */
static void emu_init_key_config_one_at_a_time(struct kunit *test)
{
	struct seam_emu_fault f = { .fn = TDH_SYS_KEY_CONFIG, .cpu = -1, .nth = 1,
				    .hold_us = 500 * USEC_PER_MSEC, .runs = true };
	struct held_call h = {};
	struct task_struct *t;
	int me;

	boot_uninitialised(test);
	init_lps(test, -1);
	KUNIT_ASSERT_EQ(test, config(init_list_new(test)), 0);
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	migrate_disable();
	me = smp_processor_id();
	h.cpu = cpumask_any_but(cpu_online_mask, me);
	/* On the held CPU: a caller elsewhere would spin on this one until the call ends. */
	t = kthread_create(held_key_config, &h, "emu-key-config");
	if (IS_ERR(t)) {
		migrate_enable();
		KUNIT_FAIL(test, "no thread: %pe", t);
		return;
	}
	kthread_bind(t, h.cpu);
	wake_up_process(t);
	while (!READ_ONCE(seam_emu.global_lock) && !READ_ONCE(h.done))
		usleep_range(100, 200);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(h.done));
	KUNIT_EXPECT_EQ(test, emu_call_on(me, TDH_SYS_KEY_CONFIG, NULL), TDX_SYS_BUSY);
	while (!READ_ONCE(h.done))
		msleep(20);
	migrate_enable();
	KUNIT_EXPECT_EQ(test, h.status, 0);
	KUNIT_EXPECT_EQ(test, emu_call_on(me, TDH_SYS_KEY_CONFIG, NULL),
			topology_logical_package_id(me) == topology_logical_package_id(h.cpu) ?
			TDX_KEY_CONFIGURED : 0);
}

/*
 * TDMR.INIT: only once ready, only on a TDMR that CONFIG was given, a
 * 4 MiB chunk of PAMT a call, RDX rounded down to 1 GiB, and TDs only
 * once every TDMR is done.
 */
static void emu_init_tdmr_chunks(struct kunit *test)
{
	struct tdx_module_args args = {};
	unsigned int calls = 0;

	boot_uninitialised(test);
	init_lps(test, -1);
	KUNIT_ASSERT_EQ(test, config(init_list_new(test)), 0);
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_TDMR_INIT, &args), TDX_SYS_NOT_READY);
	key_config_all(test);
	args.rcx = SZ_1G;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_TDMR_INIT, &args), TDX_OPERAND_INVALID + OPERAND_RCX);
	args.rcx = SZ_2M;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_TDMR_INIT, &args), TDX_OPERAND_INVALID + OPERAND_RCX);
	do {
		KUNIT_EXPECT_FALSE(test, seam_emu_tdmrs_initialised());
		args.rcx = 0;
		KUNIT_ASSERT_EQ(test, call(TDH_SYS_TDMR_INIT, &args), 0);
		calls++;
		KUNIT_ASSERT_TRUE(test, args.rdx == 0 || args.rdx == SZ_1G);
	} while (args.rdx < SZ_1G);
	KUNIT_EXPECT_EQ(test, calls, SZ_1G / SEAM_EMU_TDMR_CHUNK);
	KUNIT_EXPECT_TRUE(test, seam_emu_tdmrs_initialised());
	args.rcx = 0;
	KUNIT_EXPECT_EQ(test, call(TDH_SYS_TDMR_INIT, &args), TDX_TDMR_ALREADY_INITIALIZED);
}

/*
 * seam's initialisation plan, as tdx_enable() runs it: after its hotplug
 * callback's TDH.SYS.INIT and LP.INIT.
 */
static int init_plan(struct kunit *test, struct seam_plan_result *res)
{
	struct init_list *l = init_list_new(test);
	/* tdx.c's list of the one TDMR. */
	struct tdmr_info_list tdmrs = {
		.tdmrs = l->tdmr[0], .nr_consumed_tdmrs = l->nr,
		.tdmr_sz = sizeof(*l->tdmr[0]), .max_tdmrs = 1,
	};
	int err;

	init_lps(test, -1);
	cpus_read_lock();
	err = seam_tdx_init_module(&tdmrs, l->keyid, res);
	cpus_read_unlock();
	return err;
}

/* tdx_enable()'s path: seam's initialisation plan, and its statistics. */
static void emu_init_plan(struct kunit *test)
{
	struct seam_plan_result res;
	unsigned long pkgs = 0;
	int cpu;

	boot_uninitialised(test);
	for_each_online_cpu(cpu)
		__set_bit(topology_logical_package_id(cpu), &pkgs);
	KUNIT_ASSERT_EQ(test, init_plan(test, &res), 0);
	KUNIT_EXPECT_TRUE(test, seam_emu_tdmrs_initialised());
	KUNIT_EXPECT_EQ(test, res.err, 0);
	KUNIT_EXPECT_EQ(test, res.phase[0].cpus, 1);
	KUNIT_EXPECT_EQ(test, res.phase[1].cpus, bitmap_weight(&pkgs, BITS_PER_LONG));
	KUNIT_EXPECT_EQ(test, res.phase[2].cpus, 1);
	KUNIT_EXPECT_EQ(test, res.phase[2].calls, SZ_1G / SEAM_EMU_TDMR_CHUNK);
	/* The hotplug callback's, not the plan's. */
	KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SYS_INIT], 1);
	KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SYS_LP_INIT], num_online_cpus());
	KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SYS_TDMR_INIT],
			SZ_1G / SEAM_EMU_TDMR_CHUNK);
}

/* A TDMR.INIT failing half way fails the plan there; the module stays unusable. */
static void emu_init_plan_fails_in_tdmr_init(struct kunit *test)
{
	struct seam_emu_fault f = { .fn = TDH_SYS_TDMR_INIT, .cpu = -1, .nth = 100,
				    .status = TDX_OPERAND_BUSY + OPERAND_RCX };
	struct seam_plan_result res;

	boot_uninitialised(test);
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_EXPECT_EQ(test, init_plan(test, &res), -EBUSY);
	KUNIT_EXPECT_FALSE(test, seam_emu_tdmrs_initialised());
	KUNIT_EXPECT_EQ(test, res.err, -EBUSY);
	KUNIT_EXPECT_EQ(test, res.failed_phase, 2);
	KUNIT_EXPECT_EQ(test, res.phase[2].calls, 100);
	KUNIT_EXPECT_EQ(test, res.status, TDX_OPERAND_BUSY + OPERAND_RCX);
}

/* PCONFIG without entropy twice: the leaf's retries get the key configured. */
static void emu_init_plan_key_config_retries(struct kunit *test)
{
	struct seam_emu_fault f = { .fn = TDH_SYS_KEY_CONFIG, .cpu = -1, .nth = 1,
				    .status = TDX_RND_NO_ENTROPY };

	boot_uninitialised(test);
	/* Both count from here: the first fires on the first call, the other on the next. */
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_ASSERT_EQ(test, seam_emu_arm_fault(&f), 0);
	KUNIT_EXPECT_EQ(test, init_plan(test, NULL), 0);
	KUNIT_EXPECT_TRUE(test, seam_emu_tdmrs_initialised());
	KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SYS_KEY_CONFIG],
			seam_emu.nr_pkgs + 2);
}

static struct kunit_case emu_init_cases[] = {
	KUNIT_CASE(emu_init_sys_init_once),
	KUNIT_CASE_PARAM(emu_init_config_rules, config_gen_params),
	KUNIT_CASE(emu_init_config_needs_every_lp),
	KUNIT_CASE(emu_init_key_config_rules),
	KUNIT_CASE(emu_init_key_config_no_entropy),
	KUNIT_CASE(emu_init_key_config_one_at_a_time),
	KUNIT_CASE(emu_init_tdmr_chunks),
	KUNIT_CASE(emu_init_plan),
	KUNIT_CASE(emu_init_plan_fails_in_tdmr_init),
	KUNIT_CASE(emu_init_plan_key_config_retries),
	{}
};

static struct kunit_suite emu_init_suite = {
	.name = "seam_emu_init",
	.test_cases = emu_init_cases,
};

kunit_test_suite(emu_init_suite);
