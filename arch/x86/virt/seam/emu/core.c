// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM emulator: the platform, its hooks and the SEAMCALL dispatch.
 *
 * For testing only.  Booted with "seam_emulator" on a machine without TDX,
 * the emulator presents a TDX platform: the CPUID bits and MSRs that
 * tdx_init() and the VMX code check, VMX operation, and a P-SEAMLDR and
 * TDX module behind the SEAMCALL instruction (asm/seam_emu.h).  The
 * kernel's own TDX code then runs on it unchanged.
 */

#define pr_fmt(fmt) "seam: emulator: " fmt

#include <linux/cpufeature.h>
#include <linux/init.h>
#include <linux/instrumentation.h>
#include <linux/ioport.h>
#include <linux/panic.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/topology.h>
#include <linux/seam/tdx_abi.h>
#include <asm/msr-index.h>
#include <asm/seam_emu.h>
#include <asm/tdx.h>

#include "../tdx/seamldr.h"
#include "emu.h"

bool seam_emu_active __ro_after_init;

struct seam_emu seam_emu = {
	.lock = __RAW_SPIN_LOCK_UNLOCKED(seam_emu.lock),
};

/* VMXON was done on this CPU (the hook of x86_virt_cpu_vmxon()). */
static DEFINE_PER_CPU(bool, seam_emu_vmx_on);

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
	[SEAM_EMU_LEAF_SYS_DISABLE]	= "tdh.sys.disable",
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
	[SEAM_EMU_LEAF_SYS_DISABLE]	= TDH_SYS_DISABLE,
};

/* The longest a single call may busy-wait, whatever the knob says. */
#define SEAM_EMU_MAX_LATENCY_US		100000

/**
 * seam_emu_busy_us() - Keep the CPU busy, as firmware would
 * @us:		Microseconds, by the clock the kernel times SEAMCALLs with.
 *
 * Not udelay(): under TCG the delay loop's calibration can be far off.
 *
 * Context: Any context.
 */
void seam_emu_busy_us(unsigned int us)
{
	u64 end = ktime_get_mono_fast_ns() + (u64)us * NSEC_PER_USEC;

	while (ktime_get_mono_fast_ns() < end)
		cpu_relax();
}

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

/* 0 once this call holds the lock, or TDX_SYS_BUSY. */
static u64 seam_emu_global_lock(u64 fn)
{
	unsigned long flags;
	u64 status = 0;

	if (!seam_emu_takes_global_lock(fn))
		return 0;
	raw_spin_lock_irqsave(&seam_emu.lock, flags);
	if (!seam_emu.global_lock)
		seam_emu.global_lock = true;
	else
		status = TDX_SYS_BUSY;
	raw_spin_unlock_irqrestore(&seam_emu.lock, flags);
	return status;
}

/* The call itself, with seam_emu.lock held: P-SEAMLDR's or the module's. */
static u64 seam_emu_dispatch(u64 fn, struct tdx_module_args *args)
{
	if (fn == SEAMLDR_INFO)
		return seam_emu_seamldr_info(args);
	if (fn == SEAMLDR_INSTALL)
		return seam_emu_seamldr_install(args);
	if (fn & SEAMLDR_LEAF_BIT)
		return SEAMLDR_EBADPARAM;
	/* Without a module, SEAMCALL fails as VMfailInvalid. */
	if (!seam_emu.seamextend.seam_ready)
		return TDX_SEAMCALL_VMFAILINVALID;
	return seam_emu_module_call(fn, args);
}

/**
 * seam_emu_call() - A SEAMCALL on this CPU, in VMX operation
 * @fn:		RAX: the leaf.
 * @args:	The other registers; the leaf's outputs are written back.
 *
 * The emulator sees only what the CPU would: RAX and the registers.
 *
 * Context: Preemption disabled; any context, interrupts on or off.
 * Return: The status in RAX.
 */
