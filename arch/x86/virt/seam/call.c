// SPDX-License-Identifier: GPL-2.0
/*
 * seam_call(), the single entry point for SEAMCALLs.
 *
 * It issues the SEAMCALL instruction through the TDX host support's
 * __seamcall() and __seamcall_ret() (arch/x86/virt/vmx/tdx/): on hardware,
 * or on the SEAM emulator under them.  Retries and serialization are
 * seam_call()'s business, so the bare entry points are used rather than
 * the seamcall() wrappers; like those, every call marks this CPU's caches
 * incoherent first, so that kexec flushes them (__seamcall_dirty_cache()).
 */

#define pr_fmt(fmt) "seam: " fmt

#include <linux/cpufeature.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/spinlock.h>
#include <linux/seam/leaf.h>
#include <crypto/sha2.h>
#include <asm/seam_emu.h>
#include <linux/seam/status.h>

/* The SEAM tracepoints are instantiated here, and only here. */
#define CREATE_TRACE_POINTS
#include <trace/events/seam.h>

#include "seam-internal.h"
#include "../vmx/tdx/seamcall_internal.h"

/*
 * Only one CPU at a time may be inside P-SEAMLDR.  Raw, because it is taken
 * with interrupts off in the stopped section of a plan.
 */
static DEFINE_RAW_SPINLOCK(seam_serial_lock);

DEFINE_PER_CPU(struct seam_call_record *, seam_cpu_call_record);

/*
 * A failing status inside a plan is recorded in the slot of the CPU whose
 * phase the calling task runs, and the engine reports it once the CPUs
 * run again; outside one, an unknown status is logged, rate-limited.
 */
static void seam_call_failed(const struct seam_leaf *leaf, u64 status)
{
	struct seam_call_record *rec = this_cpu_read(seam_cpu_call_record);

	if (rec && rec->owner == current) {
		rec->leaf = leaf;
		rec->status = status;
	} else if (!seam_status_known(leaf->errmap, status)) {
		pr_warn_ratelimited("unknown status 0x%016llx from %s\n", status, leaf->name);
	}
}

/* Only the KUnit tests and the benchmark stand in for the firmware. */
#define SEAM_STAND_IN_BUILT \
	(IS_ENABLED(CONFIG_SEAM_KUNIT_TEST) || IS_ENABLED(CONFIG_SEAM_BENCH))

static const struct seam_stand_in __rcu *seam_stand_in;

#if SEAM_STAND_IN_BUILT
/**
 * seam_stand_in_replace() - Put a stand-in for the firmware in place
 * @stand_in:	The stand-in, or NULL for SEAMCALL again.
 *
 * Context: Process context; one test or benchmark at a time.  Waits for
 * the calls in flight, which run with preemption off, to finish.
 * Return: The stand-in it replaced, or NULL.
 */
const struct seam_stand_in *seam_stand_in_replace(const struct seam_stand_in *stand_in)
{
	const struct seam_stand_in *old = rcu_replace_pointer(seam_stand_in, stand_in, true);

	synchronize_rcu();
	return old;
}
#endif

/* Caller has preemption off: seam_stand_in_replace() waits for it. */
static const struct seam_stand_in *seam_stand_in_get(void)
{
	return SEAM_STAND_IN_BUILT ? rcu_dereference_sched(seam_stand_in) : NULL;
}

/**
 * seam_platform_present() - Tell whether there is SEAM firmware to call
 *
 * Context: Any context.
 * Return: true on a TDX host platform (the emulator's included) or with a
 * test's stand-in.
 */
bool seam_platform_present(void)
{
	return rcu_access_pointer(seam_stand_in) || boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM);
}
EXPORT_SYMBOL_FOR_MODULES(seam_platform_present, "seam-svc");

/**
 * seam_platform_is_real() - Tell whether seam_call() reaches SEAMCALL
 *
 * Context: Any context.
 * Return: true on a TDX host platform (the emulator's included) while no
 * test's stand-in answers.  Otherwise tdx.c's state, which follows the
 * firmware that SEAMCALL reaches, must be left alone.
 */
bool seam_platform_is_real(void)
{
	return !rcu_access_pointer(seam_stand_in) && boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM);
}

/*
 * SHA-384 of the RSA modulus of Intel's TDX module signing key: P-SEAMLDR
 * installs only a module whose sigstruct's modulus hashes to it
 * (verify_manifest(), seamldr_install.c, and intel_key_hash.h of P-SEAMLDR
 * 1.5).  The modulus of every sigstruct Intel has published, 1.5.01 to
 * 2.0.08, hashes to it.
 */
static const u8 seam_intel_key_hash[SHA384_DIGEST_SIZE] = {
	0xc8, 0x57, 0x2f, 0x54, 0x88, 0x69, 0xa0, 0xbe, 0xca, 0x19, 0x37, 0x6b,
	0x81, 0xc2, 0xdf, 0xfc, 0x2a, 0x23, 0xb5, 0xa5, 0xf7, 0x1d, 0xa0, 0xb8,
	0x75, 0x79, 0xb4, 0x3f, 0x40, 0x8d, 0xaa, 0x1a, 0x33, 0xba, 0xd9, 0xc1,
	0x49, 0xeb, 0x56, 0xc6, 0x34, 0xf8, 0x83, 0x73, 0x79, 0x68, 0xa3, 0x4c,
};

