/* SPDX-License-Identifier: MIT */
/* <utap/sdt.h>: static probe points whose ELF notes are byte-compatible with SystemTap's
 * <sys/sdt.h> (type-3 "stapsdt" notes, .stapsdt.base, u16 semaphores in .probes), so gdb,
 * bpftrace, perf, SystemTap and utap all see them. Unlike sdt.h it leaves no .altmacro
 * behind, puts a 10-byte nop after the 1-byte probe nop, keeps arguments in registers or
 * immediates ("nr"), and rejects floating-point and struct arguments at compile time.
 *
 *   UTAP_PROBE(provider, name, args...)      0..12 integer/pointer arguments
 *   UTAP_PROBE0(provider, name) .. UTAP_PROBE12(provider, name, a1, ..., a12)
 *   UTAP_PROBE_SEMA(sema, provider, name, args...)   the note records &sema (generated
 *                                            headers use it; sema is an unsigned short)
 *   UTAP_PROBE_SEMA_VA(sema, provider, name, args...)  the same, args may be empty
 *   UTAP_SEMA_ACTIVE(sema)                   nonzero while a tracer holds the semaphore
 *   UTAP_SEMA_ATTRS                          attributes of a semaphore declaration
 *   UTAP_ARGS_UNUSED(args...)                "(void)(arg);" each, for probes-off headers
 *   STAP_PROBE*, DTRACE_PROBE*               the sdt.h names, unless <sys/sdt.h> came first
 *
 * Knobs (define before including): UTAP_SDT_ARG_CONSTRAINT (default nr, nor on i386;
 * e.g. -DUTAP_SDT_ARG_CONSTRAINT=nor),
 * UTAP_SDT_PLAIN_NOP (only the 1-byte nop at the site), UTAP_SDT_SEMA_PLAIN (read
 * semaphores with a plain volatile load instead of an x86 cmpw with a flag output).
 * The probe arguments are evaluated exactly once; each argument's size and signedness go
 * into the note as "[-]N@operand", as sdt.h writes them (e.g. "-4@%edi 8@%rax"). */
#ifndef UTAP_SDT_H
#define UTAP_SDT_H 1

#define UTAP_SDT_VERSION 1

#if !defined(__ASSEMBLER__)

/* ---- per-architecture pieces ------------------------------------------------------- */

#ifndef UTAP_SDT_ARG_CONSTRAINT
#if defined(__powerpc__) || defined(__powerpc64__)
#define UTAP_SDT_ARG_CONSTRAINT nZr
#elif defined(__arm__)
#define UTAP_SDT_ARG_CONSTRAINT g
#elif defined(__i386__)
#define UTAP_SDT_ARG_CONSTRAINT nor /* too few registers for 12 "nr" arguments */
#else
#define UTAP_SDT_ARG_CONSTRAINT nr
#endif
#endif

/* The probe site. The note's pc is the 1-byte nop: every legacy tool puts its int3 there.
 * On x86 a 10-byte nop (cs nopw 0x0(%rax,%rax,1), libbpf usdt.h's current layout) follows
 * so that a kernel or an in-process agent can later patch a jump at pc+1. A bare nop5 at
 * the pc is avoided on purpose: 6.18-era kernels turn it into a CALL that clobbers the
 * red zone. */
#ifndef UTAP_SDT_NOP
#if defined(__ia64__) || defined(__s390__) || defined(__s390x__)
#define UTAP_SDT_NOP "nop 0"
#elif (defined(__x86_64__) || defined(__i386__)) && !defined(UTAP_SDT_PLAIN_NOP)
#define UTAP_SDT_NOP "nop\n\t.byte 0x66,0x2e,0x0f,0x1f,0x84,0x00,0x00,0x00,0x00,0x00"
#else
#define UTAP_SDT_NOP "nop"
#endif
#endif

#ifdef __LP64__
#define UTAP_I_ADDR ".8byte"
#else
#define UTAP_I_ADDR ".4byte"
#endif

/* How an argument operand is printed; i386 forces 32-bit register names (gcc PR80115). */
#if defined(__powerpc__) || defined(__powerpc64__)
#define UTAP_I_ARG_TMPL(n) "%I[utap_i_a" #n "]%[utap_i_a" #n "]"
#elif defined(__i386__)
#define UTAP_I_ARG_TMPL(n) "%k[utap_i_a" #n "]"
#else
#define UTAP_I_ARG_TMPL(n) "%[utap_i_a" #n "]"
#endif

#define UTAP_I_STR_(x) #x
#define UTAP_I_STR(x) UTAP_I_STR_(x)
#define UTAP_I_CAT_(a, b) a##b
#define UTAP_I_CAT(a, b) UTAP_I_CAT_(a, b)

/* ---- argument classification --------------------------------------------------------- */

#define UTAP_I_ARG_MSG                                                                             \
	"utap probe arguments must be integers, enums, bools or pointers of at most 8 bytes "      \
	"(pass floating-point values and structs through a pointer or an integer)"

