// SPDX-License-Identifier: GPL-2.0
/*
 * The platform as the kernel shows it: mainline's tdx_host attributes and
 * firmware upload (Documentation/ABI/testing/sysfs-devices-faux-tdx_host
 * and sysfs-class-firmware-seam), the CPUs' online and present masks, and,
 * on seam only, the last update's statistics in debugfs.  Every path is
 * under --sysfs-root when one is given, so that tests run on a fake tree.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seamctl.h"

#define HOST		"/sys/devices/faux/tdx_host"
#define UPLOAD		"/sys/class/firmware/tdx_module"
#define CPUS		"/sys/devices/system/cpu"
#define STATS		"/sys/kernel/debug/seam/tdx_host/last_update"

char *seamctl_path(const char *root, const char *path)
{
	size_t len = strlen(root) + strlen(path) + 1;
	char *p = malloc(len);

	if (!p) {
		fprintf(stderr, "seamctl: out of memory\n");
		exit(SEAMCTL_ERROR);
	}
	snprintf(p, len, "%s%s", root, path);
	return p;
}

static bool seamctl_exists(const char *root, const char *path)
{
	char *p = seamctl_path(root, path);
	struct stat st;
	bool found = !stat(p, &st);

	free(p);
	return found;
}

/* Read a whole attribute into buf; returns 0 or the errno of the read. */
static int seamctl_read_into(const char *root, const char *path, char *buf, size_t len)
{
	char *p = seamctl_path(root, path);
	ssize_t n = -1;
	int fd, err = 0;

	fd = open(p, O_RDONLY | O_CLOEXEC);
	free(p);
	if (fd < 0)
		return errno;
	do
		n = read(fd, buf, len - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		err = errno;
	close(fd);
	buf[n < 0 ? 0 : n] = '\0';
	return err;
}

void seamctl_attr_read(const char *root, const char *path, struct seamctl_attr *a)
{
	a->err = seamctl_read_into(root, path, a->value, sizeof(a->value));
	a->value[strcspn(a->value, "\n")] = '\0';
	if (!a->err && !a->value[0] && strcmp(path, UPLOAD "/error"))
		a->err = ENODATA;
}

void seamctl_platform_read(const char *root, struct seamctl_platform *p)
{
	memset(p, 0, sizeof(*p));
	p->root = root;
	p->cpuid = seamctl_host_cpuid();
	p->remaining_updates = -1;
	p->has_host = seamctl_exists(root, HOST);
	p->has_upload = seamctl_exists(root, UPLOAD);
	seamctl_attr_read(root, HOST "/version", &p->version);
	seamctl_attr_read(root, HOST "/seamldr_version", &p->seamldr_version);
	seamctl_attr_read(root, HOST "/num_remaining_updates", &p->remaining);
	seamctl_attr_read(root, CPUS "/online", &p->online);
	seamctl_attr_read(root, CPUS "/present", &p->present);
	seamctl_attr_read(root, UPLOAD "/status", &p->upload_status);
	p->module_known = !p->version.err && !seamctl_version_parse(p->version.value, &p->module);
	p->loader_known = !p->seamldr_version.err &&
			  !seamctl_version_parse(p->seamldr_version.value, &p->loader);
	if (!p->remaining.err) {
		char *end;
		long v = strtol(p->remaining.value, &end, 10);

		if (end != p->remaining.value && !*end && v >= 0)
			p->remaining_updates = v;
	}
	p->has_stats = !seamctl_read_into(root, STATS, p->stats, sizeof(p->stats));
}

/* The platform, with the command line's --cpuid in place of this CPU's. */
void seamctl_platform_load(const struct seamctl_opts *o, struct seamctl_platform *p)
{
	seamctl_platform_read(o->sysfs_root, p);
	if (o->has_cpuid)
		p->cpuid = o->cpuid & ~SEAM_CPUID_STEPPING_MASK;
}

/* The i-th tdx_host attribute and its name, or NULL past the last. */
const struct seamctl_attr *seamctl_host_attr(const struct seamctl_platform *p, unsigned int i,
					     const char **name)
{
	static const char * const names[] = { "version", "seamldr_version",
					      "num_remaining_updates" };
	const struct seamctl_attr *attrs[] = { &p->version, &p->seamldr_version, &p->remaining };

	if (i >= ARRAY_SIZE(names))
		return NULL;
	*name = names[i];
	return attrs[i];
}

/*
 * The first tdx_host attribute that this user could not read for want of
 * permission (seamldr_version and num_remaining_updates are 0400,
 * mainline's DEVICE_ATTR_ADMIN_RO), or NULL.
 */
const char *seamctl_denied(const struct seamctl_platform *p, int *err)
{
	const struct seamctl_attr *a;
	const char *name;
	unsigned int i;

	for (i = 0; (a = seamctl_host_attr(p, i, &name)); i++) {
		if (a->err == EACCES || a->err == EPERM) {
			*err = a->err;
			return name;
		}
	}
	return NULL;
}

/* The value of "key: value" in seam's last_update, or NULL. */
const char *seamctl_stat(const struct seamctl_platform *p, const char *key, char *buf,
			 size_t len)
{
	size_t klen = strlen(key);
	const char *line = p->stats;

	if (!p->has_stats)
		return NULL;
	for (; *line; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != '\0')) {
		size_t n = strcspn(line, "\n");

		if (n > klen + 1 && !strncmp(line, key, klen) && line[klen] == ':' &&
		    line[klen + 1] == ' ') {
			n -= klen + 2;
			if (n >= len)
				n = len - 1;
			memcpy(buf, line + klen + 2, n);
			buf[n] = '\0';
			return buf;
		}
	}
	return NULL;
}

