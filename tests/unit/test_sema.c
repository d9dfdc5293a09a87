// SPDX-License-Identifier: MIT
/* Unit tests of the semantic pass: the program contract (resolution, types, overload
 * chains, built-in indexes, derived probes' pp/pn/seq/timer fields, condition inlining,
 * auto-print), "(similar: ...)" suggestions and the tapset search path's order and
 * de-duplication. Scripts are parsed with the real parser; diagnostics are captured. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "lang/parse.h"
#include "sema/sema.h"
#include "sema/suggest.h"
#include "sema/tapset.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct env {
	struct diag *d;
	struct strbuf errs;
	struct parser_ctx *ctx;
	struct program *p;
	int rc;
};

/* Parses text as "<input>" (plus an optional tapset text) and elaborates it. */
static void elab(struct env *e, const char *text, const char *tapset, bool unoptimized)
{
	memset(e, 0, sizeof(*e));
	e->d = diag_new();
	diag_capture(e->d, &e->errs);
	struct lang_config cfg = {0};
	e->ctx = parser_ctx_new(&cfg, e->d);
	struct ast_file *lib = NULL;
	if (tapset) {
		struct srcfile *ts = parser_ctx_text(e->ctx, "/ts/lib.stp", tapset);
		ts->is_tapset = true;
		lib = parse_file(e->ctx, ts, PARSE_GURU | PARSE_SQUASH_ERRORS);
	}
	struct ast_file *user =
	    parse_file(e->ctx, parser_ctx_text(e->ctx, "<input>", text), PARSE_USER_FILE);
	struct sema_opts o = {
	    .unoptimized = unoptimized, .compatible = "4.8", .n_primary_files = 1};
	e->rc =
	    user ? sema_elaborate(&o, e->d, &user, 1, lib ? &lib : NULL, lib ? 1 : 0, &e->p) : -1;
}

static void fini(struct env *e)
{
	program_free(e->p);
	parser_ctx_free(e->ctx);
	diag_free(e->d);
	sb_free(&e->errs);
}

static bool errs_have(struct env *e, const char *s)
{
	return e->errs.s && strstr(e->errs.s, s);
}

static const struct ast_var *global_named(const struct program *p, const char *name)
{
	for (int i = 0; i < p->globals.n; i++)
		if (!strcmp(p->globals.v[i]->name, name))
			return p->globals.v[i];
	return NULL;
}

static void test_types(void)
{
	struct env e;
	elab(&e,
	     "global g, a, s\n"
	     "function f(x) { return x . \"!\" }\n"
	     "probe begin { g = 1; a[\"k\", 2] = f(\"y\"); s <<< g; println(g, a[\"k\", 2]); "
	     "println(@count(s)) }\n",
	     NULL, true);
	CHECK_EQ_INT(e.rc, 0);
	CHECK(e.p != NULL);
	if (e.p) {
		const struct ast_var *g = global_named(e.p, "g"), *a = global_named(e.p, "a");
		const struct ast_var *s = global_named(e.p, "s");
		CHECK(g && g->type == TYPE_LONG && g->arity == 0);
		CHECK(a && a->type == TYPE_STRING && a->arity == 2);
		CHECK(a && a->key_types[0] == TYPE_STRING && a->key_types[1] == TYPE_LONG);
		CHECK(s && s->type == TYPE_STATS);
		/* globals in first-reference order */
		CHECK_EQ_STR(e.p->globals.v[0]->name, "g");
		CHECK_EQ_STR(e.p->globals.v[1]->name, "a");
		/* f's parameter and return were inferred */
		const struct ast_function *f = NULL;
		for (int i = 0; i < e.p->functions.n; i++)
			if (!strcmp(e.p->functions.v[i]->name, "f"))
				f = e.p->functions.v[i];
		CHECK(f && f->ret == TYPE_STRING && f->params.v[0]->type == TYPE_STRING);
		CHECK(f && program_builtin_index(e.p, f) == -1);
		CHECK_EQ_INT(e.p->probes.n, 1);
		CHECK_EQ_STR(e.p->probes.v[0]->pp, "begin");
	}
	fini(&e);
}

static const struct ast_expr *first_call(const struct ast_stmt *st, const char *name);

