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
 *   UTAP_SEMA_ACTIVE(sema)                   nonzero while a tracer holds the semaphore
 *   STAP_PROBE*, DTRACE_PROBE*               the sdt.h names, unless <sys/sdt.h> came first
 *
 * Knobs (define before including): UTAP_SDT_ARG_CONSTRAINT (default nr; e.g. nor),
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
#define _UTAP_ADDR ".8byte"
#else
#define _UTAP_ADDR ".4byte"
#endif

/* How an argument operand is printed; i386 forces 32-bit register names (gcc PR80115). */
#if defined(__powerpc__) || defined(__powerpc64__)
#define _UTAP_ARG_TMPL(n) "%I[_utap_a" #n "]%[_utap_a" #n "]"
#elif defined(__i386__)
#define _UTAP_ARG_TMPL(n) "%k[_utap_a" #n "]"
#else
#define _UTAP_ARG_TMPL(n) "%[_utap_a" #n "]"
#endif

#define _UTAP_STR_(x) #x
#define _UTAP_STR(x) _UTAP_STR_(x)
#define _UTAP_CAT_(a, b) a##b
#define _UTAP_CAT(a, b) _UTAP_CAT_(a, b)

/* ---- argument classification --------------------------------------------------------- */

#define _UTAP_ARG_MSG                                                                            \
	"utap probe arguments must be integers, enums, bools or pointers of at most 8 bytes "   \
	"(pass floating-point values and structs through a pointer or an integer)"

#ifdef __cplusplus
/* C++ has no __builtin_choose_expr, and g++ will not fold __builtin_classify_type of a
 * global in a static_assert: size, signedness and validity come from a trait on the
 * argument's type. Signed are the signed integer types (plain char and wchar_t follow the
 * target), as in sdt.h's table; enums, bool and pointers are unsigned; arrays count as
 * pointers. No standard header is needed, so it also works inside extern "C" blocks. */
extern "C++" {
template <typename T> struct _utap_sdt_arg {
	static const int size = static_cast<int>(sizeof(T));
	static const int sign = 1;
	static const bool ok = __is_enum(T) && sizeof(T) <= 8;
};
template <typename T> struct _utap_sdt_ptr {
	static const int size = static_cast<int>(sizeof(void *));
	static const int sign = 1;
	static const bool ok = true;
};
template <typename T> struct _utap_sdt_arg<T *> : _utap_sdt_ptr<T> {};
template <typename T> struct _utap_sdt_arg<T[]> : _utap_sdt_ptr<T> {};
template <typename T, unsigned long N> struct _utap_sdt_arg<T[N]> : _utap_sdt_ptr<T> {};
template <typename T> struct _utap_sdt_arg<const T> : _utap_sdt_arg<T> {};
template <typename T> struct _utap_sdt_arg<volatile T> : _utap_sdt_arg<T> {};
template <typename T> struct _utap_sdt_arg<const volatile T> : _utap_sdt_arg<T> {};
template <typename T> struct _utap_sdt_arg<const T[]> : _utap_sdt_ptr<T> {};
template <typename T> struct _utap_sdt_arg<volatile T[]> : _utap_sdt_ptr<T> {};
template <typename T> struct _utap_sdt_arg<const volatile T[]> : _utap_sdt_ptr<T> {};
template <typename T, unsigned long N> struct _utap_sdt_arg<const T[N]> : _utap_sdt_ptr<T> {};
template <typename T, unsigned long N> struct _utap_sdt_arg<volatile T[N]> : _utap_sdt_ptr<T> {
};
template <typename T, unsigned long N>
struct _utap_sdt_arg<const volatile T[N]> : _utap_sdt_ptr<T> {};
#define _UTAP_INTEGRAL(T)                                                                        \
	template <> struct _utap_sdt_arg<T> {                                                    \
		static const int size = static_cast<int>(sizeof(T));                             \
		static const int sign = (static_cast<T>(-1) < static_cast<T>(1)) ? -1 : 1;       \
		static const bool ok = sizeof(T) <= 8;                                           \
	};
_UTAP_INTEGRAL(bool)
_UTAP_INTEGRAL(char)
_UTAP_INTEGRAL(signed char)
_UTAP_INTEGRAL(unsigned char)
_UTAP_INTEGRAL(wchar_t)
_UTAP_INTEGRAL(short)
_UTAP_INTEGRAL(unsigned short)
_UTAP_INTEGRAL(int)
_UTAP_INTEGRAL(unsigned int)
_UTAP_INTEGRAL(long)
_UTAP_INTEGRAL(unsigned long)
__extension__ _UTAP_INTEGRAL(long long)
__extension__ _UTAP_INTEGRAL(unsigned long long)
#if __cplusplus >= 201103L
_UTAP_INTEGRAL(char16_t)
_UTAP_INTEGRAL(char32_t)
#endif
#ifdef __cpp_char8_t
_UTAP_INTEGRAL(char8_t)
#endif
#undef _UTAP_INTEGRAL
}
#define _UTAP_ARG_OK(x) (_utap_sdt_arg<__typeof__(x)>::ok)
#define _UTAP_ARG_SPEC(x) (_utap_sdt_arg<__typeof__(x)>::sign * _utap_sdt_arg<__typeof__(x)>::size)
#else
/* gcc/clang type classes: 1 integer, 2 char, 3 enum, 4 bool, 5 pointer, 14 array (arrays
 * and functions usually decay to 5 already). Everything else (8 real, 9 complex, 12 record,
 * 13 union, vectors) has no faithful "N@register" encoding and is rejected. */
