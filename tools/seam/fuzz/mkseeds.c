// SPDX-License-Identifier: GPL-2.0
/*
 * Write valid images of both formats as the fuzzer's seed corpus, with the
 * image builder the kernel's KUnit tests use.  Usage: mkseeds DIR
 */
#include <stdio.h>
#include <stdlib.h>

#include "../../../arch/x86/virt/seam/tdx/tests/image_build.h"

static int write_seed(const char *dir, const char *name,
		      const struct seam_tdx_image_spec *spec)
{
	size_t size = seam_tdx_image_size(spec);
	char path[4096];
	void *buf = malloc(size);
	FILE *f;

	if (!buf)
		return -1;
	seam_tdx_image_build(buf, spec);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, size, f) != size) {
		perror(path);
		free(buf);
		return -1;
	}
	fclose(f);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	struct seam_tdx_image_spec v1 = { .format = SEAM_TDX_BLOB_V1, .module_nr_pages = 2 };
	struct seam_tdx_image_spec v2 = { .format = SEAM_TDX_BLOB_V2, .module_nr_pages = 2 };
	struct seam_sigstruct sig;

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	seam_sigstruct_init(&sig);
	v1.sig = &sig;
	v2.sig = &sig;
	if (write_seed(argv[1], "v1.bin", &v1) || write_seed(argv[1], "v2.bin", &v2))
		return 1;
	return 0;
}
