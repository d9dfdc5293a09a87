/* SPDX-License-Identifier: MIT */
/* DTrace provider files (probes.d) parsed into providers and probes. Accepts what
 * SystemTap's dtrace accepts (text before `provider`, comments, `#` lines, `: (...)`
 * translated-argument lists) and what it chokes on (unnamed arguments, `...`, three-word
 * types). Argument types are kept as text only: <utap/sdt.h> takes sizes from the C
 * expressions at the call site. Nothing here writes files or exits. */
#ifndef UTAP_DTRACE_PROVIDER_H
#define UTAP_DTRACE_PROVIDER_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"
#include "util/vec.h"

/* At most this many arguments per probe, as in <sys/sdt.h> and <utap/sdt.h>. */
#define PROVIDER_MAX_ARGS 12

struct provider_arg {
	char *type; /* normalised type text, e.g. "const char *" */
	char *name; /* declared name, or NULL for `probe q(char *, int)` */
};

struct provider_probe {
	char *name; /* as written; keeps "__" (the ELF note name) */
	const char *file;
	int line, col;
	size_t line_off; /* where the name's source line starts in the parsed text */
	VEC(struct provider_arg) args;
	bool variadic; /* the list ends with "..." (or is only "...") */
};

struct provider {
	char *name;
	const char *file;
	int line, col;
	VEC(struct provider_probe) probes;
};

enum provider_diag_kind { PROVIDER_ERROR, PROVIDER_WARNING, PROVIDER_NOTE };

struct provider_diag {
	enum provider_diag_kind kind;
	const char *file;
	int line, col; /* 1-based; col in bytes */
	char *msg;
	char *src; /* the source line (no newline), or NULL */
};

struct provider_file {
	struct arena *arena; /* owns every string above */
	VEC(struct provider) providers;
	VEC(struct provider_diag) diags;
	int nerrors;
};

/* Parses `len` bytes of `text` (need not be NUL-terminated). `filename` names the input in
 * diagnostics; `# N "file"` line markers (as written by cpp) switch the reported file and
 * line. Always returns a new provider_file (free with provider_file_free), or NULL when
 * out of memory; parse and check errors are in ->diags with ->nerrors counting them. */
struct provider_file *provider_parse(const char *text, size_t len, const char *filename);
void provider_file_free(struct provider_file *pf);

/* Appends one diagnostic as `file:line:col: error: msg`, the source line and a caret line
 * that reuses the source line's tabs. */
void provider_diag_format(const struct provider_diag *d, struct strbuf *out);

/* The generated macro name: PROVIDER_PROBE upper-cased, with each "__" in the probe name
 * turned into "_" (stap dtrace's rule: query__done -> MYAPP_QUERY_DONE). Caller frees. */
char *provider_macro_name(const char *provider, const char *probe);

#endif
