// SPDX-License-Identifier: GPL-2.0
/*
 * The TDX module's lifecycle, as the update client sees it.
 *
 * On a 6.12 host the BIOS loads the TDX module, but nothing in-tree
 * initialises it: a TDX-capable KVM, loaded after boot, turns VMX on and
 * calls tdx_enable(), and VMX goes off again when KVM is unloaded.  Until
 * then a SEAMCALL raises #UD, or the module answers that this CPU has not
 * done TDH.SYS.LP.INIT.  So whether the module can be updated is never
 * decided once: the client assesses it at boot, whenever tdx.c reports a
 * successful tdx_enable() (seam_tdx_module_changed()), and afresh in every
 * update's pre-flight.  Each reason why an update is not possible is
 * logged once.
 *
 * Listeners (seam-svc) are told when the answer changes, but only by an
 * assessment outside an update request: one inside it refuses the request
 * with the reason, and the interface stays until the next assessment, so
 * that the requester can still read why.  6.12 reports nothing when KVM is
 * unloaded, so VMX going off is found by the next update request.
 *
 * After an update failed past the shutdown the module cannot be read, and
 * the assessment asks P-SEAMLDR only whether a recovery install can still
 * run (recovery.c).
 */

#define pr_fmt(fmt) "seam: tdx update: " fmt

#include <linux/bitops.h>
#include <linux/init.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/printk.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/seam/backend.h>
#include <linux/seam/client.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <kunit/visibility.h>

#include "update.h"

/* Serializes updates and assessments, and protects the status below. */
DEFINE_MUTEX(seam_tdx_lock);

/* The errno that refuses an update in each status, and why, in words. */
static const struct {
	int		err;
	const char	*reason;
} seam_tdx_statuses[SEAM_TDX_NR_STATUS] = {
	[SEAM_TDX_UNKNOWN] = {
		-ENODATA, "the TDX module was not read yet" },
	[SEAM_TDX_VMX_OFF] = {
		-EACCES, "VMX is off: SEAMCALL raises #UD until KVM is loaded" },
	[SEAM_TDX_NO_MODULE] = {
		-ENODEV, "no TDX module is loaded" },
	[SEAM_TDX_UNINITIALISED] = {
		-ENODATA, "the TDX module is not initialised: KVM has not called tdx_enable()" },
	[SEAM_TDX_UNREADABLE] = {
		-EIO, "the TDX module's state cannot be read" },
	[SEAM_TDX_LOST] = {
		-ENXIO, "the TDX module and its TDs were lost by a failed update: reboot" },
	[SEAM_TDX_NO_TD_PRESERVING] = {
		-EOPNOTSUPP, "the TDX module does not support TD-preserving updates" },
	[SEAM_TDX_ERRATUM] = {
		-ENODEV, "the CPU has the SEAMRET-clears-VMCS erratum" },
	[SEAM_TDX_NO_SEAMLDR] = {
		-ENOPKG, "no P-SEAMLDR is loaded" },
	[SEAM_TDX_RECOVERABLE] = {
		0, "a failed update shut the TDX module down: upload a recovery image" },
	[SEAM_TDX_UPDATABLE] = {
		0, "runtime updates are possible" },
};

static enum seam_tdx_status seam_tdx_cur = SEAM_TDX_UNKNOWN;
/* Whether the listeners were last told that an update is possible. */
static bool seam_tdx_told_updatable;
/* Statuses whose reason was logged; each is logged once. */
static unsigned long seam_tdx_logged;
static BLOCKING_NOTIFIER_HEAD(seam_tdx_chain);
/* Assessments before the leaf table is registered would all fail. */
static bool seam_tdx_started;

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
void seam_tdx_cache_version(const struct seam_tdx_version *v)
{
	spin_lock(&seam_tdx_version_lock);
	if (v)
		seam_tdx_cached_version = *v;
	seam_tdx_version_known = v;
	spin_unlock(&seam_tdx_version_lock);
}

