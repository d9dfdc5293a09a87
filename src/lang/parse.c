// SPDX-License-Identifier: MIT
/* The parser's top level (stap 4.8 parse.cxx parser::parse): globals, private and
 * function declarations, probes and aliases with their probe points (brace expansion,
 * ?/!/if suffixes, glued wildcard components), embedded C, recovery at the next top-level
 * keyword after an error, the closing "N parse error(s)." / "is empty" lines, library
 * macro files, and the session context (parser_ctx) with the facts %( %) tests. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "lang/parse_int.h"
#include "util/alloc.h"
#include "util/strbuf.h"

/* ---- declarations -------------------------------------------------------------------- */

/* gvar -> IDENT ['%'] ['[' NUMBER ']'] ['=' literal] { ',' gvar } [';'] */
static void do_parse_global(struct parser *p, struct ast_file *f, const struct token *t0, bool priv)
{
	bool iter0 = true;
	while (!p->failed) {
		const struct token *t = (iter0 && priv) ? t0 : ps_next(p);
		iter0 = false;
		if (p->failed)
			return;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		vec_foreach(&f->globals, g)
		{
			if (strcmp((*g)->name, t->text))
				continue;
			if ((*g)->is_private == priv)
				RAISE(p, "duplicate global name");
			else
				RAISE(p, "global versus private variable declaration conflict");
			return;
		}
		struct ast_var *d = ast_var_new(p->pool, t->text, t, VAR_GLOBAL);
		d->is_private = priv;
		d->from_tapset = p->src->is_tapset;
		vec_push(&f->globals, d);
		t = ps_peek(p);
		if (is_op(t, "%")) {
			d->wrap = true;
			ps_swallow(p);
			t = ps_peek(p);
		}
		if (is_op(t, "[")) {
			int64_t size;
			ps_swallow(p);
			if (!ps_expect_number(p, &size))
				return;
			if (size <= 0 || size > INT_MAX) {
				RAISE(p, "array size out of range");
				return;
			}
			d->maxsize = size;
			ps_expect_known(p, TOK_OPERATOR, "]");
			t = ps_peek(p);
		}
		if (is_op(t, "=")) {
			if (d->maxsize > 0 || !(d->arity == -1 || d->arity == 0)) {
				RAISE(p, "only scalar globals can be initialized");
				return;
			}
			d->arity = 0;
			ps_next(p);
			d->init = parse_literal(p);
			if (p->failed)
				return;
			d->type = d->init->type;
			d->type_tok = d->init->tok;
			t = ps_peek(p);
		}
		if (is_op(t, ";")) {
			ps_swallow(p);
			break;
		}
		if (!is_op(t, ","))
			break;
		ps_swallow(p);
	}
}

/* global_decl -> 'global' gvar ... */
static void parse_global(struct parser *p, struct ast_file *f)
{
	ps_next(p);
	ps_swallow(p);
	do_parse_global(p, f, NULL, false);
}

/* type -> 'string' | 'long' */
static enum ast_type parse_type(struct parser *p, const struct token **tokp)
{
	ps_swallow(p);
	const struct token *t = ps_next(p);
	if (p->failed)
		return TYPE_UNKNOWN;
	enum ast_type ty = is_kw(t, "string") ? TYPE_STRING
			   : is_kw(t, "long") ? TYPE_LONG
					      : TYPE_UNKNOWN;
	if (ty == TYPE_UNKNOWN) {
		RAISE(p, "expected 'string' or 'long'");
		return ty;
	}
	*tokp = t;
	ps_swallow(p);
	return ty;
}

/* params -> '(' [ IDENT [':' type] { ',' IDENT [':' type] } ] ')' */
static void parse_params(struct parser *p, struct ast_function *fd)
{
	while (!p->failed) {
		const struct token *t = ps_next(p);
		if (p->failed)
			return;
		if (is_op(t, ")")) {
			ps_swallow(p);
			return;
		}
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		vec_foreach(&fd->params, q) if (!strcmp((*q)->name, t->text))
		{
			RAISE(p, "duplicate parameter names");
			return;
		}
		struct ast_var *vd = ast_var_new(p->pool, t->text, t, VAR_PARAM);
		vec_push(&fd->params, vd);
		t = ps_next(p);
		if (p->failed)
			return;
		if (is_op(t, ":")) {
			vd->type = parse_type(p, &vd->type_tok);
			t = ps_next(p);
			if (p->failed)
				return;
		}
		if (is_op(t, ")")) {
			ps_swallow(p);
			return;
		}
		if (!is_op(t, ",")) {
			RAISE(p, "expected ',' or ')'");
			return;
		}
		ps_swallow(p);
	}
}

