/* SPDX-License-Identifier: MIT */
/* The elaborated program: what semantic analysis (pass 2) hands to the compiler. It is
 * the checked, typed script after tapset inclusion, alias expansion, wildcard and probe
 * point resolution, name resolution, type inference, optimisation and global auto-print
 * synthesis, in the order stap 4.8 keeps (elaborate.cxx). Nothing here needs the parser
 * or the ELF reader: a consumer only walks the AST nodes of src/lang/ast.h it points to.
 * This header is the contract between sema (producer) and comp/vm (consumers). */
#ifndef UTAP_SEMA_PROGRAM_H
#define UTAP_SEMA_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "lang/ast.h"
#include "util/vec.h"

/* ---- derived probes --------------------------------------------------------------------
 * One derived probe is one concrete event with one handler. A script probe with several
 * points, an alias, a wildcard or a mark pattern matching several notes gives several
 * derived probes, each with its own deep copy of the handler body (stap does the same),
 * so that $argN, $$name, locals and types can differ between them. */

#define PROBE_KINDS(X)                                                                     \
	X(PROBE_BEGIN, "begin")                  /* seq = N of begin(N), 0 by default */    \
	X(PROBE_END, "end")                      /* seq = N of end(N) */                    \
	X(PROBE_ERROR, "error")                  /* seq = N of error(N) */                  \
	X(PROBE_NEVER, "never")                  /* never fires; kept (type-checked) */     \
	X(PROBE_TIMER, "timer")                  /* period_ns, randomize_ns */              \
	X(PROBE_PROFILE, "timer.profile")        /* period_ns: samples the target */        \
	X(PROBE_MARK, "mark")                    /* mark: one .note.stapsdt site */         \
	X(PROBE_PROCESS_BEGIN, "process.begin")  /* process created / already running */    \
	X(PROBE_PROCESS_END, "process.end")      /* process exited */                      \
	X(PROBE_THREAD_BEGIN, "thread.begin")    /* thread created / already running */     \
	X(PROBE_THREAD_END, "thread.end")        /* thread exited */

enum probe_kind {
#define X(k, s) k,
	PROBE_KINDS(X)
#undef X
	PROBE_KIND_COUNT
};

/* A resolved SDT site (PROBE_MARK). Addresses are link-time (unrelocated) ELF addresses
 * after the .stapsdt.base adjustment; add the load bias of `path` in the target to get
 * run-time addresses. All strings live as long as the program. */
struct probe_mark {
	const char *path;      /* canonical (realpath) ELF file holding the note: the
	                        * executable, or a shared library for process(X).library(L)
	                        * and process("lib.so").mark(...) */
	bool is_library;       /* path is a shared library (not PIE executable) */
	const char *provider;  /* "bitcoin" */
	const char *name;      /* "cache_flush" (dtrace '-' already '__') */
	uint64_t pc;           /* probe site */
	uint64_t pc_offset;    /* file offset of pc (UINT64_MAX if outside any PT_LOAD) */
	uint64_t sema;         /* semaphore (unsigned short counter), 0 = none */
	uint64_t sema_offset;  /* file offset of sema (UINT64_MAX if none / not mapped) */
	const char *args;      /* the note's argument string, e.g. "-4@%edi 8@%rsi", "" */
	int nargs;             /* stap's argument count ($arg1..$argN are valid) */
};

struct derived_probe {
	enum probe_kind kind;
	int index;                 /* position in program.probes */
	/* pp(): the derived point in stap's form: "begin", "end(-1)", "never",
	 * "timer.ms(100).randomize(5)", "process(\"/real/path\").statement(0x1147)" for
	 * marks, "process(\"/real/path\").begin" ... Numbers are printed in decimal except
	 * the statement address. */
	const char *pp;
	/* pn(): the script-level point after wildcard expansion, or the alias name
	 * ("bitcoin.cache_flush", "process(\"/p\").mark(\"start\")"). */
	const char *pn;
	/* -p2 / -L -v signature: pp plus " /\* <- base <- ... *\/" derivation chain */
	const char *sig;

	int64_t seq;               /* PROBE_BEGIN/END/ERROR: sequence number (stable sort) */
	int64_t period_ns;         /* PROBE_TIMER: period (timer.hz and jiffies converted) */
	int64_t randomize_ns;      /* PROBE_TIMER: uniform +-randomize_ns per period, 0 none */
	struct probe_mark mark;    /* PROBE_MARK */
	/* PROBE_MARK and the PROBE_PROCESS_ and PROBE_THREAD_ kinds: the executable whose processes this
	 * probe watches, canonical path; NULL = every process of the target tree (process.*
	 * with no argument when no -c path applies). For a library mark it is the process
	 * path that was written (or NULL if the library was named directly). */
	const char *proc_path;
	int64_t proc_pid;          /* process(PID) form, 0 otherwise */

	/* The handler: alias prologues/epilogues spliced in, and the probe-point condition
	 * `if (COND)` already inlined as a first statement `if (!(COND)) next;` (stap's
	 * semantic_pass_conditions). Fully resolved and typed (see below). */
	struct ast_stmt *body;
	/* The probe-point condition (globals only, side-effect free), also kept separately
	 * so that a backend may disarm the probe while it is false. NULL if none. */
	struct ast_expr *cond;
	VEC(struct ast_var *) locals; /* every local of the handler (VAR_LOCAL) */

