// SPDX-License-Identifier: GPL-2.0
/*
 * mapping_file.json, the release metadata Intel publishes beside the TDX
 * module images (intel/confidential-computing.tdx.tdx-module.binaries):
 *
 *   { "Header": { ... },
 *     "tdx_module_releases": [
 *       { "version": "1.5.05",
 *         "min_module_version_for_td_preserving": "1.5.01",
 *         "min_seamldr_versions": [ "1.5.00", "2.0.00" ],
 *         "tdx_feature0": "0x1F0FBF", ... }, ... ] }
 *
 * Read with json-c.  Every field the selection rules use must be there and
 * well formed, or the file is refused as a whole with the entry and the
 * field named: a release with a missing field is not silently skipped, as
 * the published script does, since then an administrator would not learn
 * why the release they want is not offered.  Other fields are ignored,
 * but for "strict_compat_versions", which Intel's newer mapping files carry
 * and the published script does not read: its meaning is not documented
 * in the repository, so it is kept as a list of versions when it is one
 * (rules.c decides what that allows), and otherwise marked as a form this
 * tool does not know, which refuses the release unless --force.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seamctl.h"

#define SEAMCTL_JSON_DEPTH	16

static int seamctl_refuse(char *why, size_t len, const char *fmt, const char *what, size_t i)
{
	char where[48];

	snprintf(where, sizeof(where), "release %zu", i);
	snprintf(why, len, fmt, i == (size_t)-1 ? "file" : where, what);
	return -EINVAL;
}

static int seamctl_field_version(struct json_object *o, const char *key,
				 struct seamctl_version *v, char *why, size_t len, size_t i)
{
	struct json_object *f;

	if (!json_object_object_get_ex(o, key, &f))
		return seamctl_refuse(why, len, "%s: no \"%s\"", key, i);
	if (!json_object_is_type(f, json_type_string) ||
	    seamctl_version_parse(json_object_get_string(f), v))
		return seamctl_refuse(why, len, "%s: \"%s\" is not a version like \"1.5.05\"",
				      key, i);
	return 0;
}

static int seamctl_field_loaders(struct json_object *o, struct seamctl_release *r,
				 char *why, size_t len, size_t i)
{
	const char *key = "min_seamldr_versions";
	struct json_object *f;
	size_t n, j;

	if (!json_object_object_get_ex(o, key, &f))
		return seamctl_refuse(why, len, "%s: no \"%s\"", key, i);
	if (!json_object_is_type(f, json_type_array))
		return seamctl_refuse(why, len, "%s: \"%s\" is not an array", key, i);
	n = json_object_array_length(f);
	if (!n || n > SEAMCTL_MAX_LOADERS)
		return seamctl_refuse(why, len, "%s: \"%s\" must name 1 to 16 versions", key, i);
	for (j = 0; j < n; j++) {
		struct json_object *e = json_object_array_get_idx(f, j);

		if (!json_object_is_type(e, json_type_string) ||
		    seamctl_version_parse(json_object_get_string(e), &r->min_seamldr[j]))
			return seamctl_refuse(why, len, "%s: an entry of \"%s\" is not a version",
					      key, i);
	}
	r->nr_min_seamldr = (unsigned int)n;
	return 0;
}

static int seamctl_field_features(struct json_object *o, struct seamctl_release *r,
				  char *why, size_t len, size_t i)
{
	const char *key = "tdx_feature0", *s;
	struct json_object *f;
	char *end;

	if (!json_object_object_get_ex(o, key, &f))
		return seamctl_refuse(why, len, "%s: no \"%s\"", key, i);
	s = json_object_is_type(f, json_type_string) ? json_object_get_string(f) : "";
	errno = 0;
	if (strncmp(s, "0x", 2) && strncmp(s, "0X", 2))
		return seamctl_refuse(why, len, "%s: \"%s\" is not a hexadecimal string", key, i);
	r->features0 = strtoull(s + 2, &end, 16);
	if (errno || end == s + 2 || *end)
		return seamctl_refuse(why, len, "%s: \"%s\" is not a 64-bit hexadecimal value",
				      key, i);
	return 0;
}

static void seamctl_field_strict(struct json_object *o, struct seamctl_release *r)
{
	struct json_object *f;
	size_t n, j;

	r->strict = SEAMCTL_STRICT_NONE;
	if (!json_object_object_get_ex(o, "strict_compat_versions", &f))
		return;
	r->strict = SEAMCTL_STRICT_UNKNOWN;
	if (!json_object_is_type(f, json_type_array))
		return;
	n = json_object_array_length(f);
	if (n > SEAMCTL_MAX_LOADERS)
		return;
	for (j = 0; j < n; j++) {
		struct json_object *e = json_object_array_get_idx(f, j);

		if (!json_object_is_type(e, json_type_string) ||
		    seamctl_version_parse(json_object_get_string(e), &r->strict_compat[j]))
			return;
	}
	r->nr_strict_compat = (unsigned int)n;
	r->strict = SEAMCTL_STRICT_LIST;
}

static int seamctl_release_parse(struct json_object *o, struct seamctl_release *r,
				 char *why, size_t len, size_t i)
{
	struct json_object *name;
	int err;

	if (!json_object_is_type(o, json_type_object))
		return seamctl_refuse(why, len, "%s: %s is not an object", "entry", i);
	err = seamctl_field_version(o, "version", &r->version, why, len, i) ?:
	      seamctl_field_version(o, "min_module_version_for_td_preserving",
				    &r->min_td_preserving, why, len, i) ?:
	      seamctl_field_loaders(o, r, why, len, i) ?:
	      seamctl_field_features(o, r, why, len, i);
	if (err)
		return err;
	seamctl_field_strict(o, r);
	json_object_object_get_ex(o, "version", &name);
	snprintf(r->name, sizeof(r->name), "%s", json_object_get_string(name));
	return 0;
}

static int seamctl_release_newer_first(const void *a, const void *b)
{
	const struct seamctl_release *x = a, *y = b;

	return seamctl_version_cmp(&y->version, &x->version);
}

int seamctl_mapping_parse(const char *buf, size_t len, struct seamctl_mapping *m,
			  char *why, size_t why_len)
{
	struct json_object *root, *list;
	struct json_tokener *tok;
	size_t i, n;
	int err = -EINVAL;

	memset(m, 0, sizeof(*m));
	if (len > SEAMCTL_MAX_FILE || memchr(buf, '\0', len)) {
		snprintf(why, why_len, "not a JSON text");
		return -EINVAL;
	}
	tok = json_tokener_new_ex(SEAMCTL_JSON_DEPTH);
	if (!tok) {
		snprintf(why, why_len, "out of memory");
		return -ENOMEM;
	}
	root = json_tokener_parse_ex(tok, buf, (int)len);
	if (!root || json_tokener_get_error(tok) != json_tokener_success) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		snprintf(why, why_len, "not valid JSON: %s at byte %zu",
			 e == json_tokener_continue ? "unexpected end of file" :
			 json_tokener_error_desc(e), json_tokener_get_parse_end(tok));
		goto out;
	}
	for (i = json_tokener_get_parse_end(tok); i < len; i++) {
		if (!strchr(" \t\r\n", buf[i])) {
			snprintf(why, why_len, "not valid JSON: text after the end at byte %zu", i);
			goto out;
		}
	}
	if (!json_object_object_get_ex(root, "tdx_module_releases", &list) ||
	    !json_object_is_type(list, json_type_array)) {
		seamctl_refuse(why, why_len, "%s: no \"%s\" array", "tdx_module_releases", -1);
		goto out;
	}
	n = json_object_array_length(list);
	if (!n || n > SEAMCTL_MAX_RELEASES) {
		snprintf(why, why_len, "\"tdx_module_releases\" must list 1 to %u releases",
			 SEAMCTL_MAX_RELEASES);
		goto out;
	}
	m->releases = calloc(n, sizeof(*m->releases));
	if (!m->releases) {
		snprintf(why, why_len, "out of memory");
		err = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n; i++) {
		err = seamctl_release_parse(json_object_array_get_idx(list, i),
					    &m->releases[i], why, why_len, i);
		if (err)
			goto out;
	}
	m->nr = n;
	qsort(m->releases, n, sizeof(*m->releases), seamctl_release_newer_first);
	for (i = 1; i < n; i++) {
		if (!seamctl_version_cmp(&m->releases[i - 1].version, &m->releases[i].version)) {
			snprintf(why, why_len, "release %s is listed twice", m->releases[i].name);
			err = -EINVAL;
			goto out;
		}
	}
	err = 0;
out:
	if (err)
		seamctl_mapping_free(m);
	json_object_put(root);
	json_tokener_free(tok);
	return err;
}

int seamctl_mapping_load(const char *path, struct seamctl_mapping *m, char *why, size_t why_len)
{
	char inner[200];
	size_t size;
	char *buf;
	int err;

	buf = seamctl_read_file(path, &size, why, why_len);
	if (!buf)
		return -EIO;
	err = seamctl_mapping_parse(buf, size, m, inner, sizeof(inner));
	if (err)
		snprintf(why, why_len, "%s: %s", path, inner);
	free(buf);
	return err;
}

void seamctl_mapping_free(struct seamctl_mapping *m)
{
	free(m->releases);
	m->releases = NULL;
	m->nr = 0;
}

const struct seamctl_release *seamctl_mapping_find(const struct seamctl_mapping *m,
						   const struct seamctl_version *v)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		if (!seamctl_version_cmp(&m->releases[i].version, v))
			return &m->releases[i];
	return NULL;
}
