// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated TDX module: its system states, the leaf gating of each
 * state, and TDH.SYS.INIT, LP.INIT, CONFIG, KEY.CONFIG, TDMR.INIT, RD,
 * SHUTDOWN and UPDATE.
 *
 * Every function here runs with seam_emu.lock held and interrupts off.
 */

#include <linux/bitmap.h>
#include <linux/bits.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <asm/shared/tdx.h>

#include "../tdx/image.h"
#include "../tdx/module_abi.h"
#include "emu.h"

/* Leaf number in RAX bits 15:0, version in 23:16, 63:24 reserved. */
#define SEAM_EMU_LEAF_NR		GENMASK_ULL(15, 0)

/* Operand IDs, added to a status. */
#define SEAM_EMU_OPERAND_RAX		0
#define SEAM_EMU_OPERAND_RCX		1

#define TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT	0x00000C0B00000000ULL

/*
 * What a module without a descriptor reports: it passed P-SEAMLDR, so it
 * runs, but its version lives in code the emulator does not execute; see
 * seam_emu_module_version().
 */
static const struct seam_emu_descriptor seam_emu_anonymous = {
	.magic		= SEAM_EMU_DESC_MAGIC,
	.features0	= TDX_FEATURES0_TD_PRESERVING | TDX_FEATURES0_NO_RBP_MOD,
};

/**
 * seam_emu_module_load() - Put a freshly installed module in place
 * @desc:	What it reports.
 * @has_desc:	@desc came from its image; otherwise it is ignored.
 *
 * The module starts in SYSINIT_PENDING with no LP initialised and no TDs;
 * the caller fills in the sysinfo handoff fields.  TDs handed over by the
 * old module wait in seam_emu.handoff for TDH.SYS.UPDATE.
 */
void seam_emu_module_load(const struct seam_emu_descriptor *desc, bool has_desc)
{
	struct seam_emu_module *mod = &seam_emu.module;

	memset(mod, 0, sizeof(*mod));
	mod->desc = has_desc ? *desc : seam_emu_anonymous;
	mod->has_desc = has_desc;
	mod->version_known = has_desc;
	mod->module_hv = mod->desc.module_hv;
	mod->min_update_hv = mod->desc.min_update_hv;
	mod->no_downgrade = mod->desc.no_downgrade;
}

/**
 * seam_emu_module_version() - Find the version of a module without descriptor
 * @sig:	Its sigstruct.
 *
 * A published 2.0 sigstruct appears to hold the version in reserved3: the
 * update number in bytes 0-1, the minor and major version in bytes 2 and
 * 3 (an inference from the published files, which every 2.0 release
 * fits).  A 1.5 sigstruct holds none, so the tester names such modules by
 * their seamhash in the versions table.  Without either the version
 * stays unknown, and TDH.SYS.RD refuses to read it rather than say 0.0.00.
 */
void seam_emu_module_version(const struct seam_sigstruct *sig)
{
	struct seam_emu_module *mod = &seam_emu.module;
	const u8 *r3 = sig->reserved3;
	unsigned int i;

	if (mod->has_desc)
		return;
	if (memchr_inv(r3, 0, sizeof(sig->reserved3))) {
		mod->desc.update = r3[0] | r3[1] << 8;
		mod->desc.minor = r3[2];
		mod->desc.major = r3[3];
		mod->version_known = true;
		return;
	}
	for (i = 0; i < SEAM_EMU_MAX_VERSIONS; i++) {
		const struct seam_emu_version *v = &seam_emu.versions[i];

		if (!v->version.major || memcmp(v->seamhash, sig->seamhash, sizeof(v->seamhash)))
			continue;
		mod->desc.major = v->version.major;
		mod->desc.minor = v->version.minor;
		mod->desc.update = v->version.update;
		mod->version_known = true;
		return;
	}
}

