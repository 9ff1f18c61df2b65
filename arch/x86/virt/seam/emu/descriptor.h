/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The descriptor of an emulated TDX module.
 *
 * A real TDX module reports its version and features through TDH.SYS.RD
 * from values compiled into its code.  The SEAM emulator runs no module
 * code, so an image meant for it carries those values in a descriptor at
 * the start of its first module page.  The descriptor is covered by the
 * sigstruct's seamhash like the rest of the module.
 *
 * Pure, like ../tdx/image.h: the userspace image tool includes it too.
 */
#ifndef _SEAM_EMU_DESCRIPTOR_H
#define _SEAM_EMU_DESCRIPTOR_H

#include <linux/build_bug.h>
#include <linux/types.h>

#define SEAM_EMU_DESC_MAGIC		"SEAMEMU1"
#define SEAM_EMU_DESC_MAGIC_LEN		8

/**
 * struct seam_emu_descriptor - What an emulated module reports about itself
 * @magic:		SEAM_EMU_DESC_MAGIC.
 * @major:		Major version (TDH.SYS.RD MAJOR_VERSION).
 * @minor:		Minor version.
 * @update:		Update version.
 * @internal:		Internal version.
 * @build_num:		Build number.
 * @reserved0:		Zero.
 * @build_date:		Build date, decimal yyyymmdd.
 * @features0:		TDX_FEATURES0.
 * @module_hv:		The handoff version the module's code writes and
 *			reads; TDH.SYS.INIT requires the sigstruct's to match.
 * @min_update_hv:	The lowest handoff version its code reads; likewise.
 * @no_downgrade:	Likewise for the sigstruct's no_downgrade.
 * @reserved1:		Zero.
 * @reserved2:		Zero.
 */
struct seam_emu_descriptor {
	char	magic[SEAM_EMU_DESC_MAGIC_LEN];
	u16	major;
	u16	minor;
	u16	update;
	u16	internal;
	u16	build_num;
	u16	reserved0;
	u32	build_date;
	u64	features0;
	u16	module_hv;
	u16	min_update_hv;
	u8	no_downgrade;
	u8	reserved1[3];
	u64	reserved2[4];
} __packed;
static_assert(sizeof(struct seam_emu_descriptor) == 72);

#endif /* _SEAM_EMU_DESCRIPTOR_H */
