// SPDX-License-Identifier: MIT
/* process(PATH)[.library(L)][.provider(P)].mark(M) and process.mark (-c/-x) resolution,
 * as stap 4.8's dwarf_builder + sdt_query do it (tapsets.cxx): PATH globs derive one
 * optional probe per file, each matching .note.stapsdt entry becomes one derived probe
 * whose pp() is process("<file>").statement(0x<pc>), with stap's derivation chain
 * (the well-formed process("<file>").mark("<name>") step gives pn()). Files and notes
 * come from elf/resolve.h. */
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wordexp.h>

#include "elf/resolve.h"
#include "sema/elab.h"
#include "sema/suggest.h"
#include "util/alloc.h"

char *find_executable(const char *path)
{
	struct resolve_paths rp = {0};
	char err[512];
	if (resolve_exe_paths(path, &rp, err, sizeof(err)) < 0 || rp.n == 0) {
		resolve_paths_free(&rp);
		return NULL;
	}
	char *r = xstrdup(rp.v[0]);
	resolve_paths_free(&rp);
	return r;
}

/* stap's session::cmd_file(): the executable of -x PID, or the first word of -c. */
static struct diag_error *cmd_file(struct sema *s, char **out)
{
	*out = NULL;
	if (s->o->target_pid && !s->o->target_cmd) {
		*out = xasprintf("/proc/%d/exe", s->o->target_pid);
		return NULL;
	}
	if (!s->o->target_cmd)
		return NULL;
	wordexp_t w;
	int rc = wordexp(s->o->target_cmd, &w, WRDE_NOCMD | WRDE_UNDEF);
	if (rc == 0) {
		if (w.we_wordc > 0)
			*out = xstrdup(w.we_wordv[0]);
		wordfree(&w);
		return NULL;
	}
	switch (rc) {
	case WRDE_BADCHAR:
		return SEM_ERR(NULL, "command contains illegal characters");
	case WRDE_BADVAL:
		return SEM_ERR(NULL, "command contains undefined shell variables");
	case WRDE_CMDSUB:
		return SEM_ERR(NULL, "command contains command substitutions");
	case WRDE_NOSPACE:
		return SEM_ERR(NULL, "out of memory");
	default:
		return SEM_ERR(NULL, "command contains a syntax error");
	}
}

static struct ast_expr *hex_num(struct sema *s, uint64_t v, const struct token *tok)
{
	struct ast_expr *e = node_num(s, (int64_t)v, tok);
	e->postfix = true; /* print_hex, see print_point */
	return e;
}

/* The plain probe holding one location (stap's `new probe(base, loc)`). */
static struct xprobe *step(struct sema *s, struct xprobe *base, struct ast_probe_point *loc,
			   bool wf)
{
	struct xprobe *x = xprobe_new(s, base);
	vec_push(&x->points, loc);
	x->loc_wf = wf;
	return x;
}