/**
 * seam_tdx_module_version() - The running TDX module's version
 * @version:	Filled in on success.
 *
 * Context: Any context that may take a spinlock.
 * Return: 0; -ESHUTDOWN while a failed update has left the module shut
 * down, waiting for a recovery install; -ENXIO once the module and its TDs
 * are lost; or -ENODATA while the module has not been read: it is not
 * initialised, or VMX was never on.
 */
int seam_tdx_module_version(struct seam_tdx_version *version)
{
	bool known;

	switch (seam_tdx_health()) {
	case SEAM_TDX_SHUT_DOWN:
		return -ESHUTDOWN;
	case SEAM_TDX_TDS_LOST:
		return -ENXIO;
	case SEAM_TDX_HEALTHY:
		break;
	}

	spin_lock(&seam_tdx_version_lock);
	*version = seam_tdx_cached_version;
	known = seam_tdx_version_known;
	spin_unlock(&seam_tdx_version_lock);
	return known ? 0 : -ENODATA;
}
EXPORT_SYMBOL_GPL(seam_tdx_module_version);

/* What a failed read of the module's state says about it. */
static enum seam_tdx_status seam_tdx_module_read_status(int err)
{
	switch (err) {
	case -EACCES:	/* #UD */
		return SEAM_TDX_VMX_OFF;
	case -ENODEV:	/* VMfailInvalid: SEAM_READY is clear */
		return SEAM_TDX_NO_MODULE;
	case -ENODATA:	/* TDX_SYS_LP_INIT_NOT_DONE */
		return SEAM_TDX_UNINITIALISED;
	default:
		return SEAM_TDX_UNREADABLE;
	}
}

/* Can P-SEAMLDR be called, and what does it say? */
static enum seam_tdx_status seam_tdx_assess_loader(struct seam_seamldr_info *ldr, int *err)
{
	/* Before SEAMLDR.INFO, which would clobber KVM's VMCS. */
	if (seam_backend_seamret_erratum())
		return SEAM_TDX_ERRATUM;
	*err = seam_tdx_read_seamldr_info(ldr);
	if (*err == -ENOPKG)
		return SEAM_TDX_NO_SEAMLDR;
	if (*err == -EACCES)
		return SEAM_TDX_VMX_OFF;
	return *err ? SEAM_TDX_UNREADABLE : SEAM_TDX_UPDATABLE;
}

/*
 * After a failure past the shutdown the module cannot be read; whether a
 * recovery install can still preserve the TDs is up to P-SEAMLDR.
 */
static enum seam_tdx_status seam_tdx_assess_recovery(struct seam_seamldr_info *ldr, int *err)
{
	enum seam_tdx_status status;

	if (seam_tdx_health() == SEAM_TDX_TDS_LOST)
		return SEAM_TDX_LOST;
	status = seam_tdx_assess_loader(ldr, err);
	if (status != SEAM_TDX_UPDATABLE)
		return status;
	/* P-SEAMLDR refuses the UPDATE scenario without a current module. */
	if (!ldr->seam_ready) {
		seam_tdx_tds_lost("P-SEAMLDR has no current module to update");
		return SEAM_TDX_LOST;
	}
	if (!ldr->num_remaining_updates) {
		seam_tdx_tds_lost("P-SEAMLDR has no updates remaining for a recovery install");
		return SEAM_TDX_LOST;
	}
	return SEAM_TDX_RECOVERABLE;
}

