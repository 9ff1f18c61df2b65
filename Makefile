# SPDX-License-Identifier: GPL-2.0
#
# The seam harness.  See README.md.

.PHONY: all deps tree test test-debug check fuzz patches patches-check run trace bench seamctl clean help

all: help

help:
	@echo "make deps           install the build and test dependencies (apt-get)"
	@echo "make tree           prepare build/linux: base 7.3 + patches/ + overlay"
	@echo "make test           KUnit, image-tool tests, fuzzing and the selftests in a"
	@echo "                    4-CPU QEMU guest; ends with 'N passed, N failed'"
	@echo "make test-debug     KUnit and the selftests on a kernel with KASAN, lockdep,"
	@echo "                    UBSAN, kmemleak and the hang detectors; every splat is a"
	@echo "                    failure (RT=1: the suites on PREEMPT_RT)"
	@echo "make check          checkpatch --strict, kernel-doc, W=1 and sparse on our files"
	@echo "make fuzz           libFuzzer on the image parser, FUZZ_RUNS (default 1000000)"
	@echo "make patches        export the project as a patch series into build/patches/"
	@echo "make patches-check  apply the series patch by patch; after each, checkpatch,"
	@echo "                    W=1 and the KUnit suites (PCHECK_KUNIT=0: no KUnit)"
	@echo "make run            boot the patched kernel in QEMU on the SEAM emulator and"
	@echo "                    update the TDX module live (GUEST_SHELL=1: a guest shell)"
	@echo "make trace          make run with the bpftrace scripts of tools/seam/bpftrace"
	@echo "                    watching, and their output checked"
	@echo "make seamctl        build the administrator's tool into build/seamctl/seamctl"
	@echo "make bench          the update-blackout benchmark on 1, 2, 4 and 8 CPUs"
	@echo "                    (BENCH=quick: the short run that make test does)"

deps:
	harness/deps.sh

tree:
	harness/tree.sh

test:
	harness/test.sh

test-debug:
	RT=$(RT) harness/test-debug.sh

check:
	harness/check.sh

fuzz:
	harness/fuzz.sh

patches:
	harness/patches.sh

patches-check:
	PCHECK_KUNIT=$(PCHECK_KUNIT) harness/patches-check.sh

run:
	harness/run.sh

trace:
	harness/trace.sh

bench:
	harness/bench.sh

seamctl:
	mkdir -p build/seamctl
	$(MAKE) -s -C tools/seam/seamctl OUTPUT=$(CURDIR)/build/seamctl/

clean:
	rm -rf build
