// SPDX-License-Identifier: MIT
/* Unit tests for target/arch.h: decoding of every SDT operand form (a corpus of real
 * strings plus hand-picked edge cases), per-argument failure, argument splitting, and
 * evaluation against a fake register file and a patterned fake memory. */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>

#include "check.h"
#include "elf/elf.h"
#include "elfgen.h"
#include "sdt_arg_corpus.h"
#include "target/arch.h"

static const struct eg_sym fake_syms[] = {
	{"g_int", 0x4010, 4, STT_OBJECT, STB_GLOBAL, EG_SEC_DATA},
	{"g_longs", 0x4020, 32, STT_OBJECT, STB_GLOBAL, EG_SEC_DATA},
	{"s_arr", 0x4080, 64, STT_OBJECT, STB_LOCAL, EG_SEC_DATA},
	{"CheckpointStats", 0x5000, 64, STT_OBJECT, STB_GLOBAL, EG_SEC_DATA},
	{"NBuffers", 0x5100, 4, STT_OBJECT, STB_GLOBAL, EG_SEC_DATA},
	{"g32", 0x804b000, 4, STT_OBJECT, STB_GLOBAL, EG_SEC_DATA},
	{"t_local", 8, 4, STT_TLS, STB_GLOBAL, EG_SEC_TLS},
	{"undef_sym", 0, 0, STT_OBJECT, STB_GLOBAL, EG_SEC_UNDEF},
	{"counter.0", 0x4100, 4, STT_OBJECT, STB_LOCAL, EG_SEC_DATA},
};

static struct elf_file *fake_elf(void)
{
	struct eg_spec sp = {
		.is64 = 1, .type = ET_DYN, .machine = EM_X86_64, .syms = fake_syms,
		.nsyms = (int)(sizeof(fake_syms) / sizeof(fake_syms[0])), .tls_memsz = 12,
		.tls_align = 8,
	};
	size_t len;
	unsigned char *img = eg_build(&sp, &len);
	struct elf_file *ef = NULL;
	char err[256];
	int rc = elf_file_open_mem(img, len, "fake", &ef, err, sizeof(err));
	free(img);
	CHECK_EQ_INT(rc, 0);
	return ef;
}

static void test_corpus(const struct elf_file *ef)
{
	size_t n = sizeof(sdt_arg_corpus) / sizeof(sdt_arg_corpus[0]);
	CHECK(n > 250);
	for (size_t i = 0; i < n; i++) {
		const struct corpus_row *r = &sdt_arg_corpus[i];
		int machine = strcmp(r->origin, "sdt32") == 0 ? EM_386 : EM_X86_64;
		struct sdt_arg a;
		int rc = arch_parse_arg(machine, r->spec, strlen(r->spec), ef, &a);
		char buf[256];
		arch_format_arg(machine, &a, buf, sizeof(buf));
		if (rc != 0 || strcmp(buf, r->decoded) != 0)
			fprintf(stderr, "corpus %s '%s': got '%s'\n", r->origin, r->spec, buf);
		CHECK_EQ_INT(rc, 0);
		CHECK_EQ_STR(buf, r->decoded);
	}
}

struct dec_case {
	int machine;
	const char *spec, *decoded;
	int rc;
};

