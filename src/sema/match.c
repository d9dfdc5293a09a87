// SPDX-License-Identifier: MIT
/* Probe point resolution, after stap 4.8's elaborate.cxx: the match tree of probe point
 * patterns (match_node), wildcard ('*', '**') expansion, alias expansion with prologue /
 * epilogue splicing and alias suffixes, and the derive_probes loop with its '?', '!'
 * and condition semantics and its error chains ("while resolving probe point"). The
 * builders for begin/end/timer/process points are in builders.c, marks in marks.c. */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "sema/suggest.h"
#include "util/alloc.h"

/* ---- match keys and nodes ------------------------------------------------------------ */

static int key_cmp(const char *name, bool hp, int pt, const struct match_entry *e)
{
	int c = strcmp(name, e->name);
	if (c)
		return c;
	if (hp != e->have_param)
		return hp ? 1 : -1;
	if (pt != e->ptype)
		return pt < e->ptype ? -1 : 1;
	return 0;
}

static struct match_node *node_new(struct sema *s)
{
	struct match_node *n = xcalloc(1, sizeof(*n));
	vec_push(&s->nodes, n);
	return n;
}

struct match_node *match_bind(struct sema *s, struct match_node *n, const char *name,
			      bool have_param, int ptype)
{
	int i = 0;
	for (; i < n->sub.n; i++) {
		int c = key_cmp(name, have_param, ptype, &n->sub.v[i]);
		if (c == 0)
			return n->sub.v[i].node;
		if (c < 0)
			break;
	}
	struct match_entry e = {
	    .name = name, .have_param = have_param, .ptype = ptype, .node = node_new(s)};
	vec_push(&n->sub, e); /* grow, then shift into place */
	memmove(&n->sub.v[i + 1], &n->sub.v[i], sizeof(e) * (size_t)(n->sub.n - 1 - i));
	n->sub.v[i] = e;
	return e.node;
}

void match_bind_builder(struct match_node *n, const struct builder *b)
{
	vec_push(&n->ends, b);
}

struct builder *builder_new(struct sema *s, const char *name, build_fn fn, int kind)
{
	struct builder *b = xcalloc(1, sizeof(*b));
	b->name = name;
	b->build = fn;
	b->kind = kind;
	vec_push(&s->builders, b);
	return b;
}

void match_init(struct sema *s)
{
	s->root = node_new(s);
}

void match_free(struct sema *s)
{
	vec_foreach(&s->nodes, n)
	{
		vec_free(&(*n)->sub);
		vec_free(&(*n)->ends);
		free(*n);
	}
	vec_free(&s->nodes);
	vec_foreach(&s->builders, b) free(*b);
	vec_free(&s->builders);
}

static int comp_ptype(const struct ast_component *c)
{
	if (!c->arg)
		return 0;
	return c->arg->kind == EXPR_NUM ? 1 : 2;
}

/* match_key::str() */
static void key_str(struct strbuf *sb, const struct match_entry *e)
{
	sb_adds(sb, e->name);
	if (e->have_param)
		sb_adds(sb, e->ptype == 1 ? "(number)" : e->ptype == 2 ? "(string)" : "(...)");
}

/* ---- parameters ---------------------------------------------------------------------- */

static void params_fill(struct pparams *p, const struct ast_probe_point *loc, int upto)
{
	p->n = 0;
	for (int i = 0; i < upto && i < loc->components.n; i++) {
		const struct ast_component *c = loc->components.v[i];
		int k = 0;
		while (k < p->n && strcmp(p->name[k], c->functor))
			k++;
		if (k == p->n) {
			if (p->n == 16)
				continue;
			p->n++;
		}
		p->name[k] = c->functor;
		p->arg[k] = c->arg;
	}
}

static const struct ast_expr *pparam(const struct pparams *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->name[i], name))
			return p->arg[i];
	return NULL;
}

bool pparam_has(const struct pparams *p, const char *name)
{
	for (int i = 0; i < p->n; i++)
		if (!strcmp(p->name[i], name))
			return true;
	return false;
}

