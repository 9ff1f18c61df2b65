/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAMCALL leafs of the TDX clients, the module's initialisation and
 * its runtime update; and, for their KUnit suite, their plans.
 */
#ifndef _SEAM_TDX_LEAVES_H
#define _SEAM_TDX_LEAVES_H

#include <linux/seam/leaf.h>

/* The leafs of the TDX clients, indexing seam_tdx_leaves[]. */
enum seam_tdx_leaf {
	SEAM_TDX_SEAMLDR_INFO,
	SEAM_TDX_SEAMLDR_INSTALL,
	SEAM_TDX_SYS_RD,
	SEAM_TDX_SYS_INIT,
	SEAM_TDX_SYS_LP_INIT,
	SEAM_TDX_SYS_SHUTDOWN,
	SEAM_TDX_SYS_UPDATE,
	SEAM_TDX_SYS_CONFIG,
	SEAM_TDX_SYS_KEY_CONFIG,
	SEAM_TDX_SYS_TDMR_INIT,
	SEAM_TDX_NR_LEAVES,
};

extern const struct seam_leaf seam_tdx_leaves[SEAM_TDX_NR_LEAVES];
int seam_tdx_call(enum seam_tdx_leaf leaf, struct tdx_module_args *args);

#if IS_ENABLED(CONFIG_KUNIT)
struct seam_plan;
extern const struct seam_plan seam_tdx_plan, seam_tdx_recovery_plan, seam_tdx_init_plan;
#endif

#endif /* _SEAM_TDX_LEAVES_H */
