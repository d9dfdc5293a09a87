// SPDX-License-Identifier: MIT
/* Unit tests for elf/elf.h and elf/sdt.h on images built by elfgen.h: headers, segments,
 * vaddr <-> offset, symbols, dynamic/interp/build-id, SDT notes with the .stapsdt.base
 * (prelink) adjustment, 32-bit notes, and hostile input (every truncation, byte flips,
 * crafted note headers) which must fail cleanly, never crash or read out of bounds. */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "elf/elf.h"
#include "elf/sdt.h"
#include "elfgen.h"
#include "target/arch.h"

#define SBASE 0x2000u /* EG_SBASE_OFF with base 0 */
#define DBASE EG_DATA_DELTA

static const struct eg_note notes64[] = {
	{0x1100, SBASE, 0, "prov", "twoargs", "-4@%edi -8@%rsi"},
	{0x1200, SBASE, DBASE + EG_PROBES_OFF, "prov", "sema", "-4@g_int(%rip)"},
	{0x1300, SBASE, 0, "other", "noargs", ""},
	{0x1400, 0, 0, "other", "nobase", "%rdi 8(%rsp)"},
	{0x1500, SBASE, 0, "p", "tls", "-4@%fs:tv@tpoff"},
};

static const struct eg_sym syms64[] = {
	{"main", 0x1100, 0x80, STT_FUNC, STB_GLOBAL, EG_SEC_TEXT},
	{"helper", 0x1180, 0x40, STT_FUNC, STB_LOCAL, EG_SEC_TEXT},
	{"helper", 0x11c0, 0x10, STT_FUNC, STB_GLOBAL, EG_SEC_TEXT},
	{"alias_main", 0x1100, 0x80, STT_FUNC, STB_WEAK, EG_SEC_TEXT},
	{"label", 0x1300, 0, STT_NOTYPE, STB_LOCAL, EG_SEC_TEXT},
	{"g_int", DBASE + EG_DATA_OFF + 0x10, 4, STT_OBJECT, STB_GLOBAL, EG_SEC_DATA},
	{"tv", 4, 4, STT_TLS, STB_GLOBAL, EG_SEC_TLS},
	{"_dl_debug_state", 0x1600, 1, STT_FUNC, STB_GLOBAL, EG_SEC_TEXT},
	{"missing", 0, 0, STT_FUNC, STB_GLOBAL, EG_SEC_UNDEF},
};

static const unsigned char bid[] = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};

static struct eg_spec spec64(void)
{
	return (struct eg_spec){
		.is64 = 1, .type = ET_DYN, .machine = EM_X86_64, .has_stapsdt_base = 1,
		.notes = notes64, .nnotes = 5, .syms = syms64, .nsyms = 9, .tls_memsz = 8,
		.tls_align = 8, .interp = "/lib64/ld-linux-x86-64.so.2", .dt_debug = 1,
		.build_id = bid, .build_id_len = sizeof(bid),
	};
}

static struct elf_file *open_spec(const struct eg_spec *sp)
{
	size_t len;
	unsigned char *img = eg_build(sp, &len);
	struct elf_file *ef = NULL;
	char err[256] = "";
	int rc = elf_file_open_mem(img, len, "gen", &ef, err, sizeof(err));
	free(img);
	if (rc)
		fprintf(stderr, "open: %s\n", err);
	CHECK_EQ_INT(rc, 0);
	return ef;
}

