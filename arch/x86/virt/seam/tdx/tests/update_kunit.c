// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the TDX module update plan, its pre-flight checks and
 * its failure handling, against the scripted mock.
 */

#include <kunit/test.h>
#include <linux/io.h>
#include <linux/processor.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <linux/vmalloc.h>
#include <crypto/sha2.h>
#include <asm/cpuid/api.h>
#include <crypto/sha2.h>
#include <linux/seam/status.h>
#include <linux/seam/tdx_abi.h>
#include <asm/msr-index.h>
#include <asm/tdx.h>

#include "../../seam-internal.h"
#include "../../tests/seam_mock.h"
#include "../update.h"
#include "image_build.h"
#include "image_sign.h"
#include "signing_key.h"

#define MODULE_PAGES	2

/* Just enough firmware to answer what the update reads. */
struct fake_fw {
	struct seam_tdx_version		version;
	struct seam_tdx_version		new_version;
	u64				features0;
	u16				module_hv;
	u16				min_update_hv;
	bool				updated;
	u64				rd_status;
	bool				rd_fails_after_update;
	u64				info_status;
	u64				shutdown_rcx;
	struct seam_seamldr_info	info;
};

struct update_env {
	struct kunit		*test;
	struct seam_mock	*mock;
	struct fake_fw		fw;
	struct seam_sigstruct	sig;
	void			*image;
	size_t			size;
	bool			corrupt_hash;
	bool			other_key;
	u8			key_hash[SHA384_DIGEST_SIZE];
};

static u64 fake_rd_handoff(struct fake_fw *fw, struct tdx_module_args *args)
{
	if (args->rdx == MD_FIELD_ID_MODULE_HV)
		args->r8 = fw->module_hv;
	else if (args->rdx == MD_FIELD_ID_MIN_UPDATE_HV)
		args->r8 = fw->min_update_hv;
	else
		args->r8 = 0;
	return TDX_SUCCESS;
}

static u64 fake_rd(struct fake_fw *fw, struct tdx_module_args *args)
{
	const struct seam_tdx_version *v = fw->updated ? &fw->new_version : &fw->version;

	if (fw->rd_status)
		return fw->rd_status;
	if (fw->updated && fw->rd_fails_after_update)
		return TDX_SYS_BUSY;
	switch (args->rdx) {
	case MD_FIELD_ID_MAJOR_VERSION:
		args->r8 = v->major;
		break;
	case MD_FIELD_ID_MINOR_VERSION:
		args->r8 = v->minor;
		break;
	case MD_FIELD_ID_UPDATE_VERSION:
		args->r8 = v->update;
		break;
	case MD_FIELD_ID_TDX_FEATURES0:
		args->r8 = fw->features0;
		break;
	case MD_FIELD_ID_MODULE_HV:
	case MD_FIELD_ID_MIN_UPDATE_HV:
	case MD_FIELD_ID_NO_DOWNGRADE:
		/* The handoff fields exist with TD-preserving updates only. */
		if (!(fw->features0 & TDX_FEATURES0_TD_PRESERVING))
			return TDX_METADATA_FIELD_ID_INCORRECT;
		return fake_rd_handoff(fw, args);
	default:
		return TDX_METADATA_FIELD_ID_INCORRECT;
	}
	return TDX_SUCCESS;
}

static u64 fake_answer(const struct seam_leaf *leaf, struct tdx_module_args *args,
		       void *data)
{
	struct fake_fw *fw = data;

	switch (leaf - seam_tdx_leaves) {
	case SEAM_TDX_SYS_RD:
		return fake_rd(fw, args);
	case SEAM_TDX_SEAMLDR_INFO:
		if (fw->info_status)
			return fw->info_status;
		memcpy(phys_to_virt(args->rcx), &fw->info, sizeof(fw->info));
		return TDX_SUCCESS;
	case SEAM_TDX_SYS_SHUTDOWN:
		fw->shutdown_rcx = args->rcx;
		return TDX_SUCCESS;
	case SEAM_TDX_SEAMLDR_INSTALL:
		args->rdx = SEAMLDR_INSTALL_RECOVERABLE;
		return TDX_SUCCESS;
	case SEAM_TDX_SYS_UPDATE:
		fw->updated = true;
		return TDX_SUCCESS;
	default:
		return TDX_SUCCESS;
	}
}

static void vfree_action(void *p)
{
	vfree(p);
}

static void hash_module(struct kunit *test, struct update_env *env)
{
	const u8 *module = (const u8 *)env->image + 2 * SEAM_TDX_PAGE_SIZE;

	sha384(module, MODULE_PAGES * SEAM_TDX_PAGE_SIZE, env->sig.seamhash);
}

/* Build the v2 image of @env->sig, with a correct seamhash, signed. */
static void build_image(struct kunit *test, struct update_env *env)
{
	struct seam_tdx_image_spec spec = {
		.format = SEAM_TDX_BLOB_V2, .module_nr_pages = MODULE_PAGES,
		.sig = &env->sig,
	};

	seam_tdx_image_build(env->image, &spec);
	hash_module(test, env);
	KUNIT_ASSERT_EQ(test, env->other_key ? seam_test_sign_sigstruct_other(&env->sig) :
					       seam_test_sign_sigstruct(&env->sig), 0);
	seam_tdx_image_build(env->image, &spec);
}

