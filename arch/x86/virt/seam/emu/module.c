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
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/processor.h>
#include <linux/sizes.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <asm/shared/tdx.h>

#include "../tdx/image.h"
#include "emu.h"

/* Leaf number in RAX bits 15:0, version in 23:16, 63:24 reserved. */
#define SEAM_EMU_LEAF_NR		GENMASK_ULL(15, 0)

/* Operand IDs, added to a status: the registers' x86 encodings. */
#define SEAM_EMU_OPERAND_RAX		0
#define SEAM_EMU_OPERAND_RCX		1
#define SEAM_EMU_OPERAND_RDX		2
#define SEAM_EMU_OPERAND_R8		8

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

static bool seam_emu_overlap(u64 a, u64 a_size, u64 b, u64 b_size)
{
	return a < b + b_size && b < a + a_size;
}

/*
 * [start, end) lies in one CMR; CMRs that touch count as one, as in the
 * module's is_area_in_cmr().
 */
static bool seam_emu_in_cmrs(u64 start, u64 end)
{
	u64 cmr_start = 0, cmr_end = 0;
	unsigned int i;

	for (i = 0; i < seam_emu.nr_cmrs; i++) {
		const struct seam_emu_range *c = &seam_emu.cmrs[i];

		if (c->base != cmr_end)
			cmr_start = c->base;
		cmr_end = c->base + c->size;
		if (start >= cmr_start && end <= cmr_end)
			return true;
	}
	return false;
}

static bool seam_emu_pa_ok(u64 pa)
{
	return pa < BIT_ULL(boot_cpu_data.x86_phys_bits);
}

/* The parts of a checked TDMR that its reserved areas leave available. */
static unsigned int seam_emu_available(const struct tdx_tdmr_info *t,
				       struct seam_emu_range *avail)
{
	u64 at = t->base, end = t->base + t->size;
	unsigned int n = 0, j;

	for (j = 0; j < TDX_MAX_RESERVED_PER_TDMR && t->rsvd[j].size; j++) {
		u64 start = t->base + t->rsvd[j].offset;

		if (start > at)
			avail[n++] = (struct seam_emu_range){ at, start - at };
		at = start + t->rsvd[j].size;
	}
	if (end > at)
		avail[n++] = (struct seam_emu_range){ at, end - at };
	return n;
}

static bool seam_emu_hits_available(const struct tdx_tdmr_info *t, u64 base, u64 size)
{
	struct seam_emu_range avail[TDX_MAX_RESERVED_PER_TDMR + 1];
	unsigned int i, n = seam_emu_available(t, avail);

	for (i = 0; i < n; i++)
		if (seam_emu_overlap(base, size, avail[i].base, avail[i].size))
			return true;
	return false;
}

/* Reserved areas: in order, apart, 4 KiB granular, inside the TDMR. */
static u64 seam_emu_check_reserved(const struct tdx_tdmr_info *t, unsigned int i)
{
	u64 prev_end = 0;
	unsigned int j;

	for (j = 0; j < TDX_MAX_RESERVED_PER_TDMR; j++) {
		u64 off = t->rsvd[j].offset, size = t->rsvd[j].size;

		if (!size) {
			if (j + 1 < TDX_MAX_RESERVED_PER_TDMR && t->rsvd[j + 1].size)
				return TDX_NON_ORDERED_RESERVED_IN_TDMR + i;
			continue;
		}
		if (j && off < prev_end)
			return TDX_NON_ORDERED_RESERVED_IN_TDMR + i;
		if (!IS_ALIGNED(off, TDX_TDMR_GRANULE) || !IS_ALIGNED(size, TDX_TDMR_GRANULE) ||
		    off + size < off || off + size > t->size)
			return TDX_INVALID_RESERVED_IN_TDMR + i;
		prev_end = off + size;
	}
	return 0;
}

static bool seam_emu_pamt_ok(u64 base, u64 size, u64 page, u64 tdmr_size)
{
	return base + size >= base && IS_ALIGNED(base, TDX_TDMR_GRANULE) &&
	       IS_ALIGNED(size, TDX_TDMR_GRANULE) && seam_emu_pa_ok(base + size - 1) &&
	       size >= tdmr_size / page * TDX_PAMT_ENTRY_SIZE;
}

