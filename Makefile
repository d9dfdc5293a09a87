# SPDX-License-Identifier: MIT
# utap: one hand-written GNU Makefile. Plain `make` builds every binary, header and
# test program into $(BUILD)/. Targets: all, check, asan, fuzz, demo, deps, install, uninstall,
# format-check, clean.
# Sections are owned per area (see the "##" headers) so that edits merge cleanly.

BUILD    ?= build
PREFIX   ?= /usr/local
DESTDIR  ?=
VERSION  := 0.1.0

CC       ?= cc
AR       ?= ar
WERROR   ?= 1
SAN      ?=
OPT      ?= -O2

ifeq ($(V),1)
Q :=
else
Q := @
endif

WARN     := -Wall -Wextra -Wshadow -Wundef -Wwrite-strings -Wmissing-prototypes \
            -Wstrict-prototypes -Wno-unused-parameter
ifeq ($(WERROR),1)
WARN     += -Werror
endif
ifneq ($(SAN),)
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

CPPFLAGS += -Isrc -Iinclude -D_GNU_SOURCE -DUTAP_VERSION='"$(VERSION)"' \
            -DUTAP_PREFIX='"$(PREFIX)"'
CFLAGS   ?= -g $(OPT)
ALL_CFLAGS = -std=gnu11 $(WARN) $(SANFLAGS) $(CFLAGS) -MMD -MP
LDFLAGS  += $(SANFLAGS)
LIBS     := -ldw -lelf -lm

