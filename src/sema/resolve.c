// SPDX-License-Identifier: MIT
/* Symbol resolution, after stap 4.8's semantic_pass_symbols and symresolution_info
 * (elaborate.cxx): probes are derived file by file, their handlers and then the used
 * functions are resolved; names bind to parameters, locals (made on first use), globals
 * of the chosen files, then tapset globals (which pulls their file in whole). Functions
 * overload by arity and form priority chains; private names are file-scoped. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "sema/suggest.h"
#include "util/alloc.h"

int sema_print_error(struct sema *s, struct diag_error *e)
{
	diag_semantic(s->diag, e);
	return 1;
}

int sema_num_errors(const struct sema *s)
{
	return (int)diag_num_errors(s->diag) - s->errors_before;
}

/* A resolution error aborts the rest of its statement, as stap's throw does. */
struct rctx {
	struct sema *s;
	bool failed;
};

static void rerr(struct rctx *r, struct diag_error *e)
{
	if (r->failed) {
		diag_error_free(e);
		return;
	}
	sema_print_error(r->s, e);
	r->failed = true;
}

/* ---- functions ----------------------------------------------------------------------- */

static void detox(struct strbuf *sb, const char *path)
{
	for (const char *p = path; *p; p++)
		sb_addc(sb, isalnum((unsigned char)*p) ? *p : '_');
	sb_addc(sb, '_');
}

static int overload_count(struct sema *s, const char *name)
{
	int k = 0;
	vec_foreach(&s->fns, fi)
	{
		if (!strcmp(fi->fn->name, name))
			k++;
	}
	return k;
}

static void fn_register(struct sema *s, struct ast_function *fn, const char *file)
{
	struct strbuf sb = STRBUF_INIT;
	int k = overload_count(s, fn->name);
	if (fn->is_private && file) {
		sb_adds(&sb, "__private_");
		detox(&sb, file);
	} else {
		sb_adds(&sb, "__global_");
	}
	sb_printf(&sb, "%s__overload_%d", fn->name, k);
	struct fn_info fi = {.fn = fn, .mangled = arena_strdup(s->a, sb.s), .file = file};
	sb_free(&sb);
	vec_push(&s->fns, fi);
}

/* Built-ins that stap's tapsets define only from some --compatible version on (inside
 * %( systemtap_v >= "V" %? ... %)): older versions do not know them. */
static bool builtin_in_version(const struct sema *s, const struct ast_function *fn)
{
	static const struct {
		const char *name;
		int nparams;
		const char *since;
	} since[] = {
	    {"abort", 0, "4.0"},		/* logging.stp */
	    {"user_string_n_quoted", 3, "3.0"}, /* uconversions.stp */
	};
	const char *v = s->o->compatible ? s->o->compatible : "4.8";
	for (size_t i = 0; i < sizeof(since) / sizeof(since[0]); i++)
		if (!strcmp(fn->name, since[i].name) && fn->params.n == since[i].nparams)
			return strverscmp(v, since[i].since) >= 0;
	return true;
}

/* stap numbers overloads in parse order: library files, then the user's. utap's native
 * built-ins come first (they stand for stap's tapset functions). */
void fn_register_all(struct sema *s)
{
	for (int i = 0; i < s->prog->n_builtins; i++)
		if (builtin_in_version(s, &s->prog->builtins[i]))
			fn_register(s, &s->prog->builtins[i], NULL);
	vec_foreach(&s->lib_files, f)
	{
		for (int i = 0; i < (*f)->functions.n; i++)
			fn_register(s, (*f)->functions.v[i], (*f)->src->name);
	}
	vec_foreach(&s->user_files, f)
	{
		for (int i = 0; i < (*f)->functions.n; i++)
			fn_register(s, (*f)->functions.v[i], (*f)->src->name);
	}
}

struct fn_info *fn_info_of(struct sema *s, const struct ast_function *fn)
{
	vec_foreach(&s->fns, fi)
	{
		if (fi->fn == fn)
			return fi;
	}
	return NULL;
}

