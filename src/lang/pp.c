// SPDX-License-Identifier: MIT
/* The preprocessor, as stap 4.8 runs it (parse.cxx): a first layer expands @define macros
 * (scan_pp1: definitions, invocations with parameter closures, the activation stack), and
 * a second layer evaluates %( %? %: %) conditionals on the expanded stream (scan_pp,
 * skip_pp, eval_pp_conditional). Conditions compare kernel_v/kernel_vr/systemtap_v with
 * strverscmp or fnmatch, arch/runtime/privilege with fnmatch, CONFIG_* (always unset in
 * utap), strings and numbers. Skipped branches are still macro-scanned. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lang/lex.h"
#include "lang/pp.h"
#include "util/alloc.h"
#include "util/diag.h"
#include "util/vec.h"

struct pp_act;

struct macrodecl {
	const struct token *tok;
	const char *name;
	VEC(const char *) formals;
	VEC(const struct token *) body;
	bool library;
	struct pp_act *parent_act; /* parameter closures: where the argument was written */
	bool closure;		   /* a parameter binding (stap's is_closure with a parent) */
};

struct binding {
	const char *name;
	struct macrodecl *decl;
};

/* One macro expansion in progress. */
struct pp_act {
	const struct token *tok; /* the invocation */
	unsigned cursor;
	struct macrodecl *macro;
	VEC(struct binding) params;
};

struct pp_library {
	VEC(struct macrodecl *) macros;
	struct arena *arena;
};

enum pp_state { PP_NONE, PP_KEEP_THEN, PP_SKIP_THEN, PP_KEEP_ELSE, PP_SKIP_ELSE };

struct pp_cond {
	const struct token *tok;
	enum pp_state state;
};

struct pp {
	struct arena *arena;
	struct lexer *lx;
	const struct pp_env *env;
	struct pp_library *lib;
	struct diag *diag;
	VEC(struct macrodecl *) names; /* this file's macros (stap's pp1_namespace) */
	VEC(struct pp_act *) acts;
	VEC(struct macrodecl *) closures;
	VEC(struct pp_cond) conds;
	const struct token *systemtap_v_seen;
	unsigned long expanded; /* tokens copied out of macro bodies */
};

/* stap expands recursive macros until memory runs out; utap stops at these limits. */
enum { PP_MAX_NESTING = 1000, PP_MAX_EXPANDED = 500000 };

static bool is_op(const struct token *t, const char *s)
{
	return t && t->kind == TOK_OPERATOR && !strcmp(t->text, s);
}

static int fail(struct pp_error *err, const char *site, const char *msg, const struct token *t)
{
	*err = (struct pp_error){.site = site, .msg = msg, .tok = t, .skip_some = true};
	return -1;
}

/* ---- macro tables -------------------------------------------------------------------- */

struct pp_library *pp_library_new(void)
{
	struct pp_library *lib = xcalloc(1, sizeof(*lib));
	lib->arena = arena_new();
	return lib;
}

static void macro_free(struct macrodecl *m)
{
	vec_free(&m->formals);
	vec_free(&m->body);
}

void pp_library_free(struct pp_library *lib)
{
	if (!lib)
		return;
	vec_foreach(&lib->macros, it)
	{
		macro_free(*it);
		free(*it);
	}
	vec_free(&lib->macros);
	arena_free(lib->arena);
	free(lib);
}

static struct macrodecl *find_macro(struct macrodecl **v, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i]->name, name))
			return v[i];
	return NULL;
}

static struct macrodecl *find_binding(const struct pp_act *act, const char *name)
{
	for (int i = 0; i < act->params.n; i++)
		if (!strcmp(act->params.v[i].name, name))
			return act->params.v[i].decl;
	return NULL;
}

struct pp *pp_new(struct arena *a, struct lexer *lx, const struct pp_env *env,
		  struct pp_library *lib, struct diag *d)
{
	struct pp *pp = xcalloc(1, sizeof(*pp));
	pp->arena = a;
	pp->lx = lx;
	pp->env = env;
	pp->lib = lib;
	pp->diag = d;
	return pp;
}

static void act_free(struct pp_act *act)
{
	vec_free(&act->params);
	free(act);
}

