# schism: build a hypervisor image out of tree.
#
#   make O=dir              every stage, -1 to 9 (incremental)
#   make O=dir <stage>      up to one stage (see `make help` for the words)
#   make test               the test suite
#   make golden-update      rewrite expected golden files from current output
#   make demo / boot-demo   build / boot the bundled QEMU example
#
#   make clean O=dir        remove what schism and the hypervisor build wrote
#
# The rules come from the stage table (schism/pipeline.py, `make help`):
# `schism make-rules` writes them to O/.deps/rules.mk, and every stage writes
# what it read into O/.deps/<stage>.d, as `gcc -MD` does (docs/builds.md).
# The process make starts for a stage runs the stages make would run next
# itself, trees in memory (schism/chain.py; SCHISM_CHAIN=no: one each).
# Stage 0 (the hypervisor) is HYPERVISOR_SRC=dir's own make, or prebuilt
# O/<cbi>.elf and O/invoke_gcc.cmd.

SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= $(if $(wildcard $(SRC)/.venv/bin/python),$(SRC)/.venv/bin/python,python3)
SCHISM ?= $(PYTHON) -m schism
SCHISM_FLAGS ?=

.DEFAULT_GOAL := all
.PHONY: all help test golden-update lint demo boot-demo demo-hypervisor clean-demo clean FORCE

# ---------------------------------------------------------------- tools ----
help:
	@echo "usage: make O=dir [stage] | make test | make golden-update | make demo | make boot-demo"
	@echo
	@$(SCHISM) stages

test:
	$(PYTHON) -m pytest -q

golden-update:
	$(PYTHON) -m pytest -q tests/test_golden.py --update-goldens
	@git -C $(SRC) status --short -- tests/golden

lint:
	$(PYTHON) -m ruff check $(SRC)

# ----------------------------------------------------------------- demo ----
# The bundled example: demo CBI + example hypervisor for QEMU virt (arm64).
DEMO_O ?= build/demo
demo:
	mkdir -p $(DEMO_O)
	cp -p $(SRC)/examples/demo/scenario.xml $(SRC)/examples/demo/hello.txt \
	      $(SRC)/examples/demo/payload.bin $(DEMO_O)/
	$(MAKE) -f $(SRC)/Makefile O=$(DEMO_O) HYPERVISOR_SRC=$(SRC)/examples/demo-hypervisor
boot-demo: demo
	$(PYTHON) $(SRC)/examples/demo/boot.py $(DEMO_O)
demo-hypervisor:
	$(MAKE) -C $(SRC)/examples/demo-hypervisor
clean-demo:
	rm -rf $(DEMO_O)

# --------------------------------------------------------------- stages ----
ifneq ($(O),)
# A build directory make and the shell can name (docs/builds.md
# "The build directory"): make splits a path at spaces and gives : ; = # $ %
# their own meanings, the shell its quotes, globs and metacharacters.
schism_lparen := (
schism_rparen := )
schism_hash := \#
schism_unsafe = $(strip $(foreach c,: ; = % * ? [ ] ' " \ ` | & < > { } ! ^ \
  $(schism_hash) $(schism_lparen) $(schism_rparen),$(if $(findstring $(c),$(1)),$(c))) \
  $(if $(findstring $$,$(1)),$$))
# $(call schism_path,VARIABLE,what it names): stop on a path make cannot use
define schism_path
ifneq ($$(words $$(value $(1))),1)
$$(error $(1)='$$(value $(1))': make cannot name $(2) whose path holds spaces; use one without)
endif
ifneq ($$(call schism_unsafe,$$(value $(1))),)
$$(error $(1)='$$(value $(1))': make cannot name $(2) whose path holds $$(foreach c,$$(call schism_unsafe,$$(value $(1))),'$$(c)'); use one of letters, digits and / . _ - + , @ ~)
endif
endef
$(eval $(call schism_path,O,a build directory))
ifneq ($(HYPERVISOR_SRC),)
$(eval $(call schism_path,HYPERVISOR_SRC,a hypervisor source directory))
endif
O := $(patsubst %/,%,$(O))
RUN := $(SCHISM) $(SCHISM_FLAGS)
DEPS := $(O)/.deps

# A stage whose output is missing runs again: its stamp goes (now, before
# make looks at any file), so make and a process running the following
# stages (schism/chain.py) both see it out of date.
schism_missing = $(if $(strip $(foreach f,$(1),$(if $(wildcard $(f)),,x))),$(shell rm -f $(2)))

# Variables a stage's result depends on: $(DEPS)/var-NAME holds the value the
# stages were built with; a new value rewrites it, and the stages listing it
# run again. SCHISM_FLAGS (schism's options) concerns every stage; the
# depfiles add the variables their stage consulted (SCHISM_XMLLIB, ...).
export SCHISM_FLAGS
# make's goals, for a stage process that runs the stages make would run
# next (docs/builds.md "Stages in one process"); SCHISM_CHAIN=no runs every
# stage in a process of its own.
SCHISM_CHAIN ?= yes
ifeq ($(SCHISM_CHAIN),yes)
export SCHISM_MAKE_GOALS := $(or $(MAKECMDGOALS),all)
else
unexport SCHISM_MAKE_GOALS
endif
SCHISM_TRACKED += SCHISM_FLAGS
SCHISM_VARIABLES := $(DEPS)/var-SCHISM_FLAGS
define schism_track
ifeq ($$(wildcard $(DEPS)/var-$(1)),)
$$(file >$(DEPS)/var-$(1),$$($(1)))
$$(shell touch -d @1 $(DEPS)/var-$(1))
else ifneq ($$(file <$(DEPS)/var-$(1)),$$($(1)))
$$(file >$(DEPS)/var-$(1),$$($(1)))
endif
endef
ifeq ($(filter clean,$(MAKECMDGOALS)),)
ifeq ($(wildcard $(O)/scenario.xml),)
$(error $(O)/scenario.xml: no such file (O must contain the scenario))
endif

# The stage rules, made from the stage table and the scenario's CBI; make
# rebuilds this file first when what it was made from changed.
include $(DEPS)/rules.mk
$(DEPS)/rules.mk:
	$(RUN) make-rules $(O)

# What each stage read when it last ran (stylesheets, library files, DTD,
# payloads, headers, schism's modules, the CBI's files).
-include $(wildcard $(DEPS)/*.d)

$(shell mkdir -p $(DEPS))
$(foreach v,$(sort $(SCHISM_TRACKED)),$(eval $(call schism_track,$(v))))
endif

# Stage 0 records the files its make writes (new ones, or ones whose time
# changed), for `make clean`. A snapshot of a run that failed is kept, so the
# next run still finds what the failed one wrote.
schism_snapshot = find . -mindepth 1 -path ./.deps -prune -o -printf '%T@ %P\n' | LC_ALL=C sort
schism_hypervisor_begin = @mkdir -p $(DEPS) && cd $(O) && { test -e .deps/hypervisor.before || \
	$(schism_snapshot) > .deps/hypervisor.before; }
schism_hypervisor_end = @cd $(O) && $(schism_snapshot) | LC_ALL=C comm -13 .deps/hypervisor.before - | \
	cut -d' ' -f2- >> .deps/hypervisor.written && rm -f .deps/hypervisor.before

all: $(SCHISM_ALL)

clean:
	$(RUN) clean $(O)
else
all clean precompile hypervisor expand reparent generate-config compile-config measure \
layout-memory layout-map pagetables combine:
	@echo "usage: make O=<build directory> [$@]  (O must contain scenario.xml)" >&2
	@exit 2
endif

FORCE:
