// SPDX-License-Identifier: MIT
/* The dispatch loop: runs one probe handler's bytecode to completion with stap's
 * semantics for calls (MAXNESTING, overload `next`), try/catch, MAXACTION accounting and
 * run-time errors. Everything else (globals, session state, output, errors printing)
 * lives in vm_state.c; the built-ins live in src/rt. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt/format.h"
#include "rt/rt.h"
#include "vm/vm_int.h"

static int grow_regs(struct vm_thread *t, uint32_t lneed, uint32_t sneed);

/* grows the register stacks so that lneed longs and sneed strings exist */
static inline int ensure_regs(struct vm_thread *t, uint32_t lneed, uint32_t sneed)
{
	if (__builtin_expect(lneed <= t->lcap && sneed <= t->scap, 1))
		return 0;
	return grow_regs(t, lneed, sneed);
}

static int grow_regs(struct vm_thread *t, uint32_t lneed, uint32_t sneed)
{
	struct vm_mem *mem = &t->vm->mem;
	if (lneed > t->lcap) {
		uint32_t ncap = t->lcap ? t->lcap : 64;
		while (ncap < lneed)
			ncap *= 2;
		int64_t *n =
		    vm_mem_realloc(mem, t->ls, t->lcap * sizeof(int64_t), ncap * sizeof(int64_t));
		if (!n)
			return -ENOMEM;
		t->ls = n;
		t->lcap = ncap;
	}
	if (sneed > t->scap) {
		uint32_t ncap = t->scap ? t->scap : 8;
		while (ncap < sneed)
			ncap *= 2;
		char *n = vm_mem_realloc(mem, t->ss, t->scap * t->vm->stride, ncap * t->vm->stride);
		if (!n)
			return -ENOMEM;
		t->ss = n;
		t->scap = ncap;
	}
	return 0;
}

/* zeroes a function's locals (parameters stay) */
static void clear_locals(struct vm_thread *t, const struct bc_func *f, uint32_t lb, uint32_t sb)
{
	if (f->nll > f->npl)
		memset(t->ls + lb + f->npl, 0, (f->nll - f->npl) * sizeof(int64_t));
	for (uint32_t i = f->nps; i < f->nls; i++)
		vstr_clear(vm_sreg(t->ss, t->vm->stride, sb + i));
}

static void build_key(const struct map_desc *d, const int64_t *L, char *S, size_t stride,
		      uint32_t lk, uint32_t sk, struct map_key *k)
{
	for (int i = 0; i < d->nkeys; i++) {
		if (d->strkeys & (1u << i)) {
			const struct vstr *v = vm_sreg(S, stride, sk++);
			k->s[i] = v->s;
			k->slen[i] = v->len;
		} else {
			k->l[i] = L[lk++];
		}
	}
}

static int mem_reader(void *ud, uint64_t addr, void *buf, size_t n)
{
	struct probe_ctx *c = ud;
	if (!c || !c->ops || !c->ops->read_mem)
		return -EFAULT;
	return c->ops->read_mem(c, addr, buf, n);
}

/* printf/sprintf: gathers the arguments and formats; 0 or an error already set */
static int do_format(struct vm_thread *t, const struct bc_format *f, const int64_t *L, char *S,
		     uint32_t lb, uint32_t sb, struct vstr *dst)
{
	struct fmt_val args[64];
	struct vm *vm = t->vm;
	int na = f->argtypes.n;
	if (na > 64)
		na = 64;
	for (int i = 0; i < na; i++) {
		if (f->argtypes.v[i] == 's') {
			const struct vstr *v = vm_sreg(S, vm->stride, sb++);
			args[i] = (struct fmt_val){0, v->s, v->len};
		} else {
			args[i] = (struct fmt_val){L[lb++], NULL, 0};
		}
	}
	/* %m/%M: stap refuses dumps larger than a page before printing anything */
	int ai = 0;
	for (int i = 0; i < f->specs.n; i++) {
		const struct fmt_spec *s = &f->specs.v[i];
		if (!s->conv)
			continue;
		if (s->width == FMT_DYNAMIC)
			ai++;
		int64_t prec = s->prec == FMT_DYNAMIC ? args[ai++].l : s->prec > 0 ? s->prec : 1;
		if ((s->conv == 'm' || s->conv == 'M') && prec > 4096) {
			vm_thread_error(t, "%lld is too many bytes for a memory dump",
					(long long)prec);
			return -1;
		}
		ai++;
	}
	uint64_t fault = 0;
	long n;
	if (dst) {
		n = fmt_write(dst->s, (size_t)vm->lim.MAXSTRINGLEN, 1, f->specs.v, f->specs.n, args,
			      mem_reader, t->pctx, &fault);
		if (n >= 0) {
			/* a %c of 0 or the %05s quirk cut the C string short */
			dst->len = (uint32_t)strlen(dst->s);
			return 0;
		}
		vstr_clear(dst);
	} else {
		size_t need =
		    fmt_size(f->specs.v, f->specs.n, args, (size_t)vm->lim.STP_BUFFER_SIZE);
		if (need > (size_t)vm->lim.STP_BUFFER_SIZE)
			need = (size_t)vm->lim.STP_BUFFER_SIZE;
		if (need == 0)
			return 0;
		char *buf = vm_out_reserve(t, need);
		n = fmt_write(buf, need, 0, f->specs.v, f->specs.n, args, mem_reader, t->pctx,
			      &fault);
		if (n >= 0)
			return 0;
		t->olen -= need;
	}
	vm_thread_error(t, "read fault [man error::fault] at 0x%" PRIx64, fault);
	return -1;
}