static u64 seam_emu_sys_init(struct tdx_module_args *args)
{
	struct seam_emu_module *mod = &seam_emu.module;
	const struct seam_emu_descriptor *d = &mod->desc;

	if (args->rcx)
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RCX;
	if (mod->state != SEAM_EMU_SYSINIT_PENDING)
		return TDX_SYS_INIT_NOT_PENDING;
	/* The sigstruct's handoff fields must be the ones the code was built with. */
	if (mod->has_desc &&
	    (mod->module_hv != d->module_hv || mod->min_update_hv != d->min_update_hv ||
	     mod->no_downgrade != d->no_downgrade))
		return TDX_SYS_INCOMPATIBLE_SIGSTRUCT;

	mod->state = SEAM_EMU_SYSINIT_DONE;
	cpumask_clear(&mod->lp_init);
	mod->nr_init_lps = 0;
	args->rcx = 0;
	args->rdx = 0;
	args->r8 = 0;
	args->r9 = 0;
	args->r10 = 0;
	return 0;
}

static u64 seam_emu_lp_init(void)
{
	struct seam_emu_module *mod = &seam_emu.module;
	unsigned int lp = smp_processor_id();

	if (mod->state != SEAM_EMU_SYSINIT_DONE)
		return TDX_SYS_LP_INIT_NOT_PENDING;
	if (cpumask_test_cpu(lp, &mod->lp_init))
		return TDX_SYS_LP_INIT_DONE;
	cpumask_set_cpu(lp, &mod->lp_init);
	mod->nr_init_lps++;
	return 0;
}

/*
 * TDH.SYS.CONFIG: every LP must have done LP.INIT first (TM
 * tdh_sys_config.c).  The TDMR list and the global KeyID are not
 * modelled: the emulator has no PAMT to set up.
 */
static u64 seam_emu_sys_config(void)
{
	struct seam_emu_module *mod = &seam_emu.module;

	if (mod->state != SEAM_EMU_SYSINIT_DONE || mod->nr_init_lps < seam_emu.nr_lps)
		return TDX_SYS_CONFIG_NOT_PENDING;
	mod->state = SEAM_EMU_SYSCONFIG_DONE;
	return 0;
}

/* TDH.SYS.KEY.CONFIG: once per package; the last one makes the module ready. */
static u64 seam_emu_key_config(void)
{
	struct seam_emu_module *mod = &seam_emu.module;
	unsigned int pkg = topology_logical_package_id(smp_processor_id());

	if (mod->state != SEAM_EMU_SYSCONFIG_DONE)
		return TDX_SYS_KEY_CONFIG_NOT_PENDING;
	if (__test_and_set_bit(pkg, &mod->pkg_config))
		return TDX_KEY_CONFIGURED;
	if (bitmap_weight(&mod->pkg_config, BITS_PER_LONG) == seam_emu.nr_pkgs)
		mod->state = SEAM_EMU_READY;
	return 0;
}

/*
 * TDH.SYS.TDMR.INIT: initialises the next 1 GiB of the TDMR at RCX and
 * returns in RDX where the next call resumes, as the kernel's loop
 * expects; there is no PAMT behind it.
 */
static u64 seam_emu_tdmr_init(struct tdx_module_args *args)
{
	args->rdx = args->rcx + SZ_1G;
	return 0;
}