void pp_free(struct pp *pp)
{
	if (!pp)
		return;
	vec_foreach(&pp->names, it)
	{
		macro_free(*it);
		free(*it);
	}
	vec_free(&pp->names);
	vec_foreach(&pp->acts, it) act_free(*it);
	vec_free(&pp->acts);
	vec_foreach(&pp->closures, it)
	{
		macro_free(*it);
		free(*it);
	}
	vec_free(&pp->closures);
	vec_free(&pp->conds);
	free(pp);
}

const struct token *pp_systemtap_v_seen(const struct pp *pp)
{
	return pp->systemtap_v_seen;
}

void pp_clear_systemtap_v_seen(struct pp *pp)
{
	pp->systemtap_v_seen = NULL;
}

/* Parameter closures are made per invocation and freed with the preprocessor (an
 * expansion may still refer to them after its invocation ended). */
static struct macrodecl *closure_new(struct pp *pp)
{
	struct macrodecl *m = xcalloc(1, sizeof(*m));
	vec_push(&pp->closures, m);
	return m;
}

/* ---- layer 1: macros ----------------------------------------------------------------- */

/* A token from the innermost macro body (a copy chained to the invocation), or from the
 * lexer when no macro is active. NULL at the end of a body or of the input. */
static const struct token *next_pp1(struct pp *pp)
{
	if (!pp->acts.n)
		return lex_scan(pp->lx);
	struct pp_act *act = vec_last(&pp->acts);
	if (act->cursor >= (unsigned)act->macro->body.n)
		return NULL;
	if (++pp->expanded > PP_MAX_EXPANDED)
		return NULL;
	struct token *t = arena_alloc(pp->arena, sizeof(*t));
	*t = *act->macro->body.v[act->cursor++];
	t->chain = act->tok;
	return t;
}

/* Body of a definition: up to the %) that balances, nested %( %) kept. */
static const struct token *slurp_body(struct pp *pp, struct macrodecl *decl)
{
	unsigned nesting = 0;
	for (;;) {
		const struct token *t = next_pp1(pp);
		if (!t)
			return NULL;
		if (is_op(t, "%("))
			nesting++;
		else if (nesting && is_op(t, "%)"))
			nesting--;
		else if (!nesting && is_op(t, "%)"))
			return t;
		vec_push(&decl->body, t);
	}
}

/* One argument of an invocation: up to an unbracketed ',' or ')' (returned). */
static const struct token *slurp_param(struct pp *pp, struct macrodecl *p)
{
	unsigned nesting = 0;
	for (;;) {
		const struct token *t = next_pp1(pp);
		if (!t)
			return NULL;
		if (is_op(t, "(") || is_op(t, "["))
			nesting++;
		else if (nesting && (is_op(t, ")") || is_op(t, "]")))
			nesting--;
		else if (!nesting && (is_op(t, ")") || is_op(t, ",")))
			return t;
		vec_push(&p->body, t);
	}
}

/* define -> '@define' IDENT [ '(' IDENT { ',' IDENT } ')' ] '%(' tokens '%)' */
static int parse_define(struct pp *pp, const struct token *at, struct pp_error *err)
{
	if (pp->acts.n)
		return fail(err, DIAG_SITE, "'@define' forbidden inside macro body", at);
	const struct token *t = lex_scan(pp->lx);
	if (!(t && t->kind == TOK_IDENT))
		return fail(err, DIAG_SITE, "expected identifier", t);
	const char *name = t->text;
	struct macrodecl *old = find_macro(pp->names.v, pp->names.n, name);
	if (old) {
		fail(err, DIAG_SITE,
		     arena_printf(pp->arena, "attempt to redefine macro '@%s' in the same file",
				  name),
		     t);
		struct pp_error *first = arena_alloc(pp->arena, sizeof(*first));
		fail(first, DIAG_SITE,
		     arena_printf(pp->arena, "macro '@%s' first defined here", name), old->tok);
		err->chain = first;
		return -1;
	}
	if (!strcmp(name, "define"))
		return fail(err, DIAG_SITE, "attempt to redefine '@define'", t);
	if (lex_is_atword(pp->lx, name))
		diag_warn(pp->diag, t, "macro redefines built-in operator '@%s'", name);

	struct macrodecl *decl = xcalloc(1, sizeof(*decl));
	decl->tok = t;
	decl->name = name;
	vec_push(&pp->names, decl);

	bool saw_params = false;
	t = lex_scan(pp->lx);
	if (is_op(t, "(")) {
		saw_params = true;
		for (;;) {
			t = lex_scan(pp->lx);
			if (!(t && t->kind == TOK_IDENT))
				return fail(err, DIAG_SITE, "expected identifier", t);
			vec_push(&decl->formals, t->text);
			t = lex_scan(pp->lx);
			if (is_op(t, ","))
				continue;
			if (is_op(t, ")")) {
				t = lex_scan(pp->lx);
				break;
			}
			return fail(err, DIAG_SITE, "expected ',' or ')'", t);
		}
	}
	if (!is_op(t, "%(") && saw_params)
		return fail(err, DIAG_SITE, "expected '%('", t);
	if (!is_op(t, "%("))
		return fail(err, DIAG_SITE, "expected '%(' or '('", t);
	if (!slurp_body(pp, decl))
		return fail(err, DIAG_SITE, "incomplete macro definition - missing '%)'",
			    decl->tok);
	return 0;
}

