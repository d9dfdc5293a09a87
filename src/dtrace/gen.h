/* SPDX-License-Identifier: MIT */
/* What utap-dtrace generates from a parsed provider file: the probe header (-h), the
 * probes-off header (--disable -h) and the semaphore definitions behind -G, as text. The
 * generators never fail and never touch files; gen_compile_object runs the C compiler. */
#ifndef UTAP_DTRACE_GEN_H
#define UTAP_DTRACE_GEN_H

#include "dtrace/provider.h"
#include "util/strbuf.h"

struct gen_opts {
	const char *input;  /* provider file name, for the banner comment */
	const char *output; /* output file name: the include guard derives from its basename */
};

/* The probe header: include guard, a check that <sys/sdt.h> was not included first,
 * <utap/sdt.h>, and per probe an extern "C" semaphore declaration, PROVIDER_NAME_ENABLED()
 * and PROVIDER_NAME(args) recording the semaphore in its note. */
void gen_header(const struct provider_file *pf, const struct gen_opts *o, struct strbuf *out);

/* The probes-off header: the same macro names; PROVIDER_NAME(args) evaluates nothing yet
 * type-checks its arguments, PROVIDER_NAME_ENABLED() is the constant 0. Self-contained
 * unless a probe is variadic (then it includes <utap/sdt.h> for UTAP_ARGS_UNUSED). */
void gen_header_off(const struct provider_file *pf, const struct gen_opts *o, struct strbuf *out);

/* C source defining every semaphore: unsigned short, in .probes, hidden unless
 * STAP_SDT_V1/STAP_SDT_V2 is defined (as stap's dtrace -G). */
void gen_semaphores(const struct provider_file *pf, const struct gen_opts *o, struct strbuf *out);

/* The include guard for an output path: UTAP_DTRACE_<BASENAME>_H with every byte that is
 * not a letter or digit turned into '_'. Caller frees. */
char *gen_guard_name(const char *output);

/* Compiles C source `src` into the object file `obj` with $CC (default cc) and $CFLAGS,
 * as stap's dtrace -G does: CC [cppflags...] -g CFLAGS -fPIC -I. -c -x c - -o obj, reading
 * the source from stdin (so the object does not name a temporary file). cppflags are the
 * -I/-D options given to utap-dtrace. Returns 0, a positive compiler exit status, or
 * -errno when it could not run. */
int gen_compile_object(const char *src, size_t len, const char *const *cppflags, int ncppflags,
		       const char *obj);

#endif
