// SPDX-License-Identifier: GPL-2.0
/*
 * The host's side of the TDX module's initialisation on the emulated
 * platform: what 6.12's init_tdx_module() does around its SEAMCALLs, which
 * seam's initialisation plan then makes.
 *
 * This is not firmware, and it follows tdx.c, not the emulated module: it
 * covers memory with TDMRs, gives each its PAMTs from the page allocator,
 * marks the holes in the TDMR and the PAMTs inside it as reserved areas,
 * and takes the first private KeyID as the global one (construct_tdmrs(),
 * tdmr_set_up_pamt(), tdmr_populate_rsvd_holes() and _pamts()).  It is
 * smaller than tdx.c: the emulated hosts have 1 GiB of RAM, so one TDMR
 * over the first GiB does, and each PAMT is a separate allocation.  What
 * the module makes of the list is the emulator's business (module.c).
 */

#define pr_fmt(fmt) "seam: emulator: "  fmt

#include <linux/cpu.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/ioport.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/seam/tdx.h>

#include "emu.h"

/*
 * The TDMR and its PAMTs, kept while the module may use them: from a
 * successful initialisation to the next emulated reboot.
 */
static struct tdx_tdmr_info *seam_emu_host_tdmr;
static struct page *seam_emu_host_pamt[3];
static DEFINE_MUTEX(seam_emu_host_lock);

/* The page sizes of the PAMTs, in seam_emu_host_pamt[]'s order. */
static const u64 seam_emu_host_page[] = { SZ_4K, SZ_2M, SZ_1G };

struct seam_emu_host_holes {
	struct tdx_tdmr_info	*tdmr;
	unsigned int		nr;
	u64			ram_end;
};

static int seam_emu_host_add_rsvd(struct tdx_tdmr_info *tdmr, unsigned int *nr,
				  u64 start, u64 end)
{
	if (*nr == TDX_MAX_RESERVED_PER_TDMR) {
		pr_err("too many reserved areas in the TDMR\n");
		return -E2BIG;
	}
	tdmr->rsvd[*nr].offset = start - tdmr->base;
	tdmr->rsvd[*nr].size = end - start;
	(*nr)++;
	return 0;
}

/* Called for each RAM range in the TDMR, in order: the gap before it is a hole. */
static int seam_emu_host_ram(unsigned long pfn, unsigned long nr_pages, void *arg)
{
	struct seam_emu_host_holes *h = arg;
	u64 start = PFN_PHYS(pfn);
	int err = 0;

	if (start > h->ram_end)
		err = seam_emu_host_add_rsvd(h->tdmr, &h->nr, h->ram_end, start);
	h->ram_end = PFN_PHYS(pfn + nr_pages);
	return err;
}

static int seam_emu_host_cmp_rsvd(const void *a, const void *b)
{
	const u64 *x = a, *y = b;	/* offset first */

	return *x < *y ? -1 : *x > *y;
}

/* The PAMTs and the TDMR back to the kernel; seam_emu_host_lock held. */
static void seam_emu_host_free(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(seam_emu_host_pamt); i++) {
		u64 size = SZ_1G / seam_emu_host_page[i] * TDX_PAMT_ENTRY_SIZE;

		if (seam_emu_host_pamt[i])
			__free_pages(seam_emu_host_pamt[i], get_order(size));
		seam_emu_host_pamt[i] = NULL;
	}
	kfree(seam_emu_host_tdmr);
	seam_emu_host_tdmr = NULL;
}

/* One TDMR over the first GiB, with its PAMTs and reserved areas. */
static int seam_emu_host_build(struct tdx_tdmr_info *tdmr)
{
	struct seam_emu_host_holes h = { .tdmr = tdmr };
	u64 base[3], size[3];
	unsigned int i;
	int err;

	tdmr->base = 0;
	tdmr->size = SZ_1G;
	for (i = 0; i < ARRAY_SIZE(seam_emu_host_page); i++) {
		size[i] = PAGE_ALIGN(tdmr->size / seam_emu_host_page[i] * TDX_PAMT_ENTRY_SIZE);
		seam_emu_host_pamt[i] = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
						    get_order(size[i]));
		if (!seam_emu_host_pamt[i]) {
			pr_err("no memory for a %llu KiB PAMT\n", size[i] / SZ_1K);
			return -ENOMEM;
		}
		base[i] = page_to_phys(seam_emu_host_pamt[i]);
	}
	tdmr->pamt_4k_base = base[0];
	tdmr->pamt_4k_size = size[0];
	tdmr->pamt_2m_base = base[1];
	tdmr->pamt_2m_size = size[1];
	tdmr->pamt_1g_base = base[2];
	tdmr->pamt_1g_size = size[2];

	err = walk_system_ram_range(0, PHYS_PFN(SZ_1G), &h, seam_emu_host_ram);
	if (err)
		return err;
	if (h.ram_end < SZ_1G) {
		err = seam_emu_host_add_rsvd(tdmr, &h.nr, h.ram_end, SZ_1G);
		if (err)
			return err;
	}
	for (i = 0; i < ARRAY_SIZE(seam_emu_host_page); i++) {
		if (base[i] >= SZ_1G)
			continue;
		err = seam_emu_host_add_rsvd(tdmr, &h.nr, base[i], base[i] + size[i]);
		if (err)
			return err;
	}
	sort(tdmr->rsvd, h.nr, sizeof(tdmr->rsvd[0]), seam_emu_host_cmp_rsvd, NULL);
	return 0;
}

/**
 * seam_emu_host_init_module() - Initialise the module as tdx_enable() would
 *
 * Takes the CPU hotplug lock first, as tdx_enable()'s callers do.
 *
 * Context: Process context.  Sleeps.
 * Return: 0, -ENOMEM, -E2BIG for a TDMR with too many holes, or the
 * errno of seam_tdx_init_module().
 */
int seam_emu_host_init_module(void)
{
	struct tdx_tdmr_info *tdmr;
	u64 pa;
	int err;

	guard(cpus_read_lock)();
	guard(mutex)(&seam_emu_host_lock);
	seam_emu_host_free();

	/* A power-of-two kmalloc() is aligned to its size, 512 here. */
	tdmr = kzalloc(sizeof(*tdmr), GFP_KERNEL);
	if (!tdmr)
		return -ENOMEM;
	err = seam_emu_host_build(tdmr);
	if (!err) {
		pa = virt_to_phys(tdmr);
		err = seam_tdx_init_module(&pa, 1, SEAM_EMU_KEYID_FIRST, NULL);
	}
	seam_emu_host_tdmr = tdmr;
	if (err) {
		pr_err("TDX module initialisation failed: %pe\n", ERR_PTR(err));
		seam_emu_host_free();
		return err;
	}
	pr_info("TDX module initialised: 1 TDMR, %llu KiB of PAMT\n",
		(tdmr->pamt_4k_size + tdmr->pamt_2m_size + tdmr->pamt_1g_size) / SZ_1K);
	return 0;
}

/**
 * seam_emu_host_release() - Give the PAMTs back, as a reboot does
 *
 * Context: Process context.
 */
void seam_emu_host_release(void)
{
	guard(mutex)(&seam_emu_host_lock);
	seam_emu_host_free();
}
