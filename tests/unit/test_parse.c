// SPDX-License-Identifier: MIT
/* Unit tests for src/lang/parse.c and pp.c through the public API: the AST shapes the
 * parser builds (precedence, foreach, probe points, aliases, functions), the -p1 printer,
 * the %( %) conditions against a configured environment, macros and library macros,
 * printf format parsing, and the diagnostics of a few errors. */
#include "check.h"

#include "lang/ast_print.h"
#include "lang/parse.h"
#include "lang/pp.h"
#include <stdlib.h>

#include "util/alloc.h"
#include "util/diag.h"

struct run {
	struct diag *d;
	struct strbuf err;
	struct parser_ctx *ctx;
	struct ast_file *f;
};

static void run_open(struct run *r, const struct lang_config *cfg)
{
	static const struct lang_config none = {0};
	r->d = diag_new();
	r->err = (struct strbuf)STRBUF_INIT;
	diag_capture(r->d, &r->err);
	r->ctx = parser_ctx_new(cfg ? cfg : &none, r->d);
}

static struct ast_file *run_parse(struct run *r, const char *text, unsigned flags)
{
	sb_reset(&r->err);
	r->f = parse_file(r->ctx, parser_ctx_text(r->ctx, "t.stp", text), flags | PARSE_USER_FILE);
	return r->f;
}

static void run_close(struct run *r)
{
	parser_ctx_free(r->ctx);
	diag_free(r->d);
	sb_free(&r->err);
}

/* The -p1 text of the first probe's first statement. */
static char *first_stmt(struct ast_file *f)
{
	struct strbuf sb = STRBUF_INIT;
	if (f && f->probes.n && f->probes.v[0]->body->body.n)
		ast_print_stmt(&sb, f->probes.v[0]->body->body.v[0]);
	return sb_detach(&sb);
}

static void expect_stmt(const char *body, const char *want)
{
	struct run r;
	char text[512], *got;
	run_open(&r, NULL);
	snprintf(text, sizeof(text), "probe begin { %s }", body);
	got = first_stmt(run_parse(&r, text, 0));
	CHECK_EQ_STR(got, want);
	if (strcmp(got, want))
		fprintf(stderr, "  for: %s\n  err: %s\n", body, r.err.s ? r.err.s : "");
	free(got);
	run_close(&r);
}

static void test_precedence(void)
{
	expect_stmt("x = 1 + 2 * 3", "(x) = ((1) + ((2) * (3)))");
	expect_stmt("x = a . b + c", "(x) = ((a) . ((b) + (c)))");
	expect_stmt("x = a << b . c", "(x) = ((a) << ((b) . (c)))");
	expect_stmt("x = !k in a", "(x) = ([!(k)] in a)");
	expect_stmt("x = k < 1 in a", "(x) = ([(k) < (1)] in a)");
	expect_stmt("x = a & b in c", "(x) = ((a) & ([b] in c))");
	expect_stmt("x = a || b && c | d ^ e & f",
		    "(x) = ((a) || ((b) && ((c) | ((d) ^ ((e) & (f))))))");
	expect_stmt("x = a ? b : c ? d : e", "(x) = ((a)?(b):((c)?(d):(e)))");
	expect_stmt("a = b = c", "(a) = ((b) = (c))");
	expect_stmt("x = -a++", "(x) = (-((a)++))");
	expect_stmt("x = a =~ \"b\"", "(x) = ((a) =~ \"b\")");
	expect_stmt("x = 9223372036854775808 + -9223372036854775807",
		    "(x) = ((-9223372036854775808) + (-(9223372036854775807)))");
	expect_stmt("x = f()->a[1]", "(x) = ((f())->a[1])");
	expect_stmt("x = $a$", "(x) = ($a->$)");
	expect_stmt("x = @var(\"x\", \"m\")", "(x) = (@var(\"x\", \"m\"))");
	expect_stmt("printf(\"%d\\n\", 1)", "printf(\"%d\\\\n\", 1)");
	expect_stmt("x = \"a\\\"b\" \"c\"", "(x) = (\"a\\\"bc\")");
}