static bool is_builtin(const struct sema *s, const struct ast_function *fn)
{
	return program_builtin_index(s->prog, fn) >= 0;
}

/* A tapset function written in embedded C that a native built-in of the same name and
 * arity replaces (stap tapset directories on the search path carry many). */
static bool shadowed_by_builtin(const struct sema *s, const struct ast_function *fn)
{
	if (!fn->embedded)
		return false;
	for (int i = 0; i < s->prog->n_builtins; i++)
		if (!strcmp(s->prog->builtins[i].name, fn->name) &&
		    s->prog->builtins[i].params.n == fn->params.n)
			return true;
	return false;
}

static struct ast_file *file_of_fn(struct sema *s, const struct ast_function *fn, bool *lib)
{
	vec_foreach(&s->user_files, f)
	{
		for (int i = 0; i < (*f)->functions.n; i++)
			if ((*f)->functions.v[i] == fn) {
				*lib = false;
				return *f;
			}
	}
	vec_foreach(&s->lib_files, f)
	{
		for (int i = 0; i < (*f)->functions.n; i++)
			if ((*f)->functions.v[i] == fn) {
				*lib = true;
				return *f;
			}
	}
	return NULL;
}

static bool file_is_chosen(struct sema *s, const struct ast_file *af)
{
	vec_foreach(&s->files, f)
	{
		if (*f == af)
			return true;
	}
	return false;
}

static void choose_file(struct sema *s, struct ast_file *af)
{
	if (af && !file_is_chosen(s, af))
		vec_push(&s->files, af);
}

static int cmp_fn_mangled(const void *a, const void *b)
{
	const struct fn_info *x = *(struct fn_info *const *)a, *y = *(struct fn_info *const *)b;
	return strcmp(x->mangled, y->mangled);
}

static void mark_used(struct sema *s, struct fn_info *fi)
{
	if (fi->used)
		return;
	fi->used = true;
	vec_push(&s->used_fns, fi);
	if (s->used_fns.n > 1)
		qsort(s->used_fns.v, (size_t)s->used_fns.n, sizeof(void *), cmp_fn_mangled);
}

void fn_mark_all_used(struct sema *s)
{
	vec_foreach(&s->fns, fi) mark_used(s, fi);
}

/* collect_functions(): used functions, and the library's public ones */
static char *similar_functions(struct sema *s, const char *name)
{
	struct suggest_set set = {0};
	vec_foreach(&s->used_fns, fi) suggest_set_add(&set, (*fi)->fn->name);
	vec_foreach(&s->fns, fi)
	{
		bool lib = false;
		if (is_builtin(s, fi->fn) ||
		    (file_of_fn(s, fi->fn, &lib) && lib && !fi->fn->is_private))
			suggest_set_add(&set, fi->fn->name);
	}
	char *r = suggest(name, &set, 5);
	suggest_set_free(&set);
	return r;
}

static int cmp_priority(const void *a, const void *b)
{
	const struct ast_function *x = *(struct ast_function *const *)a;
	const struct ast_function *y = *(struct ast_function *const *)b;
	return x->priority < y->priority ? -1 : x->priority > y->priority;
}