/* gcc/clang type classes: 1 integer, 2 char, 3 enum, 4 bool, 5 pointer, 14 array (arrays
 * and functions usually decay to 5 already). Everything else (8 real, 9 complex, 12 record,
 * 13 union, vectors) has no faithful "N@register" encoding and is rejected. */
#define _UTAP_ARG_CLASS(x) __builtin_classify_type(x)
#define _UTAP_ARG_OK(x)                                                                          \
	(((_UTAP_ARG_CLASS(x) >= 1 && _UTAP_ARG_CLASS(x) <= 5) || _UTAP_ARG_CLASS(x) == 14) &&    \
	 _UTAP_ARG_SIZE(x) <= 8)
/* Arrays and functions decay to pointers (class 5 or 14): pointer-sized, unsigned. */
#define _UTAP_ARG_SIZE(x)                                                                        \
	((_UTAP_ARG_CLASS(x) == 5 || _UTAP_ARG_CLASS(x) == 14) ? sizeof(void *)                  \
							       : sizeof(__typeof__(x)))
#define _UTAP_ARG_INTTYPE(x)                                                                     \
	__typeof__(__builtin_choose_expr(_UTAP_ARG_CLASS(x) >= 1 && _UTAP_ARG_CLASS(x) <= 4,     \
					 (x), 0U))
#define _UTAP_ARG_SPEC(x)                                                                        \
	((((_UTAP_ARG_INTTYPE(x))-1 < (_UTAP_ARG_INTTYPE(x))1) ? -1 : 1) * (int)_UTAP_ARG_SIZE(x))
#endif

/* One compile-time check per argument, with a message when the language has one. */
#if (defined(__cplusplus) && __cplusplus >= 201103L)
#define _UTAP_CHECK(n, x) static_assert(_UTAP_ARG_OK(x), _UTAP_ARG_MSG);
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define _UTAP_CHECK(n, x) _Static_assert(_UTAP_ARG_OK(x), _UTAP_ARG_MSG);
#else
#define _UTAP_CHECK(n, x)                                                                        \
	typedef char _UTAP_CAT(utap_probe_argument_must_be_integer_or_pointer_,                  \
			       n)[_UTAP_ARG_OK(x) ? 1 : -1] __attribute__((__unused__));
#endif

