// SPDX-License-Identifier: GPL-2.0
/*
 * seam_call(), the single entry point for SEAMCALLs.
 */

#define pr_fmt(fmt) "seam: " fmt

#include <linux/printk.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/spinlock.h>
#include <linux/seam/backend.h>
#include <linux/seam/leaf.h>
#include <linux/seam/client.h>
#include <linux/seam/status.h>

/* The SEAM tracepoints are instantiated here, and only here. */
#define CREATE_TRACE_POINTS
#include <trace/events/seam.h>

#include "seam-internal.h"

/*
 * Only one CPU at a time may be inside P-SEAMLDR.  Raw, because it is taken
 * with interrupts off in the stopped section of a plan.
 */
static DEFINE_RAW_SPINLOCK(seam_serial_lock);

DEFINE_PER_CPU(struct seam_call_record *, seam_cpu_call_record);

/* The record of the phase the calling task runs, if it runs one. */
static struct seam_call_record *seam_call_record_mine(void)
{
	struct seam_call_record *rec = this_cpu_read(seam_cpu_call_record);

	return rec && rec->owner == current ? rec : NULL;
}

/*
 * A failing status inside a plan is recorded in the CPU's slot, and the
 * engine reports it once the CPUs run again; outside one, an unknown
 * status is logged, rate-limited.
 */
static void seam_call_failed(const struct seam_leaf *leaf, u64 status,
			     struct seam_call_record *rec)
{
	if (rec) {
		rec->leaf = leaf;
		rec->status = status;
	} else if (!seam_status_known(leaf->errmap, status)) {
		pr_warn_ratelimited("unknown status 0x%016llx from %s\n", status, leaf->name);
	}
}

static u64 seam_call_backend(const struct seam_backend *backend,
			     const struct seam_leaf *leaf,
			     struct tdx_module_args *args)
{
	struct tdx_module_args in;
	unsigned int tries = 0;
	u64 status;

	if (!(leaf->flags & SEAM_LEAF_RETRY_ENTROPY))
		return backend->call(leaf, args);

	in = *args;
	do {
		/* A failed try may have clobbered the output registers. */
		if (tries)
			*args = in;
		status = backend->call(leaf, args);
	} while (status == TDX_RND_NO_ENTROPY && ++tries < SEAM_ENTROPY_RETRIES);

	return status;
}

static int seam_call_checked(const struct seam_leaf *leaf,
			     struct tdx_module_args *args,
			     const struct seam_call_record *rec, u64 *status)
{
	const struct seam_backend *backend;
	unsigned long flags;

	if (seam_target_poisoned(leaf->target) && !(rec && rec->recovery))
		return -ENXIO;

	backend = seam_backend_get();
	if (!backend)
		return -ENODEV;
	/* Whoever calls: P-SEAMLDR would clobber KVM's current VMCS. */
	if (leaf->target == SEAM_TARGET_SEAMLDR && boot_cpu_has_bug(X86_BUG_SEAMRET_INVD_VMCS))
		return -ENODEV;

	if (leaf->flags & SEAM_LEAF_SERIALIZED) {
		raw_spin_lock_irqsave(&seam_serial_lock, flags);
		*status = seam_call_backend(backend, leaf, args);
		raw_spin_unlock_irqrestore(&seam_serial_lock, flags);
	} else {
		*status = seam_call_backend(backend, leaf, args);
	}
	return *status == TDX_SUCCESS ? 0 : seam_status_to_errno(leaf->errmap, *status);
}

/**
 * seam_call() - Issue a SEAMCALL
 * @leaf:	A leaf of a client's table (seam_leaves_valid()).
 * @args:	Input registers; output registers for SEAM_LEAF_OUTPUT leafs.
 * @status:	Optional.  Where to store the raw status; 0 when the call
 *		was refused before reaching the backend.
 *
 * Refuses leafs whose target is poisoned, and P-SEAMLDR leafs on a CPU
 * with the SEAMRET-clears-VMCS erratum (X86_BUG_SEAMRET_INVD_VMCS);
 * serializes P-SEAMLDR leafs, retries on RND_NO_ENTROPY where the leaf
 * asks for it, and maps the status through the leaf's map.
 *
 * Context: Any context that may spin; does not sleep.  Safe in the stopped
 * section of a plan, where it records failing statuses in the CPU's slot.
 * Return: 0, the errno mapped from the status, -ENXIO when the target is
 * poisoned, or -ENODEV without a backend or with the erratum.
 */
int seam_call(const struct seam_leaf *leaf, struct tdx_module_args *args,
	      u64 *status)
{
	/* The clock costs more than the rest of the dispatch: only when traced. */
	u64 raw = TDX_SUCCESS, t0 = trace_seam_call_enabled() ? local_clock() : 0;
	struct seam_call_record *rec;
	int err;

	/*
	 * SEAM state is per logical CPU: stay on one for the whole call.
	 * This is also the read side that keeps the backend, which the
	 * tests replace: synchronize_rcu() waits for it.
	 */
	guard(preempt)();
	rec = seam_call_record_mine();
	err = seam_call_checked(leaf, args, rec, &raw);
	if (raw != TDX_SUCCESS)
		seam_call_failed(leaf, raw, rec);
	if (status)
		*status = raw;
	if (t0)
		trace_seam_call(leaf, raw, err, local_clock() - t0);
	return err;
}
