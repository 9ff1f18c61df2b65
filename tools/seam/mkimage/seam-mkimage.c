// SPDX-License-Identifier: GPL-2.0
/*
 * seam-mkimage: build a TDX module image for the SEAM emulator.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mkimage.h"

static const char help_text[] =
	"Usage: seam-mkimage [options] -o FILE\n"
	"Build a TDX module image that the SEAM emulator installs.\n"
	"  -o, --output FILE        where to write the image (required)\n"
	"  --format v1|v2           blob format: 0x100 (published) or 0x200 (mainline); v2\n"
	"  --version X.Y.Z          module version in the descriptor; 1.5.20\n"
	"  --version-in-sigstruct   also in sigstruct reserved3, as 2.0 images have it\n"
	"  --build N                build number; 800\n"
	"  --date YYYYMMDD          build date; 20250101\n"
	"  --svn MAJOR.MINOR        sigstruct SEAMSVN; 1.11\n"
	"  --features0 VALUE        TDX_FEATURES0; 0x10326f3f0fbf\n"
	"  --module-hv N            handoff version written and read; 0\n"
	"  --min-update-hv N        lowest handoff version read; 0\n"
	"  --no-downgrade           refuse a lower handoff version\n"
	"  --handoff-pages N        sigstruct num_handoff_pages; 13\n"
	"  --pages N                module pages, 1..497 (497 is oversized); 4\n"
	"  --cpuid LIST             comma-separated CPUID.1.EAX values or 'host'; host\n"
	"  --debug                  debug-signed module\n"
	"  --no-descriptor          leave the emulator descriptor out\n"
	"  --corrupt KIND           hash|magic|checksum|truncate|oversize|sigstruct|format|\n"
	"                           signature|signer\n"
	"The sigstruct is signed with the test key (RSA-3072, PKCS#1 v1.5, SHA-384), the\n"
	"key the emulated P-SEAMLDR accepts; 'signer' signs with another key instead.\n";

enum {
	OPT_FORMAT = 256, OPT_VERSION, OPT_BUILD, OPT_DATE, OPT_SVN, OPT_FEATURES0,
	OPT_MODULE_HV, OPT_MIN_UPDATE_HV, OPT_NO_DOWNGRADE, OPT_HANDOFF_PAGES,
	OPT_PAGES, OPT_CPUID, OPT_DEBUG, OPT_NO_DESCRIPTOR, OPT_CORRUPT,
	OPT_VERSION_IN_SIGSTRUCT,
};

static const struct option long_options[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "version", required_argument, NULL, OPT_VERSION },
	{ "build", required_argument, NULL, OPT_BUILD },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "svn", required_argument, NULL, OPT_SVN },
	{ "features0", required_argument, NULL, OPT_FEATURES0 },
	{ "module-hv", required_argument, NULL, OPT_MODULE_HV },
	{ "min-update-hv", required_argument, NULL, OPT_MIN_UPDATE_HV },
	{ "no-downgrade", no_argument, NULL, OPT_NO_DOWNGRADE },
	{ "handoff-pages", required_argument, NULL, OPT_HANDOFF_PAGES },
	{ "pages", required_argument, NULL, OPT_PAGES },
	{ "cpuid", required_argument, NULL, OPT_CPUID },
	{ "debug", no_argument, NULL, OPT_DEBUG },
	{ "no-descriptor", no_argument, NULL, OPT_NO_DESCRIPTOR },
	{ "corrupt", required_argument, NULL, OPT_CORRUPT },
	{ "version-in-sigstruct", no_argument, NULL, OPT_VERSION_IN_SIGSTRUCT },
	{ NULL, 0, NULL, 0 },
};

/* An unsigned number no larger than @max, in any base strtoull takes. */
static int number(const char *s, unsigned long long max, unsigned long long *val)
{
	char *end;

	errno = 0;
	*val = strtoull(s, &end, 0);
	return errno || *end || end == s || *s == '-' || *val > max ? -EINVAL : 0;
}

static int corruption(const char *s, enum mkimage_corruption *c)
{
	int i;

	for (i = 0; i < MKIMAGE_NR_CORRUPTIONS; i++) {
		if (!strcmp(s, mkimage_corruption_names[i])) {
			*c = i;
			return 0;
		}
	}
	return -EINVAL;
}

