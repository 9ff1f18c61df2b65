// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of a client's const tables of leafs, error maps and plans, for
 * the KUnit suites: each client's suite runs them on its own tables, once,
 * rather than the kernel at every boot or every run.
 */

#include <linux/err.h>
#include <linux/printk.h>
#include <linux/seam/leaf.h>
#include <linux/seam/plan.h>
#include <linux/seam/status.h>

#include "seam_mock.h"

/* The SEAM_LEAF_* flags that exist. */
#define SEAM_LEAF_FLAGS_MASK	GENMASK(2, 0)

static int seam_errmap_check_entries(const struct seam_errmap *map)
{
	unsigned int i;

	if (!map->entries && map->nr)
		return -EINVAL;
	for (i = 0; i < map->nr; i++) {
		const struct seam_errmap_entry *e = &map->entries[i];

		if (!e->name || e->status == TDX_SUCCESS ||
		    (e->status & ~e->mask) ||
		    e->err >= 0 || e->err < -MAX_ERRNO)
			return -EINVAL;
	}
	return 0;
}

/**
 * seam_errmap_validate() - Check that a map is well formed
 * @map:	The map to check.
 *
 * Each entry of the map and of its parent must map a status other than
 * success, with no bits outside its mask, to a negative errno, and the
 * parent must have no parent.  The KUnit suites check every
 * production map.
 *
 * Context: Any context.
 * Return: 0 if the map is well formed, -EINVAL otherwise.
 */
int seam_errmap_validate(const struct seam_errmap *map)
{
	if (!map->parent)
		return seam_errmap_check_entries(map);
	if (map->parent->parent)
		return -EINVAL;
	return seam_errmap_check_entries(map) ?: seam_errmap_check_entries(map->parent);
}

static bool seam_leaf_valid(const struct seam_leaf *leaf)
{
	bool ldr_fn = leaf->fn & SEAM_LEAF_SEAMLDR_BIT;
	bool is_ldr = leaf->target == SEAM_TARGET_SEAMLDR;

	if (!leaf->name || leaf->target >= SEAM_NR_TARGETS ||
	    (leaf->flags & ~SEAM_LEAF_FLAGS_MASK))
		return false;
	/* The target is encoded in RAX; the two must agree. */
	if (ldr_fn != is_ldr)
		return false;
	/* P-SEAMLDR admits one CPU at a time. */
	if (is_ldr && !(leaf->flags & SEAM_LEAF_SERIALIZED))
		return false;
	return !leaf->errmap || !seam_errmap_validate(leaf->errmap);
}

/**
 * seam_leaves_valid() - Check a client's table of leafs
 * @leaves:	The table.
 * @nr:		Its size.
 *
 * Every leaf needs a name, known flags and target, a target that agrees
 * with bit 63 of its leaf number, serialization if it is a P-SEAMLDR
 * leaf, and a valid error map.  The client's KUnit suite checks its table:
 * the tables are const, so a check at run time could only find what a
 * test finds first.
 *
 * Context: Any context.
 * Return: true if every leaf is well formed; otherwise logs the first
 * that is not.
 */
bool seam_leaves_valid(const struct seam_leaf *leaves, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (!seam_leaf_valid(&leaves[i])) {
			pr_warn("leaf %u (%s) is malformed\n", i, leaves[i].name ?: "?");
			return false;
		}
	}
	return true;
}

/**
 * seam_plan_valid() - Check a client's plan
 * @plan:	The plan.
 *
 * The plan needs a name, one to SEAM_PLAN_MAX_PHASES phases (the engine's
 * per-CPU arrays hold that many) and a known runner; each phase a name, a
 * function and a known scope.
 *
 * Context: Any context.
 * Return: true if the plan is well formed.
 */
bool seam_plan_valid(const struct seam_plan *plan)
{
	unsigned int i;

	if (!plan->name || !plan->phases ||
	    !plan->nr_phases || plan->nr_phases > SEAM_PLAN_MAX_PHASES ||
	    plan->runner > SEAM_RUNNER_PROCESS)
		return false;
	for (i = 0; i < plan->nr_phases; i++) {
		const struct seam_phase *phase = &plan->phases[i];

		if (!phase->name || !phase->fn || phase->scope > SEAM_SCOPE_EACH_PACKAGE)
			return false;
	}
	return true;
}
