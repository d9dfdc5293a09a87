// SPDX-License-Identifier: MIT
/* Unit tests for src/util/diag.c: stap's exact diagnostic layout (parse errors with at/saw/
 * EOF, source and caret lines keeping tabs, macro chains, semantic errors with abbreviated
 * second tokens, chained errors, de-duplication, warnings, -W counting). */
#include "check.h"

#include "util/alloc.h"
#include "util/diag.h"

static struct srcfile file = {
    .name = "t.stp",
    .text = "probe begin {\n\tx = 1 + \"a\"\n}\n",
    .len = 29,
};

static struct token tok(enum tok_kind k, const char *text, int line, int col)
{
	return (struct token){.kind = k, .text = text, .file = &file, .line = line, .col = col};
}

static void test_token_str(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct token t = tok(TOK_IDENT, "x", 2, 2);
	diag_token_str(&sb, &t);
	CHECK_EQ_STR(sb.s, "identifier 'x' at t.stp:2:2");
	sb_reset(&sb);
	t = tok(TOK_KEYWORD, "probe", 1, 1);
	diag_token_str(&sb, &t);
	CHECK_EQ_STR(sb.s, "keyword at t.stp:1:1");
	sb_reset(&sb);
	t = tok(TOK_STRING, "a\tb", 1, 1);
	diag_token_str(&sb, &t);
	CHECK_EQ_STR(sb.s, "string 'a?b' at t.stp:1:1");
	sb_free(&sb);
}

static void test_parse_error(void)
{
	struct diag *d = diag_new();
	struct strbuf out = STRBUF_INIT;
	diag_capture(d, &out);
	struct token plus = tok(TOK_OPERATOR, "+", 2, 8);
	struct diag_parse_error e = {.site = "a", .msg = "expected ';'", .saw = &plus};
	diag_parse(d, &e, "t.stp", NULL, false);
	CHECK_EQ_STR(out.s, "parse error: expected ';'\n"
			    "        saw: operator '+' at t.stp:2:8\n"
			    "     source: \tx = 1 + \"a\"\n"
			    "             \t      ^\n\n");
	sb_reset(&out);
	/* same site again: suppressed */
	diag_parse(d, &e, "t.stp", NULL, false);
	CHECK(out.len == 0);
	struct diag_parse_error eof = {.site = "b", .msg = "unexpected end-of-file"};
	diag_parse(d, &eof, "t.stp", NULL, false);
	CHECK_EQ_STR(out.s, "parse error: unexpected end-of-file\n        saw: t.stp EOF\n\n");
	sb_reset(&out);
	struct diag_parse_error at = {.site = "c", .msg = "bad", .tok = &plus};
	diag_parse(d, &at, "t.stp", NULL, false);
	CHECK(strncmp(out.s, "parse error: bad\n         at: operator '+'", 41) == 0);
	CHECK_EQ_INT(diag_num_errors(d), 3);
	sb_reset(&out);
	diag_report_suppression(d);
	CHECK_EQ_STR(out.s, "Number of similar error messages suppressed: 1.\n"
			    "Rerun with -v to see them.\n");
	sb_free(&out);
	diag_free(d);
}

static void test_junk_and_chain(void)
{
	struct diag *d = diag_new();
	struct strbuf out = STRBUF_INIT;
	diag_capture(d, &out);
	struct token junk = tok(TOK_JUNK, "", 1, 7);
	junk.junk = JUNK_UNCLOSED_QUOTE;
	struct diag_parse_error e = {.site = "a", .msg = "expected statement", .saw = &junk};
	diag_parse(d, &e, "t.stp", "Could not find matching closing quote", false);
	CHECK_EQ_STR(out.s, "parse error: Could not find matching closing quote\n"
			    "         at: junk '' at t.stp:1:7\n"
			    "     source: probe begin {\n"
			    "                   ^\n\n");
	sb_reset(&out);
	/* a macro-made token prints its invocation afterwards */
	struct token inv = tok(TOK_OPERATOR, "@m", 1, 1);
	struct token body = tok(TOK_IDENT, "x", 2, 2);
	body.chain = &inv;
	struct diag_parse_error first = {.site = "y", .msg = "first here", .tok = &inv};
	struct diag_parse_error m = {.site = "x", .msg = "oops", .tok = &body, .chain = &first};
	diag_parse(d, &m, "t.stp", NULL, true);
	CHECK_EQ_STR(out.s, "parse error: oops\n"
			    "         at: identifier 'x' at t.stp:2:2\n"
			    "     source: \tx = 1 + \"a\"\n"
			    "             \t^\n"
			    "\tin expansion of macro: operator '@m' at t.stp:1:1\n"
			    "     source: probe begin {\n"
			    "             ^\n\n"
			    "parse error: first here\n"
			    "         at: operator '@m' at t.stp:1:1\n"
			    "     source: probe begin {\n"
			    "             ^\n\n");
	/* as_warning: shown, not counted */
	CHECK_EQ_INT(diag_num_errors(d), 1);
	sb_free(&out);
	diag_free(d);
}

static void test_semantic(void)
{
	struct diag *d = diag_new();
	struct strbuf out = STRBUF_INIT;
	diag_capture(d, &out);
	struct token x = tok(TOK_IDENT, "x", 2, 2);
	struct token s = tok(TOK_STRING, "a", 2, 10);
	struct diag_error *e = diag_error_new("s1", &s, "type mismatch (%s)", "long");
	diag_error_set_chain(
	    e, diag_error_new("s2", &x, "type was first inferred here (%s)", "string"));
	diag_semantic(d, e);
	CHECK_EQ_STR(out.s, "semantic error: type mismatch (long): string 'a' at t.stp:2:10\n"
			    "        source: \tx = 1 + \"a\"\n"
			    "                \t        ^\n\n"
			    "semantic error: type was first inferred here (string): "
			    "identifier 'x' at :2:2\n"
			    "        source: \tx = 1 + \"a\"\n"
			    "                \t^\n\n");
	sb_reset(&out);
	diag_sem(d, "s3", NULL, "no probes found");
	CHECK_EQ_STR(out.s, "semantic error: no probes found\n\n");
	CHECK_EQ_INT(diag_num_errors(d), 3);
	sb_free(&out);
	diag_free(d);
}

static void test_warnings(void)
{
	struct diag *d = diag_new();
	struct strbuf out = STRBUF_INIT;
	diag_capture(d, &out);
	struct token x = tok(TOK_IDENT, "x", 2, 2);
	diag_warn(d, &x, "never-assigned local variable '%s'", "x");
	CHECK_EQ_STR(out.s, "WARNING: never-assigned local variable 'x': identifier 'x' at "
			    "t.stp:2:2\n"
			    " source: \tx = 1 + \"a\"\n"
			    "         \t^\n");
	sb_reset(&out);
	diag_warn(d, &x, "never-assigned local variable '%s'", "x");
	CHECK(out.len == 0);
	CHECK_EQ_INT(diag_num_errors(d), 0);
	diag_set_warnings(d, false, true);
	CHECK_EQ_INT(diag_num_errors(d), 1);
	diag_set_warnings(d, true, false);
	diag_warn(d, NULL, "other");
	CHECK(out.len == 0);
	diag_report_suppression(d);
	CHECK_EQ_STR(out.s, "Number of similar warning messages suppressed: 1.\n"
			    "Rerun with -v to see them.\n");
	sb_free(&out);
	diag_free(d);
}

int main(void)
{
	test_token_str();
	test_parse_error();
	test_junk_and_chain();
	test_semantic();
	test_warnings();
	return check_done("test_diag");
}