/* Hand-picked forms from usdt.md §2.1/§2.2 and their failure modes. */
static const struct dec_case dec_cases[] = {
	{EM_X86_64, "-4@%edi", "reg s4 rdi.4", 0},
	{EM_X86_64, "-1@%r12b", "reg s1 r12.1", 0},
	{EM_X86_64, "2@%bp", "reg u2 rbp.2", 0},
	{EM_X86_64, "8@%r13", "reg u8 r13.8", 0},
	{EM_X86_64, "1@%sil", "reg u1 rsi.1", 0},
	{EM_X86_64, "1@%dil", "reg u1 rdi.1", 0},
	{EM_X86_64, "1@%bpl", "reg u1 rbp.1", 0},
	{EM_X86_64, "1@%spl", "reg u1 rsp.1", 0},
	{EM_X86_64, "1@%ah", "reg u1 rax.h", 0},
	{EM_X86_64, "-1@%bh", "reg s1 rbx.h", 0},
	{EM_X86_64, "1@%ch", "reg u1 rcx.h", 0},
	{EM_X86_64, "1@%dh", "reg u1 rdx.h", 0},
	{EM_X86_64, "-2@%r8w", "reg s2 r8.2", 0},
	{EM_X86_64, "-4@%r9d", "reg s4 r9.4", 0},
	{EM_X86_64, "-1@%r15b", "reg s1 r15.1", 0},
	{EM_X86_64, "1@%r11l", "reg u1 r11.1", 0},
	{EM_X86_64, "8@%rip", "reg u8 rip.8", 0},
	{EM_X86_64, "-4@-4(%rbp)", "mem s4 [rbp-4]", 0},
	{EM_X86_64, "-8@-16(%rbp)", "mem s8 [rbp-16]", 0},
	{EM_X86_64, "-4@-12(%rsp)", "mem s4 [rsp-12]", 0},
	{EM_X86_64, "-8@g_int(%rip)", "mem s8 [0x4010*]", 0},
	{EM_X86_64, "-8@8+g_longs(%rip)", "mem s8 [0x4028*]", 0},
	{EM_X86_64, "-8@g_longs+8(%rip)", "mem s8 [0x4028*]", 0},
	{EM_X86_64, "-8@g_longs-8(%rip)", "mem s8 [0x4018*]", 0},
	{EM_X86_64, "-4@counter.0(%rip)", "mem s4 [0x4100*]", 0},
	{EM_X86_64, "-4@s_arr(,%rdi,4)", "mem s4 [rdi*4+0x4080*]", 0},
	{EM_X86_64, "-4@(%rax,%r12,4)", "mem s4 [rax+r12*4]", 0},
	{EM_X86_64, "-4@8(%rax,%r12,2)", "mem s4 [rax+r12*2+8]", 0},
	{EM_X86_64, "-4@(%rax,%rdx)", "mem s4 [rax+rdx*1]", 0},
	{EM_X86_64, "-4@(,%rdx,8)", "mem s4 [rdx*8]", 0},
	{EM_X86_64, "-4@g_longs(%rbx)", "mem s4 [rbx+0x4020*]", 0},
	{EM_X86_64, "-4@g_int", "mem s4 [0x4010*]", 0},
	{EM_X86_64, "-4@g_int+4", "mem s4 [0x4014*]", 0},
	{EM_X86_64, "-4@4096", "mem s4 [4096]", 0},
	{EM_X86_64, "-4@0x10(%rax)", "mem s4 [rax+16]", 0},
	{EM_X86_64, "-4@%fs:t_local@tpoff", "mem s4 fs:[-8]", 0},
	{EM_X86_64, "-4@%fs:t_local@tpoff+4", "mem s4 fs:[-4]", 0},
	{EM_X86_64, "-4@%fs:(%rax)", "mem s4 fs:[rax]", 0},
	{EM_X86_64, "-8@%fs:40", "mem s8 fs:[40]", 0},
	{EM_X86_64, "-8@%fs:0", "mem s8 fs:[0]", 0},
	{EM_X86_64, "-8@%gs:16", "mem s8 gs:[16]", 0},
	{EM_X86_64, "4@16(%rip)", "mem u4 [pc+1+16]", 0},
	{EM_X86_64, "-4@$5", "const s4 5", 0},
	{EM_X86_64, "-4@$-1", "const s4 -1", 0},
	{EM_X86_64, "-8@$140737488355327", "const s8 140737488355327", 0},
	{EM_X86_64, "1@$-56", "const u1 200", 0},
	{EM_X86_64, "2@$-1", "const u2 65535", 0},
	{EM_X86_64, "4@$-294967296", "const u4 4000000000", 0},
	{EM_X86_64, "-8@$0", "const s8 0", 0},
	{EM_X86_64, "-1@$200", "const s1 -56", 0},
	{EM_X86_64, "8@$-9223372036854775808", "const u8 -9223372036854775808", 0},
	{EM_X86_64, "8@$g_int", "const u8 0x4010*", 0},
	{EM_X86_64, "8f@%rax", "reg u8f rax.8", 0},
	{EM_X86_64, "4f@%ecx", "reg u4f rcx.4", 0},
	{EM_X86_64, "4f@-20(%rbp)", "mem u4f [rbp-20]", 0},
	{EM_X86_64, "16f@%rsi", "reg u8f rsi.8", 0},
	{EM_X86_64, "16@(%rsp)", "mem u8 [rsp]", 0},
	{EM_X86_64, "%rdi", "reg u8 rdi.8", 0},
	{EM_X86_64, "8(%rsp)", "mem u8 [rsp+8]", 0},
	{EM_X86_64, "$42", "const u8 42", 0},
	{EM_386, "-4@4(%esp)", "mem s4 [rsp+4]32", 0},
	{EM_386, "4@8(%esp)", "mem u4 [rsp+8]32", 0},
	/* failures: reported per argument */
	{EM_X86_64, "16f@.LCPI0_1(%rip)", "bad: symbol '.LCPI0_1' not found", -ENOENT},
	{EM_X86_64, "-4@undef_sym(%rip)", "bad: symbol 'undef_sym' not found", -ENOENT},
	{EM_X86_64, "-4@%xyz", "bad: unrecognized register '%xyz'", -EINVAL},
	{EM_X86_64, "-4@8(%xmm0)", "bad: unrecognized register '%xmm0'", -EINVAL},
	{EM_X86_64, "3@%eax", "bad: unsupported argument size 3", -EINVAL},
	{EM_X86_64, "12@(%rsp)", "bad: unsupported argument size 12", -EINVAL},
	{EM_X86_64, "-4@(%rax,%rdx,3)", "bad: bad scale in '(%rax,%rdx,3)'", -EINVAL},
	{EM_X86_64, "-4@(%rax,%rsp,2)", "bad: bad index register '%rsp'", -EINVAL},
	{EM_X86_64, "-4@(%al)", "bad: bad base register '%al'", -EINVAL},
	{EM_X86_64, "-4@(%rax", "bad: unrecognized operand '(%rax'", -EINVAL},
	{EM_X86_64, "-4@%eax)", "bad: unrecognized operand '%eax)'", -EINVAL},
	{EM_X86_64, "-4@", "bad: empty operand", -EINVAL},
	{EM_X86_64, "-4@g_int@GOTPCREL(%rip)", "bad: unsupported relocation '@GOTPCREL'",
	 -EINVAL},
	{EM_X86_64, "-4@%fs:g_int", "bad: segment-relative symbol without @tpoff", -EINVAL},
	{EM_X86_64, "-4@g_int+s_arr", "bad: unsupported symbol expression 'g_int+s_arr'",
	 -EINVAL},
	{EM_X86_64, "-4@$", "bad: unrecognized operand '$'", -EINVAL},
	{EM_X86_64, "-4@%eax%ebx", "bad: unrecognized operand '%eax%ebx'", -EINVAL},
	{EM_PPC64, "-4@%r3", "bad: unsupported machine 21", -EINVAL},
	/* aarch64 (gcc's syntax, from bcc #3649 and libbpf) */
	{EM_AARCH64, "8@x25", "reg u8 x25.8", 0},
	{EM_AARCH64, "-4@w1", "reg s4 x1.4", 0},
	{EM_AARCH64, "8@sp", "reg u8 sp.8", 0},
	{EM_AARCH64, "-4@[x22]", "mem s4 [x22]", 0},
	{EM_AARCH64, "2@[x22, 20]", "mem u2 [x22+20]", 0},
	{EM_AARCH64, "-4@[sp, 128]", "mem s4 [sp+128]", 0},
	{EM_AARCH64, "-8@[x29, #-8]", "mem s8 [x29-8]", 0},
	{EM_AARCH64, "-4@[x1, x2]", "mem s4 [x1+x2*1]", 0},
	{EM_AARCH64, "4@5", "const u4 5", 0},
	{EM_AARCH64, "-4@-1", "const s4 -1", 0},
	{EM_AARCH64, "-4@x31", "bad: unrecognized operand 'x31'", -EINVAL},
	{EM_AARCH64, "-4@[x1, 8", "bad: unrecognized operand '[x1, 8'", -EINVAL},
};

