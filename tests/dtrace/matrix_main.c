// SPDX-License-Identifier: MIT
/* main() for the shared-library builds of matrix.c. */
#include <stdio.h>

int mx_run(int n);

int main(int argc, char **argv)
{
	(void)argv;
	printf("sum=%d\n", mx_run(argc + 3));
	return 0;
}
