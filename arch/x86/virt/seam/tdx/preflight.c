// SPDX-License-Identifier: GPL-2.0
/*
 * Pre-flight checks of a TDX module update.
 *
 * TDs are lost when anything fails after TDH.SYS.SHUTDOWN, so what
 * P-SEAMLDR would reject afterwards is checked before the module is
 * touched, as far as it is known.  What depends on the image alone, the
 * sigstruct rules every loader shares (image.c), the RSA signature against
 * the sigstruct's own key (signature.c), the CPU and the hash, is checked
 * before any SEAMCALL, and so is the signer: P-SEAMLDR accepts one key.
 * The sigstruct rules of the running loader's generation, its SVN, debug
 * and remaining-update rules, and the handoff version wait for
 * SEAMLDR.INFO and TDH.SYS.RD.  Left to P-SEAMLDR are the rules of loaders
 * whose source is not public, and what depends on the SEAM range (its
 * size).  Each refusal has its own errno and reason.
 *
 * A recovery install (lifecycle.c) passes the same checks, except that the
 * handoff version is the one the shut-down module wrote.
 */

#define pr_fmt(fmt) "seam: tdx update: " fmt

#include <linux/moduleparam.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/seam/tdx_abi.h>
#include <crypto/sha2.h>
#include <kunit/visibility.h>
#include <asm/cpuid/api.h>
#include <asm/tdx.h>

#include "update.h"

/* The override below is seam.update_during_td_build, built in. */
#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "seam."

VISIBLE_IF_KUNIT bool seam_tdx_update_during_td_build;
module_param_named(update_during_td_build, seam_tdx_update_during_td_build, bool, 0644);
MODULE_PARM_DESC(update_during_td_build,
		 "Update a TDX module that cannot refuse it itself while KVM builds a TD, whose measurement the update may corrupt (default: refuse)");

/* seam-svc logs the refusal, with the reason. */
static int seam_tdx_refuse(struct seam_tdx_update_ctx *ctx, int err,
			   enum seam_update_fault fault, const char *reason)
{
	ctx->res->fault = fault;
	ctx->res->reason = reason;
	return err;
}

static int seam_tdx_check_versions(struct seam_tdx_update_ctx *ctx,
				   const struct seam_seamldr_info *info)
{
	const struct seam_sigstruct *sig = ctx->img.sigstruct;

	if (!info->num_remaining_updates)
		return seam_tdx_refuse(ctx, -ENOSPC, SEAM_UPDATE_NO_UPDATES_LEFT,
				       "P-SEAMLDR has no updates remaining until reboot");
	if ((sig->module_type & SEAM_SIGSTRUCT_DEBUG) && !info->system_under_debug)
		return seam_tdx_refuse(ctx, -EPERM, SEAM_UPDATE_BAD_IMAGE,
				       "debug-signed module on a platform not in debug mode");
	if (sig->seamsvn_major != info->tee_tcb_svn[SEAMLDR_SVN_MAJOR])
		return seam_tdx_refuse(ctx, -EXDEV, SEAM_UPDATE_BAD_IMAGE,
				       "major SVN differs from the running module's");
	if (sig->seamsvn_minor < info->tee_tcb_svn[SEAMLDR_SVN_MINOR])
		return seam_tdx_refuse(ctx, -ESTALE, SEAM_UPDATE_BAD_IMAGE,
				       "minor SVN lower than the running module's (downgrade)");
	return 0;
}

/*
 * An empty table, which only a debug-signed sigstruct may have, lists
 * every CPU (verify_manifest(), seamldr_install.c).
 */
static bool seam_tdx_cpu_listed(const struct seam_sigstruct *sig)
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

/* Whether SHA-384 of @len bytes at @p differs from @want. */
static bool seam_sha384_differs(const void *p, size_t len, const u8 *want)
{
	u8 digest[SHA384_DIGEST_SIZE];

	sha384(p, len, digest);
	return memcmp(digest, want, sizeof(digest));
}

/**
 * seam_tdx_check_image() - The checks that need no SEAMCALL
 * @img:	A parsed image whose sigstruct passed the shared rules.
 * @reason:	Set to why the image is refused.
 *
 * The sigstruct must be signed with the key P-SEAMLDR accepts, this CPU
 * must be in its CPUID table (stepping masked; every package has the same
 * CPU, as TDX requires), and the module pages must hash to its seamhash.
 *
 * Context: Process context.
 * Return: 0, -EKEYREJECTED for another signer, -ENOEXEC for another CPU,
 * or -EBADMSG for a hash mismatch.
 */