/* invocation -> '@'NAME [ '(' arg { ',' arg } ')' ]; pushes the expansion. */
static int invoke(struct pp *pp, const struct token *t, struct macrodecl *decl,
		  struct pp_error *err)
{
	struct pp_act *act = pp->acts.n ? vec_last(&pp->acts) : NULL;
	struct pp_act *nact = xcalloc(1, sizeof(*nact));
	const char *name = t->text + 1;
	int nparams = decl->formals.n;
	nact->tok = t;
	nact->macro = decl;

	if (nparams == 0 && decl->closure) {
		/* a parameter: expand it where it was written */
		vec_foreach(&decl->parent_act->params, b) vec_push(&nact->params, *b);
		goto expand;
	}
	if (nparams == 0)
		goto expand;

	t = next_pp1(pp);
	if (!is_op(t, "(")) {
		act_free(nact);
		return fail(err, DIAG_SITE,
			    arena_printf(pp->arena,
					 "expected '(' in invocation of macro '@%s' taking %d "
					 "parameter%s",
					 name, nparams, nparams == 1 ? "" : "s"),
			    t);
	}
	for (int i = 0; i < nparams; i++) {
		struct macrodecl *p = closure_new(pp);
		p->name = decl->formals.v[i];
		p->tok = nact->tok;
		p->parent_act = act;
		p->closure = act != NULL;
		vec_push(&nact->params, ((struct binding){decl->formals.v[i], p}));
		t = slurp_param(pp, p);
		if (!t) {
			const struct token *orig = nact->tok;
			act_free(nact);
			return fail(err, DIAG_SITE, "could not find end of macro invocation", orig);
		}
		if (is_op(t, ",") && i + 1 == nparams) {
			act_free(nact);
			return fail(
			    err, DIAG_SITE,
			    arena_printf(pp->arena,
					 "too many parameters for macro '@%s' (expected %d)", name,
					 nparams),
			    t);
		}
		if (is_op(t, ")") && i + 1 != nparams) {
			act_free(nact);
			return fail(err, DIAG_SITE,
				    arena_printf(pp->arena,
						 "too few parameters for macro '@%s' (expected %d)",
						 name, nparams),
				    t);
		}
	}
expand:
	if (pp->acts.n >= PP_MAX_NESTING || pp->expanded > PP_MAX_EXPANDED) {
		const struct token *at = nact->tok;
		act_free(nact);
		/* abandon every expansion in progress, so that scanning goes on in the file */
		while (pp->acts.n)
			act_free(vec_pop(&pp->acts));
		return fail(err, DIAG_SITE, "macro expansion too deep or too large", at);
	}
	vec_push(&pp->acts, nact);
	return 0;
}

static struct macrodecl *lookup(struct pp *pp, const char *name)
{
	struct pp_act *act = pp->acts.n ? vec_last(&pp->acts) : NULL;
	struct macrodecl *decl = act ? find_binding(act, name) : NULL;
	if (decl)
		return decl;
	if (!(act && act->macro->library)) {
		decl = find_macro(pp->names.v, pp->names.n, name);
		if (decl)
			return decl;
	}
	return pp->lib ? find_macro(pp->lib->macros.v, pp->lib->macros.n, name) : NULL;
}

