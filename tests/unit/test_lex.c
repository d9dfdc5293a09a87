// SPDX-License-Identifier: MIT
/* Unit tests for src/lang/lex.c: token kinds, texts and positions, comments, strings and
 * their decoding, numbers, longest-match operators, embedded code, junk, and the pasting
 * of command-line arguments with stap's cursor rules. */
#include "check.h"

#include "lang/lex.h"
#include "util/alloc.h"
#include "util/diag.h"

struct lexrun {
	struct arena *a;
	struct diag *d;
	struct strbuf err;
	struct srcfile *f;
	struct lexer *lx;
	bool used[4];
	struct lex_args args;
};

static const char *const argv4[] = {"one", "two words", "3", ""};

static void lr_open(struct lexrun *r, const char *text, int argc)
{
	r->a = arena_new();
	r->d = diag_new();
	r->err = (struct strbuf)STRBUF_INIT;
	diag_capture(r->d, &r->err);
	r->f = srcfile_from_text(r->a, "t.stp", text, strlen(text));
	memset(r->used, 0, sizeof(r->used));
	r->args = (struct lex_args){argv4, argc, r->used};
	r->lx = lex_new(r->a, r->f, &r->args, NULL, true, r->d);
}

static void lr_close(struct lexrun *r)
{
	lex_free(r->lx);
	diag_free(r->d);
	sb_free(&r->err);
	arena_free(r->a);
}

/* Checks the next token's kind, text and position. */
static void expect_tok(struct lexrun *r, enum tok_kind k, const char *text, int line, int col)
{
	struct token *t = lex_scan(r->lx);
	CHECK(t != NULL);
	if (!t)
		return;
	CHECK_EQ_INT(t->kind, k);
	CHECK_EQ_STR(t->text, text);
	CHECK_EQ_INT(t->line, line);
	CHECK_EQ_INT(t->col, col);
}

static void test_basic(void)
{
	struct lexrun r;
	lr_open(&r, "probe begin {\n\tx = 0x1F + 010 # c\n}", 0);
	expect_tok(&r, TOK_KEYWORD, "probe", 1, 1);
	expect_tok(&r, TOK_IDENT, "begin", 1, 7);
	expect_tok(&r, TOK_OPERATOR, "{", 1, 13);
	expect_tok(&r, TOK_IDENT, "x", 2, 2);
	expect_tok(&r, TOK_OPERATOR, "=", 2, 4);
	expect_tok(&r, TOK_NUMBER, "0x1F", 2, 6);
	expect_tok(&r, TOK_OPERATOR, "+", 2, 11);
	expect_tok(&r, TOK_NUMBER, "010", 2, 13);
	expect_tok(&r, TOK_OPERATOR, "}", 3, 1);
	CHECK(lex_scan(r.lx) == NULL);
	CHECK(lex_saw_tokens(r.lx));
	lr_close(&r);
}

static void test_operators(void)
{
	struct lexrun r;
	lr_open(&r, "<<<= a->b %(%? .= !~", 0);
	expect_tok(&r, TOK_OPERATOR, "<<<", 1, 1);
	expect_tok(&r, TOK_OPERATOR, "=", 1, 4);
	expect_tok(&r, TOK_IDENT, "a", 1, 6);
	expect_tok(&r, TOK_OPERATOR, "->", 1, 7);
	expect_tok(&r, TOK_IDENT, "b", 1, 9);
	expect_tok(&r, TOK_OPERATOR, "%(", 1, 11);
	expect_tok(&r, TOK_OPERATOR, "%?", 1, 13);
	expect_tok(&r, TOK_OPERATOR, ".=", 1, 16);
	expect_tok(&r, TOK_OPERATOR, "!~", 1, 19);
	lr_close(&r);
}

static void test_comments_and_whitespace(void)
{
	struct lexrun r;
	lr_open(&r, "a/*x*/b // y\nc #z\n d /* open", 0);
	expect_tok(&r, TOK_IDENT, "a", 1, 1);
	CHECK(!lex_ate_whitespace(r.lx));
	expect_tok(&r, TOK_IDENT, "b", 1, 7);
	CHECK(lex_ate_comment(r.lx));
	expect_tok(&r, TOK_IDENT, "c", 2, 1);
	expect_tok(&r, TOK_IDENT, "d", 3, 2);
	CHECK(lex_ate_whitespace(r.lx));
	CHECK(lex_scan(r.lx) == NULL);
	lr_close(&r);

	lr_open(&r, "  # only a comment\n", 0);
	CHECK(lex_scan(r.lx) == NULL);
	CHECK(!lex_saw_tokens(r.lx));
	lr_close(&r);
}

static void test_strings(void)
{
	struct lexrun r;
	lr_open(&r, "\"a\\tb\\qc\\\"\\101\\x41\" \"x\n", 0);
	expect_tok(&r, TOK_STRING, "a\\tbqc\"\\101\\x41", 1, 1);
	struct token *t = lex_scan(r.lx);
	CHECK(t && t->kind == TOK_JUNK && t->junk == JUNK_UNCLOSED_QUOTE);
	CHECK_EQ_STR(lex_junk_message(r.a, t, 0), "Could not find matching closing quote");
	lr_close(&r);

	struct arena *a = arena_new();
	size_t n;
	CHECK_EQ_STR(lex_decode_string(a, "a\\tb\\101\\x41\\x4a\\7z\\\\", &n), "a\tbAAJ\az\\");
	CHECK_EQ_STR(lex_decode_string(a, "cut\\0here", &n), "cut");
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_STR(lex_decode_string(a, "\\1234", &n), "S4");
	CHECK_EQ_STR(lex_quote(a, "a\"b\\c\n"), "\"a\\\"b\\\\c\\012\"");
	arena_free(a);
}

