// SPDX-License-Identifier: GPL-2.0
/*
 * seamctl status: the TDX module and P-SEAMLDR versions, the remaining
 * updates, whether a runtime update is possible and if not why, and, on
 * seam, the last update's result and blackout.  --prometheus writes
 * node_exporter's textfile format, atomically when given a file.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seamctl.h"

#define MAX_BLOCKERS	8

static const char help_text[] =
	"Usage: seamctl status [--json | --prometheus [FILE]] [--sysfs-root DIR] [--cpuid EAX]\n"
	"Show the TDX module and P-SEAMLDR versions, the remaining updates, whether a\n"
	"runtime update is possible (and why not), and the last update's outcome.\n"
	"  --json              one JSON object\n"
	"  --prometheus [FILE] node_exporter textfile metrics, to FILE (written\n"
	"                      atomically; name it *.prom) or to standard output\n"
	"  --sysfs-root DIR    read DIR/sys instead of /sys\n"
	"  --cpuid EAX         plan for a host whose CPUID.1.EAX is EAX\n"
	"seamldr_version and num_remaining_updates are readable by root only.\n";

static const char *seamctl_attr_text(const struct seamctl_attr *a, char *buf, size_t len)
{
	if (!a->err)
		return a->value;
	snprintf(buf, len, "unreadable: %s", strerror(a->err));
	return buf;
}

static struct json_object *seamctl_json_attr(const struct seamctl_attr *a)
{
	return a->err ? NULL : json_object_new_string(a->value);
}

static struct json_object *seamctl_json_stats(const struct seamctl_platform *p)
{
	struct json_object *o;
	const char *line;

	if (!p->has_stats)
		return NULL;
	o = json_object_new_object();
	for (line = p->stats; *line; ) {
		size_t n = strcspn(line, "\n");
		const char *colon = strstr(line, ": ");

		/* "key: value"; a key may hold a colon, as "phase tdx:update". */
		if (colon && colon + 2 <= line + n) {
			char *key = strndup(line, (size_t)(colon - line));
			char *val = strndup(colon + 2, n - (size_t)(colon + 2 - line));

			json_object_object_add(o, key, json_object_new_string(val));
			free(key);
			free(val);
		}
		line += n + (line[n] == '\n');
	}
	return o;
}

static int seamctl_status_json(const struct seamctl_platform *p, const char **why,
			       unsigned int nr)
{
	struct json_object *o = json_object_new_object(), *m, *l, *b;
	char cpuid[16];
	unsigned int i;

	m = json_object_new_object();
	json_object_object_add(m, "version", seamctl_json_version(p->module_known, &p->module));
	json_object_object_add(m, "state", json_object_new_string(seamctl_module_state(p)));
	json_object_object_add(m, "error", p->version.err ?
			       json_object_new_string(strerror(p->version.err)) : NULL);
	json_object_object_add(o, "tdx_module", m);
	l = json_object_new_object();
	json_object_object_add(l, "version", seamctl_json_version(p->loader_known, &p->loader));
	json_object_object_add(l, "error", p->seamldr_version.err ?
			       json_object_new_string(strerror(p->seamldr_version.err)) : NULL);
	json_object_object_add(o, "seamldr", l);
	json_object_object_add(o, "remaining_updates", p->remaining_updates < 0 ? NULL :
			       json_object_new_int64(p->remaining_updates));
	json_object_object_add(o, "update_possible", json_object_new_boolean(!nr));
	b = json_object_new_array();
	for (i = 0; i < nr; i++)
		json_object_array_add(b, json_object_new_string(why[i]));
	json_object_object_add(o, "blockers", b);
	json_object_object_add(o, "upload_status", seamctl_json_attr(&p->upload_status));
	json_object_object_add(o, "cpus_online", seamctl_json_attr(&p->online));
	json_object_object_add(o, "cpus_present", seamctl_json_attr(&p->present));
	snprintf(cpuid, sizeof(cpuid), "0x%x", p->cpuid);
	json_object_object_add(o, "cpuid", json_object_new_string(cpuid));
	json_object_object_add(o, "last_update", seamctl_json_stats(p));
	seamctl_print_json(o);
	return SEAMCTL_OK;
}

