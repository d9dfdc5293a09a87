// SPDX-License-Identifier: MIT
/* bench/vm/hit: the VM's cost per probe hit, as an in-process agent would pay it: a
 * handler compiled from a script is run N times through vm_run_probe() with a fake
 * probe context. Prints nanoseconds per hit for a few handlers.
 *   build/bench/vm-hit [N] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comp/compile.h"
#include "lang/parse.h"
#include "sema/sema.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "vm/vm.h"

static int64_t counter;

static int fake_arg(struct probe_ctx *ctx, int n, int64_t *val)
{
	(void)ctx;
	*val = counter * n;
	return 0;
}

static const struct probe_ctx_ops ops = {.arg = fake_arg};

static void sink(void *ud, const char *buf, size_t len)
{
	(void)ud;
	(void)buf;
	(void)len;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* the handler is the body of `probe never { ... }`, so that sema keeps it */
static void bench(const char *name, const char *body, long n)
{
	char script[1024];
	snprintf(script, sizeof(script),
		 "global g, a, s\nprobe begin { g = 0; a[0] = 0; s <<< 0 }\n"
		 "probe timer.s(1000) { %s }\nprobe end { println(g, a[1], @count(s)) }\n",
		 body);
	struct strbuf errs = STRBUF_INIT;
	struct diag *d = diag_new();
	diag_capture(d, &errs);
	struct lang_config cfg = {0};
	struct parser_ctx *ctx = parser_ctx_new(&cfg, d);
	struct ast_file *user =
	    parse_file(ctx, parser_ctx_text(ctx, "<bench>", script), PARSE_USER_FILE);
	struct sema_opts o = {.compatible = "4.8", .n_primary_files = 1};
	struct program *p = NULL;
	if (!user || sema_elaborate(&o, d, &user, 1, NULL, 0, &p) != 0) {
		fprintf(stderr, "%s: does not elaborate:\n%s", name, errs.s ? errs.s : "");
		exit(1);
	}
	struct comp_opts co = {.compat = 4 << 8 | 8};
	char err[256];
	struct bc_program *bp = comp_program(p, &co, err, sizeof(err));
	struct vm_config vc = {.out = sink, .err = sink};
	vm_limits_default(&vc.limits);
	vm_limits_finish(&vc.limits);
	struct vm *vm = bp ? vm_new(bp, &vc, err, sizeof(err)) : NULL;
	if (!vm || vm_start(vm) < 0) {
		fprintf(stderr, "%s: %s\n", name, err);
		exit(1);
	}
	int probe = -1;
	for (int i = 0; i < p->probes.n; i++)
		if (p->probes.v[i]->kind == PROBE_TIMER)
			probe = i;
	if (probe < 0) {
		fprintf(stderr, "%s: the handler was optimized away\n", name);
		exit(1);
	}
	vm_set_state(vm, VM_RUNNING);
	struct probe_ctx pc = {.ops = &ops, .pid = 1, .tid = 1, .pc = 0x1000, .nargs = 2};
	double t0 = now();
	for (counter = 0; counter < n; counter++)
		vm_run_probe(vm, probe, VM_PROBE_OTHER, &pc);
	double t1 = now();
	printf("%-28s %7.1f ns/hit\n", name, (t1 - t0) / (double)n);
	vm_free(vm);
	bc_program_free(bp);
	program_free(p);
	parser_ctx_free(ctx);
	diag_free(d);
	sb_free(&errs);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 2000000;
	bench("empty handler (next)", "next", n);
	bench("global counter", "g++", n);
	bench("array[g++ % 64]++", "a[g++ % 64]++", n);
	bench("stats <<< g++", "s <<< g++", n);
	bench("printf to a buffer", "printf(\"%d %s\\n\", g++, \"x\")", n);
	return 0;
}