static void resolve_call(struct rctx *r, struct ast_expr *e)
{
	struct sema *s = r->s;
	const char *callfile = e->tok && e->tok->file ? e->tok->file->name : "";
	VEC(struct ast_function *) found = {0};
	struct ast_function *last = NULL;
	vec_foreach(&s->fns, fi)
	{
		struct ast_function *fn = fi->fn;
		if (strcmp(fn->name, e->str) || shadowed_by_builtin(s, fn))
			continue;
		if (fn->is_private && (!fi->file || strcmp(fi->file, callfile)))
			continue;
		if (fn->params.n != e->args.n) {
			last = fn;
			continue;
		}
		vec_push(&found, fn);
	}
	if (!found.n) {
		if (last) {
			struct diag_error *err =
			    SEM_ERR(e->tok, "arity mismatch found (function '%s' takes %d args)",
				    e->str, last->params.n);
			if (last->tok)
				diag_error_set_tok2(err, last->tok);
			rerr(r, err);
		} else {
			char *sugs = similar_functions(s, e->str);
			rerr(r, *sugs ? SEM_ERR(e->tok, "unresolved function %s (similar: %s)",
						e->str, sugs)
				      : SEM_ERR(e->tok, "unresolved function %s", e->str));
			free(sugs);
		}
		vec_free(&found);
		return;
	}
	/* a stable sort by priority (declaration order among equals) */
	for (int i = 1; i < found.n; i++)
		for (int j = i; j > 0 && cmp_priority(&found.v[j - 1], &found.v[j]) > 0; j--) {
			struct ast_function *t = found.v[j];
			found.v[j] = found.v[j - 1];
			found.v[j - 1] = t;
		}
	for (int i = 0; i < found.n; i++) {
		bool lib = false;
		struct ast_file *af = file_of_fn(s, found.v[i], &lib);
		if (af)
			choose_file(s, af);
		mark_used(s, fn_info_of(s, found.v[i]));
		/* the chain is per (name, arity); the first call site fixes it */
		if (i + 1 < found.n && !found.v[i]->next_overload)
			found.v[i]->next_overload = found.v[i + 1];
	}
	e->fn = found.v[0];
	vec_free(&found);
}

/* ---- variables ----------------------------------------------------------------------- */

static const struct token *arity_tok(struct sema *s, const struct ast_var *v)
{
	vec_foreach(&s->arity_toks, at)
	{
		if (at->v == v)
			return at->tok;
	}
	return NULL;
}

/* vardecl::set_arity */
struct diag_error *var_set_arity(struct sema *s, struct ast_var *v, int a, const struct token *t)
{
	if (a < 0)
		return NULL;
	if (a == 0 && v->maxsize > 0)
		return SEM_ERR(v->tok, "inconsistent arity");
	if (v->arity != a && v->arity >= 0) {
		struct diag_error *e =
		    SEM_ERR(t ? t : v->tok, "inconsistent arity (%d vs %d)", v->arity, a);
		const struct token *at = arity_tok(s, v);
		if (at)
			diag_error_set_chain(e,
					     SEM_ERR(at, "arity %d first inferred here", v->arity));
		return e;
	}
	if (v->arity != a) {
		struct var_tok vt = {.v = v, .tok = t};
		vec_push(&s->arity_toks, vt);
		v->arity = a;
		for (int i = 0; i < AST_MAX_KEYS; i++)
			v->key_types[i] = TYPE_UNKNOWN;
	}
	return NULL;
}

static const char *tok_file(const struct token *t)
{
	return t && t->file ? t->file->name : "";
}

static bool var_visible(const struct ast_var *g, const char *name, const struct token *tok)
{
	if (strcmp(g->name, name))
		return false;
	if (!g->is_private)
		return true;
	return g->file && !strcmp(g->file->name, tok_file(tok));
}

static bool is_user_file_name(struct sema *s, const char *name)
{
	vec_foreach(&s->user_files, f)
	{
		if (!strcmp((*f)->src->name, name))
			return true;
	}
	return false;
}

static bool global_known(struct sema *s, const struct ast_var *g)
{
	vec_foreach(&s->prog->globals, x)
	{
		if (*x == g)
			return true;
	}
	return false;
}

static void add_global(struct sema *s, struct ast_var *g)
{
	if (!global_known(s, g))
		vec_push(&s->prog->globals, g);
}

static struct ast_var *find_in_files(struct sema *s, struct ast_file *const *files, int n,
				     const char *name, const struct token *tok, bool choose)
{
	for (int i = 0; i < n; i++) {
		struct ast_file *f = files[i];
		for (int j = 0; j < f->globals.n; j++) {
			struct ast_var *g = f->globals.v[j];
			if (!var_visible(g, name, tok))
				continue;
			if (choose)
				choose_file(s, f);
			g->scope = VAR_GLOBAL;
			add_global(s, g);
			return g;
		}
	}
	return NULL;
}

