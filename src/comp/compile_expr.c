// SPDX-License-Identifier: MIT
/* Expression code generation. Values live in registers of two banks (long, string);
 * temporaries are allocated stack-wise above the locals, and every call, print and array
 * access passes its arguments in consecutive registers at the top of the banks. The
 * evaluation order and the error tokens follow translate.cxx. */
#include <stdlib.h>
#include <string.h>

#include "comp/comp_int.h"
#include "util/alloc.h"

#define NO COMP_NO_REG

static uint32_t gen(struct comp *c, struct ast_expr *e, uint32_t dst);

static bool is_str(const struct ast_expr *e)
{
	return e->type == TYPE_STRING;
}

static uint32_t temp_for(struct comp *c, const struct ast_expr *e)
{
	return is_str(e) ? comp_temp_s(c) : comp_temp_l(c);
}

struct mark {
	uint32_t ln, sn;
};

static struct mark mark(const struct comp *c)
{
	return (struct mark){c->ln, c->sn};
}

static void release(struct comp *c, struct mark m)
{
	c->ln = m.ln;
	c->sn = m.sn;
}

static bool is_local(const struct ast_expr *e)
{
	return e->kind == EXPR_SYM && e->var && e->var->scope != VAR_GLOBAL;
}

/* whether evaluating e may write variables (so an operand read before it must be copied) */
static bool has_effects(const struct ast_expr *e)
{
	if (!e)
		return false;
	switch (e->kind) {
	case EXPR_ASSIGN:
	case EXPR_INCDEC:
	case EXPR_CALL:
	case EXPR_PRINT:
	case EXPR_REGEX:
		return true;
	default:
		break;
	}
	if (has_effects(e->left) || has_effects(e->right) || has_effects(e->third))
		return true;
	for (int i = 0; i < e->args.n; i++)
		if (has_effects(e->args.v[i]))
			return true;
	return false;
}

static bool has_call(const struct ast_expr *e)
{
	if (!e)
		return false;
	if (e->kind == EXPR_CALL)
		return true;
	if (has_call(e->left) || has_call(e->right) || has_call(e->third))
		return true;
	for (int i = 0; i < e->args.n; i++)
		if (has_call(e->args.v[i]))
			return true;
	return false;
}

bool comp_expr_has_call(const struct ast_expr *e);
bool comp_expr_has_call(const struct ast_expr *e)
{
	return has_call(e);
}

/* the register to write: dst, or a new temporary */
static uint32_t out_reg(struct comp *c, const struct ast_expr *e, uint32_t dst)
{
	return dst != NO ? dst : temp_for(c, e);
}

static void move(struct comp *c, bool str, uint32_t dst, uint32_t src)
{
	if (dst != src)
		comp_emit(c, str ? BC_MOVS : BC_MOVL, 2, (int64_t)dst, (int64_t)src);
}

static uint32_t load_num(struct comp *c, int64_t v, uint32_t d)
{
	if (v >= INT32_MIN && v <= INT32_MAX)
		comp_emit(c, BC_LOADI, 2, (int64_t)d, v);
	else
		comp_emit(c, BC_LOADK, 2, (int64_t)d, (int64_t)bc_add_k(c->bp, v));
	return d;
}

/* ---- array keys ---------------------------------------------------------------------- */

void comp_keys(struct comp *c, const struct ast_var *arr, struct ast_expr *const *keys, int n,
	       uint32_t *lk, uint32_t *sk, uint32_t *mask)
{
	*lk = c->ln;
	*sk = c->sn;
	*mask = 0;
	for (int i = 0; i < n; i++) {
		struct ast_expr *k = keys[i];
		bool str = arr->key_types[i] == TYPE_STRING;
		uint32_t r = str ? comp_temp_s(c) : comp_temp_l(c);
		if (!k) {
			/* a '*' wildcard: the register holds nothing that matters */
			if (str)
				comp_emit(c, BC_CLRS, 1, (int64_t)r);
			else
				comp_emit(c, BC_LOADI, 2, (int64_t)r, (int64_t)0);
			continue;
		}
		*mask |= 1u << i;
		struct mark m = mark(c);
		gen(c, k, r);
		release(c, m);
	}
}

static int map_of(const struct ast_expr *e)
{
	return comp_map_slot(e->var);
}

/* ---- calls --------------------------------------------------------------------------- */

/* arguments into the call window at the top of the banks */
static void call_args(struct comp *c, struct ast_expr *e, uint32_t *lb, uint32_t *sb)
{
	*lb = c->ln;
	*sb = c->sn;
	for (int i = 0; i < e->args.n; i++) {
		uint32_t r = temp_for(c, e->args.v[i]);
		struct mark m = mark(c);
		gen(c, e->args.v[i], r);
		release(c, m);
	}
}

static void charge_call(struct comp *c, const struct ast_function *fn, const struct token *tok)
{
	if (c->already_checked || c->o->suppress_time_limits || c->o->unoptimized)
		return;
	unsigned n = comp_statement_count(fn);
	if (n != UINT32_MAX)
		comp_record_actions(c, n, tok, true);
}

static void emit_call(struct comp *c, const struct ast_function *fn, uint32_t lb, uint32_t sb)
{
	int b = comp_builtin_index(c, fn);
	if (b >= 0)
		comp_emit(c, BC_CALLB, 3, (int64_t)b, (int64_t)lb, (int64_t)sb);
	else
		comp_emit(c, BC_CALL, 3, (int64_t)comp_func_index(c, fn), (int64_t)lb, (int64_t)sb);
}

