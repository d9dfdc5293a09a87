// SPDX-License-Identifier: MIT
/* utap-dtrace: a provider file (probes.d) becomes a probe header (-h), a probes-off header
 * (--disable -h) or an object with the semaphores (-G). Accepts SystemTap dtrace's command
 * lines, so a link named `dtrace` serves autotools/CMake builds unchanged. Outputs appear
 * atomically (temporary file + rename): a failed run leaves no output file behind. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dtrace/gen.h"
#include "dtrace/provider.h"
#include "dtrace/spawn.h"
#include "util/alloc.h"
#include "util/strbuf.h"
#include "util/vec.h"

enum mode { MODE_NONE, MODE_HEADER, MODE_OBJECT };

struct dtrace_opts {
	enum mode mode;
	bool both_modes; /* -h and -G together: stap makes the header */
	bool disable;	 /* --disable: probes-off header */
	bool use_cpp;	 /* -C */
	bool keep;	 /* -k */
	bool compat;	 /* invoked as `dtrace` */
	const char *input, *output;
	VEC(char *) cppflags; /* -I/-D/-U, for cpp and cc (owned) */
};

static const char *progname = "utap-dtrace";

/* One write per message: stderr may be shared with other processes of a parallel build. */
__attribute__((format(printf, 1, 2))) static void say(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	if (write(2, sb.s, sb.len) < 0) {
		/* nothing better to do */
	}
	sb_free(&sb);
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: %s [--help] [--version] [-h | -G] [--disable] [-C [-I<dir>] [-D<def>]] "
		"-s file.d [-o file] [-k]\n",
		progname);
}

static void help(void)
{
	usage(stdout);
	puts(
	    "  -h          write a header with a PROVIDER_PROBE(args) macro per probe\n"
	    "  -G          write an object that defines the probes' semaphores ($CC, $CFLAGS)\n"
	    "  --disable   with -h: a header whose probes compile to nothing\n"
	    "  -s FILE     the provider file\n"
	    "  -o FILE     output file (default: FILE.d's basename with .h or .o)\n"
	    "  -C          run the C preprocessor ($CPP, default cpp) on the provider file\n"
	    "  -I DIR, -D NAME[=VAL], -U NAME   passed to the preprocessor and compiler\n"
	    "  -k          keep temporary files\n"
	    "  --help, --version\n"
	    "Ignored for compatibility with SystemTap's dtrace: -32 -64 -fpic -fPIC -x ARG --types "
	    "--no-pyparsing");
}

/* ---- options -------------------------------------------------------------------------- */

static int opt_value(int argc, char **argv, int *i, const char **val)
{
	if (*i + 1 >= argc) {
		say("%s: option '%s' needs an argument\n", progname, argv[*i]);
		return -1;
	}
	*val = argv[++*i];
	return 0;
}

/* -h -G --disable -C -k: the mode switches. Returns 1 when the option was one of them. */
static int opt_mode(struct dtrace_opts *o, const char *a)
{
	enum mode m = !strcmp(a, "-h") ? MODE_HEADER : !strcmp(a, "-G") ? MODE_OBJECT : MODE_NONE;
	if (m != MODE_NONE) {
		if (o->mode != MODE_NONE && o->mode != m)
			o->both_modes = true;
		if (o->mode != MODE_HEADER)
			o->mode = m;
		return 1;
	}
	if (!strcmp(a, "--disable"))
		o->disable = true;
	else if (!strcmp(a, "-C"))
		o->use_cpp = true;
	else if (!strcmp(a, "-k"))
		o->keep = true;
	else
		return 0;
	return 1;
}

/* -I -D -U (joined or separate): preprocessor flags. Returns 1 if handled, -1 on error. */
static int opt_cpp(struct dtrace_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	if (a[0] != '-' || !strchr("IDU", a[1]) || a[1] == '\0')
		return 0;
	if (a[2]) {
		vec_push(&o->cppflags, xstrdup(a));
		return 1;
	}
	const char *val;
	if (opt_value(argc, argv, i, &val) < 0)
		return -1;
	vec_push(&o->cppflags, xasprintf("%s%s", a, val));
	return 1;
}

/* Options stap's dtrace accepts and ignores. Returns 1 if handled. */
static int opt_ignored(int argc, char **argv, int *i)
{
	static const char *const plain[] = {"-32", "-64", "-fpic", "-fPIC", "--no-pyparsing"};
	const char *a = argv[*i];
	for (size_t k = 0; k < sizeof(plain) / sizeof(plain[0]); k++)
		if (!strcmp(a, plain[k]))
			return 1;
	if (!strcmp(a, "-x")) {
		if (*i + 1 < argc)
			++*i;
		return 1;
	}
	if (!strcmp(a, "--types")) {
		say("%s: note: obsolete option --types used\n", progname);
		return 1;
	}
	return 0;
}

