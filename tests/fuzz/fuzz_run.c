// SPDX-License-Identifier: MIT
/* libFuzzer harness for the compiler and the VM: each input is parsed as a user script;
 * when it elaborates, it is compiled (checking the verifier accepts what the compiler
 * makes) and run without a target: begin probes, each timer/other probe once, end and
 * error probes, with small limits so that every run is short. Output goes nowhere.
 * Any crash, hang, sanitizer report or leak is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/compile.h"
#include "lang/parse.h"
#include "sema/sema.h"
#include "util/diag.h"
#include "util/strbuf.h"
#include "vm/vm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void sink(void *ud, const char *buf, size_t len)
{
	(void)ud;
	(void)buf;
	(void)len;
}

static void run(const struct program *p, const struct bc_program *bp)
{
	struct vm_config cfg = {.out = sink, .err = sink};
	vm_limits_default(&cfg.limits);
	vm_limits_define(&cfg.limits, "MAXACTION=300");
	vm_limits_define(&cfg.limits, "MAXMAPENTRIES=50");
	vm_limits_define(&cfg.limits, "MAXSTRINGLEN=64");
	vm_limits_define(&cfg.limits, "MAXERRORS=100");
	vm_limits_finish(&cfg.limits);
	char err[256];
	struct vm *vm = vm_new(bp, &cfg, err, sizeof(err));
	if (!vm) {
		fprintf(stderr, "verifier rejected compiled code: %s\n", err);
		abort();
	}
	if (vm_start(vm) == 0) {
		static const enum probe_kind order[] = {PROBE_BEGIN, PROBE_TIMER, PROBE_END,
							PROBE_ERROR};
		static const enum vm_probe_kind vk[] = {VM_PROBE_BEGIN, VM_PROBE_OTHER,
							VM_PROBE_END, VM_PROBE_ERROR};
		for (int k = 0; k < 4; k++) {
			if (k == 1 && vm_get_state(vm) == VM_STARTING)
				vm_set_state(vm, VM_RUNNING);
			if (k == 2 && vm_get_state(vm) != VM_ERROR)
				vm_set_state(vm, VM_STOPPING);
			for (int i = 0; i < p->probes.n; i++)
				if (p->probes.v[i]->kind == order[k])
					vm_run_probe(vm, i, vk[k], NULL);
		}
	}
	vm_free(vm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	struct strbuf errs = STRBUF_INIT;
	struct diag *d = diag_new();
	diag_capture(d, &errs);
	struct lang_config cfg = {0};
	struct parser_ctx *ctx = parser_ctx_new(&cfg, d);
	struct ast_file *user =
	    parse_file(ctx, parser_ctx_text(ctx, "<input>", text), PARSE_USER_FILE);
	if (user && !parser_ctx_fatal(ctx)) {
		struct sema_opts o = {
		    .unoptimized = size & 1, .compatible = "4.8", .n_primary_files = 1};
		struct program *p = NULL;
		if (sema_elaborate(&o, d, &user, 1, NULL, 0, &p) == 0) {
			struct comp_opts co = {.unoptimized = o.unoptimized, .compat = 4 << 8 | 8};
			char err[256];
			struct bc_program *bp = comp_program(p, &co, err, sizeof(err));
			if (bp)
				run(p, bp);
			bc_program_free(bp);
			program_free(p);
		}
	}
	parser_ctx_free(ctx);
	diag_free(d);
	sb_free(&errs);
	free(text);
	return 0;
}
