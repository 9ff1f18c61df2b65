// SPDX-License-Identifier: GPL-2.0
/*
 * seam-svc: firmware upload, and the fw_upload error of each failure.
 *
 * Mainline reports every failed TDX module update as "firmware-invalid".
 * seam reports the class of failure a user can act on, which the client
 * names; the table is in Documentation/ABI/testing/sysfs-class-firmware-seam.
 */

#define pr_fmt(fmt) "seam-svc: " fmt

#include <linux/firmware.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/seam/tdx.h>

#include "seam-svc.h"

/* What fw_upload reports for each kind of failure; the one mapping. */
static const enum fw_upload_err seam_svc_fw_errors[SEAM_UPDATE_NR_FAULTS] = {
	[SEAM_UPDATE_OK]		= FW_UPLOAD_ERR_NONE,
	[SEAM_UPDATE_RETRY]		= FW_UPLOAD_ERR_BUSY,
	[SEAM_UPDATE_BAD_SIZE]		= FW_UPLOAD_ERR_INVALID_SIZE,
	[SEAM_UPDATE_BAD_IMAGE]		= FW_UPLOAD_ERR_FW_INVALID,
	[SEAM_UPDATE_NO_UPDATES_LEFT]	= FW_UPLOAD_ERR_WEAROUT,
	[SEAM_UPDATE_LATE_CPU]		= FW_UPLOAD_ERR_TIMEOUT,
	[SEAM_UPDATE_NO_MEMORY]		= FW_UPLOAD_ERR_RW_ERROR,
	[SEAM_UPDATE_PLATFORM]		= FW_UPLOAD_ERR_HW_ERROR,
};

static const char * const seam_svc_fw_error_names[FW_UPLOAD_ERR_MAX] = {
	[FW_UPLOAD_ERR_NONE]		= "none",
	[FW_UPLOAD_ERR_HW_ERROR]	= "hw-error",
	[FW_UPLOAD_ERR_TIMEOUT]		= "timeout",
	[FW_UPLOAD_ERR_CANCELED]	= "user-abort",
	[FW_UPLOAD_ERR_BUSY]		= "device-busy",
	[FW_UPLOAD_ERR_INVALID_SIZE]	= "invalid-file-size",
	[FW_UPLOAD_ERR_RW_ERROR]	= "read-write-error",
	[FW_UPLOAD_ERR_WEAROUT]		= "flash-wearout",
	[FW_UPLOAD_ERR_FW_INVALID]	= "firmware-invalid",
};

static enum fw_upload_err seam_svc_prepare(struct fw_upload *fwl, const u8 *data, u32 size)
{
	struct seam_svc *svc = fwl->dd_handle;

	if (!size) {
		pr_err("%s: update refused: empty image (invalid-file-size)\n",
		       dev_name(&svc->fdev->dev));
		return FW_UPLOAD_ERR_INVALID_SIZE;
	}
	return FW_UPLOAD_ERR_NONE;
}

/* The whole image arrives in one buffer: apply it in one go. */
static enum fw_upload_err seam_svc_write(struct fw_upload *fwl, const u8 *data,
					 u32 offset, u32 size, u32 *written)
{
	struct seam_svc *svc = fwl->dd_handle;
	struct seam_update_result *res;
	enum fw_upload_err fw_err;

	res = kzalloc_obj(*res);
	if (!res)
		return FW_UPLOAD_ERR_RW_ERROR;
	seam_tdx_update(data + offset, size, res);
	fw_err = seam_svc_fw_errors[res->fault];
	if (res->err)
		pr_err("%s: update %s: %s (%pe) -> %s\n", dev_name(&svc->fdev->dev),
		       res->changed ? "failed" : "refused",
		       res->reason ?: "no reason given", ERR_PTR(res->err),
		       seam_svc_fw_error_names[fw_err]);
	else if (res->recovery)
		pr_info("%s: recovered: now %s\n", dev_name(&svc->fdev->dev), res->after);
	else
		pr_info("%s: updated from %s to %s\n", dev_name(&svc->fdev->dev),
			res->before, res->after);

	/* The outcome is kept as it is: the old one goes. */
	scoped_guard(mutex, &svc->lock) {
		swap(svc->last, res);
		svc->fw_err = fw_err;
	}
	kfree(res);
	*written = size;
	return fw_err;
}

static enum fw_upload_err seam_svc_poll_complete(struct fw_upload *fwl)
{
	return FW_UPLOAD_ERR_NONE;
}

/* The update runs inside write(); once started it cannot be cancelled. */
static void seam_svc_cancel(struct fw_upload *fwl)
{
}

static const struct fw_upload_ops seam_svc_fw_ops = {
	.prepare	= seam_svc_prepare,
	.write		= seam_svc_write,
	.poll_complete	= seam_svc_poll_complete,
	.cancel		= seam_svc_cancel,
};

/**
 * seam_svc_fw_error_name() - The name fw_upload shows for an error
 * @err:	The error.
 *
 * Return: The name, as in /sys/class/firmware/<name>/error.
 */
const char *seam_svc_fw_error_name(enum fw_upload_err err)
{
	return err < FW_UPLOAD_ERR_MAX ? seam_svc_fw_error_names[err] : "?";
}

/*
 * The upload holds a reference on this module, as mainline's tdx-host's
 * does: its files call into the module, and an unload racing a write
 * could otherwise free the code the write runs.  So the module cannot be
 * unloaded while the upload exists.
 */
int seam_svc_upload_register(struct seam_svc *svc)
{
	struct fw_upload *fwl;

	fwl = firmware_upload_register(THIS_MODULE, &svc->fdev->dev, "tdx_module",
				       &seam_svc_fw_ops, svc);
	if (IS_ERR(fwl))
		return PTR_ERR(fwl);
	svc->fwl = fwl;
	return 0;
}

void seam_svc_upload_unregister(struct seam_svc *svc)
{
	if (svc->fwl)
		firmware_upload_unregister(svc->fwl);
	svc->fwl = NULL;
}
