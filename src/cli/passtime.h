/* SPDX-License-Identifier: MIT */
/* stap's -v pass lines: "Pass N: <what> using Nvirt/Nres/Nshr/Ndata kb, in Nusr/Nsys/Nreal ms."
 * The testsuite's stap_run harness reads them, so every pass prints one under -v. */
#ifndef UTAP_CLI_PASSTIME_H
#define UTAP_CLI_PASSTIME_H

#include <sys/time.h>
#include <sys/times.h>

struct passtime {
	struct tms t;
	struct timeval tv;
};

void passtime_start(struct passtime *pt);
/* Prints "Pass N: what using ... kb, in ...ms." to stderr (one write). */
void passtime_line(const struct passtime *pt, int pass, const char *what);

#endif