/*
 * A healthy 1.5.6 module, a P-SEAMLDR with 5 updates left that accepts the
 * test key, and a 1.5.8 image signed with it.
 */
static struct update_env *update_env(struct kunit *test)
{
	struct update_env *env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	struct fake_fw *fw;

	KUNIT_ASSERT_NOT_NULL(test, env);
	env->test = test;
	fw = &env->fw;
	fw->version = (struct seam_tdx_version){ 1, 5, 6 };
	fw->new_version = (struct seam_tdx_version){ 1, 5, 8 };
	fw->features0 = TDX_FEATURES0_TD_PRESERVING | TDX_FEATURES0_NO_RBP_MOD;
	fw->info.major = 1;
	fw->info.num_remaining_updates = 5;
	fw->info.tee_tcb_svn[SEAMLDR_SVN_MAJOR] = 1;
	fw->info.tee_tcb_svn[SEAMLDR_SVN_MINOR] = 4;
	fw->info.seam_ready = 1;

	env->mock = seam_mock_install(test, seam_tdx_leaves, SEAM_TDX_NR_LEAVES);
	env->mock->answer = fake_answer;
	env->mock->answer_data = fw;
	/* Its P-SEAMLDR installs what the test key signed. */
	sha384(seam_test_signing_modulus, sizeof(seam_test_signing_modulus), env->key_hash);
	env->mock->key_hash = env->key_hash;

	seam_sigstruct_init(&env->sig);
	env->sig.cpuid_table[0] = cpuid_eax(1) & ~SEAM_CPUID_STEPPING_MASK;
	env->size = 2 * SEAM_TDX_PAGE_SIZE + MODULE_PAGES * SEAM_TDX_PAGE_SIZE;
	env->image = vzalloc(env->size);
	KUNIT_ASSERT_NOT_NULL(test, env->image);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, vfree_action, env->image));
	build_image(test, env);
	return env;
}

/* The sigstruct inside the built image. */
static struct seam_sigstruct *image_sig(struct update_env *env)
{
	return (struct seam_sigstruct *)((u8 *)env->image + SEAM_TDX_PAGE_SIZE);
}

static unsigned int count(struct update_env *env, enum seam_tdx_leaf leaf, int cpu)
{
	return seam_mock_count(env->mock, &seam_tdx_leaves[leaf], cpu);
}

/* Every call, of any leaf. */
static unsigned int all_calls(struct update_env *env)
{
	unsigned int n = 0;
	int leaf;

	for (leaf = 0; leaf < SEAM_TDX_NR_LEAVES; leaf++)
		n += count(env, leaf, SEAM_MOCK_ANY_CPU);
	return n;
}

/* The leafs that change the firmware's state. */
static unsigned int state_changing_calls(struct update_env *env)
{
	return count(env, SEAM_TDX_SYS_SHUTDOWN, SEAM_MOCK_ANY_CPU) +
	       count(env, SEAM_TDX_SEAMLDR_INSTALL, SEAM_MOCK_ANY_CPU) +
	       count(env, SEAM_TDX_SYS_INIT, SEAM_MOCK_ANY_CPU) +
	       count(env, SEAM_TDX_SYS_LP_INIT, SEAM_MOCK_ANY_CPU) +
	       count(env, SEAM_TDX_SYS_UPDATE, SEAM_MOCK_ANY_CPU);
}

static void seam_tdx_update_succeeds(struct kunit *test)
{
	struct update_env *env = update_env(test);
	int lead = cpumask_first(cpu_online_mask), cpu;
	struct seam_update_result report;
	struct seam_tdx_version v;

	KUNIT_ASSERT_EQ(test, seam_tdx_update(env->image, env->size, &report), 0);
	KUNIT_EXPECT_NULL(test, report.reason);
	KUNIT_EXPECT_TRUE(test, report.changed);
	KUNIT_EXPECT_STREQ(test, report.before, "1.5.06");
	KUNIT_EXPECT_STREQ(test, report.after, "1.5.08");
	KUNIT_EXPECT_STREQ(test, report.state, "healthy");
	KUNIT_EXPECT_STREQ(test, report.tds, "preserved");
	KUNIT_EXPECT_EQ(test, report.err, 0);
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, v.update, 8);
	/* The handoff version is the module's; bit 16 is not advertised. */
	KUNIT_EXPECT_EQ(test, env->fw.shutdown_rcx, env->fw.module_hv);

	for_each_online_cpu(cpu) {
		bool is_lead = cpu == lead;

		KUNIT_EXPECT_EQ(test, count(env, SEAM_TDX_SYS_SHUTDOWN, cpu), is_lead);
		KUNIT_EXPECT_EQ(test, count(env, SEAM_TDX_SEAMLDR_INSTALL, cpu), 1);
		KUNIT_EXPECT_EQ(test, count(env, SEAM_TDX_SYS_INIT, cpu), is_lead);
		KUNIT_EXPECT_EQ(test, count(env, SEAM_TDX_SYS_LP_INIT, cpu), 1);
		KUNIT_EXPECT_EQ(test, count(env, SEAM_TDX_SYS_UPDATE, cpu), is_lead);
	}
}