static void test_decode(const struct elf_file *ef)
{
	for (size_t i = 0; i < sizeof(dec_cases) / sizeof(dec_cases[0]); i++) {
		const struct dec_case *c = &dec_cases[i];
		struct sdt_arg a;
		int rc = arch_parse_arg(c->machine, c->spec, strlen(c->spec), ef, &a);
		char buf[256];
		arch_format_arg(c->machine, &a, buf, sizeof(buf));
		if (rc != c->rc || strcmp(buf, c->decoded) != 0)
			fprintf(stderr, "decode '%s': rc %d got '%s'\n", c->spec, rc, buf);
		CHECK_EQ_INT(rc, c->rc);
		CHECK_EQ_STR(buf, c->decoded);
		CHECK_EQ_INT(a.kind == SDT_ARG_BAD, c->rc != 0);
	}
	/* without an ELF file, symbols cannot be resolved, everything else can */
	struct sdt_arg a;
	CHECK_EQ_INT(arch_parse_arg(EM_X86_64, "-4@g_int(%rip)", 14, NULL, &a), -ENOENT);
	CHECK_EQ_INT(arch_parse_arg(EM_X86_64, "-4@-4(%rbp)", 11, NULL, &a), 0);
	/* the length bounds the spec: no read past it */
	CHECK_EQ_INT(arch_parse_arg(EM_X86_64, "-4@%ediXYZ", 7, NULL, &a), 0);
	CHECK_EQ_INT(a.base, ARCH_X86_RDI);
}

static void test_split(const struct elf_file *ef)
{
	struct sdt_arg a[SDT_MAX_ARGS];
	int n = arch_parse_args(EM_X86_64, "-4@%edi -4@.LCPI0_1(%rip) -8@%rsi", ef, a, 8);
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_INT(a[0].kind, SDT_ARG_REG);
	CHECK_EQ_INT(a[1].kind, SDT_ARG_BAD);
	CHECK_EQ_INT(a[2].kind, SDT_ARG_REG);
	CHECK_EQ_INT(a[2].base, ARCH_X86_RSI);
	CHECK_EQ_INT(arch_parse_args(EM_X86_64, "", ef, a, 8), 0);
	CHECK_EQ_INT(arch_parse_args(EM_X86_64, "%rdi 8(%rsp)", ef, a, 8), 2);
	CHECK_EQ_INT(a[1].kind, SDT_ARG_MEM);
	CHECK_EQ_INT(arch_parse_args(EM_X86_64, "  -4@%edi   -8@%rsi ", ef, a, 8), 2);
	CHECK_EQ_INT(a[1].base, ARCH_X86_RSI);
	/* more arguments than room: counted, only max filled */
	CHECK_EQ_INT(arch_parse_args(EM_X86_64, "-4@%edi -4@%esi -4@%edx", ef, a, 2), 3);
	/* aarch64 memory operands contain a space */
	n = arch_parse_args(EM_AARCH64, "2@[x22, 20] -4@w1 -4@[sp, 128]", ef, a, 8);
	CHECK_EQ_INT(n, 3);
	CHECK_EQ_INT(a[0].disp, 20);
	CHECK_EQ_INT(a[2].base, ARCH_A64_SP);
	/* TLS '@tpoff' does not start a new argument */
	n = arch_parse_args(EM_X86_64, "-8@8+g_longs(%rip) -4@%fs:t_local@tpoff", ef, a, 8);
	CHECK_EQ_INT(n, 2);
	CHECK_EQ_INT(a[1].seg, SDT_SEG_FS);
}

