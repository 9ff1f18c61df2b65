// SPDX-License-Identifier: GPL-2.0
/*
 * The active SEAM backend.
 */

#define pr_fmt(fmt) "seam: " fmt

#include <linux/mutex.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/seam/backend.h>
#include <kunit/visibility.h>

#include "seam-internal.h"

const struct seam_backend __rcu *seam_backend;
/* Serializes registration; seam_call() reads the backend under RCU. */
DEFINE_MUTEX(seam_backend_lock);

/**
 * seam_backend_register() - Make a backend the active one
 * @backend:	The backend; it must stay valid until unregistered.
 *
 * Context: Process context.
 * Return: 0, -EINVAL for a backend without @call, or -EBUSY if another
 * backend is already active.
 */
int seam_backend_register(const struct seam_backend *backend)
{
	if (WARN_ON(!backend->name || !backend->call))
		return -EINVAL;

	guard(mutex)(&seam_backend_lock);
	if (rcu_access_pointer(seam_backend)) {
		pr_warn("backend %s refused: %s is active\n", backend->name,
			rcu_dereference_protected(seam_backend, true)->name);
		return -EBUSY;
	}
	rcu_assign_pointer(seam_backend, backend);
	pr_info("backend %s active\n", backend->name);
	return 0;
}

/**
 * seam_backend_unregister() - Deactivate a backend
 * @backend:	The active backend.
 *
 * Context: Process context; waits for calls in flight to finish.
 */
void seam_backend_unregister(const struct seam_backend *backend)
{
	scoped_guard(mutex, &seam_backend_lock) {
		if (WARN_ON(rcu_access_pointer(seam_backend) != backend))
			return;
		RCU_INIT_POINTER(seam_backend, NULL);
	}
	synchronize_rcu();
}

/**
 * seam_backend_name() - Name the active backend
 *
 * Context: Any context.
 * Return: The name of the active backend, or "none".
 */
const char *seam_backend_name(void)
{
	const struct seam_backend *backend;

	guard(rcu)();
	backend = rcu_dereference(seam_backend);
	return backend ? backend->name : "none";
}

/**
 * seam_backend_active() - Tell whether the platform has SEAM firmware
 *
 * Context: Any context.
 * Return: true if a backend is active: real TDX, or the emulator.
 */
bool seam_backend_active(void)
{
	return rcu_access_pointer(seam_backend);
}
EXPORT_SYMBOL_FOR_MODULES(seam_backend_active, "seam-svc");

/**
 * seam_backend_is_hardware() - Tell whether real SEAM firmware is in use
 *
 * Context: Any context.
 * Return: true if the active backend drives real SEAM firmware.
 */
bool seam_backend_is_hardware(void)
{
	const struct seam_backend *backend;

	guard(rcu)();
	backend = rcu_dereference(seam_backend);
	return backend && backend->hardware;
}

/**
 * seam_backend_key_hash() - Whose modules the platform's P-SEAMLDR installs
 *
 * Context: Any context.
 * Return: SHA-384 of the RSA modulus of the one key P-SEAMLDR accepts, or
 * NULL if the backend accepts any key.
 */
const u8 *seam_backend_key_hash(void)
{
	const struct seam_backend *backend;

	guard(rcu)();
	backend = rcu_dereference(seam_backend);
	return backend && backend->key_hash ? backend->key_hash() : NULL;
}

#if IS_ENABLED(CONFIG_KUNIT)
/**
 * seam_backend_replace() - Swap the active backend, for tests
 * @backend:	The new backend, or NULL for none.
 *
 * Lets a KUnit test put a scripted backend in place of whatever is active
 * and restore it afterwards.
 *
 * Context: Process context; waits for calls in flight to finish.
 * Return: The previously active backend, or NULL.
 */
VISIBLE_IF_KUNIT const struct seam_backend *
seam_backend_replace(const struct seam_backend *backend)
{
	const struct seam_backend *old;

	scoped_guard(mutex, &seam_backend_lock) {
		old = rcu_dereference_protected(seam_backend, true);
		rcu_assign_pointer(seam_backend, backend);
	}
	synchronize_rcu();
	return old;
}
#endif
