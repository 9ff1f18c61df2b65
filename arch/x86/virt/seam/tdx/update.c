// SPDX-License-Identifier: GPL-2.0
/*
 * The runtime update of the TDX module, as a SEAM phase plan.
 */

#define pr_fmt(fmt) "seam: tdx update: " fmt

#include <linux/array_size.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/seam/plan.h>
#include <linux/seam/status.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <asm/tdx.h>
#include <kunit/visibility.h>

#include "update.h"

/*
 * The operands were prepared by the pre-flight callback, before the stop.
 * A module that cannot refuse an update during a TD build itself is not
 * shut down while KVM builds one: here no build can progress.
 */
static int seam_tdx_shutdown(void *data)
{
	struct seam_tdx_update_ctx *ctx = data;
	struct tdx_module_args args = { .rcx = ctx->shutdown_rcx };

	if (ctx->refuse_td_build && tdx_nr_tds_building()) {
		WRITE_ONCE(ctx->td_building, true);
		return -EBUSY;
	}
	return seam_tdx_call(SEAM_TDX_SYS_SHUTDOWN, &args);
}

static int seam_tdx_install(void *data)
{
	struct seam_tdx_update_ctx *ctx = data;
	struct tdx_module_args args = { .rcx = ctx->params_pa };
	int err;

	err = seam_tdx_call(SEAM_TDX_SEAMLDR_INSTALL, &args);
	/* P-SEAMLDR had started overwriting the SEAM range. */
	if (err && args.rdx == SEAMLDR_INSTALL_UNRECOVERABLE)
		WRITE_ONCE(ctx->install_unrecoverable, true);
	return err;
}

static int seam_tdx_sys_init(void *data)
{
	struct tdx_module_args args = {};

	return seam_tdx_call(SEAM_TDX_SYS_INIT, &args);
}

static int seam_tdx_lp_init(void *data)
{
	struct tdx_module_args args = {};

	return seam_tdx_call(SEAM_TDX_SYS_LP_INIT, &args);
}

static int seam_tdx_sys_update(void *data)
{
	struct tdx_module_args args = {};

	return seam_tdx_call(SEAM_TDX_SYS_UPDATE, &args);
}

static const struct seam_phase seam_tdx_phases[] = {
	/*
	 * The last recoverable point: a refusal, such as a TD build in
	 * progress, leaves the old module running.  Once it succeeds, the
	 * old module is gone.  The recovery plan starts after it.
	 */
	{ .name = "tdx:shutdown", .scope = SEAM_SCOPE_LEAD, .fn = seam_tdx_shutdown, .ponr = true },
	/* P-SEAMLDR admits one LP at a time and installs on the last. */
	{ .name = "seamldr:install", .scope = SEAM_SCOPE_EACH_SERIAL, .fn = seam_tdx_install },
	/* LP.INIT on any CPU needs the global init first. */
	{ .name = "tdx:sys-init", .scope = SEAM_SCOPE_LEAD, .fn = seam_tdx_sys_init },
	{ .name = "tdx:lp-init", .scope = SEAM_SCOPE_EACH, .fn = seam_tdx_lp_init },
	/* Needs every LP initialised; takes the handed-off state over. */
	{ .name = "tdx:update", .scope = SEAM_SCOPE_LEAD, .fn = seam_tdx_sys_update },
};

static_assert(ARRAY_SIZE(seam_tdx_phases) <= SEAM_PLAN_MAX_PHASES);

/*
 * Under seam_tdx_lock, as soon as the CPUs run again: a failure past the
 * shutdown leaves the module down, and a recovery install must take the
 * handoff data it wrote.  On hardware, tdx.c caches the module status and
 * which CPUs did TDH.SYS.LP.INIT; tell it what the update did.  An
 * emulated update never touches real TDX state.
 */
static void seam_tdx_finish(void *data, const struct seam_plan_result *res)
{
	struct seam_tdx_update_ctx *ctx = data;
	bool down = res->err && (res->ponr_crossed || ctx->res->recovery);

	if (down && !ctx->res->recovery)
		WRITE_ONCE(seam_tdx_shutdown_hv, ctx->res->handoff_hv);
	if (!seam_platform_is_real())
		return;
	if (!res->err)
		tdx_module_runtime_updated(true);
	else if (down)
		tdx_module_runtime_updated(false);
}

VISIBLE_IF_KUNIT const struct seam_plan seam_tdx_plan = {
	.name		= "tdx-module-update",
	.phases		= seam_tdx_phases,
	.nr_phases	= ARRAY_SIZE(seam_tdx_phases),
	.preflight	= seam_tdx_preflight,
	.finish		= seam_tdx_finish,
};

/*
 * The update without its shutdown: the old module is already shut down
 * and its handoff data waits in the SEAM range (lifecycle.c).  It has no
 * point of no return: it starts past the update's.
 */
VISIBLE_IF_KUNIT const struct seam_plan seam_tdx_recovery_plan = {
	.name		= "tdx-module-recovery",
	.phases		= &seam_tdx_phases[1],
	.nr_phases	= ARRAY_SIZE(seam_tdx_phases) - 1,
	.preflight	= seam_tdx_preflight,
	.finish		= seam_tdx_finish,
};

/*
 * The update has succeeded whatever this read says: a failure only leaves
 * the new version unknown, and the version attribute reads ENODATA until
 * the module is read again.  The new module may also differ from the old
 * one in whether it can be updated, so the platform is assessed afresh.
 */
static void seam_tdx_refresh_version(struct seam_update_result *res)
{
	struct seam_tdx_module_info module;
	struct seam_seamldr_info ldr;
	struct seam_tdx_version after;

	seam_tdx_assess(&module, &ldr, NULL);
	if (seam_tdx_module_version(&after)) {
		pr_warn("TDX module %s, but the new module does not report its version\n",
			res->recovery ? "recovered" : "updated");
		return;
	}
	seam_tdx_format_version(res->after, &after);
}

/* Why the plan failed, when no check of this client said so. */
static const char *seam_tdx_plan_reason(const struct seam_tdx_update_ctx *ctx,
					const struct seam_plan_result *res)
{
	if (ctx->res->recovery && res->started)
		return "the recovery install failed";
	if (ctx->td_building)
		return "KVM is building a TD, and this TDX module cannot refuse the update itself";
	if (res->started && !res->ponr_crossed &&
	    res->leaf == &seam_tdx_leaves[SEAM_TDX_SYS_SHUTDOWN])
		return (res->status & SEAM_STATUS_CLASS_MASK) == TDX_UPDATE_COMPAT_SENSITIVE ?
		       "the TDX module refused to shut down: a TD is in an update-sensitive state" :
		       "the TDX module refused to shut down";
	if (res->started)
		return res->ponr_crossed ? "the update failed after the old module was shut down" :
					   "the update failed";
	return res->err == -EAGAIN ? "not every CPU is online" : "the update was refused";
}

/* What needs no SEAMCALL: the image, its sigstruct, signature and hash. */
static int seam_tdx_check_request(struct seam_tdx_update_ctx *ctx)
{
	struct seam_update_result *res = ctx->res;
	struct seam_tdx_image_error why = {};
	int err;

	if (seam_tdx_image_parse(ctx->buf, ctx->size, &ctx->img, &why)) {
		res->reason = why.reason;
		err = -EINVAL;
	} else {
		/*
		 * The rules every loader shares; those of the running
		 * loader's generation wait for SEAMLDR.INFO, in the pre-flight.
		 */
		err = seam_sigstruct_check(ctx->img.sigstruct, ctx->img.module_nr_pages,
					   SEAM_LOADER_UNKNOWN, &res->reason) ?:
		      seam_sigstruct_verify(ctx->img.sigstruct, &res->reason) ?:
		      seam_tdx_check_image(&ctx->img, &res->reason);
	}
	/* Out of memory is seam_tdx_fault()'s to name, as everywhere. */
	if (err && err != -ENOMEM)
		res->fault = why.bad_size ? SEAM_UPDATE_BAD_SIZE : SEAM_UPDATE_BAD_IMAGE;
	return err;
}

/*
 * What a failure means to the user, when no check of this client said so:
 * the core's errnos, the shutdown's refusals and the lock.
 */
static enum seam_update_fault seam_tdx_fault(const struct seam_update_result *res, int err)
{
	if (res->changed)
		return SEAM_UPDATE_PLATFORM;
	switch (err) {
	case -EAGAIN:		/* a CPU is offline */
	case -EBUSY:		/* another update, a TD being built or update-sensitive */
		return SEAM_UPDATE_RETRY;
	case -ENOMEM:
		return SEAM_UPDATE_NO_MEMORY;
	default:
		return SEAM_UPDATE_PLATFORM;
	}
}

/* Say what a failed run left: what a tool reads from version and the statistics. */
static void seam_tdx_run_failed(struct seam_tdx_update_ctx *ctx)
{
	struct seam_update_result *res = ctx->res;
	struct seam_tdx_module_info module;
	struct seam_seamldr_info ldr;

	if (!seam_tdx_module_down())
		return;
	seam_tdx_record_failure(ctx, &res->plan);
	/* Can P-SEAMLDR still install?  The interface follows at the next change. */
	seam_tdx_assess(&module, &ldr, NULL);
	/* Said once the assessment cannot contradict it. */
	if (!res->recovery && !seam_tdx_tds_lost())
		pr_crit("the old TDX module is shut down with handoff version %d: until a recovery install of a good image restores it, a TD's vCPU entry fails and KVM kills a TD for any other SEAMCALL\n",
			res->handoff_hv);
}

static int seam_tdx_update_locked(struct seam_tdx_update_ctx *ctx)
{
	struct seam_update_result *res = ctx->res;
	const struct seam_plan *plan = &seam_tdx_plan;
	int err;

	res->recovery = seam_tdx_module_down();
	if (res->recovery) {
		if (seam_tdx_tds_lost()) {
			res->reason = "the TDs were lost by a failed update: reboot";
			return -ENXIO;
		}
		plan = &seam_tdx_recovery_plan;
	}

	/* The image is checked before any SEAMCALL. */
	err = seam_tdx_check_request(ctx);
	if (err)
		return err;

	ctx->params = (void *)get_zeroed_page(GFP_KERNEL);
	if (!ctx->params) {
		res->reason = "out of memory";
		return -ENOMEM;
	}
	/*
	 * The image work is done before the plan takes the hotplug lock:
	 * the pre-flight only reads the firmware's state.
	 */
	err = seam_tdx_params_build(ctx->params, ctx->buf, &ctx->img);
	if (err) {
		res->fault = SEAM_UPDATE_BAD_IMAGE;
		res->reason = "image buffer is not 4 KiB aligned";
		free_page((unsigned long)ctx->params);
		return err;
	}
	ctx->params_pa = virt_to_phys(ctx->params);
	err = seam_run_plan(plan, ctx, &res->plan);
	free_page((unsigned long)ctx->params);
	/* A recovery run changes the SEAM range from its first INSTALL on. */
	res->changed = res->recovery ? res->plan.started : res->plan.ponr_crossed;
	if (err) {
		if (res->plan.started)
			seam_tdx_run_failed(ctx);
		if (!res->reason)
			res->reason = seam_tdx_plan_reason(ctx, &res->plan);
		return err;
	}
	WRITE_ONCE(seam_tdx_shutdown_hv, -1);
	seam_tdx_refresh_version(res);
	return 0;
}

/*
 * What the request did to the TDs.  While the module is shut down, KVM
 * kills a TD whose SEAMCALL finds it so (lifecycle.c).
 */
static const char *seam_tdx_tds_fate(const struct seam_update_result *res)
{
	if (!res->plan.started)
		return NULL;
	if (!seam_tdx_module_down())
		return res->changed ? "preserved" : NULL;
	if (seam_tdx_tds_lost())
		return "lost";
	return "stopped or killed by KVM if they run before a recovery install";
}

/**
 * seam_tdx_update() - Update the running TDX module, preserving the TDs
 * @image:	The new module's image, in either format; 4 KiB aligned.
 * @size:	Its size.
 * @res:	What happened, including a one-line reason on refusal; the
 *		versions and the state as seam-svc shows them.
 *
 * Checks the image, runs the pre-flight checks, then the update plan:
 * TDH.SYS.SHUTDOWN on the lead CPU with the negotiated handoff version,
 * SEAMLDR.INSTALL on every CPU in turn, TDH.SYS.INIT, TDH.SYS.LP.INIT on
 * every CPU and TDH.SYS.UPDATE, and finally reads the new version.
 *
 * After a failure past the shutdown, the next request is a recovery
 * install: the same plan without the shutdown, taking over the handoff
 * data the old module wrote, so that the TDs that made no SEAMCALL
 * meanwhile survive (KVM kills the others).  It is refused when
 * the TDs are lost.
 *
 * Context: Process context; sleeps and stops every CPU for the update.
 * Return: 0; -EBUSY if another update is running, KVM is building a TD
 * that the module cannot protect, or a TD is in an update-sensitive state;
 * -EINVAL for a malformed image; -EKEYREJECTED for a malformed sigstruct
 * or another signer; a pre-flight errno (see seam_tdx_preflight()), -EIO
 * for a module whose state cannot be read among them; the plan's errno;
 * or -ENXIO once the TDs are lost.
 */
int seam_tdx_update(const void *image, size_t size, struct seam_update_result *res)
{
	struct seam_tdx_update_ctx ctx = { .buf = image, .size = size, .res = res };
	struct seam_tdx_version v;
	int err;

	memset(res, 0, sizeof(*res));
	res->handoff_hv = -1;
	/* As last read; the pre-flight reads it afresh. */
	if (!seam_tdx_module_version(&v))
		seam_tdx_format_version(res->before, &v);
	if (!mutex_trylock(&seam_tdx_lock)) {
		res->reason = "another update is running";
		err = -EBUSY;
	} else {
		err = seam_tdx_update_locked(&ctx);
		mutex_unlock(&seam_tdx_lock);
	}
	res->state = seam_tdx_state();
	res->tds = seam_tdx_tds_fate(res);
	res->err = err;
	if (err && !res->fault)
		res->fault = seam_tdx_fault(res, err);
	return err;
}
EXPORT_SYMBOL_FOR_MODULES(seam_tdx_update, "seam-svc");