/* The PAMTs of a TDMR: for its 4 KiB, 2 MiB and 1 GiB pages. */
#define SEAM_EMU_NR_PAMTS	3

/* PAMT i of TDMR t, 0 to 2 for 4K, 2M and 1G pages, as a range. */
static struct seam_emu_range seam_emu_pamt(const struct tdx_tdmr_info *t, unsigned int i)
{
	switch (i) {
	case 0:	return (struct seam_emu_range){ t->pamt_4k_base, t->pamt_4k_size };
	case 1:	return (struct seam_emu_range){ t->pamt_2m_base, t->pamt_2m_size };
	default: return (struct seam_emu_range){ t->pamt_1g_base, t->pamt_1g_size };
	}
}

/* Whether a PAMT of TDMR @i overlaps another of its own or one of an earlier TDMR. */
static bool seam_emu_pamts_overlap(const struct tdx_tdmr_info *const *list, unsigned int i)
{
	unsigned int p, q, j;

	for (p = 0; p < SEAM_EMU_NR_PAMTS; p++) {
		struct seam_emu_range r = seam_emu_pamt(list[i], p);

		for (j = 0; j <= i; j++) {
			for (q = j < i ? 0 : p + 1; q < SEAM_EMU_NR_PAMTS; q++) {
				struct seam_emu_range o = seam_emu_pamt(list[j], q);

				if (seam_emu_overlap(r.base, r.size, o.base, o.size))
					return true;
			}
		}
	}
	return false;
}

/*
 * The PAMTs of TDMR @i, in the order of the module's
 * check_tdmr_pamt_areas(): well formed and big enough; apart from each
 * other and from every earlier TDMR's PAMTs; off the available memory of
 * this and every earlier TDMR, whose PAMTs must be off this one's too;
 * inside the CMRs.
 */
static u64 seam_emu_check_pamts(const struct tdx_tdmr_info *const *list, unsigned int i)
{
	static const u64 page[SEAM_EMU_NR_PAMTS] = { SZ_4K, SZ_2M, SZ_1G };
	const struct tdx_tdmr_info *t = list[i];
	unsigned int p, j;

	for (p = 0; p < ARRAY_SIZE(page); p++) {
		struct seam_emu_range r = seam_emu_pamt(t, p);

		if (!seam_emu_pamt_ok(r.base, r.size, page[p], t->size))
			return TDX_INVALID_PAMT + i;
	}
	if (seam_emu_pamts_overlap(list, i))
		return TDX_PAMT_OVERLAP + i;
	for (j = 0; j <= i; j++) {
		for (p = 0; p < ARRAY_SIZE(page); p++) {
			struct seam_emu_range r = seam_emu_pamt(t, p);
			struct seam_emu_range o = seam_emu_pamt(list[j], p);

			if (seam_emu_hits_available(list[j], r.base, r.size))
				return TDX_PAMT_OVERLAP + i;
			if (j < i && seam_emu_hits_available(t, o.base, o.size))
				return TDX_PAMT_OVERLAP + j;
		}
	}
	for (p = 0; p < ARRAY_SIZE(page); p++) {
		struct seam_emu_range r = seam_emu_pamt(t, p);

		if (!seam_emu_in_cmrs(r.base, r.base + r.size))
			return TDX_PAMT_OUTSIDE_CMRS + i;
	}
	return 0;
}

