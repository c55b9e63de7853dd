#include <phidias.h>
#include <vm.h>
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
#define	SEC_ROH	__attribute__((section(".rodata_head")))
#define	SEC_RO	__attribute__((section(".rodata")))
#define	SEC_RW	__attribute__((section(".data")))
#define	SEC_RWS	__attribute__((section(".data_shared")))

SEC_ROH specification const _specification;
SEC_RO specification_cpu const _specification_cpus[4];
SEC_RO memarea const cpu0_memareas[32];
SEC_RO tree_memarea const cpu0_memtree;
SEC_RO tree_memarea const cpu0_memtree_l;
SEC_RO tree_memarea const cpu0_memtree_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_r;
SEC_RO tree_memarea const cpu0_memtree_l_r;
SEC_RO tree_memarea const cpu0_memtree_l_r_l;
SEC_RO tree_memarea const cpu0_memtree_l_r_r;
SEC_RO tree_memarea const cpu0_memtree_r;
SEC_RO tree_memarea const cpu0_memtree_r_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_r;
SEC_RO tree_memarea const cpu0_memtree_r_r;
SEC_RO tree_memarea const cpu0_memtree_r_r_l;
SEC_RO memarea const cpu1_memareas[36];
SEC_RO tree_memarea const cpu1_memtree;
SEC_RO tree_memarea const cpu1_memtree_l;
SEC_RO tree_memarea const cpu1_memtree_l_l;
SEC_RO tree_memarea const cpu1_memtree_l_l_l;
SEC_RO tree_memarea const cpu1_memtree_l_l_l_l;
SEC_RO tree_memarea const cpu1_memtree_l_l_r;
SEC_RO tree_memarea const cpu1_memtree_l_r;
SEC_RO tree_memarea const cpu1_memtree_l_r_l;
SEC_RO tree_memarea const cpu1_memtree_l_r_l_l;
SEC_RO tree_memarea const cpu1_memtree_l_r_r;
SEC_RO tree_memarea const cpu1_memtree_r;
SEC_RO tree_memarea const cpu1_memtree_r_l;
SEC_RO tree_memarea const cpu1_memtree_r_l_l;
SEC_RO tree_memarea const cpu1_memtree_r_l_l_l;
SEC_RO tree_memarea const cpu1_memtree_r_l_r;
SEC_RO tree_memarea const cpu1_memtree_r_r;
SEC_RO tree_memarea const cpu1_memtree_r_r_l;
SEC_RO tree_memarea const cpu1_memtree_r_r_r;
SEC_RO memarea const cpu2_memareas[32];
SEC_RO tree_memarea const cpu2_memtree;
SEC_RO tree_memarea const cpu2_memtree_l;
SEC_RO tree_memarea const cpu2_memtree_l_l;
SEC_RO tree_memarea const cpu2_memtree_l_l_l;
SEC_RO tree_memarea const cpu2_memtree_l_l_r;
SEC_RO tree_memarea const cpu2_memtree_l_r;
SEC_RO tree_memarea const cpu2_memtree_l_r_l;
SEC_RO tree_memarea const cpu2_memtree_l_r_r;
SEC_RO tree_memarea const cpu2_memtree_r;
SEC_RO tree_memarea const cpu2_memtree_r_l;
SEC_RO tree_memarea const cpu2_memtree_r_l_l;
SEC_RO tree_memarea const cpu2_memtree_r_l_r;
SEC_RO tree_memarea const cpu2_memtree_r_r;
SEC_RO tree_memarea const cpu2_memtree_r_r_l;
SEC_RO memarea const cpu3_memareas[36];
SEC_RO tree_memarea const cpu3_memtree;
SEC_RO tree_memarea const cpu3_memtree_l;
SEC_RO tree_memarea const cpu3_memtree_l_l;
SEC_RO tree_memarea const cpu3_memtree_l_l_l;
SEC_RO tree_memarea const cpu3_memtree_l_l_l_l;
SEC_RO tree_memarea const cpu3_memtree_l_l_r;
SEC_RO tree_memarea const cpu3_memtree_l_r;
SEC_RO tree_memarea const cpu3_memtree_l_r_l;
SEC_RO tree_memarea const cpu3_memtree_l_r_l_l;
SEC_RO tree_memarea const cpu3_memtree_l_r_r;
SEC_RO tree_memarea const cpu3_memtree_r;
SEC_RO tree_memarea const cpu3_memtree_r_l;
SEC_RO tree_memarea const cpu3_memtree_r_l_l;
SEC_RO tree_memarea const cpu3_memtree_r_l_l_l;
SEC_RO tree_memarea const cpu3_memtree_r_l_r;
SEC_RO tree_memarea const cpu3_memtree_r_r;
SEC_RO tree_memarea const cpu3_memtree_r_r_l;
SEC_RO tree_memarea const cpu3_memtree_r_r_r;
SEC_RO vm_cpu * const cpu1_vm_cpus[1];
SEC_RO vm_cpu * const cpu3_vm_cpus[1];
SEC_RW uint32_t __placeholder_rw;
SEC_RWS uint32_t __placeholder_rws;
SEC_RO vm const vm_g1;
SEC_RW vm_cpu vm_g1_cpus[2];
SEC_RW scheduler_entity vm_g1_cpu0_scheds[1];
SEC_RW scheduler_entity vm_g1_cpu1_scheds[1];
SEC_RO memarea const vm_g1_cpu0_memareas[2];
SEC_RO tree_memarea const vm_g1_cpu0_memtree;
SEC_RO tree_memarea const vm_g1_cpu0_memtree_l;
SEC_RO memarea const vm_g1_cpu1_memareas[2];
SEC_RO tree_memarea const vm_g1_cpu1_memtree;
SEC_RO tree_memarea const vm_g1_cpu1_memtree_l;
SEC_RO capability const vm_g1_capabilities[0];
SEC_RO vm_copyin const vm_g1_copyins[0];
SEC_RO emulate const vm_g1_cpu0_emulates[9];
SEC_RO emulate const vm_g1_cpu1_emulates[9];
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree;
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree_l;
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree_l_l;
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree_l_l_l;
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree_l_r;
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree_r;
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree_r_l;
SEC_RO tree_emulate const vm_g1_cpu0_emulatetree_r_r;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree_l;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree_l_l;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree_l_l_l;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree_l_r;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree_r;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree_r_l;
SEC_RO tree_emulate const vm_g1_cpu1_emulatetree_r_r;
SEC_RW emulate_timer_sp804 vdev_g1_sp804;
SEC_RW emulate_timer_mpcore vdev_g1_twd_cpu0;
SEC_RW emulate_timer_mpcore vdev_g1_twd_cpu1;
SEC_RW emulate_clock_mpcore vdev_g1_clock;
SEC_RW emulate_vtlb vdev_g1_vtlb_cpu0;
SEC_RW emulate_vtlb_instance vdev_g1_vtlb_cpu0_instances[8];
SEC_RO emulate_vtlb_pool const vdev_g1_vtlb_cpu0_levelpools[2];
SEC_RW uint32_t vdev_g1_vtlb_cpu0_levelpool0_bitmap[1];
SEC_RW uint32_t vdev_g1_vtlb_cpu0_levelpool1_bitmap[1];
SEC_RW emulate_vtlb vdev_g1_vtlb_cpu1;
SEC_RW emulate_vtlb_instance vdev_g1_vtlb_cpu1_instances[8];
SEC_RO emulate_vtlb_pool const vdev_g1_vtlb_cpu1_levelpools[2];
SEC_RW uint32_t vdev_g1_vtlb_cpu1_levelpool0_bitmap[1];
SEC_RW uint32_t vdev_g1_vtlb_cpu1_levelpool1_bitmap[1];
SEC_RW emulate_uart_pl011 vdev_g1_uart0;
SEC_RW emulate_irq_gic vdev_g1_gic_cpu0;
SEC_RW emulate_irq_gic vdev_g1_gic_cpu1;
SEC_RWS emulate_irq_gic_distributor vdev_g1_gic_dist;
SEC_RW emulate_uart_pl011 vdev_g1_uart1;
SEC_RO emulate_memory const vdev_g1_sysregs;

