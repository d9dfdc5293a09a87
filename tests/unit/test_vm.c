// SPDX-License-Identifier: MIT
/* Unit tests for the VM with hand-assembled bytecode: arithmetic, strings, globals,
 * arrays and foreach, statistics, calls and recursion (MAXNESTING), overloads and next,
 * try/catch (MAXACTION is not catchable), run-time error texts with their "near" part,
 * the session state machine, output buffering and an out-of-memory walk. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "comp/bytecode.h"
#include "comp/disasm.h"
#include "rt/rt.h"
#include "util/strbuf.h"
#include "vm/vm.h"

static struct strbuf out, err;

static void w_out(void *ud, const char *b, size_t n)
{
	(void)ud;
	sb_add(&out, b, n);
}

static void w_err(void *ud, const char *b, size_t n)
{
	(void)ud;
	sb_add(&err, b, n);
}

#define E(f, op, ...)                                                                              \
	do {                                                                                       \
		int64_t ops_[] = {0, ##__VA_ARGS__};                                               \
		bc_emit((f), BC_##op, ops_ + 1, (int)(sizeof(ops_) / sizeof(ops_[0])) - 1);        \
	} while (0)

static int fmt_of(struct bc_program *p, const char *types, int nspec, ...)
{
	struct bc_format *f = xcalloc(1, sizeof(*f));
	va_list ap;
	va_start(ap, nspec);
	for (int i = 0; i < nspec; i++) {
		struct fmt_spec s = va_arg(ap, struct fmt_spec);
		if (s.lit)
			s.lit = xstrdup(s.lit);
		vec_push(&f->specs, s);
	}
	va_end(ap);
	for (const char *t = types; *t; t++) {
		vec_push(&f->argtypes, *t);
		if (*t == 'l')
			f->nl++;
		else
			f->ns++;
	}
	vec_push(&p->formats, f);
	return p->formats.n - 1;
}

static struct fmt_spec L_(const char *s) {
	return (struct fmt_spec){.lit = s, .litlen = (uint32_t)strlen(s)};
}

static struct fmt_spec
D_(void) {
	return (struct fmt_spec){.conv = 'd', .flags = FMT_SIGN, .width = -1, .prec = -1};
}

static struct fmt_spec
S_(void) {
	return (struct fmt_spec){.conv = 's', .width = -1, .prec = -1};
}

static struct bc_func *
probe(struct bc_program *p, const char *name, uint32_t nl, uint32_t ns)
{
	int fi;
	struct bc_func *f = bc_func_new(p, name, &fi);
	f->is_probe = true;
	f->nl = nl;
	f->ns = ns;
	struct bc_probe pr = {xstrdup(name), xstrdup(name), xstrdup("begin_end"), false, fi};
	vec_push(&p->probes, pr);
	return f;
}

static struct vm *start(struct bc_program *p, const char *defs)
{
	struct vm_config cfg = {.out = w_out, .err = w_err};
	vm_limits_default(&cfg.limits);
	if (defs)
		vm_limits_define(&cfg.limits, defs);
	vm_limits_finish(&cfg.limits);
	char e[256] = "";
	struct vm *vm = vm_new(p, &cfg, e, sizeof(e));
	if (!vm)
		fprintf(stderr, "vm_new: %s\n", e);
	CHECK(vm != NULL);
	if (vm)
		CHECK_EQ_INT(vm_start(vm), 0);
	sb_reset(&out);
	sb_reset(&err);
	return vm;
}

/* for (i = 0; i < 10; i++) sum += i; printf("sum=%d\n", sum); with sum a global */
static void test_loop_and_print(void)
{
	struct bc_program *p = bc_program_new();
	struct bc_global g = {.name = xstrdup("sum"), .kind = BCG_LONG, .slot = 0};
	vec_push(&p->globals, g);
	p->ngl = 1;
	int fmt = fmt_of(p, "l", 3, L_("sum="), D_(), L_("\n"));
	struct bc_func *f = probe(p, "begin", 4, 0);
	E(f, LOADI, 0, 0);  /* i */
	E(f, LOADI, 1, 10); /* limit */
	E(f, JGE, 0, 1, 0); /* patched below */
	uint32_t top = (uint32_t)f->code.n;
	E(f, GETG, 2, 0);
	E(f, ADD, 2, 2, 0);
	E(f, SETG, 0, 2);
	E(f, ADDI, 0, 0, 1);
	E(f, JLT, 0, 1, top);
	f->code.v[6] = (uint32_t)f->code.n; /* JGE target */
	E(f, GETG, 3, 0);
	E(f, PRINTF, fmt, 3, 0);
	E(f, RET);
	struct vm *vm = start(p, NULL);
	vm_set_state(vm, VM_STARTING);
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_OK);
	CHECK_EQ_STR(out.s, "sum=45\n");
	CHECK_EQ_INT(vm_global_long(vm, "sum"), 45);
	/* the state machine: a begin probe does not run once the session is RUNNING */
	vm_set_state(vm, VM_RUNNING);
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_NOT_RUN);
	struct strbuf dis = STRBUF_INIT;
	bc_disasm(p, &dis);
	CHECK(strstr(dis.s, "global G0 sum: long\n") != NULL);
	CHECK(strstr(dis.s, "  0004  JGE       L0, L1, @0020\n") != NULL);
	CHECK(strstr(dis.s, "  0025  RET\n") != NULL);
	CHECK(strstr(dis.s, "PRINTF    fmt0, L3, S0") != NULL);
	sb_free(&dis);
	vm_free(vm);
	bc_program_free(p);
}

