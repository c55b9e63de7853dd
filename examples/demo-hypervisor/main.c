/*
 * The demo hypervisor's C part.  start.S calls demo_main() at the virtual
 * address, on CPU 0's page table and CPU 0's stack, with the configuration
 * at its virtual address; everything here goes through the mappings
 * schism made.  Every line starts with "schism-demo: "; the last one is
 * "schism-demo: OK" or a "schism-demo: FAIL ..." line (docs/demo.md).
 */
#include <stdint.h>
#include "demo_config.h"

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF (1u << 5)

#define RW_CANARY  0x79726e61635f7772 /* "rw_canry" in memory */
#define RWS_CANARY 0x736e61635f737772 /* "rws_cans" in memory */

int demo_main(const struct demo_header *cfg);

/* core_rw: valid only once the core_rwt template has been copied */
static volatile uint64_t rw_canary = RW_CANARY;
/* core_rws: loaded with the image, mapped directly */
__attribute__((section(".data_shared"))) volatile uint64_t rws_canary = RWS_CANARY;

static const char flag_letters[] = "rwxgdus";

static volatile uint32_t *uart(void)
{
	uint64_t base;

	__asm__ volatile("mrs %0, tpidr_el2" : "=r"(base));
	return (volatile uint32_t *)(base & ~(uint64_t)1);
}

