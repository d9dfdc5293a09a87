/* SPDX-License-Identifier: MIT */
/* Hex strings: lowercase encoding and strict decoding (Bitcoin Core's IsHex rules). */
#ifndef MINICOIN_HEX_H
#define MINICOIN_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes 2*n digits and a NUL to out. */
void hex_encode(const uint8_t *p, size_t n, char *out);
/* Fresh string with the hex of p[0..n). */
char *hex_dup(const uint8_t *p, size_t n);
/* IsHex: non-empty, even length, only hex digits. */
bool hex_is_valid(const char *s);
/* Decodes a valid hex string into out (at most max bytes). Returns 0, -EINVAL for a bad
 * string or -ENOSPC when it does not fit. */
int hex_decode(const char *s, uint8_t *out, size_t max, size_t *n);

#endif
