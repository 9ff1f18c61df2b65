// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for seamctl's reader of mapping_file.json
 * (tools/seam/seamctl/mapping.c, on json-c).  For every input, a refusal
 * must give a reason, and an accepted file must be described
 * consistently: newest release first, no release twice, every version
 * printable and parsed back to itself, 1 to 16 P-SEAMLDR versions each.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../seamctl/seamctl.h"

/* libFuzzer's entry point, LLVMFuzzerTestOneInput(). */
int seam_fuzz_one(const uint8_t *data, size_t size) __asm__("LLVMFuzzerTestOneInput");

static void check_release(const struct seamctl_release *r)
{
	struct seamctl_version back;

	if (seamctl_version_parse(r->name, &back) || seamctl_version_cmp(&back, &r->version))
		abort();
	if (!r->nr_min_seamldr || r->nr_min_seamldr > SEAMCTL_MAX_LOADERS)
		abort();
}

int seam_fuzz_one(const uint8_t *data, size_t size)
{
	struct seamctl_mapping m;
	char why[256] = "";
	size_t i;

	if (seamctl_mapping_parse((const char *)data, size, &m, why, sizeof(why))) {
		if (!why[0] || m.releases || m.nr)
			abort();
		return 0;
	}
	if (!m.nr || m.nr > SEAMCTL_MAX_RELEASES)
		abort();
	for (i = 0; i < m.nr; i++) {
		check_release(&m.releases[i]);
		if (i && seamctl_version_cmp(&m.releases[i - 1].version,
					     &m.releases[i].version) <= 0)
			abort();
		if (seamctl_mapping_find(&m, &m.releases[i].version) != &m.releases[i])
			abort();
	}
	seamctl_mapping_free(&m);
	return 0;
}