specification const _specification = {
  "PHIDSPEC", 0x5000, 0x8000005000, 0x9000, 4, _specification_cpus, "2026/11/25 12:37:19"
};
specification_cpu const _specification_cpus[4] = {
  { 0x10000, 32, cpu0_memareas, &cpu0_memtree, 0, NULL, {} },
  { 0x14000, 36, cpu1_memareas, &cpu1_memtree, 1, cpu1_vm_cpus, {} },
  { 0x1a000, 32, cpu2_memareas, &cpu2_memtree, 0, NULL, {} },
  { 0x1e000, 36, cpu3_memareas, &cpu3_memtree, 1, cpu3_vm_cpus, {} },
};
memarea const cpu0_memareas[32] = {
  { 0x0, 0x8000000000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x1000, 0x8000001000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xa9000, 0x8000003000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x2000, 0x8000002000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x3000, 0x800000a000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x79000, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb5000, 0x8000015000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x5000, 0x8000005000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb1000, 0x8000007000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x8000, 0x8000008000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x7000, 0x8000013000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x3f201000, 0x800000d000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x40000000, 0x8000011000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x3f00b000, 0x800000f000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
};
tree_memarea const cpu0_memtree = { &cpu0_memtree_l, &cpu0_memtree_r, cpu0_memareas + 10 };
tree_memarea const cpu0_memtree_l = { &cpu0_memtree_l_l, &cpu0_memtree_l_r, cpu0_memareas + 3 };
tree_memarea const cpu0_memtree_l_l = { &cpu0_memtree_l_l_l, &cpu0_memtree_l_l_r, cpu0_memareas + 0 };
tree_memarea const cpu0_memtree_l_l_l = { NULL, NULL, cpu0_memareas + 6 };
tree_memarea const cpu0_memtree_l_l_r = { NULL, NULL, cpu0_memareas + 1 };
tree_memarea const cpu0_memtree_l_r = { &cpu0_memtree_l_r_l, &cpu0_memtree_l_r_r, cpu0_memareas + 8 };
tree_memarea const cpu0_memtree_l_r_l = { NULL, NULL, cpu0_memareas + 2 };
tree_memarea const cpu0_memtree_l_r_r = { NULL, NULL, cpu0_memareas + 9 };
tree_memarea const cpu0_memtree_r = { &cpu0_memtree_r_l, &cpu0_memtree_r_r, cpu0_memareas + 24 };
tree_memarea const cpu0_memtree_r_l = { &cpu0_memtree_r_l_l, &cpu0_memtree_r_l_r, cpu0_memareas + 16 };
tree_memarea const cpu0_memtree_r_l_l = { NULL, NULL, cpu0_memareas + 4 };
tree_memarea const cpu0_memtree_r_l_r = { NULL, NULL, cpu0_memareas + 25 };
tree_memarea const cpu0_memtree_r_r = { &cpu0_memtree_r_r_l, NULL, cpu0_memareas + 7 };
tree_memarea const cpu0_memtree_r_r_l = { NULL, NULL, cpu0_memareas + 11 };
memarea const cpu1_memareas[36] = {
  { 0x0, 0x8000000000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x1000, 0x8000001000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xab000, 0x8000003000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x2000, 0x8000002000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x3000, 0x800000a000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x79000, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb6000, 0x8000015000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x5000, 0x8000005000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb2000, 0x8000007000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x8000, 0x8000008000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x7000, 0x8000013000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x3f201000, 0x800000d000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x40000000, 0x8000011000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x3f00b000, 0x800000f000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x200000, 0x200000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0xb9000, 0x8000031000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x79000, 0x8000017000, 0x10000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x99000, 0x8000028000, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu1_memtree = { &cpu1_memtree_l, &cpu1_memtree_r, cpu1_memareas + 4 };
tree_memarea const cpu1_memtree_l = { &cpu1_memtree_l_l, &cpu1_memtree_l_r, cpu1_memareas + 3 };
tree_memarea const cpu1_memtree_l_l = { &cpu1_memtree_l_l_l, &cpu1_memtree_l_l_r, cpu1_memareas + 0 };
tree_memarea const cpu1_memtree_l_l_l = { &cpu1_memtree_l_l_l_l, NULL, cpu1_memareas + 32 };
tree_memarea const cpu1_memtree_l_l_l_l = { NULL, NULL, cpu1_memareas + 6 };
tree_memarea const cpu1_memtree_l_l_r = { NULL, NULL, cpu1_memareas + 1 };
tree_memarea const cpu1_memtree_l_r = { &cpu1_memtree_l_r_l, &cpu1_memtree_l_r_r, cpu1_memareas + 9 };
tree_memarea const cpu1_memtree_l_r_l = { &cpu1_memtree_l_r_l_l, NULL, cpu1_memareas + 8 };
tree_memarea const cpu1_memtree_l_r_l_l = { NULL, NULL, cpu1_memareas + 2 };
tree_memarea const cpu1_memtree_l_r_r = { NULL, NULL, cpu1_memareas + 10 };
tree_memarea const cpu1_memtree_r = { &cpu1_memtree_r_l, &cpu1_memtree_r_r, cpu1_memareas + 7 };
tree_memarea const cpu1_memtree_r_l = { &cpu1_memtree_r_l_l, &cpu1_memtree_r_l_r, cpu1_memareas + 24 };
tree_memarea const cpu1_memtree_r_l_l = { &cpu1_memtree_r_l_l_l, NULL, cpu1_memareas + 25 };
tree_memarea const cpu1_memtree_r_l_l_l = { NULL, NULL, cpu1_memareas + 16 };
tree_memarea const cpu1_memtree_r_l_r = { NULL, NULL, cpu1_memareas + 11 };
tree_memarea const cpu1_memtree_r_r = { &cpu1_memtree_r_r_l, &cpu1_memtree_r_r_r, cpu1_memareas + 35 };
tree_memarea const cpu1_memtree_r_r_l = { NULL, NULL, cpu1_memareas + 34 };
tree_memarea const cpu1_memtree_r_r_r = { NULL, NULL, cpu1_memareas + 33 };
memarea const cpu2_memareas[32] = {
  { 0x0, 0x8000000000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x1000, 0x8000001000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xad000, 0x8000003000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x2000, 0x8000002000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x3000, 0x800000a000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x79000, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb7000, 0x8000015000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x5000, 0x8000005000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb3000, 0x8000007000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x8000, 0x8000008000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x7000, 0x8000013000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x3f201000, 0x800000d000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x40000000, 0x8000011000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x3f00b000, 0x800000f000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
};
tree_memarea const cpu2_memtree = { &cpu2_memtree_l, &cpu2_memtree_r, cpu2_memareas + 10 };
tree_memarea const cpu2_memtree_l = { &cpu2_memtree_l_l, &cpu2_memtree_l_r, cpu2_memareas + 3 };
tree_memarea const cpu2_memtree_l_l = { &cpu2_memtree_l_l_l, &cpu2_memtree_l_l_r, cpu2_memareas + 0 };
tree_memarea const cpu2_memtree_l_l_l = { NULL, NULL, cpu2_memareas + 6 };
tree_memarea const cpu2_memtree_l_l_r = { NULL, NULL, cpu2_memareas + 1 };
tree_memarea const cpu2_memtree_l_r = { &cpu2_memtree_l_r_l, &cpu2_memtree_l_r_r, cpu2_memareas + 8 };
tree_memarea const cpu2_memtree_l_r_l = { NULL, NULL, cpu2_memareas + 2 };
tree_memarea const cpu2_memtree_l_r_r = { NULL, NULL, cpu2_memareas + 9 };
tree_memarea const cpu2_memtree_r = { &cpu2_memtree_r_l, &cpu2_memtree_r_r, cpu2_memareas + 24 };
tree_memarea const cpu2_memtree_r_l = { &cpu2_memtree_r_l_l, &cpu2_memtree_r_l_r, cpu2_memareas + 16 };
tree_memarea const cpu2_memtree_r_l_l = { NULL, NULL, cpu2_memareas + 4 };
tree_memarea const cpu2_memtree_r_l_r = { NULL, NULL, cpu2_memareas + 25 };
tree_memarea const cpu2_memtree_r_r = { &cpu2_memtree_r_r_l, NULL, cpu2_memareas + 7 };
tree_memarea const cpu2_memtree_r_r_l = { NULL, NULL, cpu2_memareas + 11 };
memarea const cpu3_memareas[36] = {
  { 0x0, 0x8000000000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x1000, 0x8000001000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xaf000, 0x8000003000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x2000, 0x8000002000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x3000, 0x800000a000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x79000, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb8000, 0x8000015000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x5000, 0x8000005000, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0xb4000, 0x8000007000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x8000, 0x8000008000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x7000, 0x8000013000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x3f201000, 0x800000d000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x40000000, 0x8000011000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x3f00b000, 0x800000f000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x1200000, 0x200000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0xba000, 0x8000031000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x89000, 0x8000017000, 0x10000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0xa1000, 0x8000028000, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu3_memtree = { &cpu3_memtree_l, &cpu3_memtree_r, cpu3_memareas + 4 };
tree_memarea const cpu3_memtree_l = { &cpu3_memtree_l_l, &cpu3_memtree_l_r, cpu3_memareas + 3 };
tree_memarea const cpu3_memtree_l_l = { &cpu3_memtree_l_l_l, &cpu3_memtree_l_l_r, cpu3_memareas + 0 };
tree_memarea const cpu3_memtree_l_l_l = { &cpu3_memtree_l_l_l_l, NULL, cpu3_memareas + 32 };
tree_memarea const cpu3_memtree_l_l_l_l = { NULL, NULL, cpu3_memareas + 6 };
tree_memarea const cpu3_memtree_l_l_r = { NULL, NULL, cpu3_memareas + 1 };
tree_memarea const cpu3_memtree_l_r = { &cpu3_memtree_l_r_l, &cpu3_memtree_l_r_r, cpu3_memareas + 9 };
tree_memarea const cpu3_memtree_l_r_l = { &cpu3_memtree_l_r_l_l, NULL, cpu3_memareas + 8 };
tree_memarea const cpu3_memtree_l_r_l_l = { NULL, NULL, cpu3_memareas + 2 };
tree_memarea const cpu3_memtree_l_r_r = { NULL, NULL, cpu3_memareas + 10 };
tree_memarea const cpu3_memtree_r = { &cpu3_memtree_r_l, &cpu3_memtree_r_r, cpu3_memareas + 7 };
tree_memarea const cpu3_memtree_r_l = { &cpu3_memtree_r_l_l, &cpu3_memtree_r_l_r, cpu3_memareas + 24 };
tree_memarea const cpu3_memtree_r_l_l = { &cpu3_memtree_r_l_l_l, NULL, cpu3_memareas + 25 };
tree_memarea const cpu3_memtree_r_l_l_l = { NULL, NULL, cpu3_memareas + 16 };
tree_memarea const cpu3_memtree_r_l_r = { NULL, NULL, cpu3_memareas + 11 };
tree_memarea const cpu3_memtree_r_r = { &cpu3_memtree_r_r_l, &cpu3_memtree_r_r_r, cpu3_memareas + 35 };
tree_memarea const cpu3_memtree_r_r_l = { NULL, NULL, cpu3_memareas + 34 };
tree_memarea const cpu3_memtree_r_r_r = { NULL, NULL, cpu3_memareas + 33 };
vm_cpu * const cpu1_vm_cpus[1] = {
  vm_g1_cpus + 0,
};
vm_cpu * const cpu3_vm_cpus[1] = {
  vm_g1_cpus + 1,
};
uint32_t __placeholder_rw = 0xbeef;
uint32_t __placeholder_rws = 0x7ee1beef;
vm const vm_g1 = {
  2, vm_g1_cpus,
  0, vm_g1_capabilities,
  0, vm_g1_copyins,
  0x80080000
};
vm_cpu vm_g1_cpus[2] = {
  { &vm_g1, (vm_cpu_state *)0x8000031000,
    0x24000, 0,
    2, vm_g1_cpu0_memareas, &vm_g1_cpu0_memtree,
    9, vm_g1_cpu0_emulates, &vm_g1_cpu0_emulatetree,
    vm_g1_cpu0_emulates + 3,
    vm_g1_cpu0_emulates + 5,
    vm_g1_cpu0_emulates + 6,
    1, vm_g1_cpu0_scheds },
  { &vm_g1, (vm_cpu_state *)0x8000031000,
    0x29000, 0,
    2, vm_g1_cpu1_memareas, &vm_g1_cpu1_memtree,
    9, vm_g1_cpu1_emulates, &vm_g1_cpu1_emulatetree,
    vm_g1_cpu1_emulates + 3,
    vm_g1_cpu1_emulates + 5,
    vm_g1_cpu1_emulates + 6,
    1, vm_g1_cpu1_scheds },
};
scheduler_entity vm_g1_cpu0_scheds[1] = {
  { vm_g1_cpus + 0, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
scheduler_entity vm_g1_cpu1_scheds[1] = {
  { vm_g1_cpus + 1, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
memarea const vm_g1_cpu0_memareas[2] = {
  { 0x0, 0x80000000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu0_memareas + 32 },
  { 0x0, 0x7ffff000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu0_memareas + 33 },
};
tree_memarea const vm_g1_cpu0_memtree = { &vm_g1_cpu0_memtree_l, NULL, vm_g1_cpu0_memareas + 0 };
tree_memarea const vm_g1_cpu0_memtree_l = { NULL, NULL, vm_g1_cpu0_memareas + 1 };
memarea const vm_g1_cpu1_memareas[2] = {
  { 0x200000, 0x80000000, 0x1000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu1_memareas + 32 },
  { 0xb9000, 0x7ffff000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu1_memareas + 33 },
};
tree_memarea const vm_g1_cpu1_memtree = { &vm_g1_cpu1_memtree_l, NULL, vm_g1_cpu1_memareas + 0 };
tree_memarea const vm_g1_cpu1_memtree_l = { NULL, NULL, vm_g1_cpu1_memareas + 1 };
capability const vm_g1_capabilities[0] = {
};
vm_copyin const vm_g1_copyins[0] = {
};
emulate const vm_g1_cpu0_emulates[9] = {
  { 0x10011000, 0x1000, EMULATE_TYPE_TIMER_SP804, { &vdev_g1_sp804 }, 0 },
  { 0x1f000600, 0x100, EMULATE_TYPE_TIMER_MPCORE, { &vdev_g1_twd_cpu0 }, 0 },
  { 0x1f000200, 0x100, EMULATE_TYPE_CLOCK_MPCORE, { &vdev_g1_clock }, 0 },
  { 0, 0, EMULATE_TYPE_VTLB, { &vdev_g1_vtlb_cpu0 }, 0 },
  { 0x10009000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_g1_uart0 }, 0 },
  { 0x1f001000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_g1_gic_cpu0 }, 0 },
  { 0x1f000100, 0x100, EMULATE_TYPE_IRQ_GIC, { &vdev_g1_gic_cpu0 }, 1 },
  { 0x1000a000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_g1_uart1 }, 0 },
  { 0x10000000, 0x1000, EMULATE_TYPE_MEMORY_32BIT, { &vdev_g1_sysregs }, 0 },
};
emulate const vm_g1_cpu1_emulates[9] = {
  { 0x10011000, 0x1000, EMULATE_TYPE_TIMER_SP804, { &vdev_g1_sp804 }, 0 },
  { 0x1f000600, 0x100, EMULATE_TYPE_TIMER_MPCORE, { &vdev_g1_twd_cpu1 }, 0 },
  { 0x1f000200, 0x100, EMULATE_TYPE_CLOCK_MPCORE, { &vdev_g1_clock }, 0 },
  { 0, 0, EMULATE_TYPE_VTLB, { &vdev_g1_vtlb_cpu1 }, 0 },
  { 0x10009000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_g1_uart0 }, 0 },
  { 0x1f001000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_g1_gic_cpu1 }, 0 },
  { 0x1f000100, 0x100, EMULATE_TYPE_IRQ_GIC, { &vdev_g1_gic_cpu1 }, 1 },
  { 0x1000a000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_g1_uart1 }, 0 },
  { 0x10000000, 0x1000, EMULATE_TYPE_MEMORY_32BIT, { &vdev_g1_sysregs }, 0 },
};
tree_emulate const vm_g1_cpu0_emulatetree = { &vm_g1_cpu0_emulatetree_l, &vm_g1_cpu0_emulatetree_r, vm_g1_cpu0_emulates + 6 };
tree_emulate const vm_g1_cpu0_emulatetree_l = { &vm_g1_cpu0_emulatetree_l_l, &vm_g1_cpu0_emulatetree_l_r, vm_g1_cpu0_emulates + 7 };
tree_emulate const vm_g1_cpu0_emulatetree_l_l = { &vm_g1_cpu0_emulatetree_l_l_l, NULL, vm_g1_cpu0_emulates + 4 };
tree_emulate const vm_g1_cpu0_emulatetree_l_l_l = { NULL, NULL, vm_g1_cpu0_emulates + 8 };
tree_emulate const vm_g1_cpu0_emulatetree_l_r = { NULL, NULL, vm_g1_cpu0_emulates + 0 };
tree_emulate const vm_g1_cpu0_emulatetree_r = { &vm_g1_cpu0_emulatetree_r_l, &vm_g1_cpu0_emulatetree_r_r, vm_g1_cpu0_emulates + 1 };
tree_emulate const vm_g1_cpu0_emulatetree_r_l = { NULL, NULL, vm_g1_cpu0_emulates + 2 };
tree_emulate const vm_g1_cpu0_emulatetree_r_r = { NULL, NULL, vm_g1_cpu0_emulates + 5 };
tree_emulate const vm_g1_cpu1_emulatetree = { &vm_g1_cpu1_emulatetree_l, &vm_g1_cpu1_emulatetree_r, vm_g1_cpu1_emulates + 6 };
tree_emulate const vm_g1_cpu1_emulatetree_l = { &vm_g1_cpu1_emulatetree_l_l, &vm_g1_cpu1_emulatetree_l_r, vm_g1_cpu1_emulates + 7 };
tree_emulate const vm_g1_cpu1_emulatetree_l_l = { &vm_g1_cpu1_emulatetree_l_l_l, NULL, vm_g1_cpu1_emulates + 4 };
tree_emulate const vm_g1_cpu1_emulatetree_l_l_l = { NULL, NULL, vm_g1_cpu1_emulates + 8 };
tree_emulate const vm_g1_cpu1_emulatetree_l_r = { NULL, NULL, vm_g1_cpu1_emulates + 0 };
tree_emulate const vm_g1_cpu1_emulatetree_r = { &vm_g1_cpu1_emulatetree_r_l, &vm_g1_cpu1_emulatetree_r_r, vm_g1_cpu1_emulates + 1 };
tree_emulate const vm_g1_cpu1_emulatetree_r_l = { NULL, NULL, vm_g1_cpu1_emulates + 2 };
tree_emulate const vm_g1_cpu1_emulatetree_r_r = { NULL, NULL, vm_g1_cpu1_emulates + 5 };
emulate_timer_sp804 vdev_g1_sp804 = {};
emulate_timer_mpcore vdev_g1_twd_cpu0 = {};
emulate_timer_mpcore vdev_g1_twd_cpu1 = {};
emulate_clock_mpcore vdev_g1_clock = {};
emulate_vtlb vdev_g1_vtlb_cpu0 = { VTLB_PAGING_FORMAT_ARM_SHORT, 8, vdev_g1_vtlb_cpu0_instances, 2, vdev_g1_vtlb_cpu0_levelpools, VTLB_NO_ACTIVE_INSTANCE };
emulate_vtlb_instance vdev_g1_vtlb_cpu0_instances[8] = {};
emulate_vtlb_pool const vdev_g1_vtlb_cpu0_levelpools[2] = {
  { 14, 2, 0x4, vdev_g1_vtlb_cpu0_levelpool0_bitmap, 20, 0x8000017000, 0x79000 },
  { 10, 2, 0x20, vdev_g1_vtlb_cpu0_levelpool1_bitmap, 12, 0x8000028000, 0x99000 },
};
uint32_t vdev_g1_vtlb_cpu0_levelpool0_bitmap[1] = {};
uint32_t vdev_g1_vtlb_cpu0_levelpool1_bitmap[1] = {};
emulate_vtlb vdev_g1_vtlb_cpu1 = { VTLB_PAGING_FORMAT_ARM_SHORT, 8, vdev_g1_vtlb_cpu1_instances, 2, vdev_g1_vtlb_cpu1_levelpools, VTLB_NO_ACTIVE_INSTANCE };
emulate_vtlb_instance vdev_g1_vtlb_cpu1_instances[8] = {};
emulate_vtlb_pool const vdev_g1_vtlb_cpu1_levelpools[2] = {
  { 14, 2, 0x4, vdev_g1_vtlb_cpu1_levelpool0_bitmap, 20, 0x8000017000, 0x89000 },
  { 10, 2, 0x20, vdev_g1_vtlb_cpu1_levelpool1_bitmap, 12, 0x8000028000, 0xa1000 },
};
uint32_t vdev_g1_vtlb_cpu1_levelpool0_bitmap[1] = {};
uint32_t vdev_g1_vtlb_cpu1_levelpool1_bitmap[1] = {};
emulate_uart_pl011 vdev_g1_uart0 = {};
emulate_irq_gic vdev_g1_gic_cpu0 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_g1_gic_dist };
emulate_irq_gic vdev_g1_gic_cpu1 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_g1_gic_dist };
emulate_irq_gic_distributor vdev_g1_gic_dist = {};
emulate_uart_pl011 vdev_g1_uart1 = {};
emulate_memory const vdev_g1_sysregs = { EMULATE_MEMORY_FLAG_SINGLE_VALUE|EMULATE_MEMORY_FLAG_SINGLE_MEM_RMASK|EMULATE_MEMORY_FLAG_SINGLE_MEM_WMASK|EMULATE_MEMORY_FLAG_SINGLE_HW_RMASK|EMULATE_MEMORY_FLAG_SINGLE_HW_WMASK, 0x1234, 0xffffffff, 0x0, 0x0, 0xff, NULL, (volatile uint32_t *)0x800000d020, NULL, NULL, NULL, NULL };