bool pparam_num(const struct pparams *p, const char *name, int64_t *v)
{
	const struct ast_expr *e = pparam(p, name);
	if (!e || e->kind != EXPR_NUM)
		return false;
	*v = e->num;
	return true;
}

bool pparam_str(const struct pparams *p, const char *name, const char **v)
{
	const struct ast_expr *e = pparam(p, name);
	if (!e || e->kind != EXPR_STR)
		return false;
	*v = e->str;
	return true;
}

/* ---- probes of the derivation chain -------------------------------------------------- */

struct xprobe *xprobe_new(struct sema *s, struct xprobe *base)
{
	struct xprobe *x = arena_alloc(s->a, sizeof(*x));
	x->base = base;
	if (base) {
		x->file = base->file;
		x->privileged = base->privileged;
		x->synthetic = base->synthetic;
		x->primary = base->primary;
		x->tok = base->tok;
		x->body = base->body;
	}
	vec_push(&s->own->xprobes, x);
	return x;
}

struct xprobe *xprobe_from_script(struct sema *s, const struct ast_probe *p, bool primary)
{
	struct xprobe *x = xprobe_new(s, NULL);
	for (int i = 0; i < p->points.n; i++)
		vec_push(&x->points, p->points.v[i]);
	x->body = p->body;
	x->tok = p->tok;
	x->file = p->file;
	x->privileged = p->privileged;
	x->primary = primary;
	x->synthetic = p->file && p->file->synthetic;
	return x;
}

/* probe::printsig, and derived_probe::printsig for alias expansions (which nest). */
void print_xprobe_sig(struct strbuf *sb, const struct xprobe *p)
{
	if (p->alias) {
		print_alias_sig(sb, p->alias);
		if (p->base) {
			sb_adds(sb, " <- ");
			print_xprobe_sig(sb, p->base);
		}
		return;
	}
	for (int i = 0; i < p->points.n; i++) {
		if (i)
			sb_addc(sb, ',');
		print_point(sb, p->points.v[i], true);
	}
}

struct derived_probe *derived_new(struct sema *s, struct xprobe *base, struct ast_probe_point *loc,
				  enum probe_kind k, const char *pp, const char *sig_extra)
{
	struct derived_probe *dp = arena_alloc(s->a, sizeof(*dp));
	vec_push(&s->own->dprobes, dp);
	dp->kind = k;
	dp->loc = loc;
	dp->base = base;
	dp->tok = base->tok;
	dp->synthetic = base->synthetic;
	dp->primary = base->primary;
	dp->body = clone_stmt(s, base->body);
	dp->pp = pp;
	dp->sig_extra = sig_extra;
	return dp;
}

void derived_add(struct sema *s, struct derived_probe *dp)
{
	dp->index = s->prog->probes.n;
	vec_push(&s->prog->probes, dp);
}

/* ---- find_and_build ------------------------------------------------------------------ */

static bool isglob(const char *f)
{
	return strchr(f, '*') != NULL;
}

static bool isdoubleglob(const char *f)
{
	return strstr(f, "**") != NULL;
}

static char *suggest_functors(struct sema *s, const struct match_node *n, const char *functor)
{
	char *f = xstrdup(functor);
	char *star = strchr(f, '*');
	if (star && star != f)
		*star = '\0';
	if (!*f || ((s->o->dump == SEMA_DUMP_LIST || s->o->dump == SEMA_DUMP_LIST_VARS) &&
		    s->o->verbose < 2)) {
		free(f);
		return xstrdup("");
	}
	struct suggest_set set = {0};
	for (int i = 0; i < n->sub.n; i++)
		suggest_set_add(&set, n->sub.v[i].name); /* parameter part trimmed */
	char *r = suggest(f, &set, 5);
	suggest_set_free(&set);
	free(f);
	return r;
}

static struct diag_error *mismatch(struct sema *s, const struct match_node *n,
				   const struct ast_component *c, const char *what)
{
	char *sugs = suggest_functors(s, n, c->functor);
	struct diag_error *e =
	    *sugs ? SEM_ERR(c->tok, "%s (similar: %s)", what, sugs) : SEM_ERR(c->tok, "%s", what);
	free(sugs);
	return e;
}