static enum seam_tdx_status seam_tdx_assess_platform(struct seam_tdx_module_info *module,
						     struct seam_seamldr_info *ldr,
						     int *err)
{
	enum seam_tdx_status status;

	if (seam_client_poisoned(&seam_tdx_update_client))
		return seam_tdx_assess_recovery(ldr, err);
	/* Healed since: reloaded, as the emulator's reboot does. */
	seam_tdx_healthy();

	*err = seam_tdx_read_module_info(module);
	if (*err) {
		status = seam_tdx_module_read_status(*err);
		/* VMX off hides the module, but it is still the one that was read. */
		if (status != SEAM_TDX_VMX_OFF)
			seam_tdx_cache_version(NULL);
		return status;
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
 * @reason:	Set to why an update is not possible, or NULL.
 *
 * Caches the module version, records the status and logs a new reason
 * once.
 *
 * Context: Process context with seam_tdx_lock held.
 * Return: 0 if an update, or a recovery install, is possible; or the
 * errno that refuses one.  @module is not read while the target is
 * poisoned.
 */
int seam_tdx_assess(struct seam_tdx_module_info *module,
		    struct seam_seamldr_info *ldr, const char **reason)
{
	enum seam_tdx_status status, old = seam_tdx_cur;
	int err;

	lockdep_assert_held(&seam_tdx_lock);
	status = seam_tdx_assess_platform(module, ldr, &err);
	seam_tdx_cur = status;
	if (status != old)
		seam_tdx_report(status, module, ldr, err);

	*reason = status == SEAM_TDX_UPDATABLE ? NULL : seam_tdx_statuses[status].reason;
	if (status == SEAM_TDX_UNREADABLE)
		return err;
	return seam_tdx_statuses[status].err;
}

/**
 * seam_tdx_reassess() - Assess the platform again, now
 *
 * Tells the listeners if whether an update is possible changed since they
 * were last told.  What seam_tdx_module_changed() does later, for the SEAM
 * emulator, whose knobs change the platform in process context, and for
 * tests.
 *
 * Context: Process context; takes seam_tdx_lock.
 */
void seam_tdx_reassess(void)
{
	struct seam_tdx_module_info module;
	struct seam_seamldr_info ldr;
	const char *reason;

	bool updatable;

	guard(mutex)(&seam_tdx_lock);
	if (!seam_tdx_started)
		return;
	seam_tdx_assess(&module, &ldr, &reason);
	updatable = seam_tdx_update_supported();
	if (updatable != seam_tdx_told_updatable) {
		seam_tdx_told_updatable = updatable;
		blocking_notifier_call_chain(&seam_tdx_chain, seam_tdx_cur, NULL);
	}
}
EXPORT_SYMBOL_IF_KUNIT(seam_tdx_reassess);

static void seam_tdx_reassess_work(struct work_struct *work)
{
	seam_tdx_reassess();
}

static DECLARE_WORK(seam_tdx_changed_work, seam_tdx_reassess_work);

/**
 * seam_tdx_module_changed() - Report that the TDX module may have changed state
 *
 * Called by tdx.c once tdx_enable() has initialised the module, and by
 * the SEAM emulator when its platform changed.  The module is read again
 * from a work item, outside the caller's locks.
 *
 * Context: Any context.
 */
void seam_tdx_module_changed(void)
{
	schedule_work(&seam_tdx_changed_work);
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
EXPORT_SYMBOL_IF_KUNIT(seam_tdx_status);

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
EXPORT_SYMBOL_GPL(seam_tdx_update_supported);

/**
 * seam_tdx_register_notifier() - Hear when updates become (im)possible
 * @nb:		Called in process context with the new enum seam_tdx_status
 *		as action, with seam_tdx_lock held: it must not update the
 *		module or wait for something that does.
 *
 * Context: Process context.
 * Return: 0.
 */
int seam_tdx_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&seam_tdx_chain, nb);
}
EXPORT_SYMBOL_GPL(seam_tdx_register_notifier);

/**
 * seam_tdx_unregister_notifier() - Stop hearing about the module
 * @nb:		A registered notifier.
 *
 * Context: Process context.
 */
void seam_tdx_unregister_notifier(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&seam_tdx_chain, nb);
}
EXPORT_SYMBOL_GPL(seam_tdx_unregister_notifier);

static int __init seam_tdx_update_init(void)
{
	scoped_guard(mutex, &seam_tdx_lock)
		seam_tdx_started = true;
	seam_tdx_reassess();
	return 0;
}
late_initcall(seam_tdx_update_init);