static void test_shapes(void)
{
	struct run r;
	run_open(&r, NULL);
	struct ast_file *f = run_parse(
	    &r,
	    "global g%[5] = 1\n"
	    "probe a.{b,c}.d? if (g), e! { foreach (v = [k1, k2+] in g[*, 1] limit 3) { } }\n"
	    "probe al = begin { }, { }\n"
	    "probe ep += end { }\n"
	    "function fn:string (a:long, b) :7 { return b }\n",
	    0);
	CHECK(f == NULL); /* g[5] = 1: only scalars can be initialized */
	CHECK(strstr(r.err.s, "only scalar globals can be initialized") != NULL);
	f = run_parse(
	    &r,
	    "global g%[5], h = -3\n"
	    "probe a.{b,c}.d? if (g), e! { foreach (v = [k1, k2+] in g[*, 1] limit 3) { } }\n"
	    "probe al = begin { }, { }\n"
	    "probe ep += end { }\n"
	    "function fn:string (a:long, b) :7 { return b }\n",
	    0);
	CHECK(f != NULL);
	if (!f)
		goto out;
	CHECK_EQ_INT(f->globals.n, 2);
	CHECK(f->globals.v[0]->wrap && f->globals.v[0]->maxsize == 5);
	CHECK(f->globals.v[1]->init && f->globals.v[1]->init->num == -3);
	CHECK_EQ_INT(f->globals.v[1]->type, TYPE_LONG);
	CHECK_EQ_INT(f->probes.n, 1);
	struct ast_probe *p = f->probes.v[0];
	CHECK_EQ_INT(p->points.n, 3);
	CHECK_EQ_INT(p->points.v[0]->components.n, 3);
	CHECK_EQ_STR(p->points.v[1]->components.v[1]->functor, "c");
	CHECK(p->points.v[0]->optional && !p->points.v[0]->sufficient && p->points.v[0]->cond);
	CHECK(p->points.v[2]->optional && p->points.v[2]->sufficient && !p->points.v[2]->cond);
	struct ast_stmt *fe = p->body->body.v[0];
	CHECK_EQ_INT(fe->kind, STMT_FOREACH);
	CHECK(fe->value_var && !strcmp(fe->value_var->str, "v"));
	CHECK_EQ_INT(fe->keys.n, 2);
	CHECK_EQ_INT(fe->sort_column, 2);
	CHECK_EQ_INT(fe->sort_dir, 1);
	CHECK_EQ_INT(fe->slice.n, 2);
	CHECK(fe->slice.v[0] == NULL && fe->slice.v[1]->num == 1);
	CHECK(fe->limit && fe->limit->num == 3);
	CHECK_EQ_INT(f->aliases.n, 2);
	CHECK(f->aliases.v[0]->prologue && f->aliases.v[0]->epilogue);
	CHECK(f->aliases.v[1]->epilogue_style && !f->aliases.v[1]->prologue);
	struct ast_function *fn = f->functions.v[0];
	CHECK_EQ_INT(fn->ret, TYPE_STRING);
	CHECK_EQ_INT(fn->priority, 7);
	CHECK_EQ_INT(fn->params.n, 2);
	CHECK_EQ_INT(fn->params.v[0]->type, TYPE_LONG);
	CHECK_EQ_INT(fn->params.v[1]->type, TYPE_UNKNOWN);
	f = run_parse(&r, "function f() { }", 0);
	CHECK(f && f->functions.v[0]->priority == 0); /* user functions override tapsets */
	f = parse_file(r.ctx, parser_ctx_text(r.ctx, "lib.stp", "function f() { }"), PARSE_GURU);
	CHECK(f && f->functions.v[0]->priority == 1 && f->privileged);
out:
	run_close(&r);
}

