# isms - plain GNU make + pkg-config.
#   make                      tools in build/
#   make check                build and run every TAP test with prove
#   make SANITIZE=address,undefined check   the same under ASan+UBSan
#   make install PREFIX=/usr/local DESTDIR=
#   make fuzz FUZZ_SECONDS=60 make bench

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS     = libgit2 libcmark-gfm yaml-0.1 libpcre2-8 libgvc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -lpthread

CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes -Werror=implicit-function-declaration
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Ilib -I$(BUILD)/gen $(PKG_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS)

ifdef SANITIZE
BUILD   ?= build/sanitize
ALL_CFLAGS  += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
ALL_LDFLAGS += -fsanitize=$(SANITIZE)
# A sanitizer report exits 99, which no tool of ours returns: a test that
# expects exit status 1 cannot mistake a report for findings.
export ASAN_OPTIONS = detect_leaks=1:exitcode=99
export UBSAN_OPTIONS = print_stacktrace=1:halt_on_error=1:exitcode=99
export LSAN_OPTIONS = suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
else
BUILD   ?= build
endif

LIB_SRC  = $(sort $(wildcard lib/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/catalog-data.o \
           $(BUILD)/obj/gen/shim.o
CMD_SRC  = $(sort $(wildcard cmd/*.c))
TOOLS    = $(CMD_SRC:cmd/%.c=$(BUILD)/%)
UNIT_SRC = $(sort $(wildcard tests/unit/t-*.c))
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
MANS     = $(sort $(wildcard man/*.1))
DATA     = data/iso27001-2022-annex-a.csv data/iso27001-2013-to-2022.csv \
           data/iso27001-2022-clauses.csv

all: $(TOOLS)

$(BUILD)/libisms.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/obj/%.o: %.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The cache's build id changes with any source of the library (and the
# compiler's flags), so that a cache written by one build is never read by
# another (lib/cache.c).
CACHE_BUILD := $(shell cat $(LIB_SRC) $(wildcard lib/*.h) data/*.csv | cksum | cut -d' ' -f1)
$(BUILD)/obj/lib/cache.o: lib/cache.c $(LIB_SRC) $(wildcard lib/*.h) $(DATA)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DISMS_CACHE_BUILD='"$(CACHE_BUILD)$(SANITIZE)"' -c -o $@ $<

# The ISO/IEC 27001:2022 catalog is compiled in from data/*.csv.
# The generator is a host tool, never sanitized, shared by every build.
GEN = build/host/gen-catalog
$(GEN): data/gen-catalog.c lib/catalog-id.h
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 -Wall -Ilib -o $@ $<

$(BUILD)/gen/catalog-data.c: $(GEN) $(DATA)
	@mkdir -p $(dir $@)
	$(GEN) $(DATA) > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/catalog-data.o: $(BUILD)/gen/catalog-data.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

# The hook shim that isms-hook installs is kept as a script in hooks/ and
# compiled in as a string.
$(BUILD)/gen/shim.c: hooks/shim.sh
	@mkdir -p $(dir $@)
	{ echo '#include "model.h"'; echo 'const char isms_hook_shim[] ='; \
	  sed 's/\\/\\\\/g; s/"/\\"/g; s/^/"/; s/$$/\\n"/' $<; echo ';'; } > $@.tmp && mv $@.tmp $@

$(BUILD)/obj/gen/shim.o: $(BUILD)/gen/shim.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/%: cmd/%.c cmd/cli.h $(BUILD)/libisms.a
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libisms.a $(ALL_LDFLAGS) $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/tap.h $(BUILD)/libisms.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(BUILD)/libisms.a $(ALL_LDFLAGS) $(PKG_LIBS)

check: $(TOOLS) $(UNITS)
	ISMS_BUILD=$(abspath $(BUILD)) ISMS_SRC=$(CURDIR) \
	  prove -j2 --exec '' $(UNITS) :: && \
	ISMS_BUILD=$(abspath $(BUILD)) ISMS_SRC=$(CURDIR) \
	  prove -j2 tests/cli/*.t

# isms-new finds the templates at ../share/isms/policy-templates from
# its own binary.
install: $(TOOLS)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(TOOLS) $(DESTDIR)$(PREFIX)/bin/
	$(if $(MANS),install -m 644 $(MANS) $(DESTDIR)$(PREFIX)/share/man/man1/)
	rm -rf $(DESTDIR)$(PREFIX)/share/isms/policy-templates
	install -d $(DESTDIR)$(PREFIX)/share/isms
	cp -R policy-templates $(DESTDIR)$(PREFIX)/share/isms/policy-templates

# libFuzzer targets: clang, ASan, one binary per fuzz/fuzz-*.c.
FUZZ_SECONDS ?= 60
FUZZ_SRC = $(sort $(wildcard fuzz/fuzz-*.c))
FUZZERS  = $(FUZZ_SRC:fuzz/%.c=build/fuzz/%)
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined \
              -fno-sanitize-recover=undefined \
              -Ilib -Ibuild/fuzz/gen $(PKG_CFLAGS)

build/fuzz/gen/catalog-data.c: $(GEN) $(DATA)
	@mkdir -p $(dir $@)
	$(GEN) $(DATA) > $@

build/fuzz/gen/shim.c: $(BUILD)/gen/shim.c
	@mkdir -p $(dir $@)
	cp $< $@

build/fuzz/%: fuzz/%.c $(LIB_SRC) $(wildcard lib/*.h) build/fuzz/gen/catalog-data.c build/fuzz/gen/shim.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -o $@ $< $(LIB_SRC) build/fuzz/gen/catalog-data.c build/fuzz/gen/shim.c $(PKG_LIBS)

# Each target runs FUZZ_SECONDS; its log goes to build/fuzz/NAME.log and a
# crash input to build/fuzz/crash-*, and the run stops at the first finding.
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
	  n=$$(basename $$f); mkdir -p build/fuzz/corpus-$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s (log: build/fuzz/$$n.log)"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	      -artifact_prefix=build/fuzz/ \
	      build/fuzz/corpus-$$n fuzz/seeds/$${n#fuzz-} > build/fuzz/$$n.log 2>&1 \
	    || { tail -40 build/fuzz/$$n.log; exit 1; }; \
	  grep -E '^Done [0-9]+ runs' build/fuzz/$$n.log; \
	done

bench: $(TOOLS)
	ISMS_BUILD=$(abspath $(BUILD)) bench/run

# The README's main job: a small ISMS with a real history, linted, with a
# document's approval record, and the same ISMS with injected defects.
demo: $(TOOLS)
	ISMS_BUILD=$(abspath $(BUILD)) ci/demo

clean:
	rm -rf build

.PHONY: all check install fuzz bench demo clean
.SECONDARY:
