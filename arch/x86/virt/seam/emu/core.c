// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM emulator backend: dispatch, boot, faults and latency.
 *
 * For testing only.  Enabled with the "seam_emulator" kernel parameter on
 * machines without TDX; it then taints the kernel.
 */

#define pr_fmt(fmt) "seam: emulator: " fmt

#include <linux/cpufeature.h>
#include <linux/init.h>
#include <linux/ioport.h>
#include <linux/moduleparam.h>
#include <linux/panic.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/topology.h>
#include <linux/seam/leaf.h>
#include <linux/seam/client.h>
#include <linux/seam/tdx_abi.h>
#include <kunit/visibility.h>
#include <asm/tdx.h>
#include <asm/msr-index.h>

#include "../tdx/seamldr.h"
#include "../tdx/update.h"
#include "emu.h"

struct seam_emu seam_emu = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(seam_emu.lock),
};
EXPORT_SYMBOL_IF_KUNIT(seam_emu);

const char * const seam_emu_leaf_names[SEAM_EMU_NR_LEAVES] = {
	[SEAM_EMU_LEAF_SEAMLDR_INFO]	= "seamldr.info",
	[SEAM_EMU_LEAF_SEAMLDR_INSTALL]	= "seamldr.install",
	[SEAM_EMU_LEAF_SYS_INIT]	= "tdh.sys.init",
	[SEAM_EMU_LEAF_SYS_RD]		= "tdh.sys.rd",
	[SEAM_EMU_LEAF_SYS_LP_INIT]	= "tdh.sys.lp.init",
	[SEAM_EMU_LEAF_SYS_SHUTDOWN]	= "tdh.sys.shutdown",
	[SEAM_EMU_LEAF_SYS_UPDATE]	= "tdh.sys.update",
	[SEAM_EMU_LEAF_SYS_CONFIG]	= "tdh.sys.config",
	[SEAM_EMU_LEAF_SYS_KEY_CONFIG]	= "tdh.sys.key.config",
	[SEAM_EMU_LEAF_SYS_TDMR_INIT]	= "tdh.sys.tdmr.init",
};

const u64 seam_emu_leaf_fns[SEAM_EMU_NR_LEAVES] = {
	[SEAM_EMU_LEAF_SEAMLDR_INFO]	= SEAMLDR_INFO,
	[SEAM_EMU_LEAF_SEAMLDR_INSTALL]	= SEAMLDR_INSTALL,
	[SEAM_EMU_LEAF_SYS_INIT]	= TDH_SYS_INIT,
	[SEAM_EMU_LEAF_SYS_RD]		= TDH_SYS_RD,
	[SEAM_EMU_LEAF_SYS_LP_INIT]	= TDH_SYS_LP_INIT,
	[SEAM_EMU_LEAF_SYS_SHUTDOWN]	= TDH_SYS_SHUTDOWN,
	[SEAM_EMU_LEAF_SYS_UPDATE]	= TDH_SYS_UPDATE,
	[SEAM_EMU_LEAF_SYS_CONFIG]	= TDH_SYS_CONFIG,
	[SEAM_EMU_LEAF_SYS_KEY_CONFIG]	= TDH_SYS_KEY_CONFIG,
	[SEAM_EMU_LEAF_SYS_TDMR_INIT]	= TDH_SYS_TDMR_INIT,
};

/* The longest a single call may busy-wait, whatever the knob says. */
#define SEAM_EMU_MAX_LATENCY_US		100000

static int seam_emu_leaf_index(u64 fn)
{
	int i;

	for (i = 0; i < SEAM_EMU_NR_LEAVES; i++)
		if (seam_emu_leaf_fns[i] == fn)
			return i;
	return -1;
}

/* An armed fault for this call, if any; seam_emu.lock held. */
static struct seam_emu_fault *seam_emu_fault_fires(u64 fn, int cpu)
{
	struct seam_emu_fault *f;

	for (f = seam_emu.faults; f < seam_emu.faults + SEAM_EMU_MAX_FAULTS; f++) {
		if (!f->nth || f->fired || f->fn != fn ||
		    (f->cpu >= 0 && f->cpu != cpu))
			continue;
		if (++f->calls == f->nth) {
			f->fired = true;
			return f;
		}
	}
	return NULL;
}

/*
 * An injected failure takes the place of the call.  A failing
 * SEAMLDR.INSTALL ends the install session the way a real failure with
 * the same RDX would.
 */
static u64 seam_emu_inject(const struct seam_emu_fault *f,
			   struct tdx_module_args *args)
{
	if (f->fn == SEAMLDR_INSTALL)
		seam_emu_install_end(f->rdx == SEAMLDR_INSTALL_RECOVERABLE);
	args->rdx = f->rdx;
	return f->status;
}

