// SPDX-License-Identifier: MIT
/* Parser and checks for DTrace provider files (see provider.h). Recovers after an error
 * at the next `probe`, `;` or `}` so that one run reports every bad probe. The grammar is
 * stap dtrace's (pyparsing, dtrace.in 4.8) made tolerant where it chokes; argument types
 * are collected as text and never interpreted beyond warnings. */
#include "dtrace/provider.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace/provider_lex.h"
#include "util/alloc.h"

enum { MAX_DIAGS = 50 };

struct parser {
	struct plexer lx;
	struct ptoken tok;
	struct provider_file *pf;
};

/* ---- diagnostics ---------------------------------------------------------------------- */

static void diag_v(struct parser *p, enum provider_diag_kind kind, const struct ptoken *at,
		   const char *fmt, va_list ap)
{
	struct provider_file *pf = p->pf;
	if (at->kind == PTOK_EOF && p->lx.err && at != &p->lx.err_at)
		return; /* the lexical error already explains it */
	if (kind == PROVIDER_ERROR)
		pf->nerrors++;
	if (pf->diags.n >= MAX_DIAGS)
		return;
	char buf[512];
	vsnprintf(buf, sizeof(buf), fmt, ap);
	const char *ls = p->lx.text + at->line_off, *end = p->lx.text + p->lx.len;
	const char *le = memchr(ls, '\n', (size_t)(end - ls));
	if (!le)
		le = end;
	if (le > ls && le[-1] == '\r') /* CRLF files */
		le--;
	struct provider_diag d = {
	    .kind = kind,
	    .file = at->file,
	    .line = at->line,
	    .col = at->col,
	    .msg = arena_strdup(pf->arena, buf),
	    .src = arena_strndup(pf->arena, ls, (size_t)(le - ls)),
	};
	vec_push(&pf->diags, d);
}

__attribute__((format(printf, 4, 5))) static void
diag(struct parser *p, enum provider_diag_kind kind, const struct ptoken *at, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_v(p, kind, at, fmt, ap);
	va_end(ap);
}

/* Describes a token for "expected X before Y" messages. */
static const char *tok_desc(struct parser *p, const struct ptoken *t)
{
	if (t->kind == PTOK_EOF)
		return "end of input";
	size_t n = t->len > 40 ? 40 : t->len;
	return arena_printf(p->pf->arena, "'%.*s'", (int)n, p->lx.text + t->off);
}

/* ---- token helpers -------------------------------------------------------------------- */

/* Reads the next token; a lexical error is reported once, where it happened, and later
 * complaints about the end of the input (its likely cascade) are dropped. */
static void next(struct parser *p)
{
	const char *had = p->lx.err;
	plex_next(&p->lx, &p->tok);
	if (p->lx.err && !had)
		diag(p, PROVIDER_ERROR, &p->lx.err_at, "%s", p->lx.err);
}

static int is_punct(struct parser *p, char c)
{
	return ptok_is(&p->lx, &p->tok, c);
}

static int is_word(struct parser *p, const char *w)
{
	return ptok_word(&p->lx, &p->tok, w);
}

static char *tok_text(struct parser *p, const struct ptoken *t)
{
	return arena_strndup(p->pf->arena, p->lx.text + t->off, t->len);
}

/* Skips to a point where a probe declaration may start again: after `;`, or before
 * `probe`, `}` or the end, at the current nesting depth. */
static void recover_in_provider(struct parser *p)
{
	int depth = 0;
	for (; p->tok.kind != PTOK_EOF; next(p)) {
		if (depth == 0 && (is_word(p, "probe") || is_punct(p, '}')))
			return;
		if (depth == 0 && is_punct(p, ';')) {
			next(p);
			return;
		}
		if (is_punct(p, '(') || is_punct(p, '[') || is_punct(p, '{'))
			depth++;
		else if ((is_punct(p, ')') || is_punct(p, ']') || is_punct(p, '}')) && depth > 0)
			depth--;
	}
}

/* ---- arguments ------------------------------------------------------------------------ */

