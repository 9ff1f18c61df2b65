// SPDX-License-Identifier: GPL-2.0
/*
 * Health of the SEAM targets that the clients drive.
 *
 * A target is poisoned when a plan fails after its point of no return, and
 * stays poisoned until a recovery plan succeeds; there is no other way
 * back, because the firmware is then in a state nothing else can vouch for.
 */

#define pr_fmt(fmt) "seam: " fmt

#include <linux/bitops.h>
#include <linux/printk.h>
#include <linux/seam/client.h>
#include <kunit/visibility.h>
#include <trace/events/seam.h>

#include "seam-internal.h"

/* Bit n: target n is poisoned. */
unsigned long seam_poisoned_targets;

static const char * const seam_target_names[SEAM_NR_TARGETS] = {
	[SEAM_TARGET_MODULE]	= "TDX module",
	[SEAM_TARGET_SEAMLDR]	= "P-SEAMLDR",
};

/**
 * seam_client_poisoned() - Tell whether a client's target is unusable
 * @client:	The client.
 *
 * Context: Any context.
 * Return: true if the client's target is poisoned.
 */
bool seam_client_poisoned(const struct seam_client *client)
{
	return seam_target_poisoned(client->target);
}

void seam_target_poison(enum seam_target target)
{
	if (test_and_set_bit(target, &seam_poisoned_targets))
		return;
	trace_seam_target_poisoned(target);
	pr_crit("%s poisoned: calls to it fail with -ENXIO until a recovery succeeds or reboot\n",
		seam_target_names[target]);
}

void seam_target_heal(enum seam_target target)
{
	if (!test_and_clear_bit(target, &seam_poisoned_targets))
		return;
	trace_seam_target_healed(target);
	pr_info("%s recovered\n", seam_target_names[target]);
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * seam_client_reset() - Make a client's target healthy again, for tests
 * @client:	The client.
 *
 * Context: Any context.
 */
VISIBLE_IF_KUNIT void seam_client_reset(const struct seam_client *client)
{
	clear_bit(client->target, &seam_poisoned_targets);
}
#endif