/*
 * The initialisation leafs that take the module's global lock exclusively
 * for their whole run (TM tdh_sys_init.c, tdh_sys_config.c,
 * tdh_sys_key_config.c); a caller that finds it taken gets TDX_SYS_BUSY.
 * The run here includes the modelled latency and any hold.
 */
static bool seam_emu_takes_global_lock(u64 fn)
{
	return fn == TDH_SYS_INIT || fn == TDH_SYS_CONFIG || fn == TDH_SYS_KEY_CONFIG;
}

/* 0 once this call holds the lock, or what a caller finding it taken gets. */
static u64 seam_emu_global_lock(u64 fn)
{
	unsigned long flags;
	u64 status = 0;

	if (!seam_emu_takes_global_lock(fn))
		return 0;
	raw_spin_lock_irqsave(&seam_emu.lock, flags);
	if (!seam_emu.global_lock)
		seam_emu.global_lock = true;
	else if (!seam_emu.vmx)
		status = TDX_SEAMCALL_UD;
	else
		status = TDX_SYS_BUSY;
	raw_spin_unlock_irqrestore(&seam_emu.lock, flags);
	return status;
}

static u64 seam_emu_call(const struct seam_leaf *leaf, struct tdx_module_args *args)
{
	u64 fn = leaf->fn, status;
	int idx = seam_emu_leaf_index(fn);
	struct seam_emu_fault fired = {}, *f;
	unsigned long flags;

	status = seam_emu_global_lock(fn);
	if (status)
		return status;
	/* The emulator sees only what the CPU would: RAX and the registers. */
	if (idx >= 0 && READ_ONCE(seam_emu.latency_us[idx]))
		seam_backend_busy_us(min(READ_ONCE(seam_emu.latency_us[idx]),
					 SEAM_EMU_MAX_LATENCY_US));

	raw_spin_lock_irqsave(&seam_emu.lock, flags);
	if (idx >= 0)
		seam_emu.calls[idx]++;
	f = seam_emu_fault_fires(fn, smp_processor_id());
	if (f) {
		/* The slot may be rearmed while this CPU is held. */
		fired = *f;
		f = &fired;
	}
	if (f && f->hold_us) {
		/* Held, the CPU stays in its call; the others' calls go on. */
		raw_spin_unlock_irqrestore(&seam_emu.lock, flags);
		seam_backend_busy_us(f->hold_us);
		raw_spin_lock_irqsave(&seam_emu.lock, flags);
	}
	/* Outside VMX operation SEAMCALL raises #UD; the stub reports it so. */
	if (!seam_emu.vmx)
		status = TDX_SEAMCALL_UD;
	else if (f && !f->runs)
		status = seam_emu_inject(f, args);
	else if (fn == SEAMLDR_INFO)
		status = seam_emu_seamldr_info(args);
	else if (fn == SEAMLDR_INSTALL)
		status = seam_emu_seamldr_install(args);
	else if (fn & SEAM_LEAF_SEAMLDR_BIT)
		status = SEAMLDR_EBADPARAM;
	else if (!seam_emu.seamextend.seam_ready)
		status = TDX_SEAMCALL_VMFAILINVALID;
	else
		status = seam_emu_module_call(fn, args);
	if (seam_emu_takes_global_lock(fn))
		seam_emu.global_lock = false;
	raw_spin_unlock_irqrestore(&seam_emu.lock, flags);
	return status;
}

/* IA32_VMX_BASIC: revision 1, true controls, bit 60 unless the erratum. */
#define SEAM_EMU_VMX_BASIC	(BIT_ULL(55) | 1)

static int seam_emu_rdmsr(u32 msr, u64 *val)
{
	if (msr != MSR_IA32_VMX_BASIC)
		return -EOPNOTSUPP;
	*val = SEAM_EMU_VMX_BASIC;
	if (!READ_ONCE(seam_emu.seamret_erratum))
		*val |= SEAM_VMX_BASIC_SEAMRET_KEEPS_VMCS;
	return 0;
}

const struct seam_backend seam_emu_backend = {
	.name		= "emulator",
	.hardware	= false,
	.call		= seam_emu_call,
	.rdmsr		= seam_emu_rdmsr,
};
EXPORT_SYMBOL_IF_KUNIT(seam_emu_backend);

/**
 * seam_emu_default_spec() - The module the emulator boots with
 * @spec:	Filled in.
 *
 * A published module, Intel's TDX module 1.5.16: SVN 1.11 and
 * num_handoff_pages 13 from its sigstruct, handoff versions 0 and no
 * downgrade protection like every published sigstruct, and TDX_FEATURES0
 * 0x226F3F0FBF from the release's mapping_file.json (TD-preserving update
 * and NO_RBP_MOD set, UPDATE_COMPAT clear).  Its build number and date
 * are not published: they read 0.  P-SEAMLDR 1.5.00, the lowest
 * loader the release names, with 64 updates.  Loaded but not initialised,
 * with VMX off: a 6.12 host before KVM.
 */
