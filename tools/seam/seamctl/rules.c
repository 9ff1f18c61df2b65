// SPDX-License-Identifier: GPL-2.0
/*
 * Which releases this host can take, rule by rule.
 *
 * The published tool's rules (version_select_and_load.py in
 * intel/confidential-computing.tdx.tdx-module.binaries): a P-SEAMLDR whose
 * major.minor equals an entry of min_seamldr_versions and whose update
 * number is not lower; this CPU's CPUID.1.EAX, stepping masked, in the
 * sigstruct's table; no debug module unless allowed; the same major.minor
 * as the running module, an update number not lower than the running one,
 * and a running update number not lower than that of
 * min_module_version_for_td_preserving.
 *
 * seam's own, which the kernel or P-SEAMLDR would otherwise refuse only at
 * upload time: the image valid by the kernel's own parser and sigstruct
 * rules for this P-SEAMLDR, with its hash and RSA signature; the same major
 * SVN and a minor SVN not lower than the running release's; a handoff
 * version both modules accept (seam_handoff_negotiate(), the kernel's); and
 * an update remaining.  The SVN and handoff rules compare with the running
 * release's own image, when the directory has it.
 *
 * "strict_compat_versions", which newer mapping files carry and the
 * published script does not read, is not documented in Intel's
 * repository.  Read by its name, a list that is not empty names the only
 * running versions from which the release may be installed (most releases
 * carry an empty one); seamctl takes it so, and refuses when the running
 * version is not listed or the field has another form.
 *
 * A rule that cannot be checked (no metadata, no image of the running
 * release, an unreadable attribute) refuses the release, as one that
 * fails does: seamctl fails closed.  --force overrides a rule that could
 * not be checked, and a failure of the rules nothing but userspace
 * enforces, the three that read mapping_file.json.
 */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/compiler.h>

#include "seamctl.h"

const struct seamctl_rule_info seamctl_rules[SEAMCTL_NR_RULES] = {
	[SEAMCTL_RULE_IMAGE]		= { "image",		"seam",  false },
	[SEAMCTL_RULE_SEAMLDR]		= { "seamldr",		"intel", true },
	[SEAMCTL_RULE_CPU]		= { "cpu",		"intel", false },
	[SEAMCTL_RULE_DEBUG]		= { "debug",		"intel", false },
	[SEAMCTL_RULE_TD_PRESERVING]	= { "td-preserving",	"intel", true },
	[SEAMCTL_RULE_STRICT_COMPAT]	= { "strict-compat",	"intel", true },
	[SEAMCTL_RULE_SVN]		= { "svn",		"seam",  false },
	[SEAMCTL_RULE_HANDOFF]		= { "handoff",		"seam",  false },
	[SEAMCTL_RULE_REMAINING]	= { "remaining-updates", "seam", false },
};

__printf(4, 5)
static void seamctl_verdict(struct seamctl_candidate *c, enum seamctl_rule r,
			    enum seamctl_verdict v, const char *fmt, ...)
{
	va_list ap;

	c->verdict[r] = v;
	va_start(ap, fmt);
	vsnprintf(c->reason[r], sizeof(c->reason[r]), fmt, ap);
	va_end(ap);
}

static void seamctl_rule_image(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	const struct seamctl_image *im = &c->image;

	if (!c->image_found)
		seamctl_verdict(c, SEAMCTL_RULE_IMAGE, SEAMCTL_FAIL,
				"no image for %s in the directory", c->release->name);
	else if (im->nr_problems)
		seamctl_verdict(c, SEAMCTL_RULE_IMAGE, SEAMCTL_FAIL, "%s%s", im->problems[0],
				im->nr_problems > 1 ? " (and more: seamctl inspect)" : "");
	else
		seamctl_verdict(c, SEAMCTL_RULE_IMAGE, SEAMCTL_PASS,
				"format 0x%x, %u module pages, hash and signature verify",
				im->img.format, im->img.module_nr_pages);
}

