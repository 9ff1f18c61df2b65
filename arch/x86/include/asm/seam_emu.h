/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hooks of the SEAM emulator, a software P-SEAMLDR and TDX module that
 * lets the kernel's TDX host code run, unchanged, where there is no TDX
 * hardware (Documentation/arch/x86/seam-emulator.rst).  For testing only.
 *
 * Each hook stands in for one point where the TDX host code touches the
 * hardware: the MSRs it reads at boot, VMXON and VMXOFF, and the SEAMCALL
 * instruction at its three entry points (seamcall.S).  The emulator is
 * active only when the kernel is booted with "seam_emulator" on a platform
 * without TDX; otherwise, and without CONFIG_SEAM_EMULATOR, every hook is
 * the hardware access itself.
 */
#ifndef _ASM_X86_SEAM_EMU_H
#define _ASM_X86_SEAM_EMU_H

/*
 * The registers a SEAMCALL entry point returns (seamcall.S): none from
 * __seamcall(), RCX, RDX and R8-R11 from __seamcall_ret(), all of
 * struct tdx_module_args from __seamcall_saved_ret().
 */
#define SEAM_EMU_OUT_NONE	0
#define SEAM_EMU_OUT_RET	1
#define SEAM_EMU_OUT_SAVED	2

#ifndef __ASSEMBLER__

#include <linux/cache.h>
#include <linux/types.h>
#include <asm/msr.h>
#include <asm/shared/tdx.h>

#ifdef CONFIG_SEAM_EMULATOR
extern bool seam_emu_active __ro_after_init;
/* The key hash the emulated P-SEAMLDR accepts, in place of Intel's. */
extern const u8 seam_emu_key_hash[48];

int seam_emu_rdmsr(u32 msr, u64 *val);
int seam_emu_vmxon(void);
int seam_emu_vmxoff(void);
u64 seam_emu_seamcall(u64 fn, struct tdx_module_args *args, unsigned int outputs);
#else
#define seam_emu_active false
#define seam_emu_key_hash NULL

static inline int seam_emu_rdmsr(u32 msr, u64 *val) { return -EIO; }
static inline int seam_emu_vmxon(void) { return -EIO; }
static inline int seam_emu_vmxoff(void) { return -EIO; }
#endif

/* rdmsrq_safe(), of the emulated platform's MSR when the emulator is on. */
static inline int seam_emu_rdmsrq_safe(u32 msr, u64 *val)
{
	if (seam_emu_active)
		return seam_emu_rdmsr(msr, val);
	return rdmsrq_safe(msr, val);
}

/* rdmsrq(), likewise; an MSR the emulator does not model reads as 0. */
static inline u64 seam_emu_rdmsrq(u32 msr)
{
	u64 val;

	if (!seam_emu_active)
		rdmsrq(msr, val);
	else if (seam_emu_rdmsr(msr, &val))
		val = 0;
	return val;
}

#endif /* !__ASSEMBLER__ */
#endif /* _ASM_X86_SEAM_EMU_H */
