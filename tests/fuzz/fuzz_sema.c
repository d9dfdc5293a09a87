// SPDX-License-Identifier: MIT
/* libFuzzer harness for the semantic pass: each input is parsed as a user script next to a
 * small tapset (aliases, a function, a global) and, when it parses, elaborated and printed
 * as -p2 and -p2 -v would. Any crash, hang, sanitizer report or leak is a bug. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"
#include "sema/sema.h"
#include "util/diag.h"
#include "util/strbuf.h"

static const char tapset[] =
	"probe lib.a = begin { v = 1 }, { w = v + 1 }\n"
	"probe lib.b += end { }\n"
	"probe lib.c = lib.a, timer.ms(10) if (libg) { }\n"
	"global libg = 1\n"
	"function libf(x) { return x . \"!\" }\n"
	"function libf(x, y) { if (x) next; return y }\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
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
	struct srcfile *ts = parser_ctx_text(ctx, "/fuzz/lib.stp", tapset);
	ts->is_tapset = true;
	struct ast_file *lib = parse_file(ctx, ts, PARSE_GURU | PARSE_SQUASH_ERRORS);
	struct ast_file *user = parse_file(ctx, parser_ctx_text(ctx, "<input>", text),
					   PARSE_USER_FILE);
	if (user && !parser_ctx_fatal(ctx)) {
		/* the optimiser on or off (-u), chosen by the input's length */
		struct sema_opts o = {.unoptimized = size & 1, .compatible = "4.8",
				      .n_primary_files = 1};
		struct program *p = NULL;
		if (sema_elaborate(&o, d, &user, 1, lib ? &lib : NULL, lib ? 1 : 0, &p) == 0) {
			sema_print_program(null, p, 1);
			program_free(p);
		}
	}
	parser_ctx_free(ctx);
	diag_free(d);
	sb_free(&errs);
	free(text);
	return 0;
}