static void seamctl_rule_seamldr(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	const struct seamctl_platform *p = h->platform;
	const struct seamctl_release *r = c->release;
	char have[SEAMCTL_VERSION_LEN];
	unsigned int i;

	if (!r) {
		seamctl_verdict(c, SEAMCTL_RULE_SEAMLDR, SEAMCTL_SKIP, "no release metadata");
		return;
	}
	if (!p->loader_known) {
		seamctl_verdict(c, SEAMCTL_RULE_SEAMLDR, SEAMCTL_FAIL,
				"the P-SEAMLDR version is unknown (seamldr_version: %s)",
				p->seamldr_version.err ? strerror(p->seamldr_version.err) :
				"malformed");
		return;
	}
	seamctl_version_str(&p->loader, have);
	for (i = 0; i < r->nr_min_seamldr; i++) {
		const struct seamctl_version *m = &r->min_seamldr[i];

		if (m->major == p->loader.major && m->minor == p->loader.minor &&
		    m->update <= p->loader.update) {
			seamctl_verdict(c, SEAMCTL_RULE_SEAMLDR, SEAMCTL_PASS,
					"P-SEAMLDR %s is one the release names", have);
			return;
		}
	}
	seamctl_verdict(c, SEAMCTL_RULE_SEAMLDR, SEAMCTL_FAIL,
			"P-SEAMLDR %s is not one the release names (min_seamldr_versions)", have);
}

static bool seamctl_image_usable(struct seamctl_candidate *c, enum seamctl_rule r)
{
	if (c->image_found && c->image.parsed)
		return true;
	seamctl_verdict(c, r, SEAMCTL_SKIP, "no valid image");
	return false;
}

static void seamctl_rule_cpu(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	uint32_t cpuid = h->platform->cpuid;

	if (!seamctl_image_usable(c, SEAMCTL_RULE_CPU))
		return;
	if (seamctl_image_lists_cpu(&c->image, cpuid))
		seamctl_verdict(c, SEAMCTL_RULE_CPU, SEAMCTL_PASS,
				"this CPU (CPUID.1.EAX 0x%x) is listed", cpuid);
	else
		seamctl_verdict(c, SEAMCTL_RULE_CPU, SEAMCTL_FAIL,
				"this CPU (CPUID.1.EAX 0x%x, stepping masked) is not in the image's %u entries",
				cpuid, c->image.img.sigstruct->cpuid_table_size);
}

static void seamctl_rule_debug(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	if (!seamctl_image_usable(c, SEAMCTL_RULE_DEBUG))
		return;
	if (!seamctl_image_debug(&c->image))
		seamctl_verdict(c, SEAMCTL_RULE_DEBUG, SEAMCTL_PASS, "production-signed");
	else if (h->allow_debug)
		seamctl_verdict(c, SEAMCTL_RULE_DEBUG, SEAMCTL_PASS, "debug-signed, allowed");
	else
		seamctl_verdict(c, SEAMCTL_RULE_DEBUG, SEAMCTL_FAIL,
				"debug-signed module (--allow-debug allows it)");
}

static void seamctl_rule_td_preserving(const struct seamctl_host *h,
				       struct seamctl_candidate *c)
{
	const struct seamctl_platform *p = h->platform;
	const struct seamctl_release *r = c->release;
	char run[SEAMCTL_VERSION_LEN], min[SEAMCTL_VERSION_LEN];

