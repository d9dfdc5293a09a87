// SPDX-License-Identifier: MIT
/* `-l`/`-L` for SDT marks: parses the listed probe points (only the mark forms; full
 * elaboration belongs to the semantic pass), resolves them with elf/resolve.h and prints
 * stap's listing lines (main.cxx printscript: sorted, one per script-level point). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/list.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/vec.h"

struct list_entry {
	char *pp;
	int nprobes;	  /* derived probes folded into this line */
	VEC(char *) vars; /* first-seen order, unique */
	VEC(int) counts;  /* how many derived probes had vars.v[i] */
};

struct list_lines {
	VEC(struct list_entry *) entries;
};

struct list_lines *list_lines_new(void)
{
	return xcalloc(1, sizeof(struct list_lines));
}

void list_lines_free(struct list_lines *ll)
{
	if (!ll)
		return;
	vec_foreach(&ll->entries, it)
	{
		struct list_entry *e = *it;
		vec_foreach(&e->vars, v) free(*v);
		vec_free(&e->vars);
		vec_free(&e->counts);
		free(e->pp);
		free(e);
	}
	vec_free(&ll->entries);
	free(ll);
}

static struct list_entry *entry_for(struct list_lines *ll, const char *pp)
{
	vec_foreach(&ll->entries, it) if (strcmp((*it)->pp, pp) == 0) return *it;
	struct list_entry *e = xcalloc(1, sizeof(*e));
	e->pp = xstrdup(pp);
	vec_push(&ll->entries, e);
	return e;
}

void list_lines_add(struct list_lines *ll, const char *pp, const char *const *vars, size_t nvars)
{
	struct list_entry *e = entry_for(ll, pp);
	e->nprobes++;
	for (size_t i = 0; i < nvars; i++) {
		int k;
		for (k = 0; k < e->vars.n; k++)
			if (strcmp(e->vars.v[k], vars[i]) == 0)
				break;
		if (k == e->vars.n) {
			vec_push(&e->vars, xstrdup(vars[i]));
			vec_push(&e->counts, 0);
		}
		e->counts.v[k]++;
	}
}

/* A string literal as stap prints it: quoted, with '"' and '\' escaped. */
static void add_quoted(struct strbuf *sb, const char *s)
{
	sb_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_addc(sb, '\\');
		sb_addc(sb, *s);
	}
	sb_addc(sb, '"');
}

char *list_mark_pp(const char *path, const char *provider, const char *mark)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "process(");
	add_quoted(&sb, path);
	sb_adds(&sb, ")");
	if (provider) {
		sb_adds(&sb, ".provider(");
		add_quoted(&sb, provider);
		sb_adds(&sb, ")");
	}
	sb_adds(&sb, ".mark(");
	add_quoted(&sb, mark);
	sb_adds(&sb, ")");
	return sb_detach(&sb);
}

void list_lines_add_marks(struct list_lines *ll, const struct mark_set *ms, bool with_provider)
{
	for (size_t f = 0; f < mark_set_file_count(ms); f++) {
		for (size_t i = 0; i < mark_set_mark_count(ms, f); i++) {
			const struct sdt_note *n = mark_set_mark(ms, f, i);
			char *pp = list_mark_pp(mark_set_file_path(ms, f),
						with_provider ? n->provider : NULL, n->name);
			char **vars = xcalloc((size_t)n->nargs + 1, sizeof(*vars));
			for (int k = 0; k < n->nargs; k++)
				vars[k] = xasprintf("$arg%d:long", k + 1);
			list_lines_add(ll, pp, (const char *const *)vars, (size_t)n->nargs);
			for (int k = 0; k < n->nargs; k++)
				free(vars[k]);
			free(vars);
			free(pp);
		}
	}
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp((*(struct list_entry *const *)a)->pp, (*(struct list_entry *const *)b)->pp);
}

size_t list_lines_print(const struct list_lines *ll, FILE *out, bool vars)
{
	size_t n = (size_t)ll->entries.n;
	struct list_entry **sorted = xcalloc(n ? n : 1, sizeof(*sorted));
	if (n)
		memcpy(sorted, ll->entries.v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_entry);
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < n; i++) {
		const struct list_entry *e = sorted[i];
		sb_adds(&sb, e->pp);
		for (int k = 0; vars && k < e->vars.n; k++)
			if (e->counts.v[k] == e->nprobes)
				sb_printf(&sb, " %s", e->vars.v[k]);
		sb_addc(&sb, '\n');
	}
	if (sb.len)
		fwrite(sb.s, 1, sb.len, out);
	fflush(out);
	sb_free(&sb);
	free(sorted);
	return n;
}

/* ---- the minimal probe-point parser ---------------------------------------------- */

struct mark_point {
	char *path, *provider, *mark;
	int col;       /* 1-based column of "process" in "probe PATTERN {}" */
	bool optional; /* "?" or "!" suffix */
};

struct pcur {
	const char *s;
	size_t i;
	char err[160];
};