/* The exact order of the state-changing calls, as the mock saw them. */
static void seam_tdx_update_sequence(struct kunit *test)
{
	struct update_env *env = update_env(test);
	unsigned int n = num_online_cpus(), i, k = 0;
	struct seam_update_result report;
	enum seam_tdx_leaf expect[4 + 2 * NR_CPUS];
	struct cpumask *installed = kunit_kzalloc(test, cpumask_size(), GFP_KERNEL);
	int nr_calls;

	KUNIT_ASSERT_NOT_NULL(test, installed);
	KUNIT_ASSERT_EQ(test, seam_tdx_update(env->image, env->size, &report), 0);
	expect[k++] = SEAM_TDX_SYS_SHUTDOWN;
	for (i = 0; i < n; i++)
		expect[k++] = SEAM_TDX_SEAMLDR_INSTALL;
	expect[k++] = SEAM_TDX_SYS_INIT;
	for (i = 0; i < n; i++)
		expect[k++] = SEAM_TDX_SYS_LP_INIT;
	expect[k++] = SEAM_TDX_SYS_UPDATE;

	nr_calls = atomic_read(&env->mock->nr_calls);
	for (i = 0, k = 0; i < nr_calls; i++) {
		const struct seam_leaf *leaf = env->mock->calls[i].leaf;

		if (leaf == &seam_tdx_leaves[SEAM_TDX_SYS_RD] ||
		    leaf == &seam_tdx_leaves[SEAM_TDX_SEAMLDR_INFO])
			continue;
		KUNIT_ASSERT_LT(test, k, 3 + 2 * n);
		KUNIT_EXPECT_PTR_EQ(test, leaf, &seam_tdx_leaves[expect[k]]);
		/* Serial installs go in arrival order, one per CPU. */
		if (expect[k] == SEAM_TDX_SEAMLDR_INSTALL)
			KUNIT_EXPECT_FALSE(test, cpumask_test_and_set_cpu(env->mock->calls[i].cpu,
									  installed));
		k++;
	}
	KUNIT_EXPECT_EQ(test, k, 3 + 2 * n);
	KUNIT_EXPECT_TRUE(test, cpumask_equal(installed, cpu_online_mask));
}

static void seam_tdx_update_compat_bit(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;

	env->fw.features0 |= TDX_FEATURES0_UPDATE_COMPAT;
	env->fw.module_hv = 3;
	env->fw.min_update_hv = 2;
	env->sig.module_hv = 4;
	env->sig.min_update_hv = 2;
	build_image(test, env);
	KUNIT_ASSERT_EQ(test, seam_tdx_update(env->image, env->size, &report), 0);
	KUNIT_EXPECT_EQ(test, env->fw.shutdown_rcx,
			3 | TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE);
}

struct refusal_case {
	const char	*desc;
	void		(*setup)(struct update_env *env);
	int		err;
	enum seam_update_fault fault;
	bool		no_seamcall;
};

static void no_td_preserving(struct update_env *env)
{
	env->fw.features0 &= ~TDX_FEATURES0_TD_PRESERVING;
}

static void seamret_erratum(struct update_env *env)
{
	seam_mock_cpu_flag(env->test, X86_BUG_SEAMRET_INVD_VMCS, true);
}

static void no_updates_left(struct update_env *env)
{
	env->fw.info.num_remaining_updates = 0;
}

static void debug_module(struct update_env *env)
{
	env->sig.module_type = SEAM_SIGSTRUCT_DEBUG;
}

static void major_svn(struct update_env *env)
{
	env->sig.seamsvn_major = 2;
}

static void minor_svn_down(struct update_env *env)
{
	env->sig.seamsvn_minor = 3;
}

static void handoff_too_new(struct update_env *env)
{
	env->fw.module_hv = 2;
	env->fw.min_update_hv = 2;
	env->sig.module_hv = 1;
}

static void handoff_too_old(struct update_env *env)
{
	env->sig.module_hv = 3;
	env->sig.min_update_hv = 2;
}

static void foreign_cpu(struct update_env *env)
{
	env->sig.cpuid_table[0] = 0x1234560;
}

static void bad_hash(struct update_env *env)
{
	env->corrupt_hash = true;
}

static void other_signer(struct update_env *env)
{
	env->other_key = true;
}

