/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the SEAM emulator's KUnit suites share: the emulator as seam's
 * stand-in, calls on a chosen CPU, and images built for the emulator.
 */
#ifndef _SEAM_EMU_ENV_H
#define _SEAM_EMU_ENV_H

#include <kunit/test.h>
#include <asm/shared/tdx.h>

#include "../../tdx/image.h"
#include "../../tdx/seamldr.h"
#include "../descriptor.h"
#include "../emu.h"

/**
 * struct emu_image - An image for the emulator, and its install params
 * @sig:		The sigstruct to embed; its seamhash is computed.
 * @desc:		The descriptor at the start of the module.
 * @no_desc:		Leave the descriptor out.
 * @corrupt_hash:	Change a module byte after hashing.
 * @other_key:		Sign with a key the emulated P-SEAMLDR does not hold.
 * @pages:		Module pages.
 * @buf:		The built image.
 * @size:		Its size.
 * @img:		The parsed image.
 * @params:		SEAMLDR.INSTALL params for it, scenario UPDATE.
 * @params_pa:		Their physical address.
 */
struct emu_image {
	struct seam_sigstruct		sig;
	struct seam_emu_descriptor	desc;
	bool				no_desc;
	bool				corrupt_hash;
	bool				other_key;
	u32				pages;
	void				*buf;
	size_t				size;
	struct seam_tdx_image		img;
	struct seam_seamldr_params	*params;
	u64				params_pa;
};

/* The update numbers of the boot module, 1.5.16, and of emu_image_new()'s. */
#define EMU_BOOT_UPDATE		16
#define EMU_NEXT_UPDATE		20
/* The boot module's SVN, 1.11. */
#define EMU_SVN_MINOR		11

void emu_env_boot(struct kunit *test);
void emu_env_ready(void);
void emu_env_reboot(const struct seam_emu_spec *spec);
void emu_env_init(struct kunit *test);
u64 emu_call_on(int cpu, u64 fn, struct tdx_module_args *args);
struct emu_image *emu_image_new(struct kunit *test);
void emu_image_build(struct kunit *test, struct emu_image *im);

#endif /* _SEAM_EMU_ENV_H */
