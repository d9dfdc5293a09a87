// SPDX-License-Identifier: MIT
/* Unit tests of the provider-file parser (src/dtrace/provider.c), its diagnostics, the
 * macro-name rule, the generators' helpers and the command-word splitter; plus inputs
 * found by fuzz_provider that once misbehaved. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "dtrace/gen.h"
#include "dtrace/provider.h"
#include "dtrace/spawn.h"

static struct provider_file *parse(const char *text)
{
	return provider_parse(text, strlen(text), "t.d");
}

/* The formatted first diagnostic (caller frees), or NULL. */
static char *first_diag(const struct provider_file *pf)
{
	if (!pf->diags.n)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	provider_diag_format(&pf->diags.v[0], &sb);
	return sb_detach(&sb);
}

static void test_basic(void)
{
	struct provider_file *pf = parse("/* c */ #pragma D nothing\n"
					 "provider myapp {\n"
					 "\tprobe query__start(const char *query, int len);\n"
					 "\tprobe tick();\n"
					 "\tprobe none(void)\n"
					 "};\n");
	CHECK_EQ_INT(pf->nerrors, 0);
	CHECK_EQ_INT(pf->providers.n, 1);
	const struct provider *p = &pf->providers.v[0];
	CHECK_EQ_STR(p->name, "myapp");
	CHECK_EQ_INT(p->probes.n, 3);
	const struct provider_probe *q = &p->probes.v[0];
	CHECK_EQ_STR(q->name, "query__start");
	CHECK_EQ_INT(q->line, 3);
	CHECK_EQ_INT(q->col, 8);
	CHECK_EQ_INT(q->args.n, 2);
	CHECK_EQ_STR(q->args.v[0].type, "const char *");
	CHECK_EQ_STR(q->args.v[0].name, "query");
	CHECK_EQ_STR(q->args.v[1].type, "int");
	CHECK_EQ_STR(q->args.v[1].name, "len");
	CHECK_EQ_INT(p->probes.v[1].args.n, 0);
	CHECK_EQ_INT(p->probes.v[2].args.n, 0); /* (void) */
	CHECK(!q->variadic);
	provider_file_free(pf);
}

/* What stap's dtrace fails on: unnamed arguments, three-word types, "...", several
 * providers, text before `provider`, translated argument lists. */
static void test_stap_failures(void)
{
	struct provider_file *pf =
	    parse("typedef struct c { int provider; } c_t;\n"
		  "translator x < c_t *C > { fd = C->fd; };\n"
		  "provider a { probe q(char *, int); probe o(...); }\n"
		  "provider b {\n"
		  "  probe w(unsigned long long n, struct c *) : (uint64_t n);\n"
		  "  probe v(int level, ...);\n"
		  "  probe f(void (*cb)(int), int arr[4]);\n"
		  "}\n");
	CHECK_EQ_INT(pf->nerrors, 0);
	CHECK_EQ_INT(pf->providers.n, 2);
	const struct provider *a = &pf->providers.v[0], *b = &pf->providers.v[1];
	CHECK_EQ_INT(a->probes.n, 2);
	CHECK_EQ_STR(a->probes.v[0].args.v[0].type, "char *");
	CHECK(a->probes.v[0].args.v[0].name == NULL);
	CHECK_EQ_STR(a->probes.v[0].args.v[1].type, "int");
	CHECK(a->probes.v[0].args.v[1].name == NULL);
	CHECK(a->probes.v[1].variadic);
	CHECK_EQ_INT(a->probes.v[1].args.n, 0);
	CHECK_EQ_STR(b->probes.v[0].args.v[0].type, "unsigned long long");
	CHECK_EQ_STR(b->probes.v[0].args.v[0].name, "n");
	CHECK_EQ_STR(b->probes.v[0].args.v[1].type, "struct c *");
	CHECK_EQ_INT(b->probes.v[0].args.n, 2); /* the translated list is ignored */
	CHECK(b->probes.v[1].variadic);
	CHECK_EQ_INT(b->probes.v[1].args.n, 1);
	CHECK_EQ_STR(b->probes.v[2].args.v[0].type, "void (*cb)(int)");
	CHECK(b->probes.v[2].args.v[0].name == NULL);
	CHECK_EQ_STR(b->probes.v[2].args.v[1].type, "int[4]");
	CHECK_EQ_STR(b->probes.v[2].args.v[1].name, "arr");
	provider_file_free(pf);
}

