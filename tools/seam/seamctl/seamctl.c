// SPDX-License-Identifier: GPL-2.0
/*
 * seamctl: the administrator's tool to inspect, choose, verify and load
 * TDX module images, on seam and on mainline Linux alike (same sysfs ABI).
 * See seamctl.8.
 */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "seamctl.h"

static const char help_text[] =
	"Usage: seamctl COMMAND [options]\n"
	"Inspect, choose, verify and load TDX module images.\n"
	"\n"
	"Commands:\n"
	"  status            the TDX module, P-SEAMLDR, and whether an update is possible\n"
	"  inspect IMAGE     an image's format, sigstruct, measurement and checks\n"
	"  list              every release of a mapping file, with a verdict per rule\n"
	"  update [VERSION | IMAGE]\n"
	"                    install the newest compatible release, or the one named\n"
	"  convert IMAGE -o OUT\n"
	"                    rewrite a 0x100 image as 0x200, the format kernels take\n"
	"\n"
	"Every command takes --help, --json, --sysfs-root DIR and --cpuid EAX.\n"
	"seamctl --version prints the version.\n"
	"Exit codes: 0 ok, 1 error, 2 usage, 3 incompatible, 4 update unavailable,\n"
	"5 busy, 6 refused, 7 failed (module awaits recovery), 8 failed (TDs lost),\n"
	"9 timed out, 10 not permitted (run as root).  See seamctl(8).\n";

#define SEAMCTL_OPT_JSON	0x1000
#define SEAMCTL_OPT_SYSFS_ROOT	0x1001
#define SEAMCTL_OPT_CPUID	0x1002

static const struct option seamctl_common[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "json", no_argument, NULL, SEAMCTL_OPT_JSON },
	{ "sysfs-root", required_argument, NULL, SEAMCTL_OPT_SYSFS_ROOT },
	{ "cpuid", required_argument, NULL, SEAMCTL_OPT_CPUID },
};

/* getopt_long()'s table: the common options, then the command's own. */
const struct option *seamctl_options(const struct option *own)
{
	static struct option table[SEAMCTL_MAX_OPTIONS];
	size_t n = ARRAY_SIZE(seamctl_common);

	memcpy(table, seamctl_common, sizeof(seamctl_common));
	for (; own && own->name && n < SEAMCTL_MAX_OPTIONS - 1; own++)
		table[n++] = *own;
	memset(&table[n], 0, sizeof(table[n]));
	return table;
}

int seamctl_common_option(int c, const char *arg, struct seamctl_opts *o)
{
	unsigned long v;
	char *end;

	switch (c) {
	case SEAMCTL_OPT_CPUID:
		/* CPUID.1.EAX, as seamctl status prints it: 0x806f8. */
		v = strtoul(arg, &end, 16);
		if (end == arg || *end || v > UINT32_MAX) {
			fprintf(stderr, "seamctl: --cpuid takes CPUID.1.EAX in hexadecimal\n");
			return -1;
		}
		o->has_cpuid = true;
		o->cpuid = (uint32_t)v;
		return 0;
	case SEAMCTL_OPT_JSON:
		o->json = true;
		return 0;
	case SEAMCTL_OPT_SYSFS_ROOT:
		o->sysfs_root = arg;
		return 0;
	default:
		return -1;
	}
}

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
} seamctl_commands[] = {
	{ "status", seamctl_status },
	{ "inspect", seamctl_inspect },
	{ "list", seamctl_list },
	{ "update", seamctl_update },
	{ "convert", seamctl_convert },
};

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs(help_text, stderr);
		return SEAMCTL_USAGE;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("seamctl %s\n", SEAMCTL_VERSION);
		return SEAMCTL_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(help_text, stdout);
		return SEAMCTL_OK;
	}
	for (i = 0; i < ARRAY_SIZE(seamctl_commands); i++)
		if (!strcmp(argv[1], seamctl_commands[i].name))
			return seamctl_commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "seamctl: unknown command '%s'; seamctl --help lists them\n", argv[1]);
	return SEAMCTL_USAGE;
}
