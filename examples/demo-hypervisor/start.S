/*
 * Entry of the demo hypervisor: EL2, MMU off, at the physical entry point
 * (hypervisor/@entry = load_base).  Steps (docs/demo.md):
 *
 *  1. find the configuration: it follows the core directly in the image
 *     (docs/measure.md 4.6), i.e. at PA(_start) + __hv_size; if that is not
 *     its config_pa, the image was loaded elsewhere (UEFI): move it to
 *     load_base and start again (relocate);
 *  2. install schism's INIT table (TTBR0_EL2), TCR_EL2 for arm64:g4io40,
 *     MAIR_EL2 (AttrIndx 0 normal, 1 device: the `d` flag sets 0x4) and turn
 *     the MMU on; the INIT table maps core_rx and config_r twice, at their
 *     physical and their virtual addresses;
 *  3. jump to the virtual address, switch to CPU 0's table, take the UART
 *     and the stack from CPU 0's memareas and call demo_main() in C.
 *
 * Until the stack exists everything lives in registers: x19 = PA of the
 * core, x20 = PA of the configuration, x21 = VA of the configuration.
 * TPIDR_EL2 holds the UART base the print routines use (0: none; bit 0:
 * an exception is being reported).
 */
#include "demo_config.h"

#define PSCI_SYSTEM_OFF 0x84000008
#define UART_DR 0x00
#define UART_FR 0x18
#define UART_FR_TXFF 5

/* MAIR_EL2: Attr0 = 0xff normal write-back, Attr1 = 0x04 device-nGnRE */
#define MAIR_VALUE 0x04ff
/* TCR_EL2 (non-VHE): RES1 bits 31 and 23, PS = 40 bits, SH0 inner
   shareable, ORGN0/IRGN0 write-back, TG0 = 4 KiB, T0SZ = 24 (40-bit VA:
   the walk starts at level 0, whose 2 entries are the format's width-1
   top level) */
#define TCR_VALUE ((1 << 31) | (1 << 23) | (2 << 16) | (3 << 12) | (1 << 10) | (1 << 8) | 24)
/* SCTLR_EL2: RES1 bits, I-cache, D-cache, MMU */
#define SCTLR_VALUE (0x30c50830 | (1 << 12) | (1 << 2) | (1 << 0))

#ifndef EARLY_UART
#define EARLY_UART 0x09000000 /* QEMU virt PL011: only for "no configuration found" */
#endif

	.macro putc_w reg
	mrs	x9, tpidr_el2
	bic	x9, x9, #1
	cbz	x9, .Lputc_done\@