static const struct refusal_case refusal_cases[] = {
	{ "module without TD-preserving update", no_td_preserving, -EOPNOTSUPP,
	  SEAM_UPDATE_PLATFORM },
	{ "SEAMRET erratum", seamret_erratum, -ENODEV, SEAM_UPDATE_PLATFORM },
	{ "no updates remaining", no_updates_left, -ENOSPC, SEAM_UPDATE_NO_UPDATES_LEFT },
	{ "debug module, production platform", debug_module, -EPERM, SEAM_UPDATE_BAD_IMAGE },
	{ "major SVN change", major_svn, -EXDEV, SEAM_UPDATE_BAD_IMAGE },
	{ "minor SVN downgrade", minor_svn_down, -ESTALE, SEAM_UPDATE_BAD_IMAGE },
	{ "handoff versions: new module reads only older", handoff_too_new,
	  -EPROTONOSUPPORT, SEAM_UPDATE_BAD_IMAGE },
	{ "handoff versions: new module reads only newer", handoff_too_old,
	  -EPROTONOSUPPORT, SEAM_UPDATE_BAD_IMAGE },
	{ "CPU not in the CPUID table", foreign_cpu, -ENOEXEC, SEAM_UPDATE_BAD_IMAGE, true },
	{ "module hash mismatch", bad_hash, -EBADMSG, SEAM_UPDATE_BAD_IMAGE, true },
	{ "signed with a key P-SEAMLDR does not accept", other_signer, -EKEYREJECTED,
	  SEAM_UPDATE_BAD_IMAGE, true },
};

KUNIT_ARRAY_PARAM_DESC(refusal, refusal_cases, desc);

/*
 * Every pre-flight refusal leaves the module untouched; what the image
 * alone decides is refused before any SEAMCALL.
 */
static void seam_tdx_update_refused(struct kunit *test)
{
	const struct refusal_case *c = test->param_value;
	struct update_env *env = update_env(test);
	struct seam_update_result report;

	c->setup(env);
	build_image(test, env);
	/* build_image() hashes the module; change it afterwards. */
	if (env->corrupt_hash)
		((u8 *)env->image)[env->size - 1] ^= 1;

	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), c->err);
	KUNIT_EXPECT_EQ(test, report.fault, c->fault);
	KUNIT_EXPECT_NOT_NULL(test, report.reason);
	KUNIT_EXPECT_FALSE(test, report.changed);
	KUNIT_EXPECT_FALSE(test, report.plan.started);
	KUNIT_EXPECT_EQ(test, state_changing_calls(env), 0);
	if (c->no_seamcall)
		KUNIT_EXPECT_EQ(test, atomic_read(&env->mock->nr_calls), 0);
	KUNIT_EXPECT_FALSE(test, seam_tdx_module_down());
}

/* A malformed image or sigstruct is refused before any SEAMCALL. */
static void seam_tdx_update_bad_image(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	u8 *image = env->image;

	image[4] = 'X';
	KUNIT_EXPECT_EQ(test, seam_tdx_update(image, env->size, &report), -EINVAL);
	KUNIT_EXPECT_EQ(test, report.fault, SEAM_UPDATE_BAD_IMAGE);
	image[4] = 'T';
	KUNIT_EXPECT_EQ(test, seam_tdx_update(image, env->size - 1, &report), -EINVAL);
	KUNIT_EXPECT_EQ(test, report.fault, SEAM_UPDATE_BAD_SIZE);
	KUNIT_EXPECT_EQ(test, atomic_read(&env->mock->nr_calls), 0);
}

/*
 * A valid image in a buffer that is not 4 KiB aligned cannot be installed:
 * it is refused with the other image work, before the plan reads any
 * firmware state, so with no SEAMCALL at all.
 */
static void seam_tdx_update_unaligned(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	u8 *buf = vzalloc(env->size + 64);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test, vfree_action, buf));
	memcpy(buf + 64, env->image, env->size);

	KUNIT_EXPECT_EQ(test, seam_tdx_update(buf + 64, env->size, &report), -EINVAL);
	KUNIT_EXPECT_STREQ(test, report.reason, "image buffer is not 4 KiB aligned");
	KUNIT_EXPECT_FALSE(test, report.plan.started);
	KUNIT_EXPECT_EQ(test, atomic_read(&env->mock->nr_calls), 0);
}

/*
 * A signed sigstruct with a 2.0-style version in reserved3, as every
 * published 2.0 image has: the 1.5 loader's rule refuses it before
 * TDH.SYS.SHUTDOWN, a 2.0 loader takes it and the update succeeds.
 */
static void seam_tdx_update_loader_rules(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;

	env->sig.reserved3[0] = 8;
	env->sig.reserved3[3] = 2;
	build_image(test, env);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), -EKEYREJECTED);
	KUNIT_EXPECT_NOT_NULL(test, strstr(report.reason, "reserved3"));
	KUNIT_EXPECT_EQ(test, state_changing_calls(env), 0);

	env->fw.info.major = 2;
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), 0);
}

/* Where one byte of the sigstruct is flipped. */
struct flip_case {
	const char	*desc;
	unsigned int	offset;
};

static const struct flip_case flip_cases[] = {
	{ "modulus, first byte", offsetof(struct seam_sigstruct, modulus) },
	{ "modulus, top byte", offsetof(struct seam_sigstruct, modulus) + 383 },
	{ "exponent", offsetof(struct seam_sigstruct, exponent) },
	{ "signature, first byte", offsetof(struct seam_sigstruct, signature) },
	{ "signature, middle byte", offsetof(struct seam_sigstruct, signature) + 200 },
	{ "signed head, date", offsetof(struct seam_sigstruct, date) },
	{ "signed tail, seamhash", offsetof(struct seam_sigstruct, seamhash) + 47 },
	{ "signed tail, last CPUID entry", SEAM_SIGSTRUCT_BYTES - 1 },
};