/* reserves the result register of the window when the call has no argument there */
static void reserve_result(struct comp *c, const struct ast_expr *e, uint32_t lb, uint32_t sb)
{
	if (e->type == TYPE_LONG && c->ln == lb)
		comp_temp_l(c);
	if (e->type == TYPE_STRING && c->sn == sb)
		comp_temp_s(c);
}

static uint32_t gen_call(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	const struct ast_function *fn = e->fn;
	if (!fn) {
		comp_fail(c, e->tok, "unresolved function call");
		return NO;
	}
	struct mark m = mark(c);
	uint32_t lb, sb;
	bool chain = fn->next_overload != NULL;
	if (!chain) {
		call_args(c, e, &lb, &sb);
		reserve_result(c, e, lb, sb);
		comp_near(c, e->tok);
		emit_call(c, fn, lb, sb);
		charge_call(c, fn, e->tok);
		if (comp_builtin_index(c, fn) < 0 && comp_has_next(fn)) {
			uint32_t j = comp_emit(c, BC_JNONEXT, 1, (int64_t)0);
			comp_near(c, e->tok);
			comp_emit(c, BC_ERRZ, 1,
				  (int64_t)bc_add_z(c->bp, "all functions exhausted", 23));
			comp_patch(c, j, comp_here(c));
		}
	} else {
		/* overloads: arguments once into temporaries, then copied for each try */
		uint32_t tl, ts;
		call_args(c, e, &tl, &ts);
		struct comp_jumps done = {0};
		const struct ast_function *last = fn;
		lb = c->ln;
		sb = c->sn;
		for (const struct ast_function *r = fn; r; r = r->next_overload) {
			c->ln = lb;
			c->sn = sb;
			uint32_t li = tl, si = ts;
			for (int i = 0; i < e->args.n; i++) {
				if (is_str(e->args.v[i]))
					move(c, true, comp_temp_s(c), si++);
				else
					move(c, false, comp_temp_l(c), li++);
			}
			reserve_result(c, e, lb, sb);
			comp_near(c, e->tok);
			emit_call(c, r, lb, sb);
			charge_call(c, r, e->tok);
			last = r;
			if (comp_builtin_index(c, r) >= 0)
				break; /* a built-in never says next */
			if (r->next_overload)
				vec_push(&done, comp_emit(c, BC_JNONEXT, 1, (int64_t)0));
		}
		if (comp_builtin_index(c, last) < 0 && comp_has_next(last)) {
			vec_push(&done, comp_emit(c, BC_JNONEXT, 1, (int64_t)0));
			comp_near(c, e->tok);
			comp_emit(c, BC_ERRZ, 1,
				  (int64_t)bc_add_z(c->bp, "all functions exhausted", 23));
		}
		comp_patch_all(c, &done, comp_here(c));
		vec_free(&done);
	}
	if (e->type != TYPE_LONG && e->type != TYPE_STRING) {
		release(c, m);
		return NO;
	}
	bool str = is_str(e);
	uint32_t res = str ? sb : lb;
	if (dst != NO) {
		move(c, str, dst, res);
		release(c, m);
		return dst;
	}
	/* keep the result where it landed: the lowest free register of its bank */
	release(c, m);
	uint32_t d = temp_for(c, e);
	move(c, str, d, res);
	return d;
}

/* ---- print family -------------------------------------------------------------------- */

static void add_lit(struct bc_format *f, const char *s, size_t n)
{
	if (n == 0)
		return;
	struct fmt_spec sp = {.lit = xstrndup(s, n), .litlen = (uint32_t)n};
	vec_push(&f->specs, sp);
}

static void add_conv(struct bc_format *f, char conv, int flags, int width, int prec)
{
	struct fmt_spec sp = {.conv = conv, .flags = (uint8_t)flags, .width = width, .prec = prec};
	vec_push(&f->specs, sp);
	if (width == FMT_DYNAMIC)
		vec_push(&f->argtypes, 'l');
	if (prec == FMT_DYNAMIC)
		vec_push(&f->argtypes, 'l');
	vec_push(&f->argtypes, conv == 's' ? 's' : 'l');
}

static int map_flags(int ff)
{
	int fl = 0;
	if (ff & FMTF_ZERO)
		fl |= FMT_ZEROPAD;
	if (ff & FMTF_PLUS)
		fl |= FMT_PLUS;
	if (ff & FMTF_MINUS)
		fl |= FMT_LEFT;
	if (ff & FMTF_SPACE)
		fl |= FMT_SPACE;
	if (ff & FMTF_ALT)
		fl |= FMT_SPECIAL;
	return fl;
}