static void seamctl_status_text(const struct seamctl_platform *p, const char **why,
				unsigned int nr)
{
	char buf[300], v[64], e[64], b[64];
	unsigned int i;

	printf("%-20s %s (%s)\n", "TDX module:",
	       p->version.err ? "-" : p->version.value, seamctl_module_state(p));
	printf("%-20s %s\n", "P-SEAMLDR:",
	       seamctl_attr_text(&p->seamldr_version, buf, sizeof(buf)));
	printf("%-20s %s\n", "Remaining updates:",
	       seamctl_attr_text(&p->remaining, buf, sizeof(buf)));
	if (!nr)
		printf("%-20s possible\n", "Runtime update:");
	for (i = 0; i < nr; i++)
		printf("%-20s %s\n", i ? "" : "Runtime update:", why[i]);
	if (!strcmp(seamctl_module_state(p), "awaiting-recovery"))
		printf("%-20s %s\n", "",
		       "a failed update stopped the module: seamctl update IMAGE recovers the TDs");
	printf("%-20s CPUID.1.EAX 0x%x (stepping masked), CPUs online %s of %s\n", "CPU:",
	       p->cpuid, p->online.err ? "?" : p->online.value,
	       p->present.err ? "?" : p->present.value);
	if (!p->has_stats) {
		printf("%-20s not reported by this kernel\n", "Last update:");
		return;
	}
	if (!strcmp(seamctl_stat(p, "result", buf, sizeof(buf)) ?: "none", "none")) {
		printf("%-20s none since boot\n", "Last update:");
		return;
	}
	printf("%-20s %s, %s -> %s", "Last update:", buf,
	       seamctl_stat(p, "version_before", v, sizeof(v)) ?: "?",
	       seamctl_stat(p, "version_after", e, sizeof(e)) ?: "?");
	if (seamctl_stat(p, "blackout_us", b, sizeof(b)))
		printf(", blackout %s us", b);
	putchar('\n');
	if (seamctl_stat(p, "error", e, sizeof(e)) && strcmp(e, "none"))
		printf("%-20s %s: %s\n", "", e, seamctl_stat(p, "reason", buf, sizeof(buf)) ?: "");
	if (seamctl_stat(p, "state", buf, sizeof(buf)))
		printf("%-20s state %s\n", "", buf);
}

