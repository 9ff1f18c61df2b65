// SPDX-License-Identifier: GPL-2.0
/*
 * The SEAM emulator's knobs, in /sys/kernel/debug/seam_emulator/, and the
 * parser of its platform spec.
 * Documented in Documentation/arch/x86/seam-emulator.rst.
 */

#include <linux/debugfs.h>
#include <linux/hex.h>
#include <linux/kstrtox.h>
#include <linux/stddef.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "emu.h"

static const char * const seam_emu_state_names[] = {
	[SEAM_EMU_SYSINIT_PENDING]	= "sysinit-pending",
	[SEAM_EMU_SYSINIT_DONE]		= "sysinit-done",
	[SEAM_EMU_SYSCONFIG_DONE]	= "sysconfig-done",
	[SEAM_EMU_READY]		= "ready",
	[SEAM_EMU_SHUTDOWN]		= "shutdown",
};

static int seam_emu_parse_version(const char *s, u16 *major, u16 *minor, u16 *update)
{
	unsigned int a, b, c;
	char end;

	if (sscanf(s, "%u.%u.%u%c", &a, &b, &c, &end) != 3 ||
	    a > U16_MAX || b > U16_MAX || c > U16_MAX)
		return -EINVAL;
	*major = a;
	*minor = b;
	*update = c;
	return 0;
}

static int seam_emu_parse_svn(const char *s, u8 *major, u8 *minor)
{
	unsigned int a, b;
	char end;

	if (sscanf(s, "%u.%u%c", &a, &b, &end) != 2 || a > U8_MAX || b > U8_MAX)
		return -EINVAL;
	*major = a;
	*minor = b;
	return 0;
}

/* The spec's plain numbers, by key. */
static const struct seam_emu_spec_number {
	const char	*key;
	size_t		offset;
	size_t		size;
} seam_emu_spec_numbers[] = {
	{ "build", offsetof(struct seam_emu_spec, desc.build_num),
	  sizeof_field(struct seam_emu_spec, desc.build_num) },
	{ "date", offsetof(struct seam_emu_spec, desc.build_date),
	  sizeof_field(struct seam_emu_spec, desc.build_date) },
	{ "features0", offsetof(struct seam_emu_spec, desc.features0),
	  sizeof_field(struct seam_emu_spec, desc.features0) },
	{ "module_hv", offsetof(struct seam_emu_spec, desc.module_hv),
	  sizeof_field(struct seam_emu_spec, desc.module_hv) },
	{ "min_update_hv", offsetof(struct seam_emu_spec, desc.min_update_hv),
	  sizeof_field(struct seam_emu_spec, desc.min_update_hv) },
	{ "no_downgrade", offsetof(struct seam_emu_spec, desc.no_downgrade),
	  sizeof_field(struct seam_emu_spec, desc.no_downgrade) },
	{ "handoff_pages", offsetof(struct seam_emu_spec, num_handoff_pages),
	  sizeof_field(struct seam_emu_spec, num_handoff_pages) },
	{ "remaining", offsetof(struct seam_emu_spec, remaining),
	  sizeof_field(struct seam_emu_spec, remaining) },
};

static int seam_emu_parse_number(struct seam_emu_spec *spec,
				 const struct seam_emu_spec_number *n, const char *val)
{
	void *field = (u8 *)spec + n->offset;
	u64 v;
	int err;

	err = kstrtou64(val, 0, &v);
	if (err)
		return err;
	if (n->size < sizeof(v) && v >> (8 * n->size))
		return -ERANGE;
	switch (n->size) {
	case 1:
		*(u8 *)field = v;
		break;
	case 2:
		*(u16 *)field = v;
		break;
	case 4:
		*(u32 *)field = v;
		break;
	default:
		*(u64 *)field = v;
	}
	return 0;
}

static int seam_emu_parse_key(struct seam_emu_spec *spec, const char *key, const char *val)
{
	struct seam_emu_descriptor *d = &spec->desc;
	unsigned int i;

	if (!strcmp(key, "version"))
		return seam_emu_parse_version(val, &d->major, &d->minor, &d->update);
	if (!strcmp(key, "seamldr"))
		return seam_emu_parse_version(val, &spec->seamldr.major, &spec->seamldr.minor,
					      &spec->seamldr.update);
	if (!strcmp(key, "svn"))
		return seam_emu_parse_svn(val, &spec->svn_major, &spec->svn_minor);
	if (!strcmp(key, "seamret_erratum"))
		return kstrtobool(val, &spec->seamret_erratum);
	for (i = 0; i < ARRAY_SIZE(seam_emu_spec_numbers); i++)
		if (!strcmp(key, seam_emu_spec_numbers[i].key))
			return seam_emu_parse_number(spec, &seam_emu_spec_numbers[i], val);
	return -EINVAL;
}

