// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated P-SEAMLDR: SEAMLDR.INFO and SEAMLDR.INSTALL.
 *
 * Every function here runs with seam_emu.lock held and interrupts off,
 * like firmware: it reads its inputs from physical memory and never
 * sleeps.
 */

#include <linux/align.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/processor.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <crypto/sha2.h>
#include <asm/cpuid/api.h>

#include "../tdx/image.h"
#include "../tdx/seamldr.h"
#include "emu.h"

/* A physical range the firmware may read or write: ordinary RAM. */
static void *seam_emu_phys(u64 pa, size_t len, size_t align)
{
	if (!IS_ALIGNED(pa, align) || !pfn_valid(PHYS_PFN(pa)) ||
	    !pfn_valid(PHYS_PFN(pa + len - 1)))
		return NULL;
	return phys_to_virt(pa);
}

u64 seam_emu_seamldr_info(struct tdx_module_args *args)
{
	const struct seam_emu_seamextend *ext = &seam_emu.seamextend;
	struct seam_seamldr_info *info;

	info = seam_emu_phys(args->rcx, sizeof(*info), SEAMLDR_INFO_ALIGN);
	if (!info)
		return SEAMLDR_EBADPARAM;

	memset(info, 0, sizeof(*info));
	info->vendor_id = 0x8086;
	info->build_date = 20240401;
	info->major = seam_emu.seamldr.major;
	info->minor = seam_emu.seamldr.minor;
	info->update_version = seam_emu.seamldr.update;
	info->num_remaining_updates = seam_emu.remaining;
	info->seamextend_valid = ext->valid;
	info->tee_tcb_svn[SEAMLDR_SVN_MINOR] = ext->svn_minor;
	info->tee_tcb_svn[SEAMLDR_SVN_MAJOR] = ext->svn_major;
	memcpy(info->mrseam, ext->mrseam, sizeof(info->mrseam));
	info->seam_ready = ext->seam_ready;
	info->system_under_debug = seam_emu.platform_debug;
	info->p_seamldr_ready = 1;
	return 0;
}

/**
 * seam_emu_install_end() - End the install session after a failure
 * @recoverable:	Restore SEAMEXTEND as the first caller found it;
 *			otherwise zero it, leaving SEAM unusable.
 */
void seam_emu_install_end(bool recoverable)
{
	if (recoverable && seam_emu.install_count)
		seam_emu.seamextend = seam_emu.install_snapshot;
	else if (!recoverable)
		memset(&seam_emu.seamextend, 0, sizeof(seam_emu.seamextend));
	cpumask_clear(&seam_emu.install_lps);
	seam_emu.install_count = 0;
}

/* What the last caller found, to end the session with. */
struct seam_emu_install {
	const struct seam_seamldr_params	*params;
	const struct seam_sigstruct		*sig;
	const struct seam_emu_seamextend	*cur;
	bool					update;
};

static u64 seam_emu_check_params(struct seam_emu_install *in, u64 pa)
{
	const struct seam_seamldr_params *p;
	u64 i;

	p = seam_emu_phys(pa, sizeof(*p), SEAM_TDX_PAGE_SIZE);
	if (!p || p->version ||
	    (p->scenario != SEAMLDR_SCENARIO_LOAD && p->scenario != SEAMLDR_SCENARIO_UPDATE) ||
	    memchr_inv(p->reserved, 0, sizeof(p->reserved)) ||
	    !p->num_module_pages || p->num_module_pages > SEAM_TDX_MODULE_MAX_PAGES)
		return SEAMLDR_EBADPARAM;
	for (i = 0; i < p->num_module_pages; i++)
		if (!seam_emu_phys(p->mod_pages_pa_list[i], SEAM_TDX_PAGE_SIZE,
				   SEAM_TDX_PAGE_SIZE))
			return SEAMLDR_EBADPARAM;
	in->sig = seam_emu_phys(p->sigstruct_pa, SEAM_SIGSTRUCT_BYTES, SEAM_TDX_PAGE_SIZE);
	if (!in->sig)
		return SEAMLDR_EBADPARAM;
	in->params = p;
	in->update = p->scenario == SEAMLDR_SCENARIO_UPDATE;
	/* An update needs a module to update. */
	if (in->update && !in->cur->seam_ready)
		return SEAMLDR_EBADPARAM;
	return 0;
}

/* An empty table lists every CPU (verify_manifest(), seamldr_install.c). */
static bool seam_emu_cpu_listed(const struct seam_sigstruct *sig)
{
	u32 fms = cpuid_eax(1) & ~SEAM_CPUID_STEPPING_MASK;
	u32 i;

	if (!sig->cpuid_table_size)
		return true;
	for (i = 0; i < sig->cpuid_table_size; i++)
		if ((sig->cpuid_table[i] & ~SEAM_CPUID_STEPPING_MASK) == fms)
			return true;
	return false;
}

/* The manifest: the sigstruct, debug policy, SVNs and CPUs. */
static u64 seam_emu_check_manifest(const struct seam_emu_install *in)
{
	const struct seam_sigstruct *sig = in->sig;

	if (seam_emu_sigstruct_check(sig, in->params->num_module_pages))
		return SEAMLDR_EBADSIG;
	if ((sig->module_type & SEAM_SIGSTRUCT_DEBUG) && !seam_emu.platform_debug)
		return SEAMLDR_EBADSIG;
	if (in->update && sig->seamsvn_major != in->cur->svn_major)
		return SEAMLDR_EBADCALL;
	if (in->update && sig->seamsvn_minor < in->cur->svn_minor)
		return SEAMLDR_EBADSIG;
	if (!seam_emu_cpu_listed(sig))
		return SEAMLDR_EUNSUPCPU;
	return 0;
}