static const struct ast_expr *call_in_expr(const struct ast_expr *x, const char *name)
{
	if (!x)
		return NULL;
	if (x->kind == EXPR_CALL && !strcmp(x->str, name))
		return x;
	const struct ast_expr *r = call_in_expr(x->left, name);
	if (!r)
		r = call_in_expr(x->right, name);
	for (int i = 0; !r && i < x->args.n; i++)
		r = call_in_expr(x->args.v[i], name);
	return r;
}

static const struct ast_expr *first_call(const struct ast_stmt *st, const char *name)
{
	if (!st)
		return NULL;
	const struct ast_expr *r = call_in_expr(st->expr, name);
	for (int i = 0; !r && i < st->body.n; i++)
		r = first_call(st->body.v[i], name);
	if (!r)
		r = first_call(st->then, name);
	return r;
}

static void test_overloads_and_builtins(void)
{
	struct env e;
	elab(&e,
	     "function f(a) { if (a) next; return 1 }\n"
	     "function f(a):3 { return 2 }\n"
	     "function f(a, b) { return a + b }\n"
	     "probe begin { println(f(1) + f(1, 2) + strlen(\"x\")) }\n",
	     NULL, true);
	CHECK_EQ_INT(e.rc, 0);
	if (e.p) {
		const struct ast_stmt *body = e.p->probes.v[0]->body;
		const struct ast_expr *c1 = first_call(body, "f");
		CHECK(c1 && c1->fn && c1->fn->next_overload);
		CHECK(c1 && c1->fn->params.n == 1 && c1->fn->priority == 0);
		CHECK(c1 && c1->fn->next_overload && c1->fn->next_overload->priority == 3);
		const struct ast_expr *sl = first_call(body, "strlen");
		CHECK(sl && sl->fn && program_builtin_index(e.p, sl->fn) >= 0);
		CHECK(sl && sl->fn->body == NULL && sl->fn->embedded == NULL);
		CHECK(sl && sl->type == TYPE_LONG);
	}
	fini(&e);
}

static void test_probe_points(void)
{
	struct env e;
	elab(&e,
	     "probe begin(-5), end(7), error, never, timer.ms(100).randomize(5), timer.hz(3) "
	     "{ x = 1 }\n",
	     NULL, true);
	CHECK_EQ_INT(e.rc, 0);
	if (e.p) {
		CHECK_EQ_INT(e.p->probes.n, 6);
		const struct derived_probe *const *v =
		    (const struct derived_probe *const *)e.p->probes.v;
		CHECK(v[0]->kind == PROBE_BEGIN && v[0]->seq == -5);
		CHECK(v[1]->kind == PROBE_END && v[1]->seq == 7);
		CHECK(v[2]->kind == PROBE_ERROR && v[3]->kind == PROBE_NEVER);
		CHECK(v[4]->kind == PROBE_TIMER && v[4]->period_ns == 100000000 &&
		      v[4]->randomize_ns == 5000000);
		CHECK_EQ_STR(v[4]->pp, "timer.ms(100).randomize(5)");
		CHECK(v[5]->period_ns == 333333334);
		CHECK_EQ_STR(v[0]->pp, "begin(-5)");
		CHECK_EQ_INT(v[0]->locals.n, 1);
		CHECK(v[0]->locals.v[0] != v[1]->locals.v[0]); /* own copies per probe */
		CHECK(v[0]->body != v[1]->body);
	}
	fini(&e);
}

static void test_aliases(void)
{
	struct env e;
	elab(&e, "probe lib.a, lib.b { println(v) }\n",
	     "probe lib.a = begin { v = 1 }\nprobe lib.b += end { w = 2 }\n"
	     "global unused_tapset_global\n",
	     true);
	CHECK(e.rc > 0); /* lib.b has no v: never-assigned and untyped */
	fini(&e);
	elab(&e, "probe lib.* { }\n", "probe lib.a = begin { v = 1 }\nprobe lib.b += end { }\n",
	     true);
	CHECK_EQ_INT(e.rc, 0);
	if (e.p) {
		CHECK_EQ_INT(e.p->probes.n, 2);
		CHECK_EQ_STR(e.p->probes.v[0]->pn, "lib.a");
		CHECK_EQ_STR(e.p->probes.v[1]->pn, "lib.b");
		CHECK(e.p->probes.v[0]->primary);
	}
	fini(&e);
}

