/* The tiny hypervisor: it never runs, but has what schism measures. */
const unsigned long tiny_magic = 0x796e6974;
__attribute__((section(".data_shared"))) unsigned long tiny_lock;
unsigned long tiny_cpu[TINY_NCPUS] = { 1 };

void tiny_start(void)
{
	for (;;)
		tiny_cpu[0]++;
}
