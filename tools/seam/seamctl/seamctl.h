/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seamctl: inspect, choose, verify and load TDX module images.  What the
 * subcommands share.  See seamctl.8 and Documentation/arch/x86/seam-tdx-update.rst.
 */
#ifndef SEAMCTL_H
#define SEAMCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>

#include "tdx/image.h"

/* The exit codes, documented in seamctl.8; scripts rely on them. */
enum seamctl_exit {
	SEAMCTL_OK		= 0,	/* done, or nothing to do */
	SEAMCTL_ERROR		= 1,	/* bad input or environment; nothing written */
	SEAMCTL_USAGE		= 2,	/* bad command line */
	SEAMCTL_INCOMPATIBLE	= 3,	/* the release breaks a rule; nothing written */
	SEAMCTL_UNAVAILABLE	= 4,	/* no runtime update possible now; nothing written */
	SEAMCTL_BUSY		= 5,	/* busy; nothing changed, retry later */
	SEAMCTL_REFUSED		= 6,	/* the kernel refused the image; nothing changed */
	SEAMCTL_RECOVERABLE	= 7,	/* failed after the PONR; TDs await a recovery */
	SEAMCTL_LOST		= 8,	/* failed after the PONR; TDs lost, reboot */
	SEAMCTL_TIMEOUT		= 9,	/* no outcome within the bound; state unknown */
	SEAMCTL_PERMISSION	= 10,	/* not permitted: run as root; nothing written */
};

/* The version of every JSON document's layout, its "schema" field. */
#define SEAMCTL_SCHEMA		2

/* Options every subcommand takes. */
struct seamctl_opts {
	const char	*sysfs_root;	/* "" for the real /sys */
	bool		json;
	bool		has_cpuid;	/* --cpuid: plan for another host's CPU */
	uint32_t	cpuid;
};

/* version.c: "major.minor.update", as sysfs and mapping_file.json write it. */
struct seamctl_version {
	unsigned int	major, minor, update;
};

#define SEAMCTL_VERSION_LEN	24

int seamctl_version_parse(const char *s, struct seamctl_version *v);
int seamctl_version_cmp(const struct seamctl_version *a, const struct seamctl_version *b);
const char *seamctl_version_str(const struct seamctl_version *v, char *buf);

/* mapping.c: the release metadata Intel publishes beside the images. */
#define SEAMCTL_MAX_RELEASES	1024
#define SEAMCTL_MAX_LOADERS	16

struct seamctl_release {
	struct seamctl_version	version;
	char			name[SEAMCTL_VERSION_LEN];	/* as written */
	struct seamctl_version	min_td_preserving;
	struct seamctl_version	min_seamldr[SEAMCTL_MAX_LOADERS];
	unsigned int		nr_min_seamldr;
	uint64_t		features0;
	/* strict_compat_versions: absent, versions, or a form not known here */
	enum { SEAMCTL_STRICT_NONE, SEAMCTL_STRICT_LIST, SEAMCTL_STRICT_UNKNOWN } strict;
	struct seamctl_version	strict_compat[SEAMCTL_MAX_LOADERS];
	unsigned int		nr_strict_compat;
};

struct seamctl_mapping {
	struct seamctl_release	*releases;	/* newest first */
	size_t			nr;
};

int seamctl_mapping_parse(const char *buf, size_t len, struct seamctl_mapping *m,
			  char *why, size_t why_len);
int seamctl_mapping_load(const char *path, struct seamctl_mapping *m, char *why, size_t why_len);
void seamctl_mapping_free(struct seamctl_mapping *m);
const struct seamctl_release *seamctl_mapping_find(const struct seamctl_mapping *m,
						   const struct seamctl_version *v);

/* file.c: whole files, bounded. */
#define SEAMCTL_MAX_FILE	(8u << 20)
void *seamctl_read_file(const char *path, size_t *size, char *why, size_t why_len);

/* image.c: an image checked with the kernel's own parser and rules. */
#define SEAMCTL_MAX_PROBLEMS	8

struct seamctl_image {
	char			*path;
	uint8_t			*buf;
	size_t			size;
	bool			parsed;		/* img is valid */
	struct seam_tdx_image	img;
	uint8_t			module_sha384[48];	/* what becomes MRSEAM */
	bool			hash_ok;
	bool			rsa_ok;
	const char		*problems[SEAMCTL_MAX_PROBLEMS];
	unsigned int		nr_problems;
	bool			bad_size;
	bool			has_module_version;	/* 2.0 sigstructs carry it */
	struct seamctl_version	module_version;
	char			why[320];	/* why the file could not be read */
};

int seamctl_image_load(const char *path, enum seam_loader_gen loader, struct seamctl_image *im);
void seamctl_image_free(struct seamctl_image *im);
bool seamctl_image_lists_cpu(const struct seamctl_image *im, uint32_t cpuid);
bool seamctl_image_debug(const struct seamctl_image *im);
uint8_t *seamctl_image_kernel_format(const struct seamctl_image *im, size_t *size);
uint32_t seamctl_host_cpuid(void);

/* sysfs.c: the platform as the kernel shows it. */
struct seamctl_attr {
	int	err;		/* 0: value read; else the errno of the read */
	char	value[256];
};

struct seamctl_platform {
	const char		*root;
	bool			has_host;	/* the tdx_host device exists */
	bool			has_upload;	/* /sys/class/firmware/tdx_module */
	struct seamctl_attr	version, seamldr_version, remaining, online, present,
				upload_status;
	bool			module_known, loader_known;
	struct seamctl_version	module, loader;
	long			remaining_updates;	/* -1: unknown */
	bool			has_stats;		/* seam's last_update */
	char			stats[4096];
	uint32_t		cpuid;
};

