/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The TDX module runtime update, a client of the SEAM framework.
 */
#ifndef _LINUX_SEAM_TDX_H
#define _LINUX_SEAM_TDX_H

#include <linux/types.h>
#include <linux/seam/plan.h>

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

/**
 * struct seam_tdx_seamldr_state - What SEAMLDR.INFO reports
 * @version:			The P-SEAMLDR version.
 * @num_remaining_updates:	Updates P-SEAMLDR can still install.
 * @svn_major:			Major SVN of the current module.
 * @svn_minor:			Minor SVN of the current module.
 * @debug:			The platform is in debug mode.
 * @seam_ready:			A module is loaded and callable.
 */
struct seam_tdx_seamldr_state {
	struct seam_tdx_version	version;
	u32			num_remaining_updates;
	u8			svn_major;
	u8			svn_minor;
	bool			debug;
	bool			seam_ready;
};

/**
 * struct seam_tdx_update_report - What happened to an update request
 * @reason:		One line saying why the update was refused, or NULL.
 * @bad_size:		The image was truncated or oversized.
 * @changed:		The old module was shut down: the update went past
 *			its last recoverable point.
 * @before:		The module version before the update.
 * @after:		The module version after a successful update.
 * @plan:		The outcome of the update plan, if it ran.
 */
struct seam_tdx_update_report {
	const char			*reason;
	bool				bad_size;
	bool				changed;
	struct seam_tdx_version		before;
	struct seam_tdx_version		after;
	struct seam_plan_result		plan;
};

#ifdef CONFIG_SEAM_TDX_UPDATE
bool seam_tdx_update_supported(void);
int seam_tdx_module_version(struct seam_tdx_version *version);
int seam_tdx_seamldr_state(struct seam_tdx_seamldr_state *state);
int seam_tdx_update(const void *image, size_t size,
		    struct seam_tdx_update_report *report);
#else
static inline bool seam_tdx_update_supported(void) { return false; }
static inline int seam_tdx_module_version(struct seam_tdx_version *version)
{
	return -ENODEV;
}

static inline int seam_tdx_seamldr_state(struct seam_tdx_seamldr_state *state)
{
	return -ENODEV;
}

static inline int seam_tdx_update(const void *image, size_t size,
				  struct seam_tdx_update_report *report)
{
	return -ENODEV;
}
#endif

#endif /* _LINUX_SEAM_TDX_H */
