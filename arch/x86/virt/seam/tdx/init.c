// SPDX-License-Identifier: GPL-2.0
/*
 * The TDX module's initialisation, as a SEAM phase plan: seam's second
 * client.
 *
 * These are the SEAMCALLs of init_tdx_module() (arch/x86/virt/vmx/tdx/tdx.c),
 * in its order: TDH.SYS.CONFIG with the TDMR list and the global KeyID,
 * TDH.SYS.KEY.CONFIG once per package and never two at a time, and
 * TDH.SYS.TDMR.INIT for each TDMR, called again until RDX, the next
 * address to initialise, reaches the TDMR's end.  TDH.SYS.INIT and
 * TDH.SYS.LP.INIT stay where tdx.c does them: in tdx_cpu_enable(), from
 * tdx_enable()'s CPU hotplug callback, before this plan, and on every CPU
 * that comes online later.  The TDX module
 * source sets the rules: TDH.SYS.CONFIG needs every LP initialised,
 * KEY.CONFIG takes the module's global lock exclusively (another caller
 * gets TDX_SYS_BUSY) and the last package makes the module ready, and
 * TDMR.INIT does a bounded chunk per call (tdh_sys_config.c,
 * tdh_sys_key_config.c, tdh_sys_tdmr_init.c).
 *
 * On a large host it takes seconds, so the plan runs in process context:
 * each phase on its CPUs in turn, sleeping allowed, on the online CPUs.
 * Memory is the caller's business, as in tdx.c: it builds the TDMRs and
 * their PAMTs and gives the plan the TDMR_INFO entries.  Nothing here
 * crosses a point of no return: a failure leaves the module
 * uninitialised, as a failed tdx_enable() does.
 */

#include <linux/array_size.h>
#include <linux/cpu.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/seam/plan.h>
#include <linux/seam/tdx.h>
#include <linux/seam/tdx_abi.h>
#include <kunit/visibility.h>

#include "../../vmx/tdx/tdx.h"
#include "leaves.h"

/**
 * struct seam_tdx_init_ctx - One initialisation
 * @pa_array:	The TDMR_INFO entries' physical addresses, aligned as
 *		TDH.SYS.CONFIG wants them.
 * @nr_tdmrs:	Their number.
 * @keyid:	The global private KeyID.
 * @tdmr:	The TDMR that TDH.SYS.TDMR.INIT works on.
 */
struct seam_tdx_init_ctx {
	u64		*pa_array;
	unsigned int	nr_tdmrs;
	u16		keyid;
	unsigned int	tdmr;
};

static int seam_tdx_init_config(void *data)
{
	struct seam_tdx_init_ctx *ctx = data;
	struct tdx_module_args args = {
		.rcx = virt_to_phys(ctx->pa_array),
		.rdx = ctx->nr_tdmrs,
		.r8 = ctx->keyid,
	};
	int err;

	err = seam_tdx_call(SEAM_TDX_SYS_CONFIG, &args);
	if (err)
		return err;
	/*
	 * As config_global_keyid() does: the kernel zeroed the PAMTs with
	 * KeyID 0, and caches are not coherent across KeyIDs, so flush the
	 * dirty lines before the module writes the PAMTs with the global
	 * KeyID.  PAMTs are large (~1/256th of memory): WBINVD.
	 */
	wbinvd_on_all_cpus();
	return 0;
}

/* The leaf retries on RND_NO_ENTROPY, within its bound. */
static int seam_tdx_init_key_config(void *data)
{
	struct tdx_module_args args = {};

	return seam_tdx_call(SEAM_TDX_SYS_KEY_CONFIG, &args);
}

/* One chunk of the current TDMR; again until every TDMR is done. */
static int seam_tdx_init_tdmr(void *data)
{
	struct seam_tdx_init_ctx *ctx = data;
	const struct tdmr_info *tdmr = phys_to_virt(ctx->pa_array[ctx->tdmr]);
	struct tdx_module_args args = { .rcx = tdmr->base };
	int err;

	err = seam_tdx_call(SEAM_TDX_SYS_TDMR_INIT, &args);
	if (err)
		return err;
	if (args.rdx < tdmr->base + tdmr->size)
		return SEAM_PHASE_AGAIN;
	return ++ctx->tdmr < ctx->nr_tdmrs ? SEAM_PHASE_AGAIN : 0;
}

static const struct seam_phase seam_tdx_init_phases[] = {
	{ .name = "tdx:config", .scope = SEAM_SCOPE_LEAD, .fn = seam_tdx_init_config },
	/* The key is per package, and KEY.CONFIG runs on one LP at a time. */
	{ .name = "tdx:key-config", .scope = SEAM_SCOPE_EACH_PACKAGE,
	  .fn = seam_tdx_init_key_config },
	{ .name = "tdx:tdmr-init", .scope = SEAM_SCOPE_LEAD, .fn = seam_tdx_init_tdmr },
};

static_assert(ARRAY_SIZE(seam_tdx_init_phases) <= SEAM_PLAN_MAX_PHASES);

VISIBLE_IF_KUNIT const struct seam_plan seam_tdx_init_plan = {
	.name		= "tdx-module-init",
	.phases		= seam_tdx_init_phases,
	.nr_phases	= ARRAY_SIZE(seam_tdx_init_phases),
	.flags		= SEAM_PLAN_ONLINE_CPUS,
	.runner		= SEAM_RUNNER_PROCESS,
};

/**
 * seam_tdx_init_module() - Initialise the TDX module
 * @tdmrs:	tdx.c's list of TDMR_INFO entries, in the order
 *		TDH.SYS.CONFIG wants them.
 * @keyid:	The global private KeyID.
 * @result:	Optional.  The outcome of the plan.
 *
 * This is what init_tdx_module() does between building the TDMRs and
 * reporting the PAMT size, through seam's patch to tdx.c.  The caller owns
 * the TDMR_INFO entries and their PAMTs, and keeps them while the module
 * runs; after a failure it gets them back.
 *
 * Context: Process context, with the CPU hotplug lock held, as
 * tdx_enable() holds it.  Sleeps.
 * Return: 0, -EINVAL for no TDMRs or more than the module takes, -ENOMEM,
 * or the errno of the first failing SEAMCALL.
 */
int seam_tdx_init_module(const struct tdmr_info_list *tdmrs, u16 keyid,
			 struct seam_plan_result *result)
{
	struct seam_tdx_init_ctx ctx = { .nr_tdmrs = tdmrs->nr_consumed_tdmrs, .keyid = keyid };
	unsigned int i;
	size_t size;
	int err;

	lockdep_assert_cpus_held();
	if (!ctx.nr_tdmrs || ctx.nr_tdmrs > TDX_MAX_TDMRS)
		return -EINVAL;
	/* As config_tdx_module() allocates it: a power of two, 512 at least. */
	size = max_t(size_t, roundup_pow_of_two(ctx.nr_tdmrs * sizeof(u64)),
		     TDMR_INFO_PA_ARRAY_ALIGNMENT);
	ctx.pa_array = kzalloc(size, GFP_KERNEL);
	if (!ctx.pa_array)
		return -ENOMEM;
	/* The entries lie tdmr_sz apart, as tdx.c's tdmr_entry() finds them. */
	for (i = 0; i < ctx.nr_tdmrs; i++)
		ctx.pa_array[i] = __pa(tdmrs->tdmrs + i * tdmrs->tdmr_sz);

	err = seam_run_plan_cpuslocked(&seam_tdx_init_plan, &ctx, result);
	kfree(ctx.pa_array);
	return err;
}
