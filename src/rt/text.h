/* SPDX-License-Identifier: MIT */
/* Printable rendering of strings and buffers: stap's _stp_text_str (runtime/stp_string.c)
 * behind text_str(), text_strn(), string_quoted() and the user_*_quoted() family. */
#ifndef UTAP_RT_TEXT_H
#define UTAP_RT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fetches byte i of the input; 0 or a negative errno (a fault). */
typedef int (*text_get_fn)(void *ud, size_t i, unsigned char *b);

/* Renders up to inlen input bytes into out (maxstringlen bytes of room) with stap's
 * escapes: short C escapes, \ooo octal, \uXXXX / \UXXXXXXXX for valid UTF-8; quoted
 * wraps the result in double quotes and marks truncation with "...; buffer does not stop
 * at NUL bytes. inlen/outlen <= 0 or too large mean MAXSTRINGLEN-1. Returns 0, or -1 when
 * the input faulted (out then holds "<unknown>" cut to outlen). */
int rt_text(char *out, size_t maxstringlen, text_get_fn get, void *ud, int inlen, int outlen,
	    bool quoted, bool buffer);
/* The same over a NUL-terminated string in VM memory. */
int rt_text_cstr(char *out, size_t maxstringlen, const char *in, int inlen, int outlen,
		 bool quoted);

#endif