/* embedded -> '%{' ... '%}'   (top level or function body; guru mode only) */
static const struct token *parse_embeddedcode(struct parser *p)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return NULL;
	if (!p->privileged) {
		ps_raise(p, DIAG_SITE, "embedded code in unprivileged script; need stap -g", NULL,
			 false);
		return NULL;
	}
	return t;
}

/* fn_rest -> NAME [':' type] params [':' NUMBER] ( block | EMBEDDED ) */
static void do_parse_functiondecl(struct parser *p, struct ast_file *f, bool priv)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return;
	if (t->kind != TOK_IDENT && !is_kw(t, "string") && !is_kw(t, "long")) {
		RAISE(p, "expected identifier");
		return;
	}
	struct ast_function *fd = ast_function_new(p->pool, t->text, t);
	fd->is_private = priv;
	fd->from_tapset = p->src->is_tapset;
	t = ps_next(p);
	if (p->failed)
		return;
	if (is_op(t, ":")) {
		fd->ret = parse_type(p, &fd->ret_tok);
		t = ps_next(p);
		if (p->failed)
			return;
	}
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return;
	}
	ps_swallow(p);
	parse_params(p, fd);
	t = ps_peek(p);
	if (is_op(t, ":")) {
		ps_swallow(p);
		struct ast_expr *lit = parse_literal(p);
		if (p->failed)
			return;
		if (lit->kind != EXPR_NUM) {
			RAISE(p, "expected literal number");
			return;
		}
		fd->priority = lit->num;
		fd->priority_given = true;
		if (fd->priority < 1) {
			RAISE(p, "specified priority must be > 0");
			return;
		}
	} else if (p->user_file) {
		fd->priority = 0; /* script functions override tapset ones */
	}
	t = ps_peek(p);
	if (t && t->kind == TOK_EMBEDDED) {
		t = parse_embeddedcode(p);
		if (!t)
			return;
		fd->embedded = t->text;
	} else {
		fd->body = parse_stmt_block(p);
	}
	if (!p->failed)
		vec_push(&f->functions, fd);
}

/* private_decl -> 'private' ( 'function' fn_rest | 'global' gvar... | gvar... ) */
static void parse_private(struct parser *p, struct ast_file *f)
{
	ps_next(p);
	ps_swallow(p);
	const struct token *t = ps_next(p);
	if (p->failed)
		return;
	if (is_kw(t, "function")) {
		ps_swallow(p);
		p->context = CON_FUNCTION;
		do_parse_functiondecl(p, f, true);
	} else if (is_kw(t, "global")) {
		ps_swallow(p);
		p->context = CON_GLOBAL;
		t = ps_next(p);
		if (p->failed)
			return;
		if (t->kind != TOK_IDENT) {
			RAISE(p, "expected identifier");
			return;
		}
		do_parse_global(p, f, t, true);
	} else if (t->kind == TOK_IDENT) {
		p->context = CON_GLOBAL;
		do_parse_global(p, f, t, true);
	} else {
		RAISE(p, "expected 'function' or identifier");
	}
}

/* ---- probe points -------------------------------------------------------------------- */

typedef VEC(struct ast_probe_point *) pp_vec;

static void parse_probe_points(struct parser *p, pp_vec *out);

