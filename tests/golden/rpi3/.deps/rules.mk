# The stage table (schism/pipeline.py) as make rules for this build
# directory; written by `schism make-rules` (docs/builds.md): do not edit.
SCHISM_CBI := phidias
SCHISM_HYPERVISOR_VARIABLES := 
SCHISM_ALL := $(O)/Makeconf $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml $(O)/scenario_p_laidout.xml $(O)/scenario_v_laidout.xml $(O)/scenario_pagetables.xml $(O)/pagetables $(O)/verify.txt $(O)/scenario_config_real.c $(O)/config_base.lds $(O)/scenario_config_real.xo $(O)/image $(O)/memory-map.txt $(O)/memory-map.svg

# stage -1: schism precompile -- hypervisor build configuration (CBI)
$(call schism_missing,$(O)/Makeconf,$(O)/.deps/precompile.stamp)
$(O)/.deps/precompile.stamp: $(O)/scenario.xml $(SCHISM_VARIABLES)
	$(RUN) precompile $(O)
$(O)/Makeconf: $(O)/.deps/precompile.stamp ;

# stage 0: hypervisor build (HYPERVISOR_SRC=dir, or prebuilt files in O).
# Its own make decides what to rebuild; the files it writes are listed
# in O/.deps/hypervisor.written for `make clean`.
ifneq ($(HYPERVISOR_SRC),)
$(O)/phidias.elf $(O)/invoke_gcc.cmd &: $(O)/Makeconf FORCE
	$(schism_hypervisor_begin)
	$(MAKE) -C $(HYPERVISOR_SRC) O=$(abspath $(O)) $(SCHISM_HYPERVISOR_VARIABLES)
	$(schism_hypervisor_end)
else
$(O)/phidias.elf $(O)/invoke_gcc.cmd:
	@echo "$@: error: missing prebuilt hypervisor file; provide $(O)/phidias.elf and" \
	      "$(O)/invoke_gcc.cmd, or set HYPERVISOR_SRC=dir to build them" >&2
	@exit 1
endif

# stage 1: schism expand -- import board/arch, default cpumaps, default hypervisor memreqs and maps
$(call schism_missing,$(O)/scenario_expanded.xml,$(O)/.deps/expand.stamp)
$(O)/.deps/expand.stamp: $(O)/scenario.xml $(SCHISM_VARIABLES)
	$(RUN) expand $(O)
$(O)/scenario_expanded.xml: $(O)/.deps/expand.stamp ;

# stage 2: schism reparent -- default memory, forced maps, memreqs moved to <memory>, map flags
$(call schism_missing,$(O)/scenario_reparented.xml,$(O)/.deps/reparent.stamp)
$(O)/.deps/reparent.stamp: $(O)/scenario_expanded.xml $(SCHISM_VARIABLES)
	$(RUN) reparent $(O)
$(O)/scenario_reparented.xml: $(O)/.deps/reparent.stamp ;

# stage 3: schism generate-config 1 -- stub configuration source (CBI), iteration 1
$(call schism_missing,$(O)/scenario_config.c,$(O)/.deps/generate-config-1.stamp)
$(O)/.deps/generate-config-1.stamp: $(O)/scenario_reparented.xml $(SCHISM_VARIABLES)
	$(RUN) generate-config $(O) 1
$(O)/scenario_config.c: $(O)/.deps/generate-config-1.stamp ;

# stage 3: schism compile-config 1 -- compile it with the CBI's config linker script
$(call schism_missing,$(O)/scenario_config.xo,$(O)/.deps/compile-config-1.stamp)
$(O)/.deps/compile-config-1.stamp: $(O)/scenario_config.c $(O)/invoke_gcc.cmd $(O)/scenario_reparented.xml $(SCHISM_VARIABLES)
	$(RUN) compile-config $(O) 1
$(O)/scenario_config.xo: $(O)/.deps/compile-config-1.stamp ;

# stage 4: schism measure -- measure core, config, page-table estimate and payload files
$(call schism_missing,$(O)/scenario_measured.xml,$(O)/.deps/measure.stamp)
$(O)/.deps/measure.stamp: $(O)/scenario_reparented.xml $(O)/phidias.elf $(O)/scenario_config.xo $(SCHISM_VARIABLES)
	$(RUN) measure $(O)
$(O)/scenario_measured.xml: $(O)/.deps/measure.stamp ;

# stage 5: schism layout-memory -- place memory requests in physical memory
$(call schism_missing,$(O)/scenario_p_laidout.xml,$(O)/.deps/layout-memory.stamp)
$(O)/.deps/layout-memory.stamp: $(O)/scenario_measured.xml $(SCHISM_VARIABLES)
	$(RUN) layout-memory $(O)
$(O)/scenario_p_laidout.xml: $(O)/.deps/layout-memory.stamp ;