static void make_mark_probe(struct sema *s, struct xprobe *base, struct ast_probe_point *loc,
			    const struct mark_set *ms, size_t f, const struct sdt_note *n,
			    const char *proc_path)
{
	const char *file = mark_set_file_path(ms, f);
	const struct elf_file *ef = mark_set_file_elf(ms, f);
	/* specific_loc: the user's point with the file and the actual names filled in */
	struct ast_probe_point *spec = node_point(s, loc);
	struct ast_probe_point *derived = node_point(s, loc);
	vec_free(&derived->components);
	for (int i = 0; i < spec->components.n; i++) {
		struct ast_component *c = spec->components.v[i];
		if (!strcmp(c->functor, "process")) {
			/* sdt_query::convert_location: the executable for library marks */
			c = node_comp(s, "process",
				      node_str(s, proc_path ? proc_path : file, c->tok), c->tok);
			spec->components.v[i] = c;
			vec_push(&derived->components, c);
		} else if (!strcmp(c->functor, "library")) {
			vec_push(&derived->components, c);
		} else if (!strcmp(c->functor, "provider")) {
			spec->components.v[i] =
			    node_comp(s, "provider", node_str(s, n->provider, c->tok), c->tok);
		} else if (!strcmp(c->functor, "mark")) {
			spec->components.v[i] =
			    node_comp(s, "mark", node_str(s, n->name, c->tok), c->tok);
			vec_push(&derived->components,
				 node_comp(s, "statement", hex_num(s, n->pc, c->tok), c->tok));
		}
	}
	struct xprobe *mid = step(s, base, spec, true);
	struct xprobe *nb = step(s, mid, derived, false);

	/* the uprobe's own location: process("<file>").statement(0xPC) */
	struct ast_probe_point *ploc = node_point(s, loc);
	vec_free(&ploc->components);
	const struct token *t0 = loc->components.v[0]->tok;
	vec_push(&ploc->components, node_comp(s, "process", node_str(s, file, t0), t0));
	vec_push(&ploc->components,
		 node_comp(s, "statement", hex_num(s, n->pc, vec_last(&loc->components)->tok),
			   vec_last(&loc->components)->tok));
	const char *section = elf_file_is_dyn(ef) ? ".dynamic" : ".absolute";
	char *extra = arena_printf(s->a, " /* pc=%s+%#" PRIx64 " */", section, n->pc);

	struct derived_probe *dp = derived_new(s, nb, ploc, PROBE_MARK, NULL, extra);
	dp->mark.path = arena_strdup(s->a, file);
	dp->mark.is_library = elf_file_is_dyn(ef) && !elf_file_is_pie(ef);
	dp->mark.provider = arena_strdup(s->a, n->provider);
	dp->mark.name = arena_strdup(s->a, n->name);
	dp->mark.pc = n->pc;
	dp->mark.pc_offset = n->pc_offset;
	dp->mark.sema = n->sema;
	dp->mark.sema_offset = n->sema ? n->sema_offset : UINT64_MAX;
	dp->mark.args = arena_strdup(s->a, n->args ? n->args : "");
	dp->mark.nargs = n->nargs;
	dp->proc_path = proc_path ? arena_strdup(s->a, proc_path)
				  : (dp->mark.is_library ? NULL : dp->mark.path);
	derived_add(s, dp);
	s->prog->has_process_probes = true;
}

/* PR6456: process("/bin/x*"): one optional derivation per matching file. */
static struct diag_error *expand_glob(struct sema *s, struct xprobe *base,
				      struct ast_probe_point *loc, const char *module,
				      int comp_index)
{
	struct resolve_paths rp = {0};
	char err[512];
	if (resolve_exe_paths(module, &rp, err, sizeof(err)) < 0)
		return SEM_ERR(NULL, "%s", err);
	const struct token *t = loc->components.v[comp_index]->tok;
	const char *functor = loc->components.v[comp_index]->functor;
	for (size_t i = 0; i < rp.n; i++) {
		struct ast_probe_point *pp = node_point(s, loc);
		pp->components.v[comp_index] = node_comp(s, functor, node_str(s, rp.v[i], t), t);
		pp->components.v[comp_index]->from_glob = true;
		struct xprobe *np = step(s, base, pp, false);
		diag_error_free(derive_probes(s, np, true, false));
	}
	resolve_paths_free(&rp);
	return NULL;
}

/* stap's build_library_probe + derive_probes: the point again with process(EXE) and
 * library(LIB) filled in, the library marked as an expansion */
static void derive_library(struct sema *s, struct xprobe *base, struct ast_probe_point *loc,
			   const char *exe, const char *lib, bool optional)
{
	struct ast_probe_point *pp = node_point(s, loc);
	for (int i = 0; i < pp->components.n; i++) {
		struct ast_component *c = pp->components.v[i];
		if (!strcmp(c->functor, "process") && c->arg && c->arg->kind == EXPR_STR)
			pp->components.v[i] =
			    node_comp(s, "process", node_str(s, exe, c->tok), c->tok);
		else if (!strcmp(c->functor, "library")) {
			pp->components.v[i] =
			    node_comp(s, "library", node_str(s, lib, c->tok), c->tok);
			pp->components.v[i]->from_glob = true;
		}
	}
	struct xprobe *np = step(s, step(s, base, node_point(s, loc), false), pp, false);
	diag_error_free(derive_probes(s, np, optional, false));
}

