/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SEAM emulator: a software P-SEAMLDR and TDX module.
 *
 * The model follows Documentation/arch/x86/seam-emulator.rst, which cites
 * the firmware behaviour each part reproduces.
 */
#ifndef _SEAM_EMU_H
#define _SEAM_EMU_H

#include <linux/cpumask.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/types.h>
#include <linux/seam/tdx_abi.h>
#include <asm/shared/tdx.h>

#include "../tdx/image.h"
#include "descriptor.h"

/*
 * The TDX module's leaf numbers (TDX module ABI specification; TDX module
 * tdx_api_defs.h), the emulator's own: it stands under the kernel's
 * arch/x86/virt/vmx/tdx/tdx.h and does not include it (one KUnit test,
 * which hands seam a tdx.c TDMR list, includes both: the values agree).
 */
#define TDH_SYS_KEY_CONFIG		31
#define TDH_SYS_INIT			33
#define TDH_SYS_RD			34
#define TDH_SYS_LP_INIT			35
#define TDH_SYS_TDMR_INIT		36
#define TDH_SYS_CONFIG			45
#define TDH_SYS_SHUTDOWN		52
#define TDH_SYS_UPDATE			53
#define TDH_SYS_DISABLE			69

/* The rest of the TDX module ABI that only the emulator needs. */
#define MD_FIELD_ID_BUILD_DATE			0x8800000200000001ULL
#define MD_FIELD_ID_BUILD_NUM			0x8800000100000002ULL
#define MD_FIELD_ID_MAX_TDMRS			0x9100000100000008ULL
#define MD_FIELD_ID_MAX_RESERVED_PER_TDMR	0x9100000100000009ULL
#define MD_FIELD_ID_PAMT_4K_ENTRY_SIZE		0x9100000100000010ULL
#define MD_FIELD_ID_PAMT_2M_ENTRY_SIZE		0x9100000100000011ULL
#define MD_FIELD_ID_PAMT_1G_ENTRY_SIZE		0x9100000100000012ULL

/*
 * TDH.SYS.CONFIG: RCX is the physical address of an array of the TDMR_INFO
 * entries' physical addresses, RDX their number, R8 the global private
 * KeyID.  The array and each entry are 512-byte aligned; a TDMR and its
 * size are multiples of 1 GiB, reserved areas and PAMTs of 4 KiB.  The
 * module reports how many TDMRs and reserved areas it takes (MAX_TDMRS,
 * MAX_RESERVED_PER_TDMR) and the PAMT entry sizes.
 */
#define TDMR_INFO_ALIGNMENT		512
#define TDX_TDMR_ALIGNMENT		SZ_1G
#define TDX_TDMR_GRANULE		SZ_4K
#define TDX_MAX_RESERVED_PER_TDMR	16
#define TDX_PAMT_ENTRY_SIZE		16

/**
 * struct tdx_tdmr_info - A TDMR_INFO entry, as TDH.SYS.CONFIG reads it
 * @base:		The TDMR's physical base address.
 * @size:		Its size.
 * @pamt_1g_base:	The PAMT for its 1 GiB pages.
 * @pamt_1g_size:	Its size.
 * @pamt_2m_base:	The PAMT for its 2 MiB pages.
 * @pamt_2m_size:	Its size.
 * @pamt_4k_base:	The PAMT for its 4 KiB pages.
 * @pamt_4k_size:	Its size.
 * @rsvd:		Reserved areas, by offset from @base and size, in
 *			ascending order; the unused ones have size 0.
 */
struct tdx_tdmr_info {
	u64	base;
	u64	size;
	u64	pamt_1g_base;
	u64	pamt_1g_size;
	u64	pamt_2m_base;
	u64	pamt_2m_size;
	u64	pamt_4k_base;
	u64	pamt_4k_size;
	struct {
		u64	offset;
		u64	size;
	} rsvd[TDX_MAX_RESERVED_PER_TDMR];
} __packed __aligned(TDMR_INFO_ALIGNMENT);

/**
 * enum seam_emu_module_state - The TDX module's system state
 * @SEAM_EMU_SYSINIT_PENDING:	Installed, TDH.SYS.INIT not done.
 * @SEAM_EMU_SYSINIT_DONE:	TDH.SYS.INIT done; LP.INIT may run.
 * @SEAM_EMU_SYSCONFIG_DONE:	TDH.SYS.CONFIG done; KEY.CONFIG may run.
 * @SEAM_EMU_READY:		Every package's key configured, or taken over
 *				by TDH.SYS.UPDATE.  TDH.SYS.TDMR.INIT may run;
 *				TDs may be created once every TDMR is done.
 * @SEAM_EMU_SHUTDOWN:		TDH.SYS.SHUTDOWN done; handoff data written.
 */
