/* Test stand-in for the Phidias headers (not public): types whose shape
   follows the generator's initializers (docs/phidias.md P3-P8), so that the
   generated configuration can be compiled and linked in tests. Not the
   real layout. */
#ifndef PHIDIAS_STUB_H
#define PHIDIAS_STUB_H

#include <stddef.h>
#include <stdint.h>

typedef uint64_t addr_t;

#define MEMAREA_FLAG_R 0x01
#define MEMAREA_FLAG_W 0x02
#define MEMAREA_FLAG_X 0x04
#define MEMAREA_FLAG_G 0x08
#define MEMAREA_FLAG_D 0x10
#define MEMAREA_FLAG_U 0x20
#define MEMAREA_FLAG_S 0x40

typedef struct memarea {
  addr_t pa, va, size;
  uint32_t flags;
  const struct memarea *reference;
} memarea;

typedef struct tree_memarea {
  const struct tree_memarea *left, *right;
  const memarea *item;
} tree_memarea;

enum emulate_type {
  EMULATE_TYPE_TIMER_SP804, EMULATE_TYPE_TIMER_MPCORE, EMULATE_TYPE_CLOCK_MPCORE,
  EMULATE_TYPE_VTLB, EMULATE_TYPE_IRQ_GIC, EMULATE_TYPE_UART_16450,
  EMULATE_TYPE_UART_PL011, EMULATE_TYPE_MEMORY_32BIT
};

typedef struct emulate {
  addr_t base, size;
  enum emulate_type type;
  union { const void *any; } control;
  uint32_t index;
} emulate;

typedef struct tree_emulate {
  const struct tree_emulate *left, *right;
  const emulate *item;
} tree_emulate;

typedef struct vm_cpu_state vm_cpu_state;
struct vm;
struct vm_cpu;

enum { SCHEDULER_CLASS_FAIR_SHARE };
enum { SCHEDULER_STATE_READY };

typedef struct scheduler_entity {
  struct vm_cpu *cpu;
  int sched_class;
  uint32_t a, b, share;
  int state;
  struct scheduler_entity *next;
} scheduler_entity;

typedef struct vm_cpu {
  const struct vm *vm;
  vm_cpu_state *cpu_state;
  addr_t pagetable;
  uint32_t reserved;
  uint32_t num_memareas;
  const memarea *memareas;
  const tree_memarea *memtree;
  uint32_t num_emulates;
  const emulate *emulates;
  const tree_emulate *emulatetree;
  const emulate *vtlb_master, *irq_master, *uart_master;
  uint32_t num_scheds;
  scheduler_entity *scheds;
} vm_cpu;

enum { CAPABILITY_IPC };

typedef struct capability {
  const struct vm *target;
  int type;
  uint64_t param;
} capability;

typedef struct vm_copyin {
  addr_t dest, src, size;
} vm_copyin;

typedef struct vm {
  uint32_t num_cpus;
  vm_cpu *cpus;
  uint32_t num_capabilities;
  const capability *capabilities;
  uint32_t num_copyins;
  const vm_copyin *copyins;
  addr_t entry;
} vm;

typedef struct specification_cpu {
  addr_t pagetable;
  uint32_t num_memareas;
  const memarea *memareas;
  const tree_memarea *memtree;
  uint32_t num_vm_cpus;
  vm_cpu *const *vm_cpus;
  struct { uint32_t reserved[2]; } arch;
} specification_cpu;

typedef struct specification {
  char magic[8];
  addr_t config_pa, config_va, pagetable;
  uint32_t num_cpus;
  const specification_cpu *cpus;
  char build_time[20];
} specification;

typedef struct { uint32_t state[4]; } emulate_timer_sp804;
typedef struct { uint32_t state[4]; } emulate_timer_mpcore;
typedef struct { uint32_t state[4]; } emulate_clock_mpcore;
typedef struct { uint32_t state[8]; } emulate_uart_pl011;
typedef struct { uint32_t state[64]; } emulate_irq_gic_distributor;
typedef struct {
  uint32_t a, b, c, d;
  uint32_t e[4], f[4], g[4], h[4];
  emulate_irq_gic_distributor *dist;
} emulate_irq_gic;

#define VTLB_PAGING_FORMAT_ARM_SHORT 1
#define VTLB_NO_ACTIVE_INSTANCE 0xff
typedef struct { uint32_t state[8]; } emulate_vtlb_instance;
typedef struct {
  uint32_t size_log2, entry_log2, entries;
  uint32_t *bitmap;
  uint32_t shift;
  addr_t va, pa;
} emulate_vtlb_pool;
typedef struct {
  uint32_t format, num_instances;
  emulate_vtlb_instance *instances;
  uint32_t num_levels;
  const emulate_vtlb_pool *levelpools;
  uint32_t active;
} emulate_vtlb;

#define EMULATE_MEMORY_FLAG_SINGLE_VALUE 0x01
#define EMULATE_MEMORY_FLAG_SINGLE_MEM_RMASK 0x02
#define EMULATE_MEMORY_FLAG_SINGLE_MEM_WMASK 0x04
#define EMULATE_MEMORY_FLAG_SINGLE_HW_RMASK 0x08
#define EMULATE_MEMORY_FLAG_SINGLE_HW_WMASK 0x10
typedef struct {
  uint32_t flags;
  uint32_t value, mem_rmask, mem_wmask, hw_rmask, hw_wmask;
  const uint32_t *values;
  volatile uint32_t *hardware;
  const uint32_t *mem_rmasks, *mem_wmasks, *hw_rmasks, *hw_wmasks;
} emulate_memory;

#endif
