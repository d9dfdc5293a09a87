/* SPDX-License-Identifier: MIT */
/* Internal interfaces of semantic analysis (src/sema only): the session state that
 * elaboration threads through its passes, the probe-point match tree, node allocation
 * and the helpers each pass file exports to the others. Outside src/sema use sema.h and
 * program.h. */
#ifndef UTAP_SEMA_ELAB_H
#define UTAP_SEMA_ELAB_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/ast.h"
#include "sema/program.h"
#include "sema/sema.h"
#include "util/diag.h"
#include "util/strbuf.h"

struct match_node;
struct sema;
struct builder;

/* A probe in a derivation chain (stap's `probe`, and alias_derived_probe when alias is
 * set): a script probe, an alias expansion, or an intermediate step of a mark. */
struct xprobe {
	VEC(struct ast_probe_point *) points;
	struct ast_stmt *body;
	const struct token *tok;
	struct xprobe *base;		   /* what it was derived from, NULL for script probes */
	const struct ast_alias *alias;	   /* alias expansion: the alias */
	struct ast_probe_point *alias_loc; /* alias name plus suffix (pn) */
	bool alias_loc_wf;		   /* alias_loc is "well formed" (no wildcard) */
	bool loc_wf;			   /* points[0] is well formed (marks' specific loc) */
	const struct srcfile *file;
	bool privileged, synthetic, primary;
};

/* Parameters of a matched probe point: functor -> literal (last one wins). */
struct pparams {
	int n;
	const char *name[16];
	const struct ast_expr *arg[16];
};

typedef struct diag_error *(*build_fn)(struct sema *s, const struct builder *b, struct xprobe *base,
				       struct ast_probe_point *loc, const struct pparams *params,
				       int suffix_from);

struct builder {
	const char *name; /* "begin/end builder", for -v messages */
	build_fn build;
	const struct ast_alias *alias; /* alias expansion builder */
	int kind;		       /* builder-specific */
};

struct match_entry {
	const char *name;
	bool have_param;
	int ptype; /* 0 unknown, 1 number, 2 string */
	struct match_node *node;
};

struct match_node {
	VEC(struct match_entry) sub; /* sorted as stap's std::map<match_key> */
	VEC(const struct builder *) ends;
};

/* Per-script function bookkeeping: every declared function with its mangled name. */
struct fn_info {
	struct ast_function *fn;
	char *mangled;	  /* __global_NAME__overload_K / __private_... */
	const char *file; /* declaring file name */
	bool used;
};

/* Nodes allocated by sema, whose VEC storage program_free releases. */
struct program_owned {
	VEC(struct ast_expr *) exprs;
	VEC(struct ast_stmt *) stmts;
	VEC(struct ast_probe_point *) points;
	VEC(struct xprobe *) xprobes;
	VEC(struct ast_function *) fns;
	VEC(struct ast_var *) vars;
	VEC(struct derived_probe *) dprobes; /* all, including the ones elided later */
};

struct saved_err {
	const struct ast_expr *e;
	struct diag_error *err;
};

struct var_tok {
	const struct ast_var *v;
	const struct token *tok;
};

struct sema {
	const struct sema_opts *o;
	struct diag *diag;
	struct program *prog;
	struct arena *a;
	VEC(struct ast_file *) user_files;
	VEC(struct ast_file *) lib_files;
	VEC(struct ast_file *) files; /* chosen: user files + included tapsets */
	struct match_node *root;
	VEC(struct builder *) builders; /* owned */
	VEC(struct match_node *) nodes; /* owned */
	bool parent_optional;		/* stap's static in derive_probes */
	/* functions */
	VEC(struct fn_info) fns;	/* all declared, parse order: builtins, lib, user */
	VEC(struct fn_info *) used_fns; /* stap's session.functions (by mangled name) */
	/* resolution context */
	struct derived_probe *cur_probe;
	struct ast_function *cur_fn;
	bool in_cond;
	struct program_owned *own;	/* = prog->owned */
	int errors_before;		/* diag_num_errors at start */
	VEC(struct saved_err) saved;	/* unresolved target symbols' errors */
	VEC(struct var_tok) arity_toks; /* where each variable's arity was set */
	/* typing */
	bool type_changed;
	int type_pass;
};

/* ---- errors -------------------------------------------------------------------------- */

#define SEM_ERR(tok, ...) diag_error_new(DIAG_SITE, (tok), __VA_ARGS__)
/* Prints (and frees) e; returns 1 so that callers can count. */
int sema_print_error(struct sema *s, struct diag_error *e);
int sema_num_errors(const struct sema *s);

/* ---- nodes (node.c) ------------------------------------------------------------------ */

struct ast_expr *node_expr(struct sema *s, enum ast_expr_kind k, const struct token *tok);
struct ast_stmt *node_stmt(struct sema *s, enum ast_stmt_kind k, const struct token *tok);
struct ast_probe_point *node_point(struct sema *s, const struct ast_probe_point *from);
struct ast_var *node_var(struct sema *s, const char *name, const struct token *tok,
			 enum var_scope scope);
struct ast_expr *node_num(struct sema *s, int64_t v, const struct token *tok);
struct ast_expr *node_str(struct sema *s, const char *v, const struct token *tok);
struct ast_component *node_comp(struct sema *s, const char *functor, struct ast_expr *arg,
				const struct token *tok);
/* Deep copies (NULL in, NULL out). Resolved ->var / ->fn pointers are kept. */
struct ast_expr *clone_expr(struct sema *s, const struct ast_expr *e);
struct ast_stmt *clone_stmt(struct sema *s, const struct ast_stmt *st);
/* A block of two or three statements (NULLs skipped), token of the first. */
struct ast_stmt *node_block(struct sema *s, struct ast_stmt *a, struct ast_stmt *b,
			    struct ast_stmt *c);
void node_free_owned(struct program_owned *own);

/* ---- probe points (match.c, builders.c) ---------------------------------------------- */

void match_init(struct sema *s);
void match_free(struct sema *s);
struct match_node *match_bind(struct sema *s, struct match_node *n, const char *name,
			      bool have_param, int ptype);
void match_bind_builder(struct match_node *n, const struct builder *b);
struct builder *builder_new(struct sema *s, const char *name, build_fn fn, int kind);
void register_aliases(struct sema *s);
void register_builtin_probes(struct sema *s);
/* stap's derive_probes: appends to prog->probes. With rethrow, returns the first error
 * instead of printing it. */
struct diag_error *derive_probes(struct sema *s, struct xprobe *p, bool optional, bool rethrow);
struct xprobe *xprobe_new(struct sema *s, struct xprobe *base);
struct xprobe *xprobe_from_script(struct sema *s, const struct ast_probe *p, bool primary);
/* Makes the derived probe for (base, loc) of kind k with pp printed from loc (or pp when
 * not NULL); the body is a deep copy of base's. */
struct derived_probe *derived_new(struct sema *s, struct xprobe *base, struct ast_probe_point *loc,
				  enum probe_kind k, const char *pp, const char *sig_extra);
void derived_add(struct sema *s, struct derived_probe *dp);
bool pparam_num(const struct pparams *p, const char *name, int64_t *v);
bool pparam_str(const struct pparams *p, const char *name, const char **v);
bool pparam_has(const struct pparams *p, const char *name);

/* printing in stap's form after resolution, globals named mangled (print.c; the printer
 * itself is lang/ast_print.c) */
void print_point(struct strbuf *sb, const struct ast_probe_point *pp, bool extras);
/* "a.b = c.d, e" / "x += y" */
void print_alias_sig(struct strbuf *sb, const struct ast_alias *a);
void print_xprobe_sig(struct strbuf *sb, const struct xprobe *p);
/* name%[N]:type [key types] */
void print_var_sig(struct strbuf *sb, const struct ast_var *v);
/* name:type (param:type, ...) */
void print_fn_sig(struct strbuf *sb, const struct ast_function *f);

/* marks (marks.c) */
struct diag_error *build_mark(struct sema *s, const struct builder *b, struct xprobe *base,
			      struct ast_probe_point *loc, const struct pparams *params,
			      int suffix_from);
/* Resolves a process path the way stap's find_executable does; NULL if not found. */
char *find_executable(const char *path);

/* target symbols (targets.c) */
void expand_targets(struct sema *s, struct derived_probe *dp);
void target_save_error(struct sema *s, const struct ast_expr *e, struct diag_error *err);
struct diag_error *target_saved_error(struct sema *s, const struct ast_expr *e);
void target_free_saved(struct sema *s);

/* ---- resolution, types, checks ------------------------------------------------------- */

void fn_register_all(struct sema *s);
/* --dump-functions: every declared function counts as used */
void fn_mark_all_used(struct sema *s);
struct diag_error *var_set_arity(struct sema *s, struct ast_var *v, int a, const struct token *t);
int resolve_symbols(struct sema *s);
int resolve_probe(struct sema *s, struct derived_probe *dp);
int types_infer(struct sema *s);
int types_initial(struct sema *s);
int check_conditions(struct sema *s);
int check_vars(struct sema *s);
int check_stats(struct sema *s);
int check_misc(struct sema *s);
void autoprint_add(struct sema *s);
int check_regexes(struct sema *s);
int check_embedded(struct sema *s);
/* stap's varuse_collecting_visitor over every probe (and the functions they call) */
struct varuse;
struct varuse *varuse_collect(struct sema *s);
bool varuse_read(const struct varuse *vu, const struct ast_var *v);
bool varuse_written(const struct varuse *vu, const struct ast_var *v);
bool varuse_used(const struct varuse *vu, const struct ast_var *v);
void varuse_free(struct varuse *vu);
bool expr_side_effect_free(struct sema *s, const struct ast_expr *e);
bool stmt_side_effect_free(struct sema *s, const struct ast_stmt *st);
int optimize_pre(struct sema *s);
/* One constant-folding sweep; collapse_defines settles one still-open @defined. Returns
 * nonzero when something changed. */
int const_fold(struct sema *s, bool collapse_defines);
int optimize_post(struct sema *s);
struct fn_info *fn_info_of(struct sema *s, const struct ast_function *fn);

/* "str start length" for substr/3, NULL when unknown (builtin_names.c) */
const char *builtin_param_names(const char *fn, int nparams);

/* ---- walking ------------------------------------------------------------------------- */

/* Calls fn on every expression below st/e (pre-order, children after parent), including
 * foreach keys and catch variables. The callback may not restructure the tree. */
typedef void (*walk_expr_fn)(struct ast_expr *e, void *ctx);
void walk_stmt(struct ast_stmt *st, walk_expr_fn fn, void *ctx);
void walk_expr(struct ast_expr *e, walk_expr_fn fn, void *ctx);

#endif