#ifdef __cplusplus
/* C++ has no __builtin_choose_expr, and g++ will not fold __builtin_classify_type of a
 * global in a static_assert: size, signedness and validity come from a trait on the
 * argument's type. Signed are the signed integer types (plain char and wchar_t follow the
 * target), as in sdt.h's table; enums, bool and pointers are unsigned; arrays count as
 * pointers. No standard header is needed, so it also works inside extern "C" blocks. */
extern "C++" {
template <typename T> struct utap_i_sdt_arg {
	static const int size = static_cast<int>(sizeof(T));
	static const int sign = 1;
	static const bool ok = __is_enum(T) && sizeof(T) <= 8;
};
template <typename T> struct utap_i_sdt_ptr {
	static const int size = static_cast<int>(sizeof(void *));
	static const int sign = 1;
	static const bool ok = true;
};
template <typename T> struct utap_i_sdt_arg<T *> : utap_i_sdt_ptr<T> {};
template <typename T> struct utap_i_sdt_arg<T[]> : utap_i_sdt_ptr<T> {};
template <typename T, unsigned long N> struct utap_i_sdt_arg<T[N]> : utap_i_sdt_ptr<T> {};
template <typename T> struct utap_i_sdt_arg<const T> : utap_i_sdt_arg<T> {};
template <typename T> struct utap_i_sdt_arg<volatile T> : utap_i_sdt_arg<T> {};
template <typename T> struct utap_i_sdt_arg<const volatile T> : utap_i_sdt_arg<T> {};
template <typename T> struct utap_i_sdt_arg<const T[]> : utap_i_sdt_ptr<T> {};
template <typename T> struct utap_i_sdt_arg<volatile T[]> : utap_i_sdt_ptr<T> {};
template <typename T> struct utap_i_sdt_arg<const volatile T[]> : utap_i_sdt_ptr<T> {};
template <typename T, unsigned long N> struct utap_i_sdt_arg<const T[N]> : utap_i_sdt_ptr<T> {};
template <typename T, unsigned long N> struct utap_i_sdt_arg<volatile T[N]> : utap_i_sdt_ptr<T> {
};
template <typename T, unsigned long N>
struct utap_i_sdt_arg<const volatile T[N]> : utap_i_sdt_ptr<T> {};
#define UTAP_I_INTEGRAL(T, SIGN)                                                                   \
	template <> struct utap_i_sdt_arg<T> {                                                     \
		static const int size = static_cast<int>(sizeof(T));                               \
		static const int sign = SIGN;                                                      \
		static const bool ok = sizeof(T) <= 8;                                             \
	};
#ifdef __CHAR_UNSIGNED__
UTAP_I_INTEGRAL(char, 1)
#else
UTAP_I_INTEGRAL(char, -1)
#endif
#ifdef __WCHAR_UNSIGNED__
UTAP_I_INTEGRAL(wchar_t, 1)
#else
UTAP_I_INTEGRAL(wchar_t, -1)
#endif
UTAP_I_INTEGRAL(bool, 1)
UTAP_I_INTEGRAL(signed char, -1)
UTAP_I_INTEGRAL(unsigned char, 1)
UTAP_I_INTEGRAL(short, -1)
UTAP_I_INTEGRAL(unsigned short, 1)
UTAP_I_INTEGRAL(int, -1)
UTAP_I_INTEGRAL(unsigned int, 1)
UTAP_I_INTEGRAL(long, -1)
UTAP_I_INTEGRAL(unsigned long, 1)
__extension__ UTAP_I_INTEGRAL(long long, -1)
__extension__ UTAP_I_INTEGRAL(unsigned long long, 1)
#if __cplusplus >= 201103L
UTAP_I_INTEGRAL(char16_t, 1)
UTAP_I_INTEGRAL(char32_t, 1)
#endif
#ifdef __cpp_char8_t
UTAP_I_INTEGRAL(char8_t, 1)
#endif
#undef UTAP_I_INTEGRAL
}
#define UTAP_I_ARG_OK(x) (utap_i_sdt_arg<__typeof__(x)>::ok)
#define UTAP_I_ARG_SPEC(x)                                                                         \
	(utap_i_sdt_arg<__typeof__(x)>::sign * utap_i_sdt_arg<__typeof__(x)>::size)
#else
/* gcc/clang type classes: 1 integer, 2 char, 3 enum, 4 bool, 5 pointer, 14 array (arrays
 * and functions usually decay to 5 already). Everything else (8 real, 9 complex, 12 record,
 * 13 union, vectors) has no faithful "N@register" encoding and is rejected. */
#define UTAP_I_ARG_CLASS(x) __builtin_classify_type(x)
#define UTAP_I_ARG_OK(x)                                                                           \
	(((UTAP_I_ARG_CLASS(x) >= 1 && UTAP_I_ARG_CLASS(x) <= 5) || UTAP_I_ARG_CLASS(x) == 14) &&  \
	 UTAP_I_ARG_SIZE(x) <= 8)
/* Arrays and functions decay to pointers (class 5 or 14): pointer-sized, unsigned. */
#define UTAP_I_ARG_SIZE(x)                                                                         \
	((UTAP_I_ARG_CLASS(x) == 5 || UTAP_I_ARG_CLASS(x) == 14) ? sizeof(void *)                  \
							       : sizeof(__typeof__(x)))