static int is_type_word(const char *w)
{
	static const char *const words[] = {
	    "void",   "char",	"short",    "int",   "long",	 "float",
	    "double", "signed", "unsigned", "const", "volatile", "restrict",
	    "_Bool",  "bool",	"struct",   "union", "enum",
	};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(w, words[i]))
			return 1;
	return 0;
}

/* No blank between two tokens of a type? "char **", "(*cb)(int)", "int[4]", "char *const" */
static int glue_tokens(struct parser *p, const struct ptoken *prev, const struct ptoken *t)
{
	char c = p->lx.text[t->off];
	if (ptok_is(&p->lx, prev, '(') || ptok_is(&p->lx, prev, '['))
		return 1;
	if (t->kind == PTOK_PUNCT && strchr(")],[", c))
		return 1;
	if (ptok_is(&p->lx, prev, '*') && (t->kind == PTOK_IDENT || c == '*'))
		return 1;
	return ptok_is(&p->lx, prev, ')') && c == '(';
}

/* Joins the tokens [first, last) of one argument as C-ish text and picks out its name. */
static void arg_from_tokens(struct parser *p, const struct ptoken *toks, int n,
			    struct provider_arg *arg)
{
	struct strbuf sb = STRBUF_INIT;
	int name_at = -1;
	/* The name is the last identifier before any array suffix, when something precedes it
	 * and it is neither a C type word nor the tag after struct/union/enum. */
	int end = n;
	for (int i = 0; i < n; i++)
		if (ptok_is(&p->lx, &toks[i], '[')) {
			end = i;
			break;
		}
	if (end >= 2 && toks[end - 1].kind == PTOK_IDENT) {
		char *w = tok_text(p, &toks[end - 1]);
		char *prev = tok_text(p, &toks[end - 2]);
		int tagged =
		    !strcmp(prev, "struct") || !strcmp(prev, "union") || !strcmp(prev, "enum");
		if (!is_type_word(w) && !tagged)
			name_at = end - 1;
	}
	const struct ptoken *prev = NULL;
	for (int i = 0; i < n; i++) {
		if (i == name_at)
			continue;
		const struct ptoken *t = &toks[i];
		if (prev && !glue_tokens(p, prev, t))
			sb_addc(&sb, ' ');
		sb_add(&sb, p->lx.text + t->off, t->len);
		prev = t;
	}
	arg->type = arena_strdup(p->pf->arena, sb.s ? sb.s : "");
	arg->name = name_at >= 0 ? tok_text(p, &toks[name_at]) : NULL;
	sb_free(&sb);
}

/* Can the current token be part of a C (or C++) type? */
static int type_token(struct parser *p)
{
	if (p->tok.kind == PTOK_IDENT || p->tok.kind == PTOK_NUMBER)
		return 1;
	return p->tok.kind == PTOK_PUNCT && strchr("*()[]&:<>", p->lx.text[p->tok.off]) &&
	       p->lx.text[p->tok.off] != '\0';
}

/* arg -> token { token }   (balanced in () and [], ends before "," or ")" at depth 0) */
static int parse_arg(struct parser *p, struct provider_probe *probe, int keep)
{
	VEC(struct ptoken) toks = {0};
	struct ptoken start = p->tok;
	int depth = 0, rc = 0;
	for (;;) {
		if (p->tok.kind == PTOK_EOF ||
		    (depth == 0 && (is_punct(p, ';') || is_punct(p, '{') || is_punct(p, '}')))) {
			diag(p, PROVIDER_ERROR, &p->tok, "expected ')' before %s",
			     tok_desc(p, &p->tok));
			rc = -1;
			goto out;
		}
		if (depth == 0 && (is_punct(p, ',') || is_punct(p, ')')))
			break;
		if (p->tok.kind == PTOK_ELLIPSIS) {
			diag(p, PROVIDER_ERROR, &p->tok, "'...' must be the last argument");
			rc = -1;
			goto out;
		}
		/* Types land in a comment of the generated header: only C type syntax, so
		 * that nothing can end the comment ("* /") or sneak in odd bytes. */
		if (!type_token(p)) {
			diag(p, PROVIDER_ERROR, &p->tok, "unexpected %s in an argument type",
			     tok_desc(p, &p->tok));
			rc = -1;
			goto out;
		}
		if (is_punct(p, '(') || is_punct(p, '['))
			depth++;
		else if (is_punct(p, ')') || is_punct(p, ']'))
			depth--;
		vec_push(&toks, p->tok);
		next(p);
	}
	if (toks.n == 0) {
		diag(p, PROVIDER_ERROR, &start, "expected an argument type before %s",
		     tok_desc(p, &start));
		rc = -1;
		goto out;
	}
	if (keep) {
		struct provider_arg arg;
		arg_from_tokens(p, toks.v, toks.n, &arg);
		vec_push(&probe->args, arg);
	}
out:
	vec_free(&toks);
	return rc;
}