static struct diag_error *find_and_build(struct sema *s, const struct match_node *n,
					 struct xprobe *p, struct ast_probe_point *loc, int pos);

/* PR12210: the components so far matched an alias, and the rest is a suffix. */
static struct diag_error *try_suffix_expansion(struct sema *s, const struct match_node *n,
					       struct xprobe *p, struct ast_probe_point *loc,
					       int pos)
{
	struct pparams params = {0};
	for (int k = 0; k < n->ends.n; k++) {
		const struct builder *b = n->ends.v[k];
		if (!b->alias)
			continue; /* only alias builders take suffixes */
		struct diag_error *e = b->build(s, b, p, loc, &params, pos);
		if (!e)
			continue;
		if (strstr(diag_error_msg(e), "recursive loop in alias expansion"))
			return e;
		if (loc->optional) {
			diag_error_free(e);
			continue;
		}
		/* adjust the source coordinate to the suffix and re-throw */
		struct diag_error *e2 =
		    SEM_ERR(loc->components.v[pos]->tok, "%s", diag_error_msg(e));
		if (diag_error_chain(e))
			diag_error_set_chain(e2, diag_error_dup(diag_error_chain(e)));
		diag_error_free(e);
		return e2;
	}
	return NULL;
}

static struct ast_probe_point *point_with(struct sema *s, const struct ast_probe_point *loc,
					  int pos, struct ast_component *c)
{
	struct ast_probe_point *np = node_point(s, loc);
	np->components.v[pos] = c;
	return np;
}

static struct diag_error *build_here(struct sema *s, const struct match_node *n, struct xprobe *p,
				     struct ast_probe_point *loc, int pos)
{
	if (n->ends.n == 0) {
		struct strbuf alt = STRBUF_INIT;
		for (int i = 0; i < n->sub.n; i++) {
			sb_addc(&alt, ' ');
			key_str(&alt, &n->sub.v[i]);
		}
		struct diag_error *e =
		    SEM_ERR(vec_last(&loc->components)->tok, "probe point truncated (follow: %s)",
			    alt.s ? alt.s : "");
		sb_free(&alt);
		return e;
	}
	struct pparams params;
	params_fill(&params, loc, pos);
	for (int k = 0; k < n->ends.n; k++) {
		const struct builder *b = n->ends.v[k];
		struct diag_error *e = b->build(s, b, p, loc, &params, -1);
		if (e)
			return e;
	}
	return NULL;
}

static struct diag_error *build_doubleglob(struct sema *s, const struct match_node *n,
					   struct xprobe *p, struct ast_probe_point *loc, int pos)
{
	const struct ast_component *comp = loc->components.v[pos];
	const char *f = comp->functor;
	const char *gs = strstr(f, "**");
	const char *ge = gs;
	while (*ge == '*')
		ge++;
	char *prefix = xstrndup(f, (size_t)(gs - f));
	int before = s->prog->probes.n;

	/* "foo*bar" */
	char *simple = xasprintf("%s*%s", prefix, ge);
	struct ast_probe_point *sp =
	    point_with(s, loc, pos, node_comp(s, simple, comp->arg, comp->tok));
	diag_error_free(find_and_build(s, n, p, sp, pos));
	free(simple);

	/* "foo*.**bar": the component argument goes with the latter part */
	char *pre = xasprintf("%s*", prefix);
	char *post = xasprintf("**%s", ge);
	struct ast_probe_point *ep = point_with(s, loc, pos, node_comp(s, pre, NULL, comp->tok));
	vec_push(&ep->components, NULL);
	memmove(&ep->components.v[pos + 2], &ep->components.v[pos + 1],
		sizeof(void *) * (size_t)(ep->components.n - pos - 2));
	ep->components.v[pos + 1] = node_comp(s, post, comp->arg, comp->tok);
	diag_error_free(find_and_build(s, n, p, ep, pos));
	free(pre);
	free(post);
	free(prefix);

	struct diag_error *e = NULL;
	if (before == s->prog->probes.n)
		e = try_suffix_expansion(s, n, p, loc, pos);
	if (!e && !loc->optional && before == s->prog->probes.n)
		e = mismatch(s, n, comp, "probe point mismatch: didn't find any wildcard matches");
	return e;
}

