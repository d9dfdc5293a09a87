/* SPDX-License-Identifier: MIT */
/* The abstract syntax tree of SystemTap-language scripts and tapsets: what the parser
 * builds, elaboration (src/sema) annotates in place (types, resolved symbols) and the
 * compiler (src/comp) walks. All nodes live in the arena of the front end and are freed
 * with it. Every node keeps the token it came from, for stap-style diagnostics.
 * This header is a contract between lang, sema and comp: extend it, don't reshape it. */
#ifndef UTAP_LANG_AST_H
#define UTAP_LANG_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "util/srcfile.h"
#include "util/vec.h"

/* ---- types --------------------------------------------------------------------------- */

enum ast_type {
	TYPE_UNKNOWN = 0,
	TYPE_LONG,
	TYPE_STRING,
	TYPE_STATS,
	TYPE_VOID, /* a function returning nothing ("unknown" in --dump-functions) */
};

#define AST_MAX_KEYS 9

/* ---- variables (globals, locals, parameters) ----------------------------------------- */

enum var_scope { VAR_LOCAL, VAR_PARAM, VAR_GLOBAL };

struct ast_var {
	const char *name;
	const struct token *tok;   /* declaration, or first use for locals */
	enum var_scope scope;
	enum ast_type type;        /* value type (element type for arrays) */
	int arity;                 /* -1 unknown, 0 scalar, N = number of array keys */
	enum ast_type key_types[AST_MAX_KEYS];
	const struct token *type_tok; /* where the type was first inferred */
	/* globals */
	bool wrap;                 /* global a% */
	int64_t maxsize;           /* global a[N]; 0 = MAXMAPENTRIES */
	struct ast_expr *init;     /* literal initializer (scalars only) */
	bool is_private;
	const struct srcfile *file;
	bool from_tapset;
	/* filled by sema/comp */
	bool read, written;        /* for auto-print and "never-assigned" warnings */
	int hist_kind;             /* 0 none, 1 linear, 2 log (stats only) */
	int64_t hist_params[3];    /* linear: start, stop, interval */
	int var_shift;             /* @variance(x, shift) */
	bool var_used;             /* @variance is taken of it (else no Welford update) */
	int slot;                  /* storage index assigned by the compiler */
};

/* ---- expressions --------------------------------------------------------------------- */

enum ast_expr_kind {
	EXPR_NUM,      /* num */
	EXPR_STR,      /* str */
	EXPR_SYM,      /* name: local, parameter or global scalar/array used as a whole */
	EXPR_INDEX,    /* left[args]: array element (left is EXPR_SYM) or histogram bucket
	                * (left is EXPR_HIST); args may hold NULL for '*' (delete, in, slices) */
	EXPR_UNARY,    /* op: '-' '+' '!' '~'; operand in left */
	EXPR_BINARY,   /* op: + - * / % << >> >>> & | ^ */
	EXPR_LOGICAL,  /* op: && || */
	EXPR_COMPARE,  /* op: < > <= >= == != */
	EXPR_REGEX,    /* op: =~ !~ ; rhs is an EXPR_STR literal */
	EXPR_CONCAT,   /* . (binary, left-associative, like stap's parser builds it) */
	EXPR_TERNARY,  /* left ? right : third */
	EXPR_ASSIGN,   /* op: = += -= *= /= %= <<= >>= &= ^= |= .= <<< */
	EXPR_INCDEC,   /* op: ++ --, postfix flag; operand in left */
	EXPR_IN,       /* [args] in left; left is EXPR_SYM or EXPR_HIST; args may hold NULL
	                * for '*' */
	EXPR_CALL,     /* str(args) */
	EXPR_PRINT,    /* print family: print/println/printd/printdln/printf/sprint*...;
	                * str is the name; print(@hist_x(...)) keeps the EXPR_HIST in left */
	EXPR_STATOP,   /* @count/@sum/@min/@max/@avg/@variance(left[, hist_params[0]]) */
	EXPR_HIST,     /* @hist_linear(left, start, stop, interval) / @hist_log(left) */
	EXPR_TARGET,   /* $arg1, $$name, $$parms, $var->a->b[3] ... (context variable):
	                * str is the name as written ("$var"), comps the suffix */
	EXPR_DEFINED,  /* @defined(left) */
	EXPR_ENTRY,    /* @entry(left) */
	EXPR_ATOP,     /* other target @operators (see enum atop_kind), kept so that sema can
	                * reject them with stap's words; comps holds any ->x[i] suffix */
	EXPR_EMBEDDED, /* %{ ... %} as an expression; @const("X") also becomes one, as in stap */
};

