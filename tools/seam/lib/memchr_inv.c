// SPDX-License-Identifier: GPL-2.0
/*
 * memchr_inv() for userspace builds of the seam image parser; tools/include
 * declares it but tools/lib/string.c drags in more than the fuzzer needs.
 */
#include <stddef.h>

void *memchr_inv(const void *start, int c, size_t bytes)
{
	const unsigned char *p = start;

	for (; bytes; bytes--, p++)
		if (*p != (unsigned char)c)
			return (void *)p;
	return NULL;
}