/* Returns 0 to go on, or an exit status + 1 (so --help can stop with status 0). */
static int parse_opts(struct dtrace_opts *o, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int r;
		if (!strcmp(a, "--help")) {
			help();
			return 1;
		}
		if (!strcmp(a, "--version")) {
			printf("utap-dtrace (utap) %s\n", UTAP_VERSION);
			return 1;
		}
		if (!strcmp(a, "-s") || !strcmp(a, "-o")) {
			if (opt_value(argc, argv, &i, a[1] == 's' ? &o->input : &o->output) < 0)
				return 2;
		} else if (opt_mode(o, a) || opt_ignored(argc, argv, &i)) {
			continue;
		} else if ((r = opt_cpp(o, argc, argv, &i)) != 0) {
			if (r < 0)
				return 2;
		} else if (a[0] == '-' && a[1]) {
			say("%s: invalid option %s\n", progname, a);
			usage(stderr);
			return 2;
		} else if (!o->input) {
			o->input = a;
		} else if (!o->compat) { /* stap's dtrace silently ignores stray words */
			say("%s: unexpected argument '%s' (the provider file is %s)\n", progname, a,
			    o->input);
			return 2;
		}
	}
	if (o->mode == MODE_NONE || !o->input) {
		if (o->mode == MODE_NONE)
			say("%s: one of -h or -G is required\n", progname);
		else
			say("%s: no provider file (-s file.d)\n", progname);
		usage(stderr);
		return 2;
	}
	if (o->both_modes && !o->compat) {
		say("%s: -h and -G cannot be used together\n", progname);
		return 2;
	}
	return 0;
}

/* ---- input ---------------------------------------------------------------------------- */

/* Provider files beyond this are refused rather than read until memory runs out
 * (/dev/zero, an endless pipe); real ones are a few kilobytes. */
#define PROVIDER_MAX_BYTES (16u << 20)

static int read_file(const char *path, struct strbuf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -errno;
	struct stat st;
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return -EISDIR;
	}
	char buf[65536];
	size_t n;
	int err = 0;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (out->len + n > PROVIDER_MAX_BYTES) {
			err = -EFBIG;
			break;
		}
		sb_add(out, buf, n);
	}
	if (!err && ferror(f))
		err = -EIO;
	fclose(f);
	return err;
}

