/* SPDX-License-Identifier: MIT */
/* The -p3 / --dump-bytecode text form of a compiled program: globals, constant pools,
 * formats, then every function and probe handler with one instruction per line. The
 * output is deterministic (no addresses) so that golden tests can pin it. */
#ifndef UTAP_COMP_DISASM_H
#define UTAP_COMP_DISASM_H

#include "comp/bytecode.h"
#include "util/strbuf.h"

void bc_disasm(const struct bc_program *p, struct strbuf *out);
/* One function; appends to out. */
void bc_disasm_func(const struct bc_program *p, const struct bc_func *f, struct strbuf *out);

#endif
