// SPDX-License-Identifier: GPL-2.0
/*
 * TDX module and P-SEAMLDR versions, "major.minor.update": sysfs prints
 * them as "%u.%u.%02u", mapping_file.json as "1.5.05".
 */

#include <errno.h>
#include <stdio.h>

#include "seamctl.h"

/* One decimal field of at most five digits; returns the end, or NULL. */
static const char *seamctl_version_field(const char *s, unsigned int *out)
{
	unsigned int v = 0, digits = 0;

	for (; *s >= '0' && *s <= '9'; s++) {
		if (++digits > 5)
			return NULL;
		v = v * 10 + (unsigned int)(*s - '0');
	}
	if (!digits || v > 0xffff)
		return NULL;
	*out = v;
	return s;
}

int seamctl_version_parse(const char *s, struct seamctl_version *v)
{
	struct seamctl_version r;

	s = seamctl_version_field(s, &r.major);
	if (!s || *s++ != '.')
		return -EINVAL;
	s = seamctl_version_field(s, &r.minor);
	if (!s || *s++ != '.')
		return -EINVAL;
	s = seamctl_version_field(s, &r.update);
	if (!s || *s)
		return -EINVAL;
	*v = r;
	return 0;
}

int seamctl_version_cmp(const struct seamctl_version *a, const struct seamctl_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->update != b->update)
		return a->update < b->update ? -1 : 1;
	return 0;
}

/* buf holds SEAMCTL_VERSION_LEN bytes. */
const char *seamctl_version_str(const struct seamctl_version *v, char *buf)
{
	snprintf(buf, SEAMCTL_VERSION_LEN, "%u.%u.%02u", v->major, v->minor, v->update);
	return buf;
}
