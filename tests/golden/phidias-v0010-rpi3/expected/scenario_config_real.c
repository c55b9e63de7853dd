#include <phidias.h>
#include <vm.h>
#include <interrupts.h>
#include <emulate/core.h>
#include <emulate/uart.h>
#include <emulate/irq.h>
#include <emulate/timer.h>
#include <emulate/clock.h>
#include <emulate/vtlb.h>
#include <emulate/memory.h>
#include <arch/cpu_state.h>
#include <schedule.h>
#include <specification.h>
#include <arch/specification.h>

#define	__SEC_ROH	__attribute__((section(".rodata_head")))
#define	__SEC_RO	__attribute__((section(".rodata")))
#define	__SEC_RW	__attribute__((section(".data")))
#define	__SEC_RWS	__attribute__((section(".data_shared")))

__SEC_ROH specification const _specification;
__SEC_RO const vm * const _specification_irq_owners[IRQID_MAXIMUM];
__SEC_RO specification_arch const _specification_arch;
__SEC_RO specification_cpu const _specification_cpus[1];
__SEC_RO memarea const cpu0_memareas[34];
__SEC_RO tree_memarea const cpu0_memtree_l_l_l_l;
__SEC_RO tree_memarea const cpu0_memtree_l_l_l;
__SEC_RO tree_memarea const cpu0_memtree_l_l;
__SEC_RO tree_memarea const cpu0_memtree_l_l_r;
__SEC_RO tree_memarea const cpu0_memtree_l;
__SEC_RO tree_memarea const cpu0_memtree_l_r_l;
__SEC_RO tree_memarea const cpu0_memtree_l_r;
__SEC_RO tree_memarea const cpu0_memtree_l_r_r;
__SEC_RO tree_memarea const cpu0_memtree;
__SEC_RO tree_memarea const cpu0_memtree_r_l_l_l;
__SEC_RO tree_memarea const cpu0_memtree_r_l_l;
__SEC_RO tree_memarea const cpu0_memtree_r_l;
__SEC_RO tree_memarea const cpu0_memtree_r_l_r;
__SEC_RO tree_memarea const cpu0_memtree_r;
__SEC_RO tree_memarea const cpu0_memtree_r_r_l;
__SEC_RO tree_memarea const cpu0_memtree_r_r;
__SEC_RO tree_memarea const cpu0_memtree_r_r_r;
__SEC_RO vm_cpu * const cpu0_vm_cpus[1];
__SEC_RW uintptr_t __placeholder_rw;
__SEC_RWS uintptr_t __placeholder_rws;
__SEC_RO vm const vm_hello;
__SEC_RW vm_cpu vm_hello_cpus[1];
__SEC_RO vm_copyin const vm_hello_copyins[1];
__SEC_RO capability const vm_hello_capabilities[0];
__SEC_RW scheduler_entity vm_hello_cpu0_scheds[1];
__SEC_RO memarea const vm_hello_cpu0_memareas[2];
__SEC_RO tree_memarea const vm_hello_cpu0_memtree_l;
__SEC_RO tree_memarea const vm_hello_cpu0_memtree;
__SEC_RO emulate const vm_hello_cpu0_emulates[2];
__SEC_RO tree_emulate const vm_hello_cpu0_emulatetree_l;
__SEC_RO tree_emulate const vm_hello_cpu0_emulatetree;
__SEC_RW emulate_irq_gic vdev_hello_gic_cpu0;
__SEC_RWS emulate_irq_gic_distributor vdev_hello_gic_dist;
__SEC_RO const emulate * const vm_hello_hw_emulates[0];