/* stap's find_var: locals, parameters (scalars), used globals, globals of chosen files,
 * then library globals. *err gets an arity error. */
static struct ast_var *find_var(struct rctx *r, const char *name, int arity,
				const struct token *tok)
{
	struct sema *s = r->s;
	struct diag_error *err = NULL;
	struct ast_var *found = NULL;
	if (s->cur_fn || s->cur_probe) {
		VEC(struct ast_var *) *locals =
		    s->cur_fn ? (void *)&s->cur_fn->locals : (void *)&s->cur_probe->locals;
		for (int i = 0; i < locals->n && !found; i++)
			if (!strcmp(locals->v[i]->name, name))
				found = locals->v[i];
	}
	if (!found && arity == 0 && s->cur_fn)
		for (int i = 0; i < s->cur_fn->params.n && !found; i++)
			if (!strcmp(s->cur_fn->params.v[i]->name, name))
				found = s->cur_fn->params.v[i];
	if (!found) {
		vec_foreach(&s->prog->globals, g)
		{
			if (!var_visible(*g, name, tok))
				continue;
			found = *g;
			const struct srcfile *f = tok ? tok->file : NULL;
			if (!s->o->suppress_warnings && f && !is_user_file_name(s, f->name) &&
			    found->tok && found->tok->file != f && !f->synthetic &&
			    found->tok->file && is_user_file_name(s, found->tok->file->name)) {
				struct strbuf sb = STRBUF_INIT;
				diag_token_str(&sb, found->tok);
				diag_warn(s->diag, tok,
					  "cross-file global variable reference to %s "
					  "from",
					  sb.s);
				sb_free(&sb);
			}
			break;
		}
	}
	if (!found)
		found = find_in_files(s, s->files.v, s->files.n, name, tok, false);
	if (!found)
		found = find_in_files(s, s->lib_files.v, s->lib_files.n, name, tok, true);
	if (found && (err = var_set_arity(s, found, arity, tok)))
		rerr(r, err);
	return found;
}

static struct ast_var *new_local(struct rctx *r, const char *name, const struct token *tok)
{
	struct sema *s = r->s;
	struct ast_var *v = node_var(s, name, tok, VAR_LOCAL);
	v->arity = 0;
	if (s->cur_fn)
		vec_push(&s->cur_fn->locals, v);
	else
		vec_push(&s->cur_probe->locals, v);
	return v;
}

static void resolve_expr(struct rctx *r, struct ast_expr *e);

static void resolve_symbol(struct rctx *r, struct ast_expr *e)
{
	struct sema *s = r->s;
	if (e->var)
		return;
	struct ast_var *v = find_var(r, e->str, 0, e->tok);
	if (r->failed)
		return;
	if (!v) {
		if (!s->cur_fn && !s->cur_probe) {
			rerr(r, SEM_ERR(e->tok, "probe condition must not reference undeclared "
						"global"));
			return;
		}
		v = new_local(r, e->str, e->tok);
	}
	e->var = v;
}

/* base of an indexing: an array symbol or a histogram */
static void resolve_indexable(struct rctx *r, struct ast_expr *base, int arity,
			      const struct token *errtok)
{
	if (!base || r->failed)
		return;
	if (base->kind == EXPR_HIST) {
		resolve_expr(r, base);
		return;
	}
	if (base->kind != EXPR_SYM) {
		resolve_expr(r, base);
		return;
	}
	if (base->var)
		return;
	struct ast_var *v = find_var(r, base->str, arity, base->tok);
	if (r->failed)
		return;
	if (!v) {
		rerr(r, SEM_ERR(errtok,
				"unresolved arity-%d global array %s, missing global "
				"declaration?",
				arity, base->str));
		return;
	}
	base->var = v;
}