KUNIT_ARRAY_PARAM_DESC(flip, flip_cases, desc);

/*
 * One flipped byte in any RSA field, or in what the signature covers, is
 * refused before any SEAMCALL: a 0x200 image has no checksum, and without
 * this check P-SEAMLDR would reject it after TDH.SYS.SHUTDOWN.
 */
static void seam_tdx_update_rsa_flip(struct kunit *test)
{
	const struct flip_case *c = test->param_value;
	struct update_env *env = update_env(test);
	struct seam_update_result report;

	((u8 *)image_sig(env))[c->offset] ^= 0x10;
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), -EKEYREJECTED);
	KUNIT_EXPECT_NOT_NULL(test, report.reason);
	KUNIT_EXPECT_FALSE(test, report.plan.started);
	KUNIT_EXPECT_EQ(test, atomic_read(&env->mock->nr_calls), 0);
}

/* The same image, intact, passes the check: the test key signs right. */
static void seam_tdx_update_rsa_intact(struct kunit *test)
{
	struct update_env *env = update_env(test);
	const char *reason;

	KUNIT_EXPECT_EQ(test, seam_sigstruct_verify(image_sig(env), &reason), 0);
}

enum { ON_LEAD, ON_OTHER, ON_LAST };

struct failure_case {
	const char		*desc;
	enum seam_tdx_leaf	leaf;
	int			where;
	u64			status;
	int			err;
	bool			down;
	enum seam_tdx_status	status_after;
};

/* After the shutdown the TDs wait for a recovery install, unless the handoff is refused. */
static const struct failure_case failure_cases[] = {
	{ "shutdown, update-sensitive TD", SEAM_TDX_SYS_SHUTDOWN, ON_LEAD,
	  TDX_UPDATE_COMPAT_SENSITIVE, -EBUSY, false, SEAM_TDX_UPDATABLE },
	{ "shutdown, module busy", SEAM_TDX_SYS_SHUTDOWN, ON_LEAD,
	  TDX_SYS_BUSY, -EBUSY, false, SEAM_TDX_UPDATABLE },
	{ "install, hash mismatch on last CPU", SEAM_TDX_SEAMLDR_INSTALL, ON_LAST,
	  SEAMLDR_EBADHASH, -EBADMSG, true, SEAM_TDX_RECOVERABLE },
	{ "install, no updates left", SEAM_TDX_SEAMLDR_INSTALL, ON_LAST,
	  SEAMLDR_EBADCALL, -ENOSPC, true, SEAM_TDX_RECOVERABLE },
	{ "install, bad signature", SEAM_TDX_SEAMLDR_INSTALL, ON_LAST,
	  SEAMLDR_EBADSIG, -EKEYREJECTED, true, SEAM_TDX_RECOVERABLE },
	{ "install, unsupported CPU", SEAM_TDX_SEAMLDR_INSTALL, ON_LAST,
	  SEAMLDR_EUNSUPCPU, -ENOEXEC, true, SEAM_TDX_RECOVERABLE },
	{ "install, no P-SEAMLDR", SEAM_TDX_SEAMLDR_INSTALL, ON_OTHER,
	  TDX_SEAMCALL_VMFAILINVALID, -ENOPKG, true, SEAM_TDX_RECOVERABLE },
	{ "sys init, no entropy", SEAM_TDX_SYS_INIT, ON_LEAD,
	  TDX_RND_NO_ENTROPY, -EAGAIN, true, SEAM_TDX_RECOVERABLE },
	{ "lp init, already done", SEAM_TDX_SYS_LP_INIT, ON_OTHER,
	  TDX_SYS_LP_INIT_DONE, -EALREADY, true, SEAM_TDX_RECOVERABLE },
	{ "update, invalid handoff", SEAM_TDX_SYS_UPDATE, ON_LEAD,
	  TDX_SYS_INVALID_HANDOFF, -EPROTO, true, SEAM_TDX_LOST },
	{ "update, LPs not initialised", SEAM_TDX_SYS_UPDATE, ON_LEAD,
	  TDX_SYS_STATE_INCORRECT, -EPROTO, true, SEAM_TDX_RECOVERABLE },
};

KUNIT_ARRAY_PARAM_DESC(failure, failure_cases, desc);

static int failure_cpu(int where)
{
	int lead = cpumask_first(cpu_online_mask);

	if (where == ON_OTHER)
		return cpumask_next(lead, cpu_online_mask);
	if (where == ON_LAST)
		return cpumask_last(cpu_online_mask);
	return lead;
}