/* A Prometheus label value: backslash, double quote and newline escaped. */
static void seamctl_prom_label(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' || *s == '"')
			fputc('\\', f);
		if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static void seamctl_prom_metric(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/*
 * An attribute that could not be read is a metric too, with the reason,
 * so that a dashboard tells "not root" from "no such host".
 */
static void seamctl_prom_unreadable(FILE *f, const struct seamctl_platform *p)
{
	const struct seamctl_attr *a;
	const char *name;
	bool first = true;
	unsigned int i;

	for (i = 0; (a = seamctl_host_attr(p, i, &name)); i++) {
		if (!a->err)
			continue;
		if (first)
			seamctl_prom_metric(f, "seam_tdx_host_attribute_unreadable",
					    "A tdx_host attribute that could not be read, and why.");
		first = false;
		fprintf(f, "seam_tdx_host_attribute_unreadable{attribute=\"%s\",reason=\"", name);
		seamctl_prom_label(f, a->err == EACCES || a->err == EPERM ?
				   "permission denied: run as root" : strerror(a->err));
		fputs("\"} 1\n", f);
	}
}

static void seamctl_status_prometheus(FILE *f, const struct seamctl_platform *p,
				      unsigned int nr)
{
	char buf[300], result[64];

	seamctl_prom_metric(f, "seam_tdx_module_info", "The TDX module's version and state.");
	fputs("seam_tdx_module_info{version=\"", f);
	seamctl_prom_label(f, p->module_known ? p->version.value : "");
	fprintf(f, "\",state=\"%s\"} 1\n", seamctl_module_state(p));
	if (p->loader_known) {
		seamctl_prom_metric(f, "seam_seamldr_info", "The P-SEAMLDR version.");
		fputs("seam_seamldr_info{version=\"", f);
		seamctl_prom_label(f, p->seamldr_version.value);
		fputs("\"} 1\n", f);
	}
	if (p->remaining_updates >= 0) {
		seamctl_prom_metric(f, "seam_tdx_module_remaining_updates",
				    "Runtime updates P-SEAMLDR can still install before a reboot.");
		fprintf(f, "seam_tdx_module_remaining_updates %ld\n", p->remaining_updates);
	}
	seamctl_prom_metric(f, "seam_tdx_module_update_possible",
			    "1 if a runtime update of the TDX module is possible now.");
	fprintf(f, "seam_tdx_module_update_possible %d\n", !nr);
	seamctl_prom_unreadable(f, p);
	if (!seamctl_stat(p, "result", result, sizeof(result)))
		return;
	seamctl_prom_metric(f, "seam_tdx_module_last_update_info",
			    "The last update request's result and fw_upload error.");
	fputs("seam_tdx_module_last_update_info{result=\"", f);
	seamctl_prom_label(f, result);
	fputs("\",error=\"", f);
	seamctl_prom_label(f, seamctl_stat(p, "error", buf, sizeof(buf)) ?: "none");
	fputs("\"} 1\n", f);
	seamctl_prom_metric(f, "seam_tdx_module_last_update_failed",
			    "1 if the last update request was refused or failed.");
	fprintf(f, "seam_tdx_module_last_update_failed %d\n",
		strcmp(result, "none") && strcmp(result, "updated") &&
		strcmp(result, "recovered"));
	if (seamctl_stat(p, "blackout_us", buf, sizeof(buf))) {
		seamctl_prom_metric(f, "seam_tdx_module_last_update_blackout_seconds",
				    "How long the last update stopped every CPU.");
		fprintf(f, "seam_tdx_module_last_update_blackout_seconds %.6f\n",
			strtod(buf, NULL) / 1e6);
	}
}

static int seamctl_write_prometheus(const char *file, const struct seamctl_platform *p,
				    unsigned int nr)
{
	char *tmp;
	FILE *f;

	if (!file) {
		seamctl_status_prometheus(stdout, p, nr);
		return SEAMCTL_OK;
	}
	if (asprintf(&tmp, "%s.tmp", file) < 0)
		return SEAMCTL_ERROR;
	f = fopen(tmp, "w");
	if (f) {
		seamctl_status_prometheus(f, p, nr);
		if (fclose(f) || rename(tmp, file))
			f = NULL;
	}
	if (!f) {
		fprintf(stderr, "seamctl: writing %s: %s\n", file, strerror(errno));
		unlink(tmp);
		free(tmp);
		return SEAMCTL_ERROR;
	}
	free(tmp);
	return SEAMCTL_OK;
}

int seamctl_status(int argc, char **argv)
{
	static const struct option options[] = {
		{ "prometheus", optional_argument, NULL, 'p' },
		{ }
	};
	struct seamctl_opts o = { .sysfs_root = "" };
	const char *why[MAX_BLOCKERS], *prom = NULL;
	struct seamctl_platform p;
	bool want_prom = false;
	unsigned int nr;
	int c;

	while ((c = getopt_long(argc, argv, "h", seamctl_options(options), NULL)) != -1) {
		if (c == 'h') {
			fputs(help_text, stdout);
			return SEAMCTL_OK;
		}
		if (c == 'p') {
			/* "--prometheus FILE" as well as "--prometheus=FILE". */
			want_prom = true;
			prom = optarg;
			if (!prom && optind < argc && argv[optind][0] != '-')
				prom = argv[optind++];
		} else if (seamctl_common_option(c, optarg, &o)) {
			fputs(help_text, stderr);
			return SEAMCTL_USAGE;
		}
	}
	if (optind != argc || (want_prom && o.json)) {
		fputs(help_text, stderr);
		return SEAMCTL_USAGE;
	}
	seamctl_platform_load(&o, &p);
	nr = seamctl_update_blockers(&p, why, MAX_BLOCKERS);
	if (want_prom)
		return seamctl_write_prometheus(prom, &p, nr);
	if (o.json)
		return seamctl_status_json(&p, why, nr);
	seamctl_status_text(&p, why, nr);
	return SEAMCTL_OK;
}
