// SPDX-License-Identifier: MIT
/* A target with SDT marks for the semantic-pass tests (tests/check-sema.sh): the
 * "bitcoin" provider's marks of the seed's tapset, and a second provider. It only
 * needs to exist as an ELF file; it is never run. */
#include <utap/sdt.h>

int main(int argc, char **argv)
{
	long coins = argc, bytes = argc * 2;
	STAP_PROBE2(bitcoin, cache_flush, coins, bytes);
	STAP_PROBE(bitcoin, cache_hit);
	STAP_PROBE(bitcoin, cache_miss);
	STAP_PROBE1(bitcoin, init_main, argv[0]);
	STAP_PROBE3(other, three, argc, coins, bytes);
	STAP_PROBE(other, noargs);
	return 0;
}
