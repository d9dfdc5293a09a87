// SPDX-License-Identifier: MIT
/* The compiler driver: globals, functions and probe handlers, statements, and
 * translate.cxx's action accounting (record_actions flushed at basic-block ends, the
 * max_action_info pre-check of finite handlers, charges for finite callees) so that
 * MAXACTION fires where stap's would. Expressions are in compile_expr.c. */
#include "comp/compile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/comp_int.h"
#include "util/alloc.h"
#include "util/strbuf.h"

#define REG_LIMIT 0xffffff /* operand a is 24 bits */

/* ---- helpers ------------------------------------------------------------------------- */

void comp_fail(struct comp *c, const struct token *tok, const char *fmt, ...)
{
	if (c->failed)
		return;
	c->failed = true;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	if (tok && tok->file && n > 0 && (size_t)n < sizeof(c->err))
		snprintf(c->err + n, sizeof(c->err) - (size_t)n, " at %s:%d:%d", tok->file->name,
			 tok->line, tok->col);
}

uint32_t comp_emit(struct comp *c, enum bc_op op, int nops, ...)
{
	int64_t ops[8];
	va_list ap;
	va_start(ap, nops);
	for (int i = 0; i < nops && i < 8; i++)
		ops[i] = va_arg(ap, int64_t);
	va_end(ap);
	uint32_t pc = (uint32_t)c->f->code.n;
	bc_set_near(c->f, pc, c->near);
	return bc_emit(c->f, op, ops, nops);
}

void comp_patch(struct comp *c, uint32_t pc, uint32_t target)
{
	uint32_t op = c->f->code.v[pc] & 0xff;
	const char *kinds = bc_op_operands[op];
	const char *j = strchr(kinds, 'j');
	if (!j)
		return;
	int i = (int)(j - kinds);
	if (i == 0)
		c->f->code.v[pc] = op | (target << 8);
	else
		c->f->code.v[pc + (uint32_t)i] = target;
}

void comp_patch_all(struct comp *c, struct comp_jumps *j, uint32_t target)
{
	for (int i = 0; i < j->n; i++)
		comp_patch(c, j->v[i], target);
	j->n = 0;
}

uint32_t comp_here(const struct comp *c)
{
	return (uint32_t)c->f->code.n;
}

static void note_regs(struct comp *c)
{
	if (c->ln > c->f->nl)
		c->f->nl = c->ln;
	if (c->sn > c->f->ns)
		c->f->ns = c->sn;
	if (c->ln > REG_LIMIT || c->sn > REG_LIMIT)
		comp_fail(c, NULL, "too many registers in %s", c->f->name);
}

uint32_t comp_temp_l(struct comp *c)
{
	uint32_t r = c->ln++;
	note_regs(c);
	return r;
}

uint32_t comp_temp_s(struct comp *c)
{
	uint32_t r = c->sn++;
	note_regs(c);
	return r;
}

static const char *kind_name(enum tok_kind k)
{
	switch (k) {
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
	case TOK_JUNK:
		return "junk";
	default:
		return "unknown token";
	}
}

/* parse.cxx operator<<(ostream&, const token&) */
char *comp_token_text(const struct token *tok)
{
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, kind_name(tok->kind));
	if (tok->kind != TOK_EMBEDDED && tok->kind != TOK_KEYWORD) {
		sb_adds(&sb, " '");
		for (const char *p = tok->text; p && *p; p++)
			sb_addc(&sb, (*p >= 0x20 && *p < 0x7f) ? *p : '?');
		sb_addc(&sb, '\'');
	}
	sb_printf(&sb, " at %s:%d:%d", tok->file ? tok->file->name : "<unknown>", tok->line,
		  tok->col);
	return sb_detach(&sb);
}

void comp_near(struct comp *c, const struct token *tok)
{
	if (!tok) {
		c->near = -1;
		return;
	}
	char *s = comp_token_text(tok);
	c->near = bc_add_near(c->bp, s);
	free(s);
}

/* ---- action accounting (translate.cxx) ----------------------------------------------- */

void comp_record_actions(struct comp *c, unsigned actions, const struct token *tok, bool update)
{
	c->action_counter += actions;
	if (((update && c->action_counter > 0) || c->action_counter >= 10) &&
	    !c->o->suppress_time_limits && !c->already_checked) {
		int save = c->near;
		comp_near(c, tok);
		comp_emit(c, BC_ACT, 1, (int64_t)c->action_counter);
		c->near = save;
		c->action_counter = 0;
	}
}

