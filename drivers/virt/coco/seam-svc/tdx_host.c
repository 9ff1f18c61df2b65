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
 * The device exists whenever the platform has SEAM firmware (real TDX,
 * or the emulator under it).  version reads
 * ENODATA if the kernel did not initialise the module at boot, and the
 * last two attributes and the upload exist only if the module could be
 * updated at run time when the driver came.
 *
 * Mainline reports every failed TDX module update as "firmware-invalid".
 * seam reports the class of failure a user can act on, which the client
 * names (Documentation/ABI/testing/sysfs-class-firmware-seam), and keeps
 * the last request's outcome in /sys/kernel/debug/seam/tdx_host/last_update
 * (Documentation/arch/x86/seam-svc.rst).
 */

#define pr_fmt(fmt) "seam-svc: " fmt

#include <linux/debugfs.h>
#include <linux/device.h>
#include <linux/device/faux.h>
#include <linux/firmware.h>
#include <linux/init.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/seam/plan.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <linux/seam/update.h>
#include <asm/cpu_device_id.h>

static struct faux_device *tdx_host_fdev;
static struct fw_upload *tdx_host_fwl;
static struct dentry *tdx_host_debugfs;

/* The last update request's outcome, owned, and the fw_upload error it was. */
static DEFINE_MUTEX(tdx_host_last_lock);
static struct seam_update_result *tdx_host_last;
static enum fw_upload_err tdx_host_last_fw_err;

