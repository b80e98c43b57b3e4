# isms - plain GNU make + pkg-config.
#   make                      tools in build/
#   make check                build and run every TAP test with prove
#   make SANITIZE=address,undefined check   the same under ASan+UBSan
#   make install PREFIX=/usr/local DESTDIR=     (make uninstall: the same, removed)
#   make deb                  build/isms_VERSION_ARCH.deb (dpkg-deb)
#   make ISMS_HOME_URL=https://...   the project's home, named in SARIF
#   make fuzz FUZZ_SECONDS=60 make bench

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
PKGS     = libgit2 libcmark-gfm yaml-0.1 libpcre2-8 libgvc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS)) -lcmark-gfm-extensions -lpthread

CFLAGS  ?= -O2 -g
# The project's home page, named as SARIF's informationUri; empty (the
# default: the project has no public home yet) leaves it out.
ISMS_HOME_URL ?=
WARN     = -Wall -Wextra -Wno-unused-parameter -Wshadow -Wstrict-prototypes -Werror=implicit-function-declaration
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) -Ilib -I$(BUILD)/gen $(PKG_CFLAGS)
# A tool records only the libraries it uses: the lint and the hooks do
# not load Graphviz, whose start-up costs a hook a millisecond.
ALL_LDFLAGS = -Wl,--as-needed $(LDFLAGS)

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

# Graphviz's layout and SVG plugins are loaded from its plugin folder.
$(BUILD)/obj/lib/graph.o: ALL_CFLAGS += \
  -DISMS_GV_PLUGINS='"$(shell pkg-config --variable=libdir libgvc)/graphviz"' \
  -DISMS_GV_PLUGIN_VERSION='"$(shell pkg-config --variable=plugins libgvc)"'

# The home page is compiled into report.o, which is rebuilt when it changes.
$(BUILD)/home-url: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' '$(ISMS_HOME_URL)' > $@.tmp; \
	  if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi
$(BUILD)/obj/lib/report.o: $(BUILD)/home-url
$(BUILD)/obj/lib/report.o: ALL_CFLAGS += -DISMS_HOME_URL='"$(ISMS_HOME_URL)"'

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
# its own binary; the CI templates run share/isms/jira-export. uninstall
# removes exactly what install puts: the tools, the man pages and
# share/isms (standard folders such as bin stay).
BIN_DIR   = $(DESTDIR)$(PREFIX)/bin
MAN_DIR   = $(DESTDIR)$(PREFIX)/share/man/man1
SHARE_DIR = $(DESTDIR)$(PREFIX)/share/isms

install: $(TOOLS)
	install -d $(BIN_DIR) $(MAN_DIR)
	install -m 755 $(TOOLS) $(BIN_DIR)/
	$(if $(MANS),install -m 644 $(MANS) $(MAN_DIR)/)
	rm -rf $(SHARE_DIR)/policy-templates
	install -d $(SHARE_DIR)
	cp -R policy-templates $(SHARE_DIR)/policy-templates
	install -m 755 ci/jira-export $(SHARE_DIR)/jira-export

uninstall:
	rm -f $(TOOLS:$(BUILD)/%=$(BIN_DIR)/%) $(MANS:man/%=$(MAN_DIR)/%)
	rm -rf $(SHARE_DIR)

# A Debian package of the tools (PREFIX /usr), for CI jobs that install
# them instead of building: dpkg-deb only, no packaging tool chain. Its
# dependencies are the libraries the tools link, as dpkg knows them.
DEB_VERSION ?= $(shell sed -n 's/^\#define ISMS_VERSION "\(.*\)"/\1/p' lib/isms.h)
DEB_ARCH    ?= $(shell dpkg --print-architecture 2>/dev/null)
DEB         = $(BUILD)/isms_$(DEB_VERSION)_$(DEB_ARCH).deb
deb: $(DEB)
$(DEB): $(TOOLS) $(MANS) Makefile ci/deb-control
	rm -rf $(BUILD)/deb
	$(MAKE) --no-print-directory install PREFIX=/usr DESTDIR=$(abspath $(BUILD)/deb)
	ci/deb-control $(BUILD)/deb $(DEB_VERSION) $(DEB_ARCH) $(TOOLS)
	dpkg-deb --root-owner-group --build $(BUILD)/deb $@

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

FORCE:

.PHONY: all check install uninstall deb fuzz bench demo clean FORCE
.SECONDARY:
