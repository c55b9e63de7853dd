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
SEC_RO memarea const cpu0_memareas[36];
SEC_RO tree_memarea const cpu0_memtree;
SEC_RO tree_memarea const cpu0_memtree_l;
SEC_RO tree_memarea const cpu0_memtree_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_r;
SEC_RO tree_memarea const cpu0_memtree_l_r;
SEC_RO tree_memarea const cpu0_memtree_l_r_l;
SEC_RO tree_memarea const cpu0_memtree_l_r_r;
SEC_RO tree_memarea const cpu0_memtree_r;
SEC_RO tree_memarea const cpu0_memtree_r_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_l_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_r;
SEC_RO tree_memarea const cpu0_memtree_r_r;
SEC_RO tree_memarea const cpu0_memtree_r_r_l;
SEC_RO tree_memarea const cpu0_memtree_r_r_r;
SEC_RO memarea const cpu1_memareas[38];
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
SEC_RO tree_memarea const cpu1_memtree_r_r_l_l;
SEC_RO tree_memarea const cpu1_memtree_r_r_r;
SEC_RO memarea const cpu2_memareas[38];
SEC_RO tree_memarea const cpu2_memtree;
SEC_RO tree_memarea const cpu2_memtree_l;
SEC_RO tree_memarea const cpu2_memtree_l_l;
SEC_RO tree_memarea const cpu2_memtree_l_l_l;
SEC_RO tree_memarea const cpu2_memtree_l_l_l_l;
SEC_RO tree_memarea const cpu2_memtree_l_l_r;
SEC_RO tree_memarea const cpu2_memtree_l_r;
SEC_RO tree_memarea const cpu2_memtree_l_r_l;
SEC_RO tree_memarea const cpu2_memtree_l_r_l_l;
SEC_RO tree_memarea const cpu2_memtree_l_r_r;
SEC_RO tree_memarea const cpu2_memtree_r;
SEC_RO tree_memarea const cpu2_memtree_r_l;
SEC_RO tree_memarea const cpu2_memtree_r_l_l;
SEC_RO tree_memarea const cpu2_memtree_r_l_l_l;
SEC_RO tree_memarea const cpu2_memtree_r_l_r;
SEC_RO tree_memarea const cpu2_memtree_r_r;
SEC_RO tree_memarea const cpu2_memtree_r_r_l;
SEC_RO tree_memarea const cpu2_memtree_r_r_l_l;
SEC_RO tree_memarea const cpu2_memtree_r_r_r;
SEC_RO memarea const cpu3_memareas[38];
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
SEC_RO tree_memarea const cpu3_memtree_r_r_l_l;
SEC_RO tree_memarea const cpu3_memtree_r_r_r;
SEC_RO vm_cpu * const cpu0_vm_cpus[1];
SEC_RO vm_cpu * const cpu1_vm_cpus[2];
SEC_RO vm_cpu * const cpu2_vm_cpus[1];
SEC_RO vm_cpu * const cpu3_vm_cpus[1];
SEC_RW uint32_t __placeholder_rw;
SEC_RWS uint32_t __placeholder_rws;
SEC_RO vm const vm_linux;
SEC_RO vm const vm_rtos;
SEC_RO vm const vm_idle;
SEC_RW vm_cpu vm_linux_cpus[2];
SEC_RW scheduler_entity vm_linux_cpu0_scheds[1];
SEC_RW scheduler_entity vm_linux_cpu1_scheds[1];
SEC_RW vm_cpu vm_rtos_cpus[1];
SEC_RW scheduler_entity vm_rtos_cpu0_scheds[1];
SEC_RW vm_cpu vm_idle_cpus[2];
SEC_RW scheduler_entity vm_idle_cpu0_scheds[1];
SEC_RW scheduler_entity vm_idle_cpu1_scheds[1];
SEC_RO memarea const vm_linux_cpu0_memareas[4];
SEC_RO tree_memarea const vm_linux_cpu0_memtree;
SEC_RO tree_memarea const vm_linux_cpu0_memtree_l;
SEC_RO tree_memarea const vm_linux_cpu0_memtree_l_l;
SEC_RO tree_memarea const vm_linux_cpu0_memtree_r;
SEC_RO memarea const vm_linux_cpu1_memareas[4];
SEC_RO tree_memarea const vm_linux_cpu1_memtree;
SEC_RO tree_memarea const vm_linux_cpu1_memtree_l;
SEC_RO tree_memarea const vm_linux_cpu1_memtree_l_l;
SEC_RO tree_memarea const vm_linux_cpu1_memtree_r;
SEC_RO memarea const vm_rtos_cpu0_memareas[3];
SEC_RO tree_memarea const vm_rtos_cpu0_memtree;
SEC_RO tree_memarea const vm_rtos_cpu0_memtree_l;
SEC_RO tree_memarea const vm_rtos_cpu0_memtree_r;
SEC_RO memarea const vm_idle_cpu0_memareas[2];
SEC_RO tree_memarea const vm_idle_cpu0_memtree;
SEC_RO tree_memarea const vm_idle_cpu0_memtree_l;
SEC_RO memarea const vm_idle_cpu1_memareas[2];
SEC_RO tree_memarea const vm_idle_cpu1_memtree;
SEC_RO tree_memarea const vm_idle_cpu1_memtree_l;
SEC_RO capability const vm_linux_capabilities[2];
SEC_RO capability const vm_rtos_capabilities[1];
SEC_RO capability const vm_idle_capabilities[1];
SEC_RO vm_copyin const vm_linux_copyins[2];
SEC_RO vm_copyin const vm_rtos_copyins[1];
SEC_RO vm_copyin const vm_idle_copyins[0];
SEC_RO emulate const vm_linux_cpu0_emulates[5];
SEC_RO emulate const vm_linux_cpu1_emulates[5];
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree;
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree_l;
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree_l_l;
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree_r;
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree_r_l;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree_l;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree_l_l;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree_r;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree_r_l;
SEC_RO emulate const vm_rtos_cpu0_emulates[2];
SEC_RO tree_emulate const vm_rtos_cpu0_emulatetree;
SEC_RO tree_emulate const vm_rtos_cpu0_emulatetree_l;
SEC_RO emulate const vm_idle_cpu0_emulates[2];
SEC_RO emulate const vm_idle_cpu1_emulates[2];
SEC_RO tree_emulate const vm_idle_cpu0_emulatetree;
SEC_RO tree_emulate const vm_idle_cpu0_emulatetree_l;
SEC_RO tree_emulate const vm_idle_cpu1_emulatetree;
SEC_RO tree_emulate const vm_idle_cpu1_emulatetree_l;
SEC_RW emulate_uart_pl011 vdev_linux_uart;
SEC_RW emulate_irq_gic vdev_linux_gic_cpu0;
SEC_RW emulate_irq_gic vdev_linux_gic_cpu1;
SEC_RWS emulate_irq_gic_distributor vdev_linux_gic_dist;
SEC_RW emulate_timer_mpcore vdev_linux_twd_cpu0;
SEC_RW emulate_timer_mpcore vdev_linux_twd_cpu1;
SEC_RW emulate_clock_mpcore vdev_linux_clock;
SEC_RW emulate_uart_pl011 vdev_rtos_uart;
SEC_RW emulate_timer_mpcore vdev_rtos_twd_cpu0;
SEC_RW emulate_irq_gic vdev_idle_gic_cpu0;
SEC_RW emulate_irq_gic vdev_idle_gic_cpu1;
SEC_RWS emulate_irq_gic_distributor vdev_idle_gic_dist;