static void test_headers(void)
{
	struct eg_spec sp = spec64();
	struct elf_file *ef = open_spec(&sp);
	if (!ef)
		return;
	CHECK_EQ_STR(elf_file_path(ef), "gen");
	CHECK_EQ_INT(elf_file_type(ef), ET_DYN);
	CHECK_EQ_INT(elf_file_class(ef), ELFCLASS64);
	CHECK_EQ_INT(elf_file_machine(ef), EM_X86_64);
	CHECK(elf_file_is_dyn(ef));
	CHECK(elf_file_is_pie(ef));
	CHECK_EQ_INT(elf_file_entry(ef), EG_TEXT_OFF);
	CHECK_EQ_INT(elf_file_phdr_count(ef), 6);
	CHECK(elf_file_phdr(ef, 6) == NULL);
	CHECK_EQ_INT(elf_file_phdr(ef, 0)->type, PT_LOAD);
	CHECK_EQ_INT(elf_file_base_vaddr(ef), 0);
	const struct elf_phdr *tls = elf_file_tls(ef);
	CHECK(tls && tls->memsz == 8);
	CHECK_EQ_STR(elf_file_interp(ef), "/lib64/ld-linux-x86-64.so.2");
	CHECK(elf_file_soname(ef) == NULL);

	struct elf_section s;
	CHECK_EQ_INT(elf_file_section(ef, ".text", &s), 0);
	CHECK_EQ_INT(s.addr, EG_TEXT_OFF);
	CHECK_EQ_INT(s.offset, EG_TEXT_OFF);
	CHECK_EQ_INT(s.size, EG_TEXT_SIZE);
	CHECK_EQ_INT(s.type, SHT_PROGBITS);
	CHECK_EQ_INT(elf_file_section(ef, ".nope", &s), -ENOENT);
	const void *data;
	size_t size;
	CHECK_EQ_INT(elf_file_section_data(ef, ".text", &data, &size), 0);
	CHECK(size == EG_TEXT_SIZE && ((const unsigned char *)data)[0] == 0x90);
	CHECK_EQ_INT(elf_file_section_data(ef, ".nope", &data, &size), -ENOENT);

	/* text: offset == vaddr; data: vaddr = offset + 0x1000 */
	uint64_t off, va;
	CHECK_EQ_INT(elf_file_vaddr_to_offset(ef, 0x1234, &off), 0);
	CHECK_EQ_INT(off, 0x1234);
	CHECK_EQ_INT(elf_file_vaddr_to_offset(ef, DBASE + EG_PROBES_OFF, &off), 0);
	CHECK_EQ_INT(off, EG_PROBES_OFF);
	CHECK_EQ_INT(elf_file_offset_to_vaddr(ef, EG_PROBES_OFF, &va), 0);
	CHECK_EQ_INT(va, DBASE + EG_PROBES_OFF);
	CHECK_EQ_INT(elf_file_vaddr_to_offset(ef, 0x2800, &off), -ENOENT);   /* gap */
	CHECK_EQ_INT(elf_file_vaddr_to_offset(ef, DBASE + EG_DATA_END + 8, &off), -ENOENT); /* bss */
	CHECK(elf_file_segment_of(ef, DBASE + EG_DATA_END + 8) != NULL);
	CHECK(elf_file_segment_of(ef, 0x2800) == NULL);
	CHECK_EQ_INT(elf_file_offset_to_vaddr(ef, 0x2800, &va), -ENOENT);

	uint64_t dbg;
	CHECK_EQ_INT(elf_file_dt_debug_addr(ef, &dbg), 0);
	CHECK_EQ_INT(dbg, DBASE + EG_DYN_OFF + 8);
	uint64_t v;
	CHECK_EQ_INT(elf_file_dynamic(ef, DT_DEBUG, &v), 0);
	CHECK_EQ_INT(elf_file_dynamic(ef, DT_SONAME, &v), -ENOENT);

	const uint8_t *id;
	size_t idlen;
	CHECK_EQ_INT(elf_file_build_id(ef, &id, &idlen), 0);
	CHECK(idlen == sizeof(bid) && memcmp(id, bid, idlen) == 0);
	char hex[32];
	CHECK_EQ_INT(elf_file_build_id_hex(ef, hex, sizeof(hex)), 0);
	CHECK_EQ_STR(hex, "deadbeef01020304");
	CHECK_EQ_INT(elf_file_build_id_hex(ef, hex, 10), -ENOSPC);
	elf_file_free(ef);
}

