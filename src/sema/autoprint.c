// SPDX-License-Identifier: MIT
/* Global auto-print, after stap 4.8's add_global_var_display (elaborate.cxx): every
 * user-script global that is written but never read gets a synthetic `probe end` that
 * prints it, in order of first reference. The probe is the one stap writes as text and
 * parses; here it is built as AST (with the same text as its synthetic source, for
 * diagnostics), then derived, resolved and typed like any other. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

struct ap {
	struct sema *s;
	struct srcfile *file;
	const struct token *chain;
};

static const struct token *tok(struct ap *a, enum tok_kind k, const char *text)
{
	struct token *t = arena_alloc(a->s->a, sizeof(*t));
	t->kind = k;
	t->text = arena_strdup(a->s->a, text);
	t->file = a->file;
	t->line = 1;
	t->col = 1;
	t->chain = a->chain;
	return t;
}

static struct ast_expr *sym(struct ap *a, const char *name)
{
	struct ast_expr *e = node_expr(a->s, EXPR_SYM, tok(a, TOK_IDENT, name));
	e->str = arena_strdup(a->s->a, name);
	return e;
}

static struct ast_expr *statop(struct ap *a, enum stat_op op, struct ast_expr *arg)
{
	static const char *const names[] = {"@count", "@sum", "@min", "@max", "@avg"};
	struct ast_expr *e = node_expr(a->s, EXPR_STATOP, tok(a, TOK_OPERATOR, names[op]));
	e->stat = op;
	e->left = arg;
	return e;
}

static struct ast_expr *index_of(struct ap *a, const char *name, int nkeys)
{
	struct ast_expr *e = node_expr(a->s, EXPR_INDEX, tok(a, TOK_IDENT, name));
	e->left = sym(a, name);
	for (int i = 0; i < nkeys; i++) {
		char k[24];
		snprintf(k, sizeof(k), "__idx%d", i);
		vec_push(&e->args, sym(a, k));
	}
	return e;
}

/* A printf whose format alternates literal text and conversions, as the parser would
 * split it: raw is stap's escaped text, pieces hold the decoded literals. */
struct fmt_builder {
	struct strbuf raw, lit;
	struct ast_expr *pf;
};

static void fb_lit(struct fmt_builder *fb, const char *raw, const char *decoded)
{
	sb_adds(&fb->raw, raw);
	sb_adds(&fb->lit, decoded);
}

static void fb_conv(struct ap *a, struct fmt_builder *fb, const char *raw, enum fmt_conv c,
		    int flags)
{
	sb_adds(&fb->raw, raw);
	struct fmt_piece p = {.conv = c, .flags = flags, .width = -1, .prec = -1};
	p.literal = arena_strdup(a->s->a, fb->lit.s ? fb->lit.s : "");
	p.literal_len = fb->lit.len;
	vec_push(&fb->pf->fmt, p);
	sb_reset(&fb->lit);
}

static struct ast_expr *fb_finish(struct ap *a, struct fmt_builder *fb)
{
	if (fb->lit.len) {
		struct fmt_piece p = {.conv = FMT_LITERAL, .width = -1, .prec = -1};
		p.literal = arena_strdup(a->s->a, fb->lit.s);
		p.literal_len = fb->lit.len;
		vec_push(&fb->pf->fmt, p);
	}
	fb->pf->fmt_raw = arena_strdup(a->s->a, fb->raw.s ? fb->raw.s : "");
	sb_free(&fb->raw);
	sb_free(&fb->lit);
	return fb->pf;
}

static void fb_init(struct ap *a, struct fmt_builder *fb)
{
	memset(fb, 0, sizeof(*fb));
	fb->pf = node_expr(a->s, EXPR_PRINT, tok(a, TOK_IDENT, "printf"));
	fb->pf->str = "printf";
	fb->pf->print_flags = PRINT_FORMAT;
}