/* The note wants "[-]size@operand": the size is an "n" operand printed bare with %c. */
#define _UTAP_OP(n, x)                                                                           \
	[_utap_s##n] "n"(_UTAP_ARG_SPEC(x)),                                                     \
	[_utap_a##n] _UTAP_STR(UTAP_SDT_ARG_CONSTRAINT)(x)

/* ---- the asm body -------------------------------------------------------------------- */

#define _UTAP_ASM_HEAD(provider, name, sema)                                                     \
	"990:\t" UTAP_SDT_NOP "\n"                                                               \
	"\t.pushsection .note.stapsdt,\"?\",\"note\"\n"                                          \
	"\t.balign 4\n"                                                                          \
	"\t.4byte 992f-991f,994f-993f,3\n"                                                       \
	"991:\t.asciz \"stapsdt\"\n"                                                             \
	"992:\t.balign 4\n"                                                                      \
	"993:\t" _UTAP_ADDR " 990b\n"                                                            \
	"\t" _UTAP_ADDR " _.stapsdt.base\n"                                                      \
	"\t" _UTAP_ADDR " " sema "\n"                                                            \
	"\t.asciz \"" _UTAP_STR(provider) "\"\n"                                                 \
	"\t.asciz \"" _UTAP_STR(name) "\"\n"

#define _UTAP_ASM_TAIL                                                                           \
	"\t.byte 0\n"                                                                            \
	"994:\t.balign 4\n"                                                                      \
	"\t.popsection\n"                                                                        \
	".ifndef _.stapsdt.base\n"                                                               \
	"\t.pushsection .stapsdt.base,\"aG\",\"progbits\",.stapsdt.base,comdat\n"                \
	"\t.weak _.stapsdt.base\n"                                                               \
	"\t.hidden _.stapsdt.base\n"                                                             \
	"_.stapsdt.base:\n"                                                                      \
	"\t.space 1\n"                                                                           \
	"\t.size _.stapsdt.base,1\n"                                                             \
	"\t.popsection\n"                                                                        \
	".endif\n"

#define _UTAP_ASM_ARG(n) "\t.ascii \"%c[_utap_s" #n "]@" _UTAP_ARG_TMPL(n) "\"\n"
#define _UTAP_ASM_SP "\t.ascii \" \"\n"
#define _UTAP_ASM_ARGS_0
#define _UTAP_ASM_ARGS_1 _UTAP_ASM_ARG(1)
#define _UTAP_ASM_ARGS_2 _UTAP_ASM_ARGS_1 _UTAP_ASM_SP _UTAP_ASM_ARG(2)
#define _UTAP_ASM_ARGS_3 _UTAP_ASM_ARGS_2 _UTAP_ASM_SP _UTAP_ASM_ARG(3)
#define _UTAP_ASM_ARGS_4 _UTAP_ASM_ARGS_3 _UTAP_ASM_SP _UTAP_ASM_ARG(4)
#define _UTAP_ASM_ARGS_5 _UTAP_ASM_ARGS_4 _UTAP_ASM_SP _UTAP_ASM_ARG(5)
#define _UTAP_ASM_ARGS_6 _UTAP_ASM_ARGS_5 _UTAP_ASM_SP _UTAP_ASM_ARG(6)
#define _UTAP_ASM_ARGS_7 _UTAP_ASM_ARGS_6 _UTAP_ASM_SP _UTAP_ASM_ARG(7)
#define _UTAP_ASM_ARGS_8 _UTAP_ASM_ARGS_7 _UTAP_ASM_SP _UTAP_ASM_ARG(8)
#define _UTAP_ASM_ARGS_9 _UTAP_ASM_ARGS_8 _UTAP_ASM_SP _UTAP_ASM_ARG(9)
#define _UTAP_ASM_ARGS_10 _UTAP_ASM_ARGS_9 _UTAP_ASM_SP _UTAP_ASM_ARG(10)
#define _UTAP_ASM_ARGS_11 _UTAP_ASM_ARGS_10 _UTAP_ASM_SP _UTAP_ASM_ARG(11)
#define _UTAP_ASM_ARGS_12 _UTAP_ASM_ARGS_11 _UTAP_ASM_SP _UTAP_ASM_ARG(12)

/* Per-arity argument lists: checks and operands. */
#define _UTAP_CK_0()
#define _UTAP_CK_1(a) _UTAP_CHECK(1, a)
#define _UTAP_CK_2(a, b) _UTAP_CK_1(a) _UTAP_CHECK(2, b)
#define _UTAP_CK_3(a, b, c) _UTAP_CK_2(a, b) _UTAP_CHECK(3, c)
#define _UTAP_CK_4(a, b, c, d) _UTAP_CK_3(a, b, c) _UTAP_CHECK(4, d)
#define _UTAP_CK_5(a, b, c, d, e) _UTAP_CK_4(a, b, c, d) _UTAP_CHECK(5, e)
#define _UTAP_CK_6(a, b, c, d, e, f) _UTAP_CK_5(a, b, c, d, e) _UTAP_CHECK(6, f)
#define _UTAP_CK_7(a, b, c, d, e, f, g) _UTAP_CK_6(a, b, c, d, e, f) _UTAP_CHECK(7, g)
#define _UTAP_CK_8(a, b, c, d, e, f, g, h) _UTAP_CK_7(a, b, c, d, e, f, g) _UTAP_CHECK(8, h)
#define _UTAP_CK_9(a, b, c, d, e, f, g, h, i)                                                    \
	_UTAP_CK_8(a, b, c, d, e, f, g, h) _UTAP_CHECK(9, i)
#define _UTAP_CK_10(a, b, c, d, e, f, g, h, i, j)                                                \
	_UTAP_CK_9(a, b, c, d, e, f, g, h, i) _UTAP_CHECK(10, j)
#define _UTAP_CK_11(a, b, c, d, e, f, g, h, i, j, k)                                             \
	_UTAP_CK_10(a, b, c, d, e, f, g, h, i, j) _UTAP_CHECK(11, k)
#define _UTAP_CK_12(a, b, c, d, e, f, g, h, i, j, k, l)                                          \
	_UTAP_CK_11(a, b, c, d, e, f, g, h, i, j, k) _UTAP_CHECK(12, l)

#define _UTAP_OPS_0()
#define _UTAP_OPS_1(a) _UTAP_OP(1, a)
#define _UTAP_OPS_2(a, b) _UTAP_OPS_1(a), _UTAP_OP(2, b)
#define _UTAP_OPS_3(a, b, c) _UTAP_OPS_2(a, b), _UTAP_OP(3, c)
#define _UTAP_OPS_4(a, b, c, d) _UTAP_OPS_3(a, b, c), _UTAP_OP(4, d)
#define _UTAP_OPS_5(a, b, c, d, e) _UTAP_OPS_4(a, b, c, d), _UTAP_OP(5, e)
#define _UTAP_OPS_6(a, b, c, d, e, f) _UTAP_OPS_5(a, b, c, d, e), _UTAP_OP(6, f)
#define _UTAP_OPS_7(a, b, c, d, e, f, g) _UTAP_OPS_6(a, b, c, d, e, f), _UTAP_OP(7, g)
#define _UTAP_OPS_8(a, b, c, d, e, f, g, h) _UTAP_OPS_7(a, b, c, d, e, f, g), _UTAP_OP(8, h)
#define _UTAP_OPS_9(a, b, c, d, e, f, g, h, i)                                                   \
	_UTAP_OPS_8(a, b, c, d, e, f, g, h), _UTAP_OP(9, i)
#define _UTAP_OPS_10(a, b, c, d, e, f, g, h, i, j)                                               \
	_UTAP_OPS_9(a, b, c, d, e, f, g, h, i), _UTAP_OP(10, j)
#define _UTAP_OPS_11(a, b, c, d, e, f, g, h, i, j, k)                                            \
	_UTAP_OPS_10(a, b, c, d, e, f, g, h, i, j), _UTAP_OP(11, k)
#define _UTAP_OPS_12(a, b, c, d, e, f, g, h, i, j, k, l)                                         \
	_UTAP_OPS_11(a, b, c, d, e, f, g, h, i, j, k), _UTAP_OP(12, l)

/* One probe site. sema_use keeps the semaphore referenced (an empty asm with an "m"
 * operand, as sdt.h does: the note names it only inside the asm text); sema_str is the
 * symbol written into the note, or "0". */
#define _UTAP_SITE(sema_use, sema_str, provider, name, n, args)                                  \
	do {                                                                                     \
		_UTAP_CK_##n args sema_use __asm__ __volatile__(                                 \
			_UTAP_ASM_HEAD(provider, name, sema_str)                                 \
				_UTAP_ASM_ARGS_##n _UTAP_ASM_TAIL                                \
			:                                                                        \
			: _UTAP_OPS_##n args);                                                   \
	} while (0)

#define _UTAP_NOSEMA(provider, name, n, args) _UTAP_SITE(, "0", provider, name, n, args)
#define _UTAP_WSEMA(sema, provider, name, n, args)                                               \
	_UTAP_SITE(__asm__ __volatile__("" : : "m"(sema));, _UTAP_STR(sema), provider, name, n,  \
		   args)

/* ---- argument counting ------------------------------------------------------------- */

/* Counts the probe arguments after provider and name (and the semaphore, for the _SEMA
 * forms). The leading (provider, name) keeps the variadic part non-empty, as ISO C before
 * C23 requires; 13 or more arguments select a macro whose name says what went wrong. */
#define _UTAP_NTH(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, _17,   \
		  _18, N, ...)                                                                   \
	N
#define _UTAP_NARG(...)                                                                          \
	_UTAP_NTH(__VA_ARGS__, _utap_more_than_12_args, _utap_more_than_12_args,                 \
		  _utap_more_than_12_args, _utap_more_than_12_args, 12, 11, 10, 9, 8, 7, 6, 5, 4,  \
		  3, 2, 1, 0, ~)
#define _UTAP_PROBE_N_(N, ...) _UTAP_CAT(_UTAP_PROBE_N_, N)(__VA_ARGS__)
#define _UTAP_PROBE_N_0(p, nm, ...) _UTAP_NOSEMA(p, nm, 0, ())
#define _UTAP_PROBE_N_1(p, nm, a, ...) _UTAP_NOSEMA(p, nm, 1, (a))
#define _UTAP_PROBE_N_2(p, nm, a, b, ...) _UTAP_NOSEMA(p, nm, 2, (a, b))
#define _UTAP_PROBE_N_3(p, nm, a, b, c, ...) _UTAP_NOSEMA(p, nm, 3, (a, b, c))
#define _UTAP_PROBE_N_4(p, nm, a, b, c, d, ...) _UTAP_NOSEMA(p, nm, 4, (a, b, c, d))
#define _UTAP_PROBE_N_5(p, nm, a, b, c, d, e, ...) _UTAP_NOSEMA(p, nm, 5, (a, b, c, d, e))
#define _UTAP_PROBE_N_6(p, nm, a, b, c, d, e, f, ...) _UTAP_NOSEMA(p, nm, 6, (a, b, c, d, e, f))
#define _UTAP_PROBE_N_7(p, nm, a, b, c, d, e, f, g, ...) _UTAP_NOSEMA(p, nm, 7, (a, b, c, d, e, f, g))
#define _UTAP_PROBE_N_8(p, nm, a, b, c, d, e, f, g, h, ...) _UTAP_NOSEMA(p, nm, 8, (a, b, c, d, e, f, g, h))
#define _UTAP_PROBE_N_9(p, nm, a, b, c, d, e, f, g, h, i, ...) _UTAP_NOSEMA(p, nm, 9, (a, b, c, d, e, f, g, h, i))
#define _UTAP_PROBE_N_10(p, nm, a, b, c, d, e, f, g, h, i, j, ...) _UTAP_NOSEMA(p, nm, 10, (a, b, c, d, e, f, g, h, i, j))
#define _UTAP_PROBE_N_11(p, nm, a, b, c, d, e, f, g, h, i, j, k, ...) _UTAP_NOSEMA(p, nm, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define _UTAP_PROBE_N_12(p, nm, a, b, c, d, e, f, g, h, i, j, k, l, ...) _UTAP_NOSEMA(p, nm, 12, (a, b, c, d, e, f, g, h, i, j, k, l))

#define _UTAP_SEMA_N_(N, ...) _UTAP_CAT(_UTAP_SEMA_N_, N)(__VA_ARGS__)
#define _UTAP_SEMA_N_0(s, p, nm, ...) _UTAP_WSEMA(s, p, nm, 0, ())
#define _UTAP_SEMA_N_1(s, p, nm, a, ...) _UTAP_WSEMA(s, p, nm, 1, (a))
#define _UTAP_SEMA_N_2(s, p, nm, a, b, ...) _UTAP_WSEMA(s, p, nm, 2, (a, b))
#define _UTAP_SEMA_N_3(s, p, nm, a, b, c, ...) _UTAP_WSEMA(s, p, nm, 3, (a, b, c))
#define _UTAP_SEMA_N_4(s, p, nm, a, b, c, d, ...) _UTAP_WSEMA(s, p, nm, 4, (a, b, c, d))
#define _UTAP_SEMA_N_5(s, p, nm, a, b, c, d, e, ...) _UTAP_WSEMA(s, p, nm, 5, (a, b, c, d, e))
#define _UTAP_SEMA_N_6(s, p, nm, a, b, c, d, e, f, ...) _UTAP_WSEMA(s, p, nm, 6, (a, b, c, d, e, f))
#define _UTAP_SEMA_N_7(s, p, nm, a, b, c, d, e, f, g, ...) _UTAP_WSEMA(s, p, nm, 7, (a, b, c, d, e, f, g))
#define _UTAP_SEMA_N_8(s, p, nm, a, b, c, d, e, f, g, h, ...) _UTAP_WSEMA(s, p, nm, 8, (a, b, c, d, e, f, g, h))
#define _UTAP_SEMA_N_9(s, p, nm, a, b, c, d, e, f, g, h, i, ...) _UTAP_WSEMA(s, p, nm, 9, (a, b, c, d, e, f, g, h, i))
#define _UTAP_SEMA_N_10(s, p, nm, a, b, c, d, e, f, g, h, i, j, ...) _UTAP_WSEMA(s, p, nm, 10, (a, b, c, d, e, f, g, h, i, j))
#define _UTAP_SEMA_N_11(s, p, nm, a, b, c, d, e, f, g, h, i, j, k, ...) _UTAP_WSEMA(s, p, nm, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define _UTAP_SEMA_N_12(s, p, nm, a, b, c, d, e, f, g, h, i, j, k, l, ...) _UTAP_WSEMA(s, p, nm, 12, (a, b, c, d, e, f, g, h, i, j, k, l))

/* 13 or more arguments land here. */
#define _UTAP_TOO_MANY(...)                                                                      \
	do {                                                                                     \
		_UTAP_CHECK(0, utap_probes_take_at_most_12_arguments)                            \
	} while (0)
#define _UTAP_PROBE_N__utap_more_than_12_args _UTAP_TOO_MANY
#define _UTAP_SEMA_N__utap_more_than_12_args _UTAP_TOO_MANY

/* Emptiness test for a variadic argument list (Jens Gustedt's construction): 1 when
 * __VA_ARGS__ is empty, else 0. Lets `PROV_P()` call a probe declared `probe p(...)`. */
#define _UTAP_HC_(_0, _1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, _16, N,  \
		  ...)                                                                           \
	N