/* component -> ( IDENT | KEYWORD | '*' )+ ['(' literal ')'] | '{' pp_list '}' */
static void parse_component(struct parser *p, pp_vec *out)
{
	const struct token *t = ps_next(p);
	if (p->failed)
		return;
	if (!(t->kind == TOK_IDENT || t->kind == TOK_KEYWORD || is_op(t, "*") || is_op(t, "{"))) {
		RAISE(p, "expected identifier or '*' or '{'");
		return;
	}
	if (is_op(t, "{")) {
		ps_swallow(p);
		if (ps_enter(p))
			parse_probe_points(p, out);
		p->depth--;
		t = ps_peek(p);
		if (p->failed)
			return;
		if (!is_op(t, "}")) {
			RAISE(p, "expected '}'");
			return;
		}
		ps_swallow(p);
		return;
	}
	/* glue adjacent pieces into one functor ("kernel.*foo*", "tim*er") */
	struct strbuf sb = STRBUF_INIT;
	bool changed = false;
	sb_adds(&sb, t->text);
	for (;;) {
		const struct token *u = ps_peek(p);
		if (!u || lex_ate_whitespace(p->lx))
			break;
		if (!(u->kind == TOK_IDENT || u->kind == TOK_KEYWORD || is_op(u, "*")))
			break;
		sb_adds(&sb, u->text);
		changed = true;
		ps_swallow(p);
	}
	if (changed) {
		struct token *glued = arena_alloc(p->arena, sizeof(*glued));
		*glued = *t;
		glued->text = arena_strndup(p->arena, sb.s, sb.len);
		t = glued;
	}
	sb_free(&sb);
	struct ast_component *c = ast_component_new(p->pool, t->text, t);
	struct ast_probe_point *pp = ast_probe_point_new(p->pool, t);
	vec_push(&pp->components, c);
	vec_push(out, pp);
	if (ps_peek_op(p, "(")) {
		ps_swallow(p);
		c->arg = parse_literal(p);
		t = ps_next(p);
		if (p->failed)
			return;
		if (!is_op(t, ")")) {
			RAISE(p, "expected ')'");
			return;
		}
		ps_swallow(p);
	}
}

/* The cartesian product of brace expansion: every prefix with every suffix. */
static void product(struct parser *p, pp_vec *pps, pp_vec *suffix)
{
	pp_vec prod = {0};
	if ((long)pps->n * suffix->n > PARSE_MAX_POINTS) {
		RAISE(p, "too many probe points in brace expansion");
		return;
	}
	vec_foreach(pps, a)
	{
		if ((*a)->optional || (*a)->sufficient || (*a)->cond) {
			RAISE_TOK(p, "'?', '!' or condition must only be specified in suffix",
				  (*a)->components.v[0]->tok);
			break;
		}
		vec_foreach(suffix, b)
		{
			struct ast_probe_point *n = ast_probe_point_new(p->pool, (*a)->tok);
			vec_foreach(&(*a)->components, c) vec_push(&n->components, *c);
			vec_foreach(&(*b)->components, c) vec_push(&n->components, *c);
			n->optional = (*b)->optional;
			n->sufficient = (*b)->sufficient;
			n->cond = (*b)->cond;
			vec_push(&prod, n);
		}
	}
	vec_free(pps);
	*pps = prod;
}

/* pp_suffix -> [ '?' | '!' ] [ 'if' '(' expr ')' ] */
static void parse_pp_suffix(struct parser *p, pp_vec *pps)
{
	const struct token *t = ps_peek(p);
	if (is_op(t, "?") || is_op(t, "!")) {
		vec_foreach(pps, a)
		{
			if ((*a)->optional || (*a)->sufficient) {
				RAISE(p, "'?' or '!' respecified");
				return;
			}
			(*a)->optional = true;
			if (is_op(t, "!"))
				(*a)->sufficient = true;
		}
		ps_swallow(p);
		t = ps_peek(p);
	}
	if (!is_kw(t, "if"))
		return;
	ps_swallow(p);
	t = ps_peek(p);
	if (p->failed)
		return;
	if (!is_op(t, "(")) {
		RAISE(p, "expected '('");
		return;
	}
	ps_swallow(p);
	struct ast_expr *e = parse_expression(p);
	if (p->failed)
		return;
	vec_foreach(pps, a)
	{
		if ((*a)->cond) {
			RAISE(p, "condition respecified");
			return;
		}
		(*a)->cond = e;
	}
	t = ps_peek(p);
	if (p->failed)
		return;
	if (!is_op(t, ")")) {
		RAISE(p, "expected ')'");
		return;
	}
	ps_swallow(p);
}

/* pp -> component { '.' component } pp_suffix */
static void parse_components(struct parser *p, pp_vec *out)
{
	pp_vec pps = {0};
	while (!p->failed) {
		pp_vec suffix = {0};
		parse_component(p, &suffix);
		if (!pps.n) {
			vec_free(&pps);
			pps = suffix;
		} else {
			product(p, &pps, &suffix);
			vec_free(&suffix);
		}
		if (p->failed)
			break;
		if (ps_peek_op(p, ".")) {
			ps_swallow(p);
			continue;
		}
		parse_pp_suffix(p, &pps);
		break;
	}
	vec_foreach(&pps, a) vec_push(out, *a);
	vec_free(&pps);
}

