/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The framework's clients and the health of their targets.
 *
 * A client is a feature built on one SEAM target, such as the TDX module
 * update or its initialisation.  When a plan of a client fails after its
 * point of no return, the target is left in an unknown state: it is
 * poisoned, and every later call to it fails fast with -ENXIO until
 * reboot.  Only a plan flagged SEAM_PLAN_RECOVERY may still run; its
 * success makes the target healthy again.
 */
#ifndef _LINUX_SEAM_CLIENT_H
#define _LINUX_SEAM_CLIENT_H

#include <linux/types.h>
#include <linux/seam/leaf.h>

/**
 * struct seam_client - A client of the framework, as its plans name it
 * @name:	Name, for logs.
 * @target:	The SEAM firmware the client drives; it is what a failure
 *		after the PONR leaves unusable.
 */
struct seam_client {
	const char		*name;
	enum seam_target	target;
};

struct dentry;

bool seam_client_poisoned(const struct seam_client *client);
struct dentry *seam_debugfs_dir(void);

#endif /* _LINUX_SEAM_CLIENT_H */