/* One TDMR, in the order of the module's check_and_set_tdmrs(). */
static u64 seam_emu_check_tdmr(const struct tdx_tdmr_info *const *list, unsigned int i)
{
	struct seam_emu_range avail[TDX_MAX_RESERVED_PER_TDMR + 1];
	const struct tdx_tdmr_info *t = list[i];
	unsigned int n, k;
	u64 status;

	if (t->base + t->size < t->base)
		return TDX_INVALID_TDMR + i;
	if (i && t->base < list[i - 1]->base + list[i - 1]->size)
		return TDX_NON_ORDERED_TDMR + i;
	if (!t->size || !IS_ALIGNED(t->base, TDX_TDMR_ALIGNMENT) ||
	    !IS_ALIGNED(t->size, TDX_TDMR_ALIGNMENT) || !seam_emu_pa_ok(t->base + t->size - 1))
		return TDX_INVALID_TDMR + i;
	status = seam_emu_check_reserved(t, i) ?: seam_emu_check_pamts(list, i);
	if (status)
		return status;
	n = seam_emu_available(t, avail);
	for (k = 0; k < n; k++)
		if (!seam_emu_in_cmrs(avail[k].base, avail[k].base + avail[k].size))
			return TDX_TDMR_OUTSIDE_CMRS + i;
	return 0;
}

/*
 * A buffer the module maps: 512-byte aligned, in RAM.  The CMRs are the
 * RAM, and unlike page_is_ram() they can be read under seam_emu.lock.
 */
static const void *seam_emu_map(u64 pa)
{
	if (!IS_ALIGNED(pa, TDMR_INFO_ALIGNMENT) || !seam_emu_pa_ok(pa) ||
	    !seam_emu_in_cmrs(pa, pa + TDMR_INFO_ALIGNMENT))
		return NULL;
	return phys_to_virt(pa);
}

/*
 * TDH.SYS.CONFIG (TM tdh_sys_config.c): after LP.INIT on every LP, with
 * RCX the array of TDMR_INFO addresses, RDX their number and R8 the
 * global private KeyID (bits 63:16 reserved: this module has no dynamic
 * PAMT).  Each TDMR is checked against the ones before it; details go
 * in bits 31:0, here the index of the TDMR at fault.
 */
static u64 seam_emu_sys_config(struct tdx_module_args *args)
{
	const struct tdx_tdmr_info *list[TDX_MAX_TDMRS];
	struct seam_emu_module *mod = &seam_emu.module;
	const u64 *pa = seam_emu_map(args->rcx);
	unsigned int i, nr = args->rdx;
	u64 status;

	if (mod->state != SEAM_EMU_SYSINIT_DONE || mod->nr_init_lps < seam_emu.nr_lps)
		return TDX_SYS_CONFIG_NOT_PENDING;
	if (!pa)
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RCX;
	if (!args->rdx || args->rdx > TDX_MAX_TDMRS)
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RDX;
	if (args->r8 < SEAM_EMU_KEYID_FIRST ||
	    args->r8 >= SEAM_EMU_KEYID_FIRST + SEAM_EMU_NR_KEYIDS)
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_R8;

	for (i = 0; i < nr; i++) {
		list[i] = seam_emu_map(pa[i]);
		if (!list[i])
			return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RCX;
		status = seam_emu_check_tdmr(list, i);
		if (status)
			return status;
	}

	for (i = 0; i < nr; i++)
		mod->tdmrs[i] = (struct seam_emu_tdmr){
			list[i]->base, list[i]->size, list[i]->base };
	mod->nr_tdmrs = nr;
	mod->hkid = args->r8;
	mod->pkg_config = 0;
	mod->state = SEAM_EMU_SYSCONFIG_DONE;
	return 0;
}

/*
 * TDH.SYS.KEY.CONFIG (TM tdh_sys_key_config.c): once per package, with
 * the global lock held exclusively (another caller meanwhile gets
 * TDX_SYS_BUSY; see seam_emu_call()); the last package makes the module
 * ready.
 */
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
 * TDH.SYS.TDMR.INIT (TM tdh_sys_tdmr_init.c): RCX names a TDMR by its
 * base; each call initialises the next chunk of its PAMT and returns in
 * RDX the next address, rounded down to 1 GiB, so that the kernel never
 * uses a block that is not done.
 */
