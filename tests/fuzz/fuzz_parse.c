// SPDX-License-Identifier: MIT
/* libFuzzer harness for the front end: lexer + preprocessor + parser (as user script,
 * as guru tapset and as .stpm library macros), then the -p1 printer, the AST dump and a
 * re-parse of the printed tree. Diagnostics are captured, never written. Later stages
 * (elaboration) can be chained here once they exist. Build with `make fuzz`. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lang/ast_dump.h"
#include "lang/ast_print.h"
#include "lang/parse.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_round(const char *text, unsigned flags, bool library)
{
	static const char *const args[] = {"probe", "1", "x y", ""};
	struct strbuf err = STRBUF_INIT, out = STRBUF_INIT;
	struct diag *d = diag_new();
	diag_capture(d, &err);
	struct lang_config cfg = {.args = args, .nargs = 4, .guru = flags & PARSE_GURU};
	struct parser_ctx *ctx = parser_ctx_new(&cfg, d);
	struct srcfile *src = parser_ctx_text(ctx, "<fuzz>", text);
	if (library) {
		parse_library_macros(ctx, src);
		src = parser_ctx_text(ctx, "<after>", "probe begin { x = @a(1) + @b }");
	}
	ast_dump_tokens(&out, ctx, src);
	struct ast_file *f = parse_file(ctx, src, flags);
	if (f) {
		sb_reset(&out);
		ast_print_file(&out, f);
		ast_dump_file(&out, f);
		sb_reset(&out);
		ast_print_file(&out, f);
		struct srcfile *again = parser_ctx_text(ctx, "<again>", out.s ? out.s : "");
		parse_file(ctx, again, flags);
	}
	diag_report_suppression(d);
	parser_ctx_free(ctx);
	diag_free(d);
	sb_free(&err);
	sb_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 1 << 16)
		return 0;
	/* the first byte picks the mode, the rest is the script */
	char *text = malloc(size);
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	switch (data[0] % 3) {
	case 0:
		one_round(text, PARSE_USER_FILE, false);
		break;
	case 1:
		one_round(text, PARSE_GURU | PARSE_SQUASH_ERRORS | PARSE_NO_COMPATIBLE, false);
		break;
	default:
		one_round(text, PARSE_USER_FILE, true);
		break;
	}
	free(text);
	return 0;
}