/* process(EXE).library(LIB): every library EXE needs whose path ends in LIB (stap matches
 * "*LIB" with fnmatch), each optional; else a LIB glob, or LIB found as a path or in
 * LD_LIBRARY_PATH with stap's warning when LIB was a bare name (tapsets.cxx
 * query_one_library, resolve_library_by_path). */
static struct diag_error *expand_library(struct sema *s, struct xprobe *base,
					 struct ast_probe_point *loc, const char *exe,
					 const char *lib, int ci)
{
	struct resolve_paths needed;
	char interp[256];
	if (resolve_needed_libs(exe, &needed, interp, sizeof(interp)) < 0 && *interp)
		diag_warn(s->diag, NULL, "module %s --ldd skipped: unsupported interpreter: %s",
			  exe, interp);
	char *pat = xasprintf("*%s", lib);
	int matched = 0;
	for (size_t i = 0; i < needed.n; i++)
		if (fnmatch(pat, needed.v[i], 0) == 0) {
			derive_library(s, base, loc, exe, needed.v[i], true);
			matched++;
		}
	free(pat);
	struct diag_error *e = NULL;
	if (matched)
		goto out;
	if (resolve_has_glob(lib)) {
		e = expand_glob(s, base, loc, lib, ci);
		goto out;
	}
	char *path = resolve_library_path(lib);
	if (strchr(path, '/')) {
		derive_library(s, base, loc, exe, path, false);
		if (!strchr(lib, '/'))
			diag_warn(s->diag, NULL,
				  "'%s' is not a needed library of '%s'. Specify the full path to "
				  "squelch this warning.",
				  path, exe);
	} else {
		struct suggest_set set = {0};
		for (size_t i = 0; i < needed.n; i++)
			suggest_set_add(&set, needed.v[i]);
		char *sugs = suggest(lib, &set, 5);
		e = *sugs ? SEM_ERR(NULL,
				    strchr(sugs, ',') ? "no match (similar libraries: %s)"
						      : "no match (similar library: %s)",
				    sugs)
			  : SEM_ERR(NULL, "no match");
		free(sugs);
		suggest_set_free(&set);
	}
	free(path);
out:
	resolve_paths_free(&needed);
	return e;
}

static int comp_index(const struct ast_probe_point *loc, const char *functor)
{
	for (int i = 0; i < loc->components.n; i++)
		if (!strcmp(loc->components.v[i]->functor, functor))
			return i;
	return -1;
}

/* A tapset under a tapset directory's PATH/ subtree (stap's pf_auto_path): for
 * <dir>/PATH/usr/bin/prog.stp, `process` alone means process("/usr/bin/prog") and a
 * relative process("lib.so") means process("/usr/bin/lib.so") (dwarf_builder::build). */
static const char *auto_path(const struct ast_probe_point *loc)
{
	const struct token *t = loc->components.n ? loc->components.v[0]->tok : loc->tok;
	if (!t || !t->file || !t->file->is_tapset)
		return NULL;
	const char *p = strstr(t->file->name, "/PATH/");
	return p ? p + 5 : NULL;
}

static char *auto_path_module(const struct ast_probe_point *loc, const char *arg)
{
	const char *ap = auto_path(loc);
	if (!ap)
		return NULL;
	if (!arg) {
		const char *end = strrchr(ap, '.');
		return xstrndup(ap, end && !strcmp(end, ".stp") ? (size_t)(end - ap) : strlen(ap));
	}
	if (arg[0] == '/' || !*arg)
		return NULL;
	return xasprintf("%.*s%s", (int)(strrchr(ap, '/') - ap + 1), ap, arg);
}

/* The process path a mark probe names, and whether the process component had no
 * argument (then -c/-x supply it and the location gets it written in). */