static void resolve_arrayindex(struct rctx *r, struct ast_expr *e, bool wildcard_ok)
{
	for (int i = 0; i < e->args.n && !r->failed; i++) {
		if (!e->args.v[i]) {
			if (!wildcard_ok)
				rerr(r, SEM_ERR(e->tok, "wildcard not allowed in array index"));
		} else {
			resolve_expr(r, e->args.v[i]);
		}
	}
	resolve_indexable(r, e->left, e->args.n, e->tok);
}

static void resolve_expr(struct rctx *r, struct ast_expr *e)
{
	if (!e || r->failed)
		return;
	struct sema *s = r->s;
	switch (e->kind) {
	case EXPR_NUM:
	case EXPR_STR:
	case EXPR_EMBEDDED:
		break;
	case EXPR_SYM:
		resolve_symbol(r, e);
		break;
	case EXPR_INDEX:
		resolve_arrayindex(r, e, false);
		break;
	case EXPR_IN:
		resolve_arrayindex(r, e, true);
		break;
	case EXPR_CALL:
		if (!s->cur_fn && !s->cur_probe) {
			rerr(r, SEM_ERR(e->tok, "probe condition must not reference function"));
			return;
		}
		for (int i = 0; i < e->args.n; i++)
			resolve_expr(r, e->args.v[i]);
		if (!r->failed && !e->fn)
			resolve_call(r, e);
		break;
	case EXPR_PRINT:
		for (int i = 0; i < e->args.n; i++)
			resolve_expr(r, e->args.v[i]);
		resolve_expr(r, e->left);
		break;
	case EXPR_TARGET:
	case EXPR_ATOP:
		resolve_expr(r, e->left);
		for (int i = 0; i < e->comps.n; i++)
			resolve_expr(r, e->comps.v[i].index);
		break;
	default:
		resolve_expr(r, e->left);
		resolve_expr(r, e->right);
		resolve_expr(r, e->third);
		for (int i = 0; i < e->args.n; i++)
			resolve_expr(r, e->args.v[i]);
		break;
	}
}

/* delete's traversal: arrays may be wildcarded and named with any arity */
static void resolve_delete(struct rctx *r, struct ast_expr *e)
{
	if (!e)
		return;
	if (e->kind == EXPR_INDEX) {
		resolve_arrayindex(r, e, true);
	} else if (e->kind == EXPR_SYM) {
		if (e->var)
			return;
		struct ast_var *v = find_var(r, e->str, -1, e->tok);
		if (r->failed)
			return;
		if (!v)
			rerr(r, SEM_ERR(e->tok, "unresolved array in delete statement"));
		else
			e->var = v;
	} else {
		resolve_expr(r, e);
	}
}

static void resolve_stmt(struct rctx *r, struct ast_stmt *st);

static void resolve_foreach(struct rctx *r, struct ast_stmt *st)
{
	for (int i = 0; i < st->keys.n; i++)
		resolve_expr(r, st->keys.v[i]);
	for (int i = 0; i < st->slice.n; i++)
		resolve_expr(r, st->slice.v[i]);
	if (r->failed)
		return;
	if (st->base && st->base->kind == EXPR_SYM) {
		resolve_indexable(r, st->base, st->keys.n, st->base->tok);
		if (r->failed)
			return;
		if (st->slice.n && st->slice.n != st->keys.n) {
			rerr(r, SEM_ERR(st->base->tok,
					"unresolved arity-%d global array %s, "
					"missing global declaration?",
					st->slice.n, st->base->str));
			return;
		}
	} else {
		resolve_expr(r, st->base);
	}
	resolve_expr(r, st->value_var);
	resolve_expr(r, st->limit);
	resolve_stmt(r, st->loop_body);
}