static void test_symbols(void)
{
	struct eg_spec sp = spec64();
	struct elf_file *ef = open_spec(&sp);
	if (!ef)
		return;
	struct elf_sym s;
	CHECK_EQ_INT(elf_file_sym_count(ef), 9);
	CHECK_EQ_INT(elf_file_sym_by_name(ef, "main", &s), 0);
	CHECK_EQ_INT(s.value, 0x1100);
	CHECK_EQ_INT(s.type, STT_FUNC);
	/* a global definition wins over a local one of the same name */
	CHECK_EQ_INT(elf_file_sym_by_name(ef, "helper", &s), 0);
	CHECK_EQ_INT(s.value, 0x11c0);
	CHECK_EQ_INT(s.bind, STB_GLOBAL);
	CHECK_EQ_INT(elf_file_sym_by_name(ef, "missing", &s), 0);
	CHECK_EQ_INT(s.shndx, SHN_UNDEF);
	CHECK_EQ_INT(elf_file_sym_by_name(ef, "nothere", &s), -ENOENT);
	CHECK_EQ_INT(elf_file_sym_by_name(ef, "", &s), -ENOENT);
	CHECK_EQ_INT(elf_file_dynsym_by_name(ef, "main", &s), -ENOENT); /* no .dynsym */

	uint64_t off;
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, 0x1150, &s, &off), 0);
	CHECK_EQ_STR(s.name, "main"); /* global over its weak alias */
	CHECK_EQ_INT(off, 0x50);
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, 0x1190, &s, &off), 0);
	CHECK_EQ_STR(s.name, "helper");
	CHECK_EQ_INT(s.value, 0x1180);
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, 0x1300, &s, NULL), 0);
	CHECK_EQ_STR(s.name, "label");
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, 0x1301, &s, NULL), -ENOENT);
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, 0x10, &s, NULL), -ENOENT);
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, DBASE + EG_DATA_OFF + 0x12, &s, &off), 0);
	CHECK_EQ_STR(s.name, "g_int");
	CHECK_EQ_INT(off, 2);
	elf_file_free(ef);

	/* no .symtab: .dynsym is used for both kinds of lookup */
	sp.use_dynsym = 1;
	ef = open_spec(&sp);
	if (!ef)
		return;
	CHECK_EQ_INT(elf_file_sym_by_name(ef, "_dl_debug_state", &s), 0);
	CHECK_EQ_INT(s.value, 0x1600);
	CHECK_EQ_INT(elf_file_dynsym_by_name(ef, "_dl_debug_state", &s), 0);
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, 0x1600, &s, NULL), 0);
	CHECK_EQ_STR(s.name, "_dl_debug_state");
	elf_file_free(ef);
}

static void test_notes(void)
{
	struct eg_spec sp = spec64();
	struct elf_file *ef = open_spec(&sp);
	if (!ef)
		return;
	struct sdt_notes *ns;
	char err[256];
	CHECK_EQ_INT(sdt_notes_read(ef, &ns, err, sizeof(err)), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 5);
	const struct sdt_note *n = sdt_notes_get(ns, 0);
	CHECK_EQ_STR(n->provider, "prov");
	CHECK_EQ_STR(n->name, "twoargs");
	CHECK_EQ_STR(n->args, "-4@%edi -8@%rsi");
	CHECK_EQ_INT(n->nargs, 2);
	CHECK_EQ_INT(n->index, 0);
	CHECK_EQ_INT(n->pc, 0x1100);
	CHECK_EQ_INT(n->pc_offset, 0x1100);
	CHECK_EQ_INT(n->sema, 0);
	CHECK_EQ_INT(n->sema_offset, SDT_NO_OFFSET);
	CHECK_EQ_INT(sdt_note_pc_at(n, 0x5555000000), 0x5555001100);
	CHECK_EQ_INT(sdt_note_sema_at(n, 0x5555000000), 0);
	n = sdt_notes_get(ns, 1);
	CHECK_EQ_INT(n->sema, DBASE + EG_PROBES_OFF);
	CHECK_EQ_INT(n->sema_offset, EG_PROBES_OFF);
	CHECK_EQ_INT(sdt_note_sema_at(n, 0x10000), 0x10000 + DBASE + EG_PROBES_OFF);
	n = sdt_notes_get(ns, 2);
	CHECK_EQ_STR(n->args, "");
	CHECK_EQ_INT(n->nargs, 0);
	n = sdt_notes_get(ns, 3);
	CHECK_EQ_INT(n->nargs, 2); /* no '@': space-separated fields */
	n = sdt_notes_get(ns, 4);
	CHECK_EQ_INT(n->nargs, 2); /* stap counts the '@' of "@tpoff" too */
	struct sdt_arg a[4];
	CHECK_EQ_INT(arch_parse_args(elf_file_machine(ef), n->args, ef, a, 4), 1);
	CHECK_EQ_INT(a[0].kind, SDT_ARG_MEM);
	CHECK_EQ_INT(a[0].disp, 4 - 8);
	CHECK(sdt_notes_get(ns, 5) == NULL);
	sdt_notes_free(ns);
	elf_file_free(ef);

	/* prelink moved .stapsdt.base by +0x100: pc and sema follow; base 0 is left alone */
	sp.prelink_shift = 0x100;
	ef = open_spec(&sp);
	if (!ef)
		return;
	CHECK_EQ_INT(sdt_notes_read(ef, &ns, err, sizeof(err)), 0);
	n = sdt_notes_get(ns, 0);
	CHECK_EQ_INT(n->pc, 0x1200);
	CHECK_EQ_INT(n->pc_raw, 0x1100);
	CHECK_EQ_INT(n->pc_offset, 0x1200);
	n = sdt_notes_get(ns, 1);
	CHECK_EQ_INT(n->sema, DBASE + EG_PROBES_OFF + 0x100);
	CHECK_EQ_INT(n->sema_raw, DBASE + EG_PROBES_OFF);
	CHECK_EQ_INT(sdt_notes_get(ns, 3)->pc, 0x1400);
	sdt_notes_free(ns);
	elf_file_free(ef);

	/* no .stapsdt.base section: no adjustment at all */
	sp.has_stapsdt_base = 0;
	ef = open_spec(&sp);
	if (!ef)
		return;
	CHECK_EQ_INT(sdt_notes_read(ef, &ns, err, sizeof(err)), 0);
	CHECK_EQ_INT(sdt_notes_get(ns, 0)->pc, 0x1100);
	sdt_notes_free(ns);
	elf_file_free(ef);

	/* no .note.stapsdt: an empty set */
	sp.nnotes = 0;
	ef = open_spec(&sp);
	if (!ef)
		return;
	CHECK_EQ_INT(sdt_notes_read(ef, &ns, err, sizeof(err)), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 0);
	sdt_notes_free(ns);
	elf_file_free(ef);
}

