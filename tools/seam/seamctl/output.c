// SPDX-License-Identifier: GPL-2.0
/*
 * Output for people, and JSON (json-c) for scripts.
 */

#include <stdio.h>

#include "seamctl.h"

static const char * const seamctl_verdict_names[] = {
	[SEAMCTL_PASS]	= "pass",
	[SEAMCTL_FAIL]	= "fail",
	[SEAMCTL_SKIP]	= "not-checked",
};

/* Every JSON document carries the version of its layout. */
void seamctl_print_json(struct json_object *o)
{
	json_object_object_add(o, "schema", json_object_new_int(SEAMCTL_SCHEMA));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

struct json_object *seamctl_json_version(bool known, const struct seamctl_version *v)
{
	char buf[SEAMCTL_VERSION_LEN];

	return known ? json_object_new_string(seamctl_version_str(v, buf)) : NULL;
}

struct json_object *seamctl_json_rules(const struct seamctl_candidate *c)
{
	struct json_object *rules = json_object_new_object();
	unsigned int r;

	for (r = 0; r < SEAMCTL_NR_RULES; r++) {
		const char *verdict = seamctl_verdict_names[c->verdict[r]];
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "verdict", json_object_new_string(verdict));
		json_object_object_add(o, "reason", json_object_new_string(c->reason[r]));
		json_object_object_add(o, "source",
				       json_object_new_string(seamctl_rules[r].source));
		json_object_object_add(o, "forceable",
				       json_object_new_boolean(seamctl_rules[r].forceable));
		json_object_object_add(rules, seamctl_rules[r].name, o);
	}
	return rules;
}

/* The rules that failed or could not be checked, one per line. */
void seamctl_print_rules(const struct seamctl_candidate *c, const char *indent)
{
	unsigned int r;

	for (r = 0; r < SEAMCTL_NR_RULES; r++)
		if (c->verdict[r] != SEAMCTL_PASS)
			printf("%s%s %s: %s\n", indent,
			       c->verdict[r] == SEAMCTL_FAIL ? "x" : "?",
			       seamctl_rules[r].name, c->reason[r]);
}

/* The version, or "unknown"; buf holds SEAMCTL_VERSION_LEN bytes. */
const char *seamctl_candidate_name(const struct seamctl_candidate *c, char *buf)
{
	return c->version_known ? seamctl_version_str(&c->version, buf) : "unknown";
}

const char *seamctl_plural(unsigned long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* out holds 2 * len + 1 bytes. */
void seamctl_hex(const uint8_t *p, size_t len, char *out)
{
	size_t i;

	for (i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * len] = '\0';
}
