// SPDX-License-Identifier: GPL-2.0
/*
 * seamctl update [VERSION | IMAGE]: pick the newest compatible release, or
 * the one named (an image file's release is the one whose image has the
 * same SEAMHASH); refuse with the reason when a rule fails or cannot be
 * checked (--force overrides the latter, and the rules that userspace
 * alone enforces); --dry-run stops there; otherwise confirm on a terminal,
 * send the image in the format the kernel takes (0x200, converted in
 * memory), and say, in words, in JSON, in the exit code and in the system
 * log, whether the TDs survived.  Nothing is written to sysfs before every
 * check has passed, and running it again once the newest compatible
 * release runs changes nothing and exits 0.
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <openssl/crypto.h>

#include "seamctl.h"

#define MAX_BLOCKERS	8

static const char help_text[] =
	"Usage: seamctl update [options] [VERSION | IMAGE]\n"
	"Install the newest compatible TDX module release, the release VERSION, or\n"
	"the image file IMAGE, live, with the TDs preserved.\n"
	"  --dir DIR         the images, as Intel lays them out, or flat; .\n"
	"  --mapping FILE    the release metadata; DIR/mapping_file.json\n"
	"  --allow-debug     allow a debug-signed module\n"
	"  --force           install although a rule could not be checked, or one\n"
	"                    only userspace enforces failed (seamldr, td-preserving,\n"
	"                    strict-compat: those of mapping_file.json)\n"
	"  --dry-run         check everything, say what would be sent, write nothing\n"
	"  -y, --yes         do not ask for confirmation on a terminal\n"
	"  --timeout SEC     how long to wait for the update; 60\n"
	"  --json            one JSON object\n"
	"  --sysfs-root DIR  use DIR/sys instead of /sys\n"
	"  --cpuid EAX       check the rules for a host whose CPUID.1.EAX is EAX\n"
	"An IMAGE's release is the one of the mapping file whose image in DIR has\n"
	"the same SEAMHASH; without one, the rules that need it cannot be checked.\n"
	"The image is sent as format 0x200, converted in memory if need be.\n"
	"Exit codes: 0 updated or nothing to do, 1 error, 2 usage, 3 incompatible\n"
	"or not checked, 4 update unavailable, 5 busy, 6 refused (nothing changed),\n"
	"7 failed after the point of no return (the module awaits a recovery install),\n"
	"8 failed (TDs lost: reboot), 9 no outcome in time, 10 not permitted.\n";

struct seamctl_update_args {
	struct seamctl_opts	o;
	const char		*dir, *mapping, *target;
	bool			allow_debug, force, dry_run, yes;
	unsigned int		timeout;
};

/* The report, as words or as JSON, and the exit code. */
struct seamctl_report {
	const char		*action;	/* none, dry-run, update */
	const char		*outcome;
	const char		*tds;
	const char		*message;
	enum seamctl_exit	code;
	const struct seamctl_candidate *c;
	const struct seamctl_outcome *upload;
	char			before[SEAMCTL_VERSION_LEN + 32];
	char			after[SEAMCTL_VERSION_LEN + 32];
	size_t			sent_bytes;	/* the 0x200 image, once made */
};

static void seamctl_version_text(const struct seamctl_platform *p, char *buf, size_t len)
{
	char v[SEAMCTL_VERSION_LEN];

	if (p->module_known)
		snprintf(buf, len, "%s", seamctl_version_str(&p->module, v));
	else
		snprintf(buf, len, "none (%s)", seamctl_module_state(p));
}

