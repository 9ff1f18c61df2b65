// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM framework's debugfs directory, /sys/kernel/debug/seam/, which
 * seam-svc and the benchmark fill.
 */

#include <linux/debugfs.h>
#include <linux/mutex.h>
#include <linux/seam/plan.h>

/**
 * seam_debugfs_dir() - The directory for SEAM debugfs files
 *
 * Context: Process context.
 * Return: /sys/kernel/debug/seam, created on first use; an ERR_PTR() that
 * the debugfs functions accept when debugfs is unavailable.
 */
struct dentry *seam_debugfs_dir(void)
{
	static DEFINE_MUTEX(lock);
	static struct dentry *dir;

	guard(mutex)(&lock);
	if (!dir)
		dir = debugfs_create_dir("seam", NULL);
	return dir;
}
EXPORT_SYMBOL_FOR_MODULES(seam_debugfs_dir, "seam-svc");
