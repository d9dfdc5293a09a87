/* SPDX-License-Identifier: MIT */
/* stap's printf engine: the compiled-printf code translate.cxx emits around
 * runtime/vsprintf.c's number(), _stp_vsprint_char(), _stp_vsprint_memory() and
 * _stp_vsprint_binary(), reproduced byte for byte (one flag per conversion, %p as %#x,
 * %b raw integers, %m/%M memory dumps, the %05s NUL quirk, clamped widths). Formatting
 * is split into a size pass and a write pass exactly as stap does, because the two can
 * disagree and stap's output is what the passes produce together. */
#ifndef UTAP_RT_FORMAT_H
#define UTAP_RT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "comp/bytecode.h" /* struct fmt_spec, FMT_* */

/* One argument: a long, or a string (s, len). */
struct fmt_val {
	int64_t l;
	const char *s;
	uint32_t len;
};

/* Reads n bytes of (target) memory for %m/%M; returns 0 or a negative errno. */
typedef int (*fmt_read_fn)(void *ud, uint64_t addr, void *buf, size_t n);

/* Arguments a spec list consumes (dynamic widths and precisions included). */
int fmt_nargs(const struct fmt_spec *sp, int n);
/* stap's byte count for printing sp with args (before clamping to STP_BUFFER_SIZE). */
size_t fmt_size(const struct fmt_spec *sp, int n, const struct fmt_val *args, size_t bufmax);
/* Writes into buf[0..cap) as stap's compiled printf does; with nul_terminate the last
 * byte is reserved for a NUL (sprintf). Returns the bytes produced (excluding the NUL),
 * or a negative errno when %m/%M could not read memory (*fault_addr is set). */
long fmt_write(char *buf, size_t cap, int nul_terminate, const struct fmt_spec *sp, int n,
	       const struct fmt_val *args, fmt_read_fn rd, void *rd_ud, uint64_t *fault_addr);

#endif
