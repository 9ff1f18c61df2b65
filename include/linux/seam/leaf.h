/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEAM call leafs: which SEAMCALLs a client uses and how each is called.
 */
#ifndef _LINUX_SEAM_LEAF_H
#define _LINUX_SEAM_LEAF_H

#include <linux/bits.h>
#include <linux/types.h>
#include <asm/shared/tdx.h>

struct seam_errmap;

/**
 * enum seam_target - The SEAM firmware a leaf is addressed to
 * @SEAM_TARGET_MODULE:		The TDX module.
 * @SEAM_TARGET_SEAMLDR:	The persistent SEAM loader; its leaf numbers
 *				have bit 63 set.
 * @SEAM_NR_TARGETS:		Number of targets.
 */
enum seam_target {
	SEAM_TARGET_MODULE,
	SEAM_TARGET_SEAMLDR,
	SEAM_NR_TARGETS,
};

/* Bit 63 of RAX selects P-SEAMLDR rather than the TDX module. */
#define SEAM_LEAF_SEAMLDR_BIT		BIT_ULL(63)

/*
 * Only one CPU at a time may be inside P-SEAMLDR; all serialized leafs
 * share one lock.
 */
#define SEAM_LEAF_SERIALIZED		BIT(0)
/* Retry, a bounded number of times, while the status is RND_NO_ENTROPY. */
#define SEAM_LEAF_RETRY_ENTROPY		BIT(1)
/* The leaf returns values in the output registers. */
#define SEAM_LEAF_OUTPUT		BIT(2)

/* Calls made for SEAM_LEAF_RETRY_ENTROPY at most; tdx.c's RDRAND_RETRY_LOOPS. */
#define SEAM_ENTROPY_RETRIES		10

/**
 * struct seam_leaf - Descriptor of one SEAMCALL leaf
 * @name:	Name for logs and tracepoints, e.g. "tdh.sys.shutdown".
 * @fn:		The value loaded into RAX: leaf number and version.
 * @target:	The firmware the leaf is addressed to.
 * @flags:	SEAM_LEAF_* flags.
 * @errmap:	Optional.  The leaf's own status map, consulted before the
 *		core map of software-defined codes.
 */
struct seam_leaf {
	const char			*name;
	u64				fn;
	enum seam_target		target;
	unsigned int			flags;
	const struct seam_errmap	*errmap;
};

int seam_call(const struct seam_leaf *leaf, struct tdx_module_args *args,
	      u64 *status);
bool seam_platform_present(void);
bool seam_platform_is_real(void);
const u8 *seam_seamldr_key_hash(void);

#endif /* _LINUX_SEAM_LEAF_H */