static void test_errors(void)
{
	struct provider_file *pf = parse("provider p {\n\tprobe a-b(int);\n\tprobe c(int x;\n}\n");
	CHECK_EQ_INT(pf->nerrors, 2);
	char *d = first_diag(pf);
	CHECK_EQ_STR(d, "t.d:2:9: error: '-' is not allowed in probe names; write '__' (tools "
			"display it as '-')\n\tprobe a-b(int);\n\t       ^\n");
	free(d);
	CHECK_EQ_INT(pf->diags.v[1].line, 3);
	CHECK_EQ_INT(pf->diags.v[1].col, 15);
	provider_file_free(pf);

	pf = parse("provider p { probe x(int, int, int, int, int, int, int, int, int, int, int, "
		   "int, int); probe y(); probe y(); }");
	CHECK_EQ_INT(pf->nerrors, 2);
	CHECK(strstr(pf->diags.v[0].msg, "13 arguments") != NULL);
	CHECK(strstr(pf->diags.v[1].msg, "duplicate probe 'p:y'") != NULL);
	provider_file_free(pf);

	pf = parse("provider p { probe a(); /* open");
	CHECK_EQ_INT(pf->nerrors, 1);
	CHECK_EQ_STR(pf->diags.v[0].msg, "unterminated comment");
	provider_file_free(pf);

	pf = parse("provider { probe a(); }");
	CHECK_EQ_INT(pf->nerrors, 1);
	provider_file_free(pf);

	pf = parse("provider p { probe d(double x); probe s(struct big b); probe ok(double *p); }");
	CHECK_EQ_INT(pf->nerrors, 0);
	CHECK_EQ_INT(pf->diags.n, 2);
	CHECK(pf->diags.v[0].kind == PROVIDER_WARNING);
	provider_file_free(pf);

	pf = parse("int x;\n");
	CHECK_EQ_INT(pf->nerrors, 0);
	CHECK_EQ_INT(pf->diags.n, 1); /* warning: no providers */
	provider_file_free(pf);
}

/* cpp line markers move the reported position back into the original file. */
static void test_line_markers(void)
{
	struct provider_file *pf =
	    parse("# 1 \"probes.d\"\n# 1 \"defs.h\" 1\n\n# 5 \"probes.d\" 2\n"
		  "provider p {\n#line 40\n  probe bad-name();\n};\n");
	CHECK_EQ_INT(pf->nerrors, 1);
	CHECK_EQ_STR(pf->diags.v[0].file, "probes.d");
	CHECK_EQ_INT(pf->diags.v[0].line, 40);
	CHECK_EQ_INT(pf->diags.v[0].col, 12);
	CHECK_EQ_STR(pf->providers.v[0].file, "probes.d");
	CHECK_EQ_INT(pf->providers.v[0].line, 5);
	provider_file_free(pf);
}

static void test_names(void)
{
	char *m = provider_macro_name("myapp", "query__done");
	CHECK_EQ_STR(m, "MYAPP_QUERY_DONE");
	free(m);
	m = provider_macro_name("my__prov", "a___b__");
	CHECK_EQ_STR(m, "MY__PROV_A__B_"); /* Python's "a___b__".replace("__", "_") */
	free(m);
	char *g = gen_guard_name("out/my-probes.hh");
	CHECK_EQ_STR(g, "UTAP_DTRACE_MY_PROBES_HH_H");
	free(g);
	g = gen_guard_name("probes.h");
	CHECK_EQ_STR(g, "UTAP_DTRACE_PROBES_H");
	free(g);
}

static void test_split_words(void)
{
	char **w = NULL;
	int n = 0;
	spawn_split_words(" gcc  -DA='x y' \"-DB=\\\"q\\\"\" a\\ b ''", &w, &n);
	CHECK_EQ_INT(n, 5);
	if (n == 5) {
		CHECK_EQ_STR(w[0], "gcc");
		CHECK_EQ_STR(w[1], "-DA=x y");
		CHECK_EQ_STR(w[2], "-DB=\"q\"");
		CHECK_EQ_STR(w[3], "a b");
		CHECK_EQ_STR(w[4], "");
	}
	for (int i = 0; i < n; i++)
		free(w[i]);
	free(w);
}

