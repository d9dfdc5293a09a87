/* SPDX-License-Identifier: MIT */
/* Provider of busylib.c, the library busy.c dlopens and dlcloses in a loop. */
provider busylib {
	probe call(int, long);
};