static struct ast_stmt *expr_stmt(struct ap *a, struct ast_expr *e)
{
	struct ast_stmt *st = node_stmt(a->s, STMT_EXPR, e->tok);
	st->expr = e;
	return st;
}

/* " @count=%#d @min=%#d @max=%#d @sum=%#d @avg=%#d" and its arguments */
static void stats_fmt(struct ap *a, struct fmt_builder *fb, struct ast_expr *(*val)(void *),
		      void *ctx)
{
	static const enum stat_op order[] = {STAT_COUNT, STAT_MIN, STAT_MAX, STAT_SUM, STAT_AVG};
	static const char *const names[] = {" @count=", " @min=", " @max=", " @sum=", " @avg="};
	for (int i = 0; i < 5; i++) {
		fb_lit(fb, names[i], names[i]);
		fb_conv(a, fb, "%#d", FMT_SIGNED, FMTF_ALT);
		vec_push(&fb->pf->args, statop(a, order[i], val(ctx)));
	}
}

struct valctx {
	struct ap *a;
	const struct ast_var *v;
};

static struct ast_expr *scalar_val(void *p)
{
	struct valctx *c = p;
	return sym(c->a, c->v->name);
}

static struct ast_expr *elem_val(void *p)
{
	struct valctx *c = p;
	return index_of(c->a, c->v->name, c->v->arity);
}

static struct ast_stmt *display_body(struct ap *a, const struct ast_var *l, struct strbuf *code)
{
	struct fmt_builder fb;
	fb_init(a, &fb);
	fb_lit(&fb, l->name, l->name);
	struct valctx vc = {.a = a, .v = l};
	bool stats = l->type == TYPE_STATS;
	if (l->arity > 0) {
		fb_lit(&fb, "[", "[");
		for (int i = 0; i < l->arity; i++) {
			if (i)
				fb_lit(&fb, ",", ",");
			if (l->key_types[i] == TYPE_STRING) {
				fb_lit(&fb, "\\\"", "\"");
				fb_conv(a, &fb, "%#s", FMT_STRING, FMTF_ALT);
				fb_lit(&fb, "\\\"", "\"");
			} else {
				fb_conv(a, &fb, "%#d", FMT_SIGNED, FMTF_ALT);
			}
		}
		fb_lit(&fb, "]", "]");
		for (int i = 0; i < l->arity; i++) {
			char k[24];
			snprintf(k, sizeof(k), "__idx%d", i);
			vec_push(&fb.pf->args, sym(a, k));
		}
	}
	if (stats) {
		stats_fmt(a, &fb, l->arity > 0 ? elem_val : scalar_val, &vc);
	} else if (l->type == TYPE_STRING) {
		fb_lit(&fb, "=\\\"", "=\"");
		fb_conv(a, &fb, "%#s", FMT_STRING, FMTF_ALT);
		fb_lit(&fb, "\\\"", "\"");
		vec_push(&fb.pf->args, l->arity > 0 ? sym(a, "__val") : sym(a, l->name));
	} else {
		fb_lit(&fb, "=", "=");
		fb_conv(a, &fb, "%d", FMT_SIGNED, 0);
		vec_push(&fb.pf->args, l->arity > 0 ? sym(a, "__val") : sym(a, l->name));
	}
	fb_lit(&fb, "\\n", "\n");
	const char *raw = NULL;
	struct ast_expr *pf = fb_finish(a, &fb);
	raw = pf->fmt_raw;
	struct ast_stmt *print = expr_stmt(a, pf);