static void resolve_stmt(struct rctx *r, struct ast_stmt *st)
{
	if (!st || r->failed)
		return;
	switch (st->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < st->body.n; i++) {
			struct rctx sub = {.s = r->s};
			resolve_stmt(&sub, st->body.v[i]);
		}
		break;
	case STMT_EXPR:
	case STMT_RETURN:
		resolve_expr(r, st->expr);
		break;
	case STMT_IF:
		resolve_expr(r, st->expr);
		resolve_stmt(r, st->then);
		resolve_stmt(r, st->els);
		break;
	case STMT_FOR:
		resolve_expr(r, st->init);
		resolve_expr(r, st->expr);
		resolve_expr(r, st->incr);
		resolve_stmt(r, st->loop_body);
		break;
	case STMT_FOREACH:
		resolve_foreach(r, st);
		break;
	case STMT_DELETE:
		resolve_delete(r, st->expr);
		break;
	case STMT_TRY:
		resolve_stmt(r, st->then);
		resolve_expr(r, st->catch_var);
		resolve_stmt(r, st->els);
		break;
	default:
		break;
	}
}

/* A top-level resolution of a body or condition; returns nonzero on error. */
static int resolve_body(struct sema *s, struct ast_stmt *body, struct ast_expr *cond)
{
	struct rctx r = {.s = s};
	if (body) {
		if (body->kind == STMT_BLOCK)
			resolve_stmt(&r, body);
		else
			resolve_stmt(&r, body);
	}
	if (cond) {
		struct derived_probe *p = s->cur_probe;
		struct ast_function *f = s->cur_fn;
		s->cur_probe = NULL;
		s->cur_fn = NULL;
		struct rctx rc = {.s = s};
		resolve_expr(&rc, cond);
		s->cur_probe = p;
		s->cur_fn = f;
		r.failed |= rc.failed;
	}
	return r.failed;
}

int resolve_probe(struct sema *s, struct derived_probe *dp)
{
	s->cur_fn = NULL;
	s->cur_probe = dp;
	int rc = resolve_body(s, dp->body, dp->cond);
	s->cur_probe = NULL;
	return rc;
}

static void resolve_functions_once(struct sema *s);

/* Resolves the used functions' bodies in map order, including ones added meanwhile.
 * stap's std::map walk skips a function added before the current position until the
 * next file; utap sweeps again until no function is new, which is what stap reaches
 * whenever a tapset file is involved. */
static void resolve_functions(struct sema *s)
{
	int before;
	do {
		before = s->used_fns.n;
		resolve_functions_once(s);
	} while (s->used_fns.n != before);
}

static void resolve_functions_once(struct sema *s)
{
	const char *cur = NULL;
	for (;;) {
		struct fn_info *next = NULL;
		vec_foreach(&s->used_fns, fi)
		{
			if (cur && strcmp((*fi)->mangled, cur) <= 0)
				continue;
			next = *fi;
			break;
		}
		if (!next)
			break;
		cur = next->mangled;
		if (next->fn->body) {
			s->cur_fn = next->fn;
			s->cur_probe = NULL;
			resolve_body(s, next->fn->body, NULL);
			s->cur_fn = NULL;
		}
	}
}

int resolve_symbols(struct sema *s)
{
	for (int i = 0; i < s->files.n; i++) {
		struct ast_file *dome = s->files.v[i];
		bool primary = false;
		for (int u = 0; u < s->user_files.n && u < s->o->n_primary_files; u++)
			if (s->user_files.v[u] == dome)
				primary = true;
		for (int j = 0; j < dome->probes.n; j++) {
			int before = s->prog->probes.n;
			struct xprobe *x = xprobe_from_script(s, dome->probes.v[j], primary);
			derive_probes(s, x, false, false);
			for (int k = before; k < s->prog->probes.n; k++) {
				struct derived_probe *dp = s->prog->probes.v[k];
				dp->cond = dp->loc ? clone_expr(s, dp->loc->cond) : NULL;
				expand_targets(s, dp);
				resolve_probe(s, dp);
				/* stap prints the resolved condition in pp() and signatures */
				if (dp->cond)
					dp->loc->cond = dp->cond;
			}
		}
		resolve_functions(s);
	}
	return sema_num_errors(s);
}