#define _UTAP_HAS_COMMA(...) _UTAP_HC_(__VA_ARGS__, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,  \
				       1, 0, ~)
#define _UTAP_PAREN_COMMA(...) ,
#define _UTAP_PASTE5(a, b, c, d, e) a##b##c##d##e
#define _UTAP_EMPTY_CASE_0001 ,
#define _UTAP_ISEMPTY_(a, b, c, d)                                                               \
	_UTAP_HAS_COMMA(_UTAP_PASTE5(_UTAP_EMPTY_CASE_, a, b, c, d))
#define _UTAP_ISEMPTY(...)                                                                       \
	_UTAP_ISEMPTY_(_UTAP_HAS_COMMA(__VA_ARGS__), _UTAP_HAS_COMMA(_UTAP_PAREN_COMMA __VA_ARGS__), \
		       _UTAP_HAS_COMMA(__VA_ARGS__()),                                           \
		       _UTAP_HAS_COMMA(_UTAP_PAREN_COMMA __VA_ARGS__()))

/* ---- public macros ------------------------------------------------------------------- */

/* UTAP_PROBE(provider, name, args...): the argument count picks the arity. The trailing
 * "~" gives the helpers a non-empty variadic part even for zero probe arguments. */
#define UTAP_PROBE(...) _UTAP_PROBE_N_(_UTAP_NARG(__VA_ARGS__), __VA_ARGS__, ~)
/* UTAP_PROBE_SEMA(sema, provider, name, args...): same, recording the address of the
 * unsigned short semaphore `sema` (a plain identifier) in the note. */