specification const _specification = {
  "PHIDSPEC", 0x0, 0x0, 0x0, 4, _specification_cpus, "2026/11/25 12:37:19"
};
specification_cpu const _specification_cpus[4] = {
  { 0x0, 36, cpu0_memareas, &cpu0_memtree, 1, cpu0_vm_cpus, {} },
  { 0x0, 38, cpu1_memareas, &cpu1_memtree, 2, cpu1_vm_cpus, {} },
  { 0x0, 38, cpu2_memareas, &cpu2_memtree, 1, cpu2_vm_cpus, {} },
  { 0x0, 38, cpu3_memareas, &cpu3_memtree, 1, cpu3_vm_cpus, {} },
};
memarea const cpu0_memareas[36] = {
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x10000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf7113000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf6800000, 0x0, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x60000000, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu0_memtree = { &cpu0_memtree_l, &cpu0_memtree_r, cpu0_memareas + 9 };
tree_memarea const cpu0_memtree_l = { &cpu0_memtree_l_l, &cpu0_memtree_l_r, cpu0_memareas + 3 };
tree_memarea const cpu0_memtree_l_l = { &cpu0_memtree_l_l_l, &cpu0_memtree_l_l_r, cpu0_memareas + 0 };
tree_memarea const cpu0_memtree_l_l_l = { &cpu0_memtree_l_l_l_l, NULL, cpu0_memareas + 32 };
tree_memarea const cpu0_memtree_l_l_l_l = { NULL, NULL, cpu0_memareas + 16 };
tree_memarea const cpu0_memtree_l_l_r = { NULL, NULL, cpu0_memareas + 1 };
tree_memarea const cpu0_memtree_l_r = { &cpu0_memtree_l_r_l, &cpu0_memtree_l_r_r, cpu0_memareas + 2 };
tree_memarea const cpu0_memtree_l_r_l = { NULL, NULL, cpu0_memareas + 4 };
tree_memarea const cpu0_memtree_l_r_r = { NULL, NULL, cpu0_memareas + 8 };
tree_memarea const cpu0_memtree_r = { &cpu0_memtree_r_l, &cpu0_memtree_r_r, cpu0_memareas + 12 };
tree_memarea const cpu0_memtree_r_l = { &cpu0_memtree_r_l_l, &cpu0_memtree_r_l_r, cpu0_memareas + 6 };
tree_memarea const cpu0_memtree_r_l_l = { &cpu0_memtree_r_l_l_l, NULL, cpu0_memareas + 11 };
tree_memarea const cpu0_memtree_r_l_l_l = { NULL, NULL, cpu0_memareas + 10 };
tree_memarea const cpu0_memtree_r_l_r = { NULL, NULL, cpu0_memareas + 7 };
tree_memarea const cpu0_memtree_r_r = { &cpu0_memtree_r_r_l, &cpu0_memtree_r_r_r, cpu0_memareas + 34 };
tree_memarea const cpu0_memtree_r_r_l = { NULL, NULL, cpu0_memareas + 33 };
tree_memarea const cpu0_memtree_r_r_r = { NULL, NULL, cpu0_memareas + 35 };
memarea const cpu1_memareas[38] = {
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x10000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf7113000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf6800000, 0x0, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x60000000, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x400000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu1_memtree = { &cpu1_memtree_l, &cpu1_memtree_r, cpu1_memareas + 10 };
tree_memarea const cpu1_memtree_l = { &cpu1_memtree_l_l, &cpu1_memtree_l_r, cpu1_memareas + 3 };
tree_memarea const cpu1_memtree_l_l = { &cpu1_memtree_l_l_l, &cpu1_memtree_l_l_r, cpu1_memareas + 0 };
tree_memarea const cpu1_memtree_l_l_l = { &cpu1_memtree_l_l_l_l, NULL, cpu1_memareas + 32 };
tree_memarea const cpu1_memtree_l_l_l_l = { NULL, NULL, cpu1_memareas + 16 };
tree_memarea const cpu1_memtree_l_l_r = { NULL, NULL, cpu1_memareas + 1 };
tree_memarea const cpu1_memtree_l_r = { &cpu1_memtree_l_r_l, &cpu1_memtree_l_r_r, cpu1_memareas + 8 };
tree_memarea const cpu1_memtree_l_r_l = { &cpu1_memtree_l_r_l_l, NULL, cpu1_memareas + 2 };
tree_memarea const cpu1_memtree_l_r_l_l = { NULL, NULL, cpu1_memareas + 4 };
tree_memarea const cpu1_memtree_l_r_r = { NULL, NULL, cpu1_memareas + 9 };
tree_memarea const cpu1_memtree_r = { &cpu1_memtree_r_l, &cpu1_memtree_r_r, cpu1_memareas + 33 };
tree_memarea const cpu1_memtree_r_l = { &cpu1_memtree_r_l_l, &cpu1_memtree_r_l_r, cpu1_memareas + 7 };
tree_memarea const cpu1_memtree_r_l_l = { &cpu1_memtree_r_l_l_l, NULL, cpu1_memareas + 6 };
tree_memarea const cpu1_memtree_r_l_l_l = { NULL, NULL, cpu1_memareas + 11 };
tree_memarea const cpu1_memtree_r_l_r = { NULL, NULL, cpu1_memareas + 12 };
tree_memarea const cpu1_memtree_r_r = { &cpu1_memtree_r_r_l, &cpu1_memtree_r_r_r, cpu1_memareas + 36 };
tree_memarea const cpu1_memtree_r_r_l = { &cpu1_memtree_r_r_l_l, NULL, cpu1_memareas + 35 };
tree_memarea const cpu1_memtree_r_r_l_l = { NULL, NULL, cpu1_memareas + 34 };
tree_memarea const cpu1_memtree_r_r_r = { NULL, NULL, cpu1_memareas + 37 };
memarea const cpu2_memareas[38] = {
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x10000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf7113000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf6800000, 0x0, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x0, 0x0, 0x20000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x60000000, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x8000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu2_memtree = { &cpu2_memtree_l, &cpu2_memtree_r, cpu2_memareas + 9 };
tree_memarea const cpu2_memtree_l = { &cpu2_memtree_l_l, &cpu2_memtree_l_r, cpu2_memareas + 1 };
tree_memarea const cpu2_memtree_l_l = { &cpu2_memtree_l_l_l, &cpu2_memtree_l_l_r, cpu2_memareas + 33 };
tree_memarea const cpu2_memtree_l_l_l = { &cpu2_memtree_l_l_l_l, NULL, cpu2_memareas + 32 };
tree_memarea const cpu2_memtree_l_l_l_l = { NULL, NULL, cpu2_memareas + 16 };
tree_memarea const cpu2_memtree_l_l_r = { NULL, NULL, cpu2_memareas + 0 };
tree_memarea const cpu2_memtree_l_r = { &cpu2_memtree_l_r_l, &cpu2_memtree_l_r_r, cpu2_memareas + 2 };
tree_memarea const cpu2_memtree_l_r_l = { &cpu2_memtree_l_r_l_l, NULL, cpu2_memareas + 4 };
tree_memarea const cpu2_memtree_l_r_l_l = { NULL, NULL, cpu2_memareas + 3 };
tree_memarea const cpu2_memtree_l_r_r = { NULL, NULL, cpu2_memareas + 8 };
tree_memarea const cpu2_memtree_r = { &cpu2_memtree_r_l, &cpu2_memtree_r_r, cpu2_memareas + 12 };
tree_memarea const cpu2_memtree_r_l = { &cpu2_memtree_r_l_l, &cpu2_memtree_r_l_r, cpu2_memareas + 6 };
tree_memarea const cpu2_memtree_r_l_l = { &cpu2_memtree_r_l_l_l, NULL, cpu2_memareas + 11 };
tree_memarea const cpu2_memtree_r_l_l_l = { NULL, NULL, cpu2_memareas + 10 };
tree_memarea const cpu2_memtree_r_l_r = { NULL, NULL, cpu2_memareas + 7 };
tree_memarea const cpu2_memtree_r_r = { &cpu2_memtree_r_r_l, &cpu2_memtree_r_r_r, cpu2_memareas + 36 };
tree_memarea const cpu2_memtree_r_r_l = { &cpu2_memtree_r_r_l_l, NULL, cpu2_memareas + 35 };
tree_memarea const cpu2_memtree_r_r_l_l = { NULL, NULL, cpu2_memareas + 34 };
tree_memarea const cpu2_memtree_r_r_r = { NULL, NULL, cpu2_memareas + 37 };
memarea const cpu3_memareas[38] = {
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_X|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x0, MEMAREA_FLAG_R|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x10000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf7113000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xf6800000, 0x0, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x0, 0x0, 0x20000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x60000000, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_S, NULL },
  { 0x0, 0x0, 0x8000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu3_memtree = { &cpu3_memtree_l, &cpu3_memtree_r, cpu3_memareas + 9 };
tree_memarea const cpu3_memtree_l = { &cpu3_memtree_l_l, &cpu3_memtree_l_r, cpu3_memareas + 1 };
tree_memarea const cpu3_memtree_l_l = { &cpu3_memtree_l_l_l, &cpu3_memtree_l_l_r, cpu3_memareas + 33 };
tree_memarea const cpu3_memtree_l_l_l = { &cpu3_memtree_l_l_l_l, NULL, cpu3_memareas + 32 };
tree_memarea const cpu3_memtree_l_l_l_l = { NULL, NULL, cpu3_memareas + 16 };
tree_memarea const cpu3_memtree_l_l_r = { NULL, NULL, cpu3_memareas + 0 };
tree_memarea const cpu3_memtree_l_r = { &cpu3_memtree_l_r_l, &cpu3_memtree_l_r_r, cpu3_memareas + 2 };
tree_memarea const cpu3_memtree_l_r_l = { &cpu3_memtree_l_r_l_l, NULL, cpu3_memareas + 4 };
tree_memarea const cpu3_memtree_l_r_l_l = { NULL, NULL, cpu3_memareas + 3 };
tree_memarea const cpu3_memtree_l_r_r = { NULL, NULL, cpu3_memareas + 8 };
tree_memarea const cpu3_memtree_r = { &cpu3_memtree_r_l, &cpu3_memtree_r_r, cpu3_memareas + 12 };
tree_memarea const cpu3_memtree_r_l = { &cpu3_memtree_r_l_l, &cpu3_memtree_r_l_r, cpu3_memareas + 6 };
tree_memarea const cpu3_memtree_r_l_l = { &cpu3_memtree_r_l_l_l, NULL, cpu3_memareas + 11 };
tree_memarea const cpu3_memtree_r_l_l_l = { NULL, NULL, cpu3_memareas + 10 };
tree_memarea const cpu3_memtree_r_l_r = { NULL, NULL, cpu3_memareas + 7 };
tree_memarea const cpu3_memtree_r_r = { &cpu3_memtree_r_r_l, &cpu3_memtree_r_r_r, cpu3_memareas + 36 };
tree_memarea const cpu3_memtree_r_r_l = { &cpu3_memtree_r_r_l_l, NULL, cpu3_memareas + 35 };
tree_memarea const cpu3_memtree_r_r_l_l = { NULL, NULL, cpu3_memareas + 34 };
tree_memarea const cpu3_memtree_r_r_r = { NULL, NULL, cpu3_memareas + 37 };
vm_cpu * const cpu0_vm_cpus[1] = {
  vm_idle_cpus + 0,
};
vm_cpu * const cpu1_vm_cpus[2] = {
  vm_rtos_cpus + 0,
  vm_idle_cpus + 1,
};
vm_cpu * const cpu2_vm_cpus[1] = {
  vm_linux_cpus + 0,
};
vm_cpu * const cpu3_vm_cpus[1] = {
  vm_linux_cpus + 1,
};
uint32_t __placeholder_rw = 0xbeef;
uint32_t __placeholder_rws = 0x7ee1beef;
vm const vm_linux = {
  2, vm_linux_cpus,
  2, vm_linux_capabilities,
  2, vm_linux_copyins,
  0x40080000
};
vm const vm_rtos = {
  1, vm_rtos_cpus,
  1, vm_rtos_capabilities,
  1, vm_rtos_copyins,
  0x100
};
vm const vm_idle = {
  2, vm_idle_cpus,
  1, vm_idle_capabilities,
  0, vm_idle_copyins,
  0x0
};
vm_cpu vm_linux_cpus[2] = {
  { &vm_linux, (vm_cpu_state *)0x0,
    0x0, 0,
    4, vm_linux_cpu0_memareas, &vm_linux_cpu0_memtree,
    5, vm_linux_cpu0_emulates, &vm_linux_cpu0_emulatetree,
    NULL,
    vm_linux_cpu0_emulates + 1,
    vm_linux_cpu0_emulates + 0,
    1, vm_linux_cpu0_scheds },
  { &vm_linux, (vm_cpu_state *)0x0,
    0x0, 0,
    4, vm_linux_cpu1_memareas, &vm_linux_cpu1_memtree,
    5, vm_linux_cpu1_emulates, &vm_linux_cpu1_emulatetree,
    NULL,
    vm_linux_cpu1_emulates + 1,
    vm_linux_cpu1_emulates + 0,
    1, vm_linux_cpu1_scheds },
};
scheduler_entity vm_linux_cpu0_scheds[1] = {
  { vm_linux_cpus + 0, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
scheduler_entity vm_linux_cpu1_scheds[1] = {
  { vm_linux_cpus + 1, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
vm_cpu vm_rtos_cpus[1] = {
  { &vm_rtos, (vm_cpu_state *)0x0,
    0x0, 0,
    3, vm_rtos_cpu0_memareas, &vm_rtos_cpu0_memtree,
    2, vm_rtos_cpu0_emulates, &vm_rtos_cpu0_emulatetree,
    NULL,
    NULL,
    vm_rtos_cpu0_emulates + 0,
    1, vm_rtos_cpu0_scheds },
};
scheduler_entity vm_rtos_cpu0_scheds[1] = {
  { vm_rtos_cpus + 0, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
vm_cpu vm_idle_cpus[2] = {
  { &vm_idle, (vm_cpu_state *)0x0,
    0x0, 0,
    2, vm_idle_cpu0_memareas, &vm_idle_cpu0_memtree,
    2, vm_idle_cpu0_emulates, &vm_idle_cpu0_emulatetree,
    NULL,
    NULL,
    NULL,
    1, vm_idle_cpu0_scheds },
  { &vm_idle, (vm_cpu_state *)0x0,
    0x0, 0,
    2, vm_idle_cpu1_memareas, &vm_idle_cpu1_memtree,
    2, vm_idle_cpu1_emulates, &vm_idle_cpu1_emulatetree,
    NULL,
    NULL,
    NULL,
    1, vm_idle_cpu1_scheds },
};
scheduler_entity vm_idle_cpu0_scheds[1] = {
  { vm_idle_cpus + 0, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
scheduler_entity vm_idle_cpu1_scheds[1] = {
  { vm_idle_cpus + 1, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
memarea const vm_linux_cpu0_memareas[4] = {
  { 0x0, 0x40000000, 0x8000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu0_memareas + 35 },
  { 0x0, 0x50000000, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu0_memareas + 36 },
  { 0x0, 0x3fffc000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu0_memareas + 37 },
  { 0x60000000, 0x60000000, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_S, cpu0_memareas + 34 },
};
tree_memarea const vm_linux_cpu0_memtree = { &vm_linux_cpu0_memtree_l, &vm_linux_cpu0_memtree_r, vm_linux_cpu0_memareas + 1 };
tree_memarea const vm_linux_cpu0_memtree_l = { &vm_linux_cpu0_memtree_l_l, NULL, vm_linux_cpu0_memareas + 0 };
tree_memarea const vm_linux_cpu0_memtree_l_l = { NULL, NULL, vm_linux_cpu0_memareas + 2 };
tree_memarea const vm_linux_cpu0_memtree_r = { NULL, NULL, vm_linux_cpu0_memareas + 3 };
memarea const vm_linux_cpu1_memareas[4] = {
  { 0x0, 0x40000000, 0x8000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu1_memareas + 35 },
  { 0x0, 0x50000000, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu1_memareas + 36 },
  { 0x0, 0x3fffc000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu1_memareas + 37 },
  { 0x60000000, 0x60000000, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_S, cpu1_memareas + 34 },
};
tree_memarea const vm_linux_cpu1_memtree = { &vm_linux_cpu1_memtree_l, &vm_linux_cpu1_memtree_r, vm_linux_cpu1_memareas + 1 };
tree_memarea const vm_linux_cpu1_memtree_l = { &vm_linux_cpu1_memtree_l_l, NULL, vm_linux_cpu1_memareas + 0 };
tree_memarea const vm_linux_cpu1_memtree_l_l = { NULL, NULL, vm_linux_cpu1_memareas + 2 };
tree_memarea const vm_linux_cpu1_memtree_r = { NULL, NULL, vm_linux_cpu1_memareas + 3 };
memarea const vm_rtos_cpu0_memareas[3] = {
  { 0x0, 0x0, 0x400000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu0_memareas + 34 },
  { 0x0, 0x400000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu0_memareas + 35 },
  { 0x60000000, 0x10000000, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu0_memareas + 34 },
};
tree_memarea const vm_rtos_cpu0_memtree = { &vm_rtos_cpu0_memtree_l, &vm_rtos_cpu0_memtree_r, vm_rtos_cpu0_memareas + 1 };
tree_memarea const vm_rtos_cpu0_memtree_l = { NULL, NULL, vm_rtos_cpu0_memareas + 0 };
tree_memarea const vm_rtos_cpu0_memtree_r = { NULL, NULL, vm_rtos_cpu0_memareas + 2 };
memarea const vm_idle_cpu0_memareas[2] = {
  { 0x0, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu0_memareas + 36 },
  { 0x0, 0x200000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu0_memareas + 37 },
};
tree_memarea const vm_idle_cpu0_memtree = { &vm_idle_cpu0_memtree_l, NULL, vm_idle_cpu0_memareas + 1 };
tree_memarea const vm_idle_cpu0_memtree_l = { NULL, NULL, vm_idle_cpu0_memareas + 0 };
memarea const vm_idle_cpu1_memareas[2] = {
  { 0x0, 0x0, 0x200000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu1_memareas + 36 },
  { 0x0, 0x200000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu1_memareas + 37 },
};
tree_memarea const vm_idle_cpu1_memtree = { &vm_idle_cpu1_memtree_l, NULL, vm_idle_cpu1_memareas + 1 };
tree_memarea const vm_idle_cpu1_memtree_l = { NULL, NULL, vm_idle_cpu1_memareas + 0 };
capability const vm_linux_capabilities[2] = {
  { &vm_rtos, CAPABILITY_IPC, 0x5b },
  { &vm_idle, CAPABILITY_IPC, 0x0 },
};
capability const vm_rtos_capabilities[1] = {
  { &vm_linux, CAPABILITY_IPC, 0x1 },
};
capability const vm_idle_capabilities[1] = {
  { &vm_linux, CAPABILITY_IPC, 0x2 },
};
vm_copyin const vm_linux_copyins[2] = {
  { 0x80000, 0x0, 0x0 },
  { 0x7f00000, 0x0, 0x0 },
};
vm_copyin const vm_rtos_copyins[1] = {
  { 0x0, 0x0, 0x0 },
};
vm_copyin const vm_idle_copyins[0] = {
};
emulate const vm_linux_cpu0_emulates[5] = {
  { 0xf7113000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_linux_uart }, 0 },
  { 0xf6801000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu0 }, 0 },
  { 0xf6802000, 0x2000, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu0 }, 1 },
  { 0xf6800600, 0x100, EMULATE_TYPE_TIMER_MPCORE, { &vdev_linux_twd_cpu0 }, 0 },
  { 0xf6800200, 0x100, EMULATE_TYPE_CLOCK_MPCORE, { &vdev_linux_clock }, 0 },
};
emulate const vm_linux_cpu1_emulates[5] = {
  { 0xf7113000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_linux_uart }, 0 },
  { 0xf6801000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu1 }, 0 },
  { 0xf6802000, 0x2000, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu1 }, 1 },
  { 0xf6800600, 0x100, EMULATE_TYPE_TIMER_MPCORE, { &vdev_linux_twd_cpu1 }, 0 },
  { 0xf6800200, 0x100, EMULATE_TYPE_CLOCK_MPCORE, { &vdev_linux_clock }, 0 },
};
tree_emulate const vm_linux_cpu0_emulatetree = { &vm_linux_cpu0_emulatetree_l, &vm_linux_cpu0_emulatetree_r, vm_linux_cpu0_emulates + 1 };
tree_emulate const vm_linux_cpu0_emulatetree_l = { &vm_linux_cpu0_emulatetree_l_l, NULL, vm_linux_cpu0_emulates + 3 };
tree_emulate const vm_linux_cpu0_emulatetree_l_l = { NULL, NULL, vm_linux_cpu0_emulates + 4 };
tree_emulate const vm_linux_cpu0_emulatetree_r = { &vm_linux_cpu0_emulatetree_r_l, NULL, vm_linux_cpu0_emulates + 0 };
tree_emulate const vm_linux_cpu0_emulatetree_r_l = { NULL, NULL, vm_linux_cpu0_emulates + 2 };
tree_emulate const vm_linux_cpu1_emulatetree = { &vm_linux_cpu1_emulatetree_l, &vm_linux_cpu1_emulatetree_r, vm_linux_cpu1_emulates + 1 };
tree_emulate const vm_linux_cpu1_emulatetree_l = { &vm_linux_cpu1_emulatetree_l_l, NULL, vm_linux_cpu1_emulates + 3 };
tree_emulate const vm_linux_cpu1_emulatetree_l_l = { NULL, NULL, vm_linux_cpu1_emulates + 4 };
tree_emulate const vm_linux_cpu1_emulatetree_r = { &vm_linux_cpu1_emulatetree_r_l, NULL, vm_linux_cpu1_emulates + 0 };
tree_emulate const vm_linux_cpu1_emulatetree_r_l = { NULL, NULL, vm_linux_cpu1_emulates + 2 };
emulate const vm_rtos_cpu0_emulates[2] = {
  { 0x9000000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_rtos_uart }, 0 },
  { 0x8000600, 0x100, EMULATE_TYPE_TIMER_MPCORE, { &vdev_rtos_twd_cpu0 }, 0 },
};
tree_emulate const vm_rtos_cpu0_emulatetree = { &vm_rtos_cpu0_emulatetree_l, NULL, vm_rtos_cpu0_emulates + 0 };
tree_emulate const vm_rtos_cpu0_emulatetree_l = { NULL, NULL, vm_rtos_cpu0_emulates + 1 };
emulate const vm_idle_cpu0_emulates[2] = {
  { 0x8010000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_idle_gic_cpu0 }, 0 },
  { 0x8020000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_idle_gic_cpu0 }, 1 },
};
emulate const vm_idle_cpu1_emulates[2] = {
  { 0x8010000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_idle_gic_cpu1 }, 0 },
  { 0x8020000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_idle_gic_cpu1 }, 1 },
};
tree_emulate const vm_idle_cpu0_emulatetree = { &vm_idle_cpu0_emulatetree_l, NULL, vm_idle_cpu0_emulates + 1 };
tree_emulate const vm_idle_cpu0_emulatetree_l = { NULL, NULL, vm_idle_cpu0_emulates + 0 };
tree_emulate const vm_idle_cpu1_emulatetree = { &vm_idle_cpu1_emulatetree_l, NULL, vm_idle_cpu1_emulates + 1 };
tree_emulate const vm_idle_cpu1_emulatetree_l = { NULL, NULL, vm_idle_cpu1_emulates + 0 };
emulate_uart_pl011 vdev_linux_uart = {};
emulate_irq_gic vdev_linux_gic_cpu0 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_linux_gic_dist };
emulate_irq_gic vdev_linux_gic_cpu1 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_linux_gic_dist };
emulate_irq_gic_distributor vdev_linux_gic_dist = {};
emulate_timer_mpcore vdev_linux_twd_cpu0 = {};
emulate_timer_mpcore vdev_linux_twd_cpu1 = {};
emulate_clock_mpcore vdev_linux_clock = {};
emulate_uart_pl011 vdev_rtos_uart = {};
emulate_timer_mpcore vdev_rtos_twd_cpu0 = {};
emulate_irq_gic vdev_idle_gic_cpu0 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_idle_gic_dist };
emulate_irq_gic vdev_idle_gic_cpu1 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_idle_gic_dist };
emulate_irq_gic_distributor vdev_idle_gic_dist = {};