/* errors: division by zero near its token, error() without near, counting, MAXERRORS */
static void test_errors(void)
{
	struct bc_program *p = bc_program_new();
	int near_div = bc_add_near(p, "operator '/' at <input>:1:25");
	struct bc_func *f = probe(p, "begin", 3, 1);
	E(f, LOADI, 0, 7);
	E(f, LOADI, 1, 0);
	bc_set_near(f, (uint32_t)f->code.n, near_div);
	E(f, DIV, 2, 0, 1);
	bc_set_near(f, (uint32_t)f->code.n, -1);
	E(f, RET);
	struct bc_func *g = probe(p, "begin", 1, 1);
	E(g, LOADZ, 0, bc_add_z(p, "synthetic error", 15));
	E(g, CALLB, rt_builtin_find("error", 1), 0, 0);
	E(g, RET);
	struct vm *vm = start(p, "MAXERRORS=1");
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_FAILED);
	CHECK_EQ_STR(err.s, "ERROR: division by 0 near operator '/' at <input>:1:25\n");
	CHECK_EQ_INT(vm_get_state(vm), VM_STARTING); /* 1 error <= MAXERRORS */
	sb_reset(&err);
	CHECK_EQ_INT(vm_run_probe(vm, 1, VM_PROBE_BEGIN, NULL), VM_FAILED);
	CHECK_EQ_STR(err.s, "ERROR: synthetic error\n");
	CHECK_EQ_INT(vm_error_count(vm), 2);
	CHECK_EQ_INT(vm_get_state(vm), VM_ERROR);
	CHECK(vm_exit_requested(vm));
	vm_free(vm);
	bc_program_free(p);
}

/* try { 1/0 } catch (msg) { print msg }; MAXACTION inside try is not caught */
static void test_try_catch(void)
{
	struct bc_program *p = bc_program_new();
	int fmt = fmt_of(p, "s", 3, L_("caught: "), S_(), L_("\n"));
	struct bc_func *f = probe(p, "begin", 3, 1);
	E(f, TRY, 0);
	uint32_t try_pc = 0;
	E(f, LOADI, 0, 1);
	E(f, LOADI, 1, 0);
	E(f, MOD, 2, 0, 1);
	E(f, TRYEND, 1);
	E(f, RET);
	uint32_t catch_pc = (uint32_t)f->code.n;
	f->code.v[try_pc] = BC_TRY | (catch_pc << 8);
	E(f, CATCHMSG, 0);
	E(f, PRINTF, fmt, 0, 0);
	E(f, RET);
	/* an endless loop inside try: MAXACTION ends the handler anyway */
	struct bc_func *g = probe(p, "begin", 1, 0);
	E(g, TRY, 3);
	E(g, ACT, 1);
	E(g, JMP, 1);
	E(g, RET);
	struct vm *vm = start(p, NULL);
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_OK);
	CHECK_EQ_STR(out.s, "caught: division by 0\n");
	CHECK_EQ_INT(vm_run_probe(vm, 1, VM_PROBE_BEGIN, NULL), VM_FAILED);
	CHECK_EQ_STR(err.s, "ERROR: MAXACTION exceeded\n");
	vm_free(vm);
	bc_program_free(p);
}