#define MAI_MAX UINT32_MAX

/* max_action_info: statements a body can execute, or MAI_MAX for loops and recursion */
struct mai {
	unsigned count;
	const struct ast_function *nested[256];
	int nnested;
};

static void mai_add(struct mai *m, unsigned v)
{
	m->count = m->count > MAI_MAX - v ? MAI_MAX : m->count + v;
}

static void mai_stmt(struct mai *m, const struct ast_stmt *s);

static void mai_call(struct mai *m, const struct ast_function *fn)
{
	for (; fn; fn = fn->next_overload) {
		if (!fn->body)
			continue; /* a native built-in */
		bool rec = false;
		for (int i = 0; i < m->nnested; i++)
			rec |= m->nested[i] == fn;
		if (rec || m->nnested == 256) {
			m->count = MAI_MAX;
			continue;
		}
		m->nested[m->nnested++] = fn;
		mai_stmt(m, fn->body);
		m->nnested--;
	}
}

static void mai_expr(struct mai *m, const struct ast_expr *e)
{
	if (!e)
		return;
	mai_expr(m, e->left);
	mai_expr(m, e->right);
	mai_expr(m, e->third);
	for (int i = 0; i < e->args.n; i++)
		mai_expr(m, e->args.v[i]);
	if (e->kind == EXPR_CALL)
		mai_call(m, e->fn);
}

static void mai_stmt(struct mai *m, const struct ast_stmt *s)
{
	if (!s)
		return;
	switch (s->kind) {
	case STMT_BLOCK:
		for (int i = 0; i < s->body.n; i++)
			mai_stmt(m, s->body.v[i]);
		break;
	case STMT_FOR:
	case STMT_FOREACH:
		m->count = MAI_MAX;
		break;
	case STMT_EXPR:
		mai_add(m, 1);
		mai_expr(m, s->expr);
		break;
	case STMT_IF: {
		mai_add(m, 1);
		mai_expr(m, s->expr);
		struct mai t = *m, e = *m;
		mai_stmt(&t, s->then);
		if (s->els)
			mai_stmt(&e, s->els);
		m->count = t.count > e.count ? t.count : e.count;
		break;
	}
	case STMT_TRY:
		mai_stmt(m, s->then);
		mai_stmt(m, s->els);
		break;
	case STMT_NULL:
	case STMT_RETURN:
	case STMT_DELETE:
	case STMT_NEXT:
	case STMT_BREAK:
	case STMT_CONTINUE:
		mai_add(m, 1);
		break;
	default:
		break;
	}
}

static unsigned statement_count(const struct ast_stmt *body, const struct ast_function *self)
{
	struct mai m = {0};
	if (self)
		m.nested[m.nnested++] = self;
	mai_stmt(&m, body);
	return m.count;
}

unsigned comp_statement_count(const struct ast_function *fn)
{
	return fn->body ? statement_count(fn->body, fn) : 0;
}

static bool stmt_has_next(const struct ast_stmt *s)
{
	if (!s)
		return false;
	if (s->kind == STMT_NEXT)
		return true;
	for (int i = 0; i < s->body.n; i++)
		if (stmt_has_next(s->body.v[i]))
			return true;
	return stmt_has_next(s->then) || stmt_has_next(s->els) || stmt_has_next(s->loop_body);
}

bool comp_has_next(const struct ast_function *fn)
{
	return fn->body && stmt_has_next(fn->body);
}

/* ---- statements ---------------------------------------------------------------------- */

static void stmt(struct comp *c, struct ast_stmt *s);

static void stmt_block(struct comp *c, struct ast_stmt *s)
{
	for (int i = 0; i < s->body.n && !c->failed; i++)
		stmt(c, s->body.v[i]);
}

static void stmt_expr(struct comp *c, struct ast_stmt *s)
{
	uint32_t ln = c->ln, sn = c->sn;
	comp_expr_void(c, s->expr);
	c->ln = ln;
	c->sn = sn;
	comp_record_actions(c, 1, s->tok, false);
}

