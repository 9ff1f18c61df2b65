/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEAM backends: what actually executes a SEAMCALL.
 *
 * Exactly one backend is active.  It is the SEAMCALL instruction, through
 * the TDX host support, whether the hardware or the SEAM emulator under
 * it executes it; the KUnit tests install a scripted mock, or the
 * emulator's model directly.
 */
#ifndef _LINUX_SEAM_BACKEND_H
#define _LINUX_SEAM_BACKEND_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/shared/tdx.h>

struct seam_leaf;

/**
 * struct seam_backend - A SEAMCALL implementation
 * @name:	Name, for logs ("seamcall", "emulator", ...).
 * @call:	Execute @leaf with the input registers in @args and return
 *		the raw 64-bit status.  For leafs with SEAM_LEAF_OUTPUT the
 *		output registers are written back to @args.  Called with
 *		preemption disabled, possibly from the stopper thread of any
 *		CPU with interrupts off, so it must neither sleep nor print.
 *		Serialization of P-SEAMLDR leafs and retries are done by the
 *		core, not here.  Mandatory.
 * @key_hash:	Optional.  SHA-384 of the RSA modulus of the one key whose
 *		modules the platform's P-SEAMLDR installs.  Without it, or
 *		when it returns NULL (the tests' mock), any key passes.
 * @hardware:	The backend drives the SEAM firmware the kernel's own TDX
 *		code drives, so that code's state must follow what it does.
 *		False for the tests' backends, which must leave it alone.
 */
struct seam_backend {
	const char	*name;
	bool		hardware;
	u64		(*call)(const struct seam_leaf *leaf,
				struct tdx_module_args *args);
	const u8	*(*key_hash)(void);
};

int seam_backend_register(const struct seam_backend *backend);
void seam_backend_unregister(const struct seam_backend *backend);
const char *seam_backend_name(void);
bool seam_backend_active(void);
bool seam_backend_is_hardware(void);
const u8 *seam_backend_key_hash(void);
void seam_backend_busy_us(unsigned int us);

#endif /* _LINUX_SEAM_BACKEND_H */
