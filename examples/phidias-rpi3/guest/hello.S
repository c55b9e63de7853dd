/* The example guest (docs/phidias.md): a bare-metal AArch64 program that
 * Phidias starts at EL1 with its MMU off, at the entry the scenario gives.
 * It writes one line to the PL011 mapped into it at UART_BASE (the UART is
 * already set up by the hypervisor), then waits forever.
 *
 * Position-independent (adr only), no stack, no data: it runs wherever the
 * scenario copies it. Build: examples/phidias-rpi3/Makefile. */

#ifndef UART_BASE
#define UART_BASE 0x3f201000
#endif
#define UART_DR 0x00 /* data register */
#define UART_FR 0x18 /* flag register */
#define FR_TXFF_BIT 5 /* transmit FIFO full */

	.section .text.start, "ax"
	.global _start
_start:
	ldr	x1, =UART_BASE
	adr	x2, line
1:	ldrb	w3, [x2], #1
	cbz	w3, 3f
2:	ldr	w4, [x1, #UART_FR]
	tbnz	w4, #FR_TXFF_BIT, 2b
	str	w3, [x1, #UART_DR]
	b	1b
3:	b	3b		/* done: spin (wfi/wfe would trap to the hypervisor) */

	.ltorg
line:
	.asciz	"schism guest: hello from EL1 on Phidias v0.010\r\n"
