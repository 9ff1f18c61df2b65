// SPDX-License-Identifier: GPL-2.0
/*
 * seamctl list: every release of a mapping file with a verdict under each
 * rule (rules.c), and the reason for each incompatible one.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seamctl.h"

static const char help_text[] =
	"Usage: seamctl list [--mapping FILE] [--dir DIR] [--allow-debug] [--json]\n"
	"                    [--sysfs-root DIR]\n"
	"List every release of the mapping file with its verdict on this host.\n"
	"  --dir DIR         the images, as Intel lays them out\n"
	"                    (DIR/joined_files/1.5/tdx_module_1.5.20.blob) or flat; .\n"
	"  --mapping FILE    the release metadata; DIR/mapping_file.json\n"
	"  --allow-debug     debug-signed modules are allowed\n"
	"Rules marked x fail, ? could not be checked here (the kernel still checks).\n";

static const char *seamctl_verdict_of(struct seamctl_catalog *cat,
				      const struct seamctl_candidate *c,
				      const struct seamctl_candidate *newest)
{
	if (seamctl_candidate_running(&cat->host, c))
		return "running";
	if (c == newest)
		return "newest-compatible";
	return seamctl_candidate_ok(c, false) ? "compatible" : "incompatible";
}

static void seamctl_list_json(struct seamctl_catalog *cat, const struct seamctl_platform *p,
			      const struct seamctl_candidate *newest)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	char name[SEAMCTL_VERSION_LEN];
	size_t i;

	json_object_object_add(o, "running", seamctl_json_version(p->module_known, &p->module));
	json_object_object_add(o, "seamldr", seamctl_json_version(p->loader_known, &p->loader));
	json_object_object_add(o, "newest_compatible", newest ?
			       json_object_new_string(seamctl_candidate_name(newest, name)) : NULL);
	for (i = 0; i < cat->nr; i++) {
		const struct seamctl_candidate *c = &cat->c[i];
		struct json_object *r = json_object_new_object();

		json_object_object_add(r, "version", json_object_new_string(c->release->name));
		json_object_object_add(r, "verdict",
				       json_object_new_string(seamctl_verdict_of(cat, c, newest)));
		json_object_object_add(r, "image", c->image_found ?
				       json_object_new_string(c->image.path) : NULL);
		json_object_object_add(r, "rules", seamctl_json_rules(c));
		json_object_array_add(a, r);
	}
	json_object_object_add(o, "releases", a);
	seamctl_print_json(o);
}

static void seamctl_list_text(struct seamctl_catalog *cat, const struct seamctl_platform *p,
			      const struct seamctl_candidate *newest)
{
	char run[SEAMCTL_VERSION_LEN], ldr[SEAMCTL_VERSION_LEN + 64];
	int err = p->seamldr_version.err;
	size_t i;

	if (p->loader_known)
		seamctl_version_str(&p->loader, ldr);
	else
		snprintf(ldr, sizeof(ldr), "unknown (%s)", err == EACCES || err == EPERM ?
			 "run as root" : err ? strerror(err) : "malformed");
	printf("Running: TDX module %s, P-SEAMLDR %s, CPUID.1.EAX 0x%x\n",
	       p->module_known ? seamctl_version_str(&p->module, run) : seamctl_module_state(p),
	       ldr, p->cpuid);
	for (i = 0; i < cat->nr; i++) {
		const struct seamctl_candidate *c = &cat->c[i];

		printf("%-10s %s\n", c->release->name, seamctl_verdict_of(cat, c, newest));
		seamctl_print_rules(c, "           ");
	}
}

int seamctl_list(int argc, char **argv)
{
	static const struct option options[] = {
		{ "mapping", required_argument, NULL, 'm' },
		{ "dir", required_argument, NULL, 'd' },
		{ "allow-debug", no_argument, NULL, 'D' },
		{ }
	};
	struct seamctl_opts o = { .sysfs_root = "" };
	const char *dir = ".", *mapping = NULL;
	struct seamctl_catalog cat;
	struct seamctl_platform p;
	bool allow_debug = false;
	char *def = NULL;
	int c;

	while ((c = getopt_long(argc, argv, "h", seamctl_options(options), NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(help_text, stdout);
			return SEAMCTL_OK;
		case 'm':
			mapping = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'D':
			allow_debug = true;
			break;
		default:
			if (seamctl_common_option(c, optarg, &o)) {
				fputs(help_text, stderr);
				return SEAMCTL_USAGE;
			}
		}
	}
	if (optind != argc) {
		fputs(help_text, stderr);
		return SEAMCTL_USAGE;
	}
	if (!mapping && asprintf(&def, "%s/mapping_file.json", dir) < 0)
		return SEAMCTL_ERROR;
	seamctl_platform_load(&o, &p);
	if (seamctl_catalog_load(&cat, mapping ?: def, dir, &p, allow_debug)) {
		free(def);
		return SEAMCTL_ERROR;
	}
	if (o.json)
		seamctl_list_json(&cat, &p, seamctl_catalog_newest(&cat));
	else
		seamctl_list_text(&cat, &p, seamctl_catalog_newest(&cat));
	seamctl_catalog_free(&cat);
	free(def);
	return SEAMCTL_OK;
}
