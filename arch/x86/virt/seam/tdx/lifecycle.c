// SPDX-License-Identifier: GPL-2.0
/*
 * The TDX module's lifecycle, as the update client sees it.
 *
 * The kernel initialises the TDX module once, at boot: tdx_enable(), at
 * subsys_initcall, turns VMX on in every online CPU, runs TDH.SYS.INIT and
 * TDH.SYS.LP.INIT from a CPU hotplug callback and configures the module
 * through seam's initialisation plan.  If that fails, the module stays
 * uninitialised and VMX off until the next boot.  So the client assesses
 * once, at late_initcall, whether the module can be updated, and afresh in
 * every update's pre-flight, where a runtime update may have changed the
 * answer; each reason why an update is not possible is logged once.
 *
 * After an update failed past the shutdown the module cannot be read, and
 * the assessment asks P-SEAMLDR only whether a recovery install can still
 * run.  The handoff version the module was shut down with, and the status,
 * are the one record of the module's health; they change only with
 * seam_tdx_lock held.
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

#include <linux/bitops.h>
#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/seam/status.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <asm/tdx.h>

#include "update.h"

/* Serializes updates and assessments, and protects the status below. */
DEFINE_MUTEX(seam_tdx_lock);

/*
 * The errno that refuses an update in each status, what the user can do
 * about it, and why, in words.
 */
static const struct {
	int			err;
	enum seam_update_fault	fault;
	const char		*reason;
} seam_tdx_statuses[SEAM_TDX_NR_STATUS] = {
	[SEAM_TDX_UNKNOWN] = {
		-ENODATA, SEAM_UPDATE_RETRY, "the TDX module was not read yet" },
	[SEAM_TDX_NO_MODULE] = {
		-ENODEV, SEAM_UPDATE_PLATFORM, "no TDX module is loaded" },
	[SEAM_TDX_UNINITIALISED] = {
		-ENODATA, SEAM_UPDATE_RETRY, "the TDX module was not initialised at boot" },
	[SEAM_TDX_UNREADABLE] = {
		-EIO, SEAM_UPDATE_PLATFORM, "the TDX module's state cannot be read" },
	[SEAM_TDX_LOST] = {
		-ENXIO, SEAM_UPDATE_PLATFORM,
		"the TDX module and its TDs were lost by a failed update: reboot" },
	[SEAM_TDX_NO_TD_PRESERVING] = {
		-EOPNOTSUPP, SEAM_UPDATE_PLATFORM,
		"the TDX module does not support TD-preserving updates" },
	[SEAM_TDX_ERRATUM] = {
		-ENODEV, SEAM_UPDATE_PLATFORM, "the CPU has the SEAMRET-clears-VMCS erratum" },
	[SEAM_TDX_NO_SEAMLDR] = {
		-ENOPKG, SEAM_UPDATE_PLATFORM, "no P-SEAMLDR is loaded" },
	[SEAM_TDX_RECOVERABLE] = {
		0, SEAM_UPDATE_OK,
		"a failed update shut the TDX module down: upload a recovery image" },
	[SEAM_TDX_UPDATABLE] = {
		0, SEAM_UPDATE_OK, "runtime updates are possible" },
};

static enum seam_tdx_status seam_tdx_cur = SEAM_TDX_UNKNOWN;
/*
 * The handoff version the module was shut down with by an update that
 * failed after the shutdown, set once the CPUs run again; -1 otherwise.
 */
int seam_tdx_shutdown_hv = -1;
/* Statuses whose reason was logged; each is logged once. */
static unsigned long seam_tdx_logged;

/* The cached module version; readers never see a half-written one. */
static DEFINE_SPINLOCK(seam_tdx_version_lock);
static struct seam_tdx_version seam_tdx_cached_version;
static bool seam_tdx_version_known;

/**
 * seam_tdx_cache_version() - Remember or forget the module's version
 * @v:		The version, or NULL to forget it.
 *
 * Context: Any context that may take a spinlock.
 */
static void seam_tdx_cache_version(const struct seam_tdx_version *v)
{
	spin_lock(&seam_tdx_version_lock);
	if (v)
		seam_tdx_cached_version = *v;
	seam_tdx_version_known = v;
	spin_unlock(&seam_tdx_version_lock);
}