void seam_emu_default_spec(struct seam_emu_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	memcpy(spec->desc.magic, SEAM_EMU_DESC_MAGIC, SEAM_EMU_DESC_MAGIC_LEN);
	spec->desc.major = 1;
	spec->desc.minor = 5;
	spec->desc.update = 16;
	spec->desc.features0 = 0x226F3F0FBFULL;
	spec->svn_major = 1;
	spec->svn_minor = 11;
	spec->num_handoff_pages = 13;
	spec->seamldr = (struct seam_tdx_version){ 1, 5, 0 };
	spec->remaining = 64;
}
EXPORT_SYMBOL_IF_KUNIT(seam_emu_default_spec);

static int seam_emu_add_cmr(struct resource *res, void *arg)
{
	struct seam_emu_range *cmrs = arg;
	u64 start = ALIGN(res->start, SZ_4K), end = ALIGN_DOWN(res->end + 1, SZ_4K);
	unsigned int n;

	for (n = 0; n < SEAM_EMU_MAX_CMRS && cmrs[n].size; n++)
		;
	if (end <= start)
		return 0;
	if (n && cmrs[n - 1].base + cmrs[n - 1].size == start) {
		cmrs[n - 1].size += end - start;
		return 0;
	}
	if (n == SEAM_EMU_MAX_CMRS)
		return -ENOSPC;
	cmrs[n] = (struct seam_emu_range){ start, end - start };
	return 0;
}

/*
 * The CMRs: what the BIOS reports as convertible.  The emulated BIOS
 * reports the RAM it gave the kernel, in 4 KiB pages; past
 * SEAM_EMU_MAX_CMRS ranges the rest is not convertible.
 */
static unsigned int seam_emu_find_cmrs(struct seam_emu_range *cmrs)
{
	unsigned int n;

	memset(cmrs, 0, SEAM_EMU_MAX_CMRS * sizeof(*cmrs));
	walk_system_ram_res(0, U64_MAX, cmrs, seam_emu_add_cmr);
	for (n = 0; n < SEAM_EMU_MAX_CMRS && cmrs[n].size; n++)
		;
	return n;
}

/**
 * seam_emu_boot() - Reset the emulated platform, as a reboot would
 * @spec:	The module to load and the P-SEAMLDR to run.
 *
 * The module is loaded; if @spec says so it is also initialised on every
 * present LP with VMX on, otherwise it waits for seam_emu_enable_module()
 * with VMX off.  Armed faults, the update-sensitive operation, the install
 * session and the call counters end; the latency and erratum knobs, which
 * model the machine, stay.  A poisoned target is healed, and the update
 * client reads the platform again.
 *
 * Context: Process context.
 */
void seam_emu_boot(const struct seam_emu_spec *spec)
{
	struct seam_emu_seamextend *ext = &seam_emu.seamextend;
	struct seam_emu_range cmrs[SEAM_EMU_MAX_CMRS];
	unsigned int nr_cmrs = seam_emu_find_cmrs(cmrs);

	/* The old module's PAMTs go back to the kernel, as at a reboot. */
	seam_emu_host_release();
	raw_spin_lock_irq(&seam_emu.lock);
	memcpy(seam_emu.cmrs, cmrs, sizeof(cmrs));
	seam_emu.nr_cmrs = nr_cmrs;
	seam_emu.global_lock = false;
	seam_emu.nr_lps = num_present_cpus();
	seam_emu.nr_pkgs = topology_max_packages();
	seam_emu.vmx = spec->initialised;
	seam_emu.seamldr = spec->seamldr;
	seam_emu.remaining = spec->remaining;
	seam_emu.platform_debug = false;
	seam_emu.update_sensitive = false;
	seam_emu.seamrr_pages = SZ_64M / SEAM_TDX_PAGE_SIZE;
	memset(seam_emu.faults, 0, sizeof(seam_emu.faults));
	memset(seam_emu.calls, 0, sizeof(seam_emu.calls));
	cpumask_clear(&seam_emu.install_lps);
	seam_emu.install_count = 0;
	memset(&seam_emu.handoff, 0, sizeof(seam_emu.handoff));

	memset(ext, 0, sizeof(*ext));
	ext->valid = true;
	ext->svn_major = spec->svn_major;
	ext->svn_minor = spec->svn_minor;
	memset(ext->mrseam, 0x5e, sizeof(ext->mrseam));
	ext->seam_ready = true;

	seam_emu_module_load(&spec->desc, true);
	seam_emu.module.num_handoff_pages = spec->num_handoff_pages;
	if (spec->initialised) {
		seam_emu.module.state = SEAM_EMU_READY;
		cpumask_copy(&seam_emu.module.lp_init, cpu_present_mask);
		seam_emu.module.nr_init_lps = seam_emu.nr_lps;
		/* As if tdx.c had covered the first GiB and initialised it. */
		seam_emu.module.tdmrs[0] = (struct seam_emu_tdmr){ 0, SZ_1G, SZ_1G };
		seam_emu.module.nr_tdmrs = 1;
		seam_emu.module.hkid = SEAM_EMU_KEYID_FIRST;
	}
	raw_spin_unlock_irq(&seam_emu.lock);

	/* A rebooted platform: nothing read from the old module holds. */
	seam_target_reloaded(SEAM_TARGET_MODULE);
	seam_tdx_cache_version(NULL);
	seam_tdx_reassess();
}
EXPORT_SYMBOL_IF_KUNIT(seam_emu_boot);