/* The global metadata fields the module reports, in field-ID order. */
static const u64 seam_emu_field_ids[] = {
	0x0800000100000003ULL,	/* MINOR_VERSION */
	0x0800000100000004ULL,	/* MAJOR_VERSION */
	0x0800000100000005ULL,	/* UPDATE_VERSION */
	0x0800000100000006ULL,	/* INTERNAL_VERSION */
	0x0800000200000000ULL,	/* VENDOR_ID */
	0x0A00000000000001ULL,	/* NUM_TDX_FEATURES */
	0x0A00000200000000ULL,	/* SYS_ATTRIBUTES */
	0x0A00000300000008ULL,	/* TDX_FEATURES0 */
	0x1900000300000000ULL,	/* ATTRIBUTES_FIXED0 */
	0x1900000300000001ULL,	/* ATTRIBUTES_FIXED1 */
	0x1900000300000002ULL,	/* XFAM_FIXED0 */
	0x1900000300000003ULL,	/* XFAM_FIXED1 */
	0x8800000100000002ULL,	/* BUILD_NUM */
	0x8800000200000001ULL,	/* BUILD_DATE */
	0x8900000000000002ULL,	/* NO_DOWNGRADE */
	0x8900000000000004ULL,	/* HANDOFF_DATA_VALID */
	0x8900000100000000ULL,	/* MODULE_HV */
	0x8900000100000001ULL,	/* MIN_UPDATE_HV */
	0x8900000100000003ULL,	/* NUM_HANDOFF_PAGES */
	0x8900000100000005ULL,	/* HANDOFF_DATA_HV */
	0x8900000200000006ULL,	/* HANDOFF_DATA_SIZE */
	0x9100000100000008ULL,	/* MAX_TDMRS */
	0x9100000100000009ULL,	/* MAX_RESERVED_PER_TDMR */
	0x9100000100000010ULL,	/* PAMT_4K_ENTRY_SIZE */
	0x9100000100000011ULL,	/* PAMT_2M_ENTRY_SIZE */
	0x9100000100000012ULL,	/* PAMT_1G_ENTRY_SIZE */
	0x9800000100000000ULL,	/* TDR_BASE_SIZE */
	0x9800000100000100ULL,	/* TDCS_BASE_SIZE */
	0x9800000100000200ULL,	/* TDVPS_BASE_SIZE */
	0x9900000100000004ULL,	/* NUM_CPUID_CONFIG */
	0x9900000100000008ULL,	/* MAX_VCPUS_PER_TD */
};

/* Platform constants: what a Sapphire Rapids module reports. */
static u64 seam_emu_field_value(const struct seam_emu_module *mod, u64 id)
{
	const struct seam_emu_descriptor *d = &mod->desc;

	switch (id) {
	case TDX_FIELD_MINOR_VERSION:		return d->minor;
	case TDX_FIELD_MAJOR_VERSION:		return d->major;
	case TDX_FIELD_UPDATE_VERSION:		return d->update;
	case 0x0800000100000006ULL:		return d->internal;
	case 0x0800000200000000ULL:		return 0x8086;
	case 0x0A00000000000001ULL:		return 1;
	case TDX_FIELD_TDX_FEATURES0:		return d->features0;
	case 0x1900000300000002ULL:		return 0x3;
	case 0x1900000300000003ULL:		return 0x6e7;
	case TDX_FIELD_BUILD_NUM:		return d->build_num;
	case TDX_FIELD_BUILD_DATE:		return d->build_date;
	case TDX_FIELD_NO_DOWNGRADE:		return mod->no_downgrade;
	case 0x8900000000000004ULL:		return seam_emu.handoff.valid;
	case TDX_FIELD_MODULE_HV:		return mod->module_hv;
	case TDX_FIELD_MIN_UPDATE_HV:		return mod->min_update_hv;
	case 0x8900000100000003ULL:		return mod->num_handoff_pages;
	case 0x8900000100000005ULL:		return seam_emu.handoff.hv;
	case 0x8900000200000006ULL:		return seam_emu.handoff.size;
	case 0x9100000100000008ULL:		return 64;
	case 0x9100000100000009ULL:		return 16;
	case 0x9100000100000010ULL:
	case 0x9100000100000011ULL:
	case 0x9100000100000012ULL:		return 16;
	case 0x9800000100000000ULL:		return 0x1000;
	case 0x9800000100000100ULL:		return 0x4000;
	case 0x9800000100000200ULL:		return 0x6000;
	case 0x9900000100000008ULL:		return 576;
	default:				return 0;
	}
}

static bool seam_emu_version_field(u64 id)
{
	return id == TDX_FIELD_MAJOR_VERSION || id == TDX_FIELD_MINOR_VERSION ||
	       id == TDX_FIELD_UPDATE_VERSION;
}