	if (l->arity > 0) {
		struct ast_stmt *fe = node_stmt(a->s, STMT_FOREACH, tok(a, TOK_KEYWORD, "foreach"));
		if (!stats)
			fe->value_var = sym(a, "__val");
		for (int i = 0; i < l->arity; i++) {
			char k[24];
			snprintf(k, sizeof(k), "__idx%d", i);
			vec_push(&fe->keys, sym(a, k));
		}
		fe->base = sym(a, l->name);
		fe->sort_column = 0;
		fe->sort_dir = -1;
		fe->loop_body = print;
		sb_printf(code, "foreach (%s[", stats ? "" : "__val = ");
		for (int i = 0; i < l->arity; i++)
			sb_printf(code, "%s__idx%d", i ? "," : "", i);
		sb_printf(code, "] in %s-)\n", l->name);
		sb_printf(code, "printf (\"%s\", ...)\n", raw);
		return fe;
	}
	if (stats) {
		/* PR7053: an empty scalar aggregate prints "@count=0x0" */
		struct ast_stmt *ifs = node_stmt(a->s, STMT_IF, tok(a, TOK_KEYWORD, "if"));
		struct ast_expr *cmp = node_expr(a->s, EXPR_COMPARE, tok(a, TOK_OPERATOR, "=="));
		cmp->op = OP_EQ;
		cmp->left = statop(a, STAT_COUNT, sym(a, l->name));
		cmp->right = node_num(a->s, 0, tok(a, TOK_NUMBER, "0"));
		ifs->expr = cmp;
		struct fmt_builder fb2;
		fb_init(a, &fb2);
		char *t = arena_printf(a->s->a, "%s @count=0x0", l->name);
		fb_lit(&fb2, t, t);
		fb_lit(&fb2, "\\n", "\n");
		ifs->then = expr_stmt(a, fb_finish(a, &fb2));
		ifs->els = print;
		sb_printf(code, "if (@count(%s) == 0)\nprintf(\"%s @count=0x0\\n\")\nelse\n",
			  l->name, l->name);
		sb_printf(code, "printf (\"%s\", ...)\n", raw);
		return ifs;
	}
	sb_printf(code, "printf (\"%s\", %s)\n", raw, l->name);
	return print;
}

static bool from_library(struct sema *s, const struct ast_var *g)
{
	vec_foreach(&s->lib_files, f)
	{
		for (int i = 0; i < (*f)->globals.n; i++)
			if (!strcmp((*f)->globals.v[i]->name, g->name))
				return true;
	}
	return false;
}

void autoprint_add(struct sema *s)
{
	if (s->o->dump || s->o->no_global_var_display)
		return;
	struct varuse *vu = varuse_collect(s);
	int nglobals = s->prog->globals.n;
	for (int gi = 0; gi < nglobals; gi++) {
		struct ast_var *l = s->prog->globals.v[gi];
		if ((varuse_read(vu, l) && varuse_used(vu, l)) || !varuse_written(vu, l))
			continue;
		if (from_library(s, l))
			continue;
		struct ap a = {.s = s, .chain = l->tok};
		struct srcfile *f = arena_alloc(s->a, sizeof(*f));
		f->name = l->tok && l->tok->file ? l->tok->file->name : "<synthetic>";
		f->synthetic = true;
		a.file = f;
		struct strbuf code = STRBUF_INIT;
		sb_adds(&code, "probe end {\n");
		struct ast_stmt *stmt = display_body(&a, l, &code);
		sb_adds(&code, "}\n");
		f->text = arena_strdup(s->a, code.s);
		f->len = code.len;
		sb_free(&code);

		struct xprobe *x = xprobe_new(s, NULL);
		x->synthetic = true;
		x->tok = tok(&a, TOK_KEYWORD, "probe");
		x->file = f;
		x->body = node_block(s, stmt, NULL, NULL);
		struct ast_probe_point *pp = node_point(s, NULL);
		pp->tok = tok(&a, TOK_IDENT, "end");
		vec_push(&pp->components, node_comp(s, "end", NULL, pp->tok));
		vec_push(&x->points, pp);
		int before = s->prog->probes.n;
		derive_probes(s, x, false, false);
		for (int k = before; k < s->prog->probes.n; k++)
			resolve_probe(s, s->prog->probes.v[k]);
		types_infer(s);
	}
	varuse_free(vu);
}