static void piece_conv(struct comp *c, struct bc_format *f, const struct fmt_piece *p)
{
	int fl = map_flags(p->flags);
	switch (p->conv) {
	case FMT_SIGNED:
		add_conv(f, 'd', fl | FMT_SIGN, p->width, p->prec);
		break;
	case FMT_UNSIGNED:
		add_conv(f, 'u', fl, p->width, p->prec);
		break;
	case FMT_OCTAL:
		add_conv(f, 'o', fl, p->width, p->prec);
		break;
	case FMT_HEX:
		add_conv(f, 'x', fl, p->width, p->prec);
		break;
	case FMT_HEX_UPPER:
		add_conv(f, 'X', fl | FMT_LARGE, p->width, p->prec);
		break;
	case FMT_CHAR:
		add_conv(f, 'c', fl, p->width, p->prec);
		break;
	case FMT_STRING:
		add_conv(f, 's', fl, p->width, p->prec);
		break;
	case FMT_POINTER:
		add_conv(f, c->o->compat < (1 << 8 | 3) ? 'P' : 'p', fl | FMT_SPECIAL, p->width,
			 p->prec);
		break;
	case FMT_BINARY:
		add_conv(f, 'b', fl, p->width, p->prec);
		break;
	case FMT_MEMORY:
		add_conv(f, 'm', fl, p->width, p->prec);
		break;
	case FMT_MEMORY_HEX:
		add_conv(f, 'M', fl, p->width, p->prec);
		break;
	default:
		break;
	}
}

static struct bc_format *build_format(struct comp *c, const struct ast_expr *e)
{
	struct bc_format *f = xcalloc(1, sizeof(*f));
	if (e->print_flags & PRINT_FORMAT) {
		for (int i = 0; i < e->fmt.n; i++) {
			const struct fmt_piece *p = &e->fmt.v[i];
			add_lit(f, p->literal, p->literal_len);
			if (p->conv != FMT_LITERAL)
				piece_conv(c, f, p);
		}
	} else {
		const char *delim = NULL;
		size_t dlen = 0;
		if ((e->print_flags & PRINT_DELIM) && e->right) {
			delim = e->right->str;
			dlen = e->right->str_len;
		}
		for (int i = 0; i < e->args.n; i++) {
			if (i > 0 && delim)
				add_lit(f, delim, dlen);
			if (is_str(e->args.v[i]))
				add_conv(f, 's', 0, FMT_NONE, FMT_NONE);
			else if (e->print_flags & PRINT_CHAR) /* print_char: _stp_print_char */
				add_conv(f, 'c', 0, FMT_NONE, FMT_NONE);
			else
				add_conv(f, 'd', FMT_SIGN, FMT_NONE, FMT_NONE);
		}
		if (e->print_flags & PRINT_NEWLINE)
			add_lit(f, "\n", 1);
	}
	for (int i = 0; i < f->argtypes.n; i++) {
		if (f->argtypes.v[i] == 's')
			f->ns++;
		else
			f->nl++;
	}
	return f;
}

static void free_format(struct bc_format *f)
{
	vec_foreach(&f->specs, sp) free((char *)sp->lit);
	vec_free(&f->specs);
	vec_free(&f->argtypes);
	free(f);
}

/* print(@hist_x(v)) / sprint(...): the histogram of a stat or of an array element */
static uint32_t gen_print_hist(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct ast_expr *h = e->left, *st = h->left;
	bool to_str = e->print_flags & PRINT_TO_STRING;
	struct mark m = mark(c);
	uint32_t d = to_str ? out_reg(c, e, dst) : NO;
	struct mark m2 = mark(c);
	if (st->kind == EXPR_INDEX) {
		uint32_t lk, sk, mask;
		comp_keys(c, st->left->var, st->args.v, st->args.n, &lk, &sk, &mask);
		comp_near(c, e->tok);
		if (to_str)
			comp_emit(c, BC_MHSPRINT, 4, (int64_t)d, (int64_t)map_of(st->left),
				  (int64_t)lk, (int64_t)sk);
		else
			comp_emit(c, BC_MHPRINT, 3, (int64_t)map_of(st->left), (int64_t)lk,
				  (int64_t)sk);
	} else {
		comp_near(c, e->tok);
		if (to_str)
			comp_emit(c, BC_HSPRINT, 2, (int64_t)d, (int64_t)st->var->slot);
		else
			comp_emit(c, BC_HPRINT, 1, (int64_t)st->var->slot);
	}
	release(c, m2);
	if (!to_str) {
		release(c, m);
		if (dst != NO)
			load_num(c, 0, dst);
		return dst;
	}
	return d;
}

/* the literal text stap's _stp_print shortcut prints for a format without arguments:
 * components_to_string() doubles every '%' of the literal pieces */
static char *plain_text(const struct bc_format *f, bool formatted, size_t *len)
{
	size_t n = 0;
	for (int i = 0; i < f->specs.n; i++)
		n += f->specs.v[i].litlen * 2;
	char *s = xmalloc(n + 1), *p = s;
	for (int i = 0; i < f->specs.n; i++) {
		for (uint32_t k = 0; k < f->specs.v[i].litlen; k++) {
			char ch = f->specs.v[i].lit[k];
			if (ch == 0)
				break;
			if (ch == '%' && formatted)
				*p++ = '%';
			*p++ = ch;
		}
	}
	*p = 0;
	*len = (size_t)(p - s);
	return s;
}

static bool format_is_s(const struct bc_format *f)
{
	return f->specs.n == 1 && f->specs.v[0].conv == 's' && f->specs.v[0].flags == 0 &&
	       f->specs.v[0].width == FMT_NONE && f->specs.v[0].prec == FMT_NONE;
}

static bool raw_has_percent_pair(const struct ast_expr *e)
{
	return (e->print_flags & PRINT_FORMAT) && e->fmt_raw && strstr(e->fmt_raw, "%%");
}