u64 seam_emu_call(u64 fn, struct tdx_module_args *args)
{
	int idx = seam_emu_leaf_index(fn);
	struct seam_emu_fault fired = {}, *f;
	unsigned long flags;
	u64 status;

	status = seam_emu_global_lock(fn);
	if (status)
		return status;
	if (idx >= 0 && READ_ONCE(seam_emu.latency_us[idx]))
		seam_emu_busy_us(min(READ_ONCE(seam_emu.latency_us[idx]),
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
		seam_emu_busy_us(f->hold_us);
		raw_spin_lock_irqsave(&seam_emu.lock, flags);
	}
	if (f && !f->runs)
		status = seam_emu_inject(f, args);
	else
		status = seam_emu_dispatch(fn, args);
	if (seam_emu_takes_global_lock(fn))
		seam_emu.global_lock = false;
	raw_spin_unlock_irqrestore(&seam_emu.lock, flags);
	return status;
}

/**
 * seam_emu_seamcall() - The hook of the SEAMCALL instruction
 * @fn:		RAX.
 * @args:	The registers, written back as the entry point would.
 * @outputs:	Which registers the entry point returns: SEAM_EMU_OUT_*.
 *
 * Outside VMX operation SEAMCALL raises #UD, which the entry points
 * report as TDX_SEAMCALL_UD.
 *
 * Context: Preemption disabled; from noinstr code too (TDH.VP.ENTER).
 * Return: The status in RAX.
 */
noinstr u64 seam_emu_seamcall(u64 fn, struct tdx_module_args *args,
			      unsigned int outputs)
{
	struct tdx_module_args regs;
	u64 status;

	instrumentation_begin();
	if (!this_cpu_read(seam_emu_vmx_on)) {
		status = TDX_SEAMCALL_UD;
		goto out;
	}
	regs = *args;
	status = seam_emu_call(fn, &regs);
	if (outputs == SEAM_EMU_OUT_SAVED) {
		*args = regs;
	} else if (outputs == SEAM_EMU_OUT_RET) {
		args->rcx = regs.rcx;
		args->rdx = regs.rdx;
		args->r8 = regs.r8;
		args->r9 = regs.r9;
		args->r10 = regs.r10;
		args->r11 = regs.r11;
	}
out:
	instrumentation_end();
	return status;
}

/**
 * seam_emu_vmxon() - The hook of CR4.VMXE and VMXON
 *
 * Context: Preemption disabled, on the CPU entering VMX operation.
 * Return: 0, or -EFAULT where VMXON would fail: in VMX operation already.
 */
int seam_emu_vmxon(void)
{
	if (this_cpu_read(seam_emu_vmx_on))
		return -EFAULT;
	this_cpu_write(seam_emu_vmx_on, true);
	return 0;
}

/**
 * seam_emu_vmxoff() - The hook of VMXOFF
 *
 * Context: Preemption disabled, on the CPU leaving VMX operation.
 * Return: 0, or -EIO where VMXOFF would fault: outside VMX operation.
 */
int seam_emu_vmxoff(void)
{
	if (!this_cpu_read(seam_emu_vmx_on))
		return -EIO;
	this_cpu_write(seam_emu_vmx_on, false);
	return 0;
}

/**
 * seam_emu_vmx_cpus() - The CPUs in VMX operation
 * @mask:	Filled in.
 *
 * Return: @mask.
 */
struct cpumask *seam_emu_vmx_cpus(struct cpumask *mask)
{
	int cpu;

	cpumask_clear(mask);
	for_each_possible_cpu(cpu)
		if (per_cpu(seam_emu_vmx_on, cpu))
			cpumask_set_cpu(cpu, mask);
	return mask;
}

/* The private KeyIDs the emulated BIOS partitions off for TDX. */
#define SEAM_EMU_KEYID_PARTITIONING \
	((u64)SEAM_EMU_NR_KEYIDS << 32 | (SEAM_EMU_KEYID_FIRST - 1))
/* IA32_VMX_BASIC: revision 1, true controls, bit 60 unless the erratum. */
#define SEAM_EMU_VMX_BASIC	(BIT_ULL(55) | 1)

/**
 * seam_emu_rdmsr() - The hook of RDMSR for the MSRs TDX reads at boot
 * @msr:	IA32_MKTME_KEYID_PARTITIONING or IA32_VMX_BASIC.
 * @val:	The value.
 *
 * Context: Any context.
 * Return: 0, or -EIO (#GP) for an MSR the emulator does not model.
 */
int seam_emu_rdmsr(u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_IA32_MKTME_KEYID_PARTITIONING:
		*val = SEAM_EMU_KEYID_PARTITIONING;
		return 0;
	case MSR_IA32_VMX_BASIC:
		*val = SEAM_EMU_VMX_BASIC;
		if (!READ_ONCE(seam_emu.seamret_erratum))
			*val |= SEAM_VMX_BASIC_SEAMRET_KEEPS_VMCS;
		return 0;
	default:
		return -EIO;
	}
}

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
 * loader the release names, with 64 updates.
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
	spec->seamldr = (struct seam_emu_ver){ 1, 5, 0 };
	spec->remaining = 64;
}

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
 * seam_emu_boot() - Reset the emulated platform, as a power-on would
 * @spec:	The module to load and the P-SEAMLDR to run.
 *
 * The module is loaded, not initialised: the kernel initialises it.
 * Armed faults, the update-sensitive operation, the install session and
 * the call counters end; the latency and erratum knobs, which model the
 * machine, stay.  The kernel's TDX code is not told: outside the boot,
 * only the KUnit suites, which call the emulator directly, reset it.
 *
 * Context: Process context.
 */