static void test_notes32(void)
{
	static const struct eg_note n32[] = {
		{0x8049008, 0x804a000, 0, "p32", "mark32", "-4@%edx -8@8(%esp) -1@%eax -4@g32"},
		{0x8049010, 0x804a000, 0x804c100, "p32", "sema", ""},
	};
	static const struct eg_sym s32[] = {
		{"g32", 0x804c000, 4, STT_OBJECT, STB_GLOBAL, EG_SEC_DATA},
	};
	struct eg_spec sp = {
		.is64 = 0, .type = ET_EXEC, .machine = EM_386, .base = 0x8048000,
		.has_stapsdt_base = 1, .notes = n32, .nnotes = 2, .syms = s32, .nsyms = 1,
	};
	struct elf_file *ef = open_spec(&sp);
	if (!ef)
		return;
	CHECK_EQ_INT(elf_file_class(ef), ELFCLASS32);
	CHECK(!elf_file_is_dyn(ef));
	CHECK(!elf_file_is_pie(ef));
	CHECK_EQ_INT(elf_file_base_vaddr(ef), 0x8048000);
	struct sdt_notes *ns;
	char err[256];
	CHECK_EQ_INT(sdt_notes_read(ef, &ns, err, sizeof(err)), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 2);
	const struct sdt_note *n = sdt_notes_get(ns, 0);
	CHECK_EQ_STR(n->name, "mark32");
	CHECK_EQ_INT(n->pc, 0x8049008);
	CHECK_EQ_INT(n->pc_offset, 0x1008);
	CHECK_EQ_INT(n->nargs, 4);
	struct sdt_arg a[4];
	CHECK_EQ_INT(arch_parse_args(EM_386, n->args, ef, a, 4), 4);
	CHECK_EQ_INT(a[3].kind, SDT_ARG_MEM);
	CHECK_EQ_INT(a[3].disp, 0x804c000);
	n = sdt_notes_get(ns, 1);
	CHECK_EQ_INT(n->sema, 0x804c100);
	CHECK_EQ_INT(n->sema_offset, 0x3100);
	sdt_notes_free(ns);
	elf_file_free(ef);
}