/**
 * seam_tdx_module_down() - Whether a failed update left the module shut down
 *
 * An update failed after TDH.SYS.SHUTDOWN, and no recovery install has
 * completed since.  The firmware refuses what it cannot serve meanwhile:
 * the old module, until an install replaces it, every leaf but
 * TDH.SYS.LP.SHUTDOWN (TDX_SYS_SHUTDOWN, TDX module tdx_vmm_dispatcher.c);
 * a new one, the leafs that need its initialisation.
 *
 * Context: Any context.
 * Return: true if it is.
 */
bool seam_tdx_module_down(void)
{
	return READ_ONCE(seam_tdx_shutdown_hv) >= 0;
}

/**
 * seam_tdx_tds_lost() - Whether a shut-down module's TDs are lost
 *
 * Context: Any context.
 * Return: true if a failure lost the handoff data, or P-SEAMLDR can no
 * longer install a recovery image; meaningful only while the module is
 * down.
 */
bool seam_tdx_tds_lost(void)
{
	return READ_ONCE(seam_tdx_cur) == SEAM_TDX_LOST;
}

/* Say once why the TDs are lost; the status stays so until reboot. */
static enum seam_tdx_status seam_tdx_lose_tds(const char *why)
{
	lockdep_assert_held(&seam_tdx_lock);
	if (seam_tdx_cur != SEAM_TDX_LOST)
		pr_crit("the TDs are lost: %s; reboot to use TDX again\n", why);
	WRITE_ONCE(seam_tdx_cur, SEAM_TDX_LOST);
	return SEAM_TDX_LOST;
}

/**
 * seam_tdx_state() - What failed updates have left of the module, in words
 *
 * As struct seam_update_result's @state says it.
 *
 * Context: Any context.
 * Return: "healthy" unless a failed update left the module down; then
 * "recoverable" while a recovery install can still restore it, and "lost"
 * once it cannot.
 */
const char *seam_tdx_state(void)
{
	if (!seam_tdx_module_down())
		return "healthy";
	return seam_tdx_tds_lost() ? "lost" : "recoverable";
}

/**
 * seam_tdx_record_failure() - Record what a failed run left of the module
 * @ctx:	The request.
 * @res:	Its plan's outcome: a failure that left the module down.
 *
 * The module was shut down, by this run or by the update a recovery run
 * tries to repair, and its version is unknown until a recovery install
 * succeeds.  Either the handoff data is still there for a recovery
 * install, or the TDs are lost.  Whether P-SEAMLDR can still install is
 * up to the assessment that follows.
 *
 * Context: Process context with seam_tdx_lock held.
 */
void seam_tdx_record_failure(const struct seam_tdx_update_ctx *ctx,
			     const struct seam_plan_result *res)
{
	bool install = res->leaf == &seam_tdx_leaves[SEAM_TDX_SEAMLDR_INSTALL];

	lockdep_assert_held(&seam_tdx_lock);
	seam_tdx_cache_version(NULL);
	/* What loses the handoff data for good. */
	if (install && READ_ONCE(ctx->install_unrecoverable))
		seam_tdx_lose_tds("SEAMLDR.INSTALL failed after overwriting the SEAM range");
	else if (install && res->status == SEAMLDR_EBADHANDOFF)
		seam_tdx_lose_tds("P-SEAMLDR refused the handoff data");
	else if (res->leaf == &seam_tdx_leaves[SEAM_TDX_SYS_UPDATE] &&
		 (res->status & SEAM_STATUS_CLASS_MASK) == TDX_SYS_INVALID_HANDOFF)
		seam_tdx_lose_tds("TDH.SYS.UPDATE refused the handoff data");
}

/**
 * seam_tdx_module_version() - The running TDX module's version
 * @version:	Filled in on success.
 *
 * Context: Any context that may take a spinlock.
 * Return: 0; -ESHUTDOWN while a failed update has left the module shut
 * down, waiting for a recovery install; -ENXIO once the module and its TDs
 * are lost; or -ENODATA while the module has not been read: it was not
 * initialised at boot.
 */
