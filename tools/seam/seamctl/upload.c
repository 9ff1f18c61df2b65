// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware-upload sequence that mainline documents and Intel's
 * published tool uses (sysfs-class-firmware-seam): write "1" to loading,
 * the image to data in one write, "0" to loading, poll status until it
 * reads "idle", then read error.  Every wait is bounded.  Then what the
 * upload left: the error, and whether the TDs survived, from version's
 * errno (mainline and seam alike) and seam's last-update statistics, and
 * a record of it in the system log.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "seamctl.h"

#define UPLOAD		"/sys/class/firmware/tdx_module"
#define POLL_NS		50000000L

/* The fw_upload errors, in words (sysfs-class-firmware-seam). */
static const struct {
	const char *error, *meaning;
} seamctl_errors[] = {
	{ "device-busy",
	  "a TD build in progress or an offline CPU; nothing changed, retry later" },
	{ "invalid-file-size",
	  "the image is empty, truncated, or larger than its header says" },
	{ "firmware-invalid",
	  "the image breaks a rule of the kernel or P-SEAMLDR (seamctl inspect)" },
	{ "flash-wearout",
	  "P-SEAMLDR has no updates remaining until reboot" },
	{ "read-write-error",
	  "the kernel ran out of memory" },
	{ "timeout",
	  "the update timed out" },
	{ "user-abort",
	  "the upload was cancelled" },
	{ "hw-error",
	  "the platform cannot update, or the update failed after the old module stopped" },
};

static const char *seamctl_error_meaning(const char *error)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(seamctl_errors); i++)
		if (!strcmp(error, seamctl_errors[i].error))
			return seamctl_errors[i].meaning;
	return "an error this tool does not know";
}

static int seamctl_write_attr(const char *root, const char *attr, const void *buf, size_t len)
{
	char *p = seamctl_path(root, attr);
	const char *c = buf;
	int fd, err = 0;

	fd = open(p, O_WRONLY | O_CLOEXEC);
	free(p);
	if (fd < 0)
		return errno;
	while (len) {
		ssize_t n = write(fd, c, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n ? errno : EIO;
			break;
		}
		c += n;
		len -= (size_t)n;
	}
	if (close(fd) && !err)
		err = errno;
	return err;
}

static double seamctl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void seamctl_set(struct seamctl_outcome *o, enum seamctl_exit code, const char *name,
			const char *tds)
{
	o->code = code;
	o->name = name;
	o->tds = tds;
}

/* Classify a finished upload from its error and the platform after it. */
static void seamctl_classify(const struct seamctl_platform *after, struct seamctl_outcome *o)
{
	const char *err = strchr(o->error, ':') ? strchr(o->error, ':') + 1 : o->error;
	char state[32] = "";

	if (!o->error[0]) {
		/* seam says when the install took the TDs over from a failure. */
		seamctl_stat(after, "result", state, sizeof(state));
		seamctl_set(o, SEAMCTL_OK, strcmp(state, "recovered") ? "updated" : "recovered",
			    "preserved");
		return;
	}
	o->meaning = seamctl_error_meaning(err);
	seamctl_stat(after, "state", state, sizeof(state));
	if (after->version.err == ENXIO || !strcmp(state, "lost"))
		seamctl_set(o, SEAMCTL_LOST, "failed-lost", "lost");
	else if (after->version.err == ESHUTDOWN || !strcmp(state, "recoverable"))
		seamctl_set(o, SEAMCTL_RECOVERABLE, "failed-recoverable", "awaiting-recovery");
	else if (!strcmp(err, "device-busy"))
		seamctl_set(o, SEAMCTL_BUSY, "busy", "unchanged");
	else
		seamctl_set(o, SEAMCTL_REFUSED, "refused", "unchanged");
}

static void seamctl_progress(bool on, const char *what, double t0)
{
	if (on)
		fprintf(stderr, "\rseamctl: %-40s %6.1f s", what, seamctl_now() - t0);
}

/*
 * Run the sequence.  Nothing is written unless the upload is idle; a
 * failure while the image is written cancels the upload.
 */
