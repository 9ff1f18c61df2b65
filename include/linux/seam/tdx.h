/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX module's runtime update and initialisation, clients of the SEAM
 * framework.
 */
#ifndef _LINUX_SEAM_TDX_H
#define _LINUX_SEAM_TDX_H

#include <linux/types.h>
#include <linux/seam/plan.h>
#include <linux/seam/update.h>

/**
 * enum seam_tdx_status - Whether the TDX module can be updated, and why not
 * @SEAM_TDX_UNKNOWN:		Not assessed yet.
 * @SEAM_TDX_NO_MODULE:		No TDX module is loaded (VMfailInvalid).
 * @SEAM_TDX_UNINITIALISED:	The module is loaded but tdx_enable() did not
 *				initialise it at boot.
 * @SEAM_TDX_UNREADABLE:	Reading the module's state failed otherwise.
 * @SEAM_TDX_LOST:		A failed update lost the module and its TDs:
 *				only a reboot brings TDX back.
 * @SEAM_TDX_NO_TD_PRESERVING:	The module does not advertise TD-preserving
 *				updates (TDX_FEATURES0 bit 1).
 * @SEAM_TDX_ERRATUM:		The CPU has the SEAMRET-clears-VMCS erratum.
 * @SEAM_TDX_NO_SEAMLDR:	No P-SEAMLDR is loaded (VMfailInvalid).
 * @SEAM_TDX_RECOVERABLE:	A failed update shut the old module down, but
 *				its handoff data is kept: a recovery install
 *				of a good image restores the module and the
 *				TDs that KVM did not kill meanwhile.
 * @SEAM_TDX_UPDATABLE:		The module can be updated at run time.
 * @SEAM_TDX_NR_STATUS:		Number of statuses.
 *
 * The module's version can be read from @SEAM_TDX_NO_TD_PRESERVING on.
 */
enum seam_tdx_status {
	SEAM_TDX_UNKNOWN,
	SEAM_TDX_NO_MODULE,
	SEAM_TDX_UNINITIALISED,
	SEAM_TDX_UNREADABLE,
	SEAM_TDX_LOST,
	SEAM_TDX_NO_TD_PRESERVING,
	SEAM_TDX_ERRATUM,
	SEAM_TDX_NO_SEAMLDR,
	SEAM_TDX_RECOVERABLE,
	SEAM_TDX_UPDATABLE,
	SEAM_TDX_NR_STATUS,
};

/**
 * struct seam_tdx_version - A TDX module or P-SEAMLDR version
 * @major:	Major version.
 * @minor:	Minor version.
 * @update:	Update version; shown as "major.minor.update" with "%02u".
 */
struct seam_tdx_version {
	u16	major;
	u16	minor;
	u16	update;
};

struct seam_seamldr_info;

/* With CONFIG_SEAM_TDX_UPDATE, which seam-svc depends on. */
enum seam_tdx_status seam_tdx_status(const char **reason);
bool seam_tdx_update_supported(void);
int seam_tdx_module_version(struct seam_tdx_version *version);
int seam_tdx_read_seamldr_info(struct seam_seamldr_info *info);
int seam_tdx_update(const void *image, size_t size, struct seam_update_result *res);

/* Always there with INTEL_TDX_HOST, which initialises the module with it. */
struct tdmr_info_list;
int seam_tdx_init_module(const struct tdmr_info_list *tdmrs, u16 keyid,
			 struct seam_plan_result *result);

#endif /* _LINUX_SEAM_TDX_H */