static struct diag_error *build_glob(struct sema *s, const struct match_node *n, struct xprobe *p,
				     struct ast_probe_point *loc, int pos)
{
	const struct ast_component *comp = loc->components.v[pos];
	int before = s->prog->probes.n;
	bool hp = comp->arg != NULL;
	int pt = comp_ptype(comp);
	for (int i = 0; i < n->sub.n; i++) {
		const struct match_entry *me = &n->sub.v[i];
		if (fnmatch(comp->functor, me->name, FNM_NOESCAPE) || hp != me->have_param ||
		    pt != me->ptype)
			continue;
		struct ast_probe_point *np =
		    point_with(s, loc, pos, node_comp(s, me->name, comp->arg, comp->tok));
		diag_error_free(find_and_build(s, me->node, p, np, pos + 1));
	}
	struct diag_error *e = NULL;
	if (before == s->prog->probes.n)
		e = try_suffix_expansion(s, n, p, loc, pos);
	if (!e && !loc->optional && before == s->prog->probes.n)
		e = mismatch(s, n, comp, "probe point mismatch: didn't find any wildcard matches");
	return e;
}

static struct diag_error *find_and_build(struct sema *s, const struct match_node *n,
					 struct xprobe *p, struct ast_probe_point *loc, int pos)
{
	if (pos == loc->components.n)
		return build_here(s, n, p, loc, pos);
	const struct ast_component *comp = loc->components.v[pos];
	if (isdoubleglob(comp->functor))
		return build_doubleglob(s, n, p, loc, pos);
	if (isglob(comp->functor))
		return build_glob(s, n, p, loc, pos);
	bool hp = comp->arg != NULL;
	int pt = comp_ptype(comp);
	for (int i = 0; i < n->sub.n; i++)
		if (!key_cmp(comp->functor, hp, pt, &n->sub.v[i]))
			return find_and_build(s, n->sub.v[i].node, p, loc, pos + 1);
	int before = s->prog->probes.n;
	struct diag_error *e = try_suffix_expansion(s, n, p, loc, pos);
	if (!e && !loc->optional && before == s->prog->probes.n)
		e = mismatch(s, n, comp, "probe point mismatch");
	return e;
}

/* ---- aliases ------------------------------------------------------------------------- */

/* Deep copy of a AND b (either may be NULL), as stap's add_condition. */
static struct ast_expr *add_condition(struct sema *s, const struct ast_expr *a,
				      const struct ast_expr *b)
{
	if (!a && !b)
		return NULL;
	if (!a)
		return clone_expr(s, b);
	if (!b)
		return clone_expr(s, a);
	struct ast_expr *e = node_expr(s, EXPR_LOGICAL, a->tok);
	e->op = OP_ANDAND;
	e->left = clone_expr(s, a);
	e->right = clone_expr(s, b);
	return e;
}

static bool recursive_expansion(const struct xprobe *use)
{
	for (const struct xprobe *d = use->base; d; d = d->base)
		if (use->alias && use->alias == d->alias)
			return true;
	return false;
}

static bool file_chosen(struct sema *s, const struct srcfile *f)
{
	vec_foreach(&s->files, af)
	{
		if ((*af)->src == f)
			return true;
	}
	return false;
}

static void choose_file_of(struct sema *s, const struct srcfile *f)
{
	if (!f || file_chosen(s, f))
		return;
	vec_foreach(&s->lib_files, af)
	{
		if ((*af)->src == f) {
			vec_push(&s->files, *af);
			return;
		}
	}
}

/* ---- @probewrite ---------------------------------------------------------------------- */

static void find_pw(struct ast_expr *e, void *ctx)
{
	if (e->kind == EXPR_ATOP && e->atop == ATOP_PROBEWRITE)
		*(bool *)ctx = true;
}

static bool has_probewrite(struct ast_stmt *st)
{
	bool found = false;
	walk_stmt(st, find_pw, &found);
	return found;
}

static bool name_written_expr(const struct ast_expr *e, const char *name, bool lv);