enum seamctl_exit seamctl_upload(const struct seamctl_platform *p, const void *buf, size_t size,
				 unsigned int timeout_s, bool progress, struct seamctl_outcome *o)
{
	struct seamctl_platform after;
	struct seamctl_attr status, left;
	double t0 = seamctl_now();
	int err;

	memset(o, 0, sizeof(*o));
	seamctl_set(o, SEAMCTL_ERROR, "error", "unchanged");
	if (p->upload_status.err || strcmp(p->upload_status.value, "idle")) {
		seamctl_set(o, SEAMCTL_BUSY, "busy", "unchanged");
		o->meaning = "another upload is running";
		return o->code;
	}
	err = seamctl_write_attr(p->root, UPLOAD "/loading", "1", 1);
	if (err) {
		if (err == EBUSY)
			seamctl_set(o, SEAMCTL_BUSY, "busy", "unchanged");
		snprintf(o->error, sizeof(o->error), "loading: %s", strerror(err));
		o->meaning = "the upload could not start";
		return o->code;
	}
	if (progress) {
		char what[64];

		snprintf(what, sizeof(what), "writing the image (%zu bytes)", size);
		seamctl_progress(true, what, t0);
	}
	err = seamctl_write_attr(p->root, UPLOAD "/data", buf, size);
	if (err) {
		seamctl_write_attr(p->root, UPLOAD "/loading", "-1", 2);
		if (err == EBUSY || err == ENODEV)
			seamctl_set(o, SEAMCTL_BUSY, "busy", "unchanged");
		snprintf(o->error, sizeof(o->error), "data: %s", strerror(err));
		o->meaning = "writing the image failed; the upload was cancelled";
		return o->code;
	}
	err = seamctl_write_attr(p->root, UPLOAD "/loading", "0", 1);
	if (err) {
		snprintf(o->error, sizeof(o->error), "loading: %s", strerror(err));
		o->meaning = "the update could not be queued";
		return o->code;
	}
	for (;;) {
		struct timespec nap = { 0, POLL_NS };
		char what[600];

		seamctl_attr_read(p->root, UPLOAD "/status", &status);
		if (!status.err && !strcmp(status.value, "idle"))
			break;
		if (seamctl_now() - t0 > timeout_s) {
			if (progress)
				fputc('\n', stderr);
			seamctl_set(o, SEAMCTL_TIMEOUT, "timeout", "unknown");
			snprintf(o->error, sizeof(o->error), "status: not idle after %u s",
				 timeout_s);
			o->meaning = "the update did not finish in time; read status later";
			o->seconds = seamctl_now() - t0;
			return o->code;
		}
		seamctl_attr_read(p->root, UPLOAD "/remaining_size", &left);
		snprintf(what, sizeof(what), "updating (%s, %s bytes to go)",
			 status.err ? strerror(status.err) : status.value,
			 left.err ? "?" : left.value);
		seamctl_progress(progress, what, t0);
		nanosleep(&nap, NULL);
	}
	o->seconds = seamctl_now() - t0;
	if (progress)
		fprintf(stderr, "\rseamctl: %-40s %6.1f s\n", "done", o->seconds);
	seamctl_attr_read(p->root, UPLOAD "/error", &status);
	snprintf(o->error, sizeof(o->error), "%s", status.err ? "error: unreadable" : status.value);
	seamctl_platform_read(p->root, &after);
	seamctl_classify(&after, o);
	return o->code;
}

/*
 * A record of the update in the system log (syslog(3); on systemd hosts
 * the journal, as SYSLOG_IDENTIFIER=seamctl): the image, the versions
 * before and after, the measurement TDs will see, and the outcome.
 */
void seamctl_journal(const char *image, const char *before, const char *after,
		     const char *mrseam, const struct seamctl_outcome *o)
{
	openlog("seamctl", LOG_PID, LOG_USER);
	syslog(o->code == SEAMCTL_OK ? LOG_NOTICE : LOG_ERR,
	       "TDX module update %s: %s -> %s, image %s, MRSEAM %s, error %s, TDs %s",
	       o->name, before, after, image, mrseam, o->error[0] ? o->error : "none", o->tds);
	closelog();
}