int seam_tdx_module_version(struct seam_tdx_version *version)
{
	bool known;

	if (seam_tdx_module_down())
		return seam_tdx_tds_lost() ? -ENXIO : -ESHUTDOWN;

	spin_lock(&seam_tdx_version_lock);
	*version = seam_tdx_cached_version;
	known = seam_tdx_version_known;
	spin_unlock(&seam_tdx_version_lock);
	return known ? 0 : -ENODATA;
}
EXPORT_SYMBOL_FOR_MODULES(seam_tdx_module_version, "seam-svc");

/*
 * What a failed read of the module's state says about it.  #UD: VMX is
 * off, which tdx_enable() leaves it after a failure.
 */
static enum seam_tdx_status seam_tdx_module_read_status(int err)
{
	switch (err) {
	case -ENODEV:	/* VMfailInvalid: SEAM_READY is clear */
		return SEAM_TDX_NO_MODULE;
	case -EACCES:	/* #UD */
	case -ENODATA:	/* TDX_SYS_LP_INIT_NOT_DONE */
		return SEAM_TDX_UNINITIALISED;
	default:
		return SEAM_TDX_UNREADABLE;
	}
}

/*
 * The TDX host code initialised the module at boot: it has its system
 * information.  Readable is not enough: tdx_enable() can fail after
 * TDH.SYS.LP.INIT, leaving a module that answers TDH.SYS.RD but runs no
 * TD.  Only hardware (and the emulator under it) has tdx.c's state.
 */
static bool seam_tdx_initialised_at_boot(void)
{
	return !seam_platform_is_real() || tdx_get_sysinfo();
}

/* Can P-SEAMLDR be called, and what does it say? */
static enum seam_tdx_status seam_tdx_assess_loader(struct seam_seamldr_info *ldr, int *err)
{
	/* Before SEAMLDR.INFO, which would clobber KVM's VMCS. */
	if (boot_cpu_has_bug(X86_BUG_SEAMRET_INVD_VMCS))
		return SEAM_TDX_ERRATUM;
	*err = seam_tdx_read_seamldr_info(ldr);
	if (*err == -ENOPKG)
		return SEAM_TDX_NO_SEAMLDR;
	return *err ? SEAM_TDX_UNREADABLE : SEAM_TDX_UPDATABLE;
}

/*
 * After a failure past the shutdown the module cannot be read; whether a
 * recovery install can still preserve the TDs is up to P-SEAMLDR.
 */
static enum seam_tdx_status seam_tdx_assess_recovery(struct seam_seamldr_info *ldr, int *err)
{
	enum seam_tdx_status status;

	if (seam_tdx_tds_lost())
		return SEAM_TDX_LOST;
	status = seam_tdx_assess_loader(ldr, err);
	if (status != SEAM_TDX_UPDATABLE)
		return status;
	/* P-SEAMLDR refuses the UPDATE scenario without a current module. */
	if (!ldr->seam_ready)
		return seam_tdx_lose_tds("P-SEAMLDR has no current module to update");
	if (!ldr->num_remaining_updates)
		return seam_tdx_lose_tds("P-SEAMLDR has no updates left for a recovery install");
	return SEAM_TDX_RECOVERABLE;
}

static enum seam_tdx_status seam_tdx_assess_platform(struct seam_tdx_module_info *module,
						     struct seam_seamldr_info *ldr,
						     int *err)
{
	if (seam_tdx_module_down())
		return seam_tdx_assess_recovery(ldr, err);

	*err = seam_tdx_read_module_info(module);
	if (*err) {
		seam_tdx_cache_version(NULL);
		return seam_tdx_module_read_status(*err);
	}
	if (!seam_tdx_initialised_at_boot()) {
		seam_tdx_cache_version(NULL);
		return SEAM_TDX_UNINITIALISED;
	}
	seam_tdx_cache_version(&module->version);

	if (!(module->features0 & TDX_FEATURES0_TD_PRESERVING))
		return SEAM_TDX_NO_TD_PRESERVING;
	return seam_tdx_assess_loader(ldr, err);
}

