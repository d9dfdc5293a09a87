// SPDX-License-Identifier: MIT
/* libFuzzer harness for the provider-file parser: parses the input, formats every
 * diagnostic, and on success runs the three generators, checking invariants the
 * generated code relies on (names are identifiers, at most 12 arguments, positions
 * are sane). Build with `make fuzz`; run build-fuzz/fuzz_provider. */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dtrace/gen.h"
#include "dtrace/provider.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_ident(const char *s, int allow_digit_first)
{
	if (!s[0] || (!allow_digit_first && isdigit((unsigned char)s[0])))
		abort();
	for (; *s; s++)
		if (*s != '_' && !isalnum((unsigned char)*s))
			abort();
}

/* Argument types go into a comment of the generated header. */
static void check_type(const char *t)
{
	if (!t[0] || strstr(t, "*/") || strstr(t, "/*"))
		abort();
	for (; *t; t++)
		if (!isprint((unsigned char)*t))
			abort();
}

static void check_file(const struct provider_file *pf)
{
	for (int i = 0; i < pf->providers.n; i++) {
		const struct provider *p = &pf->providers.v[i];
		check_ident(p->name, 0);
		for (int j = 0; j < p->probes.n; j++) {
			const struct provider_probe *pr = &p->probes.v[j];
			check_ident(pr->name, 1);
			if (pr->args.n > PROVIDER_MAX_ARGS)
				abort();
			for (int k = 0; k < pr->args.n; k++)
				check_type(pr->args.v[k].type);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct provider_file *pf = provider_parse((const char *)data, size, "fuzz.d");
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < pf->diags.n; i++) {
		if (pf->diags.v[i].col < 1)
			abort();
		provider_diag_format(&pf->diags.v[i], &sb);
	}
	if (pf->nerrors == 0) {
		struct gen_opts o = {.input = "fuzz.d", .output = "fuzz.h"};
		check_file(pf);
		gen_header(pf, &o, &sb);
		gen_header_off(pf, &o, &sb);
		gen_semaphores(pf, &o, &sb);
	}
	sb_free(&sb);
	provider_file_free(pf);
	return 0;
}