#define UTAP_PROBE_SEMA(sema, ...)                                                               \
	_UTAP_SEMA_N_(_UTAP_NARG(__VA_ARGS__), sema, __VA_ARGS__, ~)

/* UTAP_PROBE_SEMA_VA(sema, provider, name, args...): as UTAP_PROBE_SEMA, but the probe
 * argument list may be empty even before C23/C++20 (for `probe p(...)` declarations). */
#define UTAP_PROBE_SEMA_VA(sema, provider, name, ...)                                           \
	_UTAP_CAT(_UTAP_SEMA_VA_, _UTAP_ISEMPTY(__VA_ARGS__))(sema, provider, name, __VA_ARGS__)
#define _UTAP_SEMA_VA_1(s, p, nm, ...) _UTAP_WSEMA(s, p, nm, 0, ())
#define _UTAP_SEMA_VA_0(s, p, nm, ...) UTAP_PROBE_SEMA(s, p, nm, __VA_ARGS__)

/* UTAP_ARGS_UNUSED(args...): "(void)(arg);" for each of 0..12 arguments, for probes-off
 * headers: the arguments are type-checked where it is used inside `if (0)`. */
#define UTAP_ARGS_UNUSED(...)                                                                    \
	_UTAP_CAT(_UTAP_UNUSED_, _UTAP_ISEMPTY(__VA_ARGS__))(__VA_ARGS__)