static int seamctl_report(const struct seamctl_update_args *a, struct seamctl_report *r,
			  const struct seamctl_platform *after)
{
	char name[SEAMCTL_VERSION_LEN], blackout[32], secs[32];
	bool stats = after && seamctl_stat(after, "blackout_us", blackout, sizeof(blackout));

	if (a->o.json) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "action", json_object_new_string(r->action));
		json_object_object_add(o, "outcome", json_object_new_string(r->outcome));
		json_object_object_add(o, "tds", json_object_new_string(r->tds));
		json_object_object_add(o, "exit_code", json_object_new_int(r->code));
		json_object_object_add(o, "message", r->message ?
				       json_object_new_string(r->message) : NULL);
		json_object_object_add(o, "release", r->c ?
				       json_object_new_string(seamctl_candidate_name(r->c, name)) :
				       NULL);
		json_object_object_add(o, "image", r->c && r->c->image_found ?
				       json_object_new_string(r->c->image.path) : NULL);
		json_object_object_add(o, "image_format", r->c && r->c->image.parsed ?
				       json_object_new_int(r->c->image.img.format) : NULL);
		json_object_object_add(o, "sent_format", r->sent_bytes ?
				       json_object_new_int(SEAM_TDX_BLOB_V2) : NULL);
		json_object_object_add(o, "sent_bytes", r->sent_bytes ?
				       json_object_new_int64((int64_t)r->sent_bytes) : NULL);
		json_object_object_add(o, "version_before", json_object_new_string(r->before));
		json_object_object_add(o, "version_after", r->after[0] ?
				       json_object_new_string(r->after) : NULL);
		json_object_object_add(o, "error", r->upload && r->upload->error[0] ?
				       json_object_new_string(r->upload->error) : NULL);
		json_object_object_add(o, "error_meaning", r->upload && r->upload->meaning ?
				       json_object_new_string(r->upload->meaning) : NULL);
		snprintf(secs, sizeof(secs), "%.3f", r->upload ? r->upload->seconds : 0.0);
		json_object_object_add(o, "seconds", r->upload ?
				       json_object_new_double_s(r->upload->seconds, secs) : NULL);
		json_object_object_add(o, "blackout_us", stats ?
				       json_object_new_int64(strtoll(blackout, NULL, 10)) : NULL);
		json_object_object_add(o, "rules", r->c ? seamctl_json_rules(r->c) : NULL);
		seamctl_print_json(o);
		return r->code;
	}
	if (r->message)
		printf("%s\n", r->message);
	if (r->upload) {
		printf("%-16s %s\n", "Before:", r->before);
		printf("%-16s %s\n", "After:", r->after);
		if (r->upload->error[0])
			printf("%-16s %s: %s\n", "Error:", r->upload->error, r->upload->meaning);
		if (stats)
			printf("%-16s %s us\n", "Blackout:", blackout);
		printf("%-16s %s, in %.1f s; TDs %s\n", "Outcome:", r->outcome,
		       r->upload->seconds, r->tds);
	}
	return r->code;
}

static int seamctl_report_simple(const struct seamctl_update_args *a, struct seamctl_report *r,
				 enum seamctl_exit code, const char *outcome, const char *message)
{
	r->code = code;
	r->outcome = outcome;
	r->message = message;
	return seamctl_report(a, r, NULL);
}

/* A version named on the command line, or NULL if the target is a file. */
static bool seamctl_target_is_version(const char *target, struct seamctl_version *v)
{
	struct stat st;

	if (strchr(target, '/') || !stat(target, &st))
		return false;
	return !seamctl_version_parse(target, v);
}

/*
 * The candidate for an image file: its release is the catalog's (empty
 * without a mapping file) whose image has the same SEAMHASH, never one
 * guessed from the file's name.  Without one, a 2.0 sigstruct still names
 * the module's version.  -1 with the reason in problems[0] if the file is
 * not a valid image.
 */
static int seamctl_image_candidate(const struct seamctl_catalog *cat, const char *path,
				   struct seamctl_candidate *c)
{
	const struct seamctl_candidate *match;

	memset(c, 0, sizeof(*c));
	c->image_found = true;
	if (seamctl_image_load(path, seamctl_loader_gen(cat->host.platform), &c->image) ||
	    !c->image.parsed)
		return -1;
	match = seamctl_catalog_by_hash(cat, &c->image);
	if (match) {
		c->release = match->release;
		c->version = match->version;
		c->version_known = true;
	} else if (c->image.has_module_version) {
		c->version = c->image.module_version;
		c->version_known = true;
	}
	seamctl_rules_apply(&cat->host, c);
	return 0;
}

static int seamctl_refuse_candidate(const struct seamctl_update_args *a,
				    struct seamctl_report *r)
{
	bool forceable = seamctl_candidate_ok(r->c, true);
	char name[SEAMCTL_VERSION_LEN];
	unsigned int i, failed = 0;
	static char msg[200];

	for (i = 0; i < SEAMCTL_NR_RULES; i++)
		failed += r->c->verdict[i] == SEAMCTL_FAIL;
	snprintf(msg, sizeof(msg), "%s %s%s", seamctl_candidate_name(r->c, name),
		 failed ? "is not compatible with this host" :
		 "cannot be checked against this host (rules marked ?)",
		 forceable ? "; --force installs it anyway" : "");
	if (!a->o.json) {
		printf("%s\n", msg);
		seamctl_print_rules(r->c, "  ");
		r->message = NULL;
		r->code = SEAMCTL_INCOMPATIBLE;
		return r->code;
	}
	return seamctl_report_simple(a, r, SEAMCTL_INCOMPATIBLE, "incompatible", msg);
}

