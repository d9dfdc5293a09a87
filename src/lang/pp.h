/* SPDX-License-Identifier: MIT */
/* The SystemTap preprocessor between lexer and parser (stap 4.8 parse.cxx scan_pp1 and
 * scan_pp): @define macros with and without parameters (file-local, or global when they
 * come from .stpm library files) and %( cond %? a %: b %) conditionals. Errors are
 * returned, not printed: the parser reports them with its own "saw" token. */
#ifndef UTAP_LANG_PP_H
#define UTAP_LANG_PP_H

#include <stdbool.h>

#include "util/srcfile.h"

struct arena;
struct diag;
struct lexer;

/* The facts %( %) conditions test, fixed for a session. */
struct pp_env {
	const char *kernel_release;	 /* kernel_vr: uname -r */
	const char *kernel_base_release; /* kernel_v: the release up to its first '-' */
	const char *compatible;		 /* systemtap_v */
	const char *arch;		 /* normalized: x86_64, i386, arm64, ... */
	const char *runtime;		 /* "dyninst" for utap (a user-space runtime) */
	const char *privilege;		 /* "stapdev" / "stapsys" / "stapusr" */
	bool guru;
};

/* A parse error raised by the preprocessor or the parser. */
struct pp_error {
	const char *site;
	const char *msg;
	const struct token *tok; /* NULL: "saw" the parser's last token */
	bool skip_some;		 /* recover by skipping to the next top-level keyword */
	struct pp_error *chain;
	bool fatal; /* stap's uncaught "bad lexical cast": stop everything */
};

/* Library (.stpm) macros shared by every file of a session. */
struct pp_library;
struct pp_library *pp_library_new(void);
void pp_library_free(struct pp_library *lib);

struct pp;

/* A preprocessor reading lx; tokens it makes live in arena a. lib may be NULL. */
struct pp *pp_new(struct arena *a, struct lexer *lx, const struct pp_env *env,
		  struct pp_library *lib, struct diag *d);
void pp_free(struct pp *pp);

/* The next token after macro expansion and conditionals: 0 with *out set (NULL at end of
 * input), or -1 with *err filled. Scanning may continue after an error. */
int pp_scan(struct pp *pp, const struct token **out, struct pp_error *err);

/* The RHS token of the last "systemtap_v" condition evaluated (stap's systemtap_v_seen),
 * which the parser clears before each top-level declaration. */
const struct token *pp_systemtap_v_seen(const struct pp *pp);
void pp_clear_systemtap_v_seen(struct pp *pp);

/* For .stpm files: after pp_scan reached the end without a token, moves this file's
 * macros into the library. Returns 0, or -1 with *err ("duplicate definition of library
 * macro", chained to the first definition) and nothing moved. */
int pp_commit_library(struct pp *pp, struct pp_error *err);

#endif