#define _UTAP_UNUSED_1(...)
#define _UTAP_UNUSED_0(...) _UTAP_UNUSED_N_(_UTAP_NARG(_, _, __VA_ARGS__), __VA_ARGS__, ~)
#define _UTAP_UNUSED_N_(N, ...) _UTAP_CAT(_UTAP_UNUSED_N_, N)(__VA_ARGS__)
#define _UTAP_UNUSED_N_1(a, ...) (void)(a);
#define _UTAP_UNUSED_N_2(a, b, ...) (void)(a); (void)(b);
#define _UTAP_UNUSED_N_3(a, b, c, ...) (void)(a); (void)(b); (void)(c);
#define _UTAP_UNUSED_N_4(a, b, c, d, ...) (void)(a); (void)(b); (void)(c); (void)(d);
#define _UTAP_UNUSED_N_5(a, b, c, d, e, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e);
#define _UTAP_UNUSED_N_6(a, b, c, d, e, f, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e); (void)(f);
#define _UTAP_UNUSED_N_7(a, b, c, d, e, f, g, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e); (void)(f); (void)(g);
#define _UTAP_UNUSED_N_8(a, b, c, d, e, f, g, h, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e); (void)(f); (void)(g); (void)(h);
#define _UTAP_UNUSED_N_9(a, b, c, d, e, f, g, h, i, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e); (void)(f); (void)(g); (void)(h); (void)(i);
#define _UTAP_UNUSED_N_10(a, b, c, d, e, f, g, h, i, j, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e); (void)(f); (void)(g); (void)(h); (void)(i); (void)(j);
#define _UTAP_UNUSED_N_11(a, b, c, d, e, f, g, h, i, j, k, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e); (void)(f); (void)(g); (void)(h); (void)(i); (void)(j); (void)(k);
#define _UTAP_UNUSED_N_12(a, b, c, d, e, f, g, h, i, j, k, l, ...) (void)(a); (void)(b); (void)(c); (void)(d); (void)(e); (void)(f); (void)(g); (void)(h); (void)(i); (void)(j); (void)(k); (void)(l);
#define _UTAP_UNUSED_N__utap_more_than_12_args _UTAP_TOO_MANY

