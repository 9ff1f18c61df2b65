// SPDX-License-Identifier: GPL-2.0
/*
 * The real SEAM backend: the SEAMCALL instruction, through 6.12's
 * __seamcall() and __seamcall_ret() (arch/x86/virt/vmx/tdx/seamcall.S).
 *
 * Retries and serialization are the core's business, so the bare
 * functions are used rather than the seamcall() wrappers.
 */

#define pr_fmt(fmt) "seam: " fmt

#include <linux/cpufeature.h>
#include <linux/init.h>
#include <asm/msr.h>
#include <asm/tdx.h>
#include <linux/seam/backend.h>
#include <linux/seam/leaf.h>

static u64 seam_seamcall(const struct seam_leaf *leaf,
			 struct tdx_module_args *args)
{
	if (leaf->flags & SEAM_LEAF_OUTPUT)
		return __seamcall_ret(leaf->fn, args);
	return __seamcall(leaf->fn, args);
}

static int seam_seamcall_rdmsr(u32 msr, u64 *val)
{
	return rdmsrl_safe(msr, val);
}

static const struct seam_backend seam_seamcall_backend = {
	.name		= "seamcall",
	.hardware	= true,
	.call		= seam_seamcall,
	.rdmsr		= seam_seamcall_rdmsr,
};

static int __init seam_seamcall_init(void)
{
	/* tdx_init() found a TDX host platform: SEAMRR is enabled. */
	if (!boot_cpu_has(X86_FEATURE_TDX_HOST_PLATFORM))
		return 0;
	return seam_backend_register(&seam_seamcall_backend);
}
subsys_initcall(seam_seamcall_init);