/* Each failure point reports itself, and leaves the module down exactly after SHUTDOWN. */
static void seam_tdx_update_fails(struct kunit *test)
{
	const struct failure_case *c = test->param_value;
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	int cpu = failure_cpu(c->where);
	struct seam_tdx_version v;

	if (num_online_cpus() < 2)
		kunit_skip(test, "needs at least 2 CPUs");
	seam_mock_rule(env->mock, &seam_tdx_leaves[c->leaf], cpu, 0, c->status, 0);

	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), c->err);
	KUNIT_EXPECT_TRUE(test, report.plan.started);
	KUNIT_EXPECT_EQ(test, report.plan.failed_cpu, cpu);
	KUNIT_EXPECT_EQ(test, report.plan.status, c->status);
	KUNIT_EXPECT_EQ(test, report.plan.ponr_crossed, c->down);
	KUNIT_EXPECT_EQ(test, report.changed, c->down);
	KUNIT_EXPECT_EQ(test, seam_tdx_module_down(), c->down);
	KUNIT_EXPECT_EQ(test, report.err, c->err);
	/* Past the shutdown it is the platform's; before it, a retry's. */
	KUNIT_EXPECT_EQ(test, report.fault, c->down ? SEAM_UPDATE_PLATFORM : SEAM_UPDATE_RETRY);
	KUNIT_EXPECT_EQ(test, seam_tdx_status(NULL), c->status_after);
	/* A TD that runs while the module is down is KVM's to kill. */
	if (c->status_after == SEAM_TDX_RECOVERABLE)
		KUNIT_EXPECT_NOT_NULL(test, strstr(report.tds ?: "", "killed by KVM"));
	else if (!c->down)
		KUNIT_EXPECT_NULL(test, report.tds);
	if (c->status_after == SEAM_TDX_RECOVERABLE)
		KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ESHUTDOWN);
	else if (c->status_after == SEAM_TDX_LOST)
		KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ENXIO);
	else
		KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), 0);
	/* Nothing ran after the failing leaf's phase. */
	if (c->leaf != SEAM_TDX_SYS_UPDATE)
		KUNIT_EXPECT_EQ(test, count(env, SEAM_TDX_SYS_UPDATE, SEAM_MOCK_ANY_CPU), 0);
	/* The version before the failure is forgotten, not shown after a heal. */
	if (c->down) {
		seam_tdx_shutdown_hv = -1;
		KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ENODATA);
	}
}

/* Once the handoff data is refused the TDs are lost: no SEAMCALL after that. */
static void seam_tdx_update_lost_refuses(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	unsigned int calls;

	seam_mock_rule(env->mock, &seam_tdx_leaves[SEAM_TDX_SYS_UPDATE],
		       SEAM_MOCK_ANY_CPU, 0, TDX_SYS_INVALID_HANDOFF, 0);
	KUNIT_ASSERT_EQ(test, seam_tdx_update(env->image, env->size, &report), -EPROTO);
	calls = all_calls(env);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), -ENXIO);
	KUNIT_EXPECT_TRUE(test, report.recovery);
	KUNIT_EXPECT_FALSE(test, report.plan.started);
	KUNIT_EXPECT_EQ(test, all_calls(env), calls);
	KUNIT_EXPECT_STREQ(test, report.state, "lost");
}

/*
 * The administrator's override: a module that cannot refuse an update
 * during a TD build itself is shut down even while KVM builds one.
 */
static void seam_tdx_update_td_build_override(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	int err;

	seam_tdx_update_during_td_build = true;
	tdx_td_build_begin();
	err = seam_tdx_update(env->image, env->size, &report);
	tdx_td_build_end();
	seam_tdx_update_during_td_build = false;

	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, count(env, SEAM_TDX_SYS_SHUTDOWN, SEAM_MOCK_ANY_CPU), 1);
	KUNIT_EXPECT_EQ(test, env->fw.shutdown_rcx, env->fw.module_hv);
}

/* The refusal itself: nothing changed, and the reason names the build. */
static void seam_tdx_update_td_build_refused(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	int err;

	tdx_td_build_begin();
	err = seam_tdx_update(env->image, env->size, &report);
	tdx_td_build_end();

	KUNIT_EXPECT_EQ(test, err, -EBUSY);
	KUNIT_EXPECT_TRUE(test, report.plan.started);
	KUNIT_EXPECT_FALSE(test, report.changed);
	KUNIT_EXPECT_EQ(test, state_changing_calls(env), 0);
	KUNIT_EXPECT_FALSE(test, seam_tdx_module_down());
	KUNIT_ASSERT_NOT_NULL(test, report.reason);
	KUNIT_EXPECT_NOT_NULL(test, strstr(report.reason, "building a TD"));
	KUNIT_EXPECT_STREQ(test, report.state, "healthy");

	/* With the feature, the module is asked and decides. */
	env->fw.features0 |= TDX_FEATURES0_UPDATE_COMPAT;
	tdx_td_build_begin();
	err = seam_tdx_update(env->image, env->size, &report);
	tdx_td_build_end();
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, env->fw.shutdown_rcx,
			env->fw.module_hv | TDX_SHUTDOWN_AVOID_COMPAT_SENSITIVE);
}

