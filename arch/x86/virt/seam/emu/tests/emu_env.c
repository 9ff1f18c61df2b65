// SPDX-License-Identifier: GPL-2.0
/*
 * Shared parts of the SEAM emulator's KUnit suites; see emu_env.h.
 */

#include <linux/io.h>
#include <linux/processor.h>
#include <linux/smp.h>
#include <linux/vmalloc.h>
#include <crypto/sha2.h>
#include <asm/cpuid/api.h>
#include <asm/seam_emu.h>
#include <linux/seam/leaf.h>
#include <linux/seam/tdx_abi.h>

#include "../../seam-internal.h"
#include "../../tdx/update.h"
#include "../../tdx/tests/image_build.h"
#include "../../tdx/tests/image_sign.h"
#include "../emu.h"
#include "emu_env.h"

static void emu_env_exit(void *old)
{
	seam_stand_in_replace(old);
	seam_tdx_shutdown_hv = -1;
}

/*
 * The emulator standing in for the firmware, for the suites that run seam's clients
 * on it in isolation: a test stands in for the SEAMCALL hook, with its
 * CPUs in VMX operation, and for tdx.c, whose state it leaves alone
 * (seam_platform_is_real() is false).
 */
static u64 emu_env_call(const struct seam_leaf *leaf, struct tdx_module_args *args)
{
	return seam_emu_call(leaf->fn, args);
}

static const struct seam_stand_in emu_env_stand_in = {
	.call		= emu_env_call,
};

/**
 * emu_env_boot() - Make a freshly powered-on emulator stand in
 * @test:	The test; the previous stand-in comes back when it ends.
 *
 * The module is loaded and not initialised, as before tdx_enable().
 */
void emu_env_boot(struct kunit *test)
{
	struct seam_emu_spec spec;
	const struct seam_stand_in *old;

	old = seam_stand_in_replace(&emu_env_stand_in);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, emu_env_exit, (void *)old), 0);
	memset(seam_emu.latency_us, 0, sizeof(seam_emu.latency_us));
	seam_emu_default_spec(&spec);
	seam_emu_boot(&spec);
}

/**
 * emu_env_ready() - Put the module in the state tdx_enable() leaves it in
 *
 * Every present LP initialised, the keys configured and one TDMR, the
 * first GiB, initialised; what the initialisation itself checks is
 * emu_init_kunit.c's business.
 */
void emu_env_ready(void)
{
	struct seam_emu_module *mod = &seam_emu.module;

	raw_spin_lock_irq(&seam_emu.lock);
	mod->state = SEAM_EMU_READY;
	cpumask_copy(&mod->lp_init, cpu_present_mask);
	mod->nr_init_lps = seam_emu.nr_lps;
	mod->tdmrs[0] = (struct seam_emu_tdmr){ 0, SZ_1G, SZ_1G };
	mod->nr_tdmrs = 1;
	mod->hkid = SEAM_EMU_KEYID_FIRST;
	raw_spin_unlock_irq(&seam_emu.lock);
}

/**
 * emu_env_reboot() - Power the platform on again, initialised
 * @spec:	The platform.
 *
 * And the update client, which a reboot would start afresh, reads it.
 */
void emu_env_reboot(const struct seam_emu_spec *spec)
{
	seam_emu_boot(spec);
	emu_env_ready();
	seam_tdx_shutdown_hv = -1;
	seam_tdx_reassess();
}

/**
 * emu_env_init() - Make a freshly booted and initialised emulator stand in
 * @test:	The test; the previous stand-in comes back when it ends.
 */
void emu_env_init(struct kunit *test)
{
	struct seam_emu_spec spec;

	emu_env_boot(test);
	seam_emu_default_spec(&spec);
	emu_env_reboot(&spec);
}

struct emu_call {
	u64			fn;
	struct tdx_module_args	args;
	u64			status;
};