static void test_numbers_and_idents(void)
{
	struct lexrun r;
	lr_open(&r, "12abc 1.5 $var$ $$parms @count @ _x9", 0);
	expect_tok(&r, TOK_NUMBER, "12abc", 1, 1);
	expect_tok(&r, TOK_NUMBER, "1", 1, 7);
	expect_tok(&r, TOK_OPERATOR, ".", 1, 8);
	expect_tok(&r, TOK_NUMBER, "5", 1, 9);
	expect_tok(&r, TOK_IDENT, "$var$", 1, 11);
	expect_tok(&r, TOK_IDENT, "$$parms", 1, 17);
	expect_tok(&r, TOK_OPERATOR, "@count", 1, 25);
	expect_tok(&r, TOK_OPERATOR, "@", 1, 32);
	expect_tok(&r, TOK_IDENT, "_x9", 1, 34);
	lr_close(&r);
}

static void test_embedded_and_junk(void)
{
	struct lexrun r;
	lr_open(&r, "%{ int x; }% %} \x01 %{ open", 0);
	expect_tok(&r, TOK_EMBEDDED, " int x; }% ", 1, 1);
	CHECK(strstr(r.err.s ? r.err.s : "", "possible erroneous closing '}%', use '%}'?") != NULL);
	expect_tok(&r, TOK_JUNK, "\\x01", 1, 17);
	struct token *t = lex_scan(r.lx);
	CHECK(t && t->kind == TOK_JUNK && t->junk == JUNK_UNCLOSED_EMBEDDED);
	lr_close(&r);
}

static void test_args(void)
{
	struct lexrun r;
	lr_open(&r, "$1 @2 $# @# x$1 $2z\n$3", 3);
	expect_tok(&r, TOK_IDENT, "one", 1, 1);
	expect_tok(&r, TOK_STRING, "two words", 1, 4);
	expect_tok(&r, TOK_NUMBER, "3", 1, 7);
	expect_tok(&r, TOK_STRING, "3", 1, 10);
	expect_tok(&r, TOK_IDENT, "x$1", 1, 13);
	expect_tok(&r, TOK_IDENT, "two", 1, 17); /* pasted tokens share the $N position */
	expect_tok(&r, TOK_IDENT, "wordsz", 1, 17);
	expect_tok(&r, TOK_NUMBER, "3", 2, 1);
	CHECK(r.used[0] && r.used[1] && r.used[2]);
	lr_close(&r);

	lr_open(&r, "$5 $0 @1", 1);
	struct token *t = lex_scan(r.lx);
	CHECK(t && t->kind == TOK_JUNK && t->junk == JUNK_INVALID_ARG);
	CHECK_EQ_STR(lex_junk_message(r.a, t, 1), "command line argument out of range [1-1]");
	t = lex_scan(r.lx);
	CHECK(t && t->kind == TOK_JUNK && t->junk == JUNK_INVALID_ARG);
	expect_tok(&r, TOK_STRING, "one", 1, 7);
	lr_close(&r);

	/* an empty argument leaves the cursor at the $N position (stap's quirk) */
	lr_open(&r, "$4 x", 4);
	expect_tok(&r, TOK_IDENT, "x", 1, 2);
	lr_close(&r);
}

static void test_versions(void)
{
	struct arena *a = arena_new();
	struct diag *d = diag_new();
	struct srcfile *f = srcfile_from_text(a, "t", "private \"\\x41\"", 14);
	struct lexer *lx = lex_new(a, f, NULL, "2.9", true, d);
	struct token *t = lex_scan(lx);
	CHECK(t && t->kind == TOK_IDENT); /* private is a keyword from 3.0 on */
	t = lex_scan(lx);
	CHECK(t && !strcmp(t->text, "\\x41"));
	CHECK(!lex_has_version(lx, "3.0"));
	CHECK(!lex_is_atword(lx, "kregister"));
	CHECK(lex_is_atword(lx, "count"));
	lex_free(lx);
	lx = lex_new(a, f, NULL, "2.2", true, d);
	lex_scan(lx);
	t = lex_scan(lx);
	CHECK(t && !strcmp(t->text, "x41")); /* \x passes through only from 2.3 on */
	lex_free(lx);
	/* a NUL byte ends the file, as stap reads up to it */
	f = srcfile_from_text(a, "t", "a\0b", 3);
	CHECK_EQ_INT(f->len, 1);
	diag_free(d);
	arena_free(a);
}

int main(void)
{
	test_basic();
	test_operators();
	test_comments_and_whitespace();
	test_strings();
	test_numbers_and_idents();
	test_embedded_and_junk();
	test_args();
	test_versions();
	return check_done("test_lex");
}