/* Refuse when no runtime update can run now, whatever the image. */
static int seamctl_unavailable(const struct seamctl_update_args *a, struct seamctl_report *r,
			       const struct seamctl_platform *p)
{
	const char *why[MAX_BLOCKERS];
	static char msg[600];
	unsigned int nr, i;
	int n;

	nr = seamctl_update_blockers(p, why, MAX_BLOCKERS);
	if (!nr)
		return SEAMCTL_OK;
	n = snprintf(msg, sizeof(msg), "no runtime update is possible now:");
	for (i = 0; i < nr && n > 0 && (size_t)n < sizeof(msg); i++)
		n += snprintf(msg + n, sizeof(msg) - (size_t)n, "%s %s", i ? ";" : "", why[i]);
	return seamctl_report_simple(a, r, SEAMCTL_UNAVAILABLE, "unavailable", msg);
}

/* On a terminal, ask before the update; scripts pass -y or are not asked. */
static bool seamctl_confirmed(const struct seamctl_update_args *a, const char *what)
{
	char line[16];

	if (a->yes || a->o.json || !isatty(STDIN_FILENO))
		return true;
	printf("%s? [y/N] ", what);
	fflush(stdout);
	return fgets(line, sizeof(line), stdin) && (line[0] == 'y' || line[0] == 'Y');
}

static int seamctl_install(const struct seamctl_update_args *a, struct seamctl_report *r,
			   const struct seamctl_platform *p)
{
	const struct seamctl_image *im = &r->c->image;
	char name[SEAMCTL_VERSION_LEN], mrseam[2 * 48 + 1];
	struct seamctl_platform after;
	struct seamctl_outcome up;
	static char msg[600];
	const char *release;
	uint8_t *blob;
	size_t size;

	release = seamctl_candidate_name(r->c, name);
	blob = seamctl_image_kernel_format(im, &size);
	if (!blob)
		return seamctl_report_simple(a, r, SEAMCTL_ERROR, "error",
					     "the image could not be made into format 0x200");
	r->sent_bytes = size;
	snprintf(msg, sizeof(msg), "%s %s (%s) over %s%s: %zu bytes, format 0x200%s",
		 a->dry_run ? "would install" : "install", release, im->path, r->before,
		 !strcmp(seamctl_module_state(p), "awaiting-recovery") ?
		 ", as a recovery install" : "", size,
		 im->img.format == SEAM_TDX_BLOB_V2 ? "" : " (converted in memory from 0x100)");
	if (a->dry_run) {
		free(blob);
		r->action = "dry-run";
		strncat(msg, "; nothing written", sizeof(msg) - strlen(msg) - 1);
		return seamctl_report_simple(a, r, SEAMCTL_OK, "would-update", msg);
	}
	if (!seamctl_confirmed(a, msg)) {
		free(blob);
		return seamctl_report_simple(a, r, SEAMCTL_ERROR, "not-confirmed",
					     "not confirmed; nothing written");
	}
	r->action = "update";
	if (!a->o.json)
		printf("Installing %s (%s) over %s\n", release, im->path, r->before);
	seamctl_upload(p, blob, size, a->timeout, !a->o.json && isatty(STDERR_FILENO), &up);
	OPENSSL_cleanse(blob, size);
	free(blob);
	seamctl_platform_read(p->root, &after);
	seamctl_version_text(&after, r->after, sizeof(r->after));
	seamctl_hex(im->module_sha384, sizeof(im->module_sha384), mrseam);
	seamctl_journal(im->path, r->before, r->after, mrseam, &up);
	r->upload = &up;
	r->code = up.code;
	r->outcome = up.name;
	r->tds = up.tds;
	return seamctl_report(a, r, &after);
}