void seam_emu_boot(const struct seam_emu_spec *spec)
{
	struct seam_emu_seamextend *ext = &seam_emu.seamextend;
	struct seam_emu_range cmrs[SEAM_EMU_MAX_CMRS];
	unsigned int nr_cmrs = seam_emu_find_cmrs(cmrs);

	raw_spin_lock_irq(&seam_emu.lock);
	memcpy(seam_emu.cmrs, cmrs, sizeof(cmrs));
	seam_emu.nr_cmrs = nr_cmrs;
	seam_emu.global_lock = false;
	seam_emu.nr_lps = num_present_cpus();
	seam_emu.nr_pkgs = topology_max_packages();
	seam_emu.seamldr = spec->seamldr;
	seam_emu.remaining = spec->remaining;
	seam_emu.platform_debug = false;
	seam_emu.update_sensitive = false;
	seam_emu.seamret_erratum = spec->seamret_erratum;
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
	raw_spin_unlock_irq(&seam_emu.lock);
}

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

/* The platform the command line asked for, powered on at arch_initcall. */
static struct seam_emu_spec seam_emu_boot_spec __initdata;
static int seam_emu_spec_err __initdata;
static char seam_emu_boot_arg[256] __initdata;

/*
 * "seam_emulator[=<spec>]": before the boot CPU is identified, present the
 * CPUID bits of a TDX platform that TCG lacks: VMX (the hooks stand in
 * for VMX operation), and MOVDIR64B and self-snoop, which tdx_enable()
 * checks.  The spec is read now, since tdx_init() reads the MSRs it
 * decides before any initcall.  Never on a machine whose BIOS partitioned
 * off TDX KeyIDs.
 */
static int __init seam_emu_setup(char *arg)
{
	char buf[sizeof(seam_emu_boot_arg)];
	u64 keyids;

	if (!rdmsrq_safe(MSR_IA32_MKTME_KEYID_PARTITIONING, &keyids) && keyids >> 32) {
		pr_err("not started: this platform has TDX\n");
		return 0;
	}
	seam_emu_default_spec(&seam_emu_boot_spec);
	if (arg && strscpy(seam_emu_boot_arg, arg, sizeof(seam_emu_boot_arg)) < 0)
		seam_emu_spec_err = -E2BIG;
	else if (arg && strscpy(buf, arg, sizeof(buf)) >= 0)
		seam_emu_spec_err = seam_emu_parse_spec(buf, &seam_emu_boot_spec);
	if (seam_emu_spec_err)
		seam_emu_default_spec(&seam_emu_boot_spec);
	seam_emu.seamret_erratum = seam_emu_boot_spec.seamret_erratum;
	setup_force_cpu_cap(X86_FEATURE_VMX);
	setup_force_cpu_cap(X86_FEATURE_MOVDIR64B);
	setup_force_cpu_cap(X86_FEATURE_SELFSNOOP);
	/* An Intel platform: no SVM beside VMX (x86_virt_init()). */
	setup_clear_cpu_cap(X86_FEATURE_SVM);
	seam_emu_active = true;
	return 0;
}
early_param("seam_emulator", seam_emu_setup);

/* Power the platform on before tdx_enable() initialises the module. */
static int __init seam_emu_init(void)
{
	struct seam_emu_spec *spec = &seam_emu_boot_spec;

	if (!seam_emu_active)
		return 0;
	if (seam_emu_spec_err)
		pr_err("seam_emulator=%s: %pe; booting the default platform\n",
		       seam_emu_boot_arg, ERR_PTR(seam_emu_spec_err));
	seam_emu_boot(spec);
	add_taint(TAINT_TEST, LOCKDEP_STILL_OK);
	pr_warn("active, for testing only: TDX module %u.%u.%02u, P-SEAMLDR %u.%u.%02u, LPs %u, packages %u\n",
		spec->desc.major, spec->desc.minor, spec->desc.update, spec->seamldr.major,
		spec->seamldr.minor, spec->seamldr.update, seam_emu.nr_lps, seam_emu.nr_pkgs);
	seam_emu_debugfs_init();
	return 0;
}
arch_initcall(seam_emu_init);