/* Patterned memory: the byte at address A is (A + 0x11) & 0xff, except that addresses
 * below 0x100 fault, so a value read from memory tells where it was read from. */
static int fake_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	int *calls = ctx;
	(*calls)++;
	if (addr < 0x100)
		return -EFAULT;
	for (size_t i = 0; i < len; i++)
		((unsigned char *)buf)[i] = (unsigned char)(addr + i + 0x11);
	return 0;
}

static int64_t pat(uint64_t addr, unsigned size, bool sign)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < size; i++)
		v |= (uint64_t)(unsigned char)(addr + i + 0x11) << (8 * i);
	return arch_extend(v, size, sign);
}

#define BIAS 0x555500000000ull
#define TP 0x7f0000001000ull
#define PC (BIAS + 0x11db)

static void fill_regs(struct arch_regs *r)
{
	memset(r, 0, sizeof(*r));
	r->r[ARCH_X86_RAX] = 0x1000;
	r->r[ARCH_X86_RDX] = 0x20;
	r->r[ARCH_X86_RCX] = 0xffffffffffffff80ull;
	r->r[ARCH_X86_RBX] = 0x123456789abcdef0ull;
	r->r[ARCH_X86_RSI] = 0xfffffffffffffffeull;
	r->r[ARCH_X86_RDI] = 3;
	r->r[ARCH_X86_RBP] = 0x7ffc0000;
	r->r[ARCH_X86_RSP] = 0x7ffb0000;
	for (int i = 8; i < 16; i++)
		r->r[i] = 0x0101010101010101ull * (uint64_t)i;
	r->r[22] = 0x4000;        /* aarch64 x22 */
	r->r[ARCH_A64_SP] = 0x9000;
	r->pc = PC;
	r->tp = TP;
	r->gs_base = 0x6000;
}

struct eval_case {
	int machine;
	const char *spec;
	int64_t want;
	int rc;
};

