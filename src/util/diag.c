// SPDX-License-Identifier: MIT
/* Diagnostics in stap 4.8's exact layout. Mirrors session.cxx: build_error_msg (parse and
 * semantic), print_error_source (source line + caret keeping the line's whitespace, then
 * "in expansion of macro:" for macro-made tokens), print_token (a token from the same
 * file as the previously printed one loses its file name), print_warning, the
 * seen_errors/seen_warnings de-duplication and report_suppression. It knows nothing of
 * the lexer or parser beyond struct token. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/diag.h"
#include "util/vec.h"

/* A set of strings with a count of insertions, for seen_errors / seen_warnings. */
struct strset {
	char **keys;
	size_t cap, n;
};

struct diag {
	int fd;
	struct strbuf *capture;
	int verbose;
	bool suppress_warnings, panic_warnings, dump_mode;
	struct strset seen_errors, seen_warnings;
	unsigned warningerr_count;
	unsigned suppressed_errors, suppressed_warnings;
	const struct srcfile *last_file; /* file of the last token print_token printed */
	bool have_last;
};

struct diag_error {
	char *site;
	char *msg;
	const struct token *tok1, *tok2;
	VEC(char *) details;
	struct diag_error *chain;
};

static const char ALIGN_PARSE[] = "     ";
static const char ALIGN_SEMANTIC[] = "        ";
static const char ALIGN_WARNING[] = " ";

/* ---- string set ---------------------------------------------------------------------- */

static uint64_t str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static size_t strset_slot(const struct strset *set, const char *key)
{
	size_t i = (size_t)str_hash(key) & (set->cap - 1);
	while (set->keys[i] && strcmp(set->keys[i], key) != 0)
		i = (i + 1) & (set->cap - 1);
	return i;
}

static bool strset_has(const struct strset *set, const char *key)
{
	return set->cap && set->keys[strset_slot(set, key)];
}

static void strset_grow(struct strset *set)
{
	struct strset bigger = {.cap = set->cap ? set->cap * 2 : 16};
	bigger.keys = xcalloc(bigger.cap, sizeof(char *));
	for (size_t i = 0; i < set->cap; i++)
		if (set->keys[i])
			bigger.keys[strset_slot(&bigger, set->keys[i])] = set->keys[i];
	bigger.n = set->n;
	free(set->keys);
	*set = bigger;
}

/* Returns true when key was new. */
static bool strset_add(struct strset *set, const char *key)
{
	if ((set->n + 1) * 2 > set->cap)
		strset_grow(set);
	size_t i = strset_slot(set, key);
	if (set->keys[i])
		return false;
	set->keys[i] = xstrdup(key);
	set->n++;
	return true;
}

static void strset_free(struct strset *set)
{
	for (size_t i = 0; i < set->cap; i++)
		free(set->keys[i]);
	free(set->keys);
	memset(set, 0, sizeof(*set));
}

/* ---- the collector ------------------------------------------------------------------- */

struct diag *diag_new(void)
{
	struct diag *d = xcalloc(1, sizeof(*d));
	d->fd = 2;
	return d;
}

void diag_free(struct diag *d)
{
	if (!d)
		return;
	strset_free(&d->seen_errors);
	strset_free(&d->seen_warnings);
	free(d);
}

void diag_set_verbose(struct diag *d, int verbose)
{
	d->verbose = verbose;
}

void diag_set_warnings(struct diag *d, bool suppress, bool as_errors)
{
	d->suppress_warnings = suppress;
	d->panic_warnings = as_errors;
}

void diag_set_dump_mode(struct diag *d, bool dump_mode)
{
	d->dump_mode = dump_mode;
}

void diag_set_fd(struct diag *d, int fd)
{
	d->fd = fd;
}

void diag_capture(struct diag *d, struct strbuf *sb)
{
	d->capture = sb;
}

