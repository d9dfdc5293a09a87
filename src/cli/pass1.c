// SPDX-License-Identifier: MIT
/* Pass 1 of the utap command, as stap 4.8's main.cxx runs it for user scripts: the script
 * from a file, from -e ("<input>") or stdin ("-", also "<input>"), then each -E script
 * ("<input1>", ...); an empty -e is "Input file '<input>' is empty."; any failure ends with
 * "Pass 1: parse failed.  [man error::pass1]" and exit 1; -p1 prints "# parse tree dump"
 * and each file in stap's format. Tapsets are not this file's business (see src/sema). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/pass1.h"
#include "lang/ast_dump.h"
#include "lang/ast_print.h"
#include "util/strbuf.h"

void pass1_init(struct pass1 *p1, const struct utap_opts *o)
{
	*p1 = (struct pass1){0};
	p1->diag = diag_new();
	diag_set_verbose(p1->diag, o->verbose);
	diag_set_warnings(p1->diag, o->suppress_warnings, o->warnings_as_errors);
	diag_set_dump_mode(p1->diag, o->list_pattern || o->dump_probe_types ||
					 o->dump_probe_aliases || o->dump_functions);
	struct lang_config cfg = {
	    .args = o->args.v,
	    .nargs = o->args.n,
	    .compatible = o->compatible,
	    .guru = o->guru,
	};
	p1->ctx = parser_ctx_new(&cfg, p1->diag);
}

static void write_out(const struct strbuf *sb)
{
	if (sb->len)
		fwrite(sb->s, 1, sb->len, stdout);
	fflush(stdout);
}

static const struct srcfile *user_source(struct pass1 *p1, const struct utap_opts *o)
{
	if (o->script_file && !(o->script_file[0] == '-' && !o->script_file[1]))
		return parser_ctx_load(p1->ctx, o->script_file, NULL);
	if (o->script_file)
		return parser_ctx_load(p1->ctx, "-", "<input>");
	if (o->script_text)
		return parser_ctx_text(p1->ctx, "<input>", o->script_text);
	if (o->list_pattern) {
		struct strbuf sb = STRBUF_INIT;
		sb_printf(&sb, "probe %s {}", o->list_pattern);
		const struct srcfile *f = parser_ctx_text(p1->ctx, "<input>", sb.s);
		sb_free(&sb);
		return f;
	}
	return NULL;
}

static int dump_tokens(struct pass1 *p1, const struct utap_opts *o)
{
	const struct srcfile *src = user_source(p1, o);
	if (!src)
		return 1;
	struct strbuf sb = STRBUF_INIT;
	ast_dump_tokens(&sb, p1->ctx, src);
	write_out(&sb);
	sb_free(&sb);
	return 0;
}

/* Parses the script and the -E extras; returns the number that failed. */
static int parse_user(struct pass1 *p1, const struct utap_opts *o)
{
	unsigned flags = PARSE_USER_FILE | (o->guru ? PARSE_GURU : 0);
	int failed = p1->lib_failed;
	parser_ctx_reset_used_args(p1->ctx);
	if (o->script_file || (o->script_text && *o->script_text) || o->list_pattern) {
		const struct srcfile *src = user_source(p1, o);
		struct ast_file *f = src ? parse_file(p1->ctx, src, flags) : NULL;
		if (!f)
			failed++;
		vec_push(&p1->user_files, f);
		for (int i = 0; i < o->extra_scripts.n && !parser_ctx_fatal(p1->ctx); i++) {
			char name[32];
			snprintf(name, sizeof(name), "<input%d>", i + 1);
			src = parser_ctx_text(p1->ctx, name, o->extra_scripts.v[i]);
			f = parse_file(p1->ctx, src, flags);
			if (!f)
				failed++;
			vec_push(&p1->user_files, f);
		}
	} else if (o->script_text) {
		diag_printf(p1->diag, "Input file '<input>' is empty.\n");
		failed++;
	}
	return failed;
}

int pass1_run(struct pass1 *p1, const struct utap_opts *o)
{
	if (o->dump_tokens)
		return dump_tokens(p1, o);
	int failed = parse_user(p1, o);
	if (parser_ctx_fatal(p1->ctx))
		return 1;
	if (!failed && o->last_pass == 1 && !o->dump_ast) {
		struct strbuf sb = STRBUF_INIT;
		sb_adds(&sb, "# parse tree dump\n");
		vec_foreach(&p1->user_files, f) ast_print_file(&sb, *f);
		sb_addc(&sb, '\n');
		write_out(&sb);
		sb_free(&sb);
	}
	if (failed) {
		/* stap stays quiet about it in its listing modes (-l, -L, --dump-*) */
		if (!(o->list_pattern || o->dump_probe_types || o->dump_probe_aliases ||
		      o->dump_functions))
			diag_printf(p1->diag, "Pass 1: parse failed.  [man error::pass1]\n");
		return 1;
	}
	if (o->dump_ast) {
		struct strbuf sb = STRBUF_INIT;
		vec_foreach(&p1->user_files, f) ast_dump_file(&sb, *f);
		write_out(&sb);
		sb_free(&sb);
		return 0;
	}
	return o->last_pass == 1 ? 0 : -1;
}

int pass1_finish(struct pass1 *p1, int rc)
{
	diag_report_suppression(p1->diag);
	vec_free(&p1->user_files);
	parser_ctx_free(p1->ctx);
	diag_free(p1->diag);
	return rc;
}