/**
 * seam_seamldr_key_hash() - Whose modules the platform's P-SEAMLDR installs
 *
 * The emulated P-SEAMLDR holds its test key's hash in place of Intel's.
 *
 * Context: Any context.
 * Return: SHA-384 of the RSA modulus of the one key P-SEAMLDR accepts, or
 * NULL if any key passes (a stand-in without one).
 */
const u8 *seam_seamldr_key_hash(void)
{
	const struct seam_stand_in *stand_in;

	guard(preempt)();
	stand_in = seam_stand_in_get();
	if (stand_in)
		return stand_in->key_hash ? stand_in->key_hash() : NULL;
	return seam_emu_active ? seam_emu_key_hash : seam_intel_key_hash;
}

static __always_inline u64 seam_call_once(const struct seam_stand_in *stand_in,
					  const struct seam_leaf *leaf,
					  struct tdx_module_args *args)
{
	if (stand_in)
		return stand_in->call(leaf, args);
	if (leaf->flags & SEAM_LEAF_OUTPUT)
		return __seamcall_dirty_cache(__seamcall_ret, leaf->fn, args);
	return __seamcall_dirty_cache(__seamcall, leaf->fn, args);
}

static u64 seam_call_retried(const struct seam_stand_in *stand_in,
			     const struct seam_leaf *leaf, struct tdx_module_args *args)
{
	struct tdx_module_args in = *args;
	unsigned int tries = 0;
	u64 status;

	do {
		/* A failed try may have clobbered the output registers. */
		if (tries)
			*args = in;
		status = seam_call_once(stand_in, leaf, args);
	} while (status == TDX_RND_NO_ENTROPY && (leaf->flags & SEAM_LEAF_RETRY_ENTROPY) &&
		 ++tries < SEAM_ENTROPY_RETRIES);

	return status;
}

/*
 * The leafs that serialize or retry, P-SEAMLDR's and those tdx_enable()
 * calls, out of line: the saved copy of the registers and the lock would
 * otherwise cost every other call a larger frame.
 */
static noinline u64 seam_call_slow(const struct seam_stand_in *stand_in,
				   const struct seam_leaf *leaf, struct tdx_module_args *args)
{
	if (!(leaf->flags & SEAM_LEAF_SERIALIZED))
		return seam_call_retried(stand_in, leaf, args);

	guard(raw_spinlock_irqsave)(&seam_serial_lock);
	return seam_call_retried(stand_in, leaf, args);
}

static int seam_call_checked(const struct seam_leaf *leaf,
			     struct tdx_module_args *args, u64 *status)
{
	/* Read once: what the platform check passes is what is called. */
	const struct seam_stand_in *stand_in = seam_stand_in_get();

	if (!stand_in && !boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM))
		return -ENODEV;
	/* Whoever calls: P-SEAMLDR would clobber KVM's current VMCS. */
	if (leaf->target == SEAM_TARGET_SEAMLDR && boot_cpu_has_bug(X86_BUG_SEAMRET_INVD_VMCS))
		return -ENODEV;

	if (unlikely(leaf->flags & (SEAM_LEAF_SERIALIZED | SEAM_LEAF_RETRY_ENTROPY)))
		*status = seam_call_slow(stand_in, leaf, args);
	else
		*status = seam_call_once(stand_in, leaf, args);
	return likely(*status == TDX_SUCCESS) ? 0 : seam_status_to_errno(leaf->errmap, *status);
}

/**
 * seam_call() - Issue a SEAMCALL
 * @leaf:	A leaf of a client's table (seam_leaves_valid()).
 * @args:	Input registers; output registers for SEAM_LEAF_OUTPUT leafs.
 * @status:	Optional.  Where to store the raw status; 0 when the call
 *		was refused before reaching the firmware.
 *
 * Refuses P-SEAMLDR leafs on a CPU with the SEAMRET-clears-VMCS erratum
 * (X86_BUG_SEAMRET_INVD_VMCS); serializes P-SEAMLDR leafs, retries on
 * RND_NO_ENTROPY where the leaf asks for it, and maps the status through
 * the leaf's map.
 *
 * Context: Any context that may spin; does not sleep.  Safe in the stopped
 * section of a plan, where it records failing statuses in the CPU's slot.
 * Return: 0, the errno mapped from the status, or -ENODEV without SEAM
 * firmware or with the erratum.
 */
int seam_call(const struct seam_leaf *leaf, struct tdx_module_args *args,
	      u64 *status)
{
	/* The clock costs more than the rest of the dispatch: only when traced. */
	u64 raw = TDX_SUCCESS, t0 = trace_seam_call_enabled() ? local_clock() : 0;
	int err;

	/*
	 * SEAM state is per logical CPU: stay on one for the whole call.
	 * This is also the read side that keeps a stand-in, which the
	 * tests replace: synchronize_rcu() waits for it.
	 */
	guard(preempt)();
	err = seam_call_checked(leaf, args, &raw);
	if (raw != TDX_SUCCESS)
		seam_call_failed(leaf, raw);
	if (status)
		*status = raw;
	if (t0)
		trace_seam_call(leaf, raw, err, local_clock() - t0);
	return err;
}
