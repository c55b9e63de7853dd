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
SEC_RO specification_cpu const _specification_cpus[2];
SEC_RO memarea const cpu0_memareas[37];
SEC_RO tree_memarea const cpu0_memtree;
SEC_RO tree_memarea const cpu0_memtree_l;
SEC_RO tree_memarea const cpu0_memtree_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_l_r;
SEC_RO tree_memarea const cpu0_memtree_l_r;
SEC_RO tree_memarea const cpu0_memtree_l_r_l;
SEC_RO tree_memarea const cpu0_memtree_l_r_l_l;
SEC_RO tree_memarea const cpu0_memtree_l_r_r;
SEC_RO tree_memarea const cpu0_memtree_r;
SEC_RO tree_memarea const cpu0_memtree_r_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_l_l;
SEC_RO tree_memarea const cpu0_memtree_r_l_r;
SEC_RO tree_memarea const cpu0_memtree_r_r;
SEC_RO tree_memarea const cpu0_memtree_r_r_l;
SEC_RO tree_memarea const cpu0_memtree_r_r_l_l;
SEC_RO tree_memarea const cpu0_memtree_r_r_r;
SEC_RO memarea const cpu1_memareas[35];
SEC_RO tree_memarea const cpu1_memtree;
SEC_RO tree_memarea const cpu1_memtree_l;
SEC_RO tree_memarea const cpu1_memtree_l_l;
SEC_RO tree_memarea const cpu1_memtree_l_l_l;
SEC_RO tree_memarea const cpu1_memtree_l_l_l_l;
SEC_RO tree_memarea const cpu1_memtree_l_l_r;
SEC_RO tree_memarea const cpu1_memtree_l_r;
SEC_RO tree_memarea const cpu1_memtree_l_r_l;
SEC_RO tree_memarea const cpu1_memtree_l_r_r;
SEC_RO tree_memarea const cpu1_memtree_r;
SEC_RO tree_memarea const cpu1_memtree_r_l;
SEC_RO tree_memarea const cpu1_memtree_r_l_l;
SEC_RO tree_memarea const cpu1_memtree_r_l_l_l;
SEC_RO tree_memarea const cpu1_memtree_r_l_r;
SEC_RO tree_memarea const cpu1_memtree_r_r;
SEC_RO tree_memarea const cpu1_memtree_r_r_l;
SEC_RO tree_memarea const cpu1_memtree_r_r_r;
SEC_RO vm_cpu * const cpu0_vm_cpus[2];
SEC_RO vm_cpu * const cpu1_vm_cpus[1];
SEC_RW uint32_t __placeholder_rw;
SEC_RWS uint32_t __placeholder_rws;
SEC_RO vm const vm_linux;
SEC_RO vm const vm_rtos;
SEC_RW vm_cpu vm_linux_cpus[2];
SEC_RW scheduler_entity vm_linux_cpu0_scheds[1];
SEC_RW scheduler_entity vm_linux_cpu1_scheds[1];
SEC_RW vm_cpu vm_rtos_cpus[1];
SEC_RW scheduler_entity vm_rtos_cpu0_scheds[1];
SEC_RO memarea const vm_linux_cpu0_memareas[3];
SEC_RO tree_memarea const vm_linux_cpu0_memtree;
SEC_RO tree_memarea const vm_linux_cpu0_memtree_l;
SEC_RO tree_memarea const vm_linux_cpu0_memtree_r;
SEC_RO memarea const vm_linux_cpu1_memareas[3];
SEC_RO tree_memarea const vm_linux_cpu1_memtree;
SEC_RO tree_memarea const vm_linux_cpu1_memtree_l;
SEC_RO tree_memarea const vm_linux_cpu1_memtree_r;
SEC_RO memarea const vm_rtos_cpu0_memareas[1];
SEC_RO tree_memarea const vm_rtos_cpu0_memtree;
SEC_RO capability const vm_linux_capabilities[1];
SEC_RO capability const vm_rtos_capabilities[0];
SEC_RO vm_copyin const vm_linux_copyins[1];
SEC_RO vm_copyin const vm_rtos_copyins[1];
SEC_RO emulate const vm_linux_cpu0_emulates[4];
SEC_RO emulate const vm_linux_cpu1_emulates[4];
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree;
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree_l;
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree_l_l;
SEC_RO tree_emulate const vm_linux_cpu0_emulatetree_r;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree_l;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree_l_l;
SEC_RO tree_emulate const vm_linux_cpu1_emulatetree_r;
SEC_RO emulate const vm_rtos_cpu0_emulates[1];
SEC_RO tree_emulate const vm_rtos_cpu0_emulatetree;
SEC_RW emulate_uart_pl011 vdev_linux_uart;
SEC_RW emulate_irq_gic vdev_linux_gic_cpu0;
SEC_RW emulate_irq_gic vdev_linux_gic_cpu1;
SEC_RWS emulate_irq_gic_distributor vdev_linux_gic_dist;
SEC_RW emulate_timer_sp804 vdev_linux_timer;
SEC_RW emulate_uart_pl011 vdev_rtos_uart;