/*
 * The next "key=value" word of *@buf, words separated by blanks or commas
 * (the kernel command line's form): returns the key and sets *@val.
 * Returns NULL at the end, or with *@err = -EINVAL at a word without '='.
 */
static char *seam_emu_next_pair(char **buf, char **val, int *err)
{
	char *tok;

	while ((tok = strsep(buf, " \t\n,"))) {
		if (!*tok)
			continue;
		*val = strchr(tok, '=');
		if (!*val) {
			*err = -EINVAL;
			return NULL;
		}
		*(*val)++ = '\0';
		return tok;
	}
	return NULL;
}

/**
 * seam_emu_parse_spec() - Apply "key=value ..." settings to a spec
 * @buf:	The settings; modified.
 * @spec:	Defaults on entry.
 *
 * Return: 0, or -EINVAL for an unknown key, a bad value, or a spec whose
 * handoff versions are out of order.
 */
int seam_emu_parse_spec(char *buf, struct seam_emu_spec *spec)
{
	char *key, *val;
	int err = 0;

	while (!err && (key = seam_emu_next_pair(&buf, &val, &err)))
		err = seam_emu_parse_key(spec, key, val);
	if (err)
		return err;
	return spec->desc.min_update_hv > spec->desc.module_hv ? -EINVAL : 0;
}

/*
 * "tds": the running TDs.  A TD's memory needs initialised PAMTs, so
 * there are none until TDH.SYS.TDMR.INIT has gone through every TDMR.
 */
static int seam_emu_tds_get(void *data, u64 *val)
{
	*val = READ_ONCE(seam_emu.module.tds);
	return 0;
}

static int seam_emu_tds_set(void *data, u64 val)
{
	int err = 0;

	if (val > U32_MAX)
		return -EINVAL;
	raw_spin_lock_irq(&seam_emu.lock);
	if (val && !seam_emu_tdmrs_initialised())
		err = -EBUSY;
	else
		seam_emu.module.tds = val;
	raw_spin_unlock_irq(&seam_emu.lock);
	return err;
}

DEFINE_DEBUGFS_ATTRIBUTE(seam_emu_tds_fops, seam_emu_tds_get, seam_emu_tds_set, "%llu\n");

static int seam_emu_leaf_by_name(const char *name, u64 *fn)
{
	int i;

	for (i = 0; i < SEAM_EMU_NR_LEAVES; i++) {
		if (!strcmp(name, seam_emu_leaf_names[i])) {
			*fn = seam_emu_leaf_fns[i];
			return 0;
		}
	}
	return kstrtou64(name, 0, fn);
}

/* A fault being parsed, and whether its mandatory keys were seen. */
struct seam_emu_fault_parse {
	struct seam_emu_fault	f;
	bool			have_leaf;
	bool			have_status;
};

static int seam_emu_fault_key(struct seam_emu_fault_parse *p, const char *key,
			      const char *val)
{
	if (!strcmp(key, "leaf")) {
		p->have_leaf = true;
		return seam_emu_leaf_by_name(val, &p->f.fn);
	}
	if (!strcmp(key, "status")) {
		p->have_status = true;
		return kstrtou64(val, 0, &p->f.status);
	}
	if (!strcmp(key, "cpu"))
		return kstrtoint(val, 0, &p->f.cpu);
	if (!strcmp(key, "nth"))
		return kstrtouint(val, 0, &p->f.nth);
	if (!strcmp(key, "rdx"))
		return kstrtou64(val, 0, &p->f.rdx);
	if (!strcmp(key, "hold_us"))
		return kstrtou32(val, 0, &p->f.hold_us);
	return -EINVAL;
}

/*
 * "leaf=<name|rax> [cpu=N] [nth=N] [hold_us=N] status=S [rdx=N]"; with
 * hold_us, status may be left out: the call then runs after the hold.
 */
static int seam_emu_parse_fault(char *buf, struct seam_emu_fault *f)
{
	struct seam_emu_fault_parse p = { .f = { .cpu = -1, .nth = 1 } };
	char *key, *val;
	int err = 0;

	while (!err && (key = seam_emu_next_pair(&buf, &val, &err)))
		err = seam_emu_fault_key(&p, key, val);
	if (err)
		return err;
	*f = p.f;
	f->runs = !p.have_status;
	return p.have_leaf && (p.have_status || f->hold_us) && f->nth ? 0 : -EINVAL;
}

/*
 * The write of a table knob, faults or versions: "clear" empties the
 * table, anything else is one entry to parse and add.
 */
static ssize_t seam_emu_table_write(const char __user *ubuf, size_t len,
				    void (*clear)(void), int (*add)(char *buf))
{
	char *buf;
	int err;

	buf = memdup_user_nul(ubuf, min(len, PAGE_SIZE - 1));
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (sysfs_streq(buf, "clear")) {
		clear();
		err = 0;
	} else {
		err = add(buf);
	}
	kfree(buf);
	return err ?: len;
}