static u64 seam_emu_tdmr_init(struct tdx_module_args *args)
{
	struct seam_emu_module *mod = &seam_emu.module;
	struct seam_emu_tdmr *t = NULL;
	unsigned int i;

	args->rdx = 0;
	for (i = 0; i < mod->nr_tdmrs && IS_ALIGNED(args->rcx, SZ_1G); i++)
		if (mod->tdmrs[i].base == args->rcx)
			t = &mod->tdmrs[i];
	if (!t)
		return TDX_OPERAND_INVALID + SEAM_EMU_OPERAND_RCX;
	if (t->next >= t->base + t->size)
		return TDX_TDMR_ALREADY_INITIALIZED;
	t->next += SEAM_EMU_TDMR_CHUNK;
	args->rdx = t->next & ~(u64)(SZ_1G - 1);
	return 0;
}

/**
 * seam_emu_tdmrs_initialised() - Whether TDs may use memory
 *
 * Return: true once the module is ready and TDH.SYS.TDMR.INIT has gone
 * through every TDMR.
 */
bool seam_emu_tdmrs_initialised(void)
{
	const struct seam_emu_module *mod = &seam_emu.module;
	unsigned int i;

	if (mod->state != SEAM_EMU_READY || !mod->nr_tdmrs)
		return false;
	for (i = 0; i < mod->nr_tdmrs; i++)
		if (mod->tdmrs[i].next < mod->tdmrs[i].base + mod->tdmrs[i].size)
			return false;
	return true;
}

/*
 * The CPUID leaves and subleaves (in bits 63:32; all ones for none) whose
 * values the VMM may configure for a TD, in the order of TDX module
 * 1.5.05's cpuid_configurations.c.  The emulator lets the VMM configure
 * no bit of them: CPUID_CONFIG_VALUES read 0.
 */
#define SEAM_EMU_NO_SUBLEAF	(0xFFFFFFFFULL << 32)
static const u64 seam_emu_cpuid_config[] = {
	0x1 | SEAM_EMU_NO_SUBLEAF,	0x4, 0x4 | 1ULL << 32, 0x4 | 2ULL << 32,
	0x4 | 3ULL << 32,		0x7, 0x7 | 1ULL << 32, 0xA | SEAM_EMU_NO_SUBLEAF,
	0x1C | SEAM_EMU_NO_SUBLEAF,	0x80000008 | SEAM_EMU_NO_SUBLEAF,
	0x7 | 2ULL << 32,		0x23,
	0x1F, 0x1F | 1ULL << 32, 0x1F | 2ULL << 32, 0x1F | 3ULL << 32,
	0x1F | 4ULL << 32, 0x1F | 5ULL << 32,
};

#define MD_FIELD_ID_CPUID_CONFIG_LEAVES	0x9900000300000400ULL
#define MD_FIELD_ID_CPUID_CONFIG_VALUES	0x9900000300000500ULL
#define SEAM_EMU_MAX_CPUID_CONFIG	32

/*
 * The global metadata fields the module reports, in field-ID order (TDX
 * module 1.5.05, global_sys_fields_lookup.c): each a field, or an array
 * of @nr elements with consecutive IDs.
 */
