// SPDX-License-Identifier: MIT
/* Test helper: prints one line per stapsdt note of an ELF file, so check-dtrace.sh can
 * compare probes with expectations:
 *     provider:name sizes=-4,8 sema=<symbol>|0 ops=ok|<args> base=ok|bad site=nop11|nop1|<hex>
 * sizes: the "[-]N" before each '@'; ops=ok when every operand is a register or an
 * immediate (the "nr" constraint); base=ok when the note's base is .stapsdt.base's
 * address; site: the bytes at the note's pc (nop11 = 90 + the 10-byte nop, nop1 = a lone
 * 0x90). With -n only "provider:name" is printed. Exit 1 on unreadable input. */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const unsigned char nop11[] = {0x90, 0x66, 0x2e, 0x0f, 0x1f, 0x84, 0, 0, 0, 0, 0};

struct img {
	Elf *elf;
	size_t shstrndx;
	uint64_t base_addr;
	int have_base;
};

static Elf_Scn *find_section(struct img *im, const char *want, GElf_Shdr *sh)
{
	for (Elf_Scn *s = elf_nextscn(im->elf, NULL); s; s = elf_nextscn(im->elf, s)) {
		if (!gelf_getshdr(s, sh))
			continue;
		const char *name = elf_strptr(im->elf, im->shstrndx, sh->sh_name);
		if (name && !strcmp(name, want))
			return s;
	}
	return NULL;
}

/* The 2-byte object symbol at addr (a semaphore), else any object symbol there, or NULL. */
static const char *symbol_at(struct img *im, uint64_t addr)
{
	const char *any = NULL;
	for (Elf_Scn *s = elf_nextscn(im->elf, NULL); s; s = elf_nextscn(im->elf, s)) {
		GElf_Shdr sh;
		if (!gelf_getshdr(s, &sh) || sh.sh_type != SHT_SYMTAB || !sh.sh_entsize)
			continue;
		Elf_Data *d = elf_getdata(s, NULL);
		for (size_t i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym sym;
			if (!gelf_getsym(d, (int)i, &sym) || sym.st_value != addr ||
			    GELF_ST_TYPE(sym.st_info) != STT_OBJECT)
				continue;
			const char *name = elf_strptr(im->elf, sh.sh_link, sym.st_name);
			if (sym.st_size == 2)
				return name;
			any = any ? any : name;
		}
	}
	return any;
}

/* Copies up to n bytes at virtual address addr from an allocated section. */
static size_t read_vaddr(struct img *im, uint64_t addr, unsigned char *buf, size_t n)
{
	for (Elf_Scn *s = elf_nextscn(im->elf, NULL); s; s = elf_nextscn(im->elf, s)) {
		GElf_Shdr sh;
		if (!gelf_getshdr(s, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
		    sh.sh_type == SHT_NOBITS || addr < sh.sh_addr ||
		    addr >= sh.sh_addr + sh.sh_size)
			continue;
		Elf_Data *d = elf_getdata(s, NULL);
		if (!d || !d->d_buf)
			return 0;
		size_t off = addr - sh.sh_addr, avail = d->d_size - off;
		if (avail > n)
			avail = n;
		memcpy(buf, (char *)d->d_buf + off, avail);
		return avail;
	}
	return 0;
}

static void print_site(struct img *im, uint64_t pc)
{
	unsigned char b[11];
	size_t n = read_vaddr(im, pc, b, sizeof(b));
	if (n == sizeof(b) && !memcmp(b, nop11, sizeof(b)))
		printf(" site=nop11");
	else if (n >= 2 && b[0] == 0x90 && b[1] != 0x66)
		printf(" site=nop1");
	else {
		printf(" site=");
		for (size_t i = 0; i < n; i++)
			printf("%02x", b[i]);
	}
}

/* sizes=-4,8 and ops=ok (every operand %reg or $imm) from an argument string */
static void print_args(const char *args)
{
	char *copy = strdup(args), *save = NULL;
	int ops_ok = 1, first = 1;
	printf(" sizes=");
	for (char *a = strtok_r(copy, " ", &save); a; a = strtok_r(NULL, " ", &save)) {
		char *at = strchr(a, '@');
		printf("%s%.*s", first ? "" : ",", at ? (int)(at - a) : 1, at ? a : "?");
		first = 0;
		const char *op = at ? at + 1 : a;
		if ((op[0] != '%' && op[0] != '$') || strpbrk(op, "(:"))
			ops_ok = 0;
	}
	if (first)
		printf("none");
	printf(ops_ok ? " ops=ok" : " ops=%s", args);
	free(copy);
}

static void print_note(struct img *im, const char *desc, size_t len, int names_only)
{
	int wide = gelf_getclass(im->elf) == ELFCLASS64;
	size_t asz = wide ? 8 : 4;
	if (len < 3 * asz + 3) {
		printf("truncated-note\n");
		return;
	}
	uint64_t v[3] = {0, 0, 0};
	for (int i = 0; i < 3; i++) {
		if (wide)
			memcpy(&v[i], desc + i * asz, 8);
		else {
			uint32_t w;
			memcpy(&w, desc + i * asz, 4);
			v[i] = w;
		}
	}
	const char *prov = desc + 3 * asz;
	const char *name = memchr(prov, 0, len - 3 * asz);
	const char *args = name ? memchr(name + 1, 0, len - (size_t)(name + 1 - desc)) : NULL;
	if (!name || !args) {
		printf("malformed-note\n");
		return;
	}
	name++, args++;
	printf("%s:%s", prov, name);
	if (!names_only) {
		print_args(args);
		const char *sema = v[2] ? symbol_at(im, v[2]) : "0";
		printf(" sema=%s", sema ? sema : "?");
		printf(" base=%s", im->have_base && v[1] == im->base_addr ? "ok" : "bad");
		print_site(im, v[0]);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	int names_only = argc > 2 && !strcmp(argv[1], "-n");
	const char *path = argv[argc - 1];
	if (argc < 2) {
		fprintf(stderr, "usage: sdtcheck [-n] ELF-FILE\n");
		return 2;
	}
	elf_version(EV_CURRENT);
	int fd = open(path, O_RDONLY);
	struct img im = {0};
	if (fd < 0 || !(im.elf = elf_begin(fd, ELF_C_READ, NULL)) ||
	    elf_getshdrstrndx(im.elf, &im.shstrndx) < 0) {
		fprintf(stderr, "sdtcheck: cannot read %s\n", path);
		return 1;
	}
	GElf_Shdr sh;
	if (find_section(&im, ".stapsdt.base", &sh)) {
		im.have_base = 1;
		im.base_addr = sh.sh_addr;
	}
	Elf_Scn *notes = find_section(&im, ".note.stapsdt", &sh);
	Elf_Data *d = notes ? elf_getdata(notes, NULL) : NULL;
	size_t off = 0, noff, doff;
	GElf_Nhdr nh;
	while (d && (off = gelf_getnote(d, off, &nh, &noff, &doff)) > 0) {
		if (nh.n_type != 3 || nh.n_namesz != 8 ||
		    memcmp((char *)d->d_buf + noff, "stapsdt", 8))
			printf("foreign-note type=%u\n", nh.n_type);
		else
			print_note(&im, (char *)d->d_buf + doff, nh.n_descsz, names_only);
	}
	elf_end(im.elf);
	close(fd);
	return 0;
}