.Lputc_wait\@:
	ldr	w10, [x9, #UART_FR]
	tbnz	w10, #UART_FR_TXFF, .Lputc_wait\@
	str	\reg, [x9, #UART_DR]
.Lputc_done\@:
	.endm

	.macro fail msg
	adr	x0, \msg
	b	fail_early
	.endm

	.section .text.boot, "ax"
	.globl	_start
_start:
	msr	daifset, #0xf
	mov	x0, #EARLY_UART
	msr	tpidr_el2, x0
	adr	x0, vectors
	msr	vbar_el2, x0
	mrs	x0, CurrentEL
	cmp	x0, #(2 << 2)
	b.eq	1f
	fail	msg_not_el2
1:	msr	hcr_el2, xzr			/* E2H = 0: the EL2 regime uses TTBR0_EL2 only */
	adr	x19, _start
	ldr	x0, =__hv_size
	add	x20, x19, x0
	ldr	x1, [x20, #HDR_MAGIC]
	ldr	x2, =DEMO_CONFIG_MAGIC
	cmp	x1, x2
	b.eq	1f
	fail	msg_no_config
1:	ldr	w1, [x20, #HDR_UART_INDEX]
	ldr	w2, [x20, #HDR_NMEMAREAS]
	cmp	w1, w2
	b.lo	1f
	fail	msg_no_uart
1:	ldr	w2, [x20, #HDR_MEMAREAS_OFFSET]
	add	x2, x20, x2
	add	x2, x2, x1, lsl #MA_SHIFT
	ldr	x3, [x2, #MA_PA]
	msr	tpidr_el2, x3			/* the scenario's UART, physically */
	ldr	x1, [x20, #HDR_CONFIG_PA]
	cmp	x1, x20
	b.ne	relocate
	adr	x0, msg_hello
	bl	puts
	mov	x0, x19
	bl	puthex
	adr	x0, msg_config_at
	bl	puts
	mov	x0, x20
	bl	puthex
	mov	w0, #'\n'
	putc_w	w0

	/* 2. the INIT table: nothing but core_rx and config_r is mapped, so
	   no UART until CPU 0's table is in place */
	msr	tpidr_el2, xzr
	ldr	x0, =MAIR_VALUE
	msr	mair_el2, x0
	ldr	x0, =TCR_VALUE
	msr	tcr_el2, x0
	ldr	x0, [x20, #HDR_INIT_TABLE]
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	ic	iallu
	dsb	nsh
	isb
	ldr	x0, =SCTLR_VALUE
	msr	sctlr_el2, x0
	isb
	ldr	x0, =virtual_entry
	br	x0

virtual_entry:
	/* 3. at the virtual address; the physical one is still mapped */
	adr	x0, vectors
	msr	vbar_el2, x0
	ldr	x21, [x20, #HDR_CONFIG_VA]
	ldr	w1, [x21, #HDR_CPU_TABLES_OFFSET]
	ldr	x0, [x21, x1]			/* cpu_tables[0] */
	dsb	ish
	msr	ttbr0_el2, x0
	isb
	tlbi	alle2
	dsb	nsh
	isb
	ldr	w2, [x21, #HDR_MEMAREAS_OFFSET]
	add	x22, x21, x2			/* CPU 0's memareas */
	ldr	w1, [x21, #HDR_UART_INDEX]
	add	x2, x22, x1, lsl #MA_SHIFT
	ldr	x3, [x2, #MA_VA]
	msr	tpidr_el2, x3			/* the UART, through its mapping */
	ldr	w1, [x21, #HDR_STACK_INDEX]
	ldr	w2, [x21, #HDR_NMEMAREAS]
	cmp	w1, w2
	b.lo	1f
	fail	msg_no_stack
1:	add	x2, x22, x1, lsl #MA_SHIFT
	ldr	x3, [x2, #MA_VA]
	ldr	x4, [x2, #MA_SIZE]
	add	x3, x3, x4
	msr	spsel, #1
	mov	sp, x3
	mov	x0, x21
	bl	demo_main
	b	system_off

/*
 * Loaded away from load_base (UEFI puts an EFI application where it likes,
 * MMU and caches on): clean the image to the point of coherency, turn MMU
 * and caches off, move the image (header.image_size bytes) to load_base =
 * config_pa - __hv_size and start again there.  Moving down, the first page
 * (this code) goes first and the copy finishes the job, so the running code
 * is never overwritten; moving up copies from the end.  Addresses are page
 * aligned, so the two first pages never overlap.
 */
relocate:
	adr	x0, msg_moving
	bl	puts
	mov	x0, x19
	bl	puthex
	adr	x0, msg_to
	bl	puts
	ldr	x0, [x20, #HDR_CONFIG_PA]
	ldr	x1, =__hv_size
	sub	x21, x0, x1
	mov	x0, x21
	bl	puthex
	mov	w0, #'\n'
	putc_w	w0
	ldr	x22, [x20, #HDR_IMAGE_SIZE]
	cbnz	x22, 1f
	fail	msg_no_size
1:	mrs	x0, ctr_el0
	ubfx	x0, x0, #16, #4
	mov	x1, #4
	lsl	x1, x1, x0			/* D-cache line size */
	mov	x0, x19
	add	x2, x19, x22
2:	dc	cvac, x0
	add	x0, x0, x1
	cmp	x0, x2
	b.lo	2b
	dsb	sy
	mrs	x0, sctlr_el2
	bic	x0, x0, #(1 << 0)		/* M */
	bic	x0, x0, #(1 << 2)		/* C */
	bic	x0, x0, #(1 << 12)		/* I */
	msr	sctlr_el2, x0
	isb
	ic	iallu
	dsb	sy
	isb
	cmp	x21, x19
	b.hi	3f
	mov	x0, #0
4:	ldr	x1, [x19, x0]			/* moving down: the first page */
	str	x1, [x21, x0]
	add	x0, x0, #8
	cmp	x0, #0x1000
	b.lo	4b
	adr	x1, 5f
	sub	x1, x1, x19
	add	x1, x1, x21
	br	x1				/* continue in the copy */
5:	ldr	x1, [x19, x0]
	str	x1, [x21, x0]
	add	x0, x0, #8
	cmp	x0, x22
	b.lo	5b
	b	6f
3:	mov	x0, x22				/* moving up: from the end */
7:	sub	x0, x0, #8
	ldr	x1, [x19, x0]
	str	x1, [x21, x0]
	cbnz	x0, 7b
6:	ic	iallu
	dsb	sy
	isb
	br	x21
relocate_end:
	.if	relocate_end - _start > 0x1000
	.error	"the relocation code must lie in the core's first page"
	.endif

/* Print x0 (a NUL-terminated string), then power off. */
fail_early:
	bl	puts
	b	system_off

	.globl	system_off
system_off:
	ldr	x0, =PSCI_SYSTEM_OFF
	smc	#0
1:	wfi
	b	1b

/* puts(x0): print a string; clobbers x0, x1, x9, x10. */
	.globl	puts
puts:
	ldrb	w1, [x0], #1
	cbz	w1, 3f
	putc_w	w1
	b	puts
3:	ret

/* puthex(x0): print "0x" and the value's hex digits without leading zeros
   (schism's HEX form); clobbers x0-x3, x9, x10. */
puthex:
	mov	w1, #'0'
	putc_w	w1
	mov	w1, #'x'
	putc_w	w1
	mov	x2, #60				/* bit position of the current digit */
1:	lsr	x1, x0, x2
	cbnz	x1, 2f
	cbz	x2, 2f
	sub	x2, x2, #4
	b	1b
2:	lsr	x1, x0, x2
	and	x1, x1, #0xf
	cmp	x1, #10
	add	x3, x1, #'0'
	add	x1, x1, #('a' - 10)
	csel	x1, x3, x1, lo
	putc_w	w1
	cbz	x2, 3f
	sub	x2, x2, #4
	b	2b
3:	ret

/* Every exception is a failure: report the syndrome and power off.  A
   second exception while reporting (bit 0 of TPIDR_EL2) powers off at once. */
report_exception:
	mrs	x0, tpidr_el2
	tbnz	x0, #0, system_off
	orr	x0, x0, #1
	msr	tpidr_el2, x0
	adr	x0, msg_exception
	bl	puts
	mrs	x0, esr_el2
	bl	puthex
	adr	x0, msg_far
	bl	puts
	mrs	x0, far_el2
	bl	puthex
	adr	x0, msg_elr
	bl	puts
	mrs	x0, elr_el2
	bl	puthex
	mov	w0, #'\n'
	putc_w	w0
	b	system_off

	.balign	2048
vectors:
	.rept	16
	b	report_exception
	.balign	128
	.endr

	.ltorg

/* Strings the code before demo_main() prints live in .text: only core_rx
   is mapped by the INIT table. */
msg_hello:	.asciz	"schism-demo: entered at EL2, PA "
msg_config_at:	.asciz	", configuration at PA "
msg_not_el2:	.asciz	"schism-demo: FAIL not entered at EL2\n"
msg_no_config:	.asciz	"schism-demo: FAIL no configuration behind the core (bad magic)\n"
msg_moving:	.asciz	"schism-demo: loaded at PA "
msg_to:		.asciz	", moving the image to its load_base "
msg_no_size:	.asciz	"schism-demo: FAIL loaded away from load_base and no image_size\n"
msg_no_uart:	.asciz	"schism-demo: FAIL no memarea for the device serial\n"
msg_no_stack:	.asciz	"schism-demo: FAIL no memarea for stack\n"
msg_exception:	.asciz	"schism-demo: FAIL exception ESR_EL2="
msg_far:	.asciz	" FAR_EL2="
msg_elr:	.asciz	" ELR_EL2="
	.balign	4