static void test_eval(const struct elf_file *ef)
{
	const struct eval_case cases[] = {
		{EM_X86_64, "-4@%edi", 3, 0},
		{EM_X86_64, "-4@%esi", -2, 0},
		{EM_X86_64, "4@%esi", 0xfffffffe, 0},
		{EM_X86_64, "-8@%rsi", -2, 0},
		{EM_X86_64, "8@%rsi", (int64_t)0xfffffffffffffffeull, 0},
		{EM_X86_64, "1@%cl", 0x80, 0},
		{EM_X86_64, "-1@%cl", -128, 0},
		{EM_X86_64, "2@%cx", 0xff80, 0},
		{EM_X86_64, "-2@%cx", -128, 0},
		{EM_X86_64, "8@%ecx", 0xffffff80, 0},      /* register narrower than size */
		{EM_X86_64, "-8@%ecx", -128, 0},
		{EM_X86_64, "-1@%rcx", -128, 0},           /* register wider than size */
		{EM_X86_64, "1@%ah", 0x10, 0},
		{EM_X86_64, "1@%bh", 0xde, 0},
		{EM_X86_64, "-1@%bh", -34, 0},
		{EM_X86_64, "1@%r9b", 0x09, 0},
		{EM_X86_64, "2@%r10w", 0x0a0a, 0},
		{EM_X86_64, "8@%rip", (int64_t)PC + 1, 0},
		{EM_X86_64, "%rbx", 0x123456789abcdef0, 0},
		{EM_X86_64, "-4@-20(%rbp)", pat(0x7ffc0000 - 20, 4, true), 0},
		{EM_X86_64, "-8@-8(%rsp)", pat(0x7ffb0000 - 8, 8, true), 0},
		{EM_X86_64, "1@-41(%rsp)", pat(0x7ffb0000 - 41, 1, false), 0},
		{EM_X86_64, "-1@-41(%rsp)", pat(0x7ffb0000 - 41, 1, true), 0},
		{EM_X86_64, "2@6(%rax)", pat(0x1006, 2, false), 0},
		{EM_X86_64, "-4@(%rax,%rdx,4)", pat(0x1000 + 0x80, 4, true), 0},
		{EM_X86_64, "-4@8(%rax,%rdi,8)", pat(0x1000 + 8 + 24, 4, true), 0},
		{EM_X86_64, "-4@(,%rdx,2)", pat(0x40, 4, true), -EFAULT},
		{EM_X86_64, "-4@g_int(%rip)", pat(BIAS + 0x4010, 4, true), 0},
		{EM_X86_64, "-8@8+g_longs(%rip)", pat(BIAS + 0x4028, 8, true), 0},
		{EM_X86_64, "-8@g_longs+8(%rip)", pat(BIAS + 0x4028, 8, true), 0},
		{EM_X86_64, "-4@s_arr(,%rdi,4)", pat(BIAS + 0x4080 + 12, 4, true), 0},
		{EM_X86_64, "-4@g_int", pat(BIAS + 0x4010, 4, true), 0},
		{EM_X86_64, "4@16(%rip)", pat(PC + 1 + 16, 4, false), 0},
		{EM_X86_64, "-4@%fs:t_local@tpoff", pat(TP - 8, 4, true), 0},
		{EM_X86_64, "-8@%fs:(%rax)", pat(TP + 0x1000, 8, true), 0},
		{EM_X86_64, "8@%fs:0", pat(TP, 8, false), 0},
		{EM_X86_64, "8@%gs:8", pat(0x6008, 8, false), 0},
		{EM_X86_64, "-4@$5", 5, 0},
		{EM_X86_64, "-4@$-1", -1, 0},
		{EM_X86_64, "1@$-56", 200, 0},
		{EM_X86_64, "2@$-1", 65535, 0},
		{EM_X86_64, "4@$-294967296", 4000000000, 0},
		{EM_X86_64, "-8@$140737488355327", 140737488355327, 0},
		{EM_X86_64, "8@$g_int", (int64_t)(BIAS + 0x4010), 0},
		{EM_X86_64, "8f@%rax", 0x1000, 0},
		{EM_X86_64, "4f@%edx", 0x20, 0},
		{EM_X86_64, "16f@%rsi", (int64_t)0xfffffffffffffffeull, 0},
		{EM_X86_64, "16@(%rsp)", pat(0x7ffb0000, 8, false), 0},
		{EM_X86_64, "8(%rsp)", pat(0x7ffb0008, 8, false), 0},
		{EM_X86_64, "$42", 42, 0},
		{EM_X86_64, "-4@.LCPI0_1(%rip)", 0, -EINVAL},
		{EM_X86_64, "-4@512", pat(512, 4, true), 0},
		{EM_X86_64, "-4@16", 0, -EFAULT},
		{EM_386, "-4@4(%esp)", pat(0x7ffb0004, 4, true), 0},
		{EM_386, "-4@-8(%ecx)", pat(0xffffff78, 4, true), 0}, /* 32-bit wrap */
		{EM_AARCH64, "-4@[x22, 20]", pat(0x4014, 4, true), 0},
		{EM_AARCH64, "8@[sp]", pat(0x9000, 8, false), 0},
		{EM_AARCH64, "-4@w3", 0x03030303, 0},
		{EM_AARCH64, "4@5", 5, 0},
	};
	struct arch_regs regs;
	fill_regs(&regs);
	regs.r[3] = 0x0303030303030303ull; /* aarch64 x3 (x86 rbx is not used below with it) */
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct eval_case *c = &cases[i];
		struct arch_regs r = regs;
		if (c->machine != EM_AARCH64)
			fill_regs(&r);
		struct sdt_arg a;
		arch_parse_arg(c->machine, c->spec, strlen(c->spec), ef, &a);
		int calls = 0;
		int64_t v = 0x7777;
		int rc = arch_eval_arg(&a, &r, BIAS, fake_read, &calls, &v);
		if (rc != c->rc || (rc == 0 && v != c->want))
			fprintf(stderr, "eval '%s': rc %d value %#llx want %#llx\n", c->spec, rc,
				(unsigned long long)v, (unsigned long long)c->want);
		CHECK_EQ_INT(rc, c->rc);
		if (c->rc == 0)
			CHECK_EQ_INT(v, c->want);
		CHECK_EQ_INT(calls, a.kind == SDT_ARG_MEM ? 1 : 0);
	}
	/* the effective address, for error messages */
	struct sdt_arg m;
	uint64_t addr = 0;
	arch_parse_arg(EM_X86_64, "-4@s_arr(,%rdi,4)", 17, ef, &m);
	CHECK_EQ_INT(arch_arg_address(&m, &regs, BIAS, &addr), 0);
	CHECK_EQ_INT(addr, BIAS + 0x4080 + 12);
	arch_parse_arg(EM_X86_64, "-4@%edi", 7, ef, &m);
	CHECK_EQ_INT(arch_arg_address(&m, &regs, BIAS, &addr), -EINVAL);
	/* a MEM argument needs a reader */
	struct sdt_arg a;
	arch_parse_arg(EM_X86_64, "-4@-4(%rbp)", 11, ef, &a);
	int64_t v;
	CHECK_EQ_INT(arch_eval_arg(&a, &regs, 0, NULL, NULL, &v), -EINVAL);
	/* a corrupted program cannot index outside the register file */
	a.base = 99;
	int calls = 0;
	CHECK_EQ_INT(arch_eval_arg(&a, &regs, 0, fake_read, &calls, &v), -EINVAL);
	a.kind = SDT_ARG_REG;
	CHECK_EQ_INT(arch_eval_arg(&a, &regs, 0, fake_read, &calls, &v), -EINVAL);
	a.base = ARCH_X86_RAX;
	a.size = 16; /* never produced by the parser: refused, not a buffer overrun */
	CHECK_EQ_INT(arch_eval_arg(&a, &regs, 0, fake_read, &calls, &v), -EINVAL);
	CHECK_EQ_INT(calls, 0);
}