static const char *const empty_aggregate = "empty aggregate";

/* @count .. @variance of one aggregate; NULL s means an absent array element */
static int stat_op(struct vm_thread *t, const struct stat_desc *d, const struct vstat *s, int op,
		   bool elem, int64_t *out)
{
	if (op == BC_STAT_COUNT || op == BC_STAT_SUM) {
		*out = !s ? 0 : op == BC_STAT_COUNT ? s->count : s->sum;
		return 0;
	}
	if (!s || s->count == 0) {
		t->errmsg = empty_aggregate;
		return -1;
	}
	switch (op) {
	case BC_STAT_MIN:
		*out = s->min;
		break;
	case BC_STAT_MAX:
		*out = s->max;
		break;
	case BC_STAT_AVG:
		*out = stat_avg(s);
		break;
	case BC_STAT_SUM_CHECKED:
		*out = s->sum;
		break;
	default:
		*out = stat_variance(d, s, elem);
		break;
	}
	return 0;
}

struct hist_sink {
	struct vm_thread *t;
	struct vstr *dst;
	size_t cap;
};

static void hist_emit(void *ud, const char *text, size_t len)
{
	struct hist_sink *h = ud;
	if (h->dst)
		vstr_append(h->dst, h->cap, text, len);
	else
		vm_out(h->t, text, len);
}

static int hist_print(struct vm_thread *t, const struct stat_desc *d, const struct vstat *s,
		      struct vstr *dst)
{
	if (!s || s->count == 0) {
		t->errmsg = empty_aggregate;
		return -1;
	}
	struct hist_sink h = {t, dst, (size_t)t->vm->lim.MAXSTRINGLEN};
	if (dst)
		vstr_clear(dst);
	stat_hist_render(d, s, (int)t->vm->lim.HIST_ELISION, hist_emit, &h);
	return 0;
}

static int hist_bucket(struct vm_thread *t, const struct stat_desc *d, const struct vstat *s,
		       int64_t i, bool check_empty, int64_t *out)
{
	if (check_empty && (!s || s->count == 0)) {
		t->errmsg = empty_aggregate;
		return -1;
	}
	if (i < 0 || i >= d->buckets) {
		t->errmsg = "histogram index out of range";
		return -1;
	}
	*out = s ? s->hist[i] : 0;
	return 0;
}

static int map_add_error(struct vm_thread *t, int m, int rc)
{
	t->errmsg = rc == -ENOSPC ? t->vm->overflow_msg[m] : "out of memory";
	return -1;
}

static int run_builtin(struct vm_thread *t, uint32_t b, int64_t *L, char *S)
{
	struct rt_call c = {t, L, S, t->vm->stride};
	return rt_builtins[b].fn(&c);
}