static uint32_t gen_print(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	if (e->left && e->left->kind == EXPR_HIST)
		return gen_print_hist(c, e, dst);
	bool to_str = e->print_flags & PRINT_TO_STRING;
	struct mark m = mark(c);
	struct bc_format *f = build_format(c, e);
	if (e->args.n > 32) {
		comp_fail(c, e->tok, "too many arguments to print (%d)", e->args.n);
		free_format(f);
		return NO;
	}
	/* translate.cxx's shortcuts to _stp_print for plain strings */
	if (!to_str && e->args.n <= 1 && !raw_has_percent_pair(e)) {
		if (e->args.n == 0) {
			size_t n;
			char *s = plain_text(f, e->print_flags & PRINT_FORMAT, &n);
			if (n)
				comp_emit(c, BC_PRINTZ, 1, (int64_t)bc_add_z(c->bp, s, n));
			free(s);
			free_format(f);
			if (dst != NO)
				load_num(c, 0, dst);
			return dst;
		}
		if (format_is_s(f)) {
			uint32_t r = gen(c, e->args.v[0], NO);
			comp_emit(c, BC_PRINTS, 1, (int64_t)r);
			release(c, m);
			free_format(f);
			if (dst != NO)
				load_num(c, 0, dst);
			return dst;
		}
	}
	uint32_t d = to_str ? out_reg(c, e, dst) : NO;
	struct mark m2 = mark(c);
	uint32_t lb = c->ln, sb = c->sn;
	for (int i = 0; i < e->args.n; i++) {
		uint32_t r = temp_for(c, e->args.v[i]);
		struct mark ma = mark(c);
		gen(c, e->args.v[i], r);
		release(c, ma);
	}
	vec_push(&c->bp->formats, f);
	int fi = c->bp->formats.n - 1;
	comp_near(c, e->tok);
	if (to_str)
		comp_emit(c, BC_SPRINTF, 4, (int64_t)d, (int64_t)fi, (int64_t)lb, (int64_t)sb);
	else
		comp_emit(c, BC_PRINTF, 3, (int64_t)fi, (int64_t)lb, (int64_t)sb);
	release(c, m2);
	if (!to_str) {
		release(c, m);
		if (dst != NO)
			load_num(c, 0, dst);
		return dst;
	}
	return d;
}

/* ---- statistics ---------------------------------------------------------------------- */

static int stat_code(const struct comp *c, enum stat_op op)
{
	switch (op) {
	case STAT_SUM:
		return c->o->compat < (1 << 8 | 5) ? BC_STAT_SUM_CHECKED : BC_STAT_SUM;
	case STAT_MIN:
		return BC_STAT_MIN;
	case STAT_MAX:
		return BC_STAT_MAX;
	case STAT_AVG:
		return BC_STAT_AVG;
	case STAT_VARIANCE:
		return BC_STAT_VARIANCE;
	default:
		return BC_STAT_COUNT;
	}
}

static uint32_t gen_statop(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct ast_expr *st = e->left;
	struct mark m = mark(c);
	uint32_t d = out_reg(c, e, dst);
	struct mark m2 = mark(c);
	if (st->kind == EXPR_INDEX) {
		uint32_t lk, sk, mask;
		comp_keys(c, st->left->var, st->args.v, st->args.n, &lk, &sk, &mask);
		comp_near(c, e->tok);
		comp_emit(c, BC_MSTOP, 5, (int64_t)d, (int64_t)map_of(st->left), (int64_t)lk,
			  (int64_t)sk, (int64_t)stat_code(c, e->stat));
	} else {
		comp_near(c, e->tok);
		comp_emit(c, BC_STOP, 3, (int64_t)d, (int64_t)st->var->slot,
			  (int64_t)stat_code(c, e->stat));
	}
	release(c, m2);
	(void)m;
	return d;
}

/* @hist_x(v)[i] */
static uint32_t gen_hist_bucket(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct ast_expr *st = e->left->left;
	uint32_t d = out_reg(c, e, dst);
	struct mark m = mark(c);
	if (st->kind == EXPR_INDEX) {
		uint32_t lk, sk, mask;
		comp_keys(c, st->left->var, st->args.v, st->args.n, &lk, &sk, &mask);
		uint32_t i = comp_temp_l(c);
		gen(c, e->args.v[0], i);
		comp_near(c, e->tok);
		comp_emit(c, BC_MHBUCKET, 5, (int64_t)d, (int64_t)map_of(st->left), (int64_t)lk,
			  (int64_t)sk, (int64_t)i);
	} else {
		uint32_t i = gen(c, e->args.v[0], NO);
		comp_near(c, e->tok);
		comp_emit(c, BC_HBUCKET, 3, (int64_t)d, (int64_t)st->var->slot, (int64_t)i);
	}
	release(c, m);
	return d;
}

/* ---- reads --------------------------------------------------------------------------- */

static uint32_t gen_sym(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	const struct ast_var *v = e->var;
	if (!v) {
		comp_fail(c, e->tok, "unresolved symbol");
		return NO;
	}
	bool str = is_str(e);
	if (v->scope != VAR_GLOBAL) {
		if (dst == NO)
			return (uint32_t)v->slot;
		move(c, str, dst, (uint32_t)v->slot);
		return dst;
	}
	uint32_t d = out_reg(c, e, dst);
	comp_emit(c, str ? BC_GETGS : BC_GETG, 2, (int64_t)d, (int64_t)v->slot);
	return d;
}

