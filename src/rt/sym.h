/* SPDX-License-Identifier: MIT */
/* Symbolization of addresses in the traced task: the mapping from /proc/PID/maps, then the
 * ELF file's symbol table (src/elf). Used by usymname(), usymdata(), umodname() and
 * probefunc(). */
#ifndef UTAP_RT_SYM_H
#define UTAP_RT_SYM_H

#include <stdint.h>

#include "rt/rt.h"

enum rt_sym_form {
	RT_SYM_NAME,	  /* usymname: "sym", or "0x..." when unknown */
	RT_SYM_NAME_ONLY, /* probefunc: "sym", or fails */
	RT_SYM_DATA,	  /* usymdata: "sym+0xoff/0xsize [module]" */
	RT_SYM_MODULE,	  /* umodname: the module path, or fails */
};

/* Writes the text for addr into the call's string result. Returns 0 or -ENOENT. */
int rt_sym_lookup(struct rt_call *c, uint64_t addr, enum rt_sym_form form);

#endif