/* Attributes of a semaphore declaration in a generated header: in .probes, and hidden
 * (each executable or library has its own) unless STAP_SDT_V1/V2 asks for sdt.h's old
 * global semaphores. */
#if defined(STAP_SDT_V1) || defined(STAP_SDT_V2)
#define UTAP_SEMA_ATTRS __attribute__((__unused__, __section__(".probes")))
#else
#define UTAP_SEMA_ATTRS                                                                          \
	__attribute__((__unused__, __section__(".probes"), __visibility__("hidden")))
#endif

#define UTAP_PROBE0(p, n) _UTAP_NOSEMA(p, n, 0, ())
#define UTAP_PROBE1(p, n, a) _UTAP_NOSEMA(p, n, 1, (a))
#define UTAP_PROBE2(p, n, a, b) _UTAP_NOSEMA(p, n, 2, (a, b))
#define UTAP_PROBE3(p, n, a, b, c) _UTAP_NOSEMA(p, n, 3, (a, b, c))
#define UTAP_PROBE4(p, n, a, b, c, d) _UTAP_NOSEMA(p, n, 4, (a, b, c, d))
#define UTAP_PROBE5(p, n, a, b, c, d, e) _UTAP_NOSEMA(p, n, 5, (a, b, c, d, e))
#define UTAP_PROBE6(p, n, a, b, c, d, e, f) _UTAP_NOSEMA(p, n, 6, (a, b, c, d, e, f))
#define UTAP_PROBE7(p, n, a, b, c, d, e, f, g) _UTAP_NOSEMA(p, n, 7, (a, b, c, d, e, f, g))
#define UTAP_PROBE8(p, n, a, b, c, d, e, f, g, h)                                                \
	_UTAP_NOSEMA(p, n, 8, (a, b, c, d, e, f, g, h))
#define UTAP_PROBE9(p, n, a, b, c, d, e, f, g, h, i)                                             \
	_UTAP_NOSEMA(p, n, 9, (a, b, c, d, e, f, g, h, i))
