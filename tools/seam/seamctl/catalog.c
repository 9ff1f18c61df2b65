// SPDX-License-Identifier: GPL-2.0
/*
 * The releases a host could install: mapping_file.json and a directory of
 * images laid out as Intel publishes them, DIR/joined_files/<major>.<minor>/
 * tdx_module_<version>.blob, or flat, DIR/tdx_module_<version>.blob.  Each
 * release gets its image checked and every rule applied.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "seamctl.h"

enum seam_loader_gen seamctl_loader_gen(const struct seamctl_platform *p)
{
	return p->loader_known ? seam_loader_gen(p->loader.major) : SEAM_LOADER_UNKNOWN;
}

/* The release's image in dir, malloc()ed, or NULL if there is none. */
char *seamctl_release_image_path(const char *dir, const struct seamctl_release *r)
{
	char *path;
	int n;

	n = asprintf(&path, "%s/joined_files/%u.%u/tdx_module_%s.blob", dir, r->version.major,
		     r->version.minor, r->name);
	if (n < 0)
		return NULL;
	if (!access(path, F_OK))
		return path;
	free(path);
	n = asprintf(&path, "%s/tdx_module_%s.blob", dir, r->name);
	if (n < 0)
		return NULL;
	if (!access(path, F_OK))
		return path;
	free(path);
	return NULL;
}

int seamctl_catalog_load(struct seamctl_catalog *cat, const char *mapping, const char *dir,
			 const struct seamctl_platform *p, bool allow_debug)
{
	enum seam_loader_gen loader = seamctl_loader_gen(p);
	char why[400];
	size_t i;

	memset(cat, 0, sizeof(*cat));
	if (seamctl_mapping_load(mapping, &cat->mapping, why, sizeof(why))) {
		fprintf(stderr, "seamctl: %s\n", why);
		return -EINVAL;
	}
	cat->c = calloc(cat->mapping.nr, sizeof(*cat->c));
	if (!cat->c) {
		fprintf(stderr, "seamctl: out of memory\n");
		seamctl_mapping_free(&cat->mapping);
		return -ENOMEM;
	}
	cat->nr = cat->mapping.nr;
	cat->host.platform = p;
	cat->host.allow_debug = allow_debug;
	if (p->module_known) {
		const struct seamctl_release *r = seamctl_mapping_find(&cat->mapping, &p->module);
		char *path = r ? seamctl_release_image_path(dir, r) : NULL;

		if (path) {
			seamctl_image_load(path, loader, &cat->running);
			cat->running_found = true;
			cat->host.running = &cat->running;
		}
		free(path);
	}
	for (i = 0; i < cat->nr; i++) {
		struct seamctl_candidate *c = &cat->c[i];
		char *path;

		c->release = &cat->mapping.releases[i];
		c->version = c->release->version;
		c->version_known = true;
		path = seamctl_release_image_path(dir, c->release);
		if (path) {
			seamctl_image_load(path, loader, &c->image);
			c->image_found = true;
		}
		free(path);
		seamctl_rules_apply(&cat->host, c);
	}
	return 0;
}

void seamctl_catalog_free(struct seamctl_catalog *cat)
{
	size_t i;

	for (i = 0; i < cat->nr; i++)
		seamctl_image_free(&cat->c[i].image);
	free(cat->c);
	if (cat->running_found)
		seamctl_image_free(&cat->running);
	seamctl_mapping_free(&cat->mapping);
	memset(cat, 0, sizeof(*cat));
}

/* The newest release every rule allows (the running one included), or NULL. */
struct seamctl_candidate *seamctl_catalog_newest(struct seamctl_catalog *cat)
{
	size_t i;

	for (i = 0; i < cat->nr; i++)
		if (seamctl_candidate_ok(&cat->c[i], false))
			return &cat->c[i];
	return NULL;
}

/*
 * The release whose image in the directory is the module of im: the same
 * SEAMHASH (the SHA-384 of the module pages the sigstruct signs), whatever
 * the file is called or which format it is in.  NULL if none is.
 */
const struct seamctl_candidate *
seamctl_catalog_by_hash(const struct seamctl_catalog *cat, const struct seamctl_image *im)
{
	size_t i;

	if (!im->parsed)
		return NULL;
	for (i = 0; i < cat->nr; i++) {
		const struct seamctl_image *c = &cat->c[i].image;

		if (cat->c[i].image_found && c->parsed &&
		    !memcmp(c->img.sigstruct->seamhash, im->img.sigstruct->seamhash,
			    sizeof(im->img.sigstruct->seamhash)))
			return &cat->c[i];
	}
	return NULL;
}