enum seam_emu_module_state {
	SEAM_EMU_SYSINIT_PENDING,
	SEAM_EMU_SYSINIT_DONE,
	SEAM_EMU_SYSCONFIG_DONE,
	SEAM_EMU_READY,
	SEAM_EMU_SHUTDOWN,
};

/**
 * struct seam_emu_ver - A P-SEAMLDR or TDX module version
 * @major:	Major version.
 * @minor:	Minor version.
 * @update:	Update version.
 */
struct seam_emu_ver {
	u16	major;
	u16	minor;
	u16	update;
};

/**
 * struct seam_emu_spec - The platform at power-on
 * @desc:		What the module reports; see descriptor.h.
 * @svn_major:		Major SVN of its sigstruct.
 * @svn_minor:		Minor SVN of its sigstruct.
 * @num_handoff_pages:	Handoff pages, minus one, of its sigstruct.
 * @seamldr:		The P-SEAMLDR version.
 * @remaining:		num_remaining_updates after boot.
 * @seamret_erratum:	The CPUs have the SEAMRET erratum: IA32_VMX_BASIC
 *			reads with bit 60 clear.
 */
struct seam_emu_spec {
	struct seam_emu_descriptor	desc;
	u8				svn_major;
	u8				svn_minor;
	u16				num_handoff_pages;
	struct seam_emu_ver		seamldr;
	u32				remaining;
	bool				seamret_erratum;
};

/**
 * struct seam_emu_range - A physical address range
 * @base:	Its start.
 * @size:	Its size in bytes.
 */
struct seam_emu_range {
	u64	base;
	u64	size;
};

/**
 * struct seam_emu_tdmr - A TDMR as TDH.SYS.CONFIG recorded it
 * @base:	Its base.
 * @size:	Its size.
 * @next:	Where TDH.SYS.TDMR.INIT goes on; the TDMR is done when it
 *		reaches the end.
 */
struct seam_emu_tdmr {
	u64	base;
	u64	size;
	u64	next;
};

/* CMRs the emulated BIOS reports: the RAM ranges, merged. */
#define SEAM_EMU_MAX_CMRS	32
/* The private KeyIDs the emulated platform partitions off for TDX. */
#define SEAM_EMU_KEYID_FIRST	32
#define SEAM_EMU_NR_KEYIDS	32
/* TDH.SYS.TDMR.INIT's chunk: 1024 4 KiB entries of PAMT (tdh_sys_tdmr_init.c). */
#define SEAM_EMU_TDMR_CHUNK	(1024 * SZ_4K)

/**
 * struct seam_emu_handoff - The handoff header and what it hands over
 * @valid:	Written by TDH.SYS.SHUTDOWN, cleared by TDH.SYS.UPDATE.
 * @hv:		The handoff version the old module wrote.
 * @size:	Bytes of handoff data.
 * @tds:	The TDs handed over: what the update preserves.
 * @hkid:	The global KeyID, handed over.
 * @tdmrs:	The TDMRs and the state of their PAMTs, handed over.
 * @nr_tdmrs:	Their number.
 */
struct seam_emu_handoff {
	bool			valid;
	u16			hv;
	u32			size;
	u32			tds;
	u16			hkid;
	struct seam_emu_tdmr	tdmrs[TDX_MAX_TDMRS];
	unsigned int		nr_tdmrs;
};

/**
 * struct seam_emu_module - The installed TDX module
 * @desc:		What it reports (its descriptor, or the defaults).
 * @has_desc:		Its image carried a descriptor.
 * @version_known:	The emulator can tell its version: from the
 *			descriptor, the sigstruct or the versions table.
 * @module_hv:		Sysinfo handoff fields, copied from the sigstruct
 *			by P-SEAMLDR and checked by TDH.SYS.INIT.
 * @min_update_hv:	Likewise.
 * @no_downgrade:	Likewise.
 * @num_handoff_pages:	Likewise.
 * @state:		The system state.
 * @lp_init:		LPs that did TDH.SYS.LP.INIT.
 * @nr_init_lps:	Their number.
 * @pkg_config:		Packages whose key TDH.SYS.KEY.CONFIG configured.
 * @hkid:		The global private KeyID TDH.SYS.CONFIG was given.
 * @tdmrs:		The TDMRs TDH.SYS.CONFIG was given.  The handoff
 *			data hands them and their PAMTs over to the next
 *			module.
 * @nr_tdmrs:		Their number.
 * @tds:		Running TDs; lost if the module goes without handoff.
 */
struct seam_emu_module {
	struct seam_emu_descriptor	desc;
	bool				has_desc;
	bool				version_known;
	u16				module_hv;
	u16				min_update_hv;
	u8				no_downgrade;
	u16				num_handoff_pages;
	enum seam_emu_module_state	state;
	struct cpumask			lp_init;
	unsigned int			nr_init_lps;
	unsigned long			pkg_config;
	u16				hkid;
	struct seam_emu_tdmr		tdmrs[TDX_MAX_TDMRS];
	unsigned int			nr_tdmrs;
	u32				tds;
};

/**
 * struct seam_emu_seamextend - The SEAMEXTEND register
 * @valid:	A module was measured.
 * @svn_major:	Its major SVN.
 * @svn_minor:	Its minor SVN.
 * @mrseam:	Its measurement, the sigstruct's seamhash.
 * @seam_ready:	The module may be called.
 */
struct seam_emu_seamextend {
	bool	valid;
	u8	svn_major;
	u8	svn_minor;
	u8	mrseam[48];
	bool	seam_ready;
};

#define SEAM_EMU_MAX_FAULTS	8
#define SEAM_EMU_MAX_VERSIONS	16

/**
 * struct seam_emu_version - A module the tester names by its measurement
 * @seamhash:	The sigstruct's seamhash, the module's SHA-384.
 * @version:	The version that module reports.
 *
 * A published 1.5 module keeps its version in its code (TDX_MODULE_*_VER,
 * compiled in by proj_defs.mk), which the emulator does not run.
 */
struct seam_emu_version {
	u8			seamhash[48];
	struct seam_emu_ver	version;
};

/* SEAMDB entries: num_remaining_updates after a load install. */
#define SEAM_EMU_SEAMDB_ENTRIES	64

/**
 * struct seam_emu_fault - Fail or hold a leaf on a CPU on its nth call
 * @fn:		The leaf's RAX.
 * @cpu:	The CPU, or -1 for any.
 * @nth:	Fire on the nth matching call counted from arming, 1-based.
 * @status:	The status to return.
 * @rdx:	The RDX to return with it.
 * @hold_us:	First keep the CPU in the call this long, interrupts off,
 *		as a slow LP in the firmware would be.
 * @runs:	After the hold the call runs as usual: no status is
 *		injected.
 * @calls:	Matching calls so far.
 * @fired:	The fault fired; it fires once.
 */
struct seam_emu_fault {
	u64		fn;
	int		cpu;
	unsigned int	nth;
	u64		status;
	u64		rdx;
	u32		hold_us;
	bool		runs;
	unsigned int	calls;
	bool		fired;
};

/*
 * The longest hold: long enough to stand out in a phase's statistics, and
 * well below the soft-lockup detector's 20 s.
 */
#define SEAM_EMU_MAX_HOLD_US	(4 * USEC_PER_SEC)

/* The leafs the emulator models, for per-leaf knobs. */
enum seam_emu_leaf {
	SEAM_EMU_LEAF_SEAMLDR_INFO,
	SEAM_EMU_LEAF_SEAMLDR_INSTALL,
	SEAM_EMU_LEAF_SYS_INIT,
	SEAM_EMU_LEAF_SYS_RD,
	SEAM_EMU_LEAF_SYS_LP_INIT,
	SEAM_EMU_LEAF_SYS_SHUTDOWN,
	SEAM_EMU_LEAF_SYS_UPDATE,
	SEAM_EMU_LEAF_SYS_CONFIG,
	SEAM_EMU_LEAF_SYS_KEY_CONFIG,
	SEAM_EMU_LEAF_SYS_TDMR_INIT,
	SEAM_EMU_LEAF_SYS_DISABLE,
	SEAM_EMU_NR_LEAVES,
};

/**
 * struct seam_emu - The emulated platform
 * @lock:		Serializes the model: calls, knobs and resets.
 * @nr_lps:		Logical processors: the present CPUs at boot.
 * @nr_pkgs:		Packages of those LPs, at most BITS_PER_LONG.
 * @cmrs:		The convertible memory ranges, in ascending order.
 * @nr_cmrs:		Their number.
 * @global_lock:	A leaf holds the module's global lock exclusively.
 * @seamldr:		P-SEAMLDR's version.
 * @remaining:		num_remaining_updates.
 * @seamextend:		The SEAMEXTEND register.
 * @install_lps:	LPs that called SEAMLDR.INSTALL in this session.
 * @install_count:	Their number.
 * @install_snapshot:	SEAMEXTEND as the session's first caller found it.
 * @module:		The installed TDX module.
 * @handoff:		The handoff area, preserved across an update.
 * @platform_debug:	The platform is in debug mode (SGX_DEBUG_MODE).
 * @update_sensitive:	A TD is in an update-sensitive operation.
 * @seamret_erratum:	IA32_VMX_BASIC reads with bit 60 clear.
 * @seamrr_pages:	The SEAM range, in 4 KiB pages.
 * @latency_us:		Per-leaf busy time, modelling firmware cost.
 * @faults:		Armed faults.
 * @versions:		The versions table; unused slots have version 0.0.0.
 * @calls:		Calls per leaf, for the state file.
 */
struct seam_emu {
	raw_spinlock_t			lock;
	unsigned int			nr_lps;
	unsigned int			nr_pkgs;
	struct seam_emu_range		cmrs[SEAM_EMU_MAX_CMRS];
	unsigned int			nr_cmrs;
	bool				global_lock;
	struct seam_emu_ver		seamldr;
	u32				remaining;
	struct seam_emu_seamextend	seamextend;
	struct cpumask			install_lps;
	unsigned int			install_count;
	struct seam_emu_seamextend	install_snapshot;
	struct seam_emu_module		module;
	struct seam_emu_handoff		handoff;
	bool				platform_debug;
	bool				update_sensitive;
	bool				seamret_erratum;
	u32				seamrr_pages;
	u32				latency_us[SEAM_EMU_NR_LEAVES];
	struct seam_emu_fault		faults[SEAM_EMU_MAX_FAULTS];
	struct seam_emu_version		versions[SEAM_EMU_MAX_VERSIONS];
	u64				calls[SEAM_EMU_NR_LEAVES];
};

extern struct seam_emu seam_emu;
extern const char * const seam_emu_leaf_names[SEAM_EMU_NR_LEAVES];
extern const u64 seam_emu_leaf_fns[SEAM_EMU_NR_LEAVES];

/*
 * IA32_VMX_BASIC bit 60: SEAMRET from P-SEAMLDR keeps the current VMCS
 * (mainline's VMX_BASIC_NO_SEAMRET_INVD_VMCS).
 */
#define SEAM_VMX_BASIC_SEAMRET_KEEPS_VMCS	BIT_ULL(60)

/* core.c */
void seam_emu_busy_us(unsigned int us);
struct cpumask *seam_emu_vmx_cpus(struct cpumask *mask);
u64 seam_emu_call(u64 fn, struct tdx_module_args *args);
void seam_emu_default_spec(struct seam_emu_spec *spec);
void seam_emu_boot(const struct seam_emu_spec *spec);
int seam_emu_arm_fault(const struct seam_emu_fault *fault);
void seam_emu_clear_faults(void);

/* sigstruct.c: called with seam_emu.lock held. */
u64 seam_emu_sigstruct_check(const struct seam_sigstruct *sig, u64 pages);

/* seamldr.c: called with seam_emu.lock held. */
u64 seam_emu_seamldr_info(struct tdx_module_args *args);
u64 seam_emu_seamldr_install(struct tdx_module_args *args);
void seam_emu_install_end(bool recoverable);

/* module.c: called with seam_emu.lock held. */
bool seam_emu_tdmrs_initialised(void);
void seam_emu_module_load(const struct seam_emu_descriptor *desc, bool has_desc);
void seam_emu_module_version(const struct seam_sigstruct *sig);
u64 seam_emu_module_call(u64 fn, struct tdx_module_args *args);

/* debugfs.c */
void seam_emu_debugfs_init(void);
int seam_emu_parse_spec(char *buf, struct seam_emu_spec *spec);

#endif /* _SEAM_EMU_H */
