# SPDX-License-Identifier: GPL-2.0
#
# x86_64 on 4 CPUs in 2 packages, for tests of code that runs on every CPU
# or once per package, such as the SEAM framework's phase engine: pass this
# file to kunit.py run's --qemu_config, with --kunitconfig=arch/x86/virt/seam.
# QEMU emulates the CPUs with TCG, one host thread each.

from ..qemu_config import QemuArchParams

QEMU_ARCH = QemuArchParams(linux_arch='x86_64',
			   kconfig='''
CONFIG_SERIAL_8250=y
CONFIG_SERIAL_8250_CONSOLE=y
CONFIG_SMP=y''',
			   qemu_arch='x86_64',
			   kernel_path='arch/x86/boot/bzImage',
			   kernel_command_line='console=ttyS0',
			   extra_qemu_params=['-bios', 'qboot.rom',
					      '-smp', '4,sockets=2,cores=2,threads=1',
					      '-accel', 'tcg,thread=multi'])