/*
 * What reading version says about the module (sysfs-devices-faux-tdx_host):
 * ENODATA when its version cannot be read, ESHUTDOWN while a recovery
 * install can still restore the module, ENXIO once it is lost (mainline:
 * also when the module did not initialise).  The kernel initialises the
 * module at boot and offers the upload only once it runs, so ENODATA with
 * the upload offered is a running module the kernel cannot name (an
 * install of such an image), not one waiting to be initialised.
 */
const char *seamctl_module_state(const struct seamctl_platform *p)
{
	if (!p->has_host)
		return "absent";
	switch (p->version.err) {
	case 0:
		return p->module_known ? "running" : "unknown";
	case ENODATA:
		return p->has_upload ? "version-unreadable" : "not-initialised";
	case ESHUTDOWN:
		return "awaiting-recovery";
	case ENXIO:
		return "lost";
	case EACCES:
	case EPERM:
		return "unreadable";
	default:
		return "unknown";
	}
}

static void seamctl_block(bool cond, const char *text, const char **why, unsigned int max,
			  unsigned int *n)
{
	if (!cond)
		return;
	if (*n < max)
		why[*n] = text;
	(*n)++;
}

/*
 * Why a runtime update cannot run now: fills up to max reasons into why[]
 * and returns how many there are (why may be NULL when max is 0).
 */
unsigned int seamctl_update_blockers(const struct seamctl_platform *p, const char **why,
				     unsigned int max)
{
	const char *state = seamctl_module_state(p);
	unsigned int n = 0;

	seamctl_block(!p->has_host,
		      "no " HOST ": the kernel has no TDX host support, or the platform no TDX",
		      why, max, &n);
	seamctl_block(!strcmp(state, "not-initialised"),
		      "the TDX module did not initialise at boot: the kernel log (virt/tdx) says why",
		      why, max, &n);
	seamctl_block(!strcmp(state, "lost"),
		      "the TDX module was lost by a failed update: only a reboot helps",
		      why, max, &n);
	seamctl_block(p->has_host && !p->has_upload && strcmp(state, "not-initialised") &&
		      strcmp(state, "lost"),
		      "no " UPLOAD ": the module or the CPU cannot update at run time",
		      why, max, &n);
	seamctl_block(p->remaining_updates == 0,
		      "P-SEAMLDR has no updates remaining until reboot", why, max, &n);
	seamctl_block(!p->online.err && !p->present.err &&
		      strcmp(p->online.value, p->present.value),
		      "not every present CPU is online: online them first", why, max, &n);
	return n;
}
