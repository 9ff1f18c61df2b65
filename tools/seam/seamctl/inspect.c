// SPDX-License-Identifier: GPL-2.0
/*
 * seamctl inspect IMAGE: the format and sizes, the sigstruct's fields, the
 * module's measurement (the SHA-384 that becomes MRSEAM, which attestation
 * verifiers must allow before the update), the hash check, the RSA
 * self-check, and every problem in words.
 */

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "seamctl.h"

static const char help_text[] =
	"Usage: seamctl inspect [--json] [--sysfs-root DIR] IMAGE\n"
	"Show an image's format, sigstruct, measurement (MRSEAM) and checks.\n"
	"The sigstruct rules are those of the running P-SEAMLDR when its version\n"
	"can be read (as root), else the layout's own; both generations' verdicts\n"
	"are shown.  Exits 0 if the image passes every check, 1 if not.\n";

/* Family and model from CPUID.1.EAX, as the SDM composes them. */
static void seamctl_family_model(uint32_t eax, unsigned int *family, unsigned int *model)
{
	*family = (eax >> 8) & 0xf;
	*model = (eax >> 4) & 0xf;
	if (*family == 0xf)
		*family += (eax >> 20) & 0xff;
	if (*family == 0x6 || *family >= 0xf)
		*model |= ((eax >> 16) & 0xf) << 4;
}

static const char *seamctl_loader_verdict(const struct seam_sigstruct *sig, u32 pages,
					  enum seam_loader_gen gen)
{
	const char *reason;

	return seam_sigstruct_check(sig, pages, gen, &reason) ? reason : NULL;
}

static void seamctl_inspect_json(const struct seamctl_image *im, uint32_t cpuid)
{
	const struct seam_sigstruct *sig = im->img.sigstruct;
	struct json_object *o = json_object_new_object(), *s, *t, *pr, *lr;
	char hex[2 * 48 + 1], fmt[16];
	const char *v;
	unsigned int i;

	json_object_object_add(o, "file", json_object_new_string(im->path));
	json_object_object_add(o, "size", json_object_new_int64((int64_t)im->size));
	if (im->parsed) {
		snprintf(fmt, sizeof(fmt), "0x%x", im->img.format);
		json_object_object_add(o, "format", json_object_new_string(fmt));
		json_object_object_add(o, "module_offset",
				       json_object_new_int64((int64_t)im->img.module_offset));
		json_object_object_add(o, "module_pages",
				       json_object_new_int64(im->img.module_nr_pages));
		s = json_object_new_object();
		json_object_object_add(s, "debug",
				       json_object_new_boolean(seamctl_image_debug(im)));
		snprintf(fmt, sizeof(fmt), "%08x", sig->date);
		json_object_object_add(s, "date", json_object_new_string(fmt));
		json_object_object_add(s, "module_version",
				       seamctl_json_version(im->has_module_version,
							    &im->module_version));
		json_object_object_add(s, "svn_major", json_object_new_int(sig->seamsvn_major));
		json_object_object_add(s, "svn_minor", json_object_new_int(sig->seamsvn_minor));
		json_object_object_add(s, "module_hv", json_object_new_int(sig->module_hv));
		json_object_object_add(s, "min_update_hv", json_object_new_int(sig->min_update_hv));
		json_object_object_add(s, "no_downgrade",
				       json_object_new_boolean(sig->no_downgrade));
		json_object_object_add(s, "num_handoff_pages",
				       json_object_new_int(sig->num_handoff_pages));
		t = json_object_new_array();
		for (i = 0; i < sig->cpuid_table_size && i < SEAM_SIGSTRUCT_MAX_CPUIDS; i++) {
			snprintf(fmt, sizeof(fmt), "0x%x", sig->cpuid_table[i]);
			json_object_array_add(t, json_object_new_string(fmt));
		}
		json_object_object_add(s, "cpuid_table", t);
		seamctl_hex(sig->seamhash, sizeof(sig->seamhash), hex);
		json_object_object_add(s, "seamhash", json_object_new_string(hex));
		json_object_object_add(o, "sigstruct", s);
		seamctl_hex(im->module_sha384, sizeof(im->module_sha384), hex);
		json_object_object_add(o, "mrseam", json_object_new_string(hex));
		json_object_object_add(o, "hash_ok", json_object_new_boolean(im->hash_ok));
		json_object_object_add(o, "signature_ok", json_object_new_boolean(im->rsa_ok));
		json_object_object_add(o, "this_cpu_listed",
				       json_object_new_boolean(seamctl_image_lists_cpu(im, cpuid)));
		lr = json_object_new_object();
		v = seamctl_loader_verdict(sig, im->img.module_nr_pages, SEAM_LOADER_1_5);
		json_object_object_add(lr, "1.x", json_object_new_string(v ?: "ok"));
		v = seamctl_loader_verdict(sig, im->img.module_nr_pages, SEAM_LOADER_2_0);
		json_object_object_add(lr, "2.x", json_object_new_string(v ?: "ok"));
		json_object_object_add(o, "seamldr_rules", lr);
	}
	pr = json_object_new_array();
	for (i = 0; i < im->nr_problems; i++)
		json_object_array_add(pr, json_object_new_string(im->problems[i]));
	json_object_object_add(o, "problems", pr);
	json_object_object_add(o, "valid", json_object_new_boolean(!im->nr_problems));
	seamctl_print_json(o);
}