static void test_generators(void)
{
	struct provider_file *pf = parse("provider p { probe q__x(char *, int n); probe v(...); }");
	struct gen_opts o = {.input = "dir/p.d", .output = "p.h"};
	struct strbuf sb = STRBUF_INIT;
	gen_header(pf, &o, &sb);
	CHECK(strstr(sb.s, "#define P_Q_X(arg1, arg2) \\\n\tUTAP_PROBE_SEMA(p_q__x_semaphore, p, "
			   "q__x, arg1, arg2)\n") != NULL);
	CHECK(strstr(sb.s, "#define P_Q_X_ENABLED() __builtin_expect(UTAP_SEMA_ACTIVE("
			   "p_q__x_semaphore), 0)\n") != NULL);
	CHECK(strstr(sb.s, "from p.d;") != NULL);
	sb_reset(&sb);
	gen_header_off(pf, &o, &sb);
	CHECK(strstr(sb.s, "#define P_Q_X_ENABLED() (0)\n") != NULL);
	CHECK(strstr(sb.s, "#define P_V(...) do { if (0) { UTAP_ARGS_UNUSED(__VA_ARGS__) } } "
			   "while (0)\n") != NULL);
	sb_reset(&sb);
	gen_semaphores(pf, &o, &sb);
	CHECK(strstr(sb.s, "unsigned short p_v_semaphore UTAP_DTRACE_SEMA;\n") != NULL);
	sb_free(&sb);
	provider_file_free(pf);
}

/* Inputs that fuzz_provider once tripped on, kept as regressions. */
static void test_fuzz_regressions(void)
{
	static const char *const inputs[] = {
	    "provider",
	    "provider p",
	    "provider p {",
	    "provider p { probe",
	    "provider p { probe x(",
	    "provider p { probe x(...",
	    "provider p { probe x(int, ...) : (",
	    "#",
	    "# 99999999999999999999 \"x\"\nprovider p { probe -",
	    "#line 0\nprovider p { probe a(",
	    "\"unterminated\nprovider p { probe a(); }",
	    "provider p { probe a((((]]]; }",
	    "}}}} provider p { probe a(); }",
	};
	for (size_t i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		struct provider_file *pf = parse(inputs[i]);
		CHECK(pf != NULL);
		for (int k = 0; k < pf->diags.n; k++) {
			struct strbuf sb = STRBUF_INIT;
			provider_diag_format(&pf->diags.v[k], &sb);
			CHECK(sb.len > 0);
			sb_free(&sb);
		}
		provider_file_free(pf);
	}
	/* An argument type must not be able to close the header's comment (fuzz crash
	 * 45fc7a80: NUL bytes and "*" "/" inside a type). */
	struct provider_file *inj = parse("provider p { probe x(int */ evil); };");
	CHECK_EQ_INT(inj->nerrors, 1);
	CHECK(inj->nerrors && strstr(inj->diags.v[0].msg, "unexpected '/'") != NULL);
	provider_file_free(inj);
	static const char nul_type[] = "provider p { probe x(int, i\0\0nt); };";
	inj = provider_parse(nul_type, sizeof(nul_type) - 1, "t.d");
	CHECK_EQ_INT(inj->nerrors, 1);
	provider_file_free(inj);
	/* Text with NUL bytes and no terminating NUL. */
	char buf[] = {'p', 'r', 'o', 'v', 'i', 'd', 'e', 'r', ' ', 'x', '{', 0, '}'};
	struct provider_file *pf = provider_parse(buf, sizeof(buf), "nul.d");
	CHECK(pf->nerrors >= 1);
	provider_file_free(pf);
}

int main(void)
{
	test_basic();
	test_stap_failures();
	test_errors();
	test_line_markers();
	test_names();
	test_split_words();
	test_generators();
	test_fuzz_regressions();
	return check_done("test_provider");
}
