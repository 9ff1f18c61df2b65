// SPDX-License-Identifier: GPL-2.0
/*
 * SEAMLDR.INSTALL's input: the physical address of every image page.
 */

#include <linux/io.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "update.h"

/* Firmware upload hands over a vmalloc()ed buffer. */
static phys_addr_t seam_tdx_page_pa(const void *va)
{
	if (is_vmalloc_addr(va))
		return page_to_phys(vmalloc_to_page(va)) + offset_in_page(va);
	return virt_to_phys((void *)va);
}

/**
 * seam_tdx_params_build() - Fill in SEAMLDR.INSTALL's params for an update
 * @params:	The params page.
 * @buf:	The image, 4 KiB aligned, in the linear map or vmalloc space.
 * @img:	The parsed image.
 *
 * Context: Process context.
 * Return: 0, or -EINVAL if @buf is not 4 KiB aligned.
 */
int seam_tdx_params_build(struct seam_seamldr_params *params,
			  const void *buf,
			  const struct seam_tdx_image *img)
{
	const u8 *module = (const u8 *)buf + img->module_offset;
	u32 i;

	if (!IS_ALIGNED((unsigned long)buf, SEAM_TDX_PAGE_SIZE))
		return -EINVAL;

	memset(params, 0, sizeof(*params));
	params->scenario = SEAMLDR_SCENARIO_UPDATE;
	params->sigstruct_pa = seam_tdx_page_pa((const u8 *)buf + img->sigstruct_offset);
	params->num_module_pages = img->module_nr_pages;
	for (i = 0; i < img->module_nr_pages; i++)
		params->mod_pages_pa_list[i] =
			seam_tdx_page_pa(module + (size_t)i * SEAM_TDX_PAGE_SIZE);
	return 0;
}