static const struct seam_emu_field {
	u64	id;
	u8	nr;
} seam_emu_fields[] = {
	{ 0x0800000100000003ULL, 1 },	/* MINOR_VERSION */
	{ 0x0800000100000004ULL, 1 },	/* MAJOR_VERSION */
	{ 0x0800000100000005ULL, 1 },	/* UPDATE_VERSION */
	{ 0x0800000100000006ULL, 1 },	/* INTERNAL_VERSION */
	{ 0x0800000200000000ULL, 1 },	/* VENDOR_ID */
	{ 0x0A00000000000001ULL, 1 },	/* NUM_TDX_FEATURES */
	{ 0x0A00000200000000ULL, 1 },	/* SYS_ATTRIBUTES */
	{ 0x0A00000300000008ULL, 1 },	/* TDX_FEATURES0 */
	{ 0x1900000300000000ULL, 1 },	/* ATTRIBUTES_FIXED0 */
	{ 0x1900000300000001ULL, 1 },	/* ATTRIBUTES_FIXED1 */
	{ 0x1900000300000002ULL, 1 },	/* XFAM_FIXED0 */
	{ 0x1900000300000003ULL, 1 },	/* XFAM_FIXED1 */
	{ 0x8800000100000002ULL, 1 },	/* BUILD_NUM */
	{ 0x8800000200000001ULL, 1 },	/* BUILD_DATE */
	{ 0x8900000000000002ULL, 1 },	/* NO_DOWNGRADE */
	{ 0x8900000000000004ULL, 1 },	/* HANDOFF_DATA_VALID */
	{ 0x8900000100000000ULL, 1 },	/* MODULE_HV */
	{ 0x8900000100000001ULL, 1 },	/* MIN_UPDATE_HV */
	{ 0x8900000100000003ULL, 1 },	/* NUM_HANDOFF_PAGES */
	{ 0x8900000100000005ULL, 1 },	/* HANDOFF_DATA_HV */
	{ 0x8900000200000006ULL, 1 },	/* HANDOFF_DATA_SIZE */
	{ 0x9100000100000008ULL, 1 },	/* MAX_TDMRS */
	{ 0x9100000100000009ULL, 1 },	/* MAX_RESERVED_PER_TDMR */
	{ 0x9100000100000010ULL, 1 },	/* PAMT_4K_ENTRY_SIZE */
	{ 0x9100000100000011ULL, 1 },	/* PAMT_2M_ENTRY_SIZE */
	{ 0x9100000100000012ULL, 1 },	/* PAMT_1G_ENTRY_SIZE */
	{ 0x9800000100000000ULL, 1 },	/* TDR_BASE_SIZE */
	{ 0x9800000100000100ULL, 1 },	/* TDCS_BASE_SIZE */
	{ 0x9800000100000200ULL, 1 },	/* TDVPS_BASE_SIZE */
	{ 0x9900000100000004ULL, 1 },	/* NUM_CPUID_CONFIG */
	{ 0x9900000100000008ULL, 1 },	/* MAX_VCPUS_PER_TD */
	{ MD_FIELD_ID_CPUID_CONFIG_LEAVES, SEAM_EMU_MAX_CPUID_CONFIG },
	{ MD_FIELD_ID_CPUID_CONFIG_VALUES, 2 * SEAM_EMU_MAX_CPUID_CONFIG },
};

/*
 * Values from TDX module 1.5.05's metadata_sys.c, on a CPU without LASS
 * (ATTRIBUTES_FIXED0 bit 27 clear) and with every XFAM feature the module
 * knows (XFAM_FIXED0 0x6DBE7).
 */
static u64 seam_emu_field_value(const struct seam_emu_module *mod, u64 id)
{
	const struct seam_emu_descriptor *d = &mod->desc;
	u64 i = id - MD_FIELD_ID_CPUID_CONFIG_LEAVES;

	if (i < SEAM_EMU_MAX_CPUID_CONFIG)
		return i < ARRAY_SIZE(seam_emu_cpuid_config) ? seam_emu_cpuid_config[i] : ~0ULL;
	switch (id) {
	case MD_FIELD_ID_MINOR_VERSION:		return d->minor;
	case MD_FIELD_ID_MAJOR_VERSION:		return d->major;
	case MD_FIELD_ID_UPDATE_VERSION:		return d->update;
	case 0x0800000100000006ULL:		return d->internal;
	case 0x0800000200000000ULL:		return 0x8086;
	case 0x0A00000000000001ULL:		return 1;
	case MD_FIELD_ID_TDX_FEATURES0:		return d->features0;
	case 0x1900000300000000ULL:		return 0x8000000070000001ULL;
	case 0x1900000300000002ULL:		return 0x6DBE7;
	case 0x1900000300000003ULL:		return 0x3;
	case MD_FIELD_ID_BUILD_NUM:		return d->build_num;
	case MD_FIELD_ID_BUILD_DATE:		return d->build_date;
	case MD_FIELD_ID_NO_DOWNGRADE:		return mod->no_downgrade;
	case 0x8900000000000004ULL:		return seam_emu.handoff.valid;
	case MD_FIELD_ID_MODULE_HV:		return mod->module_hv;
	case MD_FIELD_ID_MIN_UPDATE_HV:		return mod->min_update_hv;
	case 0x8900000100000003ULL:		return mod->num_handoff_pages;
	case 0x8900000100000005ULL:		return seam_emu.handoff.hv;
	case 0x8900000200000006ULL:		return seam_emu.handoff.size;
	case MD_FIELD_ID_MAX_TDMRS:		return TDX_MAX_TDMRS;
	case MD_FIELD_ID_MAX_RESERVED_PER_TDMR:	return TDX_MAX_RESERVED_PER_TDMR;
	case MD_FIELD_ID_PAMT_4K_ENTRY_SIZE:
	case MD_FIELD_ID_PAMT_2M_ENTRY_SIZE:
	case MD_FIELD_ID_PAMT_1G_ENTRY_SIZE:	return TDX_PAMT_ENTRY_SIZE;
	case 0x9800000100000000ULL:		return 0x1000;
	case 0x9800000100000100ULL:		return 0x6000;
	case 0x9800000100000200ULL:		return 0x6000;
	case 0x9900000100000004ULL:		return ARRAY_SIZE(seam_emu_cpuid_config);
	case 0x9900000100000008ULL:		return 576;
	default:				return 0;
	}
}