/* Deterministic names for -k's kept files, as stap's dtrace (reproducible builds). */
static char *keep_name(const char *what, const char *path, const char *suffix)
{
	unsigned long h = 2166136261UL;
	for (const char *s = what; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619UL;
	for (const char *s = path; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619UL;
	return xasprintf(".dtrace-temp.%08lx%s", h & 0xffffffffUL, suffix);
}

static int write_atomic(const char *path, const char *data, size_t len);

/* $CPP [-I.. -D..] file > text */
static int run_cpp(const struct dtrace_opts *o, struct strbuf *text)
{
	char **argv = NULL;
	int n = 0;
	const char *cpp = getenv("CPP");
	spawn_split_words(cpp && *cpp ? cpp : "cpp", &argv, &n);
	argv = xrealloc(argv, sizeof(char *) * (size_t)(n + o->cppflags.n + 2));
	for (int i = 0; i < o->cppflags.n; i++)
		argv[n++] = xstrdup(o->cppflags.v[i]);
	argv[n++] = xstrdup(o->input);
	argv[n] = NULL;
	int rc = spawn_run((const char *const *)argv, NULL, 0, text);
	if (rc < 0)
		say("%s: cannot run %s: %s\n", progname, argv[0], strerror(-rc));
	else if (rc > 0)
		say("%s: %s failed on %s (status %d)\n", progname, argv[0], o->input, rc);
	for (int i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
	if (rc == 0 && o->keep) {
		char *k = keep_name("use_cpp", o->input, ".d");
		if (write_atomic(k, text->s ? text->s : "", text->len) == 0)
			printf("cpp: %s\n", k);
		free(k);
	}
	return rc == 0 ? 0 : -1;
}

static struct provider_file *load(const struct dtrace_opts *o)
{
	struct strbuf text = STRBUF_INIT;
	if (o->use_cpp) {
		if (run_cpp(o, &text) < 0) {
			sb_free(&text);
			return NULL;
		}
	} else {
		int err = read_file(o->input, &text);
		if (err < 0) {
			say("%s: cannot read %s: %s\n", progname, o->input, strerror(-err));
			sb_free(&text);
			return NULL;
		}
	}
	struct provider_file *pf = provider_parse(text.s ? text.s : "", text.len, o->input);
	for (int i = 0; i < pf->diags.n; i++) {
		struct strbuf msg = STRBUF_INIT;
		provider_diag_format(&pf->diags.v[i], &msg);
		say("%s", msg.s);
		sb_free(&msg);
	}
	if (pf->nerrors > pf->diags.n)
		say("%s: %d more errors not shown\n", o->input, pf->nerrors - pf->diags.n);
	sb_free(&text);
	return pf;
}

/* ---- output --------------------------------------------------------------------------- */

static mode_t file_mode(void)
{
	mode_t mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* A temporary file next to `path`; returns its fd (name in *tmp) or -errno. */
static int make_temp(const char *path, char **tmp)
{
	*tmp = xasprintf("%s.tmpXXXXXX", path);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		int err = -errno;
		free(*tmp);
		*tmp = NULL;
		return err;
	}
	return fd;
}

static int write_atomic(const char *path, const char *data, size_t len)
{
	char *tmp;
	int fd = make_temp(path, &tmp), err = 0;
	if (fd < 0)
		return fd;
	for (size_t done = 0; done < len;) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		done += (size_t)n;
	}
	if (!err && fchmod(fd, file_mode()) < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	if (!err && rename(tmp, path) < 0)
		err = -errno;
	if (err)
		unlink(tmp);
	free(tmp);
	return err;
}

static char *default_output(const char *input, const char *suffix)
{
	char *copy = xstrdup(input);
	char *base = basename(copy);
	char *dot = strrchr(base, '.');
	if (dot && dot != base)
		*dot = '\0';
	char *out = xasprintf("%s%s", base, suffix);
	free(copy);
	return out;
}

static int emit_header(const struct dtrace_opts *o, const struct provider_file *pf, const char *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct gen_opts g = {.input = o->input, .output = out};
	if (o->disable)
		gen_header_off(pf, &g, &sb);
	else
		gen_header(pf, &g, &sb);
	int err = write_atomic(out, sb.s, sb.len);
	if (err < 0)
		say("%s: cannot write %s: %s\n", progname, out, strerror(-err));
	sb_free(&sb);
	return err < 0 ? -1 : 0;
}

static int emit_object(const struct dtrace_opts *o, const struct provider_file *pf, const char *out)
{
	struct strbuf sb = STRBUF_INIT;
	struct gen_opts g = {.input = o->input, .output = out};
	char *tmp = NULL;
	int rc = -1;
	gen_semaphores(pf, &g, &sb);
	if (o->keep) {
		char *k = keep_name("build_source", o->input, ".c");
		if (write_atomic(k, sb.s, sb.len) == 0)
			printf("source: %s\n", k);
		free(k);
	}
	int fd = make_temp(out, &tmp);
	if (fd < 0) {
		say("%s: cannot create %s: %s\n", progname, out, strerror(-fd));
		goto done;
	}
	close(fd);
	int cc = gen_compile_object(sb.s, sb.len, (const char *const *)o->cppflags.v, o->cppflags.n,
				    tmp);
	if (cc < 0)
		say("%s: cannot run the C compiler ($CC): %s\n", progname, strerror(-cc));
	else if (cc > 0)
		say("%s: compiling the semaphores of %s failed (status %d)\n", progname, o->input,
		    cc);
	else if (chmod(tmp, file_mode()) < 0 || rename(tmp, out) < 0)
		say("%s: cannot write %s: %s\n", progname, out, strerror(errno));
	else
		rc = 0;
	if (rc < 0)
		unlink(tmp);
done:
	free(tmp);
	sb_free(&sb);
	return rc;
}

/* Out of memory: one line (without allocating), exit status 1 rather than an abort. */
static void oom(size_t want)
{
	char msg[128];
	(void)want;
	int n = snprintf(msg, sizeof(msg), "%s: out of memory\n", progname);
	if (n > 0 && write(2, msg, (size_t)n < sizeof(msg) ? (size_t)n : sizeof(msg) - 1) < 0) {
		/* nothing more to do */
	}
	exit(1);
}

int main(int argc, char **argv)
{
	util_set_oom(oom);
	struct dtrace_opts o = {0};
	const char *slash = strrchr(argv[0], '/');
	progname = slash ? slash + 1 : argv[0];
	o.compat = !strcmp(progname, "dtrace");
	int st = parse_opts(&o, argc, argv), rc = -1;
	struct provider_file *pf = NULL;
	if (st) {
		rc = st - 1;
		goto out;
	}
	pf = load(&o);
	if (pf && !pf->nerrors) {
		char *out = o.output ? xstrdup(o.output)
				     : default_output(o.input, o.mode == MODE_HEADER ? ".h" : ".o");
		rc = o.mode == MODE_HEADER ? emit_header(&o, pf, out) : emit_object(&o, pf, out);
		free(out);
	}
	rc = rc < 0 ? 1 : 0;
out:
	provider_file_free(pf);
	for (int i = 0; i < o.cppflags.n; i++)
		free(o.cppflags.v[i]);
	vec_free(&o.cppflags);
	return rc;
}
