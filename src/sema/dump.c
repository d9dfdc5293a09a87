// SPDX-License-Identifier: MIT
/* The --dump-* listings of stap 4.8 (main.cxx, elaborate.cxx match_node::dump):
 * the probe point patterns of the match tree, every tapset alias's signature, and every
 * public function with its inferred signature. */
#include <stdlib.h>
#include <string.h>

#include "sema/elab.h"
#include "util/alloc.h"

static void dump_node(struct strbuf *sb, const struct match_node *n, const char *name)
{
	for (int k = 0; k < n->ends.n; k++) {
		if (!n->ends.v[k]->alias) {
			sb_printf(sb, "%s\n", name);
			break;
		}
	}
	for (int i = 0; i < n->sub.n; i++) {
		const struct match_entry *e = &n->sub.v[i];
		char *child = xasprintf("%s%s%s%s", name, *name ? "." : "", e->name,
					!e->have_param	? ""
					: e->ptype == 1 ? "(number)"
					: e->ptype == 2 ? "(string)"
							: "(...)");
		dump_node(sb, e->node, child);
		free(child);
	}
}

void sema_dump_probe_types(FILE *f)
{
	struct sema_opts o = {.dump = SEMA_DUMP_PROBE_TYPES};
	struct sema s = {.o = &o};
	s.prog = program_new();
	s.a = s.prog->arena;
	s.own = s.prog->owned;
	match_init(&s);
	register_builtin_probes(&s);
	struct strbuf sb = STRBUF_INIT;
	dump_node(&sb, s.root, "");
	fwrite(sb.s ? sb.s : "", 1, sb.len, f);
	sb_free(&sb);
	match_free(&s);
	program_free(s.prog);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sema_dump_probe_aliases(FILE *f, struct ast_file *const *lib, int n_lib, int verbose)
{
	VEC(char *) sigs = {0};
	for (int i = 0; i < n_lib; i++) {
		for (int a = 0; lib[i] && a < lib[i]->aliases.n; a++) {
			struct strbuf sb = STRBUF_INIT;
			print_alias_sig(&sb, lib[i]->aliases.v[a]);
			char *s = sb_detach(&sb);
			if (!verbose && s[0] == '_')
				free(s);
			else
				vec_push(&sigs, s);
		}
	}
	if (sigs.n > 1)
		qsort(sigs.v, (size_t)sigs.n, sizeof(char *), cmp_str);
	struct strbuf out = STRBUF_INIT;
	for (int i = 0; i < sigs.n; i++)
		if (!i || strcmp(sigs.v[i], sigs.v[i - 1]))
			sb_printf(&out, "%s\n", sigs.v[i]);
	fwrite(out.s ? out.s : "", 1, out.len, f);
	sb_free(&out);
	vec_foreach(&sigs, s) free(*s);
	vec_free(&sigs);
}

int sema_dump_functions(FILE *f, const struct sema_opts *o, struct diag *d,
			struct ast_file *const *lib, int n_lib)
{
	struct program *p = NULL;
	struct sema_opts so = *o;
	so.dump = SEMA_DUMP_FUNCTIONS;
	so.unoptimized = true; /* keep unused functions (which is all of them) */
	so.suppress_warnings = true;
	sema_elaborate(&so, d, NULL, 0, lib, n_lib, &p);
	if (!p)
		return 1;
	struct strbuf sb = STRBUF_INIT;
	int printed = 0;
	for (int i = 0; i < p->functions.n; i++) {
		const struct ast_function *fn = p->functions.v[i];
		const char *m = p->function_names.v[i];
		if (strncmp(m, "__global_", 9))
			continue;
		if (!o->verbose && !strncmp(m, "__global__", 10))
			continue;
		print_fn_sig(&sb, fn);
		sb_addc(&sb, '\n');
		printed++;
	}
	fwrite(sb.s ? sb.s : "", 1, sb.len, f);
	sb_free(&sb);
	program_free(p);
	return printed ? 0 : 1;
}