#define UTAP_I_ARG_INTTYPE(x)                                                                      \
	__typeof__(__builtin_choose_expr(UTAP_I_ARG_CLASS(x) >= 1 && UTAP_I_ARG_CLASS(x) <= 4,     \
					 (x), 0U))
#define UTAP_I_ARG_SPEC(x)                                                                         \
	((((UTAP_I_ARG_INTTYPE(x))-1 < (UTAP_I_ARG_INTTYPE(x))1) ? -1 : 1) *                       \
	 (int)UTAP_I_ARG_SIZE(x))
#endif

/* One compile-time check per argument, with a message when the language has one. */
#if (defined(__cplusplus) && __cplusplus >= 201103L)
#define UTAP_I_CHECK(n, x) static_assert(UTAP_I_ARG_OK(x), UTAP_I_ARG_MSG);
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define UTAP_I_CHECK(n, x) _Static_assert(UTAP_I_ARG_OK(x), UTAP_I_ARG_MSG);
#else
#define UTAP_I_CHECK(n, x)                                                                         \
	typedef char UTAP_I_CAT(utap_probe_argument_must_be_integer_or_pointer_,                   \
			       n)[UTAP_I_ARG_OK(x) ? 1 : -1] __attribute__((__unused__));
#endif

/* The note wants "[-]size@operand": the size is an "n" operand printed bare with %c. */
#define UTAP_I_OP(n, x)                                                                            \
	[utap_i_s##n] "n"(UTAP_I_ARG_SPEC(x)),                                                     \
	[utap_i_a##n] UTAP_I_STR(UTAP_SDT_ARG_CONSTRAINT)(x)

/* ---- the asm body -------------------------------------------------------------------- */

#define UTAP_I_ASM_HEAD(provider, name, sema)                                                      \
	"990:\t" UTAP_SDT_NOP "\n"                                                                 \
	"\t.pushsection .note.stapsdt,\"?\",\"note\"\n"                                            \
	"\t.balign 4\n"                                                                            \
	"\t.4byte 992f-991f,994f-993f,3\n"                                                         \
	"991:\t.asciz \"stapsdt\"\n"                                                               \
	"992:\t.balign 4\n"                                                                        \
	"993:\t" UTAP_I_ADDR " 990b\n"                                                             \
	"\t" UTAP_I_ADDR " _.stapsdt.base\n"                                                       \
	"\t" UTAP_I_ADDR " " sema "\n"                                                             \
	"\t.asciz \"" UTAP_I_STR(provider) "\"\n"                                                  \
	"\t.asciz \"" UTAP_I_STR(name) "\"\n"

#define UTAP_I_ASM_TAIL                                                                            \
	"\t.byte 0\n"                                                                              \
	"994:\t.balign 4\n"                                                                        \
	"\t.popsection\n"                                                                          \
	".ifndef _.stapsdt.base\n"                                                                 \
	"\t.pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n"                  \
	"\t.weak _.stapsdt.base\n"                                                                 \
	"\t.hidden _.stapsdt.base\n"                                                               \
	"_.stapsdt.base:\n"                                                                        \
	"\t.space 1\n"                                                                             \
	"\t.size _.stapsdt.base,1\n"                                                               \
	"\t.popsection\n"                                                                          \
	".endif\n"

#define UTAP_I_ASM_ARG(n) "\t.ascii \"%c[utap_i_s" #n "]@" UTAP_I_ARG_TMPL(n) "\"\n"
#define UTAP_I_ASM_SP "\t.ascii \" \"\n"
#define UTAP_I_ASM_ARGS_0
#define UTAP_I_ASM_ARGS_1 UTAP_I_ASM_ARG(1)
#define UTAP_I_ASM_ARGS_2 UTAP_I_ASM_ARGS_1 UTAP_I_ASM_SP UTAP_I_ASM_ARG(2)
#define UTAP_I_ASM_ARGS_3 UTAP_I_ASM_ARGS_2 UTAP_I_ASM_SP UTAP_I_ASM_ARG(3)
#define UTAP_I_ASM_ARGS_4 UTAP_I_ASM_ARGS_3 UTAP_I_ASM_SP UTAP_I_ASM_ARG(4)
#define UTAP_I_ASM_ARGS_5 UTAP_I_ASM_ARGS_4 UTAP_I_ASM_SP UTAP_I_ASM_ARG(5)
#define UTAP_I_ASM_ARGS_6 UTAP_I_ASM_ARGS_5 UTAP_I_ASM_SP UTAP_I_ASM_ARG(6)
#define UTAP_I_ASM_ARGS_7 UTAP_I_ASM_ARGS_6 UTAP_I_ASM_SP UTAP_I_ASM_ARG(7)
#define UTAP_I_ASM_ARGS_8 UTAP_I_ASM_ARGS_7 UTAP_I_ASM_SP UTAP_I_ASM_ARG(8)
#define UTAP_I_ASM_ARGS_9 UTAP_I_ASM_ARGS_8 UTAP_I_ASM_SP UTAP_I_ASM_ARG(9)
#define UTAP_I_ASM_ARGS_10 UTAP_I_ASM_ARGS_9 UTAP_I_ASM_SP UTAP_I_ASM_ARG(10)
#define UTAP_I_ASM_ARGS_11 UTAP_I_ASM_ARGS_10 UTAP_I_ASM_SP UTAP_I_ASM_ARG(11)
#define UTAP_I_ASM_ARGS_12 UTAP_I_ASM_ARGS_11 UTAP_I_ASM_SP UTAP_I_ASM_ARG(12)

/* Per-arity argument lists: checks and operands. */
#define UTAP_I_CK_0()
#define UTAP_I_CK_1(a) UTAP_I_CHECK(1, a)
#define UTAP_I_CK_2(a, b) UTAP_I_CK_1(a) UTAP_I_CHECK(2, b)
#define UTAP_I_CK_3(a, b, c) UTAP_I_CK_2(a, b) UTAP_I_CHECK(3, c)
#define UTAP_I_CK_4(a, b, c, d) UTAP_I_CK_3(a, b, c) UTAP_I_CHECK(4, d)
#define UTAP_I_CK_5(a, b, c, d, e) UTAP_I_CK_4(a, b, c, d) UTAP_I_CHECK(5, e)
#define UTAP_I_CK_6(a, b, c, d, e, f) UTAP_I_CK_5(a, b, c, d, e) UTAP_I_CHECK(6, f)
#define UTAP_I_CK_7(a, b, c, d, e, f, g) UTAP_I_CK_6(a, b, c, d, e, f) UTAP_I_CHECK(7, g)
#define UTAP_I_CK_8(a, b, c, d, e, f, g, h) UTAP_I_CK_7(a, b, c, d, e, f, g) UTAP_I_CHECK(8, h)
#define UTAP_I_CK_9(a, b, c, d, e, f, g, h, i)                                                     \
	UTAP_I_CK_8(a, b, c, d, e, f, g, h) UTAP_I_CHECK(9, i)
#define UTAP_I_CK_10(a, b, c, d, e, f, g, h, i, j)                                                 \
	UTAP_I_CK_9(a, b, c, d, e, f, g, h, i) UTAP_I_CHECK(10, j)
#define UTAP_I_CK_11(a, b, c, d, e, f, g, h, i, j, k)                                              \
	UTAP_I_CK_10(a, b, c, d, e, f, g, h, i, j) UTAP_I_CHECK(11, k)
#define UTAP_I_CK_12(a, b, c, d, e, f, g, h, i, j, k, l)                                           \
	UTAP_I_CK_11(a, b, c, d, e, f, g, h, i, j, k) UTAP_I_CHECK(12, l)

#define UTAP_I_OPS_0()
#define UTAP_I_OPS_1(a) UTAP_I_OP(1, a)
#define UTAP_I_OPS_2(a, b) UTAP_I_OPS_1(a), UTAP_I_OP(2, b)
#define UTAP_I_OPS_3(a, b, c) UTAP_I_OPS_2(a, b), UTAP_I_OP(3, c)
#define UTAP_I_OPS_4(a, b, c, d) UTAP_I_OPS_3(a, b, c), UTAP_I_OP(4, d)
#define UTAP_I_OPS_5(a, b, c, d, e) UTAP_I_OPS_4(a, b, c, d), UTAP_I_OP(5, e)
#define UTAP_I_OPS_6(a, b, c, d, e, f) UTAP_I_OPS_5(a, b, c, d, e), UTAP_I_OP(6, f)
#define UTAP_I_OPS_7(a, b, c, d, e, f, g) UTAP_I_OPS_6(a, b, c, d, e, f), UTAP_I_OP(7, g)
#define UTAP_I_OPS_8(a, b, c, d, e, f, g, h) UTAP_I_OPS_7(a, b, c, d, e, f, g), UTAP_I_OP(8, h)
#define UTAP_I_OPS_9(a, b, c, d, e, f, g, h, i)                                                    \
	UTAP_I_OPS_8(a, b, c, d, e, f, g, h), UTAP_I_OP(9, i)
#define UTAP_I_OPS_10(a, b, c, d, e, f, g, h, i, j)                                                \
	UTAP_I_OPS_9(a, b, c, d, e, f, g, h, i), UTAP_I_OP(10, j)
#define UTAP_I_OPS_11(a, b, c, d, e, f, g, h, i, j, k)                                             \
	UTAP_I_OPS_10(a, b, c, d, e, f, g, h, i, j), UTAP_I_OP(11, k)
#define UTAP_I_OPS_12(a, b, c, d, e, f, g, h, i, j, k, l)                                          \
	UTAP_I_OPS_11(a, b, c, d, e, f, g, h, i, j, k), UTAP_I_OP(12, l)

/* One probe site. sema_use keeps the semaphore referenced (an empty asm with an "m"
 * operand, as sdt.h does: the note names it only inside the asm text); sema_str is the
 * symbol written into the note, or "0". */
#define UTAP_I_SITE(sema_use, sema_str, provider, name, n, args)                                   \
	do {                                                                                       \
		UTAP_I_CK_##n args sema_use __asm__ __volatile__(                                  \
			UTAP_I_ASM_HEAD(provider, name, sema_str)                                  \
				UTAP_I_ASM_ARGS_##n UTAP_I_ASM_TAIL                                \
			:                                                                          \
			: UTAP_I_OPS_##n args);                                                    \
	} while (0)

#define UTAP_I_NOSEMA(provider, name, n, args) UTAP_I_SITE(, "0", provider, name, n, args)
#define UTAP_I_WSEMA(sema, provider, name, n, args)                                                \
	UTAP_I_SITE(__asm__ __volatile__("" : : "m"(sema));, UTAP_I_STR(sema), provider, name, n,  \
		   args)

/* ---- argument counting ------------------------------------------------------------- */

/* Counts the probe arguments after provider and name (and the semaphore, for the _SEMA
 * forms). The leading (provider, name) keeps the variadic part non-empty, as ISO C before
 * C23 requires; 13 or more arguments select a macro whose name says what went wrong. */
#define UTAP_I_NTH(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,     \
		  _18, N, ...)                                                                     \
	N
#define UTAP_I_NARG(...)                                                                           \
	UTAP_I_NTH(__VA_ARGS__, utap_i_more_than_12_args, utap_i_more_than_12_args,                \
		   utap_i_more_than_12_args, utap_i_more_than_12_args, 12, 11, 10, 9, 8, 7, 6, 5,  \
		   4, 3, 2, 1, 0, ~)
#define UTAP_I_PROBE_N_(N, ...) UTAP_I_CAT(UTAP_I_PROBE_N_, N)(__VA_ARGS__)
#define UTAP_I_PROBE_N_0(p, nm, ...)                                                               \
	UTAP_I_NOSEMA(p, nm, 0, ())
#define UTAP_I_PROBE_N_1(p, nm, a, ...)                                                            \
	UTAP_I_NOSEMA(p, nm, 1, (a))
#define UTAP_I_PROBE_N_2(p, nm, a, b, ...)                                                         \
	UTAP_I_NOSEMA(p, nm, 2, (a, b))
#define UTAP_I_PROBE_N_3(p, nm, a, b, c, ...)                                                      \
	UTAP_I_NOSEMA(p, nm, 3, (a, b, c))
#define UTAP_I_PROBE_N_4(p, nm, a, b, c, d, ...)                                                   \
	UTAP_I_NOSEMA(p, nm, 4, (a, b, c, d))
#define UTAP_I_PROBE_N_5(p, nm, a, b, c, d, e, ...)                                                \
	UTAP_I_NOSEMA(p, nm, 5, (a, b, c, d, e))
#define UTAP_I_PROBE_N_6(p, nm, a, b, c, d, e, f, ...)                                             \
	UTAP_I_NOSEMA(p, nm, 6, (a, b, c, d, e, f))
#define UTAP_I_PROBE_N_7(p, nm, a, b, c, d, e, f, g, ...)                                          \
	UTAP_I_NOSEMA(p, nm, 7, (a, b, c, d, e, f, g))
#define UTAP_I_PROBE_N_8(p, nm, a, b, c, d, e, f, g, h, ...)                                       \
	UTAP_I_NOSEMA(p, nm, 8, (a, b, c, d, e, f, g, h))
#define UTAP_I_PROBE_N_9(p, nm, a, b, c, d, e, f, g, h, i, ...)                                    \
	UTAP_I_NOSEMA(p, nm, 9, (a, b, c, d, e, f, g, h, i))
#define UTAP_I_PROBE_N_10(p, nm, a, b, c, d, e, f, g, h, i, j, ...)                                \
	UTAP_I_NOSEMA(p, nm, 10, (a, b, c, d, e, f, g, h, i, j))
#define UTAP_I_PROBE_N_11(p, nm, a, b, c, d, e, f, g, h, i, j, k, ...)                             \
	UTAP_I_NOSEMA(p, nm, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define UTAP_I_PROBE_N_12(p, nm, a, b, c, d, e, f, g, h, i, j, k, l, ...)                          \
	UTAP_I_NOSEMA(p, nm, 12, (a, b, c, d, e, f, g, h, i, j, k, l))

#define UTAP_I_SEMA_N_(N, ...) UTAP_I_CAT(UTAP_I_SEMA_N_, N)(__VA_ARGS__)
#define UTAP_I_SEMA_N_0(s, p, nm, ...)                                                             \
	UTAP_I_WSEMA(s, p, nm, 0, ())
#define UTAP_I_SEMA_N_1(s, p, nm, a, ...)                                                          \
	UTAP_I_WSEMA(s, p, nm, 1, (a))
#define UTAP_I_SEMA_N_2(s, p, nm, a, b, ...)                                                       \
	UTAP_I_WSEMA(s, p, nm, 2, (a, b))
#define UTAP_I_SEMA_N_3(s, p, nm, a, b, c, ...)                                                    \
	UTAP_I_WSEMA(s, p, nm, 3, (a, b, c))
#define UTAP_I_SEMA_N_4(s, p, nm, a, b, c, d, ...)                                                 \
	UTAP_I_WSEMA(s, p, nm, 4, (a, b, c, d))
#define UTAP_I_SEMA_N_5(s, p, nm, a, b, c, d, e, ...)                                              \
	UTAP_I_WSEMA(s, p, nm, 5, (a, b, c, d, e))
#define UTAP_I_SEMA_N_6(s, p, nm, a, b, c, d, e, f, ...)                                           \
	UTAP_I_WSEMA(s, p, nm, 6, (a, b, c, d, e, f))
#define UTAP_I_SEMA_N_7(s, p, nm, a, b, c, d, e, f, g, ...)                                        \
	UTAP_I_WSEMA(s, p, nm, 7, (a, b, c, d, e, f, g))
#define UTAP_I_SEMA_N_8(s, p, nm, a, b, c, d, e, f, g, h, ...)                                     \
	UTAP_I_WSEMA(s, p, nm, 8, (a, b, c, d, e, f, g, h))
#define UTAP_I_SEMA_N_9(s, p, nm, a, b, c, d, e, f, g, h, i, ...)                                  \
	UTAP_I_WSEMA(s, p, nm, 9, (a, b, c, d, e, f, g, h, i))
#define UTAP_I_SEMA_N_10(s, p, nm, a, b, c, d, e, f, g, h, i, j, ...)                              \
	UTAP_I_WSEMA(s, p, nm, 10, (a, b, c, d, e, f, g, h, i, j))
#define UTAP_I_SEMA_N_11(s, p, nm, a, b, c, d, e, f, g, h, i, j, k, ...)                           \
	UTAP_I_WSEMA(s, p, nm, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define UTAP_I_SEMA_N_12(s, p, nm, a, b, c, d, e, f, g, h, i, j, k, l, ...)                        \
	UTAP_I_WSEMA(s, p, nm, 12, (a, b, c, d, e, f, g, h, i, j, k, l))

/* 13 or more arguments land here. */
#define UTAP_I_TOO_MANY(...)                                                                       \
	do {                                                                                       \
		UTAP_I_CHECK(0, utap_probes_take_at_most_12_arguments)                             \
	} while (0)
#define UTAP_I_PROBE_N_utap_i_more_than_12_args UTAP_I_TOO_MANY
#define UTAP_I_SEMA_N_utap_i_more_than_12_args UTAP_I_TOO_MANY

/* Emptiness test for a variadic argument list (Jens Gustedt's construction): 1 when
 * __VA_ARGS__ is empty, else 0. Lets `PROV_P()` call a probe declared `probe p(...)`. */
#define UTAP_I_HC_(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, N,   \
		  ...)                                                                             \
	N
#define UTAP_I_HAS_COMMA(...)                                                                      \
	UTAP_I_HC_(__VA_ARGS__, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, ~)
#define UTAP_I_PAREN_COMMA(...) ,
#define UTAP_I_PASTE5(a, b, c, d, e) a##b##c##d##e
#define UTAP_I_EMPTY_CASE_0001 ,
#define UTAP_I_ISEMPTY_(a, b, c, d)                                                                \
	UTAP_I_HAS_COMMA(UTAP_I_PASTE5(UTAP_I_EMPTY_CASE_, a, b, c, d))
#define UTAP_I_ISEMPTY(...)                                                                        \
	UTAP_I_ISEMPTY_(UTAP_I_HAS_COMMA(__VA_ARGS__),                                             \
			UTAP_I_HAS_COMMA(UTAP_I_PAREN_COMMA __VA_ARGS__),                          \
			UTAP_I_HAS_COMMA(__VA_ARGS__()),                                           \
			UTAP_I_HAS_COMMA(UTAP_I_PAREN_COMMA __VA_ARGS__()))

/* ---- public macros ------------------------------------------------------------------- */

/* UTAP_PROBE(provider, name, args...): the argument count picks the arity. The trailing
 * "~" gives the helpers a non-empty variadic part even for zero probe arguments. */
#define UTAP_PROBE(...) UTAP_I_PROBE_N_(UTAP_I_NARG(__VA_ARGS__), __VA_ARGS__, ~)
/* UTAP_PROBE_SEMA(sema, provider, name, args...): same, recording the address of the
 * unsigned short semaphore `sema` (a plain identifier) in the note. */
#define UTAP_PROBE_SEMA(sema, ...)                                                                 \
	UTAP_I_SEMA_N_(UTAP_I_NARG(__VA_ARGS__), sema, __VA_ARGS__, ~)

/* UTAP_PROBE_SEMA_VA(sema, provider, name, args...): as UTAP_PROBE_SEMA, but the probe
 * argument list may be empty even before C23/C++20 (for `probe p(...)` declarations). */
#define UTAP_PROBE_SEMA_VA(sema, provider, name, ...)                                              \
	UTAP_I_CAT(UTAP_I_SEMA_VA_, UTAP_I_ISEMPTY(__VA_ARGS__))(sema, provider, name, __VA_ARGS__)
#define UTAP_I_SEMA_VA_1(s, p, nm, ...) UTAP_I_WSEMA(s, p, nm, 0, ())
#define UTAP_I_SEMA_VA_0(s, p, nm, ...) UTAP_PROBE_SEMA(s, p, nm, __VA_ARGS__)

/* UTAP_ARGS_UNUSED(args...): "(void)(arg);" for each of 0..12 arguments, for probes-off
 * headers: the arguments are type-checked where it is used inside `if (0)`. */
#define UTAP_ARGS_UNUSED(...)                                                                      \
	UTAP_I_CAT(UTAP_I_UNUSED_, UTAP_I_ISEMPTY(__VA_ARGS__))(__VA_ARGS__)
#define UTAP_I_UNUSED_1(...)
#define UTAP_I_UNUSED_0(...) UTAP_I_UNUSED_N_(UTAP_I_NARG(_, _, __VA_ARGS__), __VA_ARGS__, ~)
#define UTAP_I_UNUSED_N_(N, ...) UTAP_I_CAT(UTAP_I_UNUSED_N_, N)(__VA_ARGS__)
#define UTAP_I_UNUSED_N_1(a, ...) (void)(a);
#define UTAP_I_UNUSED_N_2(a, ...) (void)(a); UTAP_I_UNUSED_N_1(__VA_ARGS__)
#define UTAP_I_UNUSED_N_3(a, ...) (void)(a); UTAP_I_UNUSED_N_2(__VA_ARGS__)
#define UTAP_I_UNUSED_N_4(a, ...) (void)(a); UTAP_I_UNUSED_N_3(__VA_ARGS__)
#define UTAP_I_UNUSED_N_5(a, ...) (void)(a); UTAP_I_UNUSED_N_4(__VA_ARGS__)
#define UTAP_I_UNUSED_N_6(a, ...) (void)(a); UTAP_I_UNUSED_N_5(__VA_ARGS__)
#define UTAP_I_UNUSED_N_7(a, ...) (void)(a); UTAP_I_UNUSED_N_6(__VA_ARGS__)
#define UTAP_I_UNUSED_N_8(a, ...) (void)(a); UTAP_I_UNUSED_N_7(__VA_ARGS__)
#define UTAP_I_UNUSED_N_9(a, ...) (void)(a); UTAP_I_UNUSED_N_8(__VA_ARGS__)
#define UTAP_I_UNUSED_N_10(a, ...) (void)(a); UTAP_I_UNUSED_N_9(__VA_ARGS__)
#define UTAP_I_UNUSED_N_11(a, ...) (void)(a); UTAP_I_UNUSED_N_10(__VA_ARGS__)
#define UTAP_I_UNUSED_N_12(a, ...) (void)(a); UTAP_I_UNUSED_N_11(__VA_ARGS__)
#define UTAP_I_UNUSED_N_utap_i_more_than_12_args UTAP_I_TOO_MANY

/* Attributes of a semaphore declaration in a generated header: in .probes, and hidden
 * (each executable or library has its own) unless STAP_SDT_V1/V2 asks for sdt.h's old
 * global semaphores. */
#if defined(STAP_SDT_V1) || defined(STAP_SDT_V2)
#define UTAP_SEMA_ATTRS __attribute__((__unused__, __section__(".probes")))
#else
#define UTAP_SEMA_ATTRS                                                                            \
	__attribute__((__unused__, __section__(".probes"), __visibility__("hidden")))
#endif

#define UTAP_PROBE0(p, n) UTAP_I_NOSEMA(p, n, 0, ())
#define UTAP_PROBE1(p, n, a) UTAP_I_NOSEMA(p, n, 1, (a))
#define UTAP_PROBE2(p, n, a, b) UTAP_I_NOSEMA(p, n, 2, (a, b))
#define UTAP_PROBE3(p, n, a, b, c) UTAP_I_NOSEMA(p, n, 3, (a, b, c))
#define UTAP_PROBE4(p, n, a, b, c, d) UTAP_I_NOSEMA(p, n, 4, (a, b, c, d))
#define UTAP_PROBE5(p, n, a, b, c, d, e) UTAP_I_NOSEMA(p, n, 5, (a, b, c, d, e))
#define UTAP_PROBE6(p, n, a, b, c, d, e, f) UTAP_I_NOSEMA(p, n, 6, (a, b, c, d, e, f))
#define UTAP_PROBE7(p, n, a, b, c, d, e, f, g) UTAP_I_NOSEMA(p, n, 7, (a, b, c, d, e, f, g))
#define UTAP_PROBE8(p, n, a, b, c, d, e, f, g, h)                                                  \
	UTAP_I_NOSEMA(p, n, 8, (a, b, c, d, e, f, g, h))
#define UTAP_PROBE9(p, n, a, b, c, d, e, f, g, h, i)                                               \
	UTAP_I_NOSEMA(p, n, 9, (a, b, c, d, e, f, g, h, i))
#define UTAP_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)                                           \
	UTAP_I_NOSEMA(p, n, 10, (a, b, c, d, e, f, g, h, i, j))
#define UTAP_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)                                        \
	UTAP_I_NOSEMA(p, n, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define UTAP_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)                                     \
	UTAP_I_NOSEMA(p, n, 12, (a, b, c, d, e, f, g, h, i, j, k, l))

/* Is a tracer attached? Tracers increment the u16 semaphore, so any nonzero value means
 * yes. The read must not be hoisted out of loops (gcc does that to sdt.h's plain read), so
 * it is a volatile access: on x86 one `cmpw $0,sema` whose flags feed the branch directly
 * (what sdt.h's non-volatile read compiles to), elsewhere a volatile load. */
#if defined(__GCC_ASM_FLAG_OUTPUTS__) && (defined(__x86_64__) || defined(__i386__)) &&             \
	!defined(UTAP_SDT_SEMA_PLAIN)
#ifdef __cplusplus
#define UTAP_I_SEMA_LINKAGE inline
#else
#define UTAP_I_SEMA_LINKAGE static __inline__
#endif
UTAP_I_SEMA_LINKAGE __attribute__((__always_inline__, __unused__)) int
utap_i_sema_active(const unsigned short *sema)
{
	int on;
	__asm__ __volatile__("cmpw $0,%1" : "=@ccne"(on) : "m"(*sema));
	return on;
}
#undef UTAP_I_SEMA_LINKAGE
#define UTAP_SEMA_ACTIVE(sema) utap_i_sema_active(&(sema))
#elif defined(__cplusplus)
#define UTAP_SEMA_ACTIVE(sema) (*static_cast<volatile unsigned short *>(&(sema)) != 0)
#else
#define UTAP_SEMA_ACTIVE(sema) (*(volatile unsigned short *)&(sema) != 0)
#endif

/* ---- the <sys/sdt.h> names ---------------------------------------------------------- */

/* Only when <sys/sdt.h> has not defined them already; code switches by changing one
 * include. With _SDT_HAS_SEMAPHORES defined first they record provider_name_semaphore,
 * as sdt.h does. (Include <sys/sdt.h> first or not at all: it does not check for us.) */
#ifndef _SYS_SDT_H
#ifdef _SDT_HAS_SEMAPHORES
#define UTAP_I_STAP(p, n, N, args) UTAP_I_WSEMA(p##_##n##_semaphore, p, n, N, args)
#else
#define UTAP_I_STAP(p, n, N, args) UTAP_I_NOSEMA(p, n, N, args)
#endif
#define STAP_PROBE(p, n) UTAP_I_STAP(p, n, 0, ())
#define STAP_PROBE1(p, n, a) UTAP_I_STAP(p, n, 1, (a))
#define STAP_PROBE2(p, n, a, b) UTAP_I_STAP(p, n, 2, (a, b))
#define STAP_PROBE3(p, n, a, b, c) UTAP_I_STAP(p, n, 3, (a, b, c))
#define STAP_PROBE4(p, n, a, b, c, d) UTAP_I_STAP(p, n, 4, (a, b, c, d))
#define STAP_PROBE5(p, n, a, b, c, d, e) UTAP_I_STAP(p, n, 5, (a, b, c, d, e))
#define STAP_PROBE6(p, n, a, b, c, d, e, f) UTAP_I_STAP(p, n, 6, (a, b, c, d, e, f))
#define STAP_PROBE7(p, n, a, b, c, d, e, f, g) UTAP_I_STAP(p, n, 7, (a, b, c, d, e, f, g))
#define STAP_PROBE8(p, n, a, b, c, d, e, f, g, h) UTAP_I_STAP(p, n, 8, (a, b, c, d, e, f, g, h))
#define STAP_PROBE9(p, n, a, b, c, d, e, f, g, h, i)                                               \
	UTAP_I_STAP(p, n, 9, (a, b, c, d, e, f, g, h, i))
#define STAP_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)                                           \
	UTAP_I_STAP(p, n, 10, (a, b, c, d, e, f, g, h, i, j))
#define STAP_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)                                        \
	UTAP_I_STAP(p, n, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define STAP_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)                                     \
	UTAP_I_STAP(p, n, 12, (a, b, c, d, e, f, g, h, i, j, k, l))
#ifdef SDT_USE_VARIADIC
#define STAP_PROBEV(...) UTAP_PROBE(__VA_ARGS__)
#endif
#define DTRACE_PROBE(p, n) STAP_PROBE(p, n)
#define DTRACE_PROBE1(p, n, a) STAP_PROBE1(p, n, a)
#define DTRACE_PROBE2(p, n, a, b) STAP_PROBE2(p, n, a, b)
#define DTRACE_PROBE3(p, n, a, b, c) STAP_PROBE3(p, n, a, b, c)
#define DTRACE_PROBE4(p, n, a, b, c, d) STAP_PROBE4(p, n, a, b, c, d)
#define DTRACE_PROBE5(p, n, a, b, c, d, e) STAP_PROBE5(p, n, a, b, c, d, e)
#define DTRACE_PROBE6(p, n, a, b, c, d, e, f) STAP_PROBE6(p, n, a, b, c, d, e, f)
#define DTRACE_PROBE7(p, n, a, b, c, d, e, f, g) STAP_PROBE7(p, n, a, b, c, d, e, f, g)
#define DTRACE_PROBE8(p, n, a, b, c, d, e, f, g, h) STAP_PROBE8(p, n, a, b, c, d, e, f, g, h)
#define DTRACE_PROBE9(p, n, a, b, c, d, e, f, g, h, i)                                             \
	STAP_PROBE9(p, n, a, b, c, d, e, f, g, h, i)
#define DTRACE_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)                                         \
	STAP_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)
#define DTRACE_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)                                      \
	STAP_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)
#define DTRACE_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)                                   \
	STAP_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)
#endif /* !_SYS_SDT_H */

#endif /* !__ASSEMBLER__ */
#endif /* UTAP_SDT_H */
