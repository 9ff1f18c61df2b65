/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seam-svc: the user interface of SEAM services.
 *
 * A service registers a device under /sys/devices/faux/ with its own
 * attributes and, optionally, a firmware upload.  The driver owns what is
 * common: the devices, the upload, the mapping of errnos to fw_upload
 * errors, the log line of every refusal, and the last-update statistics.
 */
#ifndef _LINUX_SEAM_SVC_H
#define _LINUX_SEAM_SVC_H

#include <linux/types.h>
#include <linux/seam/update.h>

struct attribute_group;
struct seam_svc;

/**
 * struct seam_svc_ops - A SEAM service, as its users see it
 * @name:	Device name: /sys/devices/faux/@name.
 * @fw_name:	Firmware upload name, /sys/class/firmware/@fw_name, or NULL
 *		for a service without updates.
 * @groups:	Attribute groups of the device; may be NULL.
 * @can_update:	Whether the upload should exist; evaluated at
 *		registration.  NULL means yes.
 * @update:	Apply an image; fills @res, @res->err included, and
 *		returns @res->err.  Called in process context, one request
 *		at a time.
 */
struct seam_svc_ops {
	const char			*name;
	const char			*fw_name;
	const struct attribute_group	**groups;
	bool				(*can_update)(void);
	int				(*update)(const void *image, size_t size,
						  struct seam_update_result *res);
};

struct seam_svc *seam_svc_register(const struct seam_svc_ops *ops);
void seam_svc_unregister(struct seam_svc *svc);

#endif /* _LINUX_SEAM_SVC_H */