/* stap's scan_pp1: the next token after macro definitions and expansions. */
static int scan_pp1(struct pp *pp, bool ignore_macros, const struct token **out,
		    struct pp_error *err)
{
	for (;;) {
		const struct token *t = next_pp1(pp);
		if (!t) {
			if (!pp->acts.n) {
				*out = NULL;
				return 0;
			}
			act_free(vec_pop(&pp->acts));
			continue;
		}
		if (is_op(t, "@define") && !ignore_macros) {
			if (parse_define(pp, t, err) < 0)
				return -1;
			continue;
		}
		if (t->kind == TOK_OPERATOR && t->text[0] == '@') {
			struct macrodecl *decl = lookup(pp, t->text + 1);
			if (!decl) {
				*out = t;
				return 0;
			}
			if (invoke(pp, t, decl, err) < 0)
				return -1;
			continue;
		}
		*out = t;
		return 0;
	}
}

/* ---- layer 2: conditionals ----------------------------------------------------------- */

static int cmp_result(const struct token *op, int c, bool *res, struct pp_error *err)
{
	if (is_op(op, "<="))
		*res = c <= 0;
	else if (is_op(op, ">="))
		*res = c >= 0;
	else if (is_op(op, "<"))
		*res = c < 0;
	else if (is_op(op, ">"))
		*res = c > 0;
	else if (is_op(op, "=="))
		*res = c == 0;
	else if (is_op(op, "!="))
		*res = c != 0;
	else
		return fail(err, DIAG_SITE, "expected comparison operator", op);
	return 0;
}

/* stap's lex_cast<int64_t>: decimal only, whole string; failure is fatal in stap. */
static int lex_cast_i64(const char *s, int64_t *v, struct pp_error *err)
{
	char *end;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (!*s || *end || errno == ERANGE || isspace((unsigned char)*s)) {
		fail(err, DIAG_SITE, "bad lexical cast", NULL);
		err->fatal = true;
		return -1;
	}
	*v = x;
	return 0;
}

/* kernel_v / kernel_vr / systemtap_v OP "version" */
static int eval_version(const char *target, const struct token *op, const struct token *r,
			bool *res, struct pp_error *err)
{
	if (r->kind != TOK_STRING)
		return fail(err, DIAG_SITE, "expected string literal", r);
	bool wildcard = strpbrk(r->text, "*?[") != NULL;
	bool wc_ok = is_op(op, "==") || is_op(op, "!=");
	if (!wc_ok && !is_op(op, "<=") && !is_op(op, ">=") && !is_op(op, "<") && !is_op(op, ">"))
		return fail(err, DIAG_SITE, "expected comparison operator", op);
	if (!wc_ok && wildcard)
		return fail(err, DIAG_SITE, "wildcard not allowed with order comparison operators",
			    op);
	if (wildcard) {
		bool match = fnmatch(r->text, target, FNM_NOESCAPE) == 0;
		*res = match == is_op(op, "==");
		return 0;
	}
	int c = strverscmp(target, r->text);
	return cmp_result(op, c < 0 ? -1 : c > 0, res, err);
}

/* arch / runtime / systemtap_privilege / CONFIG_x == "glob" */
static int eval_match(const char *target, bool glob, const struct token *op, const struct token *r,
		      bool *res, struct pp_error *err)
{
	if (r->kind != TOK_STRING)
		return fail(err, DIAG_SITE, "expected string literal", r);
	bool nomatch =
	    glob ? fnmatch(r->text, target, FNM_NOESCAPE) != 0 : strcmp(target, r->text) != 0;
	if (is_op(op, "=="))
		*res = !nomatch;
	else if (is_op(op, "!="))
		*res = nomatch;
	else
		return fail(err, DIAG_SITE, "expected '==' or '!='", op);
	return 0;
}

/* strtoll(s, 0) of a kconfig value; utap has no kernel config, so values are "" (= 0). */
static bool config_number(const char *s, int64_t *v)
{
	char *end;
	errno = 0;
	*v = strtoll(s, &end, 0);
	return !(errno == ERANGE || errno == EINVAL || *end);
}