static void stmt_if(struct comp *c, struct ast_stmt *s)
{
	comp_record_actions(c, 1, s->tok, true);
	struct comp_jumps to_else = {0};
	uint32_t ln = c->ln, sn = c->sn;
	comp_cond_jump(c, s->expr, false, &to_else);
	c->ln = ln;
	c->sn = sn;
	stmt(c, s->then);
	comp_record_actions(c, 0, s->then->tok, true);
	if (s->els) {
		uint32_t jend = comp_emit(c, BC_JMP, 1, (int64_t)0);
		comp_patch_all(c, &to_else, comp_here(c));
		stmt(c, s->els);
		comp_record_actions(c, 0, s->els->tok, true);
		comp_patch(c, jend, comp_here(c));
	} else {
		comp_patch_all(c, &to_else, comp_here(c));
	}
	vec_free(&to_else);
}

static struct comp_loop *loop_push(struct comp *c)
{
	struct comp_loop l = {.try_depth = c->try_depth};
	vec_push(&c->loops, l);
	return &vec_last(&c->loops);
}

static void loop_pop(struct comp *c, uint32_t cont, uint32_t brk)
{
	struct comp_loop *l = &vec_last(&c->loops);
	comp_patch_all(c, &l->conts, cont);
	comp_patch_all(c, &l->breaks, brk);
	vec_free(&l->conts);
	vec_free(&l->breaks);
	c->loops.n--;
}

/* an expression statement as a for-loop init/increment */
static void expr_stmt(struct comp *c, struct ast_expr *e, const struct token *tok)
{
	if (!e)
		return;
	uint32_t ln = c->ln, sn = c->sn;
	comp_expr_void(c, e);
	c->ln = ln;
	c->sn = sn;
	comp_record_actions(c, 1, tok, false);
}

bool comp_expr_has_call(const struct ast_expr *e);

/* for (init; cond; incr) body, as translate.cxx lays it out: the test at the top */
static void for_top_test(struct comp *c, struct ast_stmt *s)
{
	uint32_t top = comp_here(c);
	comp_record_actions(c, 1, s->tok, false);
	struct comp_jumps to_end = {0};
	uint32_t ln = c->ln, sn = c->sn;
	if (s->expr)
		comp_cond_jump(c, s->expr, false, &to_end);
	c->ln = ln;
	c->sn = sn;
	struct comp_loop *l = loop_push(c);
	for (int i = 0; i < to_end.n; i++)
		vec_push(&l->breaks, to_end.v[i]);
	vec_free(&to_end);
	stmt(c, s->loop_body);
	comp_record_actions(c, 0, s->loop_body->tok, true);
	uint32_t cont = comp_here(c);
	expr_stmt(c, s->incr, s->incr ? s->incr->tok : s->tok);
	comp_emit(c, BC_JMP, 1, (int64_t)top);
	loop_pop(c, cont, comp_here(c));
}

/* The same with the test laid out after the body: the same order of execution, one jump
 * less per iteration. Only when the test cannot emit action charges (no calls). */
static void for_bottom_test(struct comp *c, struct ast_stmt *s)
{
	uint32_t jtest = comp_emit(c, BC_JMP, 1, (int64_t)0);
	uint32_t body = comp_here(c);
	/* the action stap records at the top of each iteration, flushed with the body */
	comp_record_actions(c, 1, s->tok, false);
	loop_push(c);
	stmt(c, s->loop_body);
	comp_record_actions(c, 0, s->loop_body->tok, true);
	uint32_t cont = comp_here(c);
	expr_stmt(c, s->incr, s->incr ? s->incr->tok : s->tok);
	comp_patch(c, jtest, comp_here(c));
	struct comp_jumps to_body = {0};
	uint32_t ln = c->ln, sn = c->sn;
	if (s->expr) {
		comp_cond_jump(c, s->expr, true, &to_body);
	} else {
		uint32_t j = comp_emit(c, BC_JMP, 1, (int64_t)0);
		vec_push(&to_body, j);
	}
	c->ln = ln;
	c->sn = sn;
	comp_patch_all(c, &to_body, body);
	vec_free(&to_body);
	loop_pop(c, cont, comp_here(c));
}

static void stmt_for(struct comp *c, struct ast_stmt *s)
{
	expr_stmt(c, s->init, s->init ? s->init->tok : s->tok);
	comp_record_actions(c, 1, s->tok, true);
	if (comp_expr_has_call(s->expr))
		for_top_test(c, s);
	else
		for_bottom_test(c, s);
}

static int sort_code(const struct ast_stmt *s, bool has_limit)
{
	int agg = 0;
	if (s->sort_agg_given) {
		switch (s->sort_agg) {
		case STAT_SUM:
			agg = 1;
			break;
		case STAT_MIN:
			agg = 2;
			break;
		case STAT_MAX:
			agg = 3;
			break;
		case STAT_AVG:
			agg = 4;
			break;
		default:
			agg = 0;
		}
	}
	return (s->sort_dir < 0 ? 1 : 0) | (agg << 1) | (has_limit ? 16 : 0);
}