/* arg_list -> [ "..." | arg { "," arg } [ "," "..." ] ] ")"      ("(void)" = no arguments) */
static int parse_arg_list(struct parser *p, struct provider_probe *probe, int keep)
{
	if (is_punct(p, ')')) {
		next(p);
		return 0;
	}
	for (;;) {
		if (p->tok.kind == PTOK_ELLIPSIS) {
			if (keep)
				probe->variadic = true;
			next(p);
			if (!is_punct(p, ')')) {
				diag(p, PROVIDER_ERROR, &p->tok, "expected ')' after '...'");
				return -1;
			}
			break;
		}
		if (parse_arg(p, probe, keep) < 0)
			return -1;
		if (is_punct(p, ')'))
			break;
		next(p); /* the "," */
	}
	next(p);
	if (keep && probe->args.n == 1 && !probe->variadic &&
	    !strcmp(probe->args.v[0].type, "void") && !probe->args.v[0].name)
		probe->args.n = 0;
	return 0;
}

/* ---- declarations --------------------------------------------------------------------- */

static int expect_punct(struct parser *p, char c, const char *what)
{
	if (is_punct(p, c)) {
		next(p);
		return 0;
	}
	diag(p, PROVIDER_ERROR, &p->tok, "expected '%c' %s, not %s", c, what, tok_desc(p, &p->tok));
	return -1;
}

/* probe_name -> IDENT | NUMBER-like word   (stap accepts names such as "1st") */
static int parse_probe_name(struct parser *p, struct provider_probe *probe)
{
	struct ptoken t = p->tok;
	if (t.kind != PTOK_IDENT && t.kind != PTOK_NUMBER) {
		diag(p, PROVIDER_ERROR, &t, "expected a probe name after 'probe', not %s",
		     tok_desc(p, &t));
		return -1;
	}
	for (size_t i = 0; i < t.len; i++)
		if (p->lx.text[t.off + i] != '_' &&
		    !isalnum((unsigned char)p->lx.text[t.off + i])) {
			diag(p, PROVIDER_ERROR, &t, "invalid probe name %s", tok_desc(p, &t));
			return -1;
		}
	probe->name = tok_text(p, &t);
	probe->file = t.file;
	probe->line = t.line;
	probe->col = t.col;
	probe->line_off = t.line_off;
	next(p);
	if (is_punct(p, '-')) {
		diag(p, PROVIDER_ERROR, &p->tok,
		     "'-' is not allowed in probe names; write '__' (tools display it as '-')");
		return -1;
	}
	return 0;
}

/* probe_decl -> "probe" probe_name "(" arg_list [ ":" "(" arg_list ] [ ";" ] */
static int parse_probe(struct parser *p, struct provider *prov)
{
	struct provider_probe probe = {0};
	next(p); /* "probe" */
	if (parse_probe_name(p, &probe) < 0 || expect_punct(p, '(', "after the probe name") < 0 ||
	    parse_arg_list(p, &probe, 1) < 0)
		goto fail;
	if (is_punct(p, ':')) { /* DTrace translated arguments: parsed, then ignored */
		next(p);
		if (expect_punct(p, '(', "after ':'") < 0 || parse_arg_list(p, &probe, 0) < 0)
			goto fail;
	}
	if (is_punct(p, ';'))
		next(p);
	vec_push(&prov->probes, probe);
	return 0;
fail:
	vec_free(&probe.args);
	recover_in_provider(p);
	return -1;
}

