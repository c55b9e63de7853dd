# schism: build a hypervisor image out of tree.
#
#   make O=dir              every stage, -1 to 9 (incremental)
#   make O=dir <stage>      up to one stage (see `make help` for the words)
#   make test               the test suite
#   make golden-update      rewrite expected golden files from current output
#   make demo / boot-demo   build / boot the bundled QEMU example
#
# Dependencies follow the stage table (schism/pipeline.py, `make help`):
# each output depends on its inputs and on the stylesheets, library and DTD
# its stage uses. Stage 0 (the hypervisor) comes from HYPERVISOR_SRC=dir, or
# prebuilt O/<cbi>.elf and O/invoke_gcc.cmd.

SRC := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
PYTHON ?= $(if $(wildcard $(SRC)/.venv/bin/python),$(SRC)/.venv/bin/python,python3)
SCHISM ?= $(PYTHON) -m schism
SCHISM_FLAGS ?=

.DEFAULT_GOAL := all
.PHONY: all help test golden-update lint precompile hypervisor expand reparent \
        generate-config measure layout-memory layout-map pagetables combine \
        demo boot-demo demo-hypervisor clean-demo

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
O := $(patsubst %/,%,$(O))
CBI := $(shell sed -n 's/.*<scenario[^>]*[[:space:]]cbi="\([^"]*\)".*/\1/p' $(O)/scenario.xml 2>/dev/null | head -n1)
ELF := $(O)/$(CBI).elf
RUN := $(SCHISM) $(SCHISM_FLAGS)

XSL_COMMON := $(SRC)/xslt/common.xsl
DTD := $(SRC)/dtd/scenario.dtd
XMLLIB := $(wildcard $(SRC)/xmllib/*.xml)
stage_deps = $(SRC)/xslt/$(1).xsl $(XSL_COMMON) $(DTD)
# The CBI's own files: its default hypervisor, generator and linker script.
CBI_DIR := $(SRC)/schism/cbi/$(CBI)
CBI_SRC := $(SRC)/schism/cbi/__init__.py $(wildcard $(CBI_DIR)/*.py)
CBI_LDS := $(wildcard $(CBI_DIR)/*.lds)
CBI_XML := $(wildcard $(CBI_DIR)/default_hypervisor_*.xml)

all: $(O)/.precompile.stamp $(O)/image

# Stage -1: Makeconf is rewritten only when its content changes; the stamp
# records that the check ran.
$(O)/.precompile.stamp: $(O)/scenario.xml $(CBI_SRC)
	$(RUN) precompile $(O)
	@touch $@
$(O)/Makeconf: $(O)/.precompile.stamp ;
precompile: $(O)/.precompile.stamp

# Stage 0: the hypervisor ELF and the compiler command for config objects.
ifneq ($(HYPERVISOR_SRC),)
$(ELF) $(O)/invoke_gcc.cmd: $(O)/Makeconf
	$(MAKE) -C $(HYPERVISOR_SRC) O=$(abspath $(O))
	@touch $(ELF) $(O)/invoke_gcc.cmd
else
$(ELF) $(O)/invoke_gcc.cmd:
	@echo "$@: error: missing prebuilt hypervisor file; provide $(ELF) and" \
	      "$(O)/invoke_gcc.cmd, or set HYPERVISOR_SRC=dir to build them" >&2
	@exit 1
endif
hypervisor: $(ELF) $(O)/invoke_gcc.cmd

# Stages 1, 2: XSLT.
$(O)/scenario_expanded.xml: $(O)/scenario.xml $(call stage_deps,expand) $(XMLLIB) $(CBI_XML)
	$(RUN) expand $(O)
$(O)/scenario_reparented.xml: $(O)/scenario_expanded.xml $(call stage_deps,reparent)
	$(RUN) reparent $(O)
expand: $(O)/scenario_expanded.xml
reparent: $(O)/scenario_reparented.xml

# Stage 3: stub configuration, compiled to be measured.
$(O)/scenario_config.c: $(O)/scenario_reparented.xml $(CBI_SRC)
	$(RUN) generate-config $(O) 1
$(O)/scenario_config.xo: $(O)/scenario_config.c $(O)/invoke_gcc.cmd $(CBI_LDS)
	$(RUN) compile-config $(O) 1
generate-config: $(O)/scenario_config.xo

# Stage 4: payload files are inputs too (their sizes go into the XML).
HREFS := $(shell sed -n 's/.*<file[[:space:]][^>]*href="\([^"]*\)".*/\1/p' $(O)/scenario.xml 2>/dev/null)
FILES := $(foreach f,$(HREFS),$(if $(filter /%,$(f)),$(f),$(O)/$(f)))
$(O)/scenario_measured.xml: $(O)/scenario_reparented.xml $(ELF) $(O)/scenario_config.xo \
                            $(FILES) $(call stage_deps,measure)
	$(RUN) measure $(O)
measure: $(O)/scenario_measured.xml

# Stages 5-7: layout and page tables.
$(O)/scenario_p_laidout.xml: $(O)/scenario_measured.xml $(call stage_deps,layout-memory)
	$(RUN) layout-memory $(O)
$(O)/scenario_v_laidout.xml: $(O)/scenario_p_laidout.xml $(call stage_deps,layout-map)
	$(RUN) layout-map $(O)
$(O)/scenario_pagetables.xml: $(O)/scenario_v_laidout.xml $(call stage_deps,pagetables)
	$(RUN) pagetables $(O)
$(O)/pagetables: $(O)/scenario_pagetables.xml ;
layout-memory: $(O)/scenario_p_laidout.xml
layout-map: $(O)/scenario_v_laidout.xml
pagetables: $(O)/scenario_pagetables.xml

# Stage 8: the real configuration at its final address.
$(O)/scenario_config_real.c: $(O)/scenario_pagetables.xml $(CBI_SRC)
	$(RUN) generate-config $(O) 2
$(O)/config_base.lds: $(O)/scenario_config_real.c ;
$(O)/scenario_config_real.xo: $(O)/scenario_config_real.c $(O)/config_base.lds $(O)/invoke_gcc.cmd \
                              $(CBI_LDS)
	$(RUN) compile-config $(O) 2

# Stage 9: the boot image.
$(O)/image: $(O)/scenario_pagetables.xml $(O)/pagetables $(ELF) $(O)/scenario_config_real.xo $(FILES)
	$(RUN) combine $(O)
combine: $(O)/image
else
all expand reparent precompile hypervisor generate-config measure layout-memory layout-map \
pagetables combine:
	@echo "usage: make O=<build directory> [$@]  (O must contain scenario.xml)" >&2
	@exit 2
endif
