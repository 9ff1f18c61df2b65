// SPDX-License-Identifier: GPL-2.0
/*
 * What a failed update leaves of the TDX module, and whether a recovery
 * install can bring its TDs back.
 *
 * Once TDH.SYS.SHUTDOWN has succeeded the old module is gone: it answers
 * every leaf but TDH.SYS.LP.SHUTDOWN with TDX_SYS_SHUTDOWN (TDX module
 * tdx_vmm_dispatcher.c).  Its handoff data stays in the SEAM range, and
 * P-SEAMLDR keeps it through any later install in the UPDATE scenario: it
 * zeroes the module range except the handoff area, and only a successful
 * TDH.SYS.UPDATE invalidates the header (P-SEAMLDR 1.5 seamldr_install.c
 * init_seam_range_on_update(); TDX module tdh_sys_update.c).  So after a
 * failure past the point of no return, installing a good image without
 * the shutdown (the "recovery install" of the TDX module base architecture
 * specification, 4.5.5) still preserves the TDs' state, unless:
 *
 *  - SEAMLDR.INSTALL failed with RDX = 1 (unrecoverable): P-SEAMLDR zeroed
 *    SEAMEXTEND, and refuses the UPDATE scenario without a current module
 *    (check_seamldr_params());
 *  - P-SEAMLDR refused the handoff data (EBADHANDOFF), or TDH.SYS.UPDATE did
 *    (TDX_SYS_INVALID_HANDOFF): no install can take it over;
 *  - P-SEAMLDR has no updates left, or no current module (SEAM_READY clear).
 *
 * In those cases the TDs are lost, and only a reboot brings TDX back.
 *
 * Even when the handoff data survives, KVM 7.3 does not hold TDs while the
 * module is down: every SEAMCALL it makes for a TD fails with
 * TDX_SYS_SHUTDOWN.  A vCPU entry (TDH.VP.ENTER) ends KVM_RUN with
 * KVM_EXIT_INTERNAL_ERROR, and the TDH.VP and TDH.MEM calls of a vCPU's
 * migration, an EPT fault or the TD's teardown trip TDX_BUG_ON(), which
 * marks the VM bugged for good (arch/x86/kvm/vmx/tdx.c).  So a TD that runs
 * while the module is down is killed; the recovery install restores the
 * module, and the state of the TDs that made no SEAMCALL meanwhile.
 */

#define pr_fmt(fmt) "seam: tdx update: " fmt

#include <linux/printk.h>
#include <linux/seam/client.h>
#include <linux/seam/status.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>

#include "update.h"

/*
 * What the last failure past the shutdown left, while the target is
 * poisoned; seam_tdx_lock serializes the writers.
 */
static enum seam_tdx_health seam_tdx_after_failure;
/* The handoff version the shut-down module wrote. */
static u16 seam_tdx_handoff_written;

/**
 * seam_tdx_health() - What failed updates have left of the TDX module
 *
 * Context: Any context.
 * Return: SEAM_TDX_HEALTHY unless the module is poisoned; then
 * SEAM_TDX_SHUT_DOWN when a recovery install can still restore the module,
 * and SEAM_TDX_TDS_LOST when it cannot, or when the module was poisoned
 * by something other than this client's update.
 */
enum seam_tdx_health seam_tdx_health(void)
{
	if (!seam_client_poisoned(&seam_tdx_update_client))
		return SEAM_TDX_HEALTHY;
	if (READ_ONCE(seam_tdx_after_failure) == SEAM_TDX_SHUT_DOWN)
		return SEAM_TDX_SHUT_DOWN;
	return SEAM_TDX_TDS_LOST;
}

static const char * const seam_tdx_health_names[] = {
	[SEAM_TDX_HEALTHY]	= "healthy",
	[SEAM_TDX_SHUT_DOWN]	= "recoverable",
	[SEAM_TDX_TDS_LOST]	= "lost",
};

/* As struct seam_update_result's @state says it. */
const char *seam_tdx_health_name(enum seam_tdx_health health)
{
	return seam_tdx_health_names[health];
}

/**
 * seam_tdx_handoff_hv() - The handoff version the shut-down module wrote
 *
 * Context: Process context with seam_tdx_lock held.
 * Return: The version; meaningful only in SEAM_TDX_SHUT_DOWN.
 */
u16 seam_tdx_handoff_hv(void)
{
	lockdep_assert_held(&seam_tdx_lock);
	return seam_tdx_handoff_written;
}

/**
 * seam_tdx_tds_lost() - Record that the TDs cannot be recovered
 * @why:	Why, for the log.
 *
 * Context: Process context with seam_tdx_lock held.
 */
void seam_tdx_tds_lost(const char *why)
{
	lockdep_assert_held(&seam_tdx_lock);
	if (seam_tdx_after_failure == SEAM_TDX_TDS_LOST)
		return;
	WRITE_ONCE(seam_tdx_after_failure, SEAM_TDX_TDS_LOST);
	pr_crit("the TDs are lost: %s; reboot to use TDX again\n", why);
}

/**
 * seam_tdx_healthy() - Forget the last failure: the module runs again
 *
 * After a successful recovery install.
 *
 * Context: Process context with seam_tdx_lock held.
 */
void seam_tdx_healthy(void)
{
	lockdep_assert_held(&seam_tdx_lock);
	WRITE_ONCE(seam_tdx_after_failure, SEAM_TDX_HEALTHY);
}

/* Why the failure in @res loses the handoff data for good, or NULL. */
static const char *seam_tdx_failure_loses_tds(const struct seam_tdx_update_ctx *ctx,
					      const struct seam_plan_result *res)
{
	if (res->leaf == &seam_tdx_leaves[SEAM_TDX_SEAMLDR_INSTALL]) {
		if (READ_ONCE(ctx->install_unrecoverable))
			return "SEAMLDR.INSTALL failed after overwriting the SEAM range";
		if (res->status == SEAMLDR_EBADHANDOFF)
			return "P-SEAMLDR refused the handoff data";
	}
	if (res->leaf == &seam_tdx_leaves[SEAM_TDX_SYS_UPDATE] &&
	    (res->status & SEAM_STATUS_CLASS_MASK) == TDX_SYS_INVALID_HANDOFF)
		return "TDH.SYS.UPDATE refused the handoff data";
	return NULL;
}

/**
 * seam_tdx_record_failure() - Say what a failed run left of the module
 * @ctx:	The request.
 * @res:	Its plan's outcome: a failure that left the module poisoned.
 *
 * The module was shut down, by this run or by the update a recovery run
 * tries to repair.  Either the handoff data is still there for a recovery
 * install, or the TDs are lost.  Whether P-SEAMLDR can still install is
 * checked by the next assessment.
 *
 * Context: Process context with seam_tdx_lock held.
 */
void seam_tdx_record_failure(const struct seam_tdx_update_ctx *ctx,
			     const struct seam_plan_result *res)
{
	const char *why = seam_tdx_failure_loses_tds(ctx, res);

	lockdep_assert_held(&seam_tdx_lock);
	if (!ctx->recovery) {
		seam_tdx_handoff_written = ctx->hv;
		WRITE_ONCE(seam_tdx_after_failure, SEAM_TDX_SHUT_DOWN);
	}
	if (why)
		seam_tdx_tds_lost(why);
}