static void test_misc(void)
{
	CHECK_EQ_INT(arch_extend(0xff, 1, true), -1);
	CHECK_EQ_INT(arch_extend(0xff, 1, false), 255);
	CHECK_EQ_INT(arch_extend(0x12345678ffff8000ull, 2, true), -32768);
	CHECK_EQ_INT(arch_extend(0x80000000ull, 4, true), -2147483648LL);
	CHECK_EQ_INT(arch_extend(0xfffffffffull, 8, false), 0xfffffffffll);
	CHECK_EQ_STR(arch_reg_name(EM_X86_64, ARCH_X86_R12), "r12");
	CHECK_EQ_STR(arch_reg_name(EM_X86_64, ARCH_X86_RIP), "rip");
	CHECK_EQ_STR(arch_reg_name(EM_AARCH64, 31), "sp");
	CHECK(arch_reg_name(EM_X86_64, 17) == NULL);
	CHECK(arch_reg_name(EM_X86_64, -1) == NULL);
	CHECK(arch_reg_name(EM_PPC64, 1) == NULL);
}

int main(void)
{
	struct elf_file *ef = fake_elf();
	if (ef) {
		test_corpus(ef);
		test_decode(ef);
		test_split(ef);
		test_eval(ef);
	}
	test_misc();
	elf_file_free(ef);
	return check_done("test_sdt_arg");
}