static void seamctl_inspect_text(const struct seamctl_image *im, uint32_t cpuid)
{
	const struct seam_sigstruct *sig = im->img.sigstruct;
	char hex[2 * 48 + 1], ver[SEAMCTL_VERSION_LEN];
	unsigned int i, family, model;
	const char *v;

	printf("%-22s %s (%zu bytes)\n", "Image:", im->path, im->size);
	if (!im->parsed)
		goto problems;
	printf("%-22s 0x%x (%s), sigstruct at 0x%zx, module at 0x%zx, %u module pages\n",
	       "Format:", im->img.format,
	       im->img.format == SEAM_TDX_BLOB_V1 ? "as Intel publishes" : "as mainline takes",
	       im->img.sigstruct_offset, im->img.module_offset, im->img.module_nr_pages);
	printf("%-22s %s, vendor 0x%x, date %04x-%02x-%02x\n", "Sigstruct:",
	       seamctl_image_debug(im) ? "DEBUG-signed" : "production", sig->module_vendor,
	       sig->date >> 16, (sig->date >> 8) & 0xff, sig->date & 0xff);
	printf("%-22s %u.%u (major.minor)\n", "SVN:", sig->seamsvn_major, sig->seamsvn_minor);
	printf("%-22s %u..%u%s, num_handoff_pages %u (%u pages)\n", "Handoff versions:",
	       sig->min_update_hv, sig->module_hv, sig->no_downgrade ? ", no downgrade" : "",
	       sig->num_handoff_pages, sig->num_handoff_pages + 1);
	if (im->has_module_version)
		printf("%-22s %s (from the sigstruct)\n", "Module version:",
		       seamctl_version_str(&im->module_version, ver));
	printf("%-22s %u %s\n", "CPUID table:", sig->cpuid_table_size,
	       seamctl_plural(sig->cpuid_table_size, "entry", "entries"));
	for (i = 0; i < sig->cpuid_table_size && i < SEAM_SIGSTRUCT_MAX_CPUIDS; i++) {
		seamctl_family_model(sig->cpuid_table[i], &family, &model);
		printf("%-22s 0x%08x family 0x%x model 0x%x%s\n", "", sig->cpuid_table[i],
		       family, model,
		       (sig->cpuid_table[i] & ~SEAM_CPUID_STEPPING_MASK) == cpuid ?
		       " (this CPU)" : "");
	}
	seamctl_hex(im->module_sha384, sizeof(im->module_sha384), hex);
	printf("%-22s %s\n", "Measurement (MRSEAM):", hex);
	printf("%-22s %s\n", "Seamhash:", im->hash_ok ? "matches the module pages" :
	       "DOES NOT MATCH the module pages");
	printf("%-22s %s\n", "Signature:", im->rsa_ok ?
	       "verifies against the sigstruct's own RSA-3072 key" :
	       "DOES NOT VERIFY against the sigstruct's own key");
	v = seamctl_loader_verdict(sig, im->img.module_nr_pages, SEAM_LOADER_1_5);
	printf("%-22s %s\n", "P-SEAMLDR 1.x rules:", v ?: "ok");
	v = seamctl_loader_verdict(sig, im->img.module_nr_pages, SEAM_LOADER_2_0);
	printf("%-22s %s\n", "P-SEAMLDR 2.x rules:", v ?: "ok");
problems:
	if (!im->nr_problems) {
		printf("%-22s valid\n", "Verdict:");
		return;
	}
	printf("%-22s %u %s\n", "Verdict:", im->nr_problems,
	       seamctl_plural(im->nr_problems, "problem", "problems"));
	for (i = 0; i < im->nr_problems; i++)
		printf("  - %s\n", im->problems[i]);
}

int seamctl_inspect(int argc, char **argv)
{
	static const struct option options[] = { { } };
	struct seamctl_opts o = { .sysfs_root = "" };
	struct seamctl_platform p;
	struct seamctl_image im;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", seamctl_options(options), NULL)) != -1) {
		if (c == 'h') {
			fputs(help_text, stdout);
			return SEAMCTL_OK;
		}
		if (seamctl_common_option(c, optarg, &o)) {
			fputs(help_text, stderr);
			return SEAMCTL_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(help_text, stderr);
		return SEAMCTL_USAGE;
	}
	seamctl_platform_load(&o, &p);
	if (seamctl_image_load(argv[optind], seamctl_loader_gen(&p), &im)) {
		if (o.json) {
			struct json_object *j = json_object_new_object();

			json_object_object_add(j, "file", json_object_new_string(argv[optind]));
			json_object_object_add(j, "error", json_object_new_string(im.problems[0]));
			seamctl_print_json(j);
		} else {
			fprintf(stderr, "seamctl: %s\n", im.problems[0]);
		}
		seamctl_image_free(&im);
		return SEAMCTL_ERROR;
	}
	if (o.json)
		seamctl_inspect_json(&im, p.cpuid);
	else
		seamctl_inspect_text(&im, p.cpuid);
	ret = im.nr_problems ? SEAMCTL_ERROR : SEAMCTL_OK;
	seamctl_image_free(&im);
	return ret;
}