static int seam_emu_fault_add(char *buf)
{
	struct seam_emu_fault f;

	return seam_emu_parse_fault(buf, &f) ?: seam_emu_arm_fault(&f);
}

static ssize_t seam_emu_fault_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	return seam_emu_table_write(ubuf, len, seam_emu_clear_faults, seam_emu_fault_add);
}

static int seam_emu_fault_show(struct seq_file *m, void *v)
{
	struct seam_emu_fault faults[SEAM_EMU_MAX_FAULTS];
	int i;

	raw_spin_lock_irq(&seam_emu.lock);
	memcpy(faults, seam_emu.faults, sizeof(faults));
	raw_spin_unlock_irq(&seam_emu.lock);

	for (i = 0; i < SEAM_EMU_MAX_FAULTS; i++) {
		const struct seam_emu_fault *f = &faults[i];

		if (!f->nth)
			continue;
		seq_printf(m, "leaf=%#llx cpu=%d nth=%u hold_us=%u", f->fn, f->cpu, f->nth,
			   f->hold_us);
		if (f->runs)
			seq_puts(m, " status=none");
		else
			seq_printf(m, " status=%#llx rdx=%llu", f->status, f->rdx);
		seq_printf(m, " calls=%u %s\n", f->calls, f->fired ? "fired" : "armed");
	}
	return 0;
}

static int seam_emu_fault_open(struct inode *inode, struct file *file)
{
	return single_open(file, seam_emu_fault_show, NULL);
}

static const struct file_operations seam_emu_fault_fops = {
	.owner		= THIS_MODULE,
	.open		= seam_emu_fault_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
	.write		= seam_emu_fault_write,
};

/* "seamhash=<96 hex digits> version=X.Y.Z", or "clear". */
static int seam_emu_parse_version_entry(char *buf, struct seam_emu_version *e)
{
	bool have_hash = false, have_version = false;
	char *key, *val;
	int err = 0;

	while (!err && (key = seam_emu_next_pair(&buf, &val, &err))) {
		if (!strcmp(key, "seamhash")) {
			have_hash = true;
			err = strlen(val) == 2 * sizeof(e->seamhash) ?
			      hex2bin(e->seamhash, val, sizeof(e->seamhash)) : -EINVAL;
		} else if (!strcmp(key, "version")) {
			have_version = true;
			err = seam_emu_parse_version(val, &e->version.major, &e->version.minor,
						     &e->version.update);
		} else {
			err = -EINVAL;
		}
	}
	if (err)
		return err;
	return have_hash && have_version && e->version.major ? 0 : -EINVAL;
}

static int seam_emu_version_add(char *buf)
{
	struct seam_emu_version e = {};
	int i, err;

	err = seam_emu_parse_version_entry(buf, &e);
	if (err)
		return err;
	err = -ENOSPC;
	raw_spin_lock_irq(&seam_emu.lock);
	for (i = 0; i < SEAM_EMU_MAX_VERSIONS; i++) {
		if (!seam_emu.versions[i].version.major) {
			seam_emu.versions[i] = e;
			err = 0;
			break;
		}
	}
	raw_spin_unlock_irq(&seam_emu.lock);
	return err;
}

static void seam_emu_versions_clear(void)
{
	raw_spin_lock_irq(&seam_emu.lock);
	memset(seam_emu.versions, 0, sizeof(seam_emu.versions));
	raw_spin_unlock_irq(&seam_emu.lock);
}

static ssize_t seam_emu_versions_write(struct file *file, const char __user *ubuf,
				       size_t len, loff_t *ppos)
{
	return seam_emu_table_write(ubuf, len, seam_emu_versions_clear, seam_emu_version_add);
}

static int seam_emu_versions_show(struct seq_file *m, void *v)
{
	struct seam_emu_version versions[SEAM_EMU_MAX_VERSIONS];
	int i;

	raw_spin_lock_irq(&seam_emu.lock);
	memcpy(versions, seam_emu.versions, sizeof(versions));
	raw_spin_unlock_irq(&seam_emu.lock);
	for (i = 0; i < SEAM_EMU_MAX_VERSIONS; i++)
		if (versions[i].version.major)
			seq_printf(m, "seamhash=%*phN version=%u.%u.%02u\n",
				   (int)sizeof(versions[i].seamhash), versions[i].seamhash,
				   versions[i].version.major, versions[i].version.minor,
				   versions[i].version.update);
	return 0;
}

static int seam_emu_versions_open(struct inode *inode, struct file *file)
{
	return single_open(file, seam_emu_versions_show, NULL);
}