static int eval_config(const struct token *l, const struct token *op, const struct token *r,
		       bool *res, struct pp_error *err)
{
	const char *lhs = ""; /* no kernel config in user space: every CONFIG_ is unset */
	if (r->kind == TOK_STRING) {
		bool nomatch = fnmatch(r->text, lhs, FNM_NOESCAPE) != 0;
		if (is_op(op, "=="))
			*res = !nomatch;
		else if (is_op(op, "!="))
			*res = nomatch;
		else
			return fail(err, DIAG_SITE, "expected '==' or '!='", op);
		return 0;
	}
	if (r->kind == TOK_NUMBER) {
		int64_t a, b;
		if (!config_number(lhs, &a))
			return fail(err, DIAG_SITE, "Config option value not a number", l);
		if (lex_cast_i64(r->text, &b, err) < 0)
			return -1;
		return cmp_result(op, a < b ? -1 : a > b, res, err);
	}
	if (r->kind == TOK_IDENT && !strncmp(r->text, "CONFIG_", 7)) {
		const char *rhs = "";
		int64_t a, b;
		if (config_number(lhs, &a) && config_number(rhs, &b))
			return cmp_result(op, a < b ? -1 : a > b, res, err);
		int c = strcmp(lhs, rhs);
		return cmp_result(op, c < 0 ? -1 : c > 0, res, err);
	}
	return fail(err, DIAG_SITE,
		    "expected string, number literal or other CONFIG_... as right side operand", r);
}

/* stap's eval_pp_conditional for one "LHS OP RHS" term. */
static int eval_term(struct pp *pp, const struct token *l, const struct token *op,
		     const struct token *r, bool *res, struct pp_error *err)
{
	const struct pp_env *env = pp->env;
	bool ident = l->kind == TOK_IDENT;
	if (ident && !strcmp(l->text, "kernel_v"))
		return eval_version(env->kernel_base_release, op, r, res, err);
	if (ident && !strcmp(l->text, "kernel_vr"))
		return eval_version(env->kernel_release, op, r, res, err);
	if (ident && !strcmp(l->text, "systemtap_v"))
		return eval_version(env->compatible, op, r, res, err);
	if (ident && !strcmp(l->text, "systemtap_privilege"))
		return eval_match(env->privilege, false, op, r, res, err);
	if (ident && !strcmp(l->text, "guru_mode")) {
		int64_t rhs;
		if (r->kind != TOK_NUMBER)
			return fail(err, DIAG_SITE, "expected number", r);
		if (lex_cast_i64(r->text, &rhs, err) < 0)
			return -1;
		if (rhs != 0 && rhs != 1)
			return fail(err, DIAG_SITE, "expected 0 or 1", op);
		if (!is_op(op, "==") && !is_op(op, "!="))
			return fail(err, DIAG_SITE, "expected '==' or '!='", op);
		return cmp_result(op, (int)env->guru - (int)rhs, res, err);
	}
	if (ident && !strcmp(l->text, "arch"))
		return eval_match(env->arch, true, op, r, res, err);
	if (ident && !strcmp(l->text, "runtime"))
		return eval_match(env->runtime, true, op, r, res, err);
	if (ident && !strncmp(l->text, "CONFIG_", 7))
		return eval_config(l, op, r, res, err);
	if (l->kind == TOK_STRING && r->kind == TOK_STRING) {
		int c = strcmp(l->text, r->text);
		return cmp_result(op, c < 0 ? -1 : c > 0, res, err);
	}
	if (l->kind == TOK_NUMBER && r->kind == TOK_NUMBER) {
		int64_t a, b;
		if (lex_cast_i64(l->text, &a, err) < 0 || lex_cast_i64(r->text, &b, err) < 0)
			return -1;
		return cmp_result(op, a < b ? -1 : a > b, res, err);
	}
	if (l->kind == TOK_STRING && r->kind == TOK_NUMBER && op->kind == TOK_OPERATOR)
		return fail(err, DIAG_SITE, "expected string literal as right value", r);
	if (l->kind == TOK_NUMBER && r->kind == TOK_STRING && op->kind == TOK_OPERATOR)
		return fail(err, DIAG_SITE, "expected number literal as right value", r);
	return fail(err, DIAG_SITE,
		    "expected 'arch', 'kernel_v', 'kernel_vr', 'systemtap_v',\n"
		    "             'runtime', 'systemtap_privilege', 'CONFIG_...', or\n"
		    "             comparison between strings or integers",
		    l);
}

