/* SPDX-License-Identifier: MIT */
/* Provider of busy.c, the target of tests/check-robust.sh: a semaphore-gated probe per
 * iteration, an ungated one, and one in fork/exec children. */
provider busy {
	probe tick(int, long, long);
	probe work(int);
	probe child(int, long);
};
