/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SEAM services and their health.
 *
 * A service is a client feature built on one SEAM target, such as the TDX
 * module update.  When a plan of the service fails after its point of no
 * return, the target is left in an unknown state: the service is poisoned,
 * and every later call to the target fails fast with -ENXIO until reboot.
 * Only a plan flagged SEAM_PLAN_RECOVERY may still run; its success makes
 * the service healthy again.
 */
#ifndef _LINUX_SEAM_SERVICE_H
#define _LINUX_SEAM_SERVICE_H

#include <linux/types.h>
#include <linux/seam/leaf.h>

/**
 * enum seam_service_state - Health of a service
 * @SEAM_SERVICE_HEALTHY:	Plans may run and the target may be called.
 * @SEAM_SERVICE_POISONED:	A plan failed after its PONR.  Calls to the
 *				target fail with -ENXIO; only a recovery
 *				plan may run.
 */
enum seam_service_state {
	SEAM_SERVICE_HEALTHY,
	SEAM_SERVICE_POISONED,
};

/**
 * struct seam_service - A SEAM service
 * @name:	Name, for logs.
 * @target:	The SEAM firmware the service drives; it is what a failure
 *		after the PONR leaves unusable.
 */
struct seam_service {
	const char		*name;
	enum seam_target	target;
};

struct dentry;

bool seam_service_poisoned(const struct seam_service *svc);
bool seam_target_poisoned(enum seam_target target);
void seam_target_reloaded(enum seam_target target);
struct dentry *seam_debugfs_dir(void);

#endif /* _LINUX_SEAM_SERVICE_H */