#define UTAP_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)                                         \
	_UTAP_NOSEMA(p, n, 10, (a, b, c, d, e, f, g, h, i, j))
#define UTAP_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)                                      \
	_UTAP_NOSEMA(p, n, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define UTAP_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)                                   \
	_UTAP_NOSEMA(p, n, 12, (a, b, c, d, e, f, g, h, i, j, k, l))

/* Is a tracer attached? Tracers increment the u16 semaphore, so any nonzero value means
 * yes. The read must not be hoisted out of loops (gcc does that to sdt.h's plain read), so
 * it is a volatile access: on x86 one `cmpw $0,sema` whose flags feed the branch directly
 * (what sdt.h's non-volatile read compiles to), elsewhere a volatile load. */
#if defined(__GCC_ASM_FLAG_OUTPUTS__) && (defined(__x86_64__) || defined(__i386__)) &&          \
	!defined(UTAP_SDT_SEMA_PLAIN)
#ifdef __cplusplus
#define _UTAP_SEMA_LINKAGE inline
#else
#define _UTAP_SEMA_LINKAGE static __inline__
#endif
_UTAP_SEMA_LINKAGE __attribute__((__always_inline__, __unused__)) int
_utap_sema_active(const unsigned short *sema)
{
	int on;
	__asm__ __volatile__("cmpw $0,%1" : "=@ccne"(on) : "m"(*sema));
	return on;
}
#undef _UTAP_SEMA_LINKAGE
#define UTAP_SEMA_ACTIVE(sema) _utap_sema_active(&(sema))
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
#define _UTAP_STAP(p, n, N, args) _UTAP_WSEMA(p##_##n##_semaphore, p, n, N, args)
#else
#define _UTAP_STAP(p, n, N, args) _UTAP_NOSEMA(p, n, N, args)
#endif
#define STAP_PROBE(p, n) _UTAP_STAP(p, n, 0, ())
#define STAP_PROBE1(p, n, a) _UTAP_STAP(p, n, 1, (a))
#define STAP_PROBE2(p, n, a, b) _UTAP_STAP(p, n, 2, (a, b))
#define STAP_PROBE3(p, n, a, b, c) _UTAP_STAP(p, n, 3, (a, b, c))
#define STAP_PROBE4(p, n, a, b, c, d) _UTAP_STAP(p, n, 4, (a, b, c, d))
#define STAP_PROBE5(p, n, a, b, c, d, e) _UTAP_STAP(p, n, 5, (a, b, c, d, e))
#define STAP_PROBE6(p, n, a, b, c, d, e, f) _UTAP_STAP(p, n, 6, (a, b, c, d, e, f))
#define STAP_PROBE7(p, n, a, b, c, d, e, f, g) _UTAP_STAP(p, n, 7, (a, b, c, d, e, f, g))
#define STAP_PROBE8(p, n, a, b, c, d, e, f, g, h) _UTAP_STAP(p, n, 8, (a, b, c, d, e, f, g, h))
#define STAP_PROBE9(p, n, a, b, c, d, e, f, g, h, i)                                             \
	_UTAP_STAP(p, n, 9, (a, b, c, d, e, f, g, h, i))
#define STAP_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)                                         \
	_UTAP_STAP(p, n, 10, (a, b, c, d, e, f, g, h, i, j))
#define STAP_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)                                      \
	_UTAP_STAP(p, n, 11, (a, b, c, d, e, f, g, h, i, j, k))
#define STAP_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)                                   \
	_UTAP_STAP(p, n, 12, (a, b, c, d, e, f, g, h, i, j, k, l))
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
#define DTRACE_PROBE9(p, n, a, b, c, d, e, f, g, h, i)                                           \
	STAP_PROBE9(p, n, a, b, c, d, e, f, g, h, i)
#define DTRACE_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)                                       \
	STAP_PROBE10(p, n, a, b, c, d, e, f, g, h, i, j)
#define DTRACE_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)                                    \
	STAP_PROBE11(p, n, a, b, c, d, e, f, g, h, i, j, k)
#define DTRACE_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)                                 \
	STAP_PROBE12(p, n, a, b, c, d, e, f, g, h, i, j, k, l)
#endif /* !_SYS_SDT_H */

#endif /* !__ASSEMBLER__ */
#endif /* UTAP_SDT_H */