static uint32_t gen_index(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	if (e->left->kind == EXPR_HIST)
		return gen_hist_bucket(c, e, dst);
	uint32_t d = out_reg(c, e, dst);
	struct mark m = mark(c);
	uint32_t lk, sk, mask;
	comp_keys(c, e->left->var, e->args.v, e->args.n, &lk, &sk, &mask);
	comp_emit(c, is_str(e) ? BC_MGETS : BC_MGET, 4, (int64_t)d, (int64_t)map_of(e->left),
		  (int64_t)lk, (int64_t)sk);
	release(c, m);
	return d;
}

static uint32_t gen_in(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	uint32_t d = out_reg(c, e, dst);
	struct mark m = mark(c);
	if (e->left->kind != EXPR_SYM) {
		comp_fail(c, e->tok, "'in' on a histogram is not supported");
		return d;
	}
	const struct ast_var *arr = e->left->var;
	uint32_t lk, sk, mask;
	comp_keys(c, arr, e->args.v, e->args.n, &lk, &sk, &mask);
	uint32_t all = (1u << arr->arity) - 1;
	if (mask == all)
		comp_emit(c, BC_MIN, 4, (int64_t)d, (int64_t)map_of(e->left), (int64_t)lk,
			  (int64_t)sk);
	else
		comp_emit(c, BC_MINW, 5, (int64_t)d, (int64_t)map_of(e->left), (int64_t)lk,
			  (int64_t)sk, (int64_t)mask);
	release(c, m);
	return d;
}

/* ---- operators ----------------------------------------------------------------------- */

static enum bc_op arith_op(int op)
{
	switch (op) {
	case '+':
		return BC_ADD;
	case '-':
		return BC_SUB;
	case '*':
		return BC_MUL;
	case '/':
		return BC_DIV;
	case '%':
		return BC_MOD;
	case '&':
		return BC_AND;
	case '|':
		return BC_OR;
	case '^':
		return BC_XOR;
	case OP_SHL:
		return BC_SHL;
	case OP_SHR:
		return BC_SHR;
	case OP_USHR:
		return BC_USHR;
	default:
		return BC_NOP;
	}
}

/* the binary operator of a compound assignment */
static int compound_op(int op)
{
	switch (op) {
	case OP_ADD_ASSIGN:
		return '+';
	case OP_SUB_ASSIGN:
		return '-';
	case OP_MUL_ASSIGN:
		return '*';
	case OP_DIV_ASSIGN:
		return '/';
	case OP_MOD_ASSIGN:
		return '%';
	case OP_SHL_ASSIGN:
		return OP_SHL;
	case OP_SHR_ASSIGN:
		return OP_SHR;
	case OP_AND_ASSIGN:
		return '&';
	case OP_XOR_ASSIGN:
		return '^';
	case OP_OR_ASSIGN:
		return '|';
	default:
		return 0;
	}
}

/* evaluates left then right; the left value is copied if right may change it */
static void operands(struct comp *c, struct ast_expr *l, struct ast_expr *r, uint32_t *a,
		     uint32_t *b)
{
	*a = gen(c, l, NO);
	if (is_local(l) && has_effects(r)) {
		uint32_t t = temp_for(c, l);
		move(c, is_str(l), t, *a);
		*a = t;
	}
	*b = gen(c, r, NO);
}

static uint32_t gen_binary(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct mark m = mark(c);
	uint32_t a, b;
	operands(c, e->left, e->right, &a, &b);
	release(c, m);
	uint32_t d = out_reg(c, e, dst);
	enum bc_op op = arith_op(e->op);
	if (op == BC_DIV || op == BC_MOD)
		comp_near(c, e->tok);
	comp_emit(c, op, 3, (int64_t)d, (int64_t)a, (int64_t)b);
	return d;
}

static uint32_t gen_concat(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct mark m = mark(c);
	uint32_t a, b;
	operands(c, e->left, e->right, &a, &b);
	release(c, m);
	uint32_t d = out_reg(c, e, dst);
	comp_emit(c, BC_CAT, 3, (int64_t)d, (int64_t)a, (int64_t)b);
	return d;
}

static uint32_t gen_unary(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	if (e->op == '+')
		return gen(c, e->left, dst);
	struct mark m = mark(c);
	uint32_t a = gen(c, e->left, NO);
	release(c, m);
	uint32_t d = out_reg(c, e, dst);
	enum bc_op op = e->op == '-' ? BC_NEG : e->op == '!' ? BC_NOT : BC_BNOT;
	comp_emit(c, op, 2, (int64_t)d, (int64_t)a);
	return d;
}

static uint32_t gen_compare(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct mark m = mark(c);
	uint32_t a, b;
	operands(c, e->left, e->right, &a, &b);
	release(c, m);
	uint32_t d = out_reg(c, e, dst);
	bool str = is_str(e->left);
	enum bc_op op;
	bool swap = false;
	switch (e->op) {
	case '<':
		op = str ? BC_SLT : BC_LT;
		break;
	case '>':
		op = str ? BC_SLT : BC_LT;
		swap = true;
		break;
	case OP_LE:
		op = str ? BC_SLE : BC_LE;
		break;
	case OP_GE:
		op = str ? BC_SLE : BC_LE;
		swap = true;
		break;
	case OP_EQ:
		op = str ? BC_SEQ : BC_EQ;
		break;
	default:
		op = str ? BC_SNE : BC_NE;
		break;
	}
	comp_emit(c, op, 3, (int64_t)d, (int64_t)(swap ? b : a), (int64_t)(swap ? a : b));
	return d;
}