/* Does the new module, with one stack, TLS and VMCS set per LP, fit? */
static u64 seam_emu_check_layout(const struct seam_emu_install *in)
{
	const struct seam_sigstruct *sig = in->sig;
	u64 pages;

	pages = in->params->num_module_pages + sig->num_keyhole_pages +
		sig->num_global_data_pages + sig->num_handoff_pages + 1 +
		(u64)seam_emu.nr_lps * (sig->num_stack_pages + sig->num_tls_pages + 1);
	return pages > seam_emu.seamrr_pages ? SEAMLDR_ENOMEM : 0;
}

/*
 * The handoff data must be valid, fit the handoff area of the module that
 * wrote it (the current sysinfo table's num_handoff_pages), and have a
 * version the new module reads (init_seam_range_on_update()).  It survives
 * any install that fails, and a later install in the UPDATE scenario finds
 * it again.
 */
static u64 seam_emu_check_update(const struct seam_emu_install *in)
{
	const struct seam_emu_handoff *h = &seam_emu.handoff;
	const struct seam_sigstruct *sig = in->sig;
	u32 area = (seam_emu.module.num_handoff_pages + 1) * SEAM_TDX_PAGE_SIZE;

	if (!seam_emu.remaining)
		return SEAMLDR_EBADCALL;
	if (!h->valid || h->size > area ||
	    h->hv < sig->min_update_hv || h->hv > sig->module_hv)
		return SEAMLDR_EBADHANDOFF;
	return 0;
}

static u64 seam_emu_check_hash(const struct seam_emu_install *in)
{
	u8 digest[SHA384_DIGEST_SIZE];
	struct sha384_ctx ctx;
	u64 i;

	sha384_init(&ctx);
	for (i = 0; i < in->params->num_module_pages; i++)
		sha384_update(&ctx, phys_to_virt(in->params->mod_pages_pa_list[i]),
			      SEAM_TDX_PAGE_SIZE);
	sha384_final(&ctx, digest);
	return memcmp(digest, in->sig->seamhash, sizeof(digest)) ? SEAMLDR_EBADHASH : 0;
}

/* The epilogue: measure the new module, start it and hand the data over. */
static void seam_emu_install_commit(const struct seam_emu_install *in)
{
	const struct seam_sigstruct *sig = in->sig;
	const struct seam_emu_descriptor *desc;
	struct seam_emu_seamextend *ext = &seam_emu.seamextend;
	struct seam_emu_module *mod = &seam_emu.module;

	desc = phys_to_virt(in->params->mod_pages_pa_list[0]);
	seam_emu_module_load(desc, !memcmp(desc->magic, SEAM_EMU_DESC_MAGIC,
					   SEAM_EMU_DESC_MAGIC_LEN));
	seam_emu_module_version(sig);
	mod->module_hv = sig->module_hv;
	mod->min_update_hv = sig->min_update_hv;
	mod->no_downgrade = sig->no_downgrade;
	mod->num_handoff_pages = sig->num_handoff_pages;

	ext->valid = true;
	ext->svn_major = sig->seamsvn_major;
	ext->svn_minor = sig->seamsvn_minor;
	memcpy(ext->mrseam, sig->seamhash, sizeof(ext->mrseam));
	ext->seam_ready = true;
	seam_emu.remaining--;
	cpumask_clear(&seam_emu.install_lps);
	seam_emu.install_count = 0;
}

/* The last LP's work, in P-SEAMLDR's order; sets *unrecoverable. */
static u64 seam_emu_install_last(u64 params_pa, bool *unrecoverable)
{
	struct seam_emu_install in = { .cur = &seam_emu.install_snapshot };
	u64 status;

	*unrecoverable = false;
	status = seam_emu_check_params(&in, params_pa) ?:
		 seam_emu_check_manifest(&in) ?:
		 seam_emu_check_layout(&in);
	if (status)
		return status;

	if (in.update) {
		status = seam_emu_check_update(&in);
		if (status)
			return status;
	} else {
		/* A load starts over: a fresh SEAMDB, no handoff, no TDs. */
		seam_emu.remaining = SEAM_EMU_SEAMDB_ENTRIES;
		memset(&seam_emu.handoff, 0, sizeof(seam_emu.handoff));
	}

	/* The module range is being overwritten: no way back from here. */
	*unrecoverable = true;
	seam_emu.module.tds = 0;
	status = seam_emu_check_hash(&in);
	if (status)
		return status;

	seam_emu_install_commit(&in);
	*unrecoverable = false;
	return 0;
}

u64 seam_emu_seamldr_install(struct tdx_module_args *args)
{
	unsigned int lp = smp_processor_id();
	bool unrecoverable;
	u64 status;

	args->rdx = SEAMLDR_INSTALL_RECOVERABLE;
	if (cpumask_test_cpu(lp, &seam_emu.install_lps))
		return SEAMLDR_EBADCALL;

	/* The first caller closes the module to SEAMCALLs. */
	if (!seam_emu.install_count++) {
		seam_emu.install_snapshot = seam_emu.seamextend;
		seam_emu.seamextend.seam_ready = false;
	}
	cpumask_set_cpu(lp, &seam_emu.install_lps);
	if (seam_emu.install_count < seam_emu.nr_lps)
		return 0;

	status = seam_emu_install_last(args->rcx, &unrecoverable);
	if (status) {
		seam_emu_install_end(!unrecoverable);
		args->rdx = unrecoverable ? SEAMLDR_INSTALL_UNRECOVERABLE :
					    SEAMLDR_INSTALL_RECOVERABLE;
	}
	return status;
}
