/* SPDX-License-Identifier: MIT */
/* Runs a helper program (the C preprocessor, the C compiler) for utap-dtrace, feeding its
 * stdin from memory and capturing its stdout; its stderr goes to ours. */
#ifndef UTAP_DTRACE_SPAWN_H
#define UTAP_DTRACE_SPAWN_H

#include <stddef.h>

#include "util/strbuf.h"

/* Runs argv (argv[0] is searched in PATH; argv ends with NULL). With `in` non-NULL its
 * `inlen` bytes are the child's stdin, else stdin is /dev/null. With `out` non-NULL the
 * child's stdout is appended to it, else it is inherited. Returns the exit status (0-255),
 * 128+N when killed by signal N, or -errno when the program could not be started. */
int spawn_run(const char *const *argv, const char *in, size_t inlen, struct strbuf *out);

/* Splits a command string ($CC, $CFLAGS or $CPP) into words the way a POSIX shell would
 * for plain words, quotes and backslashes (no expansions). Appends
 * xstrdup'd words to the array *words of *n entries (realloc'd); the caller frees all. */
void spawn_split_words(const char *s, char ***words, int *n);

#endif