static uint32_t gen_regex(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct mark m = mark(c);
	uint32_t s = gen(c, e->left, NO);
	release(c, m);
	uint32_t d = out_reg(c, e, dst);
	const char *pat = e->right && e->right->str ? e->right->str : "";
	comp_emit(c, BC_MATCH, 3, (int64_t)d, (int64_t)s, (int64_t)bc_add_regex(c->bp, pat));
	if (e->op == OP_NOMATCH)
		comp_emit(c, BC_NOT, 2, (int64_t)d, (int64_t)d);
	return d;
}

/* && || ?: and anything else that needs control flow: computed in a fresh register */
static uint32_t gen_logical(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	uint32_t t = comp_temp_l(c);
	struct mark m = mark(c);
	comp_emit(c, BC_LOADI, 2, (int64_t)t, (int64_t)0);
	struct comp_jumps no = {0};
	comp_cond_jump(c, e, false, &no);
	comp_emit(c, BC_LOADI, 2, (int64_t)t, (int64_t)1);
	comp_patch_all(c, &no, comp_here(c));
	vec_free(&no);
	release(c, m);
	if (dst != NO && dst != t) {
		move(c, false, dst, t);
		c->ln--;
		return dst;
	}
	return t;
}

static uint32_t gen_ternary(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	bool str = is_str(e);
	uint32_t t = temp_for(c, e);
	struct mark m = mark(c);
	struct comp_jumps no = {0};
	comp_cond_jump(c, e->left, false, &no);
	release(c, m);
	gen(c, e->right, t);
	release(c, m);
	uint32_t jend = comp_emit(c, BC_JMP, 1, (int64_t)0);
	comp_patch_all(c, &no, comp_here(c));
	vec_free(&no);
	gen(c, e->third, t);
	release(c, m);
	comp_patch(c, jend, comp_here(c));
	if (dst != NO && dst != t) {
		move(c, str, dst, t);
		if (str)
			c->sn--;
		else
			c->ln--;
		return dst;
	}
	return t;
}

/* ---- assignment ---------------------------------------------------------------------- */

static uint32_t assign_local(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	const struct ast_var *v = e->left->var;
	uint32_t slot = (uint32_t)v->slot;
	bool str = is_str(e->left);
	struct mark m = mark(c);
	if (e->op == OP_ASSIGN) {
		gen(c, e->right, slot);
	} else {
		uint32_t r = gen(c, e->right, NO);
		if (e->op == OP_CAT_ASSIGN) {
			comp_emit(c, BC_CAT, 3, (int64_t)slot, (int64_t)slot, (int64_t)r);
		} else {
			int op = compound_op(e->op);
			if (op == '/' || op == '%')
				comp_near(c, e->right->tok);
			comp_emit(c, arith_op(op), 3, (int64_t)slot, (int64_t)slot, (int64_t)r);
		}
	}
	release(c, m);
	if (dst != NO) {
		move(c, str, dst, slot);
		return dst;
	}
	return slot;
}

static uint32_t assign_global(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	const struct ast_var *v = e->left->var;
	struct mark m = mark(c);
	if (v->type == TYPE_STATS) {
		uint32_t r = gen(c, e->right, NO);
		comp_emit(c, BC_STADD, 2, (int64_t)v->slot, (int64_t)r);
		release(c, m);
		return dst == NO ? NO : (move(c, false, dst, r), dst);
	}
	bool str = is_str(e->left);
	uint32_t d = out_reg(c, e, dst);
	struct mark m2 = mark(c);
	if (e->op == OP_ASSIGN) {
		gen(c, e->right, d);
	} else if (e->op == OP_CAT_ASSIGN) {
		uint32_t r = gen(c, e->right, NO);
		comp_emit(c, BC_GETGS, 2, (int64_t)d, (int64_t)v->slot);
		comp_emit(c, BC_CAT, 3, (int64_t)d, (int64_t)d, (int64_t)r);
	} else {
		uint32_t r = gen(c, e->right, NO);
		if (r == d) {
			r = comp_temp_l(c);
			move(c, false, r, d);
		}
		comp_emit(c, BC_GETG, 2, (int64_t)d, (int64_t)v->slot);
		int op = compound_op(e->op);
		if (op == '/' || op == '%')
			comp_near(c, e->right->tok);
		comp_emit(c, arith_op(op), 3, (int64_t)d, (int64_t)d, (int64_t)r);
	}
	release(c, m2);
	comp_emit(c, str ? BC_SETGS : BC_SETG, 2, (int64_t)v->slot, (int64_t)d);
	(void)m;
	return d;
}