void seamctl_platform_read(const char *root, struct seamctl_platform *p);
void seamctl_platform_load(const struct seamctl_opts *o, struct seamctl_platform *p);
const struct seamctl_attr *seamctl_host_attr(const struct seamctl_platform *p, unsigned int i,
					     const char **name);
const char *seamctl_denied(const struct seamctl_platform *p, int *err);
const char *seamctl_stat(const struct seamctl_platform *p, const char *key, char *buf,
			 size_t len);
const char *seamctl_module_state(const struct seamctl_platform *p);
unsigned int seamctl_update_blockers(const struct seamctl_platform *p, const char **why,
				     unsigned int max);
char *seamctl_path(const char *root, const char *path);
void seamctl_attr_read(const char *root, const char *path, struct seamctl_attr *a);

/* upload.c: the firmware-upload sequence and what it left. */
struct seamctl_outcome {
	enum seamctl_exit	code;
	const char		*name;		/* updated, busy, refused, ... */
	const char		*tds;		/* preserved, unchanged, at-risk, lost, unknown */
	char			error[256];	/* the fw_upload error, "" if none */
	const char		*meaning;	/* the error in words */
	double			seconds;
};

enum seamctl_exit seamctl_upload(const struct seamctl_platform *p, const void *buf, size_t size,
				 unsigned int timeout_s, bool progress, struct seamctl_outcome *o);
void seamctl_journal(const char *image, const char *before, const char *after,
		     const char *mrseam, const struct seamctl_outcome *o);

/* rules.c: which releases this host can take, rule by rule. */
enum seamctl_rule {
	SEAMCTL_RULE_IMAGE,
	SEAMCTL_RULE_SEAMLDR,
	SEAMCTL_RULE_CPU,
	SEAMCTL_RULE_DEBUG,
	SEAMCTL_RULE_TD_PRESERVING,
	SEAMCTL_RULE_STRICT_COMPAT,
	SEAMCTL_RULE_SVN,
	SEAMCTL_RULE_HANDOFF,
	SEAMCTL_RULE_REMAINING,
	SEAMCTL_NR_RULES,
};

enum seamctl_verdict {
	SEAMCTL_PASS,
	SEAMCTL_FAIL,
	SEAMCTL_SKIP,		/* not decidable here: refused unless --force */
};

struct seamctl_rule_info {
	const char	*name;
	const char	*source;	/* "intel" (the published tool) or "seam" */
	bool		forceable;	/* a failure only userspace enforces */
};

extern const struct seamctl_rule_info seamctl_rules[SEAMCTL_NR_RULES];

struct seamctl_candidate {
	const struct seamctl_release	*release;	/* NULL: an image without metadata */
	bool				version_known;
	struct seamctl_version		version;
	struct seamctl_image		image;
	bool				image_found;
	enum seamctl_verdict		verdict[SEAMCTL_NR_RULES];
	char				reason[SEAMCTL_NR_RULES][160];
};

struct seamctl_host {
	const struct seamctl_platform	*platform;
	const struct seamctl_image	*running;	/* the running release's image, or NULL */
	bool				allow_debug;
};

void seamctl_rules_apply(const struct seamctl_host *h, struct seamctl_candidate *c);
bool seamctl_candidate_ok(const struct seamctl_candidate *c, bool force);
bool seamctl_candidate_running(const struct seamctl_host *h, const struct seamctl_candidate *c);

/* catalog.c: the releases of a mapping file and a directory of images. */
struct seamctl_catalog {
	struct seamctl_mapping		mapping;
	struct seamctl_candidate	*c;		/* newest first */
	size_t				nr;
	struct seamctl_image		running;
	bool				running_found;
	struct seamctl_host		host;
};

int seamctl_catalog_load(struct seamctl_catalog *cat, const char *mapping, const char *dir,
			 const struct seamctl_platform *p, bool allow_debug);
void seamctl_catalog_free(struct seamctl_catalog *cat);
struct seamctl_candidate *seamctl_catalog_newest(struct seamctl_catalog *cat);
const struct seamctl_candidate *
seamctl_catalog_by_hash(const struct seamctl_catalog *cat, const struct seamctl_image *im);
char *seamctl_release_image_path(const char *dir, const struct seamctl_release *r);
enum seam_loader_gen seamctl_loader_gen(const struct seamctl_platform *p);

/* output.c: people and scripts. */
void seamctl_print_json(struct json_object *o);
const char *seamctl_plural(unsigned long n, const char *one, const char *many);
struct json_object *seamctl_json_version(bool known, const struct seamctl_version *v);
struct json_object *seamctl_json_rules(const struct seamctl_candidate *c);
void seamctl_print_rules(const struct seamctl_candidate *c, const char *indent);
const char *seamctl_candidate_name(const struct seamctl_candidate *c, char *buf);
void seamctl_hex(const uint8_t *p, size_t len, char *out);

/* The subcommands. */
int seamctl_status(int argc, char **argv);
int seamctl_inspect(int argc, char **argv);
int seamctl_list(int argc, char **argv);
int seamctl_update(int argc, char **argv);
int seamctl_convert(int argc, char **argv);

/* seamctl.c: the options every command takes, merged with its own. */
struct option;
#define SEAMCTL_MAX_OPTIONS	16
const struct option *seamctl_options(const struct option *own);
int seamctl_common_option(int c, const char *arg, struct seamctl_opts *o);

#endif /* SEAMCTL_H */
