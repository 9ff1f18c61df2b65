// SPDX-License-Identifier: GPL-2.0
/*
 * The real SEAM backend: the SEAMCALL instruction, through the TDX host
 * support's __seamcall() and __seamcall_ret() (arch/x86/virt/vmx/tdx/).
 *
 * Retries and serialization are the core's business, so the bare entry
 * points are used rather than the seamcall() wrappers; like those, every
 * call marks this CPU's caches incoherent first, so that kexec flushes
 * them (__seamcall_dirty_cache()).
 */

#define pr_fmt(fmt) "seam: " fmt

#include <linux/cpufeature.h>
#include <linux/init.h>
#include <asm/msr.h>
#include <asm/seam_emu.h>
#include <asm/tdx.h>
#include <linux/seam/backend.h>
#include <linux/seam/leaf.h>

#include "../vmx/tdx/seamcall_internal.h"

static u64 seam_seamcall(const struct seam_leaf *leaf,
			 struct tdx_module_args *args)
{
	if (leaf->flags & SEAM_LEAF_OUTPUT)
		return __seamcall_dirty_cache(__seamcall_ret, leaf->fn, args);
	return __seamcall_dirty_cache(__seamcall, leaf->fn, args);
}

/* The MSRs as tdx_init() read them: the SEAM emulator's, when it is on. */
static int seam_seamcall_rdmsr(u32 msr, u64 *val)
{
	return seam_emu_rdmsrq_safe(msr, val);
}

static const struct seam_backend seam_seamcall_backend = {
	.name		= "seamcall",
	.hardware	= true,
	.call		= seam_seamcall,
	.rdmsr		= seam_seamcall_rdmsr,
};

/* Before tdx_enable(), at subsys_initcall, initialises the module through seam. */
static int __init seam_seamcall_init(void)
{
	/* tdx_init() found a TDX host platform: SEAMRR is enabled. */
	if (!boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM))
		return 0;
	return seam_backend_register(&seam_seamcall_backend);
}
arch_initcall(seam_seamcall_init);