/* Runs t's current frame stack until the probe frame returns. */
static enum vm_result dispatch(struct vm_thread *t)
{
	static const void *const labels[BC_NOPS] = {
#define OP(name, ops, doc) &&op_##name,
#include "comp/opcodes.def"
	};
	struct vm *vm = t->vm;
	const struct bc_program *prog = vm->prog;
	const size_t stride = vm->stride;
	struct vm_frame *fr = &t->frames[t->nframes - 1];
	const struct bc_func *fn = fr->fn;
	const uint32_t *code = fn->code.v;
	const uint32_t *pc = fr->pc;
	int64_t *L = t->ls + fr->lbase;
	char *S = t->ss + (size_t)fr->sbase * stride;
	int64_t *G = vm->gl;
	uint32_t w;
	struct map_key key;

#define A (w >> 8)
#define B (pc[1])
#define C (pc[2])
#define D (pc[3])
#define E (pc[4])
#define SR(i) vm_sreg(S, stride, (i))
#define GS(i) ((struct vstr *)(vm->gs + (size_t)(i)*stride))
#define CAP ((size_t)vm->lim.MAXSTRINGLEN)
#define DISPATCH()                                                                                 \
	do {                                                                                       \
		w = *pc;                                                                           \
		goto *labels[w & 0xff];                                                            \
	} while (0)
#define STEP(n)                                                                                    \
	do {                                                                                       \
		pc += (n);                                                                         \
		DISPATCH();                                                                        \
	} while (0)
#define RAISE(msg)                                                                                 \
	do {                                                                                       \
		t->errmsg = (msg);                                                                 \
		goto error;                                                                        \
	} while (0)
#define RELOAD()                                                                                   \
	do {                                                                                       \
		fr = &t->frames[t->nframes - 1];                                                   \
		fn = fr->fn;                                                                       \
		code = fn->code.v;                                                                 \
		L = t->ls + fr->lbase;                                                             \
		S = t->ss + (size_t)fr->sbase * stride;                                            \
	} while (0)

#define FIND(mi, lk, sk)                                                                           \
	(vm->l1[mi] ? map_find_l1(vm->maps[mi], L[lk])                                             \
		    : (build_key(map_desc(vm->maps[mi]), L, S, stride, (lk), (sk), &key),          \
		       map_find(vm->maps[mi], &key)))
#define LOOKUP_ADD(mi, lk, sk, np)                                                                 \
	(vm->l1[mi] ? map_lookup_add_l1(vm->maps[mi], L[lk], (np))                                 \
		    : (build_key(map_desc(vm->maps[mi]), L, S, stride, (lk), (sk), &key),          \
		       map_lookup_add(vm->maps[mi], &key, (np))))

