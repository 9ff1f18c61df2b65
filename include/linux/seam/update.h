/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The outcome of a firmware update request.
 *
 * One type travels from the engine to the user interface: the client that
 * runs the update fills it, the engine filling its plan's part in place,
 * and seam-svc keeps the last one and shows it in sysfs and debugfs.
 */
#ifndef _LINUX_SEAM_UPDATE_H
#define _LINUX_SEAM_UPDATE_H

#include <linux/types.h>
#include <linux/seam/plan.h>

#define SEAM_VERSION_LEN	32

/**
 * enum seam_update_fault - Why an update request did not succeed, as its
 *			    user can act on it
 * @SEAM_UPDATE_OK:		It succeeded.
 * @SEAM_UPDATE_RETRY:		A retry can succeed: another update was
 *				running, a CPU was offline, a TD was being
 *				built or in an update-sensitive state, or
 *				the firmware was not ready.
 * @SEAM_UPDATE_BAD_SIZE:	The image is truncated or oversized.
 * @SEAM_UPDATE_BAD_IMAGE:	The image is not one this platform accepts.
 * @SEAM_UPDATE_NO_UPDATES_LEFT: The firmware takes no more updates until
 *				reboot.
 * @SEAM_UPDATE_NO_MEMORY:	Out of memory.
 * @SEAM_UPDATE_PLATFORM:	The platform cannot update, or the update
 *				failed after changing the firmware.
 * @SEAM_UPDATE_NR_FAULTS:	Number of faults.
 */
enum seam_update_fault {
	SEAM_UPDATE_OK,
	SEAM_UPDATE_RETRY,
	SEAM_UPDATE_BAD_SIZE,
	SEAM_UPDATE_BAD_IMAGE,
	SEAM_UPDATE_NO_UPDATES_LEFT,
	SEAM_UPDATE_NO_MEMORY,
	SEAM_UPDATE_PLATFORM,
	SEAM_UPDATE_NR_FAULTS,
};

/**
 * struct seam_update_result - What an update request did
 * @err:	0 or the negative errno.
 * @fault:	What kind of failure it was; set by the client, which knows.
 * @reason:	One line saying why it was refused or failed, or NULL.
 * @changed:	The firmware was changed: the failure came after the point
 *		of no return.
 * @before:	The firmware version before, as the client shows versions;
 *		empty if unknown.
 * @after:	The firmware version after a success; empty if unknown: an
 *		update can succeed with the new version unread.
 * @recovery:	The request was a recovery install, after an earlier
 *		failure past the point of no return.
 * @handoff_hv:	The handoff version the update used, or -1.
 * @state:	What the request left of the firmware: "healthy",
 *		"recoverable" (a recovery install can still restore it) or
 *		"lost".
 * @tds:	What the request did to the guests the firmware protects,
 *		in words; NULL for "untouched".
 * @plan:	The outcome of the client's plan, if it ran.
 */
struct seam_update_result {
	int				err;
	enum seam_update_fault		fault;
	const char			*reason;
	bool				changed;
	char				before[SEAM_VERSION_LEN];
	char				after[SEAM_VERSION_LEN];
	bool				recovery;
	int				handoff_hv;
	const char			*state;
	const char			*tds;
	struct seam_plan_result		plan;
};

#endif /* _LINUX_SEAM_UPDATE_H */
