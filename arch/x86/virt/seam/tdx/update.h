/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces of the TDX module update client.
 */
#ifndef _SEAM_TDX_UPDATE_H
#define _SEAM_TDX_UPDATE_H

#include <linux/mutex.h>
#include <linux/seam/leaf.h>
#include <linux/seam/tdx.h>

#include "image.h"
#include "leaves.h"
#include "seamldr.h"

/**
 * struct seam_tdx_module_info - What the running module reports
 * @version:		Its version.
 * @features0:		TDX_FEATURES0.
 * @module_hv:		Highest handoff version it can write.
 * @min_update_hv:	Lowest handoff version it can write.
 * @no_downgrade:	It refuses a handoff version below @module_hv.
 */
struct seam_tdx_module_info {
	struct seam_tdx_version	version;
	u64			features0;
	u16			module_hv;
	u16			min_update_hv;
	bool			no_downgrade;
};

/**
 * struct seam_tdx_update_ctx - One update request
 * @buf:	The image.
 * @size:	Its size.
 * @img:	The parsed image.
 * @module:	The running module, as read in the pre-flight checks.
 * @params:	SEAMLDR.INSTALL's input page.
 * @params_pa:	Its physical address, SEAMLDR.INSTALL's RCX, taken before
 *		the stop.
 * @shutdown_rcx: TDH.SYS.SHUTDOWN's RCX: the handoff version and flags.
 * @refuse_td_build: Refuse the shutdown while KVM builds a TD: the module
 *		cannot refuse it itself, and no administrator override is set.
 * @td_building: The shutdown was refused for a TD build; written in the
 *		stopped section.
 * @install_unrecoverable: SEAMLDR.INSTALL failed with RDX = 1; written in
 *		the stopped section.
 * @res:	The request's outcome, filled as it goes: whether it is a
 *		recovery install, and the handoff version, negotiated for
 *		TDH.SYS.SHUTDOWN or the one the shut-down module wrote.
 */
struct seam_tdx_update_ctx {
	const void			*buf;
	size_t				size;
	struct seam_tdx_image		img;
	struct seam_tdx_module_info	module;
	struct seam_seamldr_params	*params;
	u64				params_pa;
	u64				shutdown_rcx;
	bool				refuse_td_build;
	bool				td_building;
	bool				install_unrecoverable;
	struct seam_update_result	*res;
};

/* state.c */
int seam_tdx_read_module_info(struct seam_tdx_module_info *info);
void seam_tdx_format_version(char *buf, const struct seam_tdx_version *v);

/* lifecycle.c: one update or assessment at a time. */
extern struct mutex seam_tdx_lock;
extern int seam_tdx_shutdown_hv;
int seam_tdx_assess(struct seam_tdx_module_info *module,
		    struct seam_seamldr_info *ldr, struct seam_update_result *res);
void seam_tdx_reassess(void);
const char *seam_tdx_state(void);
bool seam_tdx_module_down(void);
bool seam_tdx_tds_lost(void);
void seam_tdx_record_failure(const struct seam_tdx_update_ctx *ctx,
			     const struct seam_plan_result *res);

/* params.c */
int seam_tdx_params_build(struct seam_seamldr_params *params, const void *buf,
			  const struct seam_tdx_image *img);

/* signature.c */
int seam_sigstruct_verify(const struct seam_sigstruct *sig, const char **reason);

/* preflight.c */
#if IS_ENABLED(CONFIG_KUNIT)
extern bool seam_tdx_update_during_td_build;
#endif
int seam_tdx_check_image(const struct seam_tdx_image *img, const char **reason);
int seam_tdx_preflight(void *data);

#endif /* _SEAM_TDX_UPDATE_H */