specification const _specification = {
  "PHIDSPEC", 0x0, 0x0, 0x0, 2, _specification_cpus, "2026/11/25 12:37:19"
};
specification_cpu const _specification_cpus[2] = {
  { 0x0, 37, cpu0_memareas, &cpu0_memtree, 2, cpu0_vm_cpus, {} },
  { 0x0, 35, cpu1_memareas, &cpu1_memtree, 1, cpu1_vm_cpus, {} },
};
memarea const cpu0_memareas[37] = {
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
  { 0x0, 0x0, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xe0001000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0xf8f00000, 0x0, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
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
  { 0xf8000000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x0, 0x0, 0x4000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0x0, 0x0, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu0_memtree = { &cpu0_memtree_l, &cpu0_memtree_r, cpu0_memareas + 9 };
tree_memarea const cpu0_memtree_l = { &cpu0_memtree_l_l, &cpu0_memtree_l_r, cpu0_memareas + 1 };
tree_memarea const cpu0_memtree_l_l = { &cpu0_memtree_l_l_l, &cpu0_memtree_l_l_r, cpu0_memareas + 32 };
tree_memarea const cpu0_memtree_l_l_l = { &cpu0_memtree_l_l_l_l, NULL, cpu0_memareas + 17 };
tree_memarea const cpu0_memtree_l_l_l_l = { NULL, NULL, cpu0_memareas + 16 };
tree_memarea const cpu0_memtree_l_l_r = { NULL, NULL, cpu0_memareas + 0 };
tree_memarea const cpu0_memtree_l_r = { &cpu0_memtree_l_r_l, &cpu0_memtree_l_r_r, cpu0_memareas + 2 };
tree_memarea const cpu0_memtree_l_r_l = { &cpu0_memtree_l_r_l_l, NULL, cpu0_memareas + 4 };
tree_memarea const cpu0_memtree_l_r_l_l = { NULL, NULL, cpu0_memareas + 3 };
tree_memarea const cpu0_memtree_l_r_r = { NULL, NULL, cpu0_memareas + 8 };
tree_memarea const cpu0_memtree_r = { &cpu0_memtree_r_l, &cpu0_memtree_r_r, cpu0_memareas + 12 };
tree_memarea const cpu0_memtree_r_l = { &cpu0_memtree_r_l_l, &cpu0_memtree_r_l_r, cpu0_memareas + 6 };
tree_memarea const cpu0_memtree_r_l_l = { &cpu0_memtree_r_l_l_l, NULL, cpu0_memareas + 11 };
tree_memarea const cpu0_memtree_r_l_l_l = { NULL, NULL, cpu0_memareas + 10 };
tree_memarea const cpu0_memtree_r_l_r = { NULL, NULL, cpu0_memareas + 7 };
tree_memarea const cpu0_memtree_r_r = { &cpu0_memtree_r_r_l, &cpu0_memtree_r_r_r, cpu0_memareas + 35 };
tree_memarea const cpu0_memtree_r_r_l = { &cpu0_memtree_r_r_l_l, NULL, cpu0_memareas + 34 };
tree_memarea const cpu0_memtree_r_r_l_l = { NULL, NULL, cpu0_memareas + 33 };
tree_memarea const cpu0_memtree_r_r_r = { NULL, NULL, cpu0_memareas + 36 };
memarea const cpu1_memareas[35] = {
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
  { 0x0, 0x0, 0x8000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0, 0, 0, 0, NULL },
  { 0xe0001000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0xf8f00000, 0x0, 0x2000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
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
  { 0xf8000000, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G|MEMAREA_FLAG_D, NULL },
  { 0x0, 0x0, 0x4000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, NULL },
  { 0x0, 0x0, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_G, NULL },
};
tree_memarea const cpu1_memtree = { &cpu1_memtree_l, &cpu1_memtree_r, cpu1_memareas + 8 };
tree_memarea const cpu1_memtree_l = { &cpu1_memtree_l_l, &cpu1_memtree_l_r, cpu1_memareas + 1 };
tree_memarea const cpu1_memtree_l_l = { &cpu1_memtree_l_l_l, &cpu1_memtree_l_l_r, cpu1_memareas + 32 };
tree_memarea const cpu1_memtree_l_l_l = { &cpu1_memtree_l_l_l_l, NULL, cpu1_memareas + 17 };
tree_memarea const cpu1_memtree_l_l_l_l = { NULL, NULL, cpu1_memareas + 16 };
tree_memarea const cpu1_memtree_l_l_r = { NULL, NULL, cpu1_memareas + 0 };
tree_memarea const cpu1_memtree_l_r = { &cpu1_memtree_l_r_l, &cpu1_memtree_l_r_r, cpu1_memareas + 4 };
tree_memarea const cpu1_memtree_l_r_l = { NULL, NULL, cpu1_memareas + 3 };
tree_memarea const cpu1_memtree_l_r_r = { NULL, NULL, cpu1_memareas + 2 };
tree_memarea const cpu1_memtree_r = { &cpu1_memtree_r_l, &cpu1_memtree_r_r, cpu1_memareas + 7 };
tree_memarea const cpu1_memtree_r_l = { &cpu1_memtree_r_l_l, &cpu1_memtree_r_l_r, cpu1_memareas + 11 };
tree_memarea const cpu1_memtree_r_l_l = { &cpu1_memtree_r_l_l_l, NULL, cpu1_memareas + 10 };
tree_memarea const cpu1_memtree_r_l_l_l = { NULL, NULL, cpu1_memareas + 9 };
tree_memarea const cpu1_memtree_r_l_r = { NULL, NULL, cpu1_memareas + 6 };
tree_memarea const cpu1_memtree_r_r = { &cpu1_memtree_r_r_l, &cpu1_memtree_r_r_r, cpu1_memareas + 33 };
tree_memarea const cpu1_memtree_r_r_l = { NULL, NULL, cpu1_memareas + 12 };
tree_memarea const cpu1_memtree_r_r_r = { NULL, NULL, cpu1_memareas + 34 };
vm_cpu * const cpu0_vm_cpus[2] = {
  vm_linux_cpus + 1,
  vm_rtos_cpus + 0,
};
vm_cpu * const cpu1_vm_cpus[1] = {
  vm_linux_cpus + 0,
};
uint32_t __placeholder_rw = 0xbeef;
uint32_t __placeholder_rws = 0x7ee1beef;
vm const vm_linux = {
  2, vm_linux_cpus,
  1, vm_linux_capabilities,
  1, vm_linux_copyins,
  0x8000
};
vm const vm_rtos = {
  1, vm_rtos_cpus,
  0, vm_rtos_capabilities,
  1, vm_rtos_copyins,
  0x40
};
vm_cpu vm_linux_cpus[2] = {
  { &vm_linux, (vm_cpu_state *)0x0,
    0x0, 0,
    3, vm_linux_cpu0_memareas, &vm_linux_cpu0_memtree,
    4, vm_linux_cpu0_emulates, &vm_linux_cpu0_emulatetree,
    NULL,
    vm_linux_cpu0_emulates + 1,
    vm_linux_cpu0_emulates + 0,
    1, vm_linux_cpu0_scheds },
  { &vm_linux, (vm_cpu_state *)0x0,
    0x0, 0,
    3, vm_linux_cpu1_memareas, &vm_linux_cpu1_memtree,
    4, vm_linux_cpu1_emulates, &vm_linux_cpu1_emulatetree,
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
    1, vm_rtos_cpu0_memareas, &vm_rtos_cpu0_memtree,
    1, vm_rtos_cpu0_emulates, &vm_rtos_cpu0_emulatetree,
    NULL,
    NULL,
    NULL,
    1, vm_rtos_cpu0_scheds },
};
scheduler_entity vm_rtos_cpu0_scheds[1] = {
  { vm_rtos_cpus + 0, SCHEDULER_CLASS_FAIR_SHARE, 0, 0, 100, SCHEDULER_STATE_READY, NULL }
};
memarea const vm_linux_cpu0_memareas[3] = {
  { 0x0, 0x0, 0x4000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu0_memareas + 33 },
  { 0x0, 0x3ffff000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu0_memareas + 34 },
  { 0xf8f01000, 0xf8f03000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_D, cpu0_memareas + 17 },
};
tree_memarea const vm_linux_cpu0_memtree = { &vm_linux_cpu0_memtree_l, &vm_linux_cpu0_memtree_r, vm_linux_cpu0_memareas + 1 };
tree_memarea const vm_linux_cpu0_memtree_l = { NULL, NULL, vm_linux_cpu0_memareas + 0 };
tree_memarea const vm_linux_cpu0_memtree_r = { NULL, NULL, vm_linux_cpu0_memareas + 2 };
memarea const vm_linux_cpu1_memareas[3] = {
  { 0x0, 0x0, 0x4000000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu1_memareas + 33 },
  { 0x0, 0x3ffff000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W, cpu1_memareas + 34 },
  { 0xf8f01000, 0xf8f03000, 0x1000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_D, cpu1_memareas + 17 },
};
tree_memarea const vm_linux_cpu1_memtree = { &vm_linux_cpu1_memtree_l, &vm_linux_cpu1_memtree_r, vm_linux_cpu1_memareas + 1 };
tree_memarea const vm_linux_cpu1_memtree_l = { NULL, NULL, vm_linux_cpu1_memareas + 0 };
tree_memarea const vm_linux_cpu1_memtree_r = { NULL, NULL, vm_linux_cpu1_memareas + 2 };
memarea const vm_rtos_cpu0_memareas[1] = {
  { 0x0, 0x0, 0x100000, MEMAREA_FLAG_R|MEMAREA_FLAG_W|MEMAREA_FLAG_X, cpu0_memareas + 35 },
};
tree_memarea const vm_rtos_cpu0_memtree = { NULL, NULL, vm_rtos_cpu0_memareas + 0 };
capability const vm_linux_capabilities[1] = {
  { &vm_rtos, CAPABILITY_IPC, 0x10 },
};
capability const vm_rtos_capabilities[0] = {
};
vm_copyin const vm_linux_copyins[1] = {
  { 0x8000, 0x0, 0x0 },
};
vm_copyin const vm_rtos_copyins[1] = {
  { 0x0, 0x0, 0x0 },
};
emulate const vm_linux_cpu0_emulates[4] = {
  { 0xe0001000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_linux_uart }, 0 },
  { 0xf8f01000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu0 }, 0 },
  { 0xf8f00100, 0x100, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu0 }, 1 },
  { 0xf8001000, 0x1000, EMULATE_TYPE_TIMER_SP804, { &vdev_linux_timer }, 0 },
};
emulate const vm_linux_cpu1_emulates[4] = {
  { 0xe0001000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_linux_uart }, 0 },
  { 0xf8f01000, 0x1000, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu1 }, 0 },
  { 0xf8f00100, 0x100, EMULATE_TYPE_IRQ_GIC, { &vdev_linux_gic_cpu1 }, 1 },
  { 0xf8001000, 0x1000, EMULATE_TYPE_TIMER_SP804, { &vdev_linux_timer }, 0 },
};
tree_emulate const vm_linux_cpu0_emulatetree = { &vm_linux_cpu0_emulatetree_l, &vm_linux_cpu0_emulatetree_r, vm_linux_cpu0_emulates + 2 };
tree_emulate const vm_linux_cpu0_emulatetree_l = { &vm_linux_cpu0_emulatetree_l_l, NULL, vm_linux_cpu0_emulates + 3 };
tree_emulate const vm_linux_cpu0_emulatetree_l_l = { NULL, NULL, vm_linux_cpu0_emulates + 0 };
tree_emulate const vm_linux_cpu0_emulatetree_r = { NULL, NULL, vm_linux_cpu0_emulates + 1 };
tree_emulate const vm_linux_cpu1_emulatetree = { &vm_linux_cpu1_emulatetree_l, &vm_linux_cpu1_emulatetree_r, vm_linux_cpu1_emulates + 2 };
tree_emulate const vm_linux_cpu1_emulatetree_l = { &vm_linux_cpu1_emulatetree_l_l, NULL, vm_linux_cpu1_emulates + 3 };
tree_emulate const vm_linux_cpu1_emulatetree_l_l = { NULL, NULL, vm_linux_cpu1_emulates + 0 };
tree_emulate const vm_linux_cpu1_emulatetree_r = { NULL, NULL, vm_linux_cpu1_emulates + 1 };
emulate const vm_rtos_cpu0_emulates[1] = {
  { 0xe0000000, 0x1000, EMULATE_TYPE_UART_PL011, { &vdev_rtos_uart }, 0 },
};
tree_emulate const vm_rtos_cpu0_emulatetree = { NULL, NULL, vm_rtos_cpu0_emulates + 0 };
emulate_uart_pl011 vdev_linux_uart = {};
emulate_irq_gic vdev_linux_gic_cpu0 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_linux_gic_dist };
emulate_irq_gic vdev_linux_gic_cpu1 = { 0, 0, 0, 0, {}, {}, {}, {}, &vdev_linux_gic_dist };
emulate_irq_gic_distributor vdev_linux_gic_dist = {};
emulate_timer_sp804 vdev_linux_timer = {};
emulate_uart_pl011 vdev_rtos_uart = {};