/* foreach over an array: sort, walk the entries, bind keys/value, slices, limit */
static void foreach_array(struct comp *c, struct ast_stmt *s, const struct ast_var *arr)
{
	int m = comp_map_slot(arr);
	uint32_t limit = COMP_NO_REG, count = COMP_NO_REG;
	if (s->limit) {
		limit = comp_temp_l(c);
		comp_expr_to(c, s->limit, limit);
	}
	if (s->sort_dir != 0) { /* column -1 (or 0) is the value */
		int col = s->sort_column > 0 ? s->sort_column : 0;
		comp_emit(c, BC_MSORT, 4, (int64_t)m, (int64_t)col,
			  (int64_t)sort_code(s, s->limit != NULL),
			  (int64_t)(limit == COMP_NO_REG ? 0 : limit));
	}
	if (s->limit) {
		count = comp_temp_l(c);
		comp_emit(c, BC_LOADI, 2, (int64_t)count, (int64_t)0);
	}
	uint32_t it = comp_temp_l(c);
	comp_emit(c, BC_MFIRST, 2, (int64_t)it, (int64_t)m);
	/* slice values, evaluated once */
	uint32_t slice[AST_MAX_KEYS];
	for (int i = 0; i < s->slice.n && i < AST_MAX_KEYS; i++) {
		slice[i] = COMP_NO_REG;
		struct ast_expr *k = s->slice.v[i];
		if (!k)
			continue;
		slice[i] = k->type == TYPE_STRING ? comp_temp_s(c) : comp_temp_l(c);
		comp_expr_to(c, k, slice[i]);
	}
	comp_record_actions(c, 1, s->tok, true);
	uint32_t top = comp_here(c);
	comp_record_actions(c, 1, s->tok, false);
	struct comp_loop *l = loop_push(c);
	uint32_t jend = comp_emit(c, BC_JZ, 2, (int64_t)it, (int64_t)0);
	vec_push(&l->breaks, jend);
	if (s->limit) {
		uint32_t j = comp_emit(c, BC_JGE, 3, (int64_t)count, (int64_t)limit, (int64_t)0);
		vec_push(&vec_last(&c->loops).breaks, j);
		comp_emit(c, BC_ADDI, 3, (int64_t)count, (int64_t)count, (int64_t)1);
	}
	for (int i = 0; i < s->keys.n; i++) {
		const struct ast_var *k = s->keys.v[i]->var;
		bool str = (arr->key_types[i] == TYPE_STRING);
		comp_emit(c, str ? BC_MKEYS : BC_MKEY, 3, (int64_t)k->slot, (int64_t)it,
			  (int64_t)i);
	}
	for (int i = 0; i < s->slice.n && i < AST_MAX_KEYS; i++) {
		if (slice[i] == COMP_NO_REG)
			continue;
		const struct ast_var *k = s->keys.v[i]->var;
		uint32_t t = comp_temp_l(c);
		if (arr->key_types[i] == TYPE_STRING)
			comp_emit(c, BC_SNE, 3, (int64_t)t, (int64_t)k->slot, (int64_t)slice[i]);
		else
			comp_emit(c, BC_NE, 3, (int64_t)t, (int64_t)k->slot, (int64_t)slice[i]);
		uint32_t j = comp_emit(c, BC_JNZ, 2, (int64_t)t, (int64_t)0);
		vec_push(&vec_last(&c->loops).conts, j);
		c->ln--;
	}
	if (s->value_var) {
		const struct ast_var *v = s->value_var->var;
		comp_emit(c, v->type == TYPE_STRING ? BC_MVALS : BC_MVAL, 2, (int64_t)v->slot,
			  (int64_t)it);
	}
	stmt(c, s->loop_body);
	comp_record_actions(c, 0, s->loop_body->tok, true);
	uint32_t cont = comp_here(c);
	comp_emit(c, BC_MNEXT, 2, (int64_t)it, (int64_t)m);
	comp_emit(c, BC_JMP, 1, (int64_t)top);
	loop_pop(c, cont, comp_here(c));
}