# ---------------------------------------------------------------------------------------
## core library: every src/<stage>/*.c except the command-line front ends
LIB_SRCS := $(sort $(filter-out src/cli/%,$(wildcard src/*/*.c)))
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/obj/%.o)
LIBUTAP  := $(BUILD)/libutap.a

## command-line programs
UTAP_SRCS   := $(sort $(filter-out src/cli/utap-dtrace.c,$(wildcard src/cli/*.c)))
UTAP_OBJS   := $(UTAP_SRCS:%.c=$(BUILD)/obj/%.o)
DTRACE_OBJS := $(BUILD)/obj/src/cli/utap-dtrace.o

## unit tests: tests/unit/test_<module>.c, each a program linked with the library
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/unit/%)

BINS := $(BUILD)/utap $(BUILD)/utap-dtrace

.SECONDARY:
.PHONY: all check check-unit asan fuzz demo deps install clean golden-update
all: $(BINS) $(UNIT_BINS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIBUTAP): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/utap: $(UTAP_OBJS) $(LIBUTAP)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(UTAP_OBJS) $(LIBUTAP) $(LIBS)

$(BUILD)/utap-dtrace: $(DTRACE_OBJS) $(LIBUTAP)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $(DTRACE_OBJS) $(LIBUTAP) $(LIBS)

$(BUILD)/tests/unit/%: $(BUILD)/obj/tests/unit/%.o $(LIBUTAP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBUTAP) $(LIBS)

$(BUILD)/obj/tests/unit/%.o: CPPFLAGS += -Itests/unit

# ---------------------------------------------------------------------------------------
## elf: probe-discovery test targets (tests/elf/): SDT probes built by gcc and clang at
## -O0/-O2/-O3, PIE and not, a -fPIC library and a freestanding -m32 program. They are
## test inputs, built without sanitizers on purpose.
ELF_TDIR    := $(BUILD)/tests/elf
ELF_CCS     := gcc clang
ELF_OPTS    := O0 O2 O3
ELF_TFLAGS  := -g -w
ELF_TARGETS := $(foreach c,$(ELF_CCS),$(foreach o,$(ELF_OPTS),$(ELF_TDIR)/sdtargs-$(c)-$(o) \
		 $(ELF_TDIR)/sdtargs-$(c)-$(o)-nopie)) \
	       $(foreach c,$(ELF_CCS),$(ELF_TDIR)/libsdt-$(c).so) $(ELF_TDIR)/sdt32

define ELF_TARGET_RULES
$(ELF_TDIR)/sdtargs-$(1)-$(2): tests/elf/sdtargs.c tests/elf/sdtsema.c tests/elf/sdtasm.S
	@mkdir -p $$(dir $$@)
	@$$(if $(Q),echo "  CC      $$@")
	$(Q)$(1) $(ELF_TFLAGS) -$(2) -fPIE -pie -o $$@ $$^
$(ELF_TDIR)/sdtargs-$(1)-$(2)-nopie: tests/elf/sdtargs.c tests/elf/sdtsema.c tests/elf/sdtasm.S
	@mkdir -p $$(dir $$@)
	@$$(if $(Q),echo "  CC      $$@")
	$(Q)$(1) $(ELF_TFLAGS) -$(2) -fno-pie -no-pie -o $$@ $$^
endef
$(foreach c,$(ELF_CCS),$(foreach o,$(ELF_OPTS),$(eval $(call ELF_TARGET_RULES,$(c),$(o)))))

$(ELF_TDIR)/libsdt-%.so: tests/elf/sdtlib.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$* $(ELF_TFLAGS) -O2 -fPIC -shared -o $@ $<

# -m32 without a 32-bit libc: freestanding and static. sdt.h lives in the multiarch
# include directory, which -m32 does not search. Skipped (no file) when gcc cannot.
$(ELF_TDIR)/sdt32: tests/elf/sdt32.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)gcc $(ELF_TFLAGS) -m32 -O2 -ffreestanding -nostdlib -static -fno-pie -no-pie \
		-idirafter /usr/include/x86_64-linux-gnu -o $@ $< 2>/dev/null || \
		echo "  (no -m32 support: $@ not built)"

$(ELF_TDIR)/sdtdump: $(BUILD)/obj/tests/elf/sdtdump.o $(LIBUTAP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBUTAP) $(LIBS)

all: $(ELF_TARGETS) $(ELF_TDIR)/sdtdump

# ---------------------------------------------------------------------------------------
## checks: tests/run-all.sh runs the unit tests and every tests/check-*.sh suite
check: deps all
	$(Q)BUILD=$(abspath $(BUILD)) tests/run-all.sh

check-unit: $(UNIT_BINS)
	$(Q)BUILD=$(abspath $(BUILD)) tests/run-all.sh unit

## the whole suite once more under AddressSanitizer + UndefinedBehaviorSanitizer
asan:
	$(MAKE) BUILD=build-asan SAN=1 OPT=-O1 check

deps:
	$(Q)scripts/deps.sh

demo: deps all
	$(Q)scripts/demo.sh

golden-update: all
	$(Q)BUILD=$(abspath $(BUILD)) UTAP_GOLDEN_UPDATE=1 tests/run-all.sh

# ---------------------------------------------------------------------------------------
## dtrace: helpers of tests/check-dtrace.sh, and the probe-off benchmark (bench/probe-off.sh)
DTRACE_TEST_BINS := $(BUILD)/tests/dtrace/sdtcheck
all: $(DTRACE_TEST_BINS)

$(BUILD)/tests/dtrace/%: $(BUILD)/obj/tests/dtrace/%.o
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< -lelf

.PHONY: bench-probe-off
bench-probe-off: all
	$(Q)BUILD=$(abspath $(BUILD)) bench/probe-off.sh

# ---------------------------------------------------------------------------------------
## fuzz: each tests/fuzz/fuzz_<thing>.c becomes build-fuzz/fuzz_<thing>, a libFuzzer binary
## (clang, ASan + UBSan) linked with the library rebuilt for fuzzing. Run one with e.g.
## `build-fuzz/fuzz_provider -max_total_time=300 tests/fuzz/corpus-provider`.
FUZZ_CC    ?= clang
FUZZ_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
              -fno-sanitize-recover=undefined
FUZZ_OBJS  := $(LIB_SRCS:%.c=build-fuzz/obj/%.o)
FUZZ_BINS  := $(patsubst tests/fuzz/%.c,build-fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz: $(FUZZ_BINS)

build-fuzz/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $<")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=gnu11 $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

build-fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS)
	@$(if $(Q),echo "  FUZZLD  $@")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -std=gnu11 $(FUZZ_FLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJS) \
		$(LIBS)

# ---------------------------------------------------------------------------------------
## minicoin: the seed walkthrough's regtest node (examples/minicoin/). Sources that
## include "probes.h" are compiled twice: against utap-dtrace's header for minicoind and
## against its --disable header for minicoind-noprobes; the rest go into one archive.
MC_DIR        := examples/minicoin
MC_DTRACE     ?= $(BUILD)/utap-dtrace
MC_PKGS       := libevent_pthreads libevent jansson libcrypto
MC_CFLAGS     := $(shell pkg-config --cflags $(MC_PKGS) 2>/dev/null)
MC_LIBS       := -lleveldb $(or $(shell pkg-config --libs $(MC_PKGS) 2>/dev/null),\
                 -levent_pthreads -levent -ljansson -lcrypto) -lpthread -lm
MC_SRCS       := $(sort $(wildcard $(MC_DIR)/*.c))
MC_MAINS      := $(MC_DIR)/minicoind.c $(MC_DIR)/cli.c
MC_PROBED     := $(sort $(shell grep -l '^\#include "probes.h"' $(MC_SRCS) /dev/null))
MC_PLAIN      := $(filter-out $(MC_MAINS) $(MC_PROBED),$(MC_SRCS))
MC_GEN        := $(BUILD)/minicoin
MC_LIB        := $(MC_GEN)/libminicoin.a
MC_ON_OBJS    := $(MC_PROBED:$(MC_DIR)/%.c=$(BUILD)/obj/minicoin-probes/%.o)
MC_OFF_OBJS   := $(MC_PROBED:$(MC_DIR)/%.c=$(BUILD)/obj/minicoin-noprobes/%.o)
MC_BINS       := $(BUILD)/minicoind $(BUILD)/minicoind-noprobes $(BUILD)/minicoin-cli
MC_DTRACE_DEP := $(filter $(BUILD)/%,$(MC_DTRACE))

all: $(MC_BINS)

$(MC_PLAIN:%.c=$(BUILD)/obj/%.o) $(MC_MAINS:%.c=$(BUILD)/obj/%.o): CPPFLAGS += $(MC_CFLAGS)

$(MC_LIB): $(MC_PLAIN:%.c=$(BUILD)/obj/%.o)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(MC_GEN)/probes/probes.h: $(MC_DIR)/probes.d $(MC_DTRACE_DEP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  DTRACE  $@")
	$(Q)$(MC_DTRACE) -h -s $< -o $@

$(MC_GEN)/probes/probes.o: $(MC_DIR)/probes.d $(MC_DTRACE_DEP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  DTRACE  $@")
	$(Q)CC="$(CC)" CFLAGS="$(SANFLAGS)" $(MC_DTRACE) -G -s $< -o $@

$(MC_GEN)/noprobes/probes.h: $(MC_DIR)/probes.d $(MC_DTRACE_DEP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  DTRACE  $@")
	$(Q)$(MC_DTRACE) --disable -h -s $< -o $@

$(BUILD)/obj/minicoin-probes/%.o: $(MC_DIR)/%.c $(MC_GEN)/probes/probes.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS) -I$(MC_GEN)/probes $(MC_CFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/obj/minicoin-noprobes/%.o: $(MC_DIR)/%.c $(MC_GEN)/noprobes/probes.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS) -I$(MC_GEN)/noprobes $(MC_CFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/minicoind: $(BUILD)/obj/$(MC_DIR)/minicoind.o $(MC_ON_OBJS) $(MC_GEN)/probes/probes.o \
		$(MC_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

$(BUILD)/minicoind-noprobes: $(BUILD)/obj/$(MC_DIR)/minicoind.o $(MC_OFF_OBJS) $(MC_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

$(BUILD)/minicoin-cli: $(BUILD)/obj/$(MC_DIR)/cli.o $(MC_LIB)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

# unit tests of the node's modules (tests/unit/test_minicoin_*.c) link the probes-off objects
$(BUILD)/obj/tests/unit/test_minicoin_%.o: CPPFLAGS += -I$(MC_DIR) $(MC_CFLAGS)
$(BUILD)/tests/unit/test_minicoin_%: $(BUILD)/obj/tests/unit/test_minicoin_%.o $(MC_OFF_OBJS) \
		$(MC_LIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(MC_LIBS)

# libFuzzer harness over the JSON-RPC request handling (tests/fuzz/fuzz_rpc.c): `make fuzz`
# builds it with the other harnesses; this explicit rule links it with the node's sources
# instead of libutap.
MC_FUZZ_FLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
                 -fno-sanitize-recover=undefined

build-fuzz/fuzz_rpc: tests/fuzz/fuzz_rpc.c $(filter-out $(MC_MAINS),$(MC_SRCS)) \
		$(MC_GEN)/noprobes/probes.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(FUZZ_CC) $(CPPFLAGS) -I$(MC_DIR) -I$(MC_GEN)/noprobes $(MC_CFLAGS) -std=gnu11 \
		$(MC_FUZZ_FLAGS) -o $@ $(filter %.c,$^) $(MC_LIBS)

# ---------------------------------------------------------------------------------------
## target: the ptrace backend's test driver (tests/target/) used by check-ptrace.sh and bench/hit
TRACE_DRIVER := $(BUILD)/tests/utap-trace-driver
all: $(TRACE_DRIVER)

$(TRACE_DRIVER): $(BUILD)/obj/tests/target/trace-driver.o $(LIBUTAP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBUTAP) $(LIBS)

# ---------------------------------------------------------------------------------------
## install: PREFIX (default /usr/local) and DESTDIR (staging root) as usual. utap finds its
## tapsets relative to its own binary (bin/../share/utap/tapset), so a staged or moved tree
## works. share/utap/bin/dtrace links to utap-dtrace under SystemTap's name: put that
## directory first on PATH to build autotools/CMake projects that run `dtrace -h/-G`,
## without shadowing a system dtrace by default.
BINDIR     := $(PREFIX)/bin
INCDIR     := $(PREFIX)/include/utap
DATADIR    := $(PREFIX)/share/utap
MANDIR     := $(PREFIX)/share/man
PCDIR      := $(PREFIX)/lib/pkgconfig
MAN1_PAGES := $(wildcard man/*.1)
MAN7_PAGES := $(wildcard man/*.7)

install: $(BINS)
	$(Q)$(MAKE) --no-print-directory install-files

## install-files: install what $(BUILD) already holds, without building (tests use it)
.PHONY: install-files
install-files:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(INCDIR) $(DESTDIR)$(DATADIR)/tapset \
		$(DESTDIR)$(DATADIR)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)$(PCDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)/
	ln -sf ../../../bin/utap-dtrace $(DESTDIR)$(DATADIR)/bin/dtrace
	install -m 644 include/utap/*.h $(DESTDIR)$(INCDIR)/
	cp -R tapset/. $(DESTDIR)$(DATADIR)/tapset/
	chmod -R u+rwX,go+rX,go-w $(DESTDIR)$(DATADIR)/tapset
	install -m 644 $(MAN1_PAGES) $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(MAN7_PAGES) $(DESTDIR)$(MANDIR)/man7/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' utap.pc.in \
		> $(DESTDIR)$(PCDIR)/utap.pc

.PHONY: uninstall
uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(BINS))) $(DESTDIR)$(DATADIR)/bin/dtrace \
		$(addprefix $(DESTDIR)$(INCDIR)/,$(notdir $(wildcard include/utap/*.h))) \
		$(DESTDIR)$(PCDIR)/utap.pc \
		$(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(MAN1_PAGES))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(MAN7_PAGES)))
	rm -rf $(DESTDIR)$(DATADIR)
	-rmdir $(DESTDIR)$(INCDIR) 2>/dev/null

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------------------------------
## runtime: the VM's out-of-memory walk (tests/oom-walk.sh) and its benchmarks
.PHONY: check-oom bench-vm bench-startup bench-hit bench-vm-hit
check-oom: all
	$(Q)BUILD=$(abspath $(BUILD)) VERBOSE=1 tests/oom-walk.sh

bench-vm: all
	$(Q)UTAP=$(abspath $(BUILD))/utap bench/vm/run.sh

bench-startup: all
	$(Q)UTAP=$(abspath $(BUILD))/utap bench/startup/run.sh

VM_HIT := $(BUILD)/bench/vm-hit
$(VM_HIT): $(BUILD)/obj/bench/vm/hit.o $(LIBUTAP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(LDFLAGS) -o $@ $< $(LIBUTAP) $(LIBS)

# the VM's own cost per probe hit (no target), and the traced per-hit cost vs bpftrace
bench-vm-hit: $(VM_HIT)
	$(Q)$(VM_HIT)

bench-hit: all
	$(Q)bench/hit

# ---------------------------------------------------------------------------------------
## hygiene: `make format-check` lists the C files that differ from .clang-format and their
## count (report only: nothing is rewritten; exit 1 when some differ). The layering rule
## is checked by tests/check-layers.sh as part of `make check`.
.PHONY: format-check
format-check:
	$(Q)scripts/format-check.sh
# ---------------------------------------------------------------------------------------
## conformance: SystemTap 4.8's own testsuite, read in place (not part of `check`: CI has
## no copy). `make conformance STAP_TESTSUITE=/path/to/systemtap-4.8/testsuite [V=1]`
## prints passed/run per group (parseok parseko semok semko maps printf string base).
STAP_TESTSUITE ?=
.PHONY: conformance
conformance: all
	@test -n "$(STAP_TESTSUITE)" || \
		{ echo "usage: make conformance STAP_TESTSUITE=/path/to/systemtap/testsuite"; exit 2; }
	$(Q)tests/conformance/summary.sh $(if $(filter 1,$(V)),-v) --utap $(abspath $(BUILD))/utap \
		$(STAP_TESTSUITE)
