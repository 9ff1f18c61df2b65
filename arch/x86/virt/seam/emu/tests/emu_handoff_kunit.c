// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of what seam does with the handoff data beyond mainline, end
 * to end on the SEAM emulator: the handoff version both modules accept.
 */

#include <kunit/test.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <linux/seam/tdx.h>
#include <asm/tdx.h>
#include <trace/events/seam.h>

#include "../../seam-internal.h"
#include "../../tdx/module_abi.h"
#include "../../tdx/update.h"
#include "../emu.h"
#include "emu_env.h"

struct handoff_case {
	const char	*desc;
	u16		old_min, old_max;
	bool		no_downgrade;
	u16		new_min, new_max;
	int		hv;
};

/* hv < 0: refused before the shutdown. */
static const struct handoff_case handoff_cases[] = {
	{ "same single version", 0, 0, false, 0, 0, 0 },
	{ "new module reads only the older one", 1, 2, false, 0, 1, 1 },
	{ "new module reads a wider range", 1, 2, false, 0, 5, 2 },
	{ "no downgrade, new module reads the newest", 1, 2, true, 2, 3, 2 },
	{ "no downgrade, new module reads only older", 1, 2, true, 0, 1, -EPROTONOSUPPORT },
	{ "new module reads only newer", 0, 1, false, 2, 3, -EPROTONOSUPPORT },
};

static void handoff_case_desc(const struct handoff_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(handoff_case, handoff_cases, handoff_case_desc);

struct handoff_seen {
	int	events;
	int	hv;
};

static void probe_handoff(void *data, u16 old_min, u16 old_max, bool no_downgrade,
			  u16 new_min, u16 new_max, int hv)
{
	struct handoff_seen *seen = data;

	seen->events++;
	seen->hv = hv;
}

/*
 * The old module writes the negotiated version at TDH.SYS.SHUTDOWN, and
 * the new one takes it; or nothing is shut down at all.  The tracepoint
 * says which.
 */
static void emu_handoff_negotiated(struct kunit *test)
{
	const struct handoff_case *c = test->param_value;
	struct seam_tdx_update_report report;
	struct handoff_seen seen = {};
	struct seam_emu_spec spec;
	struct seam_tdx_version v;
	struct emu_image *im;
	int err;

	emu_env_init(test);
	seam_emu_default_spec(&spec);
	spec.desc.min_update_hv = c->old_min;
	spec.desc.module_hv = c->old_max;
	spec.desc.no_downgrade = c->no_downgrade;
	spec.initialised = true;
	seam_emu_boot(&spec);
	seam_emu.module.tds = 2;

	im = emu_image_new(test);
	im->sig.min_update_hv = c->new_min;
	im->sig.module_hv = c->new_max;
	im->desc.min_update_hv = c->new_min;
	im->desc.module_hv = c->new_max;
	emu_image_build(test, im);

	if (IS_ENABLED(CONFIG_TRACEPOINTS))
		KUNIT_ASSERT_EQ(test, register_trace_seam_tdx_handoff(probe_handoff, &seen), 0);
	err = seam_tdx_update(im->buf, im->size, &report);
	if (IS_ENABLED(CONFIG_TRACEPOINTS)) {
		unregister_trace_seam_tdx_handoff(probe_handoff, &seen);
		tracepoint_synchronize_unregister();
		KUNIT_EXPECT_EQ(test, seen.events, 1);
		KUNIT_EXPECT_EQ(test, seen.hv, c->hv < 0 ? -1 : c->hv);
	}

	KUNIT_EXPECT_EQ(test, err, min(c->hv, 0));
	KUNIT_EXPECT_EQ(test, report.handoff_hv, c->hv < 0 ? -1 : c->hv);
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, seam_emu.module.tds, 2);
	if (c->hv < 0) {
		KUNIT_EXPECT_EQ(test, seam_emu.calls[SEAM_EMU_LEAF_SYS_SHUTDOWN], 0);
		KUNIT_EXPECT_EQ(test, v.update, EMU_BOOT_UPDATE);
		KUNIT_EXPECT_NOT_NULL(test, report.reason);
	} else {
		KUNIT_EXPECT_EQ(test, seam_emu.handoff.hv, c->hv);
		KUNIT_EXPECT_EQ(test, v.update, EMU_NEXT_UPDATE);
	}
}

static struct kunit_case seam_emu_handoff_cases[] = {
	KUNIT_CASE_PARAM(emu_handoff_negotiated, handoff_case_gen_params),
	{}
};

static struct kunit_suite seam_emu_handoff_suite = {
	.name = "seam_emu_handoff",
	.test_cases = seam_emu_handoff_cases,
};

kunit_test_suite(seam_emu_handoff_suite);
