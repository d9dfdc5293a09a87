/* SPDX-License-Identifier: MIT */
/* Compiler internals shared by compile.c (program, handlers, statements, action
 * accounting) and compile_expr.c (expressions). Not for use outside src/comp. */
#ifndef UTAP_COMP_COMP_INT_H
#define UTAP_COMP_COMP_INT_H

#include <stdarg.h>

#include "comp/bytecode.h"
#include "comp/compile.h"
#include "lang/ast.h"

/* pcs of jumps waiting for their target (works with util/vec.h's macros) */
struct comp_jumps {
	uint32_t *v;
	int n, cap;
};

struct comp_loop {
	struct comp_jumps breaks, conts;
	int try_depth; /* try blocks open outside the loop */
};

struct comp {
	const struct program *prog;
	const struct comp_opts *o;
	struct bc_program *bp;
	/* the handler or function being compiled */
	struct bc_func *f;
	const struct ast_function *fn; /* NULL in probe handlers */
	uint32_t ln, sn;	       /* next free long / string register */
	/* translate.cxx's record_actions state */
	uint64_t action_counter;
	bool already_checked;
	VEC(struct comp_loop) loops;
	int try_depth;
	int near; /* near index attached to emitted instructions */
	bool failed;
	char err[256];
};

#define COMP_NO_REG UINT32_MAX

/* ---- compile.c ---- */
void comp_fail(struct comp *c, const struct token *tok, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Emits op with nops operands (int64_t varargs), tagged with the current near. */
uint32_t comp_emit(struct comp *c, enum bc_op op, int nops, ...);
/* Points the jump operand of the instruction at pc to target. */
void comp_patch(struct comp *c, uint32_t pc, uint32_t target);
uint32_t comp_here(const struct comp *c);
/* Sets the token later instructions report errors near (NULL: none). */
void comp_near(struct comp *c, const struct token *tok);
uint32_t comp_temp_l(struct comp *c);
uint32_t comp_temp_s(struct comp *c);
/* translate.cxx's record_actions(actions, tok, update) */
void comp_record_actions(struct comp *c, unsigned actions, const struct token *tok, bool update);
/* Statement count of a function body for finite-call charging; UINT32_MAX if infinite. */
unsigned comp_statement_count(const struct ast_function *fn);
int comp_func_index(struct comp *c, const struct ast_function *fn);
int comp_builtin_index(struct comp *c, const struct ast_function *fn);
bool comp_has_next(const struct ast_function *fn);
int comp_map_slot(const struct ast_var *v);

/* ---- compile_expr.c ---- */
/* Evaluates e; returns the register holding its value (a temporary, or a local's own
 * register which must not be written), COMP_NO_REG for void. */
uint32_t comp_expr(struct comp *c, struct ast_expr *e);
/* Evaluates e into register dst of its type's bank. */
void comp_expr_to(struct comp *c, struct ast_expr *e, uint32_t dst);
/* Evaluates e for its side effects only. */
void comp_expr_void(struct comp *c, struct ast_expr *e);
/* Emits jumps taken when e is true (jump_if) or false; their pcs go to *out for patching.
 * Falls through otherwise. */
void comp_cond_jump(struct comp *c, struct ast_expr *e, bool jump_if, struct comp_jumps *out);
void comp_patch_all(struct comp *c, struct comp_jumps *j, uint32_t target);
/* Evaluates the keys of an array access into consecutive top registers. */
void comp_keys(struct comp *c, const struct ast_var *arr, struct ast_expr *const *keys, int n,
	       uint32_t *lk, uint32_t *sk, uint32_t *mask);

#endif
