/* SPDX-License-Identifier: MIT */
/* `utap -l` / `utap -L`: stap 4.8's probe listing (main.cxx printscript). Two separate
 * parts: list_lines collects (probe point, variables) pairs and prints them sorted, the
 * way stap does; list_run() feeds it from a minimal parser of the mark probe points
 * (process("PATH")[.provider("P")].mark("M"), comma-separated), which the semantic
 * pass will replace with full elaboration.
 *
 * Ownership: list_lines_new() result is freed with list_lines_free(); strings passed in
 * are copied. Errors: list_run returns the process exit status (0 = something listed). */
#ifndef UTAP_CLI_LIST_H
#define UTAP_CLI_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "elf/resolve.h"

struct list_lines;

struct list_lines *list_lines_new(void);
void list_lines_free(struct list_lines *ll);
/* Adds one derived probe under script-level name pp with its variables ("$arg1:long").
 * Several derived probes under one pp are printed once, with only the variables common
 * to all of them (in first-seen order), as stap does. */
void list_lines_add(struct list_lines *ll, const char *pp, const char *const *vars, size_t nvars);
/* Adds every mark of ms as process("PATH")[.provider("P")].mark("NAME") with
 * $arg1:long..$argN:long. with_provider: the user wrote a .provider() component. */
void list_lines_add_marks(struct list_lines *ll, const struct mark_set *ms, bool with_provider);
/* Prints the lines sorted bytewise (std::map order); with vars, each line gets its
 * " name:type" list. Returns the number of lines printed. */
size_t list_lines_print(const struct list_lines *ll, FILE *out, bool vars);

/* The script-level name of a mark probe. Caller frees. */
char *list_mark_pp(const char *path, const char *provider, const char *mark);

/* Runs `-l PATTERN` (vars=false) or `-L PATTERN` (vars=true). Errors are silent unless
 * verbose >= 2 (stap prints them only with -vv). Returns 0 if anything matched, else 1. */
int list_run(const char *pattern, bool vars, int verbose);

#endif
