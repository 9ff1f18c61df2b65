// SPDX-License-Identifier: GPL-2.0
/*
 * seamctl convert IMAGE -o OUT: rewrite a version 0x100 image, as Intel
 * publishes them, as version 0x200, the only format mainline Linux takes:
 * a 4 KiB header, the sigstruct page, then the module pages
 * (Documentation/arch/x86/seam-tdx-update.rst, "Image formats").  The
 * input must pass the kernel's parser; the output is parsed again and
 * must carry the same sigstruct and module, byte for byte.  It is written
 * to a temporary file and renamed, so OUT is never left half written.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seamctl.h"

static const char help_text[] =
	"Usage: seamctl convert IMAGE -o OUT\n"
	"Rewrite a 0x100 image (as Intel publishes them) as 0x200 (as mainline Linux\n"
	"takes them).  A 0x200 image is copied unchanged.  OUT is replaced atomically.\n"
	"  -o, --output OUT  where to write the image\n";

/* OUT names the file IMAGE names (or a link to it). */
static bool seamctl_same_file(const char *a, const char *b)
{
	struct stat x, y;

	return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static int seamctl_write_file(const char *path, const void *buf, size_t size)
{
	char *tmp;
	FILE *f;
	int err = 0;

	if (asprintf(&tmp, "%s.tmp", path) < 0)
		return -ENOMEM;
	f = fopen(tmp, "wx");
	if (!f) {
		err = -errno;
		free(tmp);
		return err;
	}
	if (fwrite(buf, 1, size, f) != size)
		err = errno ? -errno : -EIO;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

int seamctl_convert(int argc, char **argv)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ }
	};
	struct seamctl_opts o = { .sysfs_root = "" };
	const char *output = NULL;
	struct seamctl_image im;
	uint8_t *out = NULL;
	size_t size = 0;
	int c, err, ret = SEAMCTL_ERROR;

	while ((c = getopt_long(argc, argv, "ho:", seamctl_options(options), NULL)) != -1) {
		if (c == 'h') {
			fputs(help_text, stdout);
			return SEAMCTL_OK;
		}
		if (c == 'o') {
			output = optarg;
		} else if (seamctl_common_option(c, optarg, &o)) {
			fputs(help_text, stderr);
			return SEAMCTL_USAGE;
		}
	}
	if (optind != argc - 1 || !output) {
		fputs(help_text, stderr);
		return SEAMCTL_USAGE;
	}
	if (seamctl_same_file(argv[optind], output)) {
		fprintf(stderr, "seamctl: %s: the output would replace the input\n", output);
		return SEAMCTL_ERROR;
	}
	if (seamctl_image_load(argv[optind], SEAM_LOADER_UNKNOWN, &im)) {
		fprintf(stderr, "seamctl: %s\n", im.problems[0]);
		goto out;
	}
	if (!im.parsed) {
		fprintf(stderr, "seamctl: %s: not a valid image: %s\n", im.path, im.problems[0]);
		goto out;
	}
	out = seamctl_image_kernel_format(&im, &size);
	if (!out) {
		fprintf(stderr, "seamctl: %s: the conversion failed\n", im.path);
		goto out;
	}
	err = seamctl_write_file(output, out, size);
	if (err) {
		fprintf(stderr, "seamctl: %s: %s\n", output, strerror(-err));
		goto out;
	}
	if (o.json) {
		struct json_object *j = json_object_new_object();

		json_object_object_add(j, "input", json_object_new_string(im.path));
		json_object_object_add(j, "input_format", json_object_new_int(im.img.format));
		json_object_object_add(j, "output", json_object_new_string(output));
		json_object_object_add(j, "size", json_object_new_int64((int64_t)size));
		seamctl_print_json(j);
	} else {
		printf("%s: format 0x%x -> %s: format 0x200, %zu bytes\n", im.path,
		       im.img.format, output, size);
	}
	if (im.nr_problems)
		fprintf(stderr, "seamctl: note: the image has problems (seamctl inspect): %s\n",
			im.problems[0]);
	ret = SEAMCTL_OK;
out:
	free(out);
	seamctl_image_free(&im);
	return ret;
}