/**
 * seam_emu_enable_module() - Do what loading a TDX-capable KVM does
 *
 * Turns VMX on and, unless the module is initialised, initialises it as
 * tdx_enable() would with seam's patch applied: TDMRs and PAMTs as tdx.c
 * builds them, then seam's initialisation plan (host.c).  Then it does
 * what seam's hook in tdx_enable() does: the update client reads the
 * module again.  On an initialised module it only turns VMX on, as a
 * reloaded KVM does.
 *
 * Context: Process context.
 * Return: 0, or the initialisation's errno (logged).
 */
int seam_emu_enable_module(void)
{
	bool ready;
	int err = 0;

	raw_spin_lock_irq(&seam_emu.lock);
	seam_emu.vmx = true;
	ready = seam_emu_tdmrs_initialised();
	raw_spin_unlock_irq(&seam_emu.lock);

	if (!ready)
		err = seam_emu_host_init_module();
	seam_tdx_reassess();
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(seam_emu_enable_module);

/**
 * seam_emu_arm_fault() - Arm a fault
 * @fault:	The fault; its counters are reset.
 *
 * Context: Any context.
 * Return: 0, -EINVAL without @nth or with a hold longer than
 * SEAM_EMU_MAX_HOLD_US, or -ENOSPC if all slots are armed.
 */
int seam_emu_arm_fault(const struct seam_emu_fault *fault)
{
	struct seam_emu_fault *f;
	int err = -ENOSPC;

	if (!fault->nth || fault->hold_us > SEAM_EMU_MAX_HOLD_US ||
	    (fault->runs && !fault->hold_us))
		return -EINVAL;
	raw_spin_lock_irq(&seam_emu.lock);
	for (f = seam_emu.faults; f < seam_emu.faults + SEAM_EMU_MAX_FAULTS; f++) {
		if (f->nth && !f->fired)
			continue;
		*f = *fault;
		f->calls = 0;
		f->fired = false;
		err = 0;
		break;
	}
	raw_spin_unlock_irq(&seam_emu.lock);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(seam_emu_arm_fault);

/**
 * seam_emu_clear_faults() - Disarm every fault
 *
 * Context: Any context.
 */
void seam_emu_clear_faults(void)
{
	raw_spin_lock_irq(&seam_emu.lock);
	memset(seam_emu.faults, 0, sizeof(seam_emu.faults));
	raw_spin_unlock_irq(&seam_emu.lock);
}
EXPORT_SYMBOL_IF_KUNIT(seam_emu_clear_faults);

/* "seam_emulator" on the kernel command line; read-only afterwards. */
static bool seam_emu_enabled;
core_param(seam_emulator, seam_emu_enabled, bool, 0444);

static int __init seam_emu_init(void)
{
	struct seam_emu_spec spec;
	int err;

	if (!seam_emu_enabled)
		return 0;
	if (boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM)) {
		pr_err("not started: this platform has TDX\n");
		return -EBUSY;
	}
	err = seam_emu_seamldr_init();
	if (err) {
		pr_err("not started: %pe\n", ERR_PTR(err));
		return err;
	}
	seam_emu_default_spec(&spec);
	seam_emu_boot(&spec);
	err = seam_backend_register(&seam_emu_backend);
	if (err)
		return err;
	add_taint(TAINT_TEST, LOCKDEP_STILL_OK);
	pr_warn("active, for testing only: TDX module %u.%u.%02u on %u emulated LPs, not initialised, VMX off\n",
		spec.desc.major, spec.desc.minor, spec.desc.update, seam_emu.nr_lps);
	seam_emu_debugfs_init();
	return 0;
}
device_initcall(seam_emu_init);