static struct diag_error *mark_module(struct sema *s, struct ast_probe_point *loc,
				      const struct pparams *params, char **module)
{
	const char *path;
	int64_t pid;
	*module = NULL;
	struct ast_component *c0 = loc->components.v[0];
	if (pparam_str(params, "process", &path)) {
		*module = auto_path_module(loc, path);
		if (*module && !strcmp(c0->functor, "process"))
			loc->components.v[0] =
			    node_comp(s, "process", node_str(s, *module, c0->tok), c0->tok);
		if (!*module)
			*module = xstrdup(path);
		return NULL;
	}
	if (pparam_num(params, "process", &pid)) {
		*module = xasprintf("/proc/%lld/exe", (long long)pid);
		return NULL;
	}
	if (!pparam_num(params, "process", &pid) && !strcmp(c0->functor, "process") && !c0->arg &&
	    (*module = auto_path_module(loc, NULL))) {
		loc->components.v[0] =
		    node_comp(s, "process", node_str(s, *module, c0->tok), c0->tok);
		return NULL;
	}
	char *file = NULL;
	struct diag_error *e = cmd_file(s, &file);
	if (e) {
		struct diag_error *w =
		    SEM_ERR(NULL, s->o->target_pid && !s->o->target_cmd
				      ? "invalid -x pid for unspecified process probe "
					"[man stapprobes]"
				      : "invalid -c command for unspecified process "
					"probe [man stapprobes]");
		diag_error_set_chain(w, e);
		return w;
	}
	if (!file || !*file) {
		free(file);
		return SEM_ERR(NULL, "unspecified process probe is invalid without a -c COMMAND "
				     "or -x PID [man stapprobes]");
	}
	if (!strcmp(c0->functor, "process") && !c0->arg) {
		struct ast_expr *arg = s->o->target_pid ? node_num(s, s->o->target_pid, c0->tok)
							: node_str(s, file, c0->tok);
		loc->components.v[0] = node_comp(s, "process", arg, c0->tok);
	}
	*module = file;
	return NULL;
}

struct diag_error *build_mark(struct sema *s, const struct builder *b, struct xprobe *base,
			      struct ast_probe_point *loc, const struct pparams *params,
			      int suffix_from)
{
	char *module = NULL;
	struct diag_error *e = mark_module(s, loc, params, &module);
	if (e)
		return e;
	const char *mark = "", *provider = NULL, *library = NULL;
	pparam_str(params, "mark", &mark);
	pparam_str(params, "provider", &provider);
	bool has_lib = pparam_str(params, "library", &library);
	const char *file_pat = has_lib ? library : module;
	int ci = comp_index(loc, has_lib ? "library" : "process");
	if (has_lib && ci >= 0 && !loc->components.v[ci]->from_glob) {
		char *exe = find_executable(module);
		e = exe ? expand_library(s, base, loc, exe, library, ci)
			: SEM_ERR(NULL, "cannot find executable '%s'", module);
		free(exe);
		free(module);
		return e;
	}
	if (resolve_has_glob(file_pat) && ci >= 0) {
		e = expand_glob(s, base, loc, file_pat, ci);
		free(module);
		return e;
	}
	char *proc_path = NULL;
	if (has_lib) {
		proc_path = find_executable(module);
		if (!proc_path) {
			e = SEM_ERR(NULL, "cannot find executable '%s'", module);
			free(module);
			return e;
		}
	}
	char err[512] = "";
	struct mark_set *ms = NULL;
	char *pat = resolve_mark_pattern(mark);
	int rc = mark_set_resolve(file_pat, provider, mark, &ms, err, sizeof(err));
	if (rc < 0) {
		e = SEM_ERR(NULL, "%s", *err ? err : strerror(-rc));
		goto out;
	}
	int before = s->prog->probes.n;
	for (size_t f = 0; f < mark_set_file_count(ms); f++)
		for (size_t i = 0; i < mark_set_mark_count(ms, f); i++)
			make_mark_probe(s, base, loc, ms, f, mark_set_mark(ms, f, i), proc_path);
	if (before == s->prog->probes.n) {
		char *sugs = mark_set_suggest(ms, mark);
		if (*sugs)
			e = SEM_ERR(NULL,
				    strchr(sugs, ',') ? "no match (similar marks: %s)"
						      : "no match (similar mark: %s)",
				    sugs);
		free(sugs);
	}
out:
	mark_set_free(ms);
	free(pat);
	free(proc_path);
	free(module);
	return e;
}