static u64 seam_emu_sys_rd(struct tdx_module_args *args)
{
	const struct seam_emu_module *mod = &seam_emu.module;
	unsigned int i, nr = ARRAY_SIZE(seam_emu_field_ids);

	if (!cpumask_test_cpu(smp_processor_id(), &mod->lp_init))
		return TDX_SYS_LP_INIT_NOT_DONE;
	if (!args->rdx) {
		args->rdx = seam_emu_field_ids[0];
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	for (i = 0; i < nr; i++) {
		if (seam_emu_field_ids[i] != args->rdx)
			continue;
		if (!mod->version_known && seam_emu_version_field(args->rdx))
			return TDX_METADATA_FIELD_NOT_READABLE;
		args->r8 = seam_emu_field_value(mod, args->rdx);
		args->rdx = i + 1 < nr ? seam_emu_field_ids[i + 1] : -1ULL;
		return 0;
	}
	return TDX_METADATA_FIELD_ID_INCORRECT;
}

/*
 * RCX is the handoff version to write.  A module advertising
 * UPDATE_COMPAT also takes AVOID_COMPAT_SENSITIVE in bit 16; to any other
 * module the bit is part of an out-of-range version.
 */
static u64 seam_emu_sys_shutdown(struct tdx_module_args *args)
{
	struct seam_emu_module *mod = &seam_emu.module;
	bool compat = mod->desc.features0 & TDX_FEATURES0_UPDATE_COMPAT;
	u64 hv = args->rcx;

	if (compat)
		hv &= ~TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
	if (hv < mod->min_update_hv || hv > mod->module_hv ||
	    (mod->no_downgrade && hv != mod->module_hv))
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RCX;
	if (compat && (args->rcx & TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE) &&
	    seam_emu.update_sensitive)
		return TDX_UPDATE_COMPAT_SENSITIVE;

	mod->state = SEAM_EMU_SHUTDOWN;
	seam_emu.handoff.valid = true;
	seam_emu.handoff.hv = hv;
	seam_emu.handoff.size = SEAM_TDX_PAGE_SIZE;
	seam_emu.handoff.tds = mod->tds;
	return 0;
}

static u64 seam_emu_sys_update(void)
{
	struct seam_emu_module *mod = &seam_emu.module;
	struct seam_emu_handoff *h = &seam_emu.handoff;

	if (mod->state != SEAM_EMU_SYSINIT_DONE || mod->nr_init_lps < seam_emu.nr_lps)
		return TDX_SYS_STATE_INCORRECT;
	if (!h->valid || h->hv < mod->min_update_hv || h->hv > mod->module_hv)
		return TDX_SYS_INVALID_HANDOFF;

	mod->tds = h->tds;
	h->valid = false;
	mod->state = SEAM_EMU_READY;
	return 0;
}

/* Leafs that run before the module is ready; the rest need SYS_READY. */
static bool seam_emu_runs_before_ready(u64 nr)
{
	switch (nr) {
	case TDH_SYS_KEY_CONFIG: case 32: case TDH_SYS_INIT: case TDH_SYS_RD:
	case TDH_SYS_LP_INIT: case 37: case 44: case TDH_SYS_CONFIG: case TDH_SYS_UPDATE:
		return true;
	default:
		return false;
	}
}

/**
 * seam_emu_module_call() - A SEAMCALL to the TDX module
 * @fn:		RAX.
 * @args:	The other registers.
 *
 * Return: The status.  Leafs the emulator does not model fail as unknown
 * leafs do.
 */
u64 seam_emu_module_call(u64 fn, struct tdx_module_args *args)
{
	const struct seam_emu_module *mod = &seam_emu.module;
	u64 nr = fn & SEAM_EMU_LEAF_NR;

	if (fn != nr)
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RAX;
	if (mod->state == SEAM_EMU_SHUTDOWN && nr != 44)
		return TDX_SYS_SHUTDOWN;
	if (mod->state != SEAM_EMU_READY && !seam_emu_runs_before_ready(nr))
		return TDX_SYS_NOT_READY;

	switch (nr) {
	case TDH_SYS_INIT:
		return seam_emu_sys_init(args);
	case TDH_SYS_LP_INIT:
		return seam_emu_lp_init();
	case TDH_SYS_CONFIG:
		return seam_emu_sys_config();
	case TDH_SYS_KEY_CONFIG:
		return seam_emu_key_config();
	case TDH_SYS_TDMR_INIT:
		return seam_emu_tdmr_init(args);
	case TDH_SYS_RD:
		return seam_emu_sys_rd(args);
	case TDH_SYS_SHUTDOWN:
		return seam_emu_sys_shutdown(args);
	case TDH_SYS_UPDATE:
		return seam_emu_sys_update();
	default:
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RAX;
	}
}