/* pp_list -> pp { ',' pp }   (followed by one of '{' '=' '+=' '}') */
static void parse_probe_points(struct parser *p, pp_vec *out)
{
	while (!p->failed) {
		parse_components(p, out);
		const struct token *t = ps_peek(p);
		if (p->failed)
			return;
		if (is_op(t, ",")) {
			ps_swallow(p);
			continue;
		}
		if (is_op(t, "{") || is_op(t, "=") || is_op(t, "+=") || is_op(t, "}"))
			return;
		RAISE(p, "expected one of ', { } = +='");
	}
}

/* probe_decl -> 'probe' pp_list block
 *             | 'probe' pp ('=' | '+=') { pp ('=' | '+=') } pp_list block [',' block] */
static void parse_probe(struct parser *p, struct ast_file *f)
{
	const struct token *t0 = ps_next(p);
	pp_vec aliases = {0}, locations = {0};
	bool epilogue = false;
	while (!p->failed) {
		pp_vec pps = {0};
		parse_probe_points(p, &pps);
		const struct token *t = ps_peek(p);
		if (!p->failed && pps.n == 1 && (is_op(t, "=") || is_op(t, "+="))) {
			if (pps.v[0]->optional || pps.v[0]->sufficient) {
				RAISE_TOK(p,
					  "probe point alias name cannot be optional nor "
					  "sufficient",
					  pps.v[0]->components.v[0]->tok);
			} else {
				vec_push(&aliases, pps.v[0]);
				epilogue = epilogue || is_op(t, "+=");
				ps_swallow(p);
			}
			vec_free(&pps);
			continue;
		}
		if (!p->failed && is_op(t, "{")) {
			vec_foreach(&pps, a) vec_push(&locations, *a);
			vec_free(&pps);
			break;
		}
		vec_free(&pps);
		RAISE(p, "expected probe point specifier");
	}
	if (!p->failed && !aliases.n) {
		struct ast_probe *pr = ast_probe_new(p->pool, t0);
		pr->points.v = locations.v;
		pr->points.n = locations.n;
		pr->points.cap = locations.cap;
		locations.v = NULL;
		pr->body = parse_stmt_block(p);
		pr->privileged = p->privileged;
		pr->from_tapset = p->src->is_tapset;
		pr->systemtap_v_cond = pp_systemtap_v_seen(p->pp);
		if (!p->failed)
			vec_push(&f->probes, pr);
	} else if (!p->failed) {
		struct ast_alias *al = ast_alias_new(p->pool, t0);
		vec_foreach(&aliases, a) vec_push(&al->names, *a);
		vec_foreach(&locations, a) vec_push(&al->points, *a);
		al->epilogue_style = epilogue;
		struct ast_stmt *body = parse_stmt_block(p);
		const struct token *t = ps_peek(p);
		struct ast_stmt *body2 = NULL;
		if (t && !strcmp(t->text, ",")) {
			if (epilogue) {
				RAISE(p, "Combined prologue and epilogue cannot be defined with "
					 "'+='");
			} else {
				ps_swallow(p);
				body2 = parse_stmt_block(p);
			}
		}
		al->prologue = epilogue ? NULL : body;
		al->epilogue = epilogue ? body : body2;
		al->privileged = p->privileged;
		al->from_tapset = p->src->is_tapset;
		if (!p->failed)
			vec_push(&f->aliases, al);
	}
	vec_free(&aliases);
	vec_free(&locations);
}

/* ---- files --------------------------------------------------------------------------- */

static bool is_top_keyword(const struct token *t)
{
	return is_kw(t, "probe") || is_kw(t, "private") || is_kw(t, "global") ||
	       is_kw(t, "function") || (t && t->kind == TOK_EMBEDDED);
}

