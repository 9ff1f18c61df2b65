// SPDX-License-Identifier: GPL-2.0
/*
 * seam-svc: devices of the SEAM services on the faux bus, under
 * /sys/devices/faux, where mainline's tdx-host puts tdx_host.
 */

#define pr_fmt(fmt) "seam-svc: " fmt

#include <linux/device.h>
#include <linux/device/faux.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "seam-svc.h"

/* The firmware upload, if the service has one and can update. */
static int seam_svc_add_upload(struct seam_svc *svc)
{
	const struct seam_svc_ops *ops = svc->ops;
	int err;

	if (!ops->fw_name || (ops->can_update && !ops->can_update()))
		return 0;
	err = seam_svc_upload_register(svc);
	if (err)
		pr_err("%s: firmware upload %s not added: %pe\n", ops->name,
		       ops->fw_name, ERR_PTR(err));
	else
		pr_info("%s: firmware upload %s added\n", ops->name, ops->fw_name);
	return err;
}

/**
 * seam_svc_register() - Give a SEAM service its user interface
 * @ops:	The service; must stay valid until unregistered.
 *
 * Creates /sys/devices/faux/<name> with the service's attributes, and the
 * firmware upload if the service has one and can update at all.  Like
 * mainline's tdx-host, it decides both once: the module is initialised at
 * boot, and only an update changes it afterwards, which the upload reports.
 *
 * Context: Process context.
 * Return: The service, or an ERR_PTR().
 */
struct seam_svc *seam_svc_register(const struct seam_svc_ops *ops)
{
	struct seam_svc *svc;
	int err;

	if (WARN_ON(!ops->name || (ops->fw_name && !ops->update)))
		return ERR_PTR(-EINVAL);
	svc = kzalloc_obj(*svc);
	if (!svc)
		return ERR_PTR(-ENOMEM);
	svc->ops = ops;
	mutex_init(&svc->lock);
	svc->fdev = faux_device_create_with_groups(ops->name, NULL, NULL, ops->groups);
	if (!svc->fdev) {
		err = -ENODEV;
		goto free;
	}

	pr_info("%s: registered\n", ops->name);
	err = seam_svc_add_upload(svc);
	if (err) {
		faux_device_destroy(svc->fdev);
		goto free;
	}
	seam_svc_stats_init(svc);
	return svc;

free:
	pr_err("%s: registration failed: %pe\n", ops->name, ERR_PTR(err));
	kfree(svc);
	return ERR_PTR(err);
}

/**
 * seam_svc_unregister() - Remove a service's user interface
 * @svc:	A registered service.
 *
 * Context: Process context; waits for a running upload to finish.
 */
void seam_svc_unregister(struct seam_svc *svc)
{
	seam_svc_stats_exit(svc);
	seam_svc_upload_unregister(svc);
	faux_device_destroy(svc->fdev);
	kfree(svc->last);
	kfree(svc);
}

MODULE_DESCRIPTION("User interface of the SEAM services: sysfs and firmware upload");
MODULE_LICENSE("GPL");
