/* SPDX-License-Identifier: MIT */
/* Pass 2 for the utap command: the tapset library (loaded before the user script is
 * parsed, for its macros), elaboration into a struct program, and what stap does when it
 * stops after pass 2: -p2 printing, -l/-L listings, --dump-functions/-probe-types/
 * -probe-aliases, "Pass 2: analysis failed.  [man error::pass2]" and exit codes. */
#ifndef UTAP_CLI_PASS2_H
#define UTAP_CLI_PASS2_H

#include "cli/opts.h"
#include "cli/pass1.h"
#include "sema/program.h"
#include "sema/tapset.h"

struct pass2 {
	struct tapset_path path;
	struct tapset_lib lib;
	struct program *prog; /* after pass2_run returned -1: the elaborated program */
};

/* Finds and parses the tapset library into p1's parser context. Returns -1 to go on, or
 * an exit status (1 after a usage error such as running a tapset file as the script). */
int pass2_load_tapsets(struct pass2 *p2, struct pass1 *p1, const struct utap_opts *o);

/* Elaborates p1's user files. Returns -1 with p2->prog set to go on to pass 3, or the
 * exit status (after -p2 output, listings, dumps or a failure). */
int pass2_run(struct pass2 *p2, struct pass1 *p1, const struct utap_opts *o);

void pass2_free(struct pass2 *p2);

#endif