/* One message, one write(2): stderr is shared with the traced process. */
static void emit(struct diag *d, const struct strbuf *sb)
{
	if (!sb->len)
		return;
	if (d->capture) {
		sb_add(d->capture, sb->s, sb->len);
		return;
	}
	const char *p = sb->s;
	size_t left = sb->len;
	while (left) {
		ssize_t n = write(d->fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n;
		left -= (size_t)n;
	}
}

/* ---- tokens and source lines --------------------------------------------------------- */

static const char *kind_name(enum tok_kind k)
{
	switch (k) {
	case TOK_JUNK:
		return "junk";
	case TOK_IDENT:
		return "identifier";
	case TOK_OPERATOR:
		return "operator";
	case TOK_STRING:
		return "string";
	case TOK_NUMBER:
		return "number";
	case TOK_EMBEDDED:
		return "embedded-code";
	case TOK_KEYWORD:
		return "keyword";
	case TOK_EOF:
		break;
	}
	return "unknown token";
}

void diag_token_str(struct strbuf *sb, const struct token *tok)
{
	sb_adds(sb, kind_name(tok->kind));
	if (tok->kind != TOK_EMBEDDED && tok->kind != TOK_KEYWORD) {
		sb_adds(sb, " '");
		for (const char *p = tok->text ? tok->text : ""; *p; p++)
			sb_addc(sb, isprint((unsigned char)*p) ? *p : '?');
		sb_addc(sb, '\'');
	}
	sb_printf(sb, " at %s:%d:%d", tok->file ? tok->file->name : "", tok->line, tok->col);
}

/* stap's print_token: abbreviate when the previous printed token had the same file, by
 * erasing the first occurrence of the file name from the rendered token. */
static void print_token(struct diag *d, struct strbuf *sb, const struct token *tok)
{
	struct strbuf ts = STRBUF_INIT;
	diag_token_str(&ts, tok);
	if (d->have_last && d->last_file == tok->file && tok->file) {
		const char *hit = strstr(ts.s, tok->file->name);
		if (hit) {
			size_t at = (size_t)(hit - ts.s), n = strlen(tok->file->name);
			memmove(ts.s + at, ts.s + at + n, ts.len - at - n + 1);
			ts.len -= n;
		}
	}
	sb_add(sb, ts.s, ts.len);
	sb_free(&ts);
	d->last_file = tok->file;
	d->have_last = true;
}

/* stap's print_error_source, including its navigation quirks: a line past a file's last
 * newline runs to the end of the file, and the caret copies whitespace bytes. */
static void print_source(struct strbuf *sb, const char *align, const struct token *tok)
{
	const struct srcfile *f = tok->file;
	if (!f)
		return;
	const char *text = f->text;
	size_t len = f->len, start = 0, end = 0;
	bool have_end = true;
	for (int i = 0; i != tok->line && have_end; i++) {
		start = end;
		const char *nl = start <= len ? memchr(text + start, '\n', len - start) : NULL;
		if (nl) {
			end = (size_t)(nl - text) + 1;
		} else {
			end = 0; /* npos + 1, as in stap: the next round restarts at the top */
		}
	}
	size_t line_len = end > start ? end - start - 1 : (start <= len ? len - start : 0);
	sb_printf(sb, "%ssource: ", align);
	sb_add(sb, text + (start <= len ? start : len), line_len);
	sb_printf(sb, "\n%s        ", align);
	for (size_t i = start; i + 1 < start + (size_t)tok->col && i < len; i++)
		sb_addc(sb, isspace((unsigned char)text[i]) ? text[i] : ' ');
	sb_adds(sb, "^\n");
	if (tok->chain) {
		sb_adds(sb, f->synthetic ? "\tin synthesized code from: "
					 : "\tin expansion of macro: ");
		diag_token_str(sb, tok->chain);
		sb_addc(sb, '\n');
		print_source(sb, align, tok->chain);
	}
}

/* ---- parse errors -------------------------------------------------------------------- */

static char *parse_key(const struct diag_parse_error *e)
{
	struct strbuf sb = STRBUF_INIT;
	for (; e; e = e->chain)
		sb_printf(&sb, "%s%s", sb.len ? "|" : "", e->site);
	return sb_detach(&sb);
}

static void build_parse_msg(struct strbuf *sb, const struct diag_parse_error *e,
			    const struct token *tok, const char *input_name, const char *junk_msg)
{
	bool junk = tok && tok->kind == TOK_JUNK && tok->junk != JUNK_UNKNOWN && junk_msg;
	sb_printf(sb, "parse error: %s\n", junk ? junk_msg : e->msg);
	if (e->tok || junk) {
		sb_printf(sb, "%s    at: ", ALIGN_PARSE);
		diag_token_str(sb, tok);
		sb_addc(sb, '\n');
		print_source(sb, ALIGN_PARSE, tok);
	} else if (tok) {
		sb_printf(sb, "%s   saw: ", ALIGN_PARSE);
		diag_token_str(sb, tok);
		sb_addc(sb, '\n');
		print_source(sb, ALIGN_PARSE, tok);
	} else {
		sb_printf(sb, "%s   saw: %s EOF\n", ALIGN_PARSE, input_name);
	}
	sb_addc(sb, '\n');
}

void diag_parse(struct diag *d, const struct diag_parse_error *e, const char *input_name,
		const char *junk_msg, bool as_warning)
{
	char *key = parse_key(e);
	if (d->verbose > 0 || !strset_has(&d->seen_errors, key)) {
		if (strset_add(&d->seen_errors, key) && as_warning)
			d->warningerr_count++;
		struct strbuf sb = STRBUF_INIT;
		build_parse_msg(&sb, e, e->tok ? e->tok : e->saw, input_name, junk_msg);
		for (const struct diag_parse_error *c = e->chain; c; c = c->chain)
			build_parse_msg(&sb, c, c->tok, input_name, NULL);
		emit(d, &sb);
		sb_free(&sb);
	} else {
		d->suppressed_errors++;
	}
	free(key);
}

/* ---- semantic errors ----------------------------------------------------------------- */

struct diag_error *diag_error_new(const char *site, const struct token *tok1, const char *fmt, ...)
{
	struct diag_error *e = xcalloc(1, sizeof(*e));
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	e->msg = sb_detach(&sb);
	e->site = xstrdup(site);
	e->tok1 = tok1;
	return e;
}

void diag_error_set_tok2(struct diag_error *e, const struct token *tok2)
{
	e->tok2 = tok2;
}

void diag_error_add_detail(struct diag_error *e, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	vec_push(&e->details, sb_detach(&sb));
}

void diag_error_set_chain(struct diag_error *e, struct diag_error *cause)
{
	diag_error_free(e->chain);
	e->chain = cause;
}

const struct diag_error *diag_error_chain(const struct diag_error *e)
{
	return e->chain;
}

const char *diag_error_msg(const struct diag_error *e)
{
	return e->msg;
}

const struct token *diag_error_tok(const struct diag_error *e)
{
	return e->tok1;
}

struct diag_error *diag_error_dup(const struct diag_error *e)
{
	if (!e)
		return NULL;
	struct diag_error *c = xcalloc(1, sizeof(*c));
	c->site = xstrdup(e->site);
	c->msg = xstrdup(e->msg);
	c->tok1 = e->tok1;
	c->tok2 = e->tok2;
	for (int i = 0; i < e->details.n; i++)
		vec_push(&c->details, xstrdup(e->details.v[i]));
	c->chain = diag_error_dup(e->chain);
	return c;
}

void diag_error_free(struct diag_error *e)
{
	while (e) {
		struct diag_error *next = e->chain;
		vec_foreach(&e->details, it) free(*it);
		vec_free(&e->details);
		free(e->site);
		free(e->msg);
		free(e);
		e = next;
	}
}

static char *sem_key(const struct diag_error *e)
{
	struct strbuf sb = STRBUF_INIT;
	for (; e; e = e->chain)
		sb_printf(&sb, "%s%s", sb.len ? "|" : "", e->site);
	return sb_detach(&sb);
}

static void print_details(struct strbuf *sb, const struct diag_error *e)
{
	for (int i = 0; i < e->details.n; i++)
		sb_printf(sb, "\n%s%s", ALIGN_SEMANTIC, e->details.v[i]);
}

static void build_sem_msg(struct diag *d, struct strbuf *sb, const struct diag_error *e)
{
	sb_printf(sb, "semantic error: %s", e->msg);
	if (e->tok1 || e->tok2) {
		sb_adds(sb, ": ");
	} else {
		print_details(sb, e);
		sb_addc(sb, '\n');
		if (d->verbose > 1)
			sb_printf(sb, "   thrown from: %s", e->site);
	}
	if (e->tok1) {
		print_token(d, sb, e->tok1);
		print_details(sb, e);
		sb_addc(sb, '\n');
		if (d->verbose > 1)
			sb_printf(sb, "   thrown from: %s\n", e->site);
		print_source(sb, ALIGN_SEMANTIC, e->tok1);
	}
	if (e->tok2) {
		print_token(d, sb, e->tok2);
		sb_addc(sb, '\n');
		print_source(sb, ALIGN_SEMANTIC, e->tok2);
	}
	sb_addc(sb, '\n');
}

void diag_semantic(struct diag *d, struct diag_error *e)
{
	char *key = sem_key(e);
	if (d->dump_mode && d->verbose <= 1) {
		strset_add(&d->seen_errors, key);
		goto out;
	}
	if (d->verbose > 0 || !strset_has(&d->seen_errors, key)) {
		struct strbuf sb = STRBUF_INIT;
		strset_add(&d->seen_errors, key);
		build_sem_msg(d, &sb, e);
		for (const struct diag_error *c = e; c; c = c->chain) {
			char *ckey = sem_key(c);
			if (d->verbose > 1 || !strset_has(&d->seen_errors, ckey)) {
				strset_add(&d->seen_errors, ckey);
				build_sem_msg(d, &sb, c);
			}
			free(ckey);
		}
		emit(d, &sb);
		sb_free(&sb);
	} else {
		d->suppressed_errors++;
	}
out:
	free(key);
	diag_error_free(e);
}

void diag_sem(struct diag *d, const char *site, const struct token *tok, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag_semantic(d, diag_error_new(site, tok, "%s", sb.s ? sb.s : ""));
	sb_free(&sb);
}

/* ---- warnings and plain output ------------------------------------------------------- */

void diag_warn(struct diag *d, const struct token *tok, const char *fmt, ...)
{
	if (d->suppress_warnings && (!d->dump_mode || d->verbose <= 1))
		return;
	struct strbuf msg = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&msg, fmt, ap);
	va_end(ap);
	const char *text = msg.s ? msg.s : "";
	if (d->verbose > 0 || !strset_has(&d->seen_warnings, text)) {
		struct strbuf sb = STRBUF_INIT;
		strset_add(&d->seen_warnings, text);
		sb_printf(&sb, "WARNING: %s", text);
		if (tok) {
			sb_adds(&sb, ": ");
			print_token(d, &sb, tok);
		}
		sb_addc(&sb, '\n');
		if (tok)
			print_source(&sb, ALIGN_WARNING, tok);
		emit(d, &sb);
		sb_free(&sb);
	} else {
		d->suppressed_warnings++;
	}
	sb_free(&msg);
}

void diag_printf(struct diag *d, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	emit(d, &sb);
	sb_free(&sb);
}

unsigned diag_num_errors(const struct diag *d)
{
	return (unsigned)(d->seen_errors.n - d->warningerr_count +
			  (d->panic_warnings ? d->seen_warnings.n : 0));
}

void diag_report_suppression(struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	if (d->suppressed_errors)
		sb_printf(&sb, "Number of similar error messages suppressed: %u.\n",
			  d->suppressed_errors);
	if (d->suppressed_warnings)
		sb_printf(&sb, "Number of similar warning messages suppressed: %u.\n",
			  d->suppressed_warnings);
	if (d->suppressed_errors || d->suppressed_warnings)
		sb_adds(&sb, "Rerun with -v to see them.\n");
	emit(d, &sb);
	sb_free(&sb);
}