static void skip_ws(struct pcur *c)
{
	while (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n')
		c->i++;
}

static size_t ident(struct pcur *c)
{
	size_t n = 0;
	const char *p = c->s + c->i;
	while ((p[n] >= 'a' && p[n] <= 'z') || (p[n] >= 'A' && p[n] <= 'Z') || p[n] == '_' ||
	       (n && p[n] >= '0' && p[n] <= '9'))
		n++;
	return n;
}

/* string -> '"' { char | '\' char } '"' */
static char *parse_string(struct pcur *c)
{
	skip_ws(c);
	if (c->s[c->i] != '"')
		return NULL;
	c->i++;
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	while (c->s[c->i] && c->s[c->i] != '"') {
		if (c->s[c->i] == '\\' && c->s[c->i + 1]) {
			c->i++;
			char e = c->s[c->i];
			sb_addc(&sb, e == 'n' ? '\n' : e == 't' ? '\t' : e);
		} else {
			sb_addc(&sb, c->s[c->i]);
		}
		c->i++;
	}
	if (c->s[c->i] != '"') {
		sb_free(&sb);
		return NULL;
	}
	c->i++;
	return sb_detach(&sb);
}

/* component -> ident "(" string ")" ; returns the component name length, 0 on error. */
static size_t parse_component(struct pcur *c, const char **name, char **arg)
{
	skip_ws(c);
	*name = c->s + c->i;
	size_t n = ident(c);
	if (!n)
		return 0;
	c->i += n;
	skip_ws(c);
	if (c->s[c->i] != '(')
		return 0;
	c->i++;
	*arg = parse_string(c);
	skip_ws(c);
	if (!*arg || c->s[c->i] != ')') {
		free(*arg);
		*arg = NULL;
		return 0;
	}
	c->i++;
	return n;
}

static bool is_comp(const char *name, size_t n, const char *want)
{
	return strlen(want) == n && memcmp(name, want, n) == 0;
}

/* point -> "process" "(" string ")" [ ".provider" "(" string ")" ] ".mark" "(" string ")"
 *          [ "?" | "!" ] */
static int parse_point(struct pcur *c, struct mark_point *mp)
{
	const char *name;
	char *arg = NULL;
	skip_ws(c);
	mp->col = (int)c->i + 7; /* "probe " precedes the pattern */
	size_t n = parse_component(c, &name, &arg);
	if (!n || !is_comp(name, n, "process"))
		goto unsupported;
	mp->path = arg;
	for (;;) {
		skip_ws(c);
		if (c->s[c->i] != '.')
			break;
		c->i++;
		n = parse_component(c, &name, &arg);
		if (n && is_comp(name, n, "provider") && !mp->provider && !mp->mark) {
			mp->provider = arg;
		} else if (n && is_comp(name, n, "mark") && !mp->mark) {
			mp->mark = arg;
		} else {
			free(arg);
			goto unsupported;
		}
	}
	if (!mp->mark)
		goto unsupported;
	skip_ws(c);
	if (c->s[c->i] == '?' || c->s[c->i] == '!') {
		mp->optional = true;
		c->i++;
	}
	return 0;
unsupported:
	snprintf(c->err, sizeof(c->err),
		 "listing supports only process(\"PATH\")[.provider(\"P\")].mark(\"M\") points");
	return -EINVAL;
}

static void free_point(struct mark_point *mp)
{
	free(mp->path);
	free(mp->provider);
	free(mp->mark);
}

/* ---- running a listing ------------------------------------------------------------ */

static void report(int verbose, const char *pattern, const struct mark_point *mp, const char *msg)
{
	if (verbose < 2)
		return; /* stap hides listing-mode errors below -vv (session.cxx print_error) */
	struct strbuf sb = STRBUF_INIT;
	sb_printf(&sb,
		  "semantic error: while resolving probe point: identifier 'process' at "
		  "<input>:1:%d\n        source: probe %s {}\n                ",
		  mp->col, pattern);
	for (int i = 1; i < mp->col; i++)
		sb_addc(&sb, ' ');
	sb_printf(&sb, "^\n\nsemantic error: %s\n\n", msg);
	if (write(STDERR_FILENO, sb.s, sb.len) < 0) {
		/* nothing useful to do when stderr is gone */
	}
	sb_free(&sb);
}

/* Lists one point; returns false when it is a (non-optional) error: nothing derived. */
static bool list_point(struct list_lines *ll, const char *pattern, const struct mark_point *mp,
		       int verbose)
{
	char err[512] = "";
	struct mark_set *ms;
	int rc = mark_set_resolve(mp->path, mp->provider, mp->mark, &ms, err, sizeof(err));
	if (rc) {
		if (!mp->optional)
			report(verbose, pattern, mp, err);
		return mp->optional;
	}
	size_t total = mark_set_total(ms);
	if (total == 0 && !mp->optional) {
		char *sug = mark_set_suggest(ms, mp->mark);
		char *msg = *sug ? xasprintf("no match (similar mark%s: %s)",
					     strchr(sug, ',') ? "s" : "", sug)
				 : xstrdup("no match");
		report(verbose, pattern, mp, msg);
		free(msg);
		free(sug);
	}
	list_lines_add_marks(ll, ms, mp->provider != NULL);
	mark_set_free(ms);
	return total > 0 || mp->optional;
}

int list_run(const char *pattern, bool vars, int verbose)
{
	struct pcur c = {.s = pattern};
	struct list_lines *ll = list_lines_new();
	int status = 0;
	for (;;) {
		struct mark_point mp = {0};
		if (parse_point(&c, &mp) != 0) {
			/* utap's own limitation, not a stap error: always say so */
			fprintf(stderr, "utap: %s\n", c.err);
			free_point(&mp);
			list_lines_free(ll);
			return 1;
		}
		if (!list_point(ll, pattern, &mp, verbose))
			status = 1;
		free_point(&mp);
		skip_ws(&c);
		if (c.s[c.i] != ',')
			break;
		c.i++;
	}
	skip_ws(&c);
	if (c.s[c.i]) {
		if (verbose >= 2)
			fprintf(stderr, "utap: unexpected '%s' in probe point\n", c.s + c.i);
		list_lines_free(ll);
		return 1;
	}
	/* stap prints what was derived even when another point failed; any failure, or
	 * nothing at all to list, makes the exit status 1. */
	size_t n = list_lines_print(ll, stdout, vars);
	list_lines_free(ll);
	return status == 0 && n > 0 ? 0 : 1;
}
