/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private interfaces of the seam-svc driver.
 */
#ifndef _SEAM_SVC_INTERNAL_H
#define _SEAM_SVC_INTERNAL_H

#include <linux/device/faux.h>
#include <linux/firmware.h>
#include <linux/mutex.h>
#include <linux/seam/update.h>

/**
 * struct seam_svc - The tdx_host device and its firmware upload
 * @fdev:	The device on the faux bus.
 * @fwl:	The firmware upload, or NULL.
 * @lock:	Protects @last and @fw_err.
 * @last:	The last update request's outcome, or NULL before the
 *		first; owned.
 * @fw_err:	The fw_upload error it was reported as.
 * @debugfs:	Its statistics directory.
 */
struct seam_svc {
	struct faux_device		*fdev;
	struct fw_upload		*fwl;
	struct mutex			lock;		/* protects @last, @fw_err */
	struct seam_update_result	*last;
	enum fw_upload_err		fw_err;
	struct dentry			*debugfs;
};

/* upload.c */
const char *seam_svc_fw_error_name(enum fw_upload_err err);
int seam_svc_upload_register(struct seam_svc *svc);
void seam_svc_upload_unregister(struct seam_svc *svc);

/* stats.c */
void seam_svc_stats_init(struct seam_svc *svc);
void seam_svc_stats_exit(struct seam_svc *svc);

#endif /* _SEAM_SVC_INTERNAL_H */