static void test_conditions_and_autoprint(void)
{
	struct env e;
	elab(&e, "global on = 1, hits\nprobe timer.s(1) if (on) { hits++ }\n", NULL, false);
	CHECK_EQ_INT(e.rc, 0);
	if (e.p) {
		/* the timer, the synthetic condition begin, the auto-print end for hits */
		CHECK_EQ_INT(e.p->probes.n, 3);
		const struct derived_probe *t = e.p->probes.v[0];
		CHECK(t->cond != NULL);
		CHECK(t->body->kind == STMT_BLOCK && t->body->body.v[0]->kind == STMT_IF);
		CHECK(t->body->body.v[0]->then->kind == STMT_NEXT);
		CHECK(e.p->probes.v[1]->kind == PROBE_BEGIN && e.p->probes.v[1]->synthetic);
		CHECK(e.p->probes.v[2]->kind == PROBE_END && e.p->probes.v[2]->synthetic);
	}
	fini(&e);
}

static void test_errors(void)
{
	struct env e;
	elab(&e, "probe begin { x = 1; x = \"s\"; println(x) }", NULL, true);
	CHECK(e.rc > 0);
	CHECK(errs_have(&e, "semantic error: type mismatch (string): identifier 'x'"));
	CHECK(errs_have(&e, "type was first inferred here (long)"));
	fini(&e);
	elab(&e, "probe nosuch { }", NULL, true);
	CHECK(e.rc > 0);
	CHECK(errs_have(&e, "while resolving probe point: identifier 'nosuch'"));
	fini(&e);
	elab(&e, "probe timer.ms(0) { }", NULL, true);
	CHECK(errs_have(&e, "interval value out of range (1, 86400000)"));
	fini(&e);
	elab(&e, "global a\nprobe begin { a[1] = 1; foreach (k in a) delete a[k] }", NULL, true);
	CHECK(errs_have(&e, "variable 'a' modified during 'foreach' iteration"));
	fini(&e);
}

static void test_suggest(void)
{
	struct suggest_set set = {0};
	const char *names[] = {"strlen", "pp", "pn", "HZ", "cpu", "substr", "isinstr"};
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		suggest_set_add(&set, names[i]);
	char *r = suggest("nosuchfn", &set, 5);
	CHECK_EQ_STR(r, "pn, HZ, cpu, pp, strlen");
	free(r);
	r = suggest("strln", &set, 1);
	CHECK_EQ_STR(r, "strlen");
	free(r);
	suggest_set_free(&set);
}

static void touch(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f) {
		fputs("# empty\n", f);
		fclose(f);
	}
}

static void test_tapset_path(void)
{
	char root[] = "/tmp/utap-tapset-XXXXXX";
	if (!mkdtemp(root)) {
		CHECK(0);
		return;
	}
	char a[128], b[128], p[256];
	snprintf(a, sizeof(a), "%s/a", root);
	snprintf(b, sizeof(b), "%s/b", root);
	mkdir(a, 0755);
	mkdir(b, 0755);
	snprintf(p, sizeof(p), "%s/dyninst", a);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/dyninst/x.stp", a);
	touch(p);
	snprintf(p, sizeof(p), "%s/x.stp", a);
	touch(p);
	snprintf(p, sizeof(p), "%s/m.stpm", a);
	touch(p);
	snprintf(p, sizeof(p), "%s/x.stp", b); /* same relative name: shadowed by a */
	touch(p);
	snprintf(p, sizeof(p), "%s/y.stp", b);
	touch(p);
	unsetenv("SYSTEMTAP_TAPSET");
	unsetenv("UTAP_TAPSET");
	const char *inc[] = {b};
	struct tapset_path tp;
	tapset_path_init(&tp, a, inc, 1);
	tapset_path_collect(&tp, NULL);
	CHECK_EQ_INT(tp.roots.n, 2);
	CHECK_EQ_INT(tp.macro_files.n, 1);
	CHECK_EQ_INT(tp.files.n, 3);
	if (tp.files.n == 3) {
		CHECK(strstr(tp.files.v[0].path, "/a/dyninst/x.stp") != NULL);
		CHECK(strstr(tp.files.v[1].path, "/a/x.stp") != NULL);
		CHECK(strstr(tp.files.v[2].path, "/b/y.stp") != NULL);
	}
	tapset_path_free(&tp);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	CHECK_EQ_INT(system(cmd), 0);
}

int main(void)
{
	test_types();
	test_overloads_and_builtins();
	test_probe_points();
	test_aliases();
	test_conditions_and_autoprint();
	test_errors();
	test_suggest();
	test_tapset_path();
	return check_done("test_sema");
}
