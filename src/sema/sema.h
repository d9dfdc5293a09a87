/* SPDX-License-Identifier: MIT */
/* Semantic analysis (stap's pass 2): from parsed user files and tapset files to a checked,
 * typed struct program (program.h). Also the pass-2 outputs that need the elaborated
 * form: -p2 printing, -l/-L listings and the --dump-* listings. Diagnostics go through
 * the caller's struct diag in stap's words and layout. */
#ifndef UTAP_SEMA_SEMA_H
#define UTAP_SEMA_SEMA_H

#include <stdbool.h>
#include <stdio.h>

#include "lang/ast.h"
#include "sema/program.h"
#include "util/diag.h"

enum sema_dump {
	SEMA_DUMP_NONE,
	SEMA_DUMP_LIST,		 /* -l */
	SEMA_DUMP_LIST_VARS,	 /* -L */
	SEMA_DUMP_FUNCTIONS,	 /* --dump-functions */
	SEMA_DUMP_PROBE_TYPES,	 /* --dump-probe-types */
	SEMA_DUMP_PROBE_ALIASES, /* --dump-probe-aliases */
};

struct sema_opts {
	int verbose;
	bool unoptimized;		/* -u */
	bool guru;			/* -g */
	bool no_global_var_display;	/* --no-global-var-display */
	bool suppress_warnings;		/* -w (diag also knows) */
	const char *const *global_sets; /* -G name=value */
	int n_global_sets;
	enum sema_dump dump;
	/* -c CMD as given (process.mark without a path uses its first word), or NULL;
	 * -x PID, or 0. */
	const char *target_cmd;
	int target_pid;
	const char *compatible; /* --compatible, default "4.8" */
	int n_primary_files;	/* user_files[0..n) are primary; the rest come from -E */
};

/* Elaborates user files (the script, then -E scripts) against the library (every tapset
 * file that parsed). Returns 0 with *out set (caller frees with program_free), or the
 * number of errors (> 0) with *out NULL; errors have been printed through d. In listing
 * modes (-l/-L) the program is returned even with errors, as stap lists what resolved.
 * The ast_files must outlive the program. */
int sema_elaborate(const struct sema_opts *o, struct diag *d, struct ast_file *const *user,
		   int n_user, struct ast_file *const *lib, int n_lib, struct program **out);

/* The checks stap makes while translating (pass 3), for utap's compiler to run first:
 * "cannot 'break' outside loop", "cannot 'continue' outside loop". Returns the number of
 * errors printed through d. */
int sema_check_translate(const struct program *p, struct diag *d);

/* -p2 output (stap's printscript): "# global embedded code", "# globals",
 * "# functions", "# probes" sections; verbose adds bodies and initialisers. */
void sema_print_program(FILE *f, const struct program *p, int verbose);

/* --dump-probe-types: the probe point patterns utap can resolve, one per line. */
void sema_dump_probe_types(FILE *f);
/* --dump-probe-aliases: "name = points" / "name += points" for every tapset alias, sorted
 * and de-duplicated; names starting with '_' only when verbose. */
void sema_dump_probe_aliases(FILE *f, struct ast_file *const *lib, int n_lib, int verbose);
/* --dump-functions: every non-private function of the library and the built-ins,
 * "name:type (arg:type, ...)" sorted; verbose adds private and '_' ones. Elaborates
 * the functions (types) first; returns 0 if anything was printed, else 1. */
int sema_dump_functions(FILE *f, const struct sema_opts *o, struct diag *d,
			struct ast_file *const *lib, int n_lib);

#endif