static bool seam_emu_version_field(u64 id)
{
	return id == MD_FIELD_ID_MAJOR_VERSION || id == MD_FIELD_ID_MINOR_VERSION ||
	       id == MD_FIELD_ID_UPDATE_VERSION;
}

/* The null field ID: no field, or the first one. */
#define MD_FIELD_ID_NA		(~0ULL)

/* The ID after @i's element @e, or the null ID after the last. */
static u64 seam_emu_next_field(unsigned int i, u64 e)
{
	if (e + 1 < seam_emu_fields[i].nr)
		return seam_emu_fields[i].id + e + 1;
	return i + 1 < ARRAY_SIZE(seam_emu_fields) ? seam_emu_fields[i + 1].id : MD_FIELD_ID_NA;
}

/*
 * TDH.SYS.RD (TM tdh_sys_rd.c): RDX the field, R8 its value; RDX then
 * names the next field, or is all ones after the last.  The null field
 * ID, all ones, asks for the first.  On failure RDX is all ones and R8 0.
 */
static u64 seam_emu_sys_rd(struct tdx_module_args *args)
{
	const struct seam_emu_module *mod = &seam_emu.module;
	u64 id = args->rdx;
	unsigned int i;

	args->rdx = MD_FIELD_ID_NA;
	args->r8 = 0;
	if (!cpumask_test_cpu(smp_processor_id(), &mod->lp_init))
		return TDX_SYS_LP_INIT_NOT_DONE;
	if (id == MD_FIELD_ID_NA) {
		args->rdx = seam_emu_fields[0].id;
		return TDX_METADATA_FIRST_FIELD_ID_IN_CONTEXT;
	}
	for (i = 0; i < ARRAY_SIZE(seam_emu_fields); i++) {
		u64 e = id - seam_emu_fields[i].id;

		if (e >= seam_emu_fields[i].nr)
			continue;
		if (!mod->version_known && seam_emu_version_field(id))
			return TDX_METADATA_FIELD_NOT_READABLE;
		args->r8 = seam_emu_field_value(mod, id);
		args->rdx = seam_emu_next_field(i, e);
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
	seam_emu.handoff.hkid = mod->hkid;
	memcpy(seam_emu.handoff.tdmrs, mod->tdmrs, sizeof(mod->tdmrs));
	seam_emu.handoff.nr_tdmrs = mod->nr_tdmrs;
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
	mod->hkid = h->hkid;
	memcpy(mod->tdmrs, h->tdmrs, sizeof(mod->tdmrs));
	mod->nr_tdmrs = h->nr_tdmrs;
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
 * leafs do in the 1.5 module (tdx_vmm_dispatcher.c), TDH.SYS.DISABLE
 * among them: 1.5 has no such leaf.
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
		return seam_emu_sys_config(args);
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