/* provider_decl -> "provider" IDENT "{" { probe_decl } "}" [ ";" ] */
static void parse_provider(struct parser *p)
{
	struct ptoken kw = p->tok;
	next(p);
	if (p->tok.kind != PTOK_IDENT) {
		diag(p, PROVIDER_ERROR, &p->tok,
		     "expected a provider name after 'provider', not %s", tok_desc(p, &p->tok));
		return;
	}
	struct provider prov = {
	    .name = tok_text(p, &p->tok),
	    .file = p->tok.file,
	    .line = p->tok.line,
	    .col = p->tok.col,
	};
	next(p);
	if (expect_punct(p, '{', "after the provider name") < 0)
		return;
	for (;;) {
		if (is_punct(p, '}')) {
			next(p);
			break;
		}
		if (p->tok.kind == PTOK_EOF) {
			diag(p, PROVIDER_ERROR, &p->tok, "expected '}' before end of input");
			if (!p->lx.err)
				diag(p, PROVIDER_NOTE, &kw, "provider '%s' starts here", prov.name);
			break;
		}
		if (!is_word(p, "probe")) {
			diag(p, PROVIDER_ERROR, &p->tok, "expected 'probe' or '}', not %s",
			     tok_desc(p, &p->tok));
			next(p);
			recover_in_provider(p);
			continue;
		}
		parse_probe(p, &prov);
	}
	if (is_punct(p, ';'))
		next(p);
	vec_push(&p->pf->providers, prov);
}

/* file -> { other_text | provider_decl } EOF
 * other_text: anything (typedefs, structs, translators, ...) at brace depth 0 up to the
 * next `provider` word, as stap's SkipTo("provider"). */
static void parse_file(struct parser *p)
{
	int depth = 0;
	next(p);
	while (p->tok.kind != PTOK_EOF) {
		if (depth == 0 && is_word(p, "provider")) {
			parse_provider(p);
			continue;
		}
		if (is_punct(p, '{'))
			depth++;
		else if (is_punct(p, '}') && depth > 0)
			depth--;
		next(p);
	}
}

/* ---- checks --------------------------------------------------------------------------- */

static void diag_probe(struct parser *p, enum provider_diag_kind kind,
		       const struct provider_probe *pr, const char *msg)
{
	struct ptoken t = {
	    .file = pr->file,
	    .line = pr->line,
	    .col = pr->col,
	    .line_off = pr->line_off,
	};
	diag(p, kind, &t, "%s", msg);
}

static int has_word(const char *type, const char *w)
{
	size_t n = strlen(w);
	for (const char *s = strstr(type, w); s; s = strstr(s + 1, w))
		if ((s == type || (!isalnum((unsigned char)s[-1]) && s[-1] != '_')) &&
		    !isalnum((unsigned char)s[n]) && s[n] != '_')
			return 1;
	return 0;
}

static void check_args(struct parser *p, const struct provider *prov,
		       const struct provider_probe *pr)
{
	char buf[512];
	if (pr->args.n > PROVIDER_MAX_ARGS) {
		snprintf(buf, sizeof(buf),
			 "probe '%s:%s' has %d arguments; at most %d are supported", prov->name,
			 pr->name, pr->args.n, PROVIDER_MAX_ARGS);
		diag_probe(p, PROVIDER_ERROR, pr, buf);
	}
	for (int i = 0; i < pr->args.n; i++) {
		const char *t = pr->args.v[i].type;
		if (strchr(t, '*') || strchr(t, '['))
			continue;
		const char *why = NULL;
		if (has_word(t, "float") || has_word(t, "double"))
			why = "a floating-point type";
		else if (has_word(t, "struct") || has_word(t, "union"))
			why = "a struct or union type";
		if (!why)
			continue;
		snprintf(buf, sizeof(buf),
			 "argument %d of probe '%s:%s' has %s ('%s'); <utap/sdt.h> accepts only "
			 "integers and pointers, so pass a pointer or an integer",
			 i + 1, prov->name, pr->name, why, t);
		diag_probe(p, PROVIDER_WARNING, pr, buf);
	}
}

