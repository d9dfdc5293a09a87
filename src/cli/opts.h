/* SPDX-License-Identifier: MIT */
/* utap's command line: stap 4.8's options (those that make sense in user space) parsed
 * into one struct. Parsing never exits; opts_parse returns an exit status or -1. */
#ifndef UTAP_CLI_OPTS_H
#define UTAP_CLI_OPTS_H

#include <stdbool.h>

#include "util/vec.h"

struct utap_opts {
	const char *script_file;      /* SCRIPT path, "-" for stdin, NULL with -e/-l/-L */
	const char *script_text;      /* -e TEXT */
	VEC(const char *) extra_scripts; /* -E TEXT (repeatable) */
	VEC(const char *) args;       /* $1 ... */
	VEC(const char *) include_dirs; /* -I DIR */
	VEC(const char *) defines;    /* -D NAME=VAL */
	VEC(const char *) global_sets; /* -G name=val */
	const char *target_cmd;       /* -c CMD */
	int target_pid;               /* -x PID (0 = none) */
	const char *list_pattern;     /* -l / -L PATTERN */
	bool list_vars;               /* -L */
	const char *output_file;      /* -o FILE */
	int last_pass;                /* -p N (5 = run) */
	int verbose;                  /* -v count */
	bool guru;                    /* -g */
	bool suppress_warnings;       /* -w */
	bool warnings_as_errors;      /* -W */
	bool unoptimized;             /* -u */
	bool timing;                  /* -t */
	bool keep;                    /* -k (accepted, nothing to keep) */
	bool bulk;                    /* -b: per-CPU bulk files FILE_0 (stap_merge format) */
	double time_limit;            /* -T SECS, 0 = none */
	const char *compatible;       /* --compatible V */
	bool suppress_handler_errors;
	bool no_global_var_display;
	bool suppress_time_limits;    /* --suppress-time-limits (needs -g): no MAXACTION */
	bool dump_probe_types, dump_probe_aliases, dump_functions;
	bool dump_tokens, dump_ast, dump_bytecode;
};

/* Fills o from argv. Returns -1 to continue, or an exit status (0 after --help/-V,
 * 1 after a usage error, which has already been printed). */
int opts_parse(struct utap_opts *o, int argc, char **argv);
void opts_free(struct utap_opts *o);

#endif
