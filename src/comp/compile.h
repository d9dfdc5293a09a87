/* SPDX-License-Identifier: MIT */
/* Pass 3: compiles the elaborated program (sema/program.h) into bytecode
 * (comp/bytecode.h). It reproduces translate.cxx's evaluation order, its action
 * accounting (record_actions, the finite-handler pre-check) and the token each run-time
 * error names, so that the VM behaves as stap's generated C does. */
#ifndef UTAP_COMP_COMPILE_H
#define UTAP_COMP_COMPILE_H

#include <stdbool.h>
#include <stddef.h>

#include "comp/bytecode.h"
#include "sema/program.h"

struct comp_opts {
	bool unoptimized;	   /* -u: no finite-handler pre-check */
	bool suppress_time_limits; /* no action accounting at all */
	int compat;		   /* --compatible as major * 256 + minor (default 4.8) */
};

/* The bytecode for p, or NULL with a message in err (an internal limit such as too many
 * registers, or a construct sema should have rejected). p must outlive the result only
 * until this returns: the program copies every string it keeps. */
struct bc_program *comp_program(const struct program *p, const struct comp_opts *o, char *err,
				size_t errlen);

/* Renders tok as stap's run-time errors name it: "identifier 'x' at f.stp:1:2". */
char *comp_token_text(const struct token *tok);

#endif