/* cond -> term { ('&&' | '||') term } '%?' ; && binds tighter, no parentheses. */
static int eval_condition(struct pp *pp, const struct token *start, bool *result,
			  struct pp_error *err)
{
	bool any = false, all = true;
	const struct token *n = NULL;
	for (;;) {
		const struct token *l, *op, *r;
		if (scan_pp1(pp, false, &l, err) < 0 || scan_pp1(pp, false, &op, err) < 0 ||
		    scan_pp1(pp, false, &r, err) < 0)
			return -1;
		if (!l || !op || !r)
			return fail(err, DIAG_SITE, "incomplete condition after '%('", start);
		bool term;
		if (eval_term(pp, l, op, r, &term, err) < 0)
			return -1;
		all = all && term;
		if (!strcmp(l->text, "systemtap_v"))
			pp->systemtap_v_seen = r;
		if (scan_pp1(pp, false, &n, err) < 0)
			return -1;
		if (is_op(n, "&&"))
			continue;
		any = any || all;
		all = true;
		if (!is_op(n, "||"))
			break;
	}
	if (!is_op(n, "%?"))
		return fail(err, DIAG_SITE, "expected '%?' marker for conditional", start);
	*result = any;
	return 0;
}

/* Skips a false branch: up to the %: %? or %) of this level; errors are ignored. */
static const struct token *skip_pp(struct pp *pp)
{
	unsigned nesting = 0;
	for (;;) {
		const struct token *t;
		struct pp_error ignored;
		if (scan_pp1(pp, true, &t, &ignored) < 0)
			continue;
		if (!t)
			return NULL;
		if (is_op(t, "%("))
			nesting++;
		else if (nesting && is_op(t, "%)"))
			nesting--;
		else if (!nesting && (is_op(t, "%:") || is_op(t, "%?") || is_op(t, "%)")))
			return t;
	}
}

int pp_scan(struct pp *pp, const struct token **out, struct pp_error *err)
{
	for (;;) {
		enum pp_state st = pp->conds.n ? vec_last(&pp->conds).state : PP_NONE;
		const struct token *t;
		if (st == PP_SKIP_THEN || st == PP_SKIP_ELSE)
			t = skip_pp(pp);
		else if (scan_pp1(pp, false, &t, err) < 0)
			return -1;
		if (!t) {
			if (st != PP_NONE) {
				t = vec_pop(&pp->conds).tok;
				return fail(err, DIAG_SITE, "incomplete conditional at end of file",
					    t);
			}
			*out = NULL;
			return 0;
		}
		if (is_op(t, "%?"))
			return fail(err, DIAG_SITE, "incomplete conditional - missing '%('", t);
		if (is_op(t, "%:")) {
			if (st == PP_NONE)
				return fail(err, DIAG_SITE, "incomplete conditional - missing '%('",
					    t);
			if (st == PP_KEEP_ELSE || st == PP_SKIP_ELSE)
				return fail(err, DIAG_SITE, "invalid conditional - duplicate '%:'",
					    t);
			vec_last(&pp->conds).state =
			    st == PP_KEEP_THEN ? PP_SKIP_ELSE : PP_KEEP_ELSE;
			continue;
		}
		if (is_op(t, "%)")) {
			if (st == PP_NONE)
				return fail(err, DIAG_SITE, "incomplete conditional - missing '%('",
					    t);
			pp->conds.n--;
			continue;
		}
		if (!is_op(t, "%(")) {
			*out = t;
			return 0;
		}
		bool result;
		if (eval_condition(pp, t, &result, err) < 0)
			return -1;
		vec_push(&pp->conds, ((struct pp_cond){t, result ? PP_KEEP_THEN : PP_SKIP_THEN}));
	}
}

static int cmp_macro_names(const void *a, const void *b)
{
	return strcmp((*(struct macrodecl *const *)a)->name, (*(struct macrodecl *const *)b)->name);
}

int pp_commit_library(struct pp *pp, struct pp_error *err)
{
	/* stap walks its std::map, i.e. in name order */
	if (pp->names.n > 1)
		qsort(pp->names.v, (size_t)pp->names.n, sizeof(pp->names.v[0]), cmp_macro_names);
	vec_foreach(&pp->names, it)
	{
		struct macrodecl *old =
		    find_macro(pp->lib->macros.v, pp->lib->macros.n, (*it)->name);
		if (!old)
			continue;
		fail(err, DIAG_SITE,
		     arena_printf(pp->arena, "duplicate definition of library macro '@%s'",
				  (*it)->name),
		     (*it)->tok);
		struct pp_error *first = arena_alloc(pp->arena, sizeof(*first));
		fail(first, DIAG_SITE,
		     arena_printf(pp->arena, "macro '@%s' first defined here", (*it)->name),
		     old->tok);
		err->chain = first;
		return -1;
	}
	vec_foreach(&pp->names, it)
	{
		(*it)->library = true;
		vec_push(&pp->lib->macros, *it);
	}
	pp->names.n = 0;
	return 0;
}
