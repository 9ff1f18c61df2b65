// SPDX-License-Identifier: GPL-2.0
/*
 * Whole files, read with a bound: an image or a mapping file larger than
 * SEAMCTL_MAX_FILE is refused before it is read.
 */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seamctl.h"

/* Returns a malloc()ed buffer (NUL-terminated past *size), or NULL with why set. */
void *seamctl_read_file(const char *path, size_t *size, char *why, size_t why_len)
{
	struct stat st;
	size_t done = 0;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, why_len, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		snprintf(why, why_len, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > SEAMCTL_MAX_FILE) {
		snprintf(why, why_len, "%s: %lld bytes, more than the %u this tool reads",
			 path, (long long)st.st_size, SEAMCTL_MAX_FILE);
		close(fd);
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		snprintf(why, why_len, "%s: out of memory", path);
		close(fd);
		return NULL;
	}
	while (done < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + done, (size_t)st.st_size - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(why, why_len, "%s: %s", path, n ? strerror(errno) : "file shrank");
			free(buf);
			close(fd);
			return NULL;
		}
		done += (size_t)n;
	}
	close(fd);
	buf[done] = '\0';
	*size = done;
	return buf;
}
