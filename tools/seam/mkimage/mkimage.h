/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Build TDX module images for the SEAM emulator, optionally corrupted.
 */
#ifndef SEAM_MKIMAGE_H
#define SEAM_MKIMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum mkimage_corruption {
	MKIMAGE_INTACT,
	MKIMAGE_BAD_HASH,	/* a module byte changed after hashing */
	MKIMAGE_BAD_MAGIC,	/* "TDX-BLOB" misspelt */
	MKIMAGE_BAD_CHECKSUM,	/* v1 word sum not zero */
	MKIMAGE_TRUNCATED,	/* the last half page missing */
	MKIMAGE_OVERSIZED,	/* a page more than the header says */
	MKIMAGE_BAD_SIGSTRUCT,	/* sigstruct header type wrong, signed */
	MKIMAGE_BAD_FORMAT,	/* blob version 0x300 */
	MKIMAGE_BAD_SIGNATURE,	/* a byte of the RSA signature flipped */
	MKIMAGE_OTHER_SIGNER,	/* signed with a key no P-SEAMLDR accepts */
	MKIMAGE_NR_CORRUPTIONS,
};

struct mkimage_options {
	uint16_t		format;		/* 0x100 or 0x200 */
	uint16_t		major, minor, update;
	uint16_t		build_num;
	uint32_t		build_date;
	uint8_t			svn_major, svn_minor;
	uint64_t		features0;
	uint16_t		module_hv, min_update_hv;
	uint8_t			no_downgrade;
	uint16_t		handoff_pages;
	uint32_t		pages;
	uint32_t		cpuids[255];
	uint32_t		nr_cpuids;
	bool			debug;
	bool			no_descriptor;
	bool			version_in_sigstruct;	/* as 2.0 images: reserved3 */
	enum mkimage_corruption	corrupt;
};

extern const char * const mkimage_corruption_names[MKIMAGE_NR_CORRUPTIONS];

void mkimage_defaults(struct mkimage_options *o);
int mkimage_parse_version(const char *s, uint16_t *a, uint16_t *b, uint16_t *c);
int mkimage_parse_cpuids(const char *s, struct mkimage_options *o);
uint32_t mkimage_host_cpuid(void);
struct evp_pkey_st;
/*
 * The test signing key, or the other key (signing_key.c), for libcrypto;
 * free with EVP_PKEY_free().
 */
struct evp_pkey_st *mkimage_key(bool other);
/* Returns a malloc()ed image and its size, or NULL with errno set. */
void *mkimage_build(const struct mkimage_options *o, size_t *size);

#endif /* SEAM_MKIMAGE_H */