/* A shutdown the module refuses says why, and that nothing changed. */
static void seam_tdx_update_shutdown_refused(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;

	env->fw.features0 |= TDX_FEATURES0_UPDATE_COMPAT;
	seam_mock_rule(env->mock, &seam_tdx_leaves[SEAM_TDX_SYS_SHUTDOWN], SEAM_MOCK_ANY_CPU,
		       0, TDX_UPDATE_COMPAT_SENSITIVE, 0);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), -EBUSY);
	KUNIT_EXPECT_FALSE(test, report.changed);
	KUNIT_EXPECT_STREQ(test, report.reason,
			   "the TDX module refused to shut down: a TD is in an update-sensitive state");
}

/* P-SEAMLDR takes a debug-signed module with an empty CPUID table anywhere. */
static void seam_tdx_update_debug_any_cpu(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;

	env->fw.info.system_under_debug = 1;
	env->sig.module_type = SEAM_SIGSTRUCT_DEBUG;
	env->sig.cpuid_table_size = 0;
	memset(env->sig.cpuid_table, 0, sizeof(env->sig.cpuid_table));
	build_image(test, env);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), 0);
}

struct lifecycle_case {
	const char		*desc;
	void			(*setup)(struct update_env *env);
	enum seam_tdx_status	status;
	const char		*says;
	int			err;
	int			version_err;
};

static void rd_uninitialised(struct update_env *env)
{
	env->fw.rd_status = TDX_SYS_LP_INIT_NOT_DONE;
}

static void rd_vmx_off(struct update_env *env)
{
	env->fw.rd_status = TDX_SEAMCALL_UD;
}

static void rd_no_module(struct update_env *env)
{
	env->fw.rd_status = TDX_SEAMCALL_VMFAILINVALID;
}

static void info_no_seamldr(struct update_env *env)
{
	env->fw.info_status = TDX_SEAMCALL_VMFAILINVALID;
}

static void rd_field_missing(struct update_env *env)
{
	env->fw.rd_status = TDX_METADATA_FIELD_ID_INCORRECT;
}

static const struct lifecycle_case lifecycle_cases[] = {
	{ "module not initialised", rd_uninitialised, SEAM_TDX_UNINITIALISED,
	  "not initialised", -ENODATA, -ENODATA },
	{ "VMX off after a failed boot, SEAMCALL raises UD", rd_vmx_off,
	  SEAM_TDX_UNINITIALISED, "not initialised", -ENODATA, -ENODATA },
	{ "no module: VMfailInvalid", rd_no_module, SEAM_TDX_NO_MODULE,
	  "no TDX module", -ENODEV, -ENODATA },
	{ "no P-SEAMLDR: VMfailInvalid", info_no_seamldr, SEAM_TDX_NO_SEAMLDR,
	  "no P-SEAMLDR", -ENOPKG, 0 },
	{ "no TD-preserving update", no_td_preserving, SEAM_TDX_NO_TD_PRESERVING,
	  "TD-preserving", -EOPNOTSUPP, 0 },
	{ "SEAMRET erratum", seamret_erratum, SEAM_TDX_ERRATUM, "erratum", -ENODEV, 0 },
	{ "module state unreadable: an error of the platform, not the image",
	  rd_field_missing, SEAM_TDX_UNREADABLE, "cannot be read", -EIO, -ENODATA },
};

KUNIT_ARRAY_PARAM_DESC(lifecycle, lifecycle_cases, desc);

/*
 * Each state of the platform in which no update is possible gives its own
 * reason, hides nothing it need not (the version stays readable when the
 * module is) and refuses an update before any state-changing SEAMCALL.
 * Once the platform is ready again, the next assessment makes the update
 * possible and it succeeds.
 */
static void seam_tdx_lifecycle(struct kunit *test)
{
	const struct lifecycle_case *c = test->param_value;
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	struct seam_tdx_version v;
	struct fake_fw ready;
	const char *reason;

	seam_tdx_reassess();
	KUNIT_ASSERT_EQ(test, seam_tdx_status(NULL), SEAM_TDX_UPDATABLE);
	ready = env->fw;
	c->setup(env);
	seam_tdx_reassess();

	KUNIT_EXPECT_EQ(test, seam_tdx_status(&reason), c->status);
	KUNIT_ASSERT_NOT_NULL(test, reason);
	KUNIT_EXPECT_NOT_NULL(test, strstr(reason, c->says));
	KUNIT_EXPECT_FALSE(test, seam_tdx_update_supported());
	KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), c->version_err);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), c->err);
	KUNIT_EXPECT_PTR_EQ(test, report.reason, reason);
	KUNIT_EXPECT_EQ(test, state_changing_calls(env), 0);

	/* The platform is ready again: seam reads the module again. */
	env->fw = ready;
	seam_mock_cpu_flag(env->test, X86_BUG_SEAMRET_INVD_VMCS, false);
	seam_tdx_reassess();
	KUNIT_EXPECT_EQ(test, seam_tdx_status(&reason), SEAM_TDX_UPDATABLE);
	KUNIT_EXPECT_NULL(test, reason);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), 0);
	KUNIT_EXPECT_STREQ(test, report.after, "1.5.08");
	KUNIT_ASSERT_EQ(test, seam_tdx_module_version(&v), 0);
	KUNIT_EXPECT_EQ(test, v.update, 8);
}