int seam_tdx_check_image(const struct seam_tdx_image *img, const char **reason)
{
	const struct seam_sigstruct *sig = img->sigstruct;
	const u8 *key_hash = seam_seamldr_key_hash();

	/* P-SEAMLDR installs only what the one key it holds signed. */
	if (key_hash && seam_sha384_differs(sig->modulus, sizeof(sig->modulus), key_hash)) {
		*reason = "signed with a key P-SEAMLDR does not accept";
		return -EKEYREJECTED;
	}
	if (!seam_tdx_cpu_listed(sig)) {
		*reason = "module does not support this CPU";
		return -ENOEXEC;
	}
	if (seam_sha384_differs(img->module, (size_t)img->module_nr_pages * SEAM_TDX_PAGE_SIZE,
				sig->seamhash)) {
		*reason = "module hash does not match the sigstruct's seamhash";
		return -EBADMSG;
	}
	return 0;
}

/* The update's handoff version, or a refusal before the shutdown. */
static int seam_tdx_choose_hv(struct seam_tdx_update_ctx *ctx)
{
	const struct seam_sigstruct *sig = ctx->img.sigstruct;
	const struct seam_tdx_module_info *old = &ctx->module;
	bool agreed;
	u16 hv;

	agreed = seam_handoff_negotiate(old->min_update_hv, old->module_hv, old->no_downgrade,
					sig->min_update_hv, sig->module_hv, &hv);
	if (!agreed) {
		pr_err("running module hands off %u..%u%s, new module takes %u..%u\n",
		       old->min_update_hv, old->module_hv,
		       old->no_downgrade ? " (no downgrade)" : "",
		       sig->min_update_hv, sig->module_hv);
		return seam_tdx_refuse(ctx, -EPROTONOSUPPORT, SEAM_UPDATE_BAD_IMAGE,
				       "no handoff version that both modules accept");
	}
	ctx->res->handoff_hv = hv;
	return 0;
}

/* A recovery image must take what the shut-down module wrote. */
static int seam_tdx_recovery_hv(struct seam_tdx_update_ctx *ctx)
{
	const struct seam_sigstruct *sig = ctx->img.sigstruct;
	int hv = READ_ONCE(seam_tdx_shutdown_hv);

	if (hv < sig->min_update_hv || hv > sig->module_hv) {
		pr_err("the shut-down module wrote handoff version %d, the recovery image takes %u..%u\n",
		       hv, sig->min_update_hv, sig->module_hv);
		return seam_tdx_refuse(ctx, -EPROTONOSUPPORT, SEAM_UPDATE_BAD_IMAGE,
				       "the image cannot take the handoff data the old module wrote");
	}
	ctx->res->handoff_hv = hv;
	return 0;
}

/**
 * seam_tdx_preflight() - The pre-flight callback of the update and recovery plans
 * @data:	The struct seam_tdx_update_ctx.
 *
 * Runs after the core checked that every CPU is online, and after the
 * image passed the checks that need no SEAMCALL and SEAMLDR.INSTALL's
 * params were built.  It only reads the firmware's state: it assesses
 * the platform afresh (seam_tdx_assess()), checks the new module against
 * P-SEAMLDR and the handoff version, and sets TDH.SYS.SHUTDOWN's operand.
 *
 * Context: Process context with the CPU hotplug lock and seam_tdx_lock
 * held.
 * Return: 0, or the errno of the first failing check.
 */
int seam_tdx_preflight(void *data)
{
	struct seam_tdx_update_ctx *ctx = data;
	struct seam_seamldr_info info;
	const char *reason;
	int err;

	/* Afresh: an update since the last look may have changed the module. */
	err = seam_tdx_assess(&ctx->module, &info, ctx->res);
	if (err)
		return seam_tdx_refuse(ctx, err, ctx->res->fault, ctx->res->reason);
	if (!ctx->res->recovery)
		seam_tdx_format_version(ctx->res->before, &ctx->module.version);

	/* The sigstruct rules of the running loader's generation. */
	err = seam_sigstruct_check(ctx->img.sigstruct, ctx->img.module_nr_pages,
				   seam_loader_gen(info.major), &reason);
	if (err)
		return seam_tdx_refuse(ctx, err, SEAM_UPDATE_BAD_IMAGE, reason);

	err = seam_tdx_check_versions(ctx, &info) ?:
	      (ctx->res->recovery ? seam_tdx_recovery_hv(ctx) : seam_tdx_choose_hv(ctx));
	/* A recovery has no shutdown: the old module is already down. */
	if (err || ctx->res->recovery)
		return err;
	/* TDH.SYS.SHUTDOWN's operand, so that nothing is computed in the stop. */
	ctx->shutdown_rcx = ctx->res->handoff_hv;
	/*
	 * A module that advertises the bit refuses the shutdown during a TD
	 * build itself; the others reject the bit as an operand, and are not
	 * shut down while KVM builds a TD (seam_tdx_shutdown()).
	 */
	if (ctx->module.features0 & TDX_FEATURES0_UPDATE_COMPAT)
		ctx->shutdown_rcx |= TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE;
	else if (!READ_ONCE(seam_tdx_update_during_td_build))
		ctx->refuse_td_build = true;
	else if (tdx_nr_tds_building())
		pr_warn("override seam.update_during_td_build=1: updating while KVM builds %u TD(s), which this module cannot protect\n",
			tdx_nr_tds_building());
	return 0;
}
