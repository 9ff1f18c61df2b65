// SPDX-License-Identifier: GPL-2.0
/*
 * seam-svc: devices of the SEAM services under /sys/devices/faux.
 *
 * Mainline Linux puts tdx_host on the faux bus, which 6.12 lacks.  The
 * same path is reproduced with a root device named "faux" and the service
 * devices as its children, so scripts written for mainline find them.
 */

#define pr_fmt(fmt) "seam-svc: " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "seam-svc.h"

static DEFINE_MUTEX(seam_svc_root_lock);
static struct device *seam_svc_root;
static unsigned int seam_svc_count;

static struct device *seam_svc_root_get(void)
{
	struct device *root;

	guard(mutex)(&seam_svc_root_lock);
	if (!seam_svc_root) {
		root = root_device_register("faux");
		if (IS_ERR(root))
			return root;
		seam_svc_root = root;
	}
	seam_svc_count++;
	return seam_svc_root;
}

static void seam_svc_root_put(void)
{
	guard(mutex)(&seam_svc_root_lock);
	if (!--seam_svc_count) {
		root_device_unregister(seam_svc_root);
		seam_svc_root = NULL;
	}
}

static void seam_svc_release(struct device *dev)
{
	struct seam_svc *svc = container_of(dev, struct seam_svc, dev);

	kfree(svc->last);
	kfree(svc);
}

/* Add or remove the upload as the service says it can update now. */
static int seam_svc_sync_upload(struct seam_svc *svc)
{
	const struct seam_svc_ops *ops = svc->ops;
	bool want = ops->fw_name && (!ops->can_update || ops->can_update());
	int err = 0;

	guard(mutex)(&svc->fwl_lock);
	if (want && !svc->fwl) {
		err = seam_svc_upload_register(svc);
		if (err)
			pr_err("%s: firmware upload %s not added: %pe\n", ops->name,
			       ops->fw_name, ERR_PTR(err));
		else
			pr_info("%s: firmware upload %s added\n", ops->name, ops->fw_name);
	} else if (!want && svc->fwl) {
		seam_svc_upload_unregister(svc);
		pr_info("%s: firmware upload %s removed\n", ops->name, ops->fw_name);
	}
	return err;
}

static void seam_svc_refresh_work(struct work_struct *work)
{
	struct seam_svc *svc = container_of(work, struct seam_svc, refresh);

	if (svc->ops->groups && sysfs_update_groups(&svc->dev.kobj, svc->ops->groups))
		pr_err("%s: attributes not refreshed\n", svc->ops->name);
	seam_svc_sync_upload(svc);
}

/**
 * seam_svc_refresh() - Bring a service's interface in line with the service
 * @svc:	A registered service.
 *
 * Re-evaluates the visibility of its attributes and whether its firmware
 * upload should exist, and adds or removes the upload.  The work is done
 * from a work item: the caller may hold locks that a running upload
 * needs, and removing the upload waits for it to finish.
 *
 * Context: Any context.
 */
void seam_svc_refresh(struct seam_svc *svc)
{
	schedule_work(&svc->refresh);
}

/**
 * seam_svc_register() - Give a SEAM service its user interface
 * @ops:	The service; must stay valid until unregistered.
 *
 * Creates /sys/devices/faux/<name> with the service's attributes, and the
 * firmware upload if the service has one and can update now.  When that
 * changes, the service calls seam_svc_refresh().
 *
 * Context: Process context.
 * Return: The service, or an ERR_PTR().
 */
struct seam_svc *seam_svc_register(const struct seam_svc_ops *ops)
{
	struct device *root;
	struct seam_svc *svc;
	int err;

	if (WARN_ON(!ops->name || (ops->fw_name && !ops->update)))
		return ERR_PTR(-EINVAL);
	root = seam_svc_root_get();
	if (IS_ERR(root))
		return ERR_CAST(root);

	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc) {
		seam_svc_root_put();
		return ERR_PTR(-ENOMEM);
	}
	svc->ops = ops;
	mutex_init(&svc->lock);
	mutex_init(&svc->fwl_lock);
	INIT_WORK(&svc->refresh, seam_svc_refresh_work);
	device_initialize(&svc->dev);
	svc->dev.parent = root;
	svc->dev.groups = ops->groups;
	svc->dev.release = seam_svc_release;
	err = dev_set_name(&svc->dev, "%s", ops->name) ?: device_add(&svc->dev);
	if (err)
		goto put;

	pr_info("%s: registered\n", ops->name);
	err = seam_svc_sync_upload(svc);
	if (err) {
		device_del(&svc->dev);
		goto put;
	}
	seam_svc_stats_init(svc);
	return svc;

put:
	pr_err("%s: registration failed: %pe\n", ops->name, ERR_PTR(err));
	put_device(&svc->dev);
	seam_svc_root_put();
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
	cancel_work_sync(&svc->refresh);
	seam_svc_stats_exit(svc);
	scoped_guard(mutex, &svc->fwl_lock)
		seam_svc_upload_unregister(svc);
	device_del(&svc->dev);
	put_device(&svc->dev);
	seam_svc_root_put();
}

MODULE_DESCRIPTION("User interface of the SEAM services: sysfs and firmware upload");
MODULE_LICENSE("GPL");