/* A version read that fails after a successful update fails nothing. */
static void seam_tdx_update_version_unknown(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_update_result report;
	struct seam_tdx_version v;
	unsigned int calls;

	env->fw.rd_fails_after_update = true;
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), 0);
	KUNIT_EXPECT_TRUE(test, report.changed);
	KUNIT_EXPECT_STREQ(test, report.after, "");
	KUNIT_EXPECT_FALSE(test, seam_tdx_module_down());
	KUNIT_EXPECT_EQ(test, seam_tdx_module_version(&v), -ENODATA);
	/* The next update is refused as the platform's error, saying so. */
	calls = state_changing_calls(env);
	KUNIT_EXPECT_EQ(test, seam_tdx_update(env->image, env->size, &report), -EIO);
	KUNIT_ASSERT_NOT_NULL(test, report.reason);
	KUNIT_EXPECT_NOT_NULL(test, strstr(report.reason, "cannot be read"));
	KUNIT_EXPECT_EQ(test, state_changing_calls(env), calls);
}

/* The clients' table of leafs and their plans are well formed. */
static void seam_tdx_leaves_wellformed(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, seam_leaves_valid(seam_tdx_leaves, SEAM_TDX_NR_LEAVES));
	KUNIT_EXPECT_TRUE(test, seam_plan_valid(&seam_tdx_plan));
	KUNIT_EXPECT_TRUE(test, seam_plan_valid(&seam_tdx_recovery_plan));
	KUNIT_EXPECT_TRUE(test, seam_plan_valid(&seam_tdx_init_plan));
}

static void seam_tdx_params(struct kunit *test)
{
	struct update_env *env = update_env(test);
	struct seam_seamldr_params *params;
	struct seam_tdx_image_error why;
	struct seam_tdx_image img;
	const u8 *p = env->image;
	u32 i;

	params = kunit_kzalloc(test, sizeof(*params), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, params);
	KUNIT_ASSERT_EQ(test, seam_tdx_image_parse(p, env->size, &img, &why), 0);
	memset(params, 0xff, sizeof(*params));
	KUNIT_ASSERT_EQ(test, seam_tdx_params_build(params, p, &img), 0);

	KUNIT_EXPECT_EQ(test, params->version, 0);
	KUNIT_EXPECT_EQ(test, params->scenario, SEAMLDR_SCENARIO_UPDATE);
	KUNIT_EXPECT_EQ(test, params->num_module_pages, MODULE_PAGES);
	KUNIT_EXPECT_NULL(test, memchr_inv(params->reserved, 0, sizeof(params->reserved)));
	/* The image is vmalloc()ed: its pages are not physically contiguous. */
	KUNIT_EXPECT_EQ(test, params->sigstruct_pa,
			page_to_phys(vmalloc_to_page(p + SEAM_TDX_PAGE_SIZE)));
	for (i = 0; i < MODULE_PAGES; i++)
		KUNIT_EXPECT_EQ(test, params->mod_pages_pa_list[i],
				page_to_phys(vmalloc_to_page(p + (2 + i) * SEAM_TDX_PAGE_SIZE)));
	KUNIT_EXPECT_EQ(test, params->mod_pages_pa_list[MODULE_PAGES], 0);
	KUNIT_EXPECT_EQ(test, seam_tdx_params_build(params, p + 8, &img), -EINVAL);
}

static void seam_tdx_update_exit(struct kunit *test)
{
	seam_tdx_shutdown_hv = -1;
}

static struct kunit_case seam_tdx_update_cases[] = {
	KUNIT_CASE(seam_tdx_update_succeeds),
	KUNIT_CASE(seam_tdx_update_sequence),
	KUNIT_CASE(seam_tdx_update_compat_bit),
	KUNIT_CASE_PARAM(seam_tdx_update_refused, refusal_gen_params),
	KUNIT_CASE(seam_tdx_update_bad_image),
	KUNIT_CASE(seam_tdx_update_unaligned),
	KUNIT_CASE(seam_tdx_update_loader_rules),
	KUNIT_CASE_PARAM(seam_tdx_update_rsa_flip, flip_gen_params),
	KUNIT_CASE(seam_tdx_update_rsa_intact),
	KUNIT_CASE_PARAM(seam_tdx_update_fails, failure_gen_params),
	KUNIT_CASE(seam_tdx_update_lost_refuses),
	KUNIT_CASE(seam_tdx_update_td_build_override),
	KUNIT_CASE(seam_tdx_update_td_build_refused),
	KUNIT_CASE(seam_tdx_update_shutdown_refused),
	KUNIT_CASE(seam_tdx_update_debug_any_cpu),
	KUNIT_CASE(seam_tdx_params),
	KUNIT_CASE(seam_tdx_leaves_wellformed),
	KUNIT_CASE_PARAM(seam_tdx_lifecycle, lifecycle_gen_params),
	KUNIT_CASE(seam_tdx_update_version_unknown),
	{}
};

static struct kunit_suite seam_tdx_update_suite = {
	.name = "seam_tdx_update",
	.exit = seam_tdx_update_exit,
	.test_cases = seam_tdx_update_cases,
};

kunit_test_suite(seam_tdx_update_suite);