/* function fact(n) { if (n <= 1) return 1; return n * fact(n-1) }, MAXNESTING */
static void test_calls(void)
{
	struct bc_program *p = bc_program_new();
	int fi;
	struct bc_func *fact = bc_func_new(p, "fact", &fi);
	fact->near = bc_add_near(p, "identifier 'fact' at t.stp:1:10");
	fact->nl = 3;
	fact->npl = fact->nll = 1;
	fact->ret = BC_LONG;
	E(fact, LOADI, 1, 1);
	E(fact, JGT, 0, 1, 0); /* patched */
	E(fact, RETL, 1);
	uint32_t rec = (uint32_t)fact->code.n;
	fact->code.v[4] = rec;
	E(fact, ADDI, 2, 0, -1);
	E(fact, CALL, fi, 2, 0);
	E(fact, MUL, 1, 0, 2);
	E(fact, RETL, 1);
	E(fact, RET);
	int fmt = fmt_of(p, "l", 2, D_(), L_("\n"));
	struct bc_func *f = probe(p, "begin", 1, 0);
	E(f, LOADI, 0, 10);
	E(f, CALL, fi, 0, 0);
	E(f, PRINTF, fmt, 0, 0);
	E(f, RET);
	p->maxnesting = 20;
	struct vm *vm = start(p, NULL);
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_OK);
	CHECK_EQ_STR(out.s, "3628800\n");
	vm_free(vm);
	vm = start(p, "MAXNESTING=5");
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_FAILED);
	CHECK_EQ_STR(err.s, "ERROR: MAXNESTING exceeded near identifier 'fact' at t.stp:1:10\n");
	vm_free(vm);
	/* exactly MAXNESTING nested calls are allowed: fact(5) nests 5 deep */
	f->code.v[1] = 5;
	vm = start(p, "MAXNESTING=5");
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_OK);
	CHECK_EQ_STR(out.s, "120\n");
	vm_free(vm);
	bc_program_free(p);
}

/* a[k] .= "x"; foreach ([k] in a-) print; overflow of a sized array */
static void test_arrays(void)
{
	struct bc_program *p = bc_program_new();
	struct bc_global g = {.name = xstrdup("a"),
			      .kind = BCG_MAP,
			      .slot = 0,
			      .nkeys = 1,
			      .vtype = BC_LONG,
			      .maxsize = 3};
	vec_push(&p->globals, g);
	p->nmaps = 1;
	int near_a = bc_add_near(p, "identifier 'a' at x.stp:2:3");
	int fmt = fmt_of(p, "ll", 4, D_(), L_("="), D_(), L_("\n"));
	struct bc_func *f = probe(p, "begin", 6, 0);
	/* a[1]=10 a[2]=30 a[3]=20 */
	E(f, LOADI, 0, 1);
	E(f, LOADI, 1, 10);
	E(f, MSET, 0, 0, 0, 1);
	E(f, LOADI, 0, 2);
	E(f, LOADI, 1, 30);
	E(f, MSET, 0, 0, 0, 1);
	E(f, LOADI, 0, 3);
	E(f, MINC, 1, 0, 0, 0, 20);
	E(f, MSORT, 0, 0, 1, 0); /* by value, descending */
	E(f, MFIRST, 2, 0);
	uint32_t top = (uint32_t)f->code.n;
	E(f, JZ, 2, 0); /* patched */
	E(f, MKEY, 3, 2, 0);
	E(f, MVAL, 4, 2);
	E(f, PRINTF, fmt, 3, 0);
	E(f, MNEXT, 2, 0);
	E(f, JMP, top);
	f->code.v[top + 1] = (uint32_t)f->code.n;
	E(f, LOADI, 0, 4);
	bc_set_near(f, (uint32_t)f->code.n, near_a);
	E(f, MSET, 0, 0, 0, 1);
	E(f, RET);
	struct vm *vm = start(p, NULL);
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_FAILED);
	CHECK_EQ_STR(out.s, "2=30\n3=20\n1=10\n");
	CHECK_EQ_STR(err.s, "ERROR: Array overflow, check size limit (3) near identifier 'a' at "
			    "x.stp:2:3\n");
	vm_free(vm);
	bc_program_free(p);
}

