/* SPDX-License-Identifier: MIT */
/* Layout of JSON text that jansson has already validated: the raw text of a top-level
 * member, and UniValue's pretty printing (write(2) in bitcoin-cli). Working on text keeps
 * numbers exactly as the server wrote them ("50.00000000" stays as it is). */
#ifndef MINICOIN_JSONTEXT_H
#define MINICOIN_JSONTEXT_H

#include <stddef.h>

/* The raw text of member `key` of the top-level object: 0 with its offset and length,
 * or -ENOENT.
 * text must be valid JSON. */
int jsontext_member(const char *text, size_t len, const char *key, size_t *off, size_t *vlen);
/* Re-indents valid JSON text with `indent` spaces per level, "key": value, one element
 * per line, as UniValue::write(indent) does. Fresh string. */
char *jsontext_pretty(const char *text, size_t len, int indent);

#endif