/* Raw note sections: crafted headers must be rejected without reading past the end. */
static void test_raw_notes(void)
{
	unsigned char buf[256];
	struct sdt_notes *ns;
	/* a good note, then a header whose namesz runs past the end */
	memset(buf, 0, sizeof(buf));
	uint32_t h[3] = {8, 24 + 6, 3};
	memcpy(buf, h, 12);
	memcpy(buf + 12, "stapsdt", 8);
	memcpy(buf + 20 + 24, "p\0n\0a\0", 6);
	size_t good = 20 + 32;
	CHECK_EQ_INT(sdt_notes_parse(buf, good, 1, 0, &ns), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 1);
	CHECK_EQ_STR(sdt_notes_get(ns, 0)->args, "a");
	sdt_notes_free(ns);
	uint32_t bad[3] = {0xfffffff0u, 4, 3};
	memcpy(buf + good, bad, 12);
	CHECK_EQ_INT(sdt_notes_parse(buf, good + 12, 1, 0, &ns), -EINVAL);
	sdt_notes_free(ns);
	/* descsz past the end */
	uint32_t bad2[3] = {8, 0x7fffffff, 3};
	memcpy(buf + good, bad2, 12);
	memcpy(buf + good + 12, "stapsdt", 8);
	CHECK_EQ_INT(sdt_notes_parse(buf, good + 20, 1, 0, &ns), -EINVAL);
	sdt_notes_free(ns);
	/* a trailing partial header */
	CHECK_EQ_INT(sdt_notes_parse(buf, good + 5, 1, 0, &ns), -EINVAL);
	sdt_notes_free(ns);
	/* unterminated strings inside the desc: note skipped */
	memset(buf + 20 + 24, 'x', 8);
	CHECK_EQ_INT(sdt_notes_parse(buf, good, 1, 0, &ns), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 0);
	sdt_notes_free(ns);
	/* another owner or type: skipped */
	memcpy(buf + 20 + 24, "p\0n\0a\0", 6);
	buf[8] = 1;
	CHECK_EQ_INT(sdt_notes_parse(buf, good, 1, 0, &ns), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 0);
	sdt_notes_free(ns);
	buf[8] = 3;
	buf[12] = 'S';
	CHECK_EQ_INT(sdt_notes_parse(buf, good, 1, 0, &ns), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 0);
	sdt_notes_free(ns);
	buf[12] = 's';
	/* desc too short for three addresses */
	uint32_t shorth[3] = {8, 10, 3};
	memcpy(buf, shorth, 12);
	CHECK_EQ_INT(sdt_notes_parse(buf, 20 + 12, 1, 0, &ns), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 0);
	sdt_notes_free(ns);
	/* empty section */
	CHECK_EQ_INT(sdt_notes_parse(buf, 0, 1, 0, &ns), 0);
	CHECK_EQ_INT(sdt_notes_count(ns), 0);
	sdt_notes_free(ns);
	CHECK_EQ_INT(sdt_count_args(""), 0);
	CHECK_EQ_INT(sdt_count_args("%rdi"), 1);
	CHECK_EQ_INT(sdt_count_args("-4@%edi -8@%rsi"), 2);
}

/* Everything a reader does with a file, for the hostile-input loops. */
static void exercise(const unsigned char *img, size_t len)
{
	struct elf_file *ef;
	char err[256];
	if (elf_file_open_mem(img, len, "hostile", &ef, err, sizeof(err)) != 0) {
		CHECK(strstr(err, "hostile") != NULL);
		return;
	}
	struct sdt_notes *ns;
	if (sdt_notes_read(ef, &ns, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < sdt_notes_count(ns); i++) {
			const struct sdt_note *n = sdt_notes_get(ns, i);
			struct sdt_arg a[SDT_MAX_ARGS];
			arch_parse_args(elf_file_machine(ef), n->args, ef, a, SDT_MAX_ARGS);
		}
		sdt_notes_free(ns);
	}
	struct elf_sym s;
	elf_file_sym_by_name(ef, "main", &s);
	elf_file_sym_by_addr(ef, 0x1150, &s, NULL);
	uint64_t v;
	elf_file_dt_debug_addr(ef, &v);
	elf_file_vaddr_to_offset(ef, 0x1100, &v);
	elf_file_soname(ef);
	elf_file_is_pie(ef);
	const void *d;
	size_t sz;
	elf_file_section_data(ef, ".note.stapsdt", &d, &sz);
	elf_file_free(ef);
}

static void test_hostile(void)
{
	for (int cls = 0; cls < 2; cls++) {
		struct eg_spec sp = spec64();
		sp.is64 = cls;
		size_t len;
		unsigned char *img = eg_build(&sp, &len);
		/* every truncation (step 7 keeps it fast; the fuzzer covers the rest) */
		for (size_t l = 0; l < len; l += (l < 128 ? 1 : 7))
			exercise(img, l);
		exercise(img, len);
		/* deterministic byte corruption */
		uint32_t seed = 12345;
		unsigned char *copy = malloc(len);
		for (int round = 0; round < 400; round++) {
			memcpy(copy, img, len);
			for (int k = 0; k < 4; k++) {
				seed = seed * 1103515245u + 12345u;
				size_t at = (seed >> 8) % len;
				seed = seed * 1103515245u + 12345u;
				copy[at] = (unsigned char)(seed >> 16);
			}
			exercise(copy, len);
		}
		free(copy);
		free(img);
	}
	CHECK(1);
}