	if (!r) {
		seamctl_verdict(c, SEAMCTL_RULE_TD_PRESERVING, SEAMCTL_SKIP, "no release metadata");
		return;
	}
	if (!p->module_known) {
		seamctl_verdict(c, SEAMCTL_RULE_TD_PRESERVING, SEAMCTL_FAIL,
				"the running module's version is unknown (%s)",
				seamctl_module_state(p));
		return;
	}
	seamctl_version_str(&p->module, run);
	seamctl_version_str(&r->min_td_preserving, min);
	if (r->version.major != p->module.major || r->version.minor != p->module.minor)
		seamctl_verdict(c, SEAMCTL_RULE_TD_PRESERVING, SEAMCTL_FAIL,
				"not the running module's major.minor (%s)", run);
	else if (r->version.update < p->module.update)
		seamctl_verdict(c, SEAMCTL_RULE_TD_PRESERVING, SEAMCTL_FAIL,
				"older than the running module %s", run);
	else if (p->module.update < r->min_td_preserving.update)
		seamctl_verdict(c, SEAMCTL_RULE_TD_PRESERVING, SEAMCTL_FAIL,
				"preserves TDs only from %s; %s runs", min, run);
	else
		seamctl_verdict(c, SEAMCTL_RULE_TD_PRESERVING, SEAMCTL_PASS,
				"preserves the TDs of %s (from %s on)", run, min);
}

static void seamctl_rule_strict_compat(const struct seamctl_host *h,
				       struct seamctl_candidate *c)
{
	const struct seamctl_platform *p = h->platform;
	const struct seamctl_release *r = c->release;
	char run[SEAMCTL_VERSION_LEN];
	unsigned int i;

	if (!r) {
		seamctl_verdict(c, SEAMCTL_RULE_STRICT_COMPAT, SEAMCTL_SKIP, "no release metadata");
		return;
	}
	if (r->strict == SEAMCTL_STRICT_NONE ||
	    (r->strict == SEAMCTL_STRICT_LIST && !r->nr_strict_compat)) {
		seamctl_verdict(c, SEAMCTL_RULE_STRICT_COMPAT, SEAMCTL_PASS,
				"no strict_compat_versions");
		return;
	}
	if (r->strict == SEAMCTL_STRICT_UNKNOWN) {
		seamctl_verdict(c, SEAMCTL_RULE_STRICT_COMPAT, SEAMCTL_SKIP,
				"strict_compat_versions is not a list of versions");
		return;
	}
	if (!p->module_known) {
		seamctl_verdict(c, SEAMCTL_RULE_STRICT_COMPAT, SEAMCTL_SKIP,
				"the running module's version is unknown (%s)",
				seamctl_module_state(p));
		return;
	}
	seamctl_version_str(&p->module, run);
	for (i = 0; i < r->nr_strict_compat; i++) {
		if (!seamctl_version_cmp(&r->strict_compat[i], &p->module)) {
			seamctl_verdict(c, SEAMCTL_RULE_STRICT_COMPAT, SEAMCTL_PASS,
					"%s is in strict_compat_versions", run);
			return;
		}
	}
	seamctl_verdict(c, SEAMCTL_RULE_STRICT_COMPAT, SEAMCTL_FAIL,
			"the running %s is not in strict_compat_versions", run);
}

static bool seamctl_running_usable(const struct seamctl_host *h, struct seamctl_candidate *c,
				   enum seamctl_rule r)
{
	char run[SEAMCTL_VERSION_LEN];

	if (!seamctl_image_usable(c, r))
		return false;
	if (h->running && h->running->parsed)
		return true;
	if (h->platform->module_known)
		seamctl_verdict(c, r, SEAMCTL_SKIP, "no image of the running release (%s) here",
				seamctl_version_str(&h->platform->module, run));
	else
		seamctl_verdict(c, r, SEAMCTL_SKIP, "the running module's version is unknown");
	return false;
}