static bool sym_named(const struct ast_expr *e, const char *name)
{
	if (!e)
		return false;
	if (e->kind == EXPR_SYM)
		return e->str && !strcmp(e->str, name);
	if (e->kind == EXPR_INDEX)
		return sym_named(e->left, name);
	return false;
}

/* symuse_collecting_visitor's written names: assignment targets, ++/--, <<< */
static bool name_written_expr(const struct ast_expr *e, const char *name, bool lv)
{
	if (!e)
		return false;
	if (lv && sym_named(e, name))
		return true;
	bool child_lv = e->kind == EXPR_ASSIGN || e->kind == EXPR_INCDEC;
	if (name_written_expr(e->left, name, child_lv) ||
	    name_written_expr(e->right, name, false) || name_written_expr(e->third, name, false))
		return true;
	for (int i = 0; i < e->args.n; i++)
		if (name_written_expr(e->args.v[i], name, false))
			return true;
	return false;
}

static bool name_written(const struct ast_stmt *st, const char *name)
{
	if (!st)
		return false;
	if (st->kind == STMT_DELETE && sym_named(st->expr, name))
		return true;
	if (st->kind == STMT_FOREACH) {
		if (sym_named(st->value_var, name))
			return true;
		for (int i = 0; i < st->keys.n; i++)
			if (sym_named(st->keys.v[i], name))
				return true;
	}
	for (int i = 0; i < st->body.n; i++)
		if (name_written(st->body.v[i], name))
			return true;
	return name_written_expr(st->init, name, false) ||
	       name_written_expr(st->expr, name, false) ||
	       name_written_expr(st->incr, name, false) || name_written(st->then, name) ||
	       name_written(st->els, name) || name_written(st->loop_body, name);
}

struct pw_ctx {
	struct sema *s;
	const struct ast_stmt *use;
};

static void eval_probewrite(struct ast_expr *e, void *ctx)
{
	struct pw_ctx *pc = ctx;
	if (e->kind != EXPR_ATOP || e->atop != ATOP_PROBEWRITE)
		return;
	int64_t v = name_written(pc->use, e->type_name ? e->type_name : "");
	vec_free(&e->comps);
	struct ast_expr *n = node_num(pc->s, v, e->tok);
	*e = *n;
}

static struct diag_error *build_alias(struct sema *s, const struct builder *b, struct xprobe *use,
				      struct ast_probe_point *location,
				      const struct pparams *params, int suffix_from)
{
	const struct ast_alias *alias = b->alias;
	int nsuffix = suffix_from < 0 ? 0 : location->components.n - suffix_from;
	struct ast_component *const *suffix = nsuffix ? &location->components.v[suffix_from] : NULL;

	if (recursive_expansion(use)) {
		struct strbuf pt = STRBUF_INIT;
		print_point(&pt, location, true);
		const struct token *t = location->components.v[0]->tok;
		struct diag_error *e =
		    SEM_ERR(NULL, "recursive loop in alias expansion of %s at %s:%d:%d", pt.s,
			    t && t->file ? t->file->name : "", t ? t->line : 0, t ? t->col : 0);
		sb_free(&pt);
		return e;
	}

	struct xprobe *n = xprobe_new(s, use);
	n->alias = alias;
	n->alias_loc = node_point(s, alias->names.v[0]);
	n->alias_loc_wf = true;
	for (int i = 0; i < nsuffix; i++) {
		vec_push(&n->alias_loc->components, suffix[i]);
		if (isglob(suffix[i]->functor))
			n->alias_loc_wf = false;
	}
	for (int i = 0; i < alias->points.n; i++) {
		struct ast_probe_point *pp = node_point(s, alias->points.v[i]);
		for (int j = 0; j < nsuffix; j++)
			vec_push(&pp->components, suffix[j]);
		pp->cond = add_condition(s, alias->points.v[i]->cond, location->cond);
		vec_push(&n->points, pp);
	}
	n->tok = location->components.v[0]->tok;
	if (alias->epilogue_style)
		n->body = node_block(s, use->body, alias->epilogue, NULL);
	else if (alias->epilogue)
		n->body = node_block(s, alias->prologue, use->body, clone_stmt(s, alias->epilogue));
	else
		n->body = node_block(s, alias->prologue, use->body, NULL);

	/* @probewrite(var) in the expansion: 1 if the use's body writes var */
	if (has_probewrite(n->body)) {
		n->body = clone_stmt(s, n->body);
		struct pw_ctx pc = {.s = s, .use = use->body};
		walk_stmt(n->body, eval_probewrite, &pc);
	}

	int before = s->prog->probes.n;
	struct diag_error *e = derive_probes(s, n, location->optional, nsuffix > 0);
	if (s->prog->probes.n > before)
		choose_file_of(s, alias->file);
	(void)params;
	return e;
}