/* foreach (i in @hist_x(stat)) walks the buckets */
static void foreach_hist(struct comp *c, struct ast_stmt *s, struct ast_expr *h)
{
	uint32_t limit = COMP_NO_REG, count = COMP_NO_REG;
	if (s->limit) {
		limit = comp_temp_l(c);
		comp_expr_to(c, s->limit, limit);
		count = comp_temp_l(c);
		comp_emit(c, BC_LOADI, 2, (int64_t)count, (int64_t)0);
	}
	struct ast_expr *st = h->left;
	const struct ast_var *sv = st->kind == EXPR_INDEX ? st->left->var : st->var;
	uint32_t lk = 0, sk = 0, mask = 0;
	if (st->kind == EXPR_INDEX)
		comp_keys(c, sv, st->args.v, st->args.n, &lk, &sk, &mask);
	uint32_t n = comp_temp_l(c);
	/* every stat of one variable has the same shape: the bucket count is static */
	int buckets = 0;
	if (sv->hist_kind == HIST_LOG)
		buckets = 128;
	else if (sv->hist_kind == HIST_LINEAR && sv->hist_params[2] != 0)
		buckets =
		    (int)(((int64_t)(int32_t)sv->hist_params[1] - (int32_t)sv->hist_params[0]) /
			  (int32_t)sv->hist_params[2]) +
		    3;
	comp_emit(c, BC_LOADI, 2, (int64_t)n, (int64_t)buckets);
	const struct ast_var *b = s->keys.v[0]->var;
	comp_emit(c, BC_LOADI, 2, (int64_t)b->slot, (int64_t)0);
	comp_record_actions(c, 1, s->tok, true);
	uint32_t top = comp_here(c);
	struct comp_loop *l = loop_push(c);
	uint32_t jend = comp_emit(c, BC_JGE, 3, (int64_t)b->slot, (int64_t)n, (int64_t)0);
	vec_push(&l->breaks, jend);
	if (s->limit) {
		uint32_t j = comp_emit(c, BC_JGE, 3, (int64_t)count, (int64_t)limit, (int64_t)0);
		vec_push(&vec_last(&c->loops).breaks, j);
		comp_emit(c, BC_ADDI, 3, (int64_t)count, (int64_t)count, (int64_t)1);
	}
	if (s->value_var) {
		const struct ast_var *v = s->value_var->var;
		if (st->kind == EXPR_INDEX)
			comp_emit(c, BC_MHFOREACH, 5, (int64_t)v->slot, (int64_t)comp_map_slot(sv),
				  (int64_t)lk, (int64_t)sk, (int64_t)b->slot);
		else
			comp_emit(c, BC_HFOREACH, 3, (int64_t)v->slot, (int64_t)sv->slot,
				  (int64_t)b->slot);
	}
	stmt(c, s->loop_body);
	comp_record_actions(c, 1, s->loop_body->tok, true);
	uint32_t cont = comp_here(c);
	comp_emit(c, BC_ADDI, 3, (int64_t)b->slot, (int64_t)b->slot, (int64_t)1);
	comp_emit(c, BC_JMP, 1, (int64_t)top);
	loop_pop(c, cont, comp_here(c));
}

static void stmt_foreach(struct comp *c, struct ast_stmt *s)
{
	uint32_t ln = c->ln, sn = c->sn;
	if (s->base->kind == EXPR_HIST)
		foreach_hist(c, s, s->base);
	else
		foreach_array(c, s, s->base->var);
	c->ln = ln;
	c->sn = sn;
}

static void stmt_return(struct comp *c, struct ast_stmt *s)
{
	if (!c->fn) {
		comp_fail(c, s->tok, "cannot 'return' from probe");
		return;
	}
	uint32_t ln = c->ln, sn = c->sn;
	uint32_t r = COMP_NO_REG;
	if (s->expr)
		r = comp_expr(c, s->expr);
	comp_record_actions(c, 1, s->tok, true);
	if (r == COMP_NO_REG)
		comp_emit(c, BC_RET, 0);
	else if (s->expr->type == TYPE_STRING)
		comp_emit(c, BC_RETS, 1, (int64_t)r);
	else
		comp_emit(c, BC_RETL, 1, (int64_t)r);
	c->ln = ln;
	c->sn = sn;
}

static void stmt_delete(struct comp *c, struct ast_stmt *s)
{
	struct ast_expr *e = s->expr;
	uint32_t ln = c->ln, sn = c->sn;
	comp_near(c, e->tok);
	if (e->kind == EXPR_SYM) {
		const struct ast_var *v = e->var;
		if (v->arity > 0) {
			comp_emit(c, BC_MCLR, 1, (int64_t)comp_map_slot(v));
		} else if (v->type == TYPE_STATS) {
			comp_emit(c, BC_STCLR, 1, (int64_t)v->slot);
		} else if (v->scope != VAR_GLOBAL) {
			if (v->type == TYPE_STRING)
				comp_emit(c, BC_CLRS, 1, (int64_t)v->slot);
			else
				comp_emit(c, BC_LOADI, 2, (int64_t)v->slot, (int64_t)0);
		} else if (v->type == TYPE_STRING) {
			uint32_t t = comp_temp_s(c);
			comp_emit(c, BC_CLRS, 1, (int64_t)t);
			comp_emit(c, BC_SETGS, 2, (int64_t)v->slot, (int64_t)t);
		} else {
			uint32_t t = comp_temp_l(c);
			comp_emit(c, BC_LOADI, 2, (int64_t)t, (int64_t)0);
			comp_emit(c, BC_SETG, 2, (int64_t)v->slot, (int64_t)t);
		}
	} else if (e->kind == EXPR_INDEX && e->left->kind == EXPR_SYM) {
		const struct ast_var *v = e->left->var;
		uint32_t lk, sk, mask;
		comp_keys(c, v, e->args.v, e->args.n, &lk, &sk, &mask);
		comp_near(c, e->tok);
		uint32_t all = (1u << v->arity) - 1;
		if (mask == all)
			comp_emit(c, BC_MDEL, 3, (int64_t)comp_map_slot(v), (int64_t)lk,
				  (int64_t)sk);
		else
			comp_emit(c, BC_MDELW, 4, (int64_t)comp_map_slot(v), (int64_t)lk,
				  (int64_t)sk, (int64_t)mask);
	} else {
		comp_fail(c, e->tok, "invalid operand of delete expression");
	}
	c->ln = ln;
	c->sn = sn;
	comp_record_actions(c, 1, s->tok, false);
}

static void stmt_jump(struct comp *c, struct ast_stmt *s, bool is_break)
{
	if (!c->loops.n) {
		comp_fail(c, s->tok,
			  is_break ? "cannot 'break' outside loop"
				   : "cannot 'continue' outside loop");
		return;
	}
	comp_record_actions(c, 1, s->tok, true);
	struct comp_loop *l = &vec_last(&c->loops);
	if (c->try_depth > l->try_depth)
		comp_emit(c, BC_TRYEND, 1, (int64_t)(c->try_depth - l->try_depth));
	uint32_t j = comp_emit(c, BC_JMP, 1, (int64_t)0);
	if (is_break)
		vec_push(&l->breaks, j);
	else
		vec_push(&l->conts, j);
}

static void stmt_try(struct comp *c, struct ast_stmt *s)
{
	comp_record_actions(c, 0, s->tok, true);
	uint32_t jtry = comp_emit(c, BC_TRY, 1, (int64_t)0);
	c->try_depth++;
	if (s->then) {
		stmt(c, s->then);
		comp_record_actions(c, 0, s->then->tok, true);
	}
	c->try_depth--;
	comp_emit(c, BC_TRYEND, 1, (int64_t)1);
	uint32_t jend = comp_emit(c, BC_JMP, 1, (int64_t)0);
	comp_patch(c, jtry, comp_here(c));
	if (s->catch_var && s->catch_var->var)
		comp_emit(c, BC_CATCHMSG, 1, (int64_t)s->catch_var->var->slot);
	comp_record_actions(c, 1, s->tok, true);
	if (s->els) {
		stmt(c, s->els);
		comp_record_actions(c, 0, s->els->tok, true);
	}
	comp_patch(c, jend, comp_here(c));
}

static void stmt(struct comp *c, struct ast_stmt *s)
{
	if (!s || c->failed)
		return;
	switch (s->kind) {
	case STMT_NULL:
		break;
	case STMT_BLOCK:
		stmt_block(c, s);
		break;
	case STMT_EXPR:
		stmt_expr(c, s);
		break;
	case STMT_IF:
		stmt_if(c, s);
		break;
	case STMT_FOR:
		stmt_for(c, s);
		break;
	case STMT_FOREACH:
		stmt_foreach(c, s);
		break;
	case STMT_RETURN:
		stmt_return(c, s);
		break;
	case STMT_DELETE:
		stmt_delete(c, s);
		break;
	case STMT_BREAK:
		stmt_jump(c, s, true);
		break;
	case STMT_CONTINUE:
		stmt_jump(c, s, false);
		break;
	case STMT_NEXT:
		comp_record_actions(c, 1, s->tok, true);
		comp_emit(c, BC_NEXT, 0);
		break;
	case STMT_TRY:
		stmt_try(c, s);
		break;
	case STMT_EMBEDDED:
		comp_fail(c, s->tok, "embedded code is not supported");
		break;
	}
}

/* ---- functions and handlers ---------------------------------------------------------- */

static void assign_var(struct bc_func *f, struct ast_var *v, uint32_t *ln, uint32_t *sn)
{
	if (v->type == TYPE_STRING)
		v->slot = (int)(*sn)++;
	else
		v->slot = (int)(*ln)++;
	(void)f;
}

static void assign_locals(struct comp *c, struct ast_var *const *vars, int n)
{
	for (int i = 0; i < n; i++)
		assign_var(c->f, vars[i], &c->ln, &c->sn);
	note_regs(c);
}

static void begin_body(struct comp *c, const struct ast_stmt *body, const struct token *tok,
		       const struct ast_function *self)
{
	c->action_counter = 0;
	c->already_checked = false;
	c->try_depth = 0;
	unsigned count = statement_count(body, self);
	if (count != MAI_MAX && !c->o->suppress_time_limits && !c->o->unoptimized) {
		comp_near(c, tok);
		comp_emit(c, BC_ACTCHK, 1, (int64_t)count);
		c->f->finite = count;
		c->already_checked = true;
	}
}

static void compile_function(struct comp *c, struct ast_function *fn)
{
	struct bc_func *f = c->bp->funcs.v[fn->index];
	c->f = f;
	c->fn = fn;
	c->ln = c->sn = 0;
	for (int i = 0; i < fn->params.n; i++)
		assign_var(f, fn->params.v[i], &c->ln, &c->sn);
	f->npl = c->ln;
	f->nps = c->sn;
	assign_locals(c, fn->locals.v, fn->locals.n);
	f->nll = c->ln;
	f->nls = c->sn;
	f->ret = fn->ret == TYPE_STRING ? BC_STR : fn->ret == TYPE_LONG ? BC_LONG : BC_VOID;
	/* the return value goes to register 0 of the frame */
	if (f->ret == BC_LONG && f->nl == 0)
		f->nl = 1;
	if (f->ret == BC_STR && f->ns == 0)
		f->ns = 1;
	comp_near(c, fn->tok);
	f->near = c->near;
	begin_body(c, fn->body, fn->tok, fn);
	stmt(c, fn->body);
	comp_record_actions(c, 0, fn->body->tok, true);
	/* falling off the end returns 0 / "" */
	if (f->ret == BC_LONG) {
		uint32_t t = comp_temp_l(c);
		comp_emit(c, BC_LOADI, 2, (int64_t)t, (int64_t)0);
		comp_emit(c, BC_RETL, 1, (int64_t)t);
	} else if (f->ret == BC_STR) {
		uint32_t t = comp_temp_s(c);
		comp_emit(c, BC_CLRS, 1, (int64_t)t);
		comp_emit(c, BC_RETS, 1, (int64_t)t);
	}
	comp_emit(c, BC_RET, 0);
}

static const char *probe_type(const struct derived_probe *dp)
{
	switch (dp->kind) {
	case PROBE_BEGIN:
	case PROBE_END:
	case PROBE_ERROR:
		return "begin_end";
	case PROBE_TIMER:
		return "hrtimer";
	case PROBE_PROFILE:
		return "profile_timer";
	case PROBE_MARK:
		return "uprobe";
	case PROBE_NEVER:
		return "never";
	default:
		return "utrace";
	}
}

static void compile_probe(struct comp *c, struct derived_probe *dp)
{
	int fi;
	struct bc_func *f = bc_func_new(c->bp, dp->pp ? dp->pp : "probe", &fi);
	f->is_probe = true;
	c->f = f;
	c->fn = NULL;
	c->ln = c->sn = 0;
	assign_locals(c, dp->locals.v, dp->locals.n);
	f->nll = c->ln;
	f->nls = c->sn;
	struct bc_probe pr = {
	    .pp = xstrdup(dp->pp ? dp->pp : ""),
	    .pn = xstrdup(dp->pn   ? dp->pn
			  : dp->pp ? dp->pp
				   : ""),
	    .type = xstrdup(probe_type(dp)),
	    .is_return = false,
	    .func = fi,
	};
	vec_push(&c->bp->probes, pr);
	c->near = -1;
	if (dp->body) {
		begin_body(c, dp->body, NULL, NULL);
		/* the finite pre-check of a probe names no token */
		bc_set_near(f, 0, -1);
		stmt(c, dp->body);
		comp_record_actions(c, 0, dp->body->tok, true);
	}
	c->near = -1;
	comp_emit(c, BC_RET, 0);
}

/* ---- program ------------------------------------------------------------------------- */

int comp_map_slot(const struct ast_var *v)
{
	return v->slot;
}

int comp_func_index(struct comp *c, const struct ast_function *fn)
{
	(void)c;
	return fn->index;
}

int comp_builtin_index(struct comp *c, const struct ast_function *fn)
{
	return program_builtin_index(c->prog, fn);
}

static void add_global(struct comp *c, struct ast_var *v)
{
	struct bc_program *bp = c->bp;
	struct bc_global g = {
	    .name = xstrdup(v->name), .from_tapset = v->from_tapset, .is_private = v->is_private};
	if (v->arity > 0) {
		g.kind = BCG_MAP;
		g.slot = bp->nmaps++;
		g.nkeys = v->arity;
		for (int i = 0; i < v->arity && i < AST_MAX_KEYS; i++)
			if (v->key_types[i] == TYPE_STRING)
				g.strkeys |= 1u << i;
		g.vtype = v->type == TYPE_STRING  ? BC_STR
			  : v->type == TYPE_STATS ? BC_STATS
						  : BC_LONG;
		g.maxsize = v->maxsize;
		g.wrap = v->wrap;
	} else if (v->type == TYPE_STATS) {
		g.kind = BCG_STAT;
		g.slot = bp->nstats++;
	} else if (v->type == TYPE_STRING) {
		g.kind = BCG_STR;
		g.slot = bp->ngs++;
		if (v->init && v->init->kind == EXPR_STR) {
			g.has_init = true;
			g.init_s = xstrndup(v->init->str ? v->init->str : "", v->init->str_len);
		}
	} else {
		g.kind = BCG_LONG;
		g.slot = bp->ngl++;
		if (v->init && v->init->kind == EXPR_NUM) {
			g.has_init = true;
			g.init_l = v->init->num;
		}
	}
	if (v->type == TYPE_STATS) {
		g.hist = v->hist_kind == HIST_LINEAR ? BC_HIST_LINEAR
			 : v->hist_kind == HIST_LOG  ? BC_HIST_LOG
						     : BC_HIST_NONE;
		g.hist_start = v->hist_params[0];
		g.hist_stop = v->hist_params[1];
		g.hist_interval = v->hist_params[2];
		g.shift = v->var_shift;
		g.skip_variance = !v->var_used;
	}
	v->slot = (int)g.slot;
	vec_push(&bp->globals, g);
}

struct bc_program *comp_program(const struct program *p, const struct comp_opts *o, char *err,
				size_t errlen)
{
	struct comp c = {.prog = p, .o = o, .bp = bc_program_new(), .near = -1};
	for (int i = 0; i < p->globals.n; i++)
		add_global(&c, p->globals.v[i]);
	/* functions first get their indices, so that calls can name them */
	for (int i = 0; i < p->functions.n; i++) {
		struct ast_function *fn = p->functions.v[i];
		if (program_builtin_index(p, fn) >= 0 || !fn->body) {
			fn->index = -1;
			continue;
		}
		const char *name = i < p->function_names.n ? p->function_names.v[i] : fn->name;
		bc_func_new(c.bp, name, &fn->index);
	}
	for (int i = 0; i < p->functions.n && !c.failed; i++) {
		struct ast_function *fn = p->functions.v[i];
		if (fn->index >= 0)
			compile_function(&c, fn);
	}
	for (int i = 0; i < p->probes.n && !c.failed; i++)
		compile_probe(&c, p->probes.v[i]);
	c.bp->maxnesting = p->max_nesting > 0 ? p->max_nesting : 1;
	vec_free(&c.loops);
	if (!c.failed && bc_verify(c.bp, c.err, sizeof(c.err)) < 0)
		c.failed = true;
	if (c.failed) {
		snprintf(err, errlen, "%s", c.err);
		bc_program_free(c.bp);
		return NULL;
	}
	return c.bp;
}