	DISPATCH();

op_NOP:
	STEP(1);
op_LOADI:
	L[A] = (int32_t)B;
	STEP(2);
op_LOADK:
	L[A] = prog->k.v[B];
	STEP(2);
op_MOVL:
	L[A] = L[B];
	STEP(2);
op_LOADZ:
	vstr_set(SR(A), CAP, prog->z.v[B].s, prog->z.v[B].len);
	STEP(2);
op_MOVS:
	vstr_copy(SR(A), SR(B));
	STEP(2);
op_CLRS:
	vstr_clear(SR(A));
	STEP(1);
op_GETG:
	L[A] = G[B];
	STEP(2);
op_SETG:
	G[A] = L[B];
	STEP(2);
op_GETGS:
	vstr_copy(SR(A), GS(B));
	STEP(2);
op_SETGS:
	vstr_copy(GS(A), SR(B));
	STEP(2);
op_CATGS:
	vstr_append(GS(A), CAP, SR(B)->s, SR(B)->len);
	STEP(2);
op_ADD:
	L[A] = (int64_t)((uint64_t)L[B] + (uint64_t)L[C]);
	STEP(3);
op_SUB:
	L[A] = (int64_t)((uint64_t)L[B] - (uint64_t)L[C]);
	STEP(3);
op_MUL:
	L[A] = (int64_t)((uint64_t)L[B] * (uint64_t)L[C]);
	STEP(3);
op_DIV:
	if (L[C] == 0)
		RAISE("division by 0");
	L[A] = L[C] == -1 ? (int64_t)(0 - (uint64_t)L[B]) : L[B] / L[C];
	STEP(3);
op_MOD:
	if (L[C] == 0)
		RAISE("division by 0");
	L[A] = L[C] == -1 ? 0 : L[B] % L[C];
	STEP(3);
op_AND:
	L[A] = L[B] & L[C];
	STEP(3);
op_OR:
	L[A] = L[B] | L[C];
	STEP(3);
op_XOR:
	L[A] = L[B] ^ L[C];
	STEP(3);
op_SHL:
	L[A] = (int64_t)((uint64_t)L[B] << (L[C] & 63));
	STEP(3);
op_SHR:
	L[A] = L[B] >> (L[C] & 63);
	STEP(3);
op_USHR:
	L[A] = (int64_t)((uint64_t)L[B] >> (L[C] & 63));
	STEP(3);
op_ADDI:
	L[A] = (int64_t)((uint64_t)L[B] + (uint64_t)(int64_t)(int32_t)C);
	STEP(3);
op_NEG:
	L[A] = (int64_t)(0 - (uint64_t)L[B]);
	STEP(2);
op_NOT:
	L[A] = !L[B];
	STEP(2);
op_BNOT:
	L[A] = ~L[B];
	STEP(2);
op_LT:
	L[A] = L[B] < L[C];
	STEP(3);
op_LE:
	L[A] = L[B] <= L[C];
	STEP(3);
op_EQ:
	L[A] = L[B] == L[C];
	STEP(3);
op_NE:
	L[A] = L[B] != L[C];
	STEP(3);
op_SLT:
	L[A] = strcmp(SR(B)->s, SR(C)->s) < 0;
	STEP(3);
op_SLE:
	L[A] = strcmp(SR(B)->s, SR(C)->s) <= 0;
	STEP(3);
op_SEQ:
	L[A] = SR(B)->len == SR(C)->len && memcmp(SR(B)->s, SR(C)->s, SR(B)->len) == 0;
	STEP(3);
op_SNE:
	L[A] = !(SR(B)->len == SR(C)->len && memcmp(SR(B)->s, SR(C)->s, SR(B)->len) == 0);
	STEP(3);
op_CAT : {
	struct vstr *d = SR(A), *x = SR(B), *y = SR(C);
	if (d == y && d != x) {
		/* S[a] = S[b] . S[a]: build in the scratch string */
		vstr_copy(t->tmp, x);
		vstr_append(t->tmp, CAP, y->s, y->len);
		vstr_copy(d, t->tmp);
	} else {
		if (d != x)
			vstr_copy(d, x);
		vstr_append(d, CAP, y->s, y->len);
	}
	STEP(3);
}
op_JMP:
	pc = code + A;
	DISPATCH();
op_JZ:
	if (!L[A]) {
		pc = code + B;
		DISPATCH();
	}
	STEP(2);
op_JNZ:
	if (L[A]) {
		pc = code + B;
		DISPATCH();
	}
	STEP(2);
op_JLT:
	if (L[A] < L[B]) {
		pc = code + C;
		DISPATCH();
	}
	STEP(3);
op_JLE:
	if (L[A] <= L[B]) {
		pc = code + C;
		DISPATCH();
	}
	STEP(3);
op_JEQ:
	if (L[A] == L[B]) {
		pc = code + C;
		DISPATCH();
	}
	STEP(3);
op_JNE:
	if (L[A] != L[B]) {
		pc = code + C;
		DISPATCH();
	}
	STEP(3);
op_JGE:
	if (L[A] >= L[B]) {
		pc = code + C;
		DISPATCH();
	}
	STEP(3);
op_JGT:
	if (L[A] > L[B]) {
		pc = code + C;
		DISPATCH();
	}
	STEP(3);
#define JUMP_IF_IMM(cond)                                                                          \
	do {                                                                                       \
		if (cond) {                                                                        \
			pc = code + C;                                                             \
			DISPATCH();                                                                \
		}                                                                                  \
		STEP(3);                                                                           \
	} while (0)
op_JLTI:
	JUMP_IF_IMM(L[A] < (int32_t)B);
op_JLEI:
	JUMP_IF_IMM(L[A] <= (int32_t)B);
op_JEQI:
	JUMP_IF_IMM(L[A] == (int32_t)B);
op_JNEI:
	JUMP_IF_IMM(L[A] != (int32_t)B);
op_JGEI:
	JUMP_IF_IMM(L[A] >= (int32_t)B);
op_JGTI:
	JUMP_IF_IMM(L[A] > (int32_t)B);
op_ACT:
	t->actions -= A;
	if (t->actions <= 0) {
		t->uncatchable = true;
		RAISE("MAXACTION exceeded");
	}
	STEP(1);
op_ACTCHK:
	if (t->actions < (int64_t)A) {
		t->uncatchable = t->actions <= 0;
		RAISE("MAXACTION exceeded");
	}
	STEP(1);
op_CALL : {
	const struct bc_func *cf = prog->funcs.v[A];
	if ((int64_t)t->nframes - 1 >= vm->maxnesting) {
		t->errnear = cf->near;
		RAISE("MAXNESTING exceeded");
	}
	uint32_t lb = fr->lbase + B, sb = fr->sbase + C;
	if (t->nframes >= t->maxframes || ensure_regs(t, lb + cf->nl, sb + cf->ns) < 0)
		RAISE("out of memory");
	fr->pc = pc + 3;
	struct vm_frame *nf = &t->frames[t->nframes++];
	nf->fn = cf;
	nf->lbase = lb;
	nf->sbase = sb;
	clear_locals(t, cf, lb, sb);
	t->next_flag = false;
	RELOAD();
	pc = code;
	DISPATCH();
}
op_CALLB : {
	int rc = run_builtin(t, A, L + B, S + (size_t)C * stride);
	if (rc == RT_OK)
		STEP(3);
	if (rc == RT_ABORT)
		goto aborted;
	goto error;
}
op_RETL:
	L[0] = L[A];
	goto op_RET;
op_RETS:
	vstr_copy(SR(0), SR(A));
	goto op_RET;
op_NEXT:
	if (fn->is_probe)
		goto done;
	t->next_flag = true;
	goto op_RET;
op_RET:
	while (t->nhandlers && t->handlers[t->nhandlers - 1].frame >= t->nframes - 1)
		t->nhandlers--;
	if (t->nframes == 1)
		goto done;
	t->nframes--;
	RELOAD();
	pc = fr->pc;
	DISPATCH();
op_JNONEXT:
	if (!t->next_flag) {
		pc = code + A;
		DISPATCH();
	}
	STEP(1);
op_TRY:
	if (t->nhandlers >= t->maxhandlers)
		RAISE("out of memory");
	t->handlers[t->nhandlers++] = (struct vm_handler){t->nframes - 1, A};
	STEP(1);
op_TRYEND:
	t->nhandlers = A > t->nhandlers ? 0 : t->nhandlers - A;
	STEP(1);
op_CATCHMSG:
	vstr_set(SR(A), CAP, t->caught, strlen(t->caught));
	STEP(1);
op_ERRZ:
	RAISE(prog->z.v[A].s);
op_MGET : {
	struct map_node *n = FIND(B, C, D);
	L[A] = n ? map_get_long(n) : 0;
	STEP(4);
}
op_MGETS : {
	struct map_node *n = FIND(B, C, D);
	if (n) {
		uint32_t len;
		const char *s = map_get_str(n, &len);
		vstr_set(SR(A), CAP, s, len);
	} else {
		vstr_clear(SR(A));
	}
	STEP(4);
}
op_MSET : {
	struct map_node *n;
	int rc = LOOKUP_ADD(A, B, C, &n);
	if (rc < 0) {
		map_add_error(t, A, rc);
		goto error;
	}
	map_set_long(n, L[D]);
	STEP(4);
}
op_MSETS:
op_MCATS : {
	struct map_node *n;
	int rc = LOOKUP_ADD(A, B, C, &n);
	if (rc == 0)
		rc = map_set_str(vm->maps[A], n, SR(D)->s, SR(D)->len, (w & 0xff) == BC_MCATS);
	if (rc < 0) {
		map_add_error(t, A, rc);
		goto error;
	}
	STEP(4);
}
op_MINC : {
	struct map_node *n;
	int rc = LOOKUP_ADD(B, C, D, &n);
	if (rc < 0) {
		map_add_error(t, B, rc);
		goto error;
	}
	int64_t *r = map_long_ref(n);
	*r = (int64_t)((uint64_t)*r + (uint64_t)(int64_t)(int32_t)E);
	L[A] = *r;
	STEP(5);
}
op_MADD : {
	struct map_node *n;
	int64_t delta = L[E];
	int rc = LOOKUP_ADD(B, C, D, &n);
	if (rc < 0) {
		map_add_error(t, B, rc);
		goto error;
	}
	int64_t *r = map_long_ref(n);
	*r = (int64_t)((uint64_t)*r + (uint64_t)delta);
	L[A] = *r;
	STEP(5);
}
op_MIN:
	L[A] = FIND(B, C, D) != NULL;
	STEP(4);
op_MINW:
	build_key(map_desc(vm->maps[B]), L, S, stride, C, D, &key);
	L[A] = map_exists_matching(vm->maps[B], &key, E);
	STEP(5);
op_MDEL:
	build_key(map_desc(vm->maps[A]), L, S, stride, B, C, &key);
	map_delete(vm->maps[A], map_find(vm->maps[A], &key));
	STEP(3);
op_MDELW:
	build_key(map_desc(vm->maps[A]), L, S, stride, B, C, &key);
	map_delete_matching(vm->maps[A], &key, D);
	STEP(4);
op_MCLR:
	map_clear(vm->maps[A]);
	STEP(1);
op_MSIZE:
	L[A] = map_count(vm->maps[B]);
	STEP(2);
op_MSORT : {
	uint32_t code_ = C;
	int64_t limit = (code_ & 16) ? L[D] : 0;
	map_sort(vm->maps[A], (int)B, (code_ & 1) ? -1 : 1, (enum map_sort_agg)((code_ >> 1) & 7),
		 limit);
	STEP(4);
}
op_MFIRST:
	L[A] = (int64_t)(intptr_t)map_first(vm->maps[B]);
	STEP(2);
op_MNEXT:
	L[A] = (int64_t)(intptr_t)map_next(vm->maps[B], (struct map_node *)(intptr_t)L[A]);
	STEP(2);
op_MKEY:
	L[A] = map_key_long((struct map_node *)(intptr_t)L[B], (int)C);
	STEP(3);
op_MKEYS : {
	uint32_t len;
	const char *s = map_key_str((struct map_node *)(intptr_t)L[B], (int)C, &len);
	vstr_set(SR(A), CAP, s, len);
	STEP(3);
}
op_MVAL:
	L[A] = map_get_long((struct map_node *)(intptr_t)L[B]);
	STEP(2);
op_MVALS : {
	uint32_t len;
	const char *s = map_get_str((struct map_node *)(intptr_t)L[B], &len);
	vstr_set(SR(A), CAP, s, len);
	STEP(2);
}
op_STADD:
	stat_add(&vm->sdesc[A], vm->stats[A], L[B]);
	STEP(2);
op_MSTADD : {
	struct map_node *n;
	int rc = LOOKUP_ADD(A, B, C, &n);
	if (rc < 0) {
		map_add_error(t, A, rc);
		goto error;
	}
	stat_add(&map_desc(vm->maps[A])->stat, map_get_stat(n), L[D]);
	STEP(4);
}
op_STCLR:
	stat_clear(&vm->sdesc[A], vm->stats[A]);
	STEP(1);
op_STOP:
	if (stat_op(t, &vm->sdesc[B], vm->stats[B], (int)C, false, &L[A]) < 0)
		goto error;
	STEP(3);
op_MSTOP : {
	struct map_node *n = FIND(B, C, D);
	if (stat_op(t, &map_desc(vm->maps[B])->stat, n ? map_get_stat(n) : NULL, (int)E, true,
		    &L[A]) < 0)
		goto error;
	STEP(5);
}
op_STOPE : {
	struct map_node *n = (struct map_node *)(intptr_t)L[C];
	if (stat_op(t, &map_desc(vm->maps[B])->stat, map_get_stat(n), (int)D, true, &L[A]) < 0)
		goto error;
	STEP(4);
}
op_HPRINT:
	if (hist_print(t, &vm->sdesc[A], vm->stats[A], NULL) < 0)
		goto error;
	STEP(1);
op_MHPRINT : {
	build_key(map_desc(vm->maps[A]), L, S, stride, B, C, &key);
	struct map_node *n = map_find(vm->maps[A], &key);
	if (hist_print(t, &map_desc(vm->maps[A])->stat, n ? map_get_stat(n) : NULL, NULL) < 0)
		goto error;
	STEP(3);
}
op_HSPRINT:
	if (hist_print(t, &vm->sdesc[B], vm->stats[B], SR(A)) < 0)
		goto error;
	STEP(2);
op_MHSPRINT : {
	build_key(map_desc(vm->maps[B]), L, S, stride, C, D, &key);
	struct map_node *n = map_find(vm->maps[B], &key);
	if (hist_print(t, &map_desc(vm->maps[B])->stat, n ? map_get_stat(n) : NULL, SR(A)) < 0)
		goto error;
	STEP(4);
}
op_HBUCKET:
	if (hist_bucket(t, &vm->sdesc[B], vm->stats[B], L[C], true, &L[A]) < 0)
		goto error;
	STEP(3);
op_MHBUCKET : {
	build_key(map_desc(vm->maps[B]), L, S, stride, C, D, &key);
	struct map_node *n = map_find(vm->maps[B], &key);
	if (hist_bucket(t, &map_desc(vm->maps[B])->stat, n ? map_get_stat(n) : NULL, L[E], true,
			&L[A]) < 0)
		goto error;
	STEP(5);
}
op_HBUCKETS:
	L[A] = vm->sdesc[B].buckets;
	STEP(2);
op_HFOREACH:
	if (hist_bucket(t, &vm->sdesc[B], vm->stats[B], L[C], false, &L[A]) < 0)
		goto error;
	STEP(3);
op_MHFOREACH : {
	build_key(map_desc(vm->maps[B]), L, S, stride, C, D, &key);
	struct map_node *n = map_find(vm->maps[B], &key);
	if (hist_bucket(t, &map_desc(vm->maps[B])->stat, n ? map_get_stat(n) : NULL, L[E], false,
			&L[A]) < 0)
		goto error;
	STEP(5);
}
op_PRINTF:
	if (do_format(t, prog->formats.v[A], L, S, B, C, NULL) < 0)
		goto error;
	STEP(3);
op_SPRINTF:
	if (do_format(t, prog->formats.v[B], L, S, C, D, SR(A)) < 0)
		goto error;
	STEP(4);
op_PRINTS:
	vm_out(t, SR(A)->s, SR(A)->len);
	STEP(1);
op_PRINTZ:
	vm_out(t, prog->z.v[A].s, prog->z.v[A].len);
	STEP(1);
op_MATCH : {
	const struct vstr *s = SR(B);
	memcpy(t->msubj, s->s, (size_t)s->len + 1);
	int rc = regexec(&vm->re[C], t->msubj, 10, t->mt, 0);
	t->mok = rc == 0;
	t->nsub = (int)vm->re[C].re_nsub;
	L[A] = t->mok;
	STEP(3);
}
op_ARG : {
	int64_t v = 0;
	struct probe_ctx *pc_ = t->pctx;
	int rc = pc_ && pc_->ops && pc_->ops->arg ? pc_->ops->arg(pc_, (int)B, &v) : -ENOENT;
	if (rc < 0) {
		if (rc == -EFAULT || rc == -ESRCH)
			vm_thread_error(t, "read fault [man error::fault] at $arg%u", B);
		else
			vm_thread_error(t, "cannot access $arg%u", B);
		goto error;
	}
	L[A] = v;
	STEP(2);
}

error:
	if (t->errnear == VM_NEAR_PC)
		t->errnear = bc_near_at(fn, (uint32_t)(pc - code));
	if (!t->uncatchable && t->nhandlers > 0) {
		struct vm_handler h = t->handlers[--t->nhandlers];
		size_t n = strnlen(t->errmsg, (size_t)vm->lim.MAXSTRINGLEN - 1);
		memmove(t->caught, t->errmsg, n);
		t->caught[n] = 0;
		t->errmsg = NULL;
		t->errnear = VM_NEAR_PC;
		t->nframes = h.frame + 1;
		RELOAD();
		pc = code + h.catch_pc;
		DISPATCH();
	}
	return VM_FAILED;
aborted:
	return VM_ABORTED;
done:
	return VM_OK;
#undef A
#undef B
#undef C
#undef D
#undef E
}

enum vm_result vm_dispatch_probe(struct vm_thread *t, const struct bc_func *fn);

enum vm_result vm_dispatch_probe(struct vm_thread *t, const struct bc_func *fn)
{
	/* at least one register of each bank, so that the stacks are never NULL */
	if (ensure_regs(t, fn->nl ? fn->nl : 1, fn->ns ? fn->ns : 1) < 0) {
		t->errmsg = "out of memory";
		t->errnear = -1;
		return VM_FAILED;
	}
	/* locals start at 0 / ""; temporaries are always written before they are read */
	if (fn->nll)
		memset(t->ls, 0, fn->nll * sizeof(int64_t));
	for (uint32_t i = 0; i < fn->nls; i++)
		vstr_clear(vm_sreg(t->ss, t->vm->stride, i));
	t->nframes = 1;
	t->frames[0] = (struct vm_frame){fn, 0, 0, fn->code.v};
	t->nhandlers = 0;
	t->next_flag = false;
	t->aborted = false;
	t->uncatchable = false;
	t->errmsg = NULL;
	t->errnear = VM_NEAR_PC;
	t->actions = t->vm->lim.MAXACTION_INTERRUPTIBLE;
	return dispatch(t);
}