/* Every probe must get its own macro: no duplicates, and no two names that only differ
 * where "__" became "_" (a__b and a_b both give PROV_A_B). */
static void check_names(struct parser *p)
{
	struct provider_file *pf = p->pf;
	VEC(char *) names = {0};
	VEC(const struct provider_probe *) owners = {0};
	VEC(const char *) owner_prov = {0};
	char buf[512];
	for (int i = 0; i < pf->providers.n; i++) {
		const struct provider *prov = &pf->providers.v[i];
		for (int j = 0; j < prov->probes.n; j++) {
			const struct provider_probe *pr = &prov->probes.v[j];
			check_args(p, prov, pr);
			char *m = provider_macro_name(prov->name, pr->name);
			for (int k = 0; k < names.n; k++) {
				if (strcmp(names.v[k], m))
					continue;
				if (!strcmp(owners.v[k]->name, pr->name) &&
				    !strcmp(owner_prov.v[k], prov->name))
					snprintf(buf, sizeof(buf), "duplicate probe '%s:%s'",
						 prov->name, pr->name);
				else
					snprintf(buf, sizeof(buf),
						 "probe '%s:%s' gives macro %s, which an earlier "
						 "probe already defines",
						 prov->name, pr->name, m);
				diag_probe(p, PROVIDER_ERROR, pr, buf);
				diag_probe(p, PROVIDER_NOTE, owners.v[k],
					   "the earlier probe is here");
				break;
			}
			vec_push(&names, m);
			vec_push(&owners, pr);
			vec_push(&owner_prov, prov->name);
		}
	}
	for (int k = 0; k < names.n; k++)
		free(names.v[k]);
	vec_free(&names);
	vec_free(&owners);
	vec_free(&owner_prov);
}

/* ---- public --------------------------------------------------------------------------- */

struct provider_file *provider_parse(const char *text, size_t len, const char *filename)
{
	struct provider_file *pf = xcalloc(1, sizeof(*pf));
	pf->arena = arena_new();
	struct parser p = {.pf = pf};
	plex_init(&p.lx, text, len, arena_strdup(pf->arena, filename), pf->arena);
	parse_file(&p);
	check_names(&p);
	if (pf->nerrors == 0 && pf->providers.n == 0) {
		struct ptoken t = {.file = p.lx.file, .line = 1, .col = 1};
		diag(&p, PROVIDER_WARNING, &t, "no provider declarations found");
	}
	return pf;
}

void provider_file_free(struct provider_file *pf)
{
	if (!pf)
		return;
	for (int i = 0; i < pf->providers.n; i++) {
		struct provider *prov = &pf->providers.v[i];
		for (int j = 0; j < prov->probes.n; j++)
			vec_free(&prov->probes.v[j].args);
		vec_free(&prov->probes);
	}
	vec_free(&pf->providers);
	vec_free(&pf->diags);
	arena_free(pf->arena);
	free(pf);
}

void provider_diag_format(const struct provider_diag *d, struct strbuf *out)
{
	static const char *const kinds[] = {"error", "warning", "note"};
	sb_printf(out, "%s:%d:%d: %s: %s\n", d->file, d->line, d->col, kinds[d->kind], d->msg);
	if (!d->src)
		return;
	sb_printf(out, "%s\n", d->src);
	size_t srclen = strlen(d->src);
	for (int i = 0; i + 1 < d->col; i++)
		sb_addc(out, (size_t)i < srclen && d->src[i] == '\t' ? '\t' : ' ');
	sb_adds(out, "^\n");
}

char *provider_macro_name(const char *provider, const char *probe)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *s = provider; *s; s++)
		sb_addc(&sb, (char)toupper((unsigned char)*s));
	sb_addc(&sb, '_');
	for (const char *s = probe; *s; s++) {
		if (s[0] == '_' && s[1] == '_')
			s++; /* Python's str.replace("__", "_"): left to right, no overlap */
		sb_addc(&sb, (char)toupper((unsigned char)*s));
	}
	return sb_detach(&sb);
}