static uint32_t assign_element(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct ast_expr *ix = e->left;
	const struct ast_var *arr = ix->left->var;
	int m = map_of(ix->left);
	bool str = arr->type == TYPE_STRING;
	uint32_t d = e->op == OP_STAT_ASSIGN ? comp_temp_l(c) : out_reg(c, ix, dst);
	struct mark mk = mark(c);
	uint32_t lk, sk, mask;
	comp_keys(c, arr, ix->args.v, ix->args.n, &lk, &sk, &mask);
	if (e->op == OP_STAT_ASSIGN) {
		gen(c, e->right, d);
		comp_near(c, ix->tok);
		comp_emit(c, BC_MSTADD, 4, (int64_t)m, (int64_t)lk, (int64_t)sk, (int64_t)d);
	} else if (e->op == OP_ASSIGN) {
		gen(c, e->right, d);
		comp_near(c, ix->tok);
		comp_emit(c, str ? BC_MSETS : BC_MSET, 4, (int64_t)m, (int64_t)lk, (int64_t)sk,
			  (int64_t)d);
	} else if (e->op == OP_CAT_ASSIGN) {
		uint32_t r = gen(c, e->right, NO);
		comp_near(c, ix->tok);
		comp_emit(c, BC_MCATS, 4, (int64_t)m, (int64_t)lk, (int64_t)sk, (int64_t)r);
		comp_emit(c, BC_MGETS, 4, (int64_t)d, (int64_t)m, (int64_t)lk, (int64_t)sk);
	} else if (e->op == OP_ADD_ASSIGN) {
		uint32_t r = gen(c, e->right, NO);
		comp_near(c, ix->tok);
		comp_emit(c, BC_MADD, 5, (int64_t)d, (int64_t)m, (int64_t)lk, (int64_t)sk,
			  (int64_t)r);
	} else {
		uint32_t r = gen(c, e->right, NO);
		comp_near(c, ix->tok);
		comp_emit(c, BC_MGET, 4, (int64_t)d, (int64_t)m, (int64_t)lk, (int64_t)sk);
		int op = compound_op(e->op);
		if (op == '/' || op == '%')
			comp_near(c, e->right->tok);
		comp_emit(c, arith_op(op), 3, (int64_t)d, (int64_t)d, (int64_t)r);
		comp_near(c, ix->tok);
		comp_emit(c, BC_MSET, 4, (int64_t)m, (int64_t)lk, (int64_t)sk, (int64_t)d);
	}
	release(c, mk);
	if (e->op == OP_STAT_ASSIGN && dst != NO) {
		move(c, false, dst, d);
		return dst;
	}
	return d;
}

static uint32_t gen_assign(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct ast_expr *l = e->left;
	if (l->kind == EXPR_SYM && l->var && l->var->scope != VAR_GLOBAL)
		return assign_local(c, e, dst);
	if (l->kind == EXPR_SYM && l->var)
		return assign_global(c, e, dst);
	if (l->kind == EXPR_INDEX && l->left->kind == EXPR_SYM)
		return assign_element(c, e, dst);
	comp_fail(c, e->tok, "unsupported assignment target");
	return NO;
}

static uint32_t gen_incdec(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	struct ast_expr *l = e->left;
	int delta = e->op == OP_INC ? 1 : -1;
	if (l->kind == EXPR_SYM && l->var && l->var->scope != VAR_GLOBAL) {
		uint32_t slot = (uint32_t)l->var->slot;
		if (e->postfix) {
			uint32_t d = out_reg(c, e, dst);
			move(c, false, d, slot);
			comp_emit(c, BC_ADDI, 3, (int64_t)slot, (int64_t)slot, (int64_t)delta);
			return d;
		}
		comp_emit(c, BC_ADDI, 3, (int64_t)slot, (int64_t)slot, (int64_t)delta);
		if (dst != NO) {
			move(c, false, dst, slot);
			return dst;
		}
		return slot;
	}
	if (l->kind == EXPR_SYM && l->var) {
		uint32_t d = out_reg(c, e, dst);
		uint32_t t = comp_temp_l(c);
		comp_emit(c, BC_GETG, 2, (int64_t)d, (int64_t)l->var->slot);
		comp_emit(c, BC_ADDI, 3, (int64_t)t, (int64_t)d, (int64_t)delta);
		comp_emit(c, BC_SETG, 2, (int64_t)l->var->slot, (int64_t)t);
		if (!e->postfix)
			move(c, false, d, t);
		c->ln--;
		return d;
	}
	if (l->kind == EXPR_INDEX && l->left->kind == EXPR_SYM) {
		uint32_t d = out_reg(c, e, dst);
		struct mark m = mark(c);
		uint32_t lk, sk, mask;
		comp_keys(c, l->left->var, l->args.v, l->args.n, &lk, &sk, &mask);
		comp_near(c, l->tok);
		comp_emit(c, BC_MINC, 5, (int64_t)d, (int64_t)map_of(l->left), (int64_t)lk,
			  (int64_t)sk, (int64_t)delta);
		if (e->postfix)
			comp_emit(c, BC_ADDI, 3, (int64_t)d, (int64_t)d, (int64_t)-delta);
		release(c, m);
		return d;
	}
	comp_fail(c, e->tok, "unsupported increment target");
	return NO;
}

/* ---- dispatch ------------------------------------------------------------------------ */