static void test_open_errors(void)
{
	struct elf_file *ef = (struct elf_file *)1;
	char err[256];
	CHECK_EQ_INT(elf_file_open("/nonexistent/utap-x", &ef, err, sizeof(err)), -ENOENT);
	CHECK(ef == NULL);
	CHECK(strstr(err, "/nonexistent/utap-x") && strstr(err, "No such file"));
	CHECK_EQ_INT(elf_file_open("/", &ef, err, sizeof(err)), -EISDIR);
	char path[] = "/tmp/utap-test-elf.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0);
	if (fd >= 0) {
		CHECK(write(fd, "#!/bin/sh\necho hi\n", 18) == 18);
		close(fd);
		CHECK_EQ_INT(elf_file_open(path, &ef, err, sizeof(err)), -ENOEXEC);
		CHECK(strstr(err, path) && strstr(err, "not an ELF file"));
		unlink(path);
	}
	CHECK_EQ_INT(elf_file_open_mem("", 0, "empty", &ef, err, sizeof(err)), -ENOEXEC);
	CHECK(strstr(err, "empty") != NULL);
	CHECK_EQ_INT(elf_file_open_mem("\177ELF", 4, "tiny", &ef, NULL, 0), -ENOEXEC);
	elf_file_free(NULL);
	sdt_notes_free(NULL);
}

static int count_fds(void)
{
	int n = 0;
	for (int fd = 0; fd < 1024; fd++)
		n += fcntl(fd, F_GETFD) != -1;
	return n;
}

/* This test binary is itself an ELF file: open it from disk. */
static void test_self(void)
{
	struct elf_file *ef;
	char err[256];
	int fds = count_fds();
	CHECK_EQ_INT(elf_file_open("/proc/self/exe", &ef, err, sizeof(err)), 0);
	if (!ef)
		return;
	CHECK_EQ_INT(count_fds(), fds); /* an open elf_file holds no descriptor */
	struct sdt_notes *ns;
	CHECK_EQ_INT(sdt_notes_read(ef, &ns, err, sizeof(err)), 0);
	sdt_notes_free(ns);
	struct elf_sym s;
	CHECK_EQ_INT(elf_file_sym_by_name(ef, "main", &s), 0);
	CHECK_EQ_INT(s.type, STT_FUNC);
	struct elf_sym back;
	CHECK_EQ_INT(elf_file_sym_by_addr(ef, s.value + 1, &back, NULL), 0);
	CHECK_EQ_STR(back.name, "main");
	uint64_t off;
	CHECK_EQ_INT(elf_file_vaddr_to_offset(ef, s.value, &off), 0);
	elf_file_free(ef);
}

/* What the ptrace backend needs for dlopen tracking: the executable's PT_INTERP and
 * DT_DEBUG, and ld.so's exported _r_debug / _dl_debug_state (Debian's ld.so has no
 * .symtab, so this goes through .dynsym). */
static void test_ldso(void)
{
	struct elf_file *exe, *ld;
	char err[256];
	CHECK_EQ_INT(elf_file_open("/proc/self/exe", &exe, err, sizeof(err)), 0);
	if (!exe)
		return;
	const char *interp = elf_file_interp(exe);
	CHECK(interp != NULL);
	uint64_t dbg;
	CHECK_EQ_INT(elf_file_dt_debug_addr(exe, &dbg), 0);
	struct elf_section dyn;
	CHECK_EQ_INT(elf_file_section(exe, ".dynamic", &dyn), 0);
	CHECK(dbg > dyn.addr && dbg < dyn.addr + dyn.size);
	if (interp && elf_file_open(interp, &ld, err, sizeof(err)) == 0) {
		struct elf_sym s;
		CHECK_EQ_INT(elf_file_sym_by_name(ld, "_dl_debug_state", &s), 0);
		CHECK_EQ_INT(s.type, STT_FUNC);
		CHECK_EQ_INT(elf_file_dynsym_by_name(ld, "_r_debug", &s), 0);
		CHECK_EQ_INT(s.type, STT_OBJECT);
		CHECK(elf_file_soname(ld) != NULL);
		CHECK(!elf_file_is_pie(ld));
		CHECK(elf_file_is_dyn(ld));
		elf_file_free(ld);
	}
	elf_file_free(exe);
}

int main(void)
{
	test_headers();
	test_symbols();
	test_notes();
	test_notes32();
	test_raw_notes();
	test_hostile();
	test_open_errors();
	test_self();
	test_ldso();
	return check_done("test_elf");
}
