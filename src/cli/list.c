// SPDX-License-Identifier: MIT
/* `-l`/`-L`: stap's listing lines (main.cxx printscript: sorted, one per script-level
 * point, -L with the locals and context variables common to its derived probes, -L -v
 * one line per derived probe) for an elaborated program. */
#include <stdlib.h>
#include <string.h>

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

/* ---- listing an elaborated program ---------------------------------------------- */

/* Locals "name:type" (vardecl::printsig), then the probe's context variables. */
struct strlist {
	char **v;
	int n, cap;
};

static void probe_vars(const struct derived_probe *dp, struct strlist *out)
{
	for (int i = 0; i < dp->locals.n; i++) {
		const struct ast_var *v = dp->locals.v[i];
		struct strbuf sb = STRBUF_INIT;
		sb_printf(&sb, "%s:%s", v->name,
			  ast_type_name(v->type == TYPE_VOID ? TYPE_UNKNOWN : v->type));
		vec_push(out, sb_detach(&sb));
	}
	switch (dp->kind) {
	case PROBE_MARK:
		for (int k = 1; k <= dp->mark.nargs; k++)
			vec_push(out, xasprintf("$arg%d:long", k));
		break;
	case PROBE_PROCESS_BEGIN:
	case PROBE_PROCESS_END:
	case PROBE_THREAD_BEGIN:
	case PROBE_THREAD_END:
		/* stap lists the utrace probes' syscall variables (tapset-utrace.cxx) */
		vec_push(out, xstrdup("$syscall:long"));
		for (int k = 1; k <= 6; k++)
			vec_push(out, xasprintf("$arg%d:long", k));
		break;
	default:
		break;
	}
}

int list_program(const struct program *p, bool vars, int verbose, FILE *out)
{
	struct list_lines *ll = list_lines_new();
	struct strbuf vsb = STRBUF_INIT;
	int printed = 0;
	for (int i = 0; i < p->probes.n; i++) {
		const struct derived_probe *dp = p->probes.v[i];
		if (!dp->primary || dp->synthetic)
			continue;
		struct strlist v = {0};
		if (vars)
			probe_vars(dp, &v);
		if (vars && verbose > 0) {
			/* one line per derived probe, by its own signature */
			sb_printf(&vsb, "%s%s", dp->pp, dp->sig_extra ? dp->sig_extra : "");
			vec_foreach(&v, s) sb_printf(&vsb, " %s", *s);
			sb_addc(&vsb, '\n');
			printed++;
		}
		list_lines_add(ll, dp->pn, (const char *const *)v.v, (size_t)v.n);
		vec_foreach(&v, s) free(*s);
		vec_free(&v);
	}
	if (vars && verbose > 0) {
		fwrite(vsb.s ? vsb.s : "", 1, vsb.len, out);
		fflush(out);
	} else {
		printed = (int)list_lines_print(ll, out, vars);
	}
	sb_free(&vsb);
	list_lines_free(ll);
	return printed;
}