static void parser_init(struct parser *p, struct parser_ctx *ctx, const struct srcfile *src,
			unsigned flags)
{
	memset(p, 0, sizeof(*p));
	p->ctx = ctx;
	p->pool = ctx->pool;
	p->arena = ctx->arena;
	p->src = src;
	p->privileged = flags & PARSE_GURU;
	p->user_file = flags & PARSE_USER_FILE;
	p->errs_as_warnings = flags & PARSE_SQUASH_ERRORS;
	p->lx = lex_new(ctx->arena, src, &ctx->args, ctx->cfg.compatible,
			!(flags & PARSE_NO_COMPATIBLE), ctx->diag);
	p->pp = pp_new(ctx->arena, p->lx, &ctx->env, ctx->lib, ctx->diag);
}

static void parser_fini(struct parser *p)
{
	pp_free(p->pp);
	lex_free(p->lx);
}

/* After an error: quietly drop tokens up to the next top-level keyword. */
static void recover(struct parser *p)
{
	while (!p->ctx->fatal) {
		const struct token *t = ps_peek(p);
		if (p->failed) {
			ps_report(p, false);
			continue;
		}
		if (!t || is_top_keyword(t))
			break;
		ps_swallow(p);
	}
}

/* One top-level declaration. */
static void parse_declaration(struct parser *p, struct ast_file *f, const struct token *t)
{
	if (is_kw(t, "probe")) {
		p->context = CON_PROBE;
		parse_probe(p, f);
	} else if (is_kw(t, "private")) {
		p->context = CON_UNKNOWN;
		parse_private(p, f);
	} else if (is_kw(t, "global")) {
		p->context = CON_GLOBAL;
		parse_global(p, f);
	} else if (is_kw(t, "function")) {
		p->context = CON_FUNCTION;
		ps_next(p);
		ps_swallow(p);
		do_parse_functiondecl(p, f, false);
	} else if (t->kind == TOK_EMBEDDED) {
		p->context = CON_EMBEDDED;
		const struct token *e = parse_embeddedcode(p);
		if (e)
			vec_push(&f->embeds, ast_embed_new(p->pool, e, e->text));
	} else {
		p->context = CON_UNKNOWN;
		RAISE(p, "expected 'probe', 'global', 'private', 'function', or '%{'");
	}
}

/* file -> { probe_decl | global_decl | private_decl | function_decl | EMBEDDED } */
struct ast_file *parse_file(struct parser_ctx *ctx, const struct srcfile *src, unsigned flags)
{
	struct parser p;
	parser_init(&p, ctx, src, flags);
	struct ast_file *f = ast_file_new(ctx->pool, src);
	f->privileged = p.privileged;
	bool empty = true;
	while (!ctx->fatal) {
		pp_clear_systemtap_v_seen(p.pp);
		const struct token *t = ps_peek(&p);
		if (!p.failed) {
			if (!t)
				break;
			empty = false;
			parse_declaration(&p, f, t);
		}
		if (p.failed) {
			bool skip = p.err.skip_some;
			ps_report(&p, p.errs_as_warnings);
			if (skip)
				recover(&p);
		}
	}
	if (ctx->fatal) {
		f = NULL;
	} else if (empty && p.user_file) {
		diag_printf(ctx->diag,
			    lex_saw_tokens(p.lx) ? "Input file '%s' is empty after preprocessing.\n"
						 : "Input file '%s' is empty.\n",
			    src->name);
		f = NULL;
	} else if (p.num_errors > 0) {
		diag_printf(ctx->diag, "%u parse error%s.\n", p.num_errors,
			    p.num_errors == 1 ? "" : "s");
		f = NULL;
	}
	parser_fini(&p);
	return f;
}

int parse_library_macros(struct parser_ctx *ctx, const struct srcfile *src)
{
	struct parser p;
	int rc = 0;
	parser_init(&p, ctx, src, 0);
	const struct token *t = ps_scan(&p);
	if (!p.failed && t)
		RAISE_TOK(
		    &p,
		    arena_printf(p.arena, "unexpected token in library macro file '%s'", src->name),
		    t);
	if (p.failed) {
		ps_report(&p, p.errs_as_warnings);
		rc = -1;
	} else {
		struct pp_error e;
		if (pp_commit_library(p.pp, &e) < 0) {
			ps_raise_pp(&p, &e);
			ps_report(&p, false);
			rc = -1;
		}
	}
	parser_fini(&p);
	return rc;
}

/* ---- the session context ------------------------------------------------------------- */