static uint32_t gen(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	if (!e || c->failed)
		return dst;
	switch (e->kind) {
	case EXPR_NUM:
		return load_num(c, e->num, out_reg(c, e, dst));
	case EXPR_STR: {
		uint32_t d = out_reg(c, e, dst);
		comp_emit(c, BC_LOADZ, 2, (int64_t)d,
			  (int64_t)bc_add_z(c->bp, e->str ? e->str : "", e->str_len));
		return d;
	}
	case EXPR_SYM:
		return gen_sym(c, e, dst);
	case EXPR_INDEX:
		return gen_index(c, e, dst);
	case EXPR_UNARY:
		return gen_unary(c, e, dst);
	case EXPR_BINARY:
		return gen_binary(c, e, dst);
	case EXPR_LOGICAL:
		return gen_logical(c, e, dst);
	case EXPR_COMPARE:
		return gen_compare(c, e, dst);
	case EXPR_REGEX:
		return gen_regex(c, e, dst);
	case EXPR_CONCAT:
		return gen_concat(c, e, dst);
	case EXPR_TERNARY:
		return gen_ternary(c, e, dst);
	case EXPR_ASSIGN:
		return gen_assign(c, e, dst);
	case EXPR_INCDEC:
		return gen_incdec(c, e, dst);
	case EXPR_IN:
		return gen_in(c, e, dst);
	case EXPR_CALL:
		return gen_call(c, e, dst);
	case EXPR_PRINT:
		return gen_print(c, e, dst);
	case EXPR_STATOP:
		return gen_statop(c, e, dst);
	case EXPR_TARGET: {
		if (e->target_argno <= 0) {
			comp_fail(c, e->tok, "unresolved target-symbol expression");
			return dst;
		}
		uint32_t d = out_reg(c, e, dst);
		comp_near(c, e->tok);
		comp_emit(c, BC_ARG, 2, (int64_t)d, (int64_t)e->target_argno);
		return d;
	}
	default:
		comp_fail(c, e->tok, "unsupported expression");
		return dst;
	}
}

uint32_t comp_expr(struct comp *c, struct ast_expr *e)
{
	return gen(c, e, NO);
}

void comp_expr_to(struct comp *c, struct ast_expr *e, uint32_t dst)
{
	uint32_t r = gen(c, e, dst);
	if (r != dst && r != NO)
		move(c, is_str(e), dst, r);
}

void comp_expr_void(struct comp *c, struct ast_expr *e)
{
	struct mark m = mark(c);
	if (e->kind == EXPR_INCDEC && e->postfix) {
		/* x++ as a statement: the old value is not needed */
		e->postfix = false;
		gen(c, e, NO);
		e->postfix = true;
	} else {
		gen(c, e, NO);
	}
	release(c, m);
}

/* ---- conditions ---------------------------------------------------------------------- */

void comp_cond_jump(struct comp *c, struct ast_expr *e, bool jump_if, struct comp_jumps *out)
{
	struct mark m = mark(c);
	if (e->kind == EXPR_LOGICAL) {
		bool is_and = e->op == OP_ANDAND;
		if (is_and == jump_if) {
			/* (a && b) true / (a || b) false: both must agree */
			struct comp_jumps skip = {0};
			comp_cond_jump(c, e->left, !jump_if, &skip);
			comp_cond_jump(c, e->right, jump_if, out);
			comp_patch_all(c, &skip, comp_here(c));
			vec_free(&skip);
		} else {
			comp_cond_jump(c, e->left, jump_if, out);
			comp_cond_jump(c, e->right, jump_if, out);
		}
		return;
	}
	if (e->kind == EXPR_UNARY && e->op == '!') {
		comp_cond_jump(c, e->left, !jump_if, out);
		return;
	}
	if (e->kind == EXPR_COMPARE && !is_str(e->left)) {
		uint32_t a, b;
		bool imm = e->right->kind == EXPR_NUM && e->right->num >= INT32_MIN &&
			   e->right->num <= INT32_MAX;
		if (imm) {
			a = gen(c, e->left, NO);
			b = 0;
		} else {
			operands(c, e->left, e->right, &a, &b);
		}
		enum bc_op op;
		bool swap = false;
		int cmp = e->op;
		if (!jump_if) {
			switch (cmp) {
			case '<':
				cmp = OP_GE;
				break;
			case '>':
				cmp = OP_LE;
				break;
			case OP_LE:
				cmp = '>';
				break;
			case OP_GE:
				cmp = '<';
				break;
			case OP_EQ:
				cmp = OP_NE;
				break;
			default:
				cmp = OP_EQ;
				break;
			}
		}
		switch (cmp) {
		case '<':
			op = BC_JLT;
			break;
		case '>':
			op = BC_JGT;
			break;
		case OP_LE:
			op = BC_JLE;
			break;
		case OP_GE:
			op = BC_JGE;
			break;
		case OP_EQ:
			op = BC_JEQ;
			break;
		default:
			op = BC_JNE;
			break;
		}
		(void)swap;
		if (imm) {
			op = op == BC_JLT   ? BC_JLTI
			     : op == BC_JGT ? BC_JGTI
			     : op == BC_JLE ? BC_JLEI
			     : op == BC_JGE ? BC_JGEI
			     : op == BC_JEQ ? BC_JEQI
					    : BC_JNEI;
			b = (uint32_t)(int32_t)e->right->num;
		}
		vec_push(out, comp_emit(c, op, 3, (int64_t)a, (int64_t)b, (int64_t)0));
		release(c, m);
		return;
	}
	uint32_t r = gen(c, e, NO);
	vec_push(out, comp_emit(c, jump_if ? BC_JNZ : BC_JZ, 2, (int64_t)r, (int64_t)0));
	release(c, m);
}