static void seamctl_rule_svn(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	const struct seam_sigstruct *old, *new;

	if (!seamctl_running_usable(h, c, SEAMCTL_RULE_SVN))
		return;
	old = h->running->img.sigstruct;
	new = c->image.img.sigstruct;
	if (new->seamsvn_major != old->seamsvn_major)
		seamctl_verdict(c, SEAMCTL_RULE_SVN, SEAMCTL_FAIL,
				"major SVN %u differs from the running module's %u",
				new->seamsvn_major, old->seamsvn_major);
	else if (new->seamsvn_minor < old->seamsvn_minor)
		seamctl_verdict(c, SEAMCTL_RULE_SVN, SEAMCTL_FAIL,
				"minor SVN %u is lower than the running module's %u (downgrade)",
				new->seamsvn_minor, old->seamsvn_minor);
	else
		seamctl_verdict(c, SEAMCTL_RULE_SVN, SEAMCTL_PASS, "SVN %u.%u, running %u.%u",
				new->seamsvn_major, new->seamsvn_minor,
				old->seamsvn_major, old->seamsvn_minor);
}

static void seamctl_rule_handoff(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	const struct seam_sigstruct *old, *new;
	u16 hv;

	if (!seamctl_running_usable(h, c, SEAMCTL_RULE_HANDOFF))
		return;
	old = h->running->img.sigstruct;
	new = c->image.img.sigstruct;
	if (seam_handoff_negotiate(old->min_update_hv, old->module_hv, old->no_downgrade,
				   new->min_update_hv, new->module_hv, &hv))
		seamctl_verdict(c, SEAMCTL_RULE_HANDOFF, SEAMCTL_PASS, "handoff version %u", hv);
	else
		seamctl_verdict(c, SEAMCTL_RULE_HANDOFF, SEAMCTL_FAIL,
				"the running module hands off %u..%u%s, this one takes %u..%u",
				old->min_update_hv, old->module_hv,
				old->no_downgrade ? " (no downgrade)" : "",
				new->min_update_hv, new->module_hv);
}

static void seamctl_rule_remaining(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	const struct seamctl_platform *p = h->platform;

	if (p->remaining_updates < 0)
		seamctl_verdict(c, SEAMCTL_RULE_REMAINING, SEAMCTL_SKIP,
				"num_remaining_updates unreadable (%s)",
				p->remaining.err ? strerror(p->remaining.err) : "malformed");
	else if (!p->remaining_updates)
		seamctl_verdict(c, SEAMCTL_RULE_REMAINING, SEAMCTL_FAIL,
				"P-SEAMLDR has no updates remaining until reboot");
	else
		seamctl_verdict(c, SEAMCTL_RULE_REMAINING, SEAMCTL_PASS, "%ld remaining",
				p->remaining_updates);
}

void seamctl_rules_apply(const struct seamctl_host *h, struct seamctl_candidate *c)
{
	seamctl_rule_image(h, c);
	seamctl_rule_seamldr(h, c);
	seamctl_rule_cpu(h, c);
	seamctl_rule_debug(h, c);
	seamctl_rule_td_preserving(h, c);
	seamctl_rule_strict_compat(h, c);
	seamctl_rule_svn(h, c);
	seamctl_rule_handoff(h, c);
	seamctl_rule_remaining(h, c);
}

/*
 * Whether the release could be installed: every rule passed, or --force
 * overrides what did not.  The remaining-updates rule is the same for
 * every release, so it does not decide which release is the newest
 * compatible one: update refuses it as a platform condition
 * (seamctl_update_blockers()), after saying whether that release runs.
 */
bool seamctl_candidate_ok(const struct seamctl_candidate *c, bool force)
{
	unsigned int r;

	for (r = 0; r < SEAMCTL_NR_RULES; r++) {
		if (r == SEAMCTL_RULE_REMAINING || c->verdict[r] == SEAMCTL_PASS)
			continue;
		if (!force)
			return false;
		if (c->verdict[r] == SEAMCTL_FAIL && !seamctl_rules[r].forceable)
			return false;
	}
	return true;
}

bool seamctl_candidate_running(const struct seamctl_host *h, const struct seamctl_candidate *c)
{
	return c->version_known && h->platform->module_known &&
	       !seamctl_version_cmp(&c->version, &h->platform->module);
}
