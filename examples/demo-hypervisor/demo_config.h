/*
 * The configuration schism's `demo` CBI generates (schism/cbi/demo,
 * docs/demo.md): plain data, fixed-width little-endian integers only, no
 * pointers, so any compiler for a little-endian target produces the same
 * bytes.  It starts the config_r segment, so it lies right behind the
 * hypervisor core in the image (docs/measure.md 4.6) and at the config_r
 * map's virtual address once the MMU is on.
 *
 * Layout (byte offsets from the start of the configuration):
 *
 *   header                     80 bytes, below
 *   cpu_tables[ncpus]          uint64_t: physical base of each CPU's table
 *   memareas[nmemareas]        64 bytes each: CPU 0's hypervisor mappings
 *   files[nfiles]              64 bytes each: the payload files in the blob
 *
 * The three arrays sit at the offsets the header names.  The config's rw
 * segment (.data) begins with DEMO_RW_MARKER and its rws segment
 * (.data_shared) with DEMO_RWS_MARKER.
 */
#ifndef DEMO_CONFIG_H
#define DEMO_CONFIG_H

#define DEMO_CONFIG_MAGIC   0x4d444d5349484353 /* "SCHISMDM" read as little-endian */
#define DEMO_CONFIG_VERSION 1
#define DEMO_NONE           0xffffffff         /* "no such memarea" index */
#define DEMO_RW_MARKER      0x57525f4f4d4544   /* "DEMO_RW" */
#define DEMO_RWS_MARKER     0x5357525f4f4d4544 /* "DEMO_RWS" */

/* header field offsets (shared with start.S) */
#define HDR_MAGIC             0
#define HDR_VERSION           8
#define HDR_SIZE              12
#define HDR_CONFIG_PA         16
#define HDR_CONFIG_VA         24
#define HDR_INIT_TABLE        32
#define HDR_NCPUS             40
#define HDR_NMEMAREAS         44
#define HDR_NFILES            48
#define HDR_UART_INDEX        52
#define HDR_STACK_INDEX       56
#define HDR_CPU_TABLES_OFFSET 60
#define HDR_MEMAREAS_OFFSET   64
#define HDR_FILES_OFFSET      68
#define HDR_IMAGE_SIZE        72
#define HDR_BYTES             80

/* memarea field offsets */
#define MA_PA    0
#define MA_VA    8
#define MA_SIZE  16
#define MA_FLAGS 24
#define MA_NAME  32
#define MA_SHIFT 6 /* 64 bytes each */

/* memarea flags: one bit per flag letter, in the order rwxgdus */
#define DEMO_FLAG_R (1u << 0)
#define DEMO_FLAG_W (1u << 1)
#define DEMO_FLAG_X (1u << 2)
#define DEMO_FLAG_G (1u << 3)
#define DEMO_FLAG_D (1u << 4)
#define DEMO_FLAG_U (1u << 5)
#define DEMO_FLAG_S (1u << 6)

#define DEMO_NAME_BYTES 32 /* the scenario id, NUL-padded, cut to 31 bytes */

#ifndef __ASSEMBLER__
#include <stdint.h>

struct demo_header {
	uint64_t magic;             /* DEMO_CONFIG_MAGIC */
	uint32_t version;           /* DEMO_CONFIG_VERSION */
	uint32_t size;              /* bytes of the whole configuration */
	uint64_t config_pa;         /* physical base of config_r */
	uint64_t config_va;         /* virtual base of config_r (its map) */
	uint64_t init_table;        /* physical base of the INIT table */
	uint32_t ncpus;             /* hypervisor CPUs: entries of cpu_tables */
	uint32_t nmemareas;         /* CPU 0's memareas */
	uint32_t nfiles;            /* payload files */
	uint32_t uart_index;        /* memarea of the device `serial`, or DEMO_NONE */
	uint32_t stack_index;       /* memarea of `stack`, or DEMO_NONE */
	uint32_t cpu_tables_offset; /* byte offsets from the header's start */
	uint32_t memareas_offset;
	uint32_t files_offset;
	uint64_t image_size;        /* bytes from load_base to the end of the blob:
				       what a loader must place at load_base */
};

struct demo_memarea {
	uint64_t pa;                /* physical address (map offset applied) */
	uint64_t va;                /* virtual address for CPU 0 */
	uint64_t size;              /* bytes mapped */
	uint32_t flags;             /* DEMO_FLAG_* */
	uint32_t reserved;          /* 0 */
	uint8_t name[DEMO_NAME_BYTES]; /* the map's xref */
};

struct demo_file {
	uint64_t va;                /* blob map base + offset */
	uint64_t offset;            /* offset in the blob */
	uint64_t size;              /* bytes */
	uint32_t crc32;             /* CRC-32 (IEEE 802.3, as zlib) of its bytes */
	uint32_t reserved;          /* 0 */
	uint8_t name[DEMO_NAME_BYTES]; /* the file's id */
};

_Static_assert(sizeof(struct demo_header) == HDR_BYTES, "demo_header layout");
_Static_assert(__builtin_offsetof(struct demo_header, image_size) == HDR_IMAGE_SIZE,
	       "demo_header layout");
_Static_assert(sizeof(struct demo_memarea) == 1 << MA_SHIFT, "demo_memarea layout");
_Static_assert(sizeof(struct demo_file) == 64, "demo_file layout");
#endif

#endif
