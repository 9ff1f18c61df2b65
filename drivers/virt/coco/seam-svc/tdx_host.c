// SPDX-License-Identifier: GPL-2.0
/*
 * seam-svc: the TDX module update service, at the paths and with the
 * formats and visibility rules mainline Linux has:
 *
 *   /sys/devices/faux/tdx_host/version			0444
 *   /sys/devices/faux/tdx_host/seamldr_version		0400
 *   /sys/devices/faux/tdx_host/num_remaining_updates	0400
 *   /sys/class/firmware/tdx_module/			firmware upload
 *
 * The device exists whenever the platform has SEAM firmware (a SEAM
 * backend is active: real TDX, or the emulator under it).  version reads
 * ENODATA if the kernel did not initialise the module at boot, and the
 * last two attributes and the upload exist only if the module could be
 * updated at run time when the driver came.
 */

#define pr_fmt(fmt) "seam-svc: " fmt

#include <linux/device.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/seam/backend.h>
#include <linux/seam/tdx.h>
#include <asm/cpu_device_id.h>

#include "seam-svc.h"

static ssize_t version_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct seam_tdx_version v;
	int err;

	err = seam_tdx_module_version(&v);
	if (err)
		return err;
	return sysfs_emit(buf, "%u.%u.%02u\n", v.major, v.minor, v.update);
}
static DEVICE_ATTR_RO(version);

static ssize_t seamldr_version_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	struct seam_tdx_seamldr_state st;
	int err;

	err = seam_tdx_seamldr_state(&st);
	if (err)
		return err;
	return sysfs_emit(buf, "%u.%u.%02u\n", st.version.major, st.version.minor,
			  st.version.update);
}
static DEVICE_ATTR_ADMIN_RO(seamldr_version);

static ssize_t num_remaining_updates_show(struct device *dev,
					  struct device_attribute *attr, char *buf)
{
	struct seam_tdx_seamldr_state st;
	int err;

	err = seam_tdx_seamldr_state(&st);
	if (err)
		return err;
	return sysfs_emit(buf, "%u\n", st.num_remaining_updates);
}
static DEVICE_ATTR_ADMIN_RO(num_remaining_updates);

static struct attribute *tdx_host_attrs[] = {
	&dev_attr_version.attr,
	&dev_attr_seamldr_version.attr,
	&dev_attr_num_remaining_updates.attr,
	NULL,
};

static umode_t tdx_host_attr_visible(struct kobject *kobj, struct attribute *attr, int n)
{
	if (attr == &dev_attr_version.attr || seam_tdx_update_supported())
		return attr->mode;
	return 0;
}

static const struct attribute_group tdx_host_group = {
	.attrs		= tdx_host_attrs,
	.is_visible	= tdx_host_attr_visible,
};

static const struct attribute_group *tdx_host_groups[] = {
	&tdx_host_group,
	NULL,
};

/* Loaded where tdx_init() found a TDX host platform, as tdx-host was. */
static const struct x86_cpu_id tdx_host_ids[] = {
	X86_MATCH_FEATURE(X86_FEATURE_TDX_HOST_PLATFORM, NULL),
	{}
};
MODULE_DEVICE_TABLE(x86cpu, tdx_host_ids);

static struct seam_svc tdx_host = {
	.lock = __MUTEX_INITIALIZER(tdx_host.lock),
};

/*
 * Built in, after the update client's first look at the module, at
 * late_initcall; as a module, whenever it is loaded.  Like mainline's
 * tdx-host, it decides once whether the upload exists: the module is
 * initialised at boot, and only an update changes it afterwards, which
 * the upload reports.
 */
static int __init tdx_host_init(void)
{
	int err = 0;

	if (!seam_backend_active())
		return -ENODEV;
	tdx_host.fdev = faux_device_create_with_groups("tdx_host", NULL, NULL,
						       tdx_host_groups);
	if (!tdx_host.fdev)
		return -ENODEV;
	if (seam_tdx_update_supported())
		err = seam_svc_upload_register(&tdx_host);
	if (err) {
		pr_err("tdx_host: firmware upload not added: %pe\n", ERR_PTR(err));
		faux_device_destroy(tdx_host.fdev);
		return err;
	}
	seam_svc_stats_init(&tdx_host);
	return 0;
}
late_initcall_sync(tdx_host_init);

static void __exit tdx_host_exit(void)
{
	if (!tdx_host.fdev)
		return;
	seam_svc_stats_exit(&tdx_host);
	seam_svc_upload_unregister(&tdx_host);
	faux_device_destroy(tdx_host.fdev);
	kfree(tdx_host.last);
}
module_exit(tdx_host_exit);

MODULE_DESCRIPTION("The TDX module update service: tdx_host and its firmware upload");
MODULE_LICENSE("GPL");