static void emu_call_here(void *data)
{
	struct emu_call *c = data;

	c->status = seam_emu_call(c->fn, &c->args);
}

/**
 * emu_call_on() - Issue a SEAMCALL to the emulator on a given CPU
 * @cpu:	The CPU, online.
 * @fn:		RAX.
 * @args:	The other registers, updated with the outputs; may be NULL.
 *
 * Return: The status.
 */
u64 emu_call_on(int cpu, u64 fn, struct tdx_module_args *args)
{
	struct emu_call c = { .fn = fn };

	if (args)
		c.args = *args;
	smp_call_function_single(cpu, emu_call_here, &c, 1);
	if (args)
		*args = c.args;
	return c.status;
}

/**
 * emu_image_new() - An update the booted emulator accepts: 1.5.20
 * @test:	The test; it owns the memory.
 *
 * Return: The defaults, to adjust and build with emu_image_build().
 */
struct emu_image *emu_image_new(struct kunit *test)
{
	struct emu_image *im = kunit_kzalloc(test, sizeof(*im), GFP_KERNEL);
	struct seam_emu_spec spec;

	KUNIT_ASSERT_NOT_NULL(test, im);
	/* The boot module's successor: same SVN, features and handoff. */
	seam_emu_default_spec(&spec);
	im->desc = spec.desc;
	im->desc.update = EMU_NEXT_UPDATE;
	im->desc.build_num = 800;
	seam_sigstruct_init(&im->sig);
	im->sig.seamsvn_major = spec.svn_major;
	im->sig.seamsvn_minor = spec.svn_minor;
	im->sig.module_hv = spec.desc.module_hv;
	im->sig.min_update_hv = spec.desc.min_update_hv;
	im->sig.cpuid_table[0] = cpuid_eax(1) & ~SEAM_CPUID_STEPPING_MASK;
	im->pages = 2;
	return im;
}

static void emu_vfree(void *p)
{
	vfree(p);
}

static void emu_free_page(void *p)
{
	free_page((unsigned long)p);
}

/**
 * emu_image_build() - Build, hash and parse an image, and make its params
 * @test:	The test; it owns the memory.
 * @im:		What to build; the outputs are filled in.
 */
void emu_image_build(struct kunit *test, struct emu_image *im)
{
	struct seam_tdx_image_spec spec = {
		.format = SEAM_TDX_BLOB_V2, .module_nr_pages = im->pages, .sig = &im->sig,
	};
	struct seam_tdx_image_error why;
	u8 *module;

	im->size = seam_tdx_image_size(&spec);
	im->buf = vzalloc(im->size);
	KUNIT_ASSERT_NOT_NULL(test, im->buf);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, emu_vfree, im->buf), 0);
	seam_tdx_image_build(im->buf, &spec);
	module = (u8 *)im->buf + 2 * SEAM_TDX_PAGE_SIZE;
	if (!im->no_desc)
		memcpy(module, &im->desc, sizeof(im->desc));

	sha384(module, (size_t)im->pages * SEAM_TDX_PAGE_SIZE, im->sig.seamhash);
	KUNIT_ASSERT_EQ(test, im->other_key ? seam_test_sign_sigstruct_other(&im->sig) :
					      seam_test_sign_sigstruct(&im->sig), 0);
	memcpy((u8 *)im->buf + SEAM_TDX_PAGE_SIZE, &im->sig, sizeof(im->sig));
	if (im->corrupt_hash)
		module[SEAM_TDX_PAGE_SIZE - 1] ^= 1;

	KUNIT_ASSERT_EQ(test, seam_tdx_image_parse(im->buf, im->size, &im->img, &why), 0);
	im->params = (void *)get_zeroed_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, im->params);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, emu_free_page, im->params), 0);
	KUNIT_ASSERT_EQ(test, seam_tdx_params_build(im->params, im->buf, &im->img), 0);
	im->params_pa = virt_to_phys(im->params);
}
