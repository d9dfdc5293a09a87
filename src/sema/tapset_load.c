// SPDX-License-Identifier: MIT
/* Reading the tapset library through the parser, as stap 4.8's pass 1a does: library
 * macro files first (their @define's become global), then every tapset script in guru
 * mode with its parse errors shown as warnings; a broken file is skipped with stap's
 * "tapset ... has errors, and will be skipped" warning. Which files a script uses is
 * decided during elaboration. */
#include <stdlib.h>

#include "lang/parse.h"
#include "sema/tapset.h"
#include "util/diag.h"

int tapset_load(struct tapset_lib *lib, struct parser_ctx *ctx, struct diag *d,
		const struct tapset_path *tp, int verbose)
{
	*lib = (struct tapset_lib){0};
	for (int i = 0; i < tp->macro_files.n; i++) {
		const struct tapset_entry *e = &tp->macro_files.v[i];
		struct srcfile *src = parser_ctx_load(ctx, e->path, NULL);
		if (src)
			src->is_tapset = true;
		if (!src || parse_library_macros(ctx, src) < 0)
			diag_warn(d, NULL, "macro tapset \"%s\" has errors, and will be skipped.",
				  e->path);
		else
			lib->n_macro_files++;
	}
	for (int i = 0; i < tp->files.n; i++) {
		const struct tapset_entry *e = &tp->files.v[i];
		unsigned flags = PARSE_GURU | PARSE_SQUASH_ERRORS;
		if (tp->roots.v[e->root].builtin)
			flags |= PARSE_NO_COMPATIBLE;
		struct srcfile *src = parser_ctx_load(ctx, e->path, NULL);
		struct ast_file *f = NULL;
		if (src) {
			src->is_tapset = true;
			f = parse_file(ctx, src, flags);
		}
		if (!f)
			diag_warn(d, NULL, "tapset \"%s\" has errors, and will be skipped",
				  e->path);
		else
			vec_push(&lib->files, f);
	}
	if (verbose > 1)
		vec_foreach(&tp->log, l) diag_printf(d, "%s\n", *l);
	vec_foreach(&tp->usage_errors, u) diag_printf(d, "%s\n", *u);
	return tp->usage_errors.n;
}

void tapset_lib_free(struct tapset_lib *lib)
{
	vec_free(&lib->files);
}