static void test_conditions(void)
{
	struct lang_config cfg = {
	    .kernel_release = "5.10.0-21-amd64", .arch = "x86_64", .compatible = "4.0"};
	struct run r;
	run_open(&r, &cfg);
	static const struct {
		const char *cond;
		bool want;
	} cases[] = {
	    {"kernel_v == \"5.10.0\"", true},
	    {"kernel_vr == \"5.10.0-21-amd64\"", true},
	    {"kernel_v >= \"5.9\"", true},
	    {"kernel_v < \"5.10.1\"", true},
	    {"kernel_v > \"5.10.0\"", false},
	    {"kernel_vr == \"5.10*\"", true},
	    {"kernel_vr != \"5.10*\"", false},
	    {"arch == \"x86_64\"", true},
	    {"arch == \"x86*\"", true},
	    {"arch != \"i?86\"", true},
	    {"systemtap_v < \"4.1\"", true},
	    {"systemtap_v >= \"4.0\"", true},
	    {"runtime == \"dyninst\"", true},
	    {"runtime == \"kernel\"", false},
	    {"systemtap_privilege == \"stapdev\"", true},
	    {"guru_mode == 0", true},
	    {"guru_mode != 0", false},
	    {"CONFIG_X == \"\"", true},
	    {"CONFIG_X == \"y\"", false},
	    {"CONFIG_X == 0", true},
	    {"CONFIG_X < CONFIG_Y", false},
	    {"\"b\" > \"a\"", true},
	    {"2 <= 1", false},
	    {"1 == 1 && 2 == 3 || 4 == 4", true},
	    {"1 == 2 || 2 == 2 && 3 == 4", false},
	    {"$# == 0", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[256];
		snprintf(text, sizeof(text), "probe begin { x = %%( %s %%? 1 %%: 2 %%) }",
			 cases[i].cond);
		char *got = first_stmt(run_parse(&r, text, 0));
		CHECK_EQ_STR(got, cases[i].want ? "(x) = (1)" : "(x) = (2)");
		if (strcmp(got, cases[i].want ? "(x) = (1)" : "(x) = (2)"))
			fprintf(stderr, "  for: %s\n", cases[i].cond);
		free(got);
	}
	const struct pp_env *env = parser_ctx_env(r.ctx);
	CHECK_EQ_STR(env->kernel_base_release, "5.10.0");
	CHECK_EQ_STR(env->runtime, "dyninst");
	run_close(&r);
}

static void test_macros(void)
{
	struct run r;
	run_open(&r, NULL);
	const char *lib = "@define LIBM %( 7 %)\n@define LIBF(a) %( (@a * 2) %)\n";
	CHECK_EQ_INT(parse_library_macros(r.ctx, parser_ctx_text(r.ctx, "m.stpm", lib)), 0);
	char *got = first_stmt(run_parse(&r, "probe begin { x = @LIBM + @LIBF(3) }", 0));
	CHECK_EQ_STR(got, "(x) = ((7) + ((3) * (2)))");
	free(got);
	/* a second library file may not define the same macro */
	CHECK_EQ_INT(
	    parse_library_macros(r.ctx, parser_ctx_text(r.ctx, "n.stpm", "@define LIBM %( 8 %)")),
	    -1);
	CHECK(strstr(r.err.s, "duplicate definition of library macro '@LIBM'") != NULL);
	CHECK(strstr(r.err.s, "macro '@LIBM' first defined here") != NULL);
	sb_reset(&r.err);
	CHECK_EQ_INT(
	    parse_library_macros(r.ctx, parser_ctx_text(r.ctx, "o.stpm", "probe begin {}")), -1);
	CHECK(strstr(r.err.s, "unexpected token in library macro file 'o.stpm'") != NULL);
	/* file macros are local to their file */
	CHECK(run_parse(&r, "@define L %( 1 %) probe begin { x = @L }", 0) != NULL);
	CHECK(run_parse(&r, "probe begin { x = @L }", 0) == NULL);
	CHECK(strstr(r.err.s, "unknown operator @L") != NULL);
	/* a parameter is expanded where it was written */
	got = first_stmt(run_parse(&r,
				   "@define inner(a) %( @a %) @define outer(b) %( @inner(@b + 1) %)"
				   " probe begin { x = @outer(2) }",
				   0));
	CHECK_EQ_STR(got, "(x) = ((2) + (1))");
	free(got);
	run_close(&r);
}

static void test_args_used(void)
{
	static const char *const args[] = {"a", "b"};
	struct lang_config cfg = {.args = args, .nargs = 2};
	struct run r;
	run_open(&r, &cfg);
	CHECK(run_parse(&r, "probe begin { x = @2 }", 0) != NULL);
	CHECK(!parser_ctx_arg_used(r.ctx, 0));
	CHECK(parser_ctx_arg_used(r.ctx, 1));
	parser_ctx_reset_used_args(r.ctx);
	CHECK(!parser_ctx_arg_used(r.ctx, 1));
	run_close(&r);
}

static void test_format(void)
{
	struct ast_pool *pool = ast_pool_new();
	struct ast_expr *e = ast_expr_new(pool, EXPR_PRINT, NULL);
	const char *msg = NULL;
	CHECK_EQ_INT(parse_printf_format(ast_pool_arena(pool), "a%-05d|%*.*s%%%p%lxz", e, &msg), 0);
	CHECK_EQ_INT(e->fmt.n, 5);
	CHECK_EQ_INT(e->fmt.v[0].conv, FMT_SIGNED);
	CHECK_EQ_STR(e->fmt.v[0].literal, "a");
	CHECK_EQ_INT(e->fmt.v[0].flags, FMTF_MINUS);
	CHECK_EQ_INT(e->fmt.v[0].width, 5);
	CHECK_EQ_INT(e->fmt.v[1].conv, FMT_STRING);
	CHECK_EQ_INT(e->fmt.v[1].width, -2);
	CHECK_EQ_INT(e->fmt.v[1].prec, -2);
	CHECK_EQ_STR(e->fmt.v[1].literal, "|");
	CHECK_EQ_INT(e->fmt.v[2].conv, FMT_POINTER);
	CHECK_EQ_STR(e->fmt.v[2].literal, "%");
	CHECK_EQ_INT(e->fmt.v[3].conv, FMT_HEX);
	CHECK_EQ_INT(e->fmt.v[4].conv, FMT_LITERAL);
	CHECK_EQ_STR(e->fmt.v[4].literal, "z");
	struct ast_expr *e2 = ast_expr_new(pool, EXPR_PRINT, NULL);
	CHECK_EQ_INT(parse_printf_format(ast_pool_arena(pool), "%0-5d", e2, &msg), -1);
	CHECK_EQ_STR(msg, "invalid or missing conversion specifier");
	CHECK_EQ_INT(parse_printf_format(ast_pool_arena(pool), "%hd", e2, &msg), -1);
	CHECK_EQ_INT(parse_printf_format(ast_pool_arena(pool), "x%5.", e2, &msg), -2);
	CHECK_EQ_STR(msg, "trailing incomplete print format conversion");
	struct ast_expr *e3 = ast_expr_new(pool, EXPR_PRINT, NULL);
	CHECK_EQ_INT(parse_printf_format(ast_pool_arena(pool), "100%", e3, &msg), 0);
	CHECK_EQ_INT(e3->fmt.n, 1);
	CHECK_EQ_STR(e3->fmt.v[0].literal, "100%");
	struct ast_expr *e4 = ast_expr_new(pool, EXPR_PRINT, NULL);
	CHECK_EQ_INT(parse_printf_format(ast_pool_arena(pool), "\\n%d\\t", e4, &msg), 0);
	CHECK_EQ_STR(e4->fmt.v[0].literal, "\n");
	CHECK_EQ_STR(e4->fmt.v[1].literal, "\t");
	ast_pool_free(pool);
}

static void test_errors(void)
{
	struct run r;
	run_open(&r, NULL);
	CHECK(run_parse(&r, "probe begin { x = }\nprobe end { y = 1 }", 0) == NULL);
	CHECK_EQ_STR(r.err.s, "parse error: expected literal string or number\n"
			      "        saw: operator '}' at t.stp:1:19\n"
			      "     source: probe begin { x = }\n"
			      "                               ^\n\n"
			      "1 parse error.\n");
	CHECK(run_parse(&r, "", 0) == NULL);
	CHECK_EQ_STR(r.err.s, "Input file 't.stp' is empty.\n");
	CHECK(run_parse(&r, "%( 1 == 0 %? probe begin {} %)", 0) == NULL);
	CHECK_EQ_STR(r.err.s, "Input file 't.stp' is empty after preprocessing.\n");
	/* not a user file: empty is fine */
	CHECK(parse_file(r.ctx, parser_ctx_text(r.ctx, "e.stp", ""), 0) != NULL);
	/* bad lexical cast is fatal */
	CHECK(run_parse(&r, "%( 0x1 == 1 %? probe begin {} %)", 0) == NULL);
	CHECK_EQ_STR(r.err.s, "bad lexical cast\n");
	CHECK(parser_ctx_fatal(r.ctx));
	run_close(&r);

	run_open(&r, NULL);
	CHECK(parser_ctx_load(r.ctx, "/nonexistent/x.stp", NULL) == NULL);
	CHECK_EQ_STR(r.err.s, "Input file '/nonexistent/x.stp' is missing.\n");
	run_close(&r);
}

/* Regressions found by tests/fuzz/fuzz_parse.c: runaway inputs must end quickly. */
/* A left-deep operator chain counts one nesting level per operator: the later passes
 * recurse on it (fresh diagnostics: identical errors are reported once). */
static void test_chain_depth(void)
{
	struct run r;
	struct strbuf deep = STRBUF_INIT;
	run_open(&r, NULL);
	sb_adds(&deep, "probe begin { x = 1");
	for (int i = 0; i < 500; i++)
		sb_adds(&deep, " + 1");
	sb_adds(&deep, "; y = 1");
	for (int i = 0; i < 500; i++)
		sb_adds(&deep, " * 2 - 1");
	sb_adds(&deep, " }");
	CHECK(run_parse(&r, deep.s, 0) != NULL);
	sb_reset(&deep);
	sb_adds(&deep, "probe begin { x = 1");
	for (int i = 0; i < 2000; i++)
		sb_adds(&deep, " . \"a\"");
	sb_adds(&deep, " }");
	CHECK(run_parse(&r, deep.s, 0) == NULL);
	CHECK(strstr(r.err.s, "nesting too deep") != NULL);
	sb_free(&deep);
	run_close(&r);
}

static void test_limits(void)
{
	struct run r;
	run_open(&r, NULL);
	CHECK(run_parse(&r, "@define a %( x @a %) probe begin { @a }", 0) == NULL);
	CHECK(strstr(r.err.s, "macro expansion too deep or too large") != NULL);
	CHECK(run_parse(&r,
			"@define bar(b) %( @bluff %)\n@define foo(a) %( @bar(@a) @foo(a) %)\n"
			"probe @foo(begin) { }\nprobe @foo(end) { }",
			0) == NULL);
	CHECK(run_parse(&r, "@define d %( @d @d %) probe begin { x = @d }", 0) == NULL);
	struct strbuf deep = STRBUF_INIT;
	sb_adds(&deep, "probe begin { x = ");
	for (int i = 0; i < 5000; i++)
		sb_adds(&deep, "(- ");
	CHECK(run_parse(&r, deep.s, 0) == NULL);
	CHECK(strstr(r.err.s, "nesting too deep") != NULL);
	sb_reset(&deep);
	sb_adds(&deep, "probe a");
	for (int i = 0; i < 40; i++)
		sb_adds(&deep, ".{b,c}");
	sb_adds(&deep, " { }");
	CHECK(run_parse(&r, deep.s, 0) == NULL);
	CHECK(strstr(r.err.s, "too many probe points in brace expansion") != NULL);
	sb_free(&deep);
	run_close(&r);
}

int main(void)
{
	test_limits();
	test_chain_depth();
	test_precedence();
	test_shapes();
	test_conditions();
	test_macros();
	test_args_used();
	test_format();
	test_errors();
	return check_done("test_parse");
}
