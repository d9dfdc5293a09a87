/* SPDX-License-Identifier: MIT */
/* `utap -l` / `utap -L`: stap 4.8's probe listing (main.cxx printscript): list_lines
 * collects (probe point, variables) pairs and prints them sorted, the way stap does;
 * list_program() feeds it from an elaborated program.
 *
 * Ownership: list_lines_new() result is freed with list_lines_free(); strings passed in
 * are copied. */
#ifndef UTAP_CLI_LIST_H
#define UTAP_CLI_LIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "elf/resolve.h"
#include "sema/program.h"

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

/* Lists the primary probes of p (-l; -L with vars; -L -v one line per derived probe).
 * Returns the number of lines printed. */
int list_program(const struct program *p, bool vars, int verbose, FILE *out);

#endif
