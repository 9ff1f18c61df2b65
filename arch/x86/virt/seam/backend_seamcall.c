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
#include <crypto/sha2.h>
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

/* The emulated P-SEAMLDR holds its test key's hash instead. */
static const u8 *seam_seamcall_key_hash(void)
{
	return seam_emu_active ? seam_emu_key_hash : seam_intel_key_hash;
}

static const struct seam_backend seam_seamcall_backend = {
	.name		= "seamcall",
	.hardware	= true,
	.call		= seam_seamcall,
	.key_hash	= seam_seamcall_key_hash,
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