/* stap's normalize_machine (util.cxx), which names the tapset arch directories. */
static const char *normalize_arch(struct arena *a, const char *m)
{
	if (!strcmp(m, "i486") || !strcmp(m, "i586") || !strcmp(m, "i686"))
		return "i386";
	if (!strcmp(m, "sun4u"))
		return "sparc64";
	if (!strncmp(m, "arm", 3) || !strcmp(m, "sa110"))
		return "arm";
	if (!strcmp(m, "s390x"))
		return "s390";
	if (!strcmp(m, "aarch64"))
		return "arm64";
	if (!strcmp(m, "riscv64"))
		return "riscv";
	if (!strncmp(m, "ppc", 3))
		return "powerpc";
	if (!strncmp(m, "mips", 4))
		return "mips";
	if (!strncmp(m, "sh2", 3) || !strncmp(m, "sh3", 3) || !strncmp(m, "sh4", 3))
		return "sh";
	return arena_strdup(a, m);
}

struct parser_ctx *parser_ctx_new(const struct lang_config *cfg, struct diag *d)
{
	struct parser_ctx *ctx = xcalloc(1, sizeof(*ctx));
	struct utsname un;
	bool have_uname = uname(&un) == 0;
	ctx->cfg = *cfg;
	ctx->diag = d;
	ctx->pool = ast_pool_new();
	ctx->arena = ast_pool_arena(ctx->pool);
	ctx->lib = pp_library_new();
	if (!ctx->cfg.compatible)
		ctx->cfg.compatible = "4.8";
	ctx->used_args = xcalloc((size_t)(cfg->nargs > 0 ? cfg->nargs : 1), sizeof(bool));
	ctx->args = (struct lex_args){cfg->args, cfg->nargs, ctx->used_args};

	const char *rel = cfg->kernel_release ? cfg->kernel_release : have_uname ? un.release : "";
	ctx->env.kernel_release = arena_strdup(ctx->arena, rel);
	ctx->env.kernel_base_release = arena_strndup(ctx->arena, rel, strcspn(rel, "-"));
	ctx->env.compatible = ctx->cfg.compatible;
	ctx->env.arch =
	    cfg->arch ? cfg->arch : normalize_arch(ctx->arena, have_uname ? un.machine : "");
	ctx->env.runtime = cfg->runtime ? cfg->runtime : "dyninst";
	ctx->env.privilege = cfg->privilege ? cfg->privilege : "stapdev";
	ctx->env.guru = cfg->guru;
	return ctx;
}

void parser_ctx_free(struct parser_ctx *ctx)
{
	if (!ctx)
		return;
	pp_library_free(ctx->lib);
	ast_pool_free(ctx->pool);
	free(ctx->used_args);
	free(ctx);
}

struct ast_pool *parser_ctx_pool(struct parser_ctx *ctx)
{
	return ctx->pool;
}

struct diag *parser_ctx_diag(struct parser_ctx *ctx)
{
	return ctx->diag;
}

const struct pp_env *parser_ctx_env(const struct parser_ctx *ctx)
{
	return &ctx->env;
}

const struct lex_args *parser_ctx_lex_args(const struct parser_ctx *ctx)
{
	return &ctx->args;
}

const char *parser_ctx_compatible(const struct parser_ctx *ctx)
{
	return ctx->cfg.compatible;
}

bool parser_ctx_fatal(const struct parser_ctx *ctx)
{
	return ctx->fatal;
}

bool parser_ctx_arg_used(const struct parser_ctx *ctx, int index0)
{
	return index0 >= 0 && index0 < ctx->cfg.nargs && ctx->used_args[index0];
}

void parser_ctx_reset_used_args(struct parser_ctx *ctx)
{
	memset(ctx->used_args, 0, (size_t)(ctx->cfg.nargs > 0 ? ctx->cfg.nargs : 1));
}

struct srcfile *parser_ctx_load(struct parser_ctx *ctx, const char *path, const char *name)
{
	int err;
	struct srcfile *f = srcfile_load(ctx->arena, path, name, &err);
	if (f)
		return f;
	diag_printf(ctx->diag,
		    err == -ENOENT  ? "Input file '%s' is missing.\n"
		    : err == -EFBIG ? "Input file '%s' is too large.\n"
				    : "Input file '%s' can't be opened for reading.\n",
		    path);
	return NULL;
}

struct srcfile *parser_ctx_text(struct parser_ctx *ctx, const char *name, const char *text)
{
	return srcfile_from_text(ctx->arena, name, text, strlen(text));
}