static void put_char(char c)
{
	volatile uint32_t *u = uart();

	if (!u)
		return;
	while (u[UART_FR / 4] & UART_FR_TXFF)
		;
	u[UART_DR / 4] = (uint8_t)c;
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

/* schism's HEX form: 0x, lowercase, no leading zeros */
static void put_hex(uint64_t v)
{
	int shift = 60;

	put_str("0x");
	while (shift > 0 && !(v >> shift))
		shift -= 4;
	for (; shift >= 0; shift -= 4)
		put_char("0123456789abcdef"[(v >> shift) & 0xf]);
}

static void put_dec(uint64_t v)
{
	char digits[20];
	int n = 0;

	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		put_char(digits[--n]);
}

static void put_name(const uint8_t *name)
{
	for (int i = 0; i < DEMO_NAME_BYTES && name[i]; i++)
		put_char((char)name[i]);
}

static void put_flags(uint32_t flags)
{
	for (int i = 0; flag_letters[i]; i++)
		if (flags & (1u << i))
			put_char(flag_letters[i]);
}

static int fail(const char *what)
{
	put_str("schism-demo: FAIL ");
	put_str(what);
	put_char('\n');
	return 1;
}

static const struct demo_memarea *memareas(const struct demo_header *cfg)
{
	return (const struct demo_memarea *)((uintptr_t)cfg + cfg->memareas_offset);
}

static int name_is(const uint8_t *name, const char *s)
{
	int i = 0;

	for (; i < DEMO_NAME_BYTES && s[i]; i++)
		if (name[i] != (uint8_t)s[i])
			return 0;
	return i == DEMO_NAME_BYTES || name[i] == 0;
}

static const struct demo_memarea *find(const struct demo_header *cfg, const char *name)
{
	const struct demo_memarea *m = memareas(cfg);

	for (uint32_t i = 0; i < cfg->nmemareas; i++)
		if (name_is(m[i].name, name))
			return &m[i];
	return 0;
}

/* Per-CPU rw data starts as a copy of its template (docs/measure.md 4.2:
   core_rwt/config_rwt hold the image's bytes, core_rw/config_rw are this
   CPU's own pages at the segment's virtual address). */
static int copy_template(const struct demo_header *cfg, const char *from, const char *to)
{
	const struct demo_memarea *src = find(cfg, from), *dst = find(cfg, to);

	if (!src || !dst) {
		put_str("schism-demo: FAIL no memarea ");
		put_str(src ? to : from);
		put_char('\n');
		return 1;
	}
	if (src->size != dst->size)
		return fail("template and per-CPU copy differ in size");
	const volatile uint64_t *s = (const volatile uint64_t *)src->va;
	volatile uint64_t *d = (volatile uint64_t *)dst->va;
	for (uint64_t i = 0; i < src->size / 8; i++)
		d[i] = s[i];
	return 0;
}

/* Touch the first and last byte (writing back what was read when the
   mapping is writable): a wrong or missing mapping faults here. */
static void probe(const struct demo_memarea *m)
{
	if ((m->flags & DEMO_FLAG_D) || m->size == 0)
		return;
	volatile uint8_t *first = (volatile uint8_t *)m->va;
	volatile uint8_t *last = first + m->size - 1;
	uint8_t a = *first, b = *last;

	if (m->flags & DEMO_FLAG_W) {
		*first = a;
		*last = b;
	}
}

static uint32_t crc32(const volatile uint8_t *p, uint64_t n)
{
	uint32_t c = 0xffffffffu;

	while (n--) {
		c ^= *p++;
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
	}
	return ~c;
}

static void put_memarea(const struct demo_memarea *m)
{
	put_str("schism-demo: memarea ");
	put_name(m->name);
	put_str(" pa=");
	put_hex(m->pa);
	put_str(" va=");
	put_hex(m->va);
	put_str(" size=");
	put_hex(m->size);
	put_str(" flags=");
	put_flags(m->flags);
	put_char('\n');
}

static int check_files(const struct demo_header *cfg)
{
	const struct demo_file *f = (const struct demo_file *)((uintptr_t)cfg + cfg->files_offset);
	int failed = 0;

	for (uint32_t i = 0; i < cfg->nfiles; i++) {
		uint32_t crc = crc32((const volatile uint8_t *)f[i].va, f[i].size);

		put_str(crc == f[i].crc32 ? "schism-demo: file " : "schism-demo: FAIL file ");
		put_name(f[i].name);
		put_str(" va=");
		put_hex(f[i].va);
		put_str(" size=");
		put_hex(f[i].size);
		put_str(" crc32=");
		put_hex(crc);
		if (crc == f[i].crc32) {
			put_str(" ok\n");
		} else {
			put_str(" expected ");
			put_hex(f[i].crc32);
			put_char('\n');
			failed = 1;
		}
	}
	return failed;
}

int demo_main(const struct demo_header *cfg)
{
	const struct demo_memarea *m = memareas(cfg);
	const uint64_t *tables = (const uint64_t *)((uintptr_t)cfg + cfg->cpu_tables_offset);

	if (copy_template(cfg, "core_rwt", "core_rw"))
		return 1;
	put_str("schism-demo: SCHISM demo hypervisor running at ");
	put_hex((uintptr_t)&demo_main);
	put_str(" on CPU 0's page table\n");
	put_str("schism-demo: configuration va=");
	put_hex(cfg->config_va);
	put_str(" pa=");
	put_hex(cfg->config_pa);
	put_str(" init_table=");
	put_hex(cfg->init_table);
	put_str(" cpus=");
	put_dec(cfg->ncpus);
	put_str(" memareas=");
	put_dec(cfg->nmemareas);
	put_str(" files=");
	put_dec(cfg->nfiles);
	put_char('\n');
	for (uint32_t i = 0; i < cfg->ncpus; i++) {
		put_str("schism-demo: cpu ");
		put_dec(i);
		put_str(" table=");
		put_hex(tables[i]);
		put_char('\n');
	}
	for (uint32_t i = 0; i < cfg->nmemareas; i++) {
		put_memarea(&m[i]);
		probe(&m[i]);
	}
	if (rw_canary != RW_CANARY)
		return fail("core_rw does not hold the core_rwt template");
	if (rws_canary != RWS_CANARY)
		return fail("core_rws does not hold the image's data");
	if (copy_template(cfg, "config_rwt", "config_rw"))
		return 1;
	const struct demo_memarea *rw = find(cfg, "config_rw");
	const struct demo_memarea *rws = find(cfg, "config_rws");
	if (!rws || *(const volatile uint64_t *)rw->va != DEMO_RW_MARKER)
		return fail("config_rw does not start with DEMO_RW_MARKER");
	if (*(const volatile uint64_t *)rws->va != DEMO_RWS_MARKER)
		return fail("config_rws does not start with DEMO_RWS_MARKER");
	put_str("schism-demo: rw data copied from its templates, markers ok\n");
	if (check_files(cfg))
		return 1;
	put_str("schism-demo: OK\n");
	return 0;
}
