/* SPDX-License-Identifier: MIT */
/* Passes 3 to 5 for the utap command: compiling the elaborated program to bytecode
 * (-p3 and --dump-bytecode print it; -p4 stops after it, there being no module to
 * build) and running it (src/run) with the options stap passes to its runtime. */
#ifndef UTAP_CLI_PASS35_H
#define UTAP_CLI_PASS35_H

#include "cli/opts.h"
#include "sema/program.h"

/* Compiles prog and, unless stopping earlier, runs it. Returns the exit status. */
int pass35_run(const struct program *prog, const struct utap_opts *o);

#endif