/* What fw_upload reports for each kind of failure; the one mapping. */
static const enum fw_upload_err seam_svc_fw_errors[SEAM_UPDATE_NR_FAULTS] = {
	[SEAM_UPDATE_OK]		= FW_UPLOAD_ERR_NONE,
	[SEAM_UPDATE_RETRY]		= FW_UPLOAD_ERR_BUSY,
	[SEAM_UPDATE_BAD_SIZE]		= FW_UPLOAD_ERR_INVALID_SIZE,
	[SEAM_UPDATE_BAD_IMAGE]		= FW_UPLOAD_ERR_FW_INVALID,
	[SEAM_UPDATE_NO_UPDATES_LEFT]	= FW_UPLOAD_ERR_WEAROUT,
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

/* The image is checked in write(): fw_upload_start() ends an empty upload. */
static enum fw_upload_err seam_svc_prepare(struct fw_upload *fwl, const u8 *data, u32 size)
{
	return FW_UPLOAD_ERR_NONE;
}

/* The whole image arrives in one buffer: apply it in one go. */
static enum fw_upload_err seam_svc_write(struct fw_upload *fwl, const u8 *data,
					 u32 offset, u32 size, u32 *written)
{
	struct seam_update_result *res;
	enum fw_upload_err fw_err;

	res = kzalloc_obj(*res);
	if (!res)
		return FW_UPLOAD_ERR_RW_ERROR;
	seam_tdx_update(data + offset, size, res);
	fw_err = seam_svc_fw_errors[res->fault];
	if (res->err)
		pr_err("%s: update %s: %s (%pe) -> %s\n", dev_name(&tdx_host_fdev->dev),
		       res->changed ? "failed" : "refused",
		       res->reason ?: "no reason given", ERR_PTR(res->err),
		       seam_svc_fw_error_names[fw_err]);
	else if (res->recovery)
		pr_info("%s: recovered: now %s\n", dev_name(&tdx_host_fdev->dev), res->after);
	else
		pr_info("%s: updated from %s to %s\n", dev_name(&tdx_host_fdev->dev),
			res->before, res->after);

	/* The outcome is kept as it is: the old one goes. */
	scoped_guard(mutex, &tdx_host_last_lock) {
		swap(tdx_host_last, res);
		tdx_host_last_fw_err = fw_err;
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
 * seam_svc_plan_show() - Print the statistics of an update plan's run
 * @m:		Where.
 * @res:	The run; nothing is printed if it did not start.
 *
 * Context: Process context.
 */
static void seam_svc_plan_show(struct seq_file *m, const struct seam_plan_result *res)
{
	const struct seam_plan *p = res->plan;
	unsigned int i;

	if (!res->started)
		return;
	seq_printf(m, "blackout_us: %llu\n", div_u64(res->blackout_ns, NSEC_PER_USEC));
	seq_printf(m, "failed_phase: %s\n", res->failed_phase >= 0 && p ?
		   p->phases[res->failed_phase].name : "none");
	seq_printf(m, "failed_cpu: %d\n", res->failed_cpu);
	seq_printf(m, "failed_call: %s status %#llx\n",
		   res->leaf ? res->leaf->name : "none", res->status);
	for (i = 0; p && i < p->nr_phases; i++) {
		const struct seam_phase_stat *st = &res->phase[i];

		if (st->slowest_cpu < 0)
			seq_printf(m, "phase %s: not run\n", p->phases[i].name);
		else
			seq_printf(m, "phase %s: slowest_cpu %d %llu us, cpus %u, calls %u\n",
				   p->phases[i].name, st->slowest_cpu,
				   div_u64(st->slowest_ns, NSEC_PER_USEC), st->cpus, st->calls);
	}
}

static const char *seam_svc_outcome(const struct seam_update_result *res)
{
	if (!res->err)
		return res->recovery ? "recovered" : "updated";
	if (res->changed)
		return "failed after the point of no return";
	return res->plan.started ? "failed, firmware unchanged" : "refused";
}

static int seam_svc_last_show(struct seq_file *m, void *v)
{
	const struct seam_update_result *res;

	guard(mutex)(&tdx_host_last_lock);
	res = tdx_host_last;
	if (!res) {
		seq_puts(m, "result: none\n");
		return 0;
	}
	seq_printf(m, "result: %s\n", seam_svc_outcome(res));
	if (res->err)
		seq_printf(m, "errno: %pe\n", ERR_PTR(res->err));
	else
		seq_puts(m, "errno: 0\n");
	seq_printf(m, "error: %s\n", seam_svc_fw_error_names[tdx_host_last_fw_err]);
	seq_printf(m, "reason: %s\n", res->reason ?: "none");
	seq_printf(m, "version_before: %s\n", res->before[0] ? res->before : "unknown");
	seq_printf(m, "version_after: %s\n", res->after[0] ? res->after : "none");
	seq_printf(m, "recovery: %s\n", res->recovery ? "yes" : "no");
	if (res->handoff_hv >= 0)
		seq_printf(m, "handoff_version: %d\n", res->handoff_hv);
	else
		seq_puts(m, "handoff_version: none\n");
	seq_printf(m, "state: %s\n", res->state ?: "healthy");
	seq_printf(m, "tds: %s\n", res->tds ?: "untouched");
	seam_svc_plan_show(m, &res->plan);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(seam_svc_last);

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
	struct seam_seamldr_info info;
	int err;

	err = seam_tdx_read_seamldr_info(&info);
	if (err)
		return err;
	return sysfs_emit(buf, "%u.%u.%02u\n", info.major, info.minor, info.update_version);
}
static DEVICE_ATTR_ADMIN_RO(seamldr_version);

static ssize_t num_remaining_updates_show(struct device *dev,
					  struct device_attribute *attr, char *buf)
{
	struct seam_seamldr_info info;
	int err;

	err = seam_tdx_read_seamldr_info(&info);
	if (err)
		return err;
	return sysfs_emit(buf, "%u\n", info.num_remaining_updates);
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

/*
 * Built in, after the update client's first look at the module, at
 * late_initcall; as a module, whenever it is loaded.  Like mainline's
 * tdx-host, it decides once whether the upload exists: the module is
 * initialised at boot, and only an update changes it afterwards, which
 * the upload reports.
 *
 * The upload holds a reference on this module, as mainline's tdx-host's
 * does: its files call into the module, and an unload racing a write
 * could otherwise free the code the write runs.  So the module cannot be
 * unloaded while the upload exists.
 */
static int __init tdx_host_init(void)
{
	if (!seam_platform_present())
		return -ENODEV;
	tdx_host_fdev = faux_device_create_with_groups("tdx_host", NULL, NULL, tdx_host_groups);
	if (!tdx_host_fdev)
		return -ENODEV;
	if (seam_tdx_update_supported()) {
		tdx_host_fwl = firmware_upload_register(THIS_MODULE, &tdx_host_fdev->dev,
							"tdx_module", &seam_svc_fw_ops, NULL);
		if (IS_ERR(tdx_host_fwl)) {
			pr_err("tdx_host: firmware upload not added: %pe\n", tdx_host_fwl);
			faux_device_destroy(tdx_host_fdev);
			return PTR_ERR(tdx_host_fwl);
		}
	}
	tdx_host_debugfs = debugfs_create_dir(dev_name(&tdx_host_fdev->dev), seam_debugfs_dir());
	debugfs_create_file("last_update", 0400, tdx_host_debugfs, NULL, &seam_svc_last_fops);
	return 0;
}
late_initcall_sync(tdx_host_init);

static void __exit tdx_host_exit(void)
{
	debugfs_remove_recursive(tdx_host_debugfs);
	if (tdx_host_fwl)
		firmware_upload_unregister(tdx_host_fwl);
	faux_device_destroy(tdx_host_fdev);
	kfree(tdx_host_last);
}
module_exit(tdx_host_exit);

MODULE_DESCRIPTION("The TDX module update service: tdx_host and its firmware upload");
MODULE_LICENSE("GPL");