static void seam_tdx_report(enum seam_tdx_status status,
			    const struct seam_tdx_module_info *module,
			    const struct seam_seamldr_info *ldr, int err)
{
	if (status == SEAM_TDX_UPDATABLE) {
		pr_info("runtime update possible: TDX module %u.%u.%02u, P-SEAMLDR %u.%u.%02u\n",
			module->version.major, module->version.minor,
			module->version.update, ldr->major, ldr->minor,
			ldr->update_version);
		return;
	}
	/* What a failure left is said whenever it changes. */
	if (status == SEAM_TDX_RECOVERABLE || status == SEAM_TDX_LOST) {
		pr_warn("%s\n", seam_tdx_statuses[status].reason);
		return;
	}
	if (test_and_set_bit(status, &seam_tdx_logged))
		return;
	if (status == SEAM_TDX_UNREADABLE)
		pr_warn("runtime update not possible: %s (%pe)\n",
			seam_tdx_statuses[status].reason, ERR_PTR(err));
	else
		pr_info("runtime update not possible: %s\n",
			seam_tdx_statuses[status].reason);
}

/**
 * seam_tdx_assess() - Read the module and P-SEAMLDR, and say if they can update
 * @module:	Filled in with the module's state when it could be read.
 * @ldr:	Filled in with SEAMLDR.INFO when it could be read.
 * @res:	Optional.  When an update is not possible, its @fault and
 *		@reason are set to say why.
 *
 * Caches the module version, records the status and logs a new reason
 * once.
 *
 * Context: Process context with seam_tdx_lock held.
 * Return: 0 if an update, or a recovery install, is possible; or the
 * errno that refuses one.  @module is not read while the module is down.
 */
int seam_tdx_assess(struct seam_tdx_module_info *module,
		    struct seam_seamldr_info *ldr, struct seam_update_result *res)
{
	enum seam_tdx_status status, old = seam_tdx_cur;
	int err = 0;

	lockdep_assert_held(&seam_tdx_lock);
	status = seam_tdx_assess_platform(module, ldr, &err);
	WRITE_ONCE(seam_tdx_cur, status);
	if (status != old)
		seam_tdx_report(status, module, ldr, err);

	if (res && seam_tdx_statuses[status].err) {
		res->fault = seam_tdx_statuses[status].fault;
		res->reason = seam_tdx_statuses[status].reason;
	}
	return seam_tdx_statuses[status].err;
}

/**
 * seam_tdx_reassess() - Assess the platform again, now
 *
 * At boot, and for the tests, which change what the firmware says.
 *
 * Context: Process context; takes seam_tdx_lock.
 */
void seam_tdx_reassess(void)
{
	struct seam_tdx_module_info module;
	struct seam_seamldr_info ldr;

	guard(mutex)(&seam_tdx_lock);
	seam_tdx_assess(&module, &ldr, NULL);
}

/**
 * seam_tdx_status() - Whether the TDX module can be updated, as last assessed
 * @reason:	Optional.  Set to why not, or NULL when it can.
 *
 * Context: Any context.
 * Return: The status.
 */
enum seam_tdx_status seam_tdx_status(const char **reason)
{
	enum seam_tdx_status status = READ_ONCE(seam_tdx_cur);

	if (reason)
		*reason = status == SEAM_TDX_UPDATABLE ? NULL : seam_tdx_statuses[status].reason;
	return status;
}

/**
 * seam_tdx_update_supported() - Tell whether updates are offered
 *
 * Context: Any context.
 * Return: true if, when last assessed, the module advertised TD-preserving
 * updates, P-SEAMLDR answered and the CPU was free of the SEAMRET erratum;
 * or if a failed update left the module waiting for a recovery install, or
 * lost, so that an upload says why it is refused rather than vanishing.
 */
bool seam_tdx_update_supported(void)
{
	switch (seam_tdx_status(NULL)) {
	case SEAM_TDX_UPDATABLE:
	case SEAM_TDX_RECOVERABLE:
	case SEAM_TDX_LOST:
		return true;
	default:
		return false;
	}
}
EXPORT_SYMBOL_FOR_MODULES(seam_tdx_update_supported, "seam-svc");

/*
 * After tdx_enable(), and before seam-svc, built in, looks at the module.
 * Without SEAM firmware there is nothing to say.
 */
static int __init seam_tdx_update_init(void)
{
	if (seam_platform_present())
		seam_tdx_reassess();
	return 0;
}
late_initcall(seam_tdx_update_init);