__SEC_ROH specification const _specification = {
  "PHIDSPEC", 0x8c000, 0xf4000c000, 0x91000, 1, _specification_cpus, _specification_irq_owners, &_specification_arch, "2026/11/25 12:37:19"
};
__SEC_RO const vm * const _specification_irq_owners[IRQID_MAXIMUM] = {
};
__SEC_RO specification_arch const _specification_arch = {};
__SEC_RO specification_cpu const _specification_cpus[1] = {
  { 0x97000, 34, cpu0_memareas, &cpu0_memtree, 1, cpu0_vm_cpus, {} },
};
__SEC_RO memarea const cpu0_memareas[34] = {
  { 0x80000, 0xf40000000, 0x7000, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x87000, 0xf40007000, 0x3000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x40000, 0xf4000b000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x8a000, 0xf4000a000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x8b000, 0xf40059000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xc1000, 0xf4005d000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x42000, 0xf4005f000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x8c000, 0xf4000c000, 0x3000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x41000, 0xf4000f000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x90000, 0xf40010000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x8f000, 0xf4005b000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0xf40012000, 0x40000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x3f201000, 0xf40053000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x3f00b000, 0xf40055000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x40000000, 0xf40057000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xc2000, 0x1000, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x43000, 0xf40061000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
__SEC_RO tree_memarea const cpu0_memtree_l_l_l_l = { NULL, NULL, cpu0_memareas + 32 };
__SEC_RO tree_memarea const cpu0_memtree_l_l_l = { &cpu0_memtree_l_l_l_l, NULL, cpu0_memareas + 0 };
__SEC_RO tree_memarea const cpu0_memtree_l_l = { &cpu0_memtree_l_l_l, &cpu0_memtree_l_l_r, cpu0_memareas + 1 };
__SEC_RO tree_memarea const cpu0_memtree_l_l_r = { NULL, NULL, cpu0_memareas + 3 };
__SEC_RO tree_memarea const cpu0_memtree_l = { &cpu0_memtree_l_l, &cpu0_memtree_l_r, cpu0_memareas + 2 };
__SEC_RO tree_memarea const cpu0_memtree_l_r_l = { NULL, NULL, cpu0_memareas + 8 };
__SEC_RO tree_memarea const cpu0_memtree_l_r = { &cpu0_memtree_l_r_l, &cpu0_memtree_l_r_r, cpu0_memareas + 9 };
__SEC_RO tree_memarea const cpu0_memtree_l_r_r = { NULL, NULL, cpu0_memareas + 10 };
__SEC_RO tree_memarea const cpu0_memtree = { &cpu0_memtree_l, &cpu0_memtree_r, cpu0_memareas + 12 };
__SEC_RO tree_memarea const cpu0_memtree_r_l_l_l = { NULL, NULL, cpu0_memareas + 16 };
__SEC_RO tree_memarea const cpu0_memtree_r_l_l = { &cpu0_memtree_r_l_l_l, NULL, cpu0_memareas + 17 };
__SEC_RO tree_memarea const cpu0_memtree_r_l = { &cpu0_memtree_r_l_l, &cpu0_memtree_r_l_r, cpu0_memareas + 24 };
__SEC_RO tree_memarea const cpu0_memtree_r_l_r = { NULL, NULL, cpu0_memareas + 4 };
__SEC_RO tree_memarea const cpu0_memtree_r = { &cpu0_memtree_r_l, &cpu0_memtree_r_r, cpu0_memareas + 11 };
__SEC_RO tree_memarea const cpu0_memtree_r_r_l = { NULL, NULL, cpu0_memareas + 6 };
__SEC_RO tree_memarea const cpu0_memtree_r_r = { &cpu0_memtree_r_r_l, &cpu0_memtree_r_r_r, cpu0_memareas + 7 };
__SEC_RO tree_memarea const cpu0_memtree_r_r_r = { NULL, NULL, cpu0_memareas + 33 };
__SEC_RO vm_cpu * const cpu0_vm_cpus[1] = {
  vm_hello_cpus + 0,
};
__SEC_RW uintptr_t __placeholder_rw = 0xbeef;
__SEC_RWS uintptr_t __placeholder_rws = 0xf4eebeef;
__SEC_RO vm const vm_hello = {
  1, vm_hello_cpus,
  0, vm_hello_capabilities,
  1, vm_hello_copyins,
  0x40000000
};
__SEC_RW vm_cpu vm_hello_cpus[1] = {
  { &vm_hello, (vm_cpu_state *)0xf40061000, 0,
    0x9e000, 1,
    2, vm_hello_cpu0_memareas, &vm_hello_cpu0_memtree,
    2, vm_hello_cpu0_emulates, &vm_hello_cpu0_emulatetree,
    0, vm_hello_hw_emulates,
    NULL,
    vm_hello_cpu0_emulates + 0,
    NULL,
    1, vm_hello_cpu0_scheds },
};
__SEC_RO vm_copyin const vm_hello_copyins[1] = {
  { 0x1000, 0xf4005d000, 0x61 },
};
__SEC_RO capability const vm_hello_capabilities[0] = {
};
__SEC_RW scheduler_entity vm_hello_cpu0_scheds[1] = {
  { vm_hello_cpus + 0, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
__SEC_RO memarea const vm_hello_cpu0_memareas[2] = {
  { 0xc2000, 0x40000000, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu0_memareas + 32 },
  { 0x3f201000, 0x3f201000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_D, cpu0_memareas + 16 },
};
__SEC_RO tree_memarea const vm_hello_cpu0_memtree_l = { NULL, NULL, vm_hello_cpu0_memareas + 1 };
__SEC_RO tree_memarea const vm_hello_cpu0_memtree = { &vm_hello_cpu0_memtree_l, NULL, vm_hello_cpu0_memareas + 0 };
__SEC_RO emulate const vm_hello_cpu0_emulates[2] = {
  { 0xffefe000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_hello_gic_cpu0 }, 0 },
  { 0xffeff000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_hello_gic_cpu0 }, 1 },
};
__SEC_RO tree_emulate const vm_hello_cpu0_emulatetree_l = { NULL, NULL, vm_hello_cpu0_emulates + 0 };
__SEC_RO tree_emulate const vm_hello_cpu0_emulatetree = { &vm_hello_cpu0_emulatetree_l, NULL, vm_hello_cpu0_emulates + 1 };
__SEC_RW emulate_irq_gic vdev_hello_gic_cpu0 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_hello_gic_dist, {}, 0 };
__SEC_RWS emulate_irq_gic_distributor vdev_hello_gic_dist = {};
__SEC_RO const emulate * const vm_hello_hw_emulates[0] = { };
