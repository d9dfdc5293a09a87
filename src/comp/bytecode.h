/* SPDX-License-Identifier: MIT */
/* The compiled program: what src/comp produces and src/vm runs. It is self-contained (no
 * pointers into the AST): error locations are pre-rendered "near" strings, printf
 * formats are spec arrays, regexes are kept as patterns and compiled by the VM. One
 * struct bc_program per script; probes name their handler function. */
#ifndef UTAP_COMP_BYTECODE_H
#define UTAP_COMP_BYTECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/vec.h"

enum bc_op {
#define OP(name, ops, doc) BC_##name,
#include "comp/opcodes.def"
	BC_NOPS
};

/* Operand kinds and instruction lengths, from opcodes.def. */
extern const char *const bc_op_names[BC_NOPS];
extern const char *const bc_op_operands[BC_NOPS];
/* Words taken by one instruction of op. */
int bc_op_len(enum bc_op op);
/* Whether op can raise a run-time error (and so reports a "near" token). */
bool bc_op_can_fail(enum bc_op op);

enum bc_type { BC_VOID, BC_LONG, BC_STR, BC_STATS };
enum bc_hist { BC_HIST_NONE, BC_HIST_LINEAR, BC_HIST_LOG };

/* printf flag bits: runtime/vsprintf.h's enum print_flag */
enum {
	FMT_ZEROPAD = 1,
	FMT_SIGN = 2,
	FMT_PLUS = 4,
	FMT_SPACE = 8,
	FMT_LEFT = 16,
	FMT_SPECIAL = 32,
	FMT_LARGE = 64,
};

#define FMT_NONE (-1)	 /* width/precision not given */
#define FMT_DYNAMIC (-2) /* '*': taken from the next argument */

/* One piece of a format: a literal (conv == 0) or a conversion. conv is one of
 * d u o x X c s p b m M (%i is stored as d; P is %p under --compatible < 1.3). */
struct fmt_spec {
	char conv;
	uint8_t flags;
	int32_t width, prec;
	const char *lit; /* literal text (conv == 0) */
	uint32_t litlen;
};

/* Statistic operators (@count ... @variance), as STOP/MSTOP/STOPE operands. */
enum bc_statop {
	BC_STAT_COUNT,
	BC_STAT_SUM,
	BC_STAT_MIN,
	BC_STAT_MAX,
	BC_STAT_AVG,
	BC_STAT_VARIANCE,
	BC_STAT_SUM_CHECKED, /* @sum under --compatible < 1.5: empty is an error */
};

/* pc (word index) -> index of a "near" string: the token stap would name in
 * "ERROR: ... near <token>"; -1 for none. Sorted by pc; an entry covers up to the next. */
struct bc_line {
	uint32_t pc;
	int32_t near;
};

struct bc_func {
	const char *name; /* function name, or the probe point for handlers */
	VEC(uint32_t) code;
	VEC(struct bc_line) lines;
	uint32_t nl, ns;   /* long / string registers */
	uint32_t npl, nps; /* parameters: L[0..npl), S[0..nps) */
	uint32_t nll, nls; /* parameters + locals, zeroed on entry */
	enum bc_type ret;
	int32_t near;	/* the declaration token (MAXNESTING errors) */
	int64_t finite; /* >= 0: statement count checked on entry (ACTCHK) */
	bool is_probe;
};

enum bc_gkind { BCG_LONG, BCG_STR, BCG_MAP, BCG_STAT };

struct bc_global {
	const char *name;
	enum bc_gkind kind;
	uint32_t slot; /* index within its kind */
	/* BCG_MAP */
	int nkeys;
	uint32_t strkeys;
	enum bc_type vtype; /* element type */
	int64_t maxsize;    /* global a[N]; 0 = MAXMAPENTRIES */
	bool wrap;
	/* BCG_STAT and stat maps */
	enum bc_hist hist;
	int64_t hist_start, hist_stop, hist_interval;
	int shift;
	bool skip_variance; /* @variance is never used: <<< skips its update */
	/* scalars: initializer */
	bool has_init;
	int64_t init_l;
	const char *init_s;
	bool from_tapset; /* declared in a tapset: not auto-printed */
	bool is_private;  /* stap mangles private names: never set by -G */
};

struct bc_str {
	const char *s;
	uint32_t len;
};

struct bc_format {
	VEC(struct fmt_spec) specs;
	int nl, ns;	    /* long / string arguments it consumes */
	VEC(char) argtypes; /* 'l' or 's' for each argument, in order */
};

struct bc_probe {
	const char *pp, *pn; /* pp() and pn() */
	const char *type;    /* probe_type(): "begin_end", "hrtimer", "uprobe", ... */
	bool is_return;	     /* is_return() */
	int func;	     /* handler */
};

struct bc_program {
	VEC(struct bc_func *) funcs;
	VEC(struct bc_probe) probes;
	VEC(struct bc_global) globals;
	VEC(int64_t) k;		 /* long constants */
	VEC(struct bc_str) z;	 /* string constants */
	VEC(const char *) nears; /* rendered tokens for error messages */
	VEC(struct bc_format *) formats;
	VEC(const char *) regexes; /* POSIX ERE patterns */
	uint32_t ngl, ngs, nmaps, nstats;
	int64_t maxnesting; /* default MAXNESTING (static call depth + 1, +10 if recursive) */
};

/* An empty program (never NULL); free with bc_program_free. */
struct bc_program *bc_program_new(void);
void bc_program_free(struct bc_program *p);
/* Interns constants; return their index. Strings are copied. */
int bc_add_k(struct bc_program *p, int64_t v);
int bc_add_z(struct bc_program *p, const char *s, size_t len);
int bc_add_near(struct bc_program *p, const char *text);
int bc_add_regex(struct bc_program *p, const char *pattern);
struct bc_func *bc_func_new(struct bc_program *p, const char *name, int *index);

/* Appends one instruction (operands as in opcodes.def) to f; returns its pc. */
uint32_t bc_emit(struct bc_func *f, enum bc_op op, const int64_t *ops, int nops);
/* Records that instructions from pc on report errors near nears[near] (-1: none). */
void bc_set_near(struct bc_func *f, uint32_t pc, int near);
/* The near index for the instruction at pc. */
int bc_near_at(const struct bc_func *f, uint32_t pc);

/* Checks every instruction's operands against register counts, pools and jump targets.
 * Returns 0, or -EINVAL with a message in err. The VM relies on this. */
int bc_verify(const struct bc_program *p, char *err, size_t errlen);

#endif
