// SPDX-License-Identifier: MIT
/* Probes in a library linked at start (libprobe.so) and in one loaded with dlopen
 * (libdlp.so, argv[1]), loaded twice to check re-arming after dlclose. */
#include <dlfcn.h>
#include <stdio.h>

int lib_fire(int x);

int main(int argc, char **argv)
{
	int sum = 0;

	for (int i = 1; i <= 3; i++)
		sum += lib_fire(i);
	for (int round = 0; round < 2; round++) {
		void *h = dlopen(argc > 1 ? argv[1] : "./libdlp.so", RTLD_NOW);
		if (!h) {
			fprintf(stderr, "%s\n", dlerror());
			return 2;
		}
		int (*fn)(int) = (int (*)(int))dlsym(h, "dl_fire");
		if (!fn)
			return 3;
		for (int i = 10; i <= 11; i++)
			sum += fn(i + round);
		dlclose(h);
	}
	return sum > 0 ? 0 : 4;
}