# stage 6: schism layout-map -- place hypervisor maps in virtual memory
$(call schism_missing,$(O)/scenario_v_laidout.xml,$(O)/.deps/layout-map.stamp)
$(O)/.deps/layout-map.stamp: $(O)/scenario_p_laidout.xml $(SCHISM_VARIABLES)
	$(RUN) layout-map $(O)
$(O)/scenario_v_laidout.xml: $(O)/.deps/layout-map.stamp ;

# stage 7: schism pagetables -- build the page tables
$(call schism_missing,$(O)/scenario_pagetables.xml $(O)/pagetables,$(O)/.deps/pagetables.stamp)
$(O)/.deps/pagetables.stamp: $(O)/scenario_v_laidout.xml $(SCHISM_VARIABLES)
	$(RUN) pagetables $(O)
$(O)/scenario_pagetables.xml $(O)/pagetables: $(O)/.deps/pagetables.stamp ;

# stage 7: schism verify -- check the binary tables against the XML and the isolation rules
$(call schism_missing,$(O)/verify.txt,$(O)/.deps/verify.stamp)
$(O)/.deps/verify.stamp: $(O)/scenario_pagetables.xml $(O)/pagetables $(SCHISM_VARIABLES)
	$(RUN) verify $(O)
$(O)/verify.txt: $(O)/.deps/verify.stamp ;

# stage 8: schism generate-config 2 -- final configuration source (CBI), iteration 2
$(call schism_missing,$(O)/scenario_config_real.c $(O)/config_base.lds,$(O)/.deps/generate-config-2.stamp)
$(O)/.deps/generate-config-2.stamp: $(O)/scenario_pagetables.xml $(SCHISM_VARIABLES)
	$(RUN) generate-config $(O) 2
$(O)/scenario_config_real.c $(O)/config_base.lds: $(O)/.deps/generate-config-2.stamp ;

# stage 8: schism compile-config 2 -- compile it at the config's final address
$(call schism_missing,$(O)/scenario_config_real.xo,$(O)/.deps/compile-config-2.stamp)
$(O)/.deps/compile-config-2.stamp: $(O)/scenario_config_real.c $(O)/config_base.lds $(O)/invoke_gcc.cmd $(O)/scenario_pagetables.xml $(SCHISM_VARIABLES)
	$(RUN) compile-config $(O) 2
$(O)/scenario_config_real.xo: $(O)/.deps/compile-config-2.stamp ;

# stage 9: schism combine -- concatenate the boot image (raw, uimage, efi-pe)
$(call schism_missing,$(O)/image,$(O)/.deps/combine.stamp)
$(O)/.deps/combine.stamp: $(O)/scenario_pagetables.xml $(O)/phidias.elf $(O)/scenario_config_real.xo $(O)/pagetables $(O)/verify.txt $(SCHISM_VARIABLES)
	$(RUN) combine $(O)
$(O)/image: $(O)/.deps/combine.stamp ;

# stage 9: schism report -- memory map: where everything was placed, what each table maps
$(call schism_missing,$(O)/memory-map.txt $(O)/memory-map.svg,$(O)/.deps/report.stamp)
$(O)/.deps/report.stamp: $(O)/scenario_pagetables.xml $(SCHISM_VARIABLES)
	$(RUN) report $(O)
$(O)/memory-map.txt $(O)/memory-map.svg: $(O)/.deps/report.stamp ;

precompile: $(O)/Makeconf
hypervisor: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd
expand: $(O)/scenario_expanded.xml
reparent: $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml
generate-config: $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c
compile-config: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo
measure: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml
layout-memory: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml $(O)/scenario_p_laidout.xml
layout-map: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml $(O)/scenario_p_laidout.xml $(O)/scenario_v_laidout.xml
pagetables: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml $(O)/scenario_p_laidout.xml $(O)/scenario_v_laidout.xml $(O)/scenario_pagetables.xml $(O)/pagetables
verify: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml $(O)/scenario_p_laidout.xml $(O)/scenario_v_laidout.xml $(O)/scenario_pagetables.xml $(O)/pagetables $(O)/verify.txt
combine: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml $(O)/scenario_p_laidout.xml $(O)/scenario_v_laidout.xml $(O)/scenario_pagetables.xml $(O)/pagetables $(O)/verify.txt $(O)/scenario_config_real.c $(O)/config_base.lds $(O)/scenario_config_real.xo $(O)/image
report: $(O)/Makeconf $(O)/phidias.elf $(O)/invoke_gcc.cmd $(O)/scenario_expanded.xml $(O)/scenario_reparented.xml $(O)/scenario_config.c $(O)/scenario_config.xo $(O)/scenario_measured.xml $(O)/scenario_p_laidout.xml $(O)/scenario_v_laidout.xml $(O)/scenario_pagetables.xml $(O)/pagetables $(O)/memory-map.txt $(O)/memory-map.svg
.PHONY: precompile hypervisor expand reparent generate-config compile-config measure layout-memory layout-map pagetables verify combine report
