# SPDX-License-Identifier: GPL-2.0
#
# The seam harness.  See README.md.

.PHONY: all deps tree test check fuzz patches patches-check run clean help

all: help

help:
	@echo "make deps           install the build and test dependencies (apt-get)"
	@echo "make tree           prepare build/linux: base 6.12 + patches/ + overlay"
	@echo "make test           KUnit on 4 CPUs under QEMU; ends with 'N passed, N failed'"
	@echo "make check          checkpatch --strict, kernel-doc, W=1 and sparse on our files"
	@echo "make fuzz           libFuzzer on the image parser, FUZZ_RUNS (default 1000000)"
	@echo "make patches        export the project as a patch series into build/patches/"
	@echo "make patches-check  apply the series patch by patch and build each step"
	@echo "make run            live TDX module update under the SEAM emulator (not yet)"

deps:
	harness/deps.sh

tree:
	harness/tree.sh

test:
	harness/test.sh

check:
	harness/check.sh

fuzz:
	harness/fuzz.sh

patches:
	harness/patches.sh

patches-check:
	harness/patches-check.sh

run:
	@echo "make run: not yet; the live update lands with the seam-svc driver issue" >&2
	@exit 1

clean:
	rm -rf build