static const struct file_operations seam_emu_versions_fops = {
	.owner		= THIS_MODULE,
	.open		= seam_emu_versions_open,
	.read		= seq_read,
	.llseek		= seq_lseek,
	.release	= single_release,
	.write		= seam_emu_versions_write,
};

/* The module, the handoff and the CPUs in VMX operation, copied. */
struct seam_emu_state_copy {
	struct seam_emu_module	mod;
	struct seam_emu_handoff	h;
	struct cpumask		vmx;
};

static int seam_emu_state_show(struct seq_file *m, void *v)
{
	struct seam_emu_state_copy *copy __free(kfree) = kmalloc(sizeof(*copy), GFP_KERNEL);
	const struct seam_emu_module *mod;
	struct seam_emu_seamextend ext;
	u64 calls[SEAM_EMU_NR_LEAVES];
	struct seam_emu_ver ldr;
	unsigned int installing;
	bool tdmrs_done;
	u32 remaining;
	int i;

	if (!copy)
		return -ENOMEM;
	mod = &copy->mod;
	raw_spin_lock_irq(&seam_emu.lock);
	copy->mod = seam_emu.module;
	copy->h = seam_emu.handoff;
	tdmrs_done = seam_emu_tdmrs_initialised();
	ext = seam_emu.seamextend;
	ldr = seam_emu.seamldr;
	remaining = seam_emu.remaining;
	installing = seam_emu.install_count;
	memcpy(calls, seam_emu.calls, sizeof(calls));
	raw_spin_unlock_irq(&seam_emu.lock);

	seq_printf(m, "lps: %u packages=%u vmx=%*pbl\n", seam_emu.nr_lps, seam_emu.nr_pkgs,
		   cpumask_pr_args(seam_emu_vmx_cpus(&copy->vmx)));
	seq_printf(m, "seamldr: %u.%u.%02u remaining=%u installing_lps=%u\n",
		   ldr.major, ldr.minor, ldr.update, remaining, installing);
	seq_printf(m, "seamextend: valid=%d svn=%u.%u seam_ready=%d\n",
		   ext.valid, ext.svn_major, ext.svn_minor, ext.seam_ready);
	if (mod->version_known)
		seq_printf(m, "module: %u.%u.%02u", mod->desc.major, mod->desc.minor,
			   mod->desc.update);
	else
		seq_puts(m, "module: unknown");
	seq_printf(m, " build=%u features0=%#llx descriptor=%s\n", mod->desc.build_num,
		   mod->desc.features0, mod->has_desc ? "yes" : "no");
	seq_printf(m, "module_state: %s init_lps=%u tds=%u\n",
		   seam_emu_state_names[mod->state], mod->nr_init_lps, mod->tds);
	seq_printf(m, "module_hv: %u min_update_hv=%u no_downgrade=%u handoff_pages=%u\n",
		   mod->module_hv, mod->min_update_hv, mod->no_downgrade, mod->num_handoff_pages);
	seq_printf(m, "tdmrs: %u hkid=%u initialised=%d\n", mod->nr_tdmrs, mod->hkid,
		   tdmrs_done);
	seq_printf(m, "handoff: valid=%d hv=%u size=%u tds=%u\n", copy->h.valid, copy->h.hv,
		   copy->h.size, copy->h.tds);
	for (i = 0; i < SEAM_EMU_NR_LEAVES; i++)
		seq_printf(m, "calls %s: %llu\n", seam_emu_leaf_names[i], calls[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(seam_emu_state);

/**
 * seam_emu_debugfs_init() - Create the knobs
 *
 * Context: Process context.  Failures leave the knobs out, nothing else.
 */
void seam_emu_debugfs_init(void)
{
	struct dentry *dir, *lat;
	int i;

	dir = debugfs_create_dir("seam_emulator", NULL);
	debugfs_create_file("state", 0400, dir, NULL, &seam_emu_state_fops);
	debugfs_create_file("fault", 0600, dir, NULL, &seam_emu_fault_fops);
	debugfs_create_file("versions", 0600, dir, NULL, &seam_emu_versions_fops);
	debugfs_create_u32("remaining_updates", 0600, dir, &seam_emu.remaining);
	debugfs_create_file("tds", 0600, dir, NULL, &seam_emu_tds_fops);
	debugfs_create_bool("update_sensitive", 0600, dir, &seam_emu.update_sensitive);
	debugfs_create_bool("handoff_valid", 0600, dir, &seam_emu.handoff.valid);
	debugfs_create_bool("platform_debug", 0600, dir, &seam_emu.platform_debug);
	lat = debugfs_create_dir("latency_us", dir);
	for (i = 0; i < SEAM_EMU_NR_LEAVES; i++)
		debugfs_create_u32(seam_emu_leaf_names[i], 0600, lat, &seam_emu.latency_us[i]);
}
