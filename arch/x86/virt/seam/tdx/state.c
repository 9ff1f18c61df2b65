// SPDX-License-Identifier: GPL-2.0
/*
 * Reading the state of the TDX module (TDH.SYS.RD) and of P-SEAMLDR
 * (SEAMLDR.INFO).
 */

#include <linux/cleanup.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/sprintf.h>
#include <linux/seam/leaf.h>
#include <linux/seam/tdx_abi.h>

#include "update.h"

static int seam_tdx_rd(u64 field, u64 *value)
{
	struct tdx_module_args args = { .rdx = field };
	int err;

	err = seam_call(&seam_tdx_leaves[SEAM_TDX_SYS_RD], &args, NULL);
	if (!err)
		*value = args.r8;
	return err;
}

/**
 * seam_tdx_read_module_info() - Read what the update needs from the module
 * @info:	Filled in on success.
 *
 * Context: Process context, on a CPU where TDH.SYS.LP.INIT was done.
 * Return: 0, or the errno of the first failing TDH.SYS.RD.
 */
int seam_tdx_read_module_info(struct seam_tdx_module_info *info)
{
	u64 major, minor, update, hv = 0, min_hv = 0, no_downgrade = 0;
	int err;

	err = seam_tdx_rd(MD_FIELD_ID_MAJOR_VERSION, &major) ?:
	      seam_tdx_rd(MD_FIELD_ID_MINOR_VERSION, &minor) ?:
	      seam_tdx_rd(MD_FIELD_ID_UPDATE_VERSION, &update) ?:
	      seam_tdx_rd(MD_FIELD_ID_TDX_FEATURES0, &info->features0);
	/* Only a module with TD-preserving updates has the handoff fields. */
	if (!err && (info->features0 & TDX_FEATURES0_TD_PRESERVING))
		err = seam_tdx_rd(MD_FIELD_ID_MODULE_HV, &hv) ?:
		      seam_tdx_rd(MD_FIELD_ID_MIN_UPDATE_HV, &min_hv) ?:
		      seam_tdx_rd(MD_FIELD_ID_NO_DOWNGRADE, &no_downgrade);
	if (err)
		return err;

	info->version.major = major;
	info->version.minor = minor;
	info->version.update = update;
	info->module_hv = hv;
	info->min_update_hv = min_hv;
	info->no_downgrade = no_downgrade;
	return 0;
}

/**
 * seam_tdx_read_seamldr_info() - Ask P-SEAMLDR for its state
 * @info:	Filled in on success.
 *
 * Each call is a serialized SEAMLDR.INFO.
 *
 * Context: Process context; allocates.
 * Return: 0, -ENOMEM, or SEAMLDR.INFO's errno.
 */
int seam_tdx_read_seamldr_info(struct seam_seamldr_info *info)
{
	/* kmalloc() aligns a 256-byte object to 256 bytes, as INFO needs. */
	struct seam_seamldr_info *buf __free(kfree) = kzalloc(sizeof(*buf), GFP_KERNEL);
	struct tdx_module_args args = {};
	int err;

	if (!buf)
		return -ENOMEM;
	if (WARN_ON(!IS_ALIGNED((unsigned long)buf, SEAMLDR_INFO_ALIGN)))
		return -EINVAL;

	args.rcx = virt_to_phys(buf);
	err = seam_call(&seam_tdx_leaves[SEAM_TDX_SEAMLDR_INFO], &args, NULL);
	if (!err)
		*info = *buf;
	return err;
}
EXPORT_SYMBOL_FOR_MODULES(seam_tdx_read_seamldr_info, "seam-svc");

/* A version as sysfs shows it: "major.minor.update", the update in two digits. */
void seam_tdx_format_version(char *buf, const struct seam_tdx_version *v)
{
	snprintf(buf, SEAM_VERSION_LEN, "%u.%u.%02u", v->major, v->minor, v->update);
}