	const struct token *tok;   /* the script's 'probe' keyword / alias use (diagnostics,
	                            * -t "(file:line:col)") */
	bool synthetic;            /* made by sema: global auto-print end probes, the
	                            * condition-initialiser begin probe */
	bool primary;              /* traces back to the user script (listed by -l/-L) */

	/* sema-internal: the derived location, the derivation chain, and the extra part of
	 * the signature (" /\* pc=.dynamic+0x1147 *\/" for marks) */
	struct ast_probe_point *loc;
	struct xprobe *base;
	const char *sig_extra;
	bool empty;                /* the optimiser emptied the handler */
};

/* ---- the program ----------------------------------------------------------------------
 *
 * Resolution and typing guarantees (after a successful elaboration):
 *  - Every EXPR_SYM and the base EXPR_SYM of an EXPR_INDEX has ->var set: a global (one of
 *    program.globals), a parameter (ast_function.params) or a local (the locals of its
 *    derived probe / function). The EXPR_SYMs of STMT_FOREACH keys/value_var and of
 *    STMT_TRY catch_var are bound the same way (catch_var is NULL when never read).
 *  - Every expression has ->type set: TYPE_LONG, TYPE_STRING, TYPE_STATS (a stats global
 *    used as a whole, e.g. the operand of <<< or @count), or TYPE_VOID for calls to
 *    functions returning nothing (only in statement position).
 *  - Every ast_var has type, arity (0 scalar, N>0 array of N keys) and key_types set.
 *    Stats globals have hist_kind/hist_params/var_shift filled from their uses.
 *  - Every EXPR_CALL has ->fn = the head of its overload chain (same name, same arity,
 *    visible from the call site), linked by next_overload in priority order; STMT_NEXT
 *    inside a function hands over to fn->next_overload ("all functions exhausted" at
 *    the end of the chain).
 *  - A callee with body == NULL and embedded == NULL is a native built-in of
 *    src/rt/builtins.def: program_builtin_index() gives its position in that file. A
 *    built-in can end an overload chain (a user function of the same name and arity
 *    comes first, priority 0 < 1, as with stap's tapset functions).
 *  - EXPR_TARGET only remains as $argN of marks (target_argno = N, 1 <= N <= nargs).
 *    $$name / $$provider become EXPR_STR literals, $$parms / $$vars an EXPR_PRINT
 *    sprintf("$arg1=%#x ..."), @defined(...) an EXPR_NUM 0/1 literal, and the print
 *    family's format is parsed into ast_expr.fmt.
 *  - @uregister(N) / @uderef(SIZE, ADDR) (and @kregister/@kderef/@perf, which the
 *    compiler should refuse) stay as EXPR_ATOP typed long; @cast/@var/@entry/
 *    @probewrite and autocasts never survive.
 *  - There is no embedded C (%{ %}): it is refused ("embedded C code is not supported").
 *  - sema_check_translate() (sema.h) reports what stap's pass 3 rejects (break/continue
 *    outside a loop) before compilation.
 */
struct program {
	/* Globals in stap's order: order of first reference during resolution (user
	 * probes in source order, then functions), tapset globals included. Initialisers
	 * are ast_var.init literals; -G overrides are the runtime's business. */
	VEC(struct ast_var *) globals;
	/* Every function reachable from the probes (user and tapset, all overloads and
	 * built-ins that are called), in stap's -p2 order (by mangled name). */
	VEC(struct ast_function *) functions;
	VEC(const char *) function_names; /* stap's mangled names, parallel to functions */
	/* Derived probes in stap's order: derivation order of the script probes, then the
	 * synthetic condition-initialiser begin probe (if any), then the auto-print end
	 * probes. Begin/end/error probes run in a stable sort by seq. */
	VEC(struct derived_probe *) probes;
	/* Counts for "Pass 2: analyzed script: N probes, N functions, N embeds, N globals" */
	int n_embeds;
	/* Highest static call depth + 1 (+10 if recursion): stap's MAXNESTING default. */
	int max_nesting;
	bool has_process_probes;   /* any mark/process/thread probe: a target is needed */
	/* One ast_function per line of src/rt/builtins.def, in file order (name, ret,
	 * params with their types; priority 1, from_tapset). Only the called ones are also
	 * in `functions`. */
	struct ast_function *builtins;
	int n_builtins;
	struct arena *arena;       /* owns every string and node above not owned by the AST */
	struct program_owned *owned; /* sema-internal bookkeeping of the nodes it made */
};

/* Position of a native built-in in src/rt/builtins.def (0-based, file order), or -1 if fn
 * is not a built-in (a script or tapset function). */
int program_builtin_index(const struct program *p, const struct ast_function *fn);

/* An empty program with its built-in table. Never NULL. */
struct program *program_new(void);
/* Frees the program object, its derived probes and strings; the AST it points into
 * belongs to the front end's arena and is not touched. NULL is accepted. */
void program_free(struct program *p);

/* Name of a probe kind as used in -v listings ("begin", "timer", "mark", ...). */
const char *program_probe_kind_name(enum probe_kind k);

#endif
