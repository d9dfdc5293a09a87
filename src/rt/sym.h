/* SPDX-License-Identifier: MIT */
/* Symbolization of addresses in the traced task: the mapping from /proc/PID/maps, then the
 * ELF file's symbol table (src/elf). Used by usymname(), usymdata(), umodname(),
 * probefunc() and the backtrace printers, in the layouts of stap's _stp_snprint_addr.
 * Source lines come from the DWARF line table through libdwfl. Opened ELF files are
 * cached per VM (struct rt_symcache, freed by vm_free). */
#ifndef UTAP_RT_SYM_H
#define UTAP_RT_SYM_H

#include <stdint.h>

#include "rt/rt.h"

enum rt_sym_form {
	RT_SYM_NAME,	  /* usymname: "sym", or "0x..." when unknown */
	RT_SYM_NAME_ONLY, /* probefunc: "sym", or fails */
	RT_SYM_DATA,	  /* usymdata: "sym+0xoff/0xsize [module]" */
	RT_SYM_MODULE,	  /* umodname: the module path, or fails */
	RT_SYM_FULL,	  /* print_ubacktrace: " 0xaddr : sym+0xoff/0xsize [module]\n" */
	RT_SYM_FULLER,	  /* print_ubacktrace_fileline: FULL with " at file:line" before
			   * " [module]" when the line table knows the address */
	RT_SYM_FILE,	  /* usymfile: the source file, or "0x..." */
	RT_SYM_LINE,	  /* usymline: the line number, or "0x..." */
	RT_SYM_FILELINE,  /* usymfileline: "file:line", or "0x..." */
	RT_SYM_SIMPLE,	  /* sprint_ubacktrace: "sym+0xoff [basename]\n" */
	RT_SYM_BRIEF,	  /* print_ubacktrace_brief: "sym+0xoff\n" */
};

/* The mappings of one task, read once for several lookups (a whole backtrace). */
struct rt_symctx {
	struct rt_call *c;
	struct rt_map *maps;
	int nmaps;
};

/* Reads the maps of the probed task (utap itself when there is none). */
void rt_sym_begin(struct rt_call *c, struct rt_symctx *sc);
void rt_sym_end(struct rt_symctx *sc);
/* Writes the text for addr in the given form into buf (NUL-terminated, cut at n-1).
 * Returns 0, or -ENOENT when the form needs a symbol or module that is unknown (buf
 * then holds the hex fallback, or "" for NAME_ONLY and MODULE). */
int rt_sym_format(struct rt_symctx *sc, uint64_t addr, enum rt_sym_form form, char *buf, size_t n);

/* One-shot form of the above into the call's string result. Returns 0 or -ENOENT. */
int rt_sym_lookup(struct rt_call *c, uint64_t addr, enum rt_sym_form form);

struct rt_symcache;
void rt_symcache_free(struct rt_symcache *sc);

#endif