void register_aliases(struct sema *s)
{
	struct ast_file *const *groups[2] = {s->lib_files.v, s->user_files.v};
	int counts[2] = {s->lib_files.n, s->user_files.n};
	for (int g = 0; g < 2; g++) {
		for (int f = 0; f < counts[g]; f++) {
			struct ast_file *file = groups[g][f];
			for (int a = 0; a < file->aliases.n; a++) {
				struct ast_alias *alias = file->aliases.v[a];
				struct builder *b =
				    builder_new(s, "alias expansion builder", build_alias, 0);
				b->alias = alias;
				struct diag_error *err = NULL;
				for (int k = 0; k < alias->names.n && !err; k++) {
					struct ast_probe_point *name = alias->names.v[k];
					struct match_node *mn = s->root;
					for (int c = 0; c < name->components.n && !err; c++) {
						struct ast_component *comp = name->components.v[c];
						if (comp->arg)
							err = SEM_ERR(NULL,
								      "alias component %s contains "
								      "illegal parameter",
								      comp->functor);
						else if (!strcmp(comp->functor, "*"))
							err =
							    SEM_ERR(NULL, "invalid use of wildcard "
									  "probe point component");
						else
							mn = match_bind(s, mn, comp->functor, false,
									0);
					}
					if (!err)
						match_bind_builder(mn, b);
				}
				if (err) {
					struct diag_error *w =
					    SEM_ERR(alias->tok, "while registering probe alias");
					diag_error_set_chain(w, err);
					sema_print_error(s, w);
				}
			}
		}
	}
}

/* ---- derive_probes ------------------------------------------------------------------- */

static struct diag_error *while_resolving(struct ast_probe_point *loc, struct diag_error *cause)
{
	struct diag_error *e = SEM_ERR(loc->components.v[0]->tok, "while resolving probe point");
	diag_error_set_chain(e, cause);
	return e;
}

struct diag_error *derive_probes(struct sema *s, struct xprobe *p, bool optional, bool rethrow)
{
	bool undo_parent_optional = false;
	if (optional && !s->parent_optional) {
		s->parent_optional = true;
		undo_parent_optional = true;
	}
	VEC(struct diag_error *) optional_errs = {0};
	struct diag_error *ret = NULL;

	for (int i = 0; i < p->points.n; i++) {
		struct ast_probe_point *loc = p->points.v[i];
		int before = s->prog->probes.n;
		struct diag_error *e = find_and_build(s, s->root, p, loc, 0);
		if (e) {
			if (!loc->optional && !s->parent_optional) {
				/* fall through to the error report below */
			} else {
				vec_push(&optional_errs, while_resolving(loc, e));
				continue;
			}
		} else if (!(loc->optional || s->parent_optional) && before == s->prog->probes.n) {
			e = SEM_ERR(NULL, "no match");
		} else {
			if (loc->sufficient && s->prog->probes.n > before)
				break;
			continue;
		}
		/* catch (const semantic_error& e) */
		if (rethrow) {
			ret = e;
			break;
		}
		/* listing modes show resolution errors only with -vv */
		if (!s->o->dump || s->o->verbose > 1) {
			sema_print_error(s, while_resolving(loc, e));
			vec_foreach(&optional_errs, oe)
			{
				sema_print_error(s, *oe);
				*oe = NULL;
			}
		} else {
			diag_error_free(e);
		}
	}
	vec_foreach(&optional_errs, oe) diag_error_free(*oe);
	vec_free(&optional_errs);
	if (undo_parent_optional)
		s->parent_optional = false;
	return ret;
}