/* x <<< 1..5; @variance; print(@hist_log(x)); @min of an empty stat */
static void test_stats(void)
{
	struct bc_program *p = bc_program_new();
	struct bc_global g = {
	    .name = xstrdup("x"), .kind = BCG_STAT, .slot = 0, .hist = BC_HIST_LOG};
	struct bc_global e = {.name = xstrdup("e"), .kind = BCG_STAT, .slot = 1};
	vec_push(&p->globals, g);
	vec_push(&p->globals, e);
	p->nstats = 2;
	int near_min = bc_add_near(p, "operator '@min' at <input>:1:40");
	int fmt = fmt_of(p, "ll", 4, D_(), L_(" "), D_(), L_("\n"));
	struct bc_func *f = probe(p, "begin", 3, 1);
	E(f, LOADI, 0, 1);
	E(f, LOADI, 1, 6);
	uint32_t top = (uint32_t)f->code.n;
	E(f, STADD, 0, 0);
	E(f, ADDI, 0, 0, 1);
	E(f, JLT, 0, 1, top);
	E(f, STOP, 1, 0, BC_STAT_VARIANCE);
	E(f, STOP, 2, 0, BC_STAT_COUNT);
	E(f, PRINTF, fmt, 1, 0);
	E(f, HSPRINT, 0, 0);
	E(f, PRINTS, 0);
	bc_set_near(f, (uint32_t)f->code.n, near_min);
	E(f, STOP, 0, 1, BC_STAT_MIN);
	E(f, RET);
	struct vm *vm = start(p, NULL);
	CHECK_EQ_INT(vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL), VM_FAILED);
	CHECK(strncmp(out.s, "12 5\nvalue |---", 15) == 0);
	CHECK(strstr(out.s, "    4 |@@                                                 2\n") !=
	      NULL);
	CHECK_EQ_STR(err.s, "ERROR: empty aggregate near operator '@min' at <input>:1:40\n");
	vm_free(vm);
	bc_program_free(p);
}

/* run a small program while failing the N-th VM allocation, for every N */
static void test_oom_walk(void)
{
	struct bc_program *p = bc_program_new();
	struct bc_global g = {.name = xstrdup("a"),
			      .kind = BCG_MAP,
			      .slot = 0,
			      .nkeys = 1,
			      .strkeys = 1,
			      .vtype = BC_STR};
	vec_push(&p->globals, g);
	p->nmaps = 1;
	struct bc_func *f = probe(p, "begin", 2, 2);
	E(f, LOADI, 0, 0);
	E(f, LOADI, 1, 50);
	uint32_t top = (uint32_t)f->code.n;
	E(f, SPRINTF, fmt_of(p, "l", 1, D_()), 0, 0, 0);
	E(f, MSETS, 0, 0, 0, 0);
	E(f, ADDI, 0, 0, 1);
	E(f, JLT, 0, 1, top);
	E(f, RET);
	int completed = 0;
	for (long n = 1; n < 500 && !completed; n++) {
		char e[128];
		struct vm_config cfg = {.out = w_out, .err = w_err};
		vm_limits_default(&cfg.limits);
		vm_limits_finish(&cfg.limits);
		setenv("UTAP_VM_FAIL_ALLOC", "0", 1);
		char num[32];
		snprintf(num, sizeof(num), "%ld", n);
		setenv("UTAP_VM_FAIL_ALLOC", num, 1);
		struct vm *vm = vm_new(p, &cfg, e, sizeof(e));
		unsetenv("UTAP_VM_FAIL_ALLOC");
		if (!vm)
			continue;
		if (vm_start(vm) == 0) {
			enum vm_result r = vm_run_probe(vm, 0, VM_PROBE_BEGIN, NULL);
			CHECK(r == VM_OK || r == VM_FAILED);
			if (r == VM_OK) {
				CHECK_EQ_INT(map_count(vm_global_map(vm, "a")), 50);
				completed = 1;
			}
		}
		vm_free(vm);
	}
	CHECK(completed);
	bc_program_free(p);
}

int main(void)
{
	test_loop_and_print();
	test_errors();
	test_try_catch();
	test_calls();
	test_arrays();
	test_stats();
	test_oom_walk();
	sb_free(&out);
	sb_free(&err);
	return check_done("test_vm");
}