/* EXPR_ATOP flavours. */
enum atop_kind {
	ATOP_CAST,      /* @cast(left, type_name[, module]) */
	ATOP_VAR,       /* @var(type_name = "name@cu"[, module]) */
	ATOP_AUTOCAST,  /* (left)->member... : any value followed by -> or [ (stap >= 2.6) */
	ATOP_PERF,      /* @perf(type_name) */
	ATOP_KREGISTER, /* @kregister(num) */
	ATOP_UREGISTER, /* @uregister(num) */
	ATOP_KDEREF,    /* @kderef(num = size, left = address) */
	ATOP_UDEREF,    /* @uderef(num = size, left = address) */
	ATOP_PROBEWRITE,/* @probewrite(type_name = variable name) */
};

/* One suffix component of a target value: ->member, [N], [expr], or a pretty-print $/$$. */
enum tcomp_kind { TCOMP_MEMBER, TCOMP_INDEX_NUM, TCOMP_INDEX_EXPR, TCOMP_PRETTY };
struct ast_tcomp {
	enum tcomp_kind kind;
	const struct token *tok;
	const char *member;     /* TCOMP_MEMBER name, TCOMP_PRETTY "$" or "$$" */
	int64_t num;            /* TCOMP_INDEX_NUM */
	struct ast_expr *index; /* TCOMP_INDEX_EXPR */
};

enum stat_op { STAT_COUNT, STAT_SUM, STAT_MIN, STAT_MAX, STAT_AVG, STAT_VARIANCE };
enum hist_kind { HIST_NONE, HIST_LINEAR, HIST_LOG };

enum print_flags {
	PRINT_TO_STRING = 1 << 0, /* sprint* */
	PRINT_NEWLINE = 1 << 1,   /* *ln */
	PRINT_FORMAT = 1 << 2,    /* printf/sprintf: fmt is the format literal */
	PRINT_DELIM = 1 << 3,     /* printd*: delim is the delimiter literal */
	PRINT_CHAR = 1 << 4,      /* print_char? kept for completeness */
};

/* One piece of a parsed printf format (filled by the parser or sema). */
enum fmt_conv {
	FMT_LITERAL, FMT_SIGNED, FMT_UNSIGNED, FMT_OCTAL, FMT_HEX, FMT_HEX_UPPER, FMT_CHAR,
	FMT_STRING, FMT_POINTER, FMT_BINARY, FMT_MEMORY, FMT_MEMORY_HEX, FMT_PERCENT,
};
enum fmt_flag { FMTF_ZERO = 1, FMTF_PLUS = 2, FMTF_MINUS = 4, FMTF_SPACE = 8, FMTF_ALT = 16 };
/* Pieces alternate as stap's string_to_components makes them: every conversion carries
 * the literal text that precedes it in `literal` (maybe empty); a trailing literal is a
 * piece of its own (FMT_LITERAL). "%%" is folded into the literal text; FMT_PERCENT is
 * never produced. */
struct fmt_piece {
	enum fmt_conv conv;
	const char *literal;  /* literal text before the conversion (decoded, NUL-free) */
	size_t literal_len;
	int flags;            /* one fmt_flag at most, as stap parses only one */
	int width;            /* -1 none, -2 dynamic ('*') */
	int prec;             /* -1 none, -2 dynamic ('*') */
};

struct ast_expr {
	enum ast_expr_kind kind;
	const struct token *tok;  /* operator/identifier/literal token (for "near ..." too) */
	enum ast_type type;       /* filled by sema */
	int op;                   /* operator code: a TOK_* char or one of enum ast_op below */
	bool postfix;             /* EXPR_INCDEC */
	int64_t num;              /* EXPR_NUM */
	const char *str;          /* EXPR_STR (decoded, NUL-free), EXPR_SYM/CALL/TARGET name,
	                           * EXPR_PRINT function name, EXPR_ATOP operator name */
	size_t str_len;
	const char *raw;          /* EXPR_STR: stap's content (escapes kept), for -p1 */
	struct ast_expr *left, *right, *third; /* operands: unary/binary/ternary/assign/regex */
	VEC(struct ast_expr *) args;           /* call args, index keys, print args, ... */
	/* resolution (sema) */
	struct ast_var *var;      /* EXPR_SYM / EXPR_INDEX base / stats operand */
	struct ast_function *fn;  /* EXPR_CALL: first function of the overload chain */
	/* EXPR_PRINT */
	int print_flags;
	const char *fmt_raw;      /* format or delimiter literal as stap's content (escapes
	                           * kept, joined); its decoded EXPR_STR node is in right */
	VEC(struct fmt_piece) fmt;
	/* EXPR_STATOP / EXPR_HIST */
	enum stat_op stat;
	enum hist_kind hist;
	int64_t hist_params[3];
	int stat_nparams;         /* EXPR_STATOP: 1 when @variance has its shift parameter */
	/* EXPR_TARGET / EXPR_ATOP */
	VEC(struct ast_tcomp) comps; /* ->a[1]$ suffix components */
	bool addressof;           /* &$var */
	enum atop_kind atop;
	const char *type_name;    /* EXPR_ATOP: @cast type, @var name, @perf name, @probewrite var */
	const char *module;       /* EXPR_ATOP: optional module string of @cast/@var, or NULL */
	/* EXPR_TARGET: the chain after the base ($var->a[1]) as written, for diagnostics */
	const char *target_suffix;
	int target_argno;         /* $argN resolved by sema (0 = not an $arg) */
	/* EXPR_EMBEDDED */
	const char *code;
};

/* Multi-character operators, stored in ast_expr.op (single characters use their char). */
enum ast_op {
	OP_NONE = 0,
	OP_EQ = 256, OP_NE, OP_LE, OP_GE, OP_SHL, OP_SHR, OP_USHR, OP_ANDAND, OP_OROR,
	OP_MATCH, OP_NOMATCH, OP_INC, OP_DEC,
	OP_ASSIGN, OP_ADD_ASSIGN, OP_SUB_ASSIGN, OP_MUL_ASSIGN, OP_DIV_ASSIGN, OP_MOD_ASSIGN,
	OP_SHL_ASSIGN, OP_SHR_ASSIGN, OP_AND_ASSIGN, OP_XOR_ASSIGN, OP_OR_ASSIGN,
	OP_CAT_ASSIGN, OP_STAT_ASSIGN, /* <<< */
};

/* ---- statements ---------------------------------------------------------------------- */

enum ast_stmt_kind {
	STMT_NULL,     /* ; */
	STMT_BLOCK,
	STMT_EXPR,
	STMT_IF,
	STMT_FOR,      /* for and while (init/incr NULL when absent; an empty for-condition is
	                * an EXPR_NUM 1 made on the ';' token, as stap does) */
	STMT_FOREACH,
	STMT_RETURN,
	STMT_DELETE,
	STMT_BREAK,
	STMT_CONTINUE,
	STMT_NEXT,
	STMT_TRY,
	STMT_EMBEDDED,
};

struct ast_stmt {
	enum ast_stmt_kind kind;
	const struct token *tok;  /* keyword or first token (for MAXACTION "near keyword") */
	VEC(struct ast_stmt *) body;        /* STMT_BLOCK */
	struct ast_expr *expr;    /* STMT_EXPR, STMT_RETURN value, STMT_DELETE target,
	                           * STMT_IF/STMT_FOR condition */
	struct ast_stmt *then, *els;        /* STMT_IF; STMT_TRY: then = try, els = catch */
	struct ast_expr *init, *incr;       /* STMT_FOR */
	struct ast_stmt *loop_body;         /* STMT_FOR, STMT_FOREACH */
	/* STMT_TRY: catch (msg): an EXPR_SYM naming a local (sema sets ->var), or NULL */
	struct ast_expr *catch_var;
	const struct token *catch_tok;
	/* STMT_FOREACH: foreach ([value =] [k1, k2] in base[slice] [@agg] [sort] limit N).
	 * The value and the keys are EXPR_SYM nodes; sema binds their ->var to locals. */
	struct ast_expr *value_var;         /* NULL if no "v =" */
	VEC(struct ast_expr *) keys;        /* index variables */
	struct ast_expr *base;              /* EXPR_SYM (array) or EXPR_HIST */
	VEC(struct ast_expr *) slice;       /* optional a[*, "x"] slice; NULL entries = '*' */
	int sort_column;                    /* 0 none, -1 value, 1..N key column */
	int sort_dir;                       /* +1 ascending, -1 descending */
	enum stat_op sort_agg;              /* for stats arrays, valid if sort_agg_given */
	bool sort_agg_given;                /* written as @count+ etc. (else stap's sc_none) */
	struct ast_expr *limit;
	const char *code;                   /* STMT_EMBEDDED */
};

/* ---- probe points, probes, aliases, functions, files --------------------------------- */

struct ast_component {
	const char *functor;        /* "process", "mark", "begin", "bitcoin", "*", "ti*er" */
	const struct token *tok;
	struct ast_expr *arg;       /* NULL, or an EXPR_NUM / EXPR_STR literal */
	bool from_glob;             /* sema: the argument is one expansion of a pattern
	                             * (stap's component::from_glob) */
};
/* NB: components are shared between the probe points that brace expansion
 * (a.{b,c}) produces, as in stap; treat them as read-only. */

struct ast_probe_point {
	VEC(struct ast_component *) components;
	bool optional;              /* ? */
	bool sufficient;            /* ! */
	struct ast_expr *cond;      /* if (expr); shared by the points of one expansion */
	const struct token *tok;    /* first token */
};

struct ast_probe {
	VEC(struct ast_probe_point *) points;
	struct ast_stmt *body;
	const struct token *tok;    /* the 'probe' keyword */
	const struct srcfile *file;
	VEC(struct ast_var *) locals; /* filled by sema */
	bool from_tapset;
	bool privileged;            /* parsed in guru mode (tapset or -g) */
	const struct token *systemtap_v_cond; /* last "systemtap_v" %( %) RHS seen, or NULL */
};

struct ast_alias {
	VEC(struct ast_probe_point *) names;   /* probe a.b, c = ... */
	VEC(struct ast_probe_point *) points;  /* what it expands to */
	struct ast_stmt *prologue;  /* '=' form: the block; NULL for '+=' */
	struct ast_stmt *epilogue;  /* '+=' form: the block; '=' form: optional second block */
	bool epilogue_style;        /* written with += */
	const struct token *tok;
	const struct srcfile *file;
	bool privileged;
	bool from_tapset;
};

struct ast_function {
	const char *name;
	const struct token *tok;
	enum ast_type ret;          /* declared (":long") or inferred */
	const struct token *ret_tok;
	VEC(struct ast_var *) params;
	VEC(struct ast_var *) locals; /* filled by sema */
	struct ast_stmt *body;      /* NULL when embedded */
	const char *embedded;       /* %{ %} body */
	int64_t priority;           /* :N after the parameter list; 0 user default, tapsets 1 */
	bool priority_given;
	bool is_private;
	bool from_tapset;
	const struct srcfile *file;
	struct ast_function *next_overload; /* same name and arity, by priority (sema) */
	int index;                  /* assigned by the compiler */
};

struct ast_embed {
	const struct token *tok;
	const char *code;
};

struct ast_file {
	const struct srcfile *src;
	VEC(struct ast_probe *) probes;
	VEC(struct ast_alias *) aliases;
	VEC(struct ast_function *) functions;
	VEC(struct ast_var *) globals;
	VEC(struct ast_embed *) embeds;
	bool privileged;            /* tapset or -g: embedded C allowed by the parser */
};

/* ---- construction (ast.c) ----------------------------------------------------------- */

/* Owner of AST memory: an arena for nodes and strings, plus a registry of every node made
 * here so that ast_pool_free() can release the heap storage of their VEC fields too.
 * Make every node through these constructors (sema too) and never free nodes one by one. */
struct ast_pool;

struct ast_pool *ast_pool_new(void);
void ast_pool_free(struct ast_pool *pool);
struct arena *ast_pool_arena(struct ast_pool *pool);

/* Zeroed nodes; never NULL. */
struct ast_expr *ast_expr_new(struct ast_pool *pool, enum ast_expr_kind kind,
			      const struct token *tok);
struct ast_stmt *ast_stmt_new(struct ast_pool *pool, enum ast_stmt_kind kind,
			      const struct token *tok);
/* arity -1, key types unknown */
struct ast_var *ast_var_new(struct ast_pool *pool, const char *name, const struct token *tok,
			    enum var_scope scope);
struct ast_component *ast_component_new(struct ast_pool *pool, const char *functor,
					const struct token *tok);
struct ast_probe_point *ast_probe_point_new(struct ast_pool *pool, const struct token *tok);
struct ast_probe *ast_probe_new(struct ast_pool *pool, const struct token *tok);
struct ast_alias *ast_alias_new(struct ast_pool *pool, const struct token *tok);
struct ast_function *ast_function_new(struct ast_pool *pool, const char *name,
				      const struct token *tok);
struct ast_embed *ast_embed_new(struct ast_pool *pool, const struct token *tok, const char *code);
struct ast_file *ast_file_new(struct ast_pool *pool, const struct srcfile *src);

/* Literal helpers: EXPR_NUM with value v; EXPR_STR from stap content (decoded into str). */
struct ast_expr *ast_num_new(struct ast_pool *pool, const struct token *tok, int64_t v);
struct ast_expr *ast_str_new(struct ast_pool *pool, const struct token *tok, const char *raw);

/* "long", "string", "stats", "unknown" (stap's exp_type names). */
const char *ast_type_name(enum ast_type t);
/* The text of an operator code (ast_expr.op): "+", "<<=", "<<<" ... */
const char *ast_op_str(int op);
/* The operator code of operator text, or OP_NONE when it is not one. */
int ast_op_from_str(const char *s);

#endif