static int flag_or_text(struct mkimage_options *o, int opt, const char *arg)
{
	uint16_t a, b;

	switch (opt) {
	case OPT_FORMAT:
		if (strcmp(arg, "v1") && strcmp(arg, "v2"))
			return -EINVAL;
		o->format = arg[1] == '1' ? 0x100 : 0x200;
		return 0;
	case OPT_VERSION:
		return mkimage_parse_version(arg, &o->major, &o->minor, &o->update);
	case OPT_SVN:
		if (sscanf(arg, "%hu.%hu", &a, &b) != 2 || a > 255 || b > 255)
			return -EINVAL;
		o->svn_major = a;
		o->svn_minor = b;
		return 0;
	case OPT_CPUID:
		return mkimage_parse_cpuids(arg, o);
	case OPT_CORRUPT:
		return corruption(arg, &o->corrupt);
	case OPT_NO_DOWNGRADE:
		o->no_downgrade = 1;
		return 0;
	case OPT_DEBUG:
		o->debug = true;
		return 0;
	case OPT_NO_DESCRIPTOR:
		o->no_descriptor = true;
		return 0;
	case OPT_VERSION_IN_SIGSTRUCT:
		o->version_in_sigstruct = true;
		return 0;
	}
	return -ENOENT;
}

static int option(struct mkimage_options *o, int opt, const char *arg)
{
	unsigned long long v = 0;
	int err = flag_or_text(o, opt, arg);

	if (err != -ENOENT)
		return err;
	switch (opt) {
	case OPT_BUILD:
		err = number(arg, 0xffff, &v);
		o->build_num = v;
		break;
	case OPT_DATE:
		err = number(arg, 0xffffffff, &v);
		o->build_date = v;
		break;
	case OPT_FEATURES0:
		err = number(arg, ~0ULL, &v);
		o->features0 = v;
		break;
	case OPT_MODULE_HV:
		err = number(arg, 0xffff, &v);
		o->module_hv = v;
		break;
	case OPT_MIN_UPDATE_HV:
		err = number(arg, 0xffff, &v);
		o->min_update_hv = v;
		break;
	case OPT_HANDOFF_PAGES:
		err = number(arg, 0xffff, &v);
		o->handoff_pages = v;
		break;
	case OPT_PAGES:
		err = number(arg, 497, &v);
		err = err ?: (v ? 0 : -EINVAL);
		o->pages = v;
		break;
	default:
		err = -EINVAL;
	}
	return err;
}

static const char *option_name(int opt)
{
	const struct option *lo;

	for (lo = long_options; lo->name; lo++)
		if (lo->val == opt)
			return lo->name;
	return "?";
}

int main(int argc, char **argv)
{
	struct mkimage_options o;
	const char *output = NULL;
	size_t size;
	FILE *f;
	void *img;
	int opt;

	mkimage_defaults(&o);
	while ((opt = getopt_long(argc, argv, "o:h", long_options, NULL)) != -1) {
		if (opt == 'o') {
			output = optarg;
		} else if (opt == 'h') {
			fputs(help_text, stdout);
			return 0;
		} else if (opt == '?' || option(&o, opt, optarg)) {
			if (opt != '?')
				fprintf(stderr, "seam-mkimage: bad value for --%s: '%s'\n",
					option_name(opt), optarg);
			fputs(help_text, stderr);
			return 2;
		}
	}
	if (!output || optind != argc) {
		fputs(help_text, stderr);
		return 2;
	}

	img = mkimage_build(&o, &size);
	if (!img) {
		fprintf(stderr, "seam-mkimage: cannot build the image: %s\n", strerror(errno));
		return 1;
	}
	f = fopen(output, "wb");
	if (!f || fwrite(img, 1, size, f) != size || fclose(f)) {
		fprintf(stderr, "seam-mkimage: cannot write %s: %s\n", output, strerror(errno));
		free(img);
		return 1;
	}
	free(img);
	printf("%s: %zu bytes, v%x, module %u.%u.%02u, SVN %u.%u, %u pages%s%s%s\n",
	       output, size, o.format >> 8, o.major, o.minor, o.update, o.svn_major,
	       o.svn_minor, o.pages, o.no_descriptor ? ", no descriptor" : "",
	       o.corrupt ? ", corrupted: " : "",
	       o.corrupt ? mkimage_corruption_names[o.corrupt] : "");
	return 0;
}