static int seamctl_update_run(const struct seamctl_update_args *a)
{
	struct seamctl_report r = { .action = "none", .tds = "unchanged" };
	struct seamctl_catalog cat = { };
	struct seamctl_candidate single;
	struct seamctl_platform p;
	struct seamctl_version want;
	bool by_version;
	char *def = NULL, run[SEAMCTL_VERSION_LEN];
	const char *denied;
	static char msg[400];
	int ret, err;

	seamctl_platform_load(&a->o, &p);
	seamctl_version_text(&p, r.before, sizeof(r.before));
	denied = seamctl_denied(&p, &err);
	if (denied) {
		snprintf(msg, sizeof(msg), "reading %s: %s: run as root", denied, strerror(err));
		return seamctl_report_simple(a, &r, SEAMCTL_PERMISSION, "not-permitted", msg);
	}
	/* Without a mapping file the catalog stays empty; it still has the host. */
	cat.host.platform = &p;
	cat.host.allow_debug = a->allow_debug;
	by_version = !a->target || seamctl_target_is_version(a->target, &want);
	if (!a->mapping && asprintf(&def, "%s/mapping_file.json", a->dir) < 0)
		return SEAMCTL_ERROR;
	if (by_version || a->mapping || !access(def, F_OK)) {
		if (seamctl_catalog_load(&cat, a->mapping ?: def, a->dir, &p, a->allow_debug)) {
			free(def);
			return seamctl_report_simple(a, &r, SEAMCTL_ERROR, "error",
						     "the release metadata could not be read");
		}
	}
	free(def);
	if (!a->target) {
		r.c = seamctl_catalog_newest(&cat);
	} else if (by_version) {
		size_t i;

		for (i = 0; i < cat.nr; i++)
			if (!seamctl_version_cmp(&cat.c[i].version, &want))
				r.c = &cat.c[i];
		if (!r.c) {
			snprintf(msg, sizeof(msg), "no release %s in the mapping file", a->target);
			ret = seamctl_report_simple(a, &r, SEAMCTL_ERROR, "error", msg);
			goto out;
		}
	} else {
		r.c = &single;
		if (seamctl_image_candidate(&cat, a->target, &single)) {
			snprintf(msg, sizeof(msg), "%s: %s%s", a->target,
				 single.image.buf ? "not a valid image: " : "",
				 single.image.problems[0]);
			r.c = NULL;
			seamctl_image_free(&single.image);
			ret = seamctl_report_simple(a, &r, SEAMCTL_ERROR, "error", msg);
			goto out;
		}
	}
	if (r.c && seamctl_candidate_running(&cat.host, r.c)) {
		snprintf(msg, sizeof(msg), "TDX module %s already runs%s; nothing to do",
			 seamctl_version_str(&p.module, run),
			 a->target ? "" : ", the newest compatible release");
		ret = seamctl_report_simple(a, &r, SEAMCTL_OK, "already-running", msg);
	} else if (seamctl_update_blockers(&p, NULL, 0)) {
		ret = seamctl_unavailable(a, &r, &p);
	} else if (!r.c && !strcmp(seamctl_module_state(&p), "awaiting-recovery")) {
		ret = seamctl_report_simple(a, &r, SEAMCTL_INCOMPATIBLE, "incompatible",
					    "the module awaits a recovery install: name its image");
	} else if (!r.c) {
		ret = seamctl_report_simple(a, &r, SEAMCTL_INCOMPATIBLE, "incompatible",
					    "no compatible release (seamctl list says why)");
	} else if (!seamctl_candidate_ok(r.c, a->force)) {
		ret = seamctl_refuse_candidate(a, &r);
	} else {
		ret = seamctl_install(a, &r, &p);
	}
out:
	if (r.c == &single)
		seamctl_image_free(&single.image);
	seamctl_catalog_free(&cat);
	return ret;
}

int seamctl_update(int argc, char **argv)
{
	static const struct option options[] = {
		{ "mapping", required_argument, NULL, 'm' },
		{ "dir", required_argument, NULL, 'd' },
		{ "allow-debug", no_argument, NULL, 'D' },
		{ "force", no_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "yes", no_argument, NULL, 'y' },
		{ "timeout", required_argument, NULL, 't' },
		{ }
	};
	struct seamctl_update_args a = { .o.sysfs_root = "", .dir = ".", .timeout = 60 };
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "hny", seamctl_options(options), NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(help_text, stdout);
			return SEAMCTL_OK;
		case 'm':
			a.mapping = optarg;
			break;
		case 'd':
			a.dir = optarg;
			break;
		case 'D':
			a.allow_debug = true;
			break;
		case 'f':
			a.force = true;
			break;
		case 'n':
			a.dry_run = true;
			break;
		case 'y':
			a.yes = true;
			break;
		case 't':
			a.timeout = (unsigned int)strtoul(optarg, &end, 10);
			if (*end || !a.timeout || a.timeout > 3600) {
				fprintf(stderr, "seamctl: --timeout takes 1 to 3600 seconds\n");
				return SEAMCTL_USAGE;
			}
			break;
		default:
			if (seamctl_common_option(c, optarg, &a.o)) {
				fputs(help_text, stderr);
				return SEAMCTL_USAGE;
			}
		}
	}
	if (argc - optind > 1) {
		fputs(help_text, stderr);
		return SEAMCTL_USAGE;
	}
	a.target = optind < argc ? argv[optind] : NULL;
	return seamctl_update_run(&a);
}
