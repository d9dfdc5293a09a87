// SPDX-License-Identifier: MIT
/* process("PATH") -> canonical files, and .mark()/.provider() matching over their SDT
 * notes, following SystemTap 4.8 (util.cxx find_executable / glob_executable,
 * tapsets.cxx "#!" handling and sdt_query). No probe-point parsing and no output
 * formatting here: the CLI's listing and the semantic pass build on this. */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "elf/resolve.h"
#include "util/alloc.h"
#include "util/errbuf.h"
#include "util/strbuf.h"

bool resolve_has_glob(const char *s)
{
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			s++;
			continue;
		}
		if (*s == '*' || *s == '?' || *s == '[')
			return true;
	}
	return false;
}

static bool is_readable_file(const char *path)
{
	struct stat st;
	return access(path, R_OK) == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_exec_file(const char *path)
{
	struct stat st;
	return access(path, X_OK) == 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* find_executable: a name with '/' is taken as is; a bare name is searched on $PATH and
 * falls back to the cwd. The result is canonicalised when it exists. Caller frees. */
static char *find_executable(const char *name)
{
	char *found = NULL;
	if (!strchr(name, '/')) {
		const char *path = getenv("PATH");
		char *dirs = xstrdup(path ? path : "");
		for (char *save = NULL, *d = strtok_r(dirs, ":", &save); d && !found;
		     d = strtok_r(NULL, ":", &save)) {
			char *f = xasprintf("%s/%s", d, name);
			if (is_readable_file(f))
				found = f;
			else
				free(f);
		}
		free(dirs);
	}
	if (!found)
		found = xstrdup(name);
	char *real = realpath(found, NULL);
	if (real) {
		free(found);
		return real;
	}
	return found;
}

/* Trims spaces and tabs on both ends, in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* If path starts with "#!", returns its interpreter (through $PATH for
 * "#!/usr/bin/env X") when that is an executable regular file; else NULL. */
static char *script_interpreter(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return NULL;
	char line[PATH_MAX + 16];
	char *got = fgets(line, sizeof(line), f);
	fclose(f);
	if (!got || strncmp(line, "#!", 2) != 0)
		return NULL;
	line[strcspn(line, "\n")] = '\0';
	char *p = trim(line + 2);
	if (!*p)
		return NULL;
	const char *target = p;
	static const char *const envs[] = {"/bin/env", "/usr/bin/env"};
	for (size_t i = 0; i < 2; i++) {
		size_t n = strlen(envs[i]);
		if (strncmp(p, envs[i], n) == 0) {
			target = p + n + strspn(p + n, " \t");
			if (!*target)
				return NULL;
			break;
		}
	}
	/* stap passes the rest of the line, arguments included, to find_executable */
	char *exe = find_executable(target);
	if (is_exec_file(exe))
		return exe;
	free(exe);
	return NULL;
}

static void add_path(struct resolve_paths *out, char *p)
{
	for (size_t i = 0; i < out->n; i++)
		if (strcmp(out->v[i], p) == 0) {
			free(p);
			return;
		}
	out->v = xrealloc(out->v, (out->n + 1) * sizeof(*out->v));
	out->v[out->n++] = p;
}

/* One non-glob path: find it, require an existing file, follow "#!". */
static int resolve_one(const char *name, char **out)
{
	char *p = find_executable(name);
	if (!strchr(p, '/') || resolve_has_glob(p) || !is_readable_file(p)) {
		free(p);
		return -ENOENT;
	}
	char *interp = script_interpreter(p);
	if (interp) {
		free(p);
		p = interp;
	}
	*out = p;
	return 0;
}

static char *unescape_glob(const char *s)
{
	char *r = xmalloc(strlen(s) + 1), *o = r;
	for (; *s; s++) {
		if (*s == '\\' && s[1])
			s++;
		*o++ = *s;
	}
	*o = '\0';
	return r;
}

int resolve_exe_paths(const char *path, struct resolve_paths *out, char *err, size_t errlen)
{
	*out = (struct resolve_paths){0};
	if (!resolve_has_glob(path)) {
		char *plain = unescape_glob(path), *p;
		int rc = resolve_one(plain, &p);
		free(plain);
		if (rc) {
			errbuf_printf(err, errlen, "cannot find executable '%s'", path);
			return rc;
		}
		add_path(out, p);
		return 0;
	}
	out->from_glob = true;
	glob_t g;
	int rc = glob(path, 0, NULL, &g);
	if (rc == GLOB_NOSPACE)
		return -ENOMEM;
	if (rc != 0)
		return 0; /* no match or unreadable directory: optional, nothing found */
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct stat st;
		if (stat(g.gl_pathv[i], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		char *p;
		if (resolve_one(g.gl_pathv[i], &p) == 0)
			add_path(out, p);
	}
	globfree(&g);
	return 0;
}

void resolve_paths_free(struct resolve_paths *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	*p = (struct resolve_paths){0};
}

char *resolve_mark_pattern(const char *pat)
{
	struct strbuf sb = STRBUF_INIT;
	for (; *pat; pat++) {
		if (*pat == '-')
			sb_adds(&sb, "__");
		else
			sb_addc(&sb, *pat);
	}
	return sb_detach(&sb);
}

bool resolve_mark_matches(const struct sdt_note *n, const char *provider_pat, const char *mark_pat)
{
	if (fnmatch(mark_pat, n->name, 0) != 0)
		return false;
	return !provider_pat || fnmatch(provider_pat, n->provider, 0) == 0;
}

struct mark_file {
	char *path;
	struct elf_file *elf;
	struct sdt_notes *notes;
	const struct sdt_note **marks;
	size_t nmarks;
};

struct mark_seen {
	char *provider, *name;
};

struct mark_set {
	struct mark_file *files; /* only files with matching marks */
	size_t nfiles;
	struct mark_seen *seen; /* every mark of every file opened */
	size_t nseen;
	char *provider; /* as given (for suggestions), may be NULL */
};

/* Remembers every (provider, name) seen, for suggestions. */
static void note_seen(struct mark_set *ms, const struct sdt_notes *notes)
{
	for (size_t i = 0; i < sdt_notes_count(notes); i++) {
		const struct sdt_note *n = sdt_notes_get(notes, i);
		if (!n->name[0])
			continue;
		bool dup = false;
		for (size_t k = 0; k < ms->nseen && !dup; k++)
			dup = strcmp(ms->seen[k].name, n->name) == 0 &&
			      strcmp(ms->seen[k].provider, n->provider) == 0;
		if (dup)
			continue;
		ms->seen = xrealloc(ms->seen, (ms->nseen + 1) * sizeof(*ms->seen));
		ms->seen[ms->nseen].provider = xstrdup(n->provider);
		ms->seen[ms->nseen++].name = xstrdup(n->name);
	}
}

/* Opens one file and keeps it only when some of its notes match. */
static int add_file(struct mark_set *ms, char *path, const char *prov, const char *mark, char *err,
		    size_t errlen)
{
	struct elf_file *ef;
	int rc = elf_file_open(path, &ef, err, errlen);
	if (rc)
		return rc;
	struct sdt_notes *notes;
	rc = sdt_notes_read(ef, &notes, err, errlen);
	if (rc) {
		elf_file_free(ef);
		return rc;
	}
	note_seen(ms, notes);
	size_t n = sdt_notes_count(notes);
	const struct sdt_note **marks = xcalloc(n ? n : 1, sizeof(*marks));
	size_t nmarks = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sdt_note *note = sdt_notes_get(notes, i);
		if (resolve_mark_matches(note, prov, mark))
			marks[nmarks++] = note;
	}
	if (!nmarks) {
		free(marks);
		sdt_notes_free(notes);
		elf_file_free(ef);
		return 0;
	}
	ms->files = xrealloc(ms->files, (ms->nfiles + 1) * sizeof(*ms->files));
	ms->files[ms->nfiles++] = (struct mark_file){
	    .path = xstrdup(path),
	    .elf = ef,
	    .notes = notes,
	    .marks = marks,
	    .nmarks = nmarks,
	};
	return 0;
}

int mark_set_resolve(const char *path, const char *provider, const char *mark,
		     struct mark_set **out, char *err, size_t errlen)
{
	*out = NULL;
	struct resolve_paths paths;
	int rc = resolve_exe_paths(path, &paths, err, errlen);
	if (rc)
		return rc;
	struct mark_set *ms = xcalloc(1, sizeof(*ms));
	ms->provider = provider ? xstrdup(provider) : NULL;
	char *mpat = resolve_mark_pattern(mark);
	for (size_t i = 0; i < paths.n; i++) {
		rc = add_file(ms, paths.v[i], provider, mpat, err, errlen);
		if (rc && paths.from_glob)
			rc = 0; /* each glob expansion is optional */
		if (rc)
			break;
	}
	free(mpat);
	resolve_paths_free(&paths);
	if (rc) {
		mark_set_free(ms);
		return rc;
	}
	*out = ms;
	return 0;
}

void mark_set_free(struct mark_set *ms)
{
	if (!ms)
		return;
	for (size_t i = 0; i < ms->nfiles; i++) {
		free(ms->files[i].path);
		free(ms->files[i].marks);
		sdt_notes_free(ms->files[i].notes);
		elf_file_free(ms->files[i].elf);
	}
	free(ms->files);
	for (size_t i = 0; i < ms->nseen; i++) {
		free(ms->seen[i].provider);
		free(ms->seen[i].name);
	}
	free(ms->seen);
	free(ms->provider);
	free(ms);
}

size_t mark_set_file_count(const struct mark_set *ms)
{
	return ms->nfiles;
}

const char *mark_set_file_path(const struct mark_set *ms, size_t f)
{
	return f < ms->nfiles ? ms->files[f].path : NULL;
}

const struct elf_file *mark_set_file_elf(const struct mark_set *ms, size_t f)
{
	return f < ms->nfiles ? ms->files[f].elf : NULL;
}

const struct sdt_notes *mark_set_file_notes(const struct mark_set *ms, size_t f)
{
	return f < ms->nfiles ? ms->files[f].notes : NULL;
}

size_t mark_set_mark_count(const struct mark_set *ms, size_t f)
{
	return f < ms->nfiles ? ms->files[f].nmarks : 0;
}

const struct sdt_note *mark_set_mark(const struct mark_set *ms, size_t f, size_t i)
{
	if (f >= ms->nfiles || i >= ms->files[f].nmarks)
		return NULL;
	return ms->files[f].marks[i];
}

size_t mark_set_total(const struct mark_set *ms)
{
	size_t n = 0;
	for (size_t i = 0; i < ms->nfiles; i++)
		n += ms->files[i].nmarks;
	return n;
}

/* stap's util.cxx levenshtein: substitution costs 2 (1 when only the case differs),
 * insertion and deletion 2. */
static unsigned levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned *row = xcalloc(lb + 1, sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j], v;
			if (a[i - 1] == b[j - 1]) {
				v = diag;
			} else {
				unsigned sub = diag + (tolower((unsigned char)a[i - 1]) ==
							       tolower((unsigned char)b[j - 1])
							   ? 1
							   : 2);
				v = sub;
				if (up + 2 < v)
					v = up + 2;
				if (row[j - 1] + 2 < v)
					v = row[j - 1] + 2;
			}
			diag = up;
			row[j] = v;
		}
	}
	unsigned r = row[lb];
	free(row);
	return r;
}

struct cand {
	char *name;
	unsigned score;
};

static int cmp_cand_name(const void *a, const void *b)
{
	return strcmp(((const struct cand *)a)->name, ((const struct cand *)b)->name);
}

static int cmp_cand_score(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Replaces every "__" by "-" (stap does this when the pattern had a '-'). */
static char *dashify(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	while (*s) {
		if (s[0] == '_' && s[1] == '_') {
			sb_addc(&sb, '-');
			s += 2;
		} else {
			sb_addc(&sb, *s++);
		}
	}
	return sb_detach(&sb);
}

char *mark_set_suggest(const struct mark_set *ms, const char *mark)
{
	struct cand *c = NULL;
	size_t n = 0;
	bool dash = strchr(mark, '-') != NULL;
	for (size_t i = 0; i < ms->nseen; i++) {
		const struct mark_seen *m = &ms->seen[i];
		if (ms->provider && fnmatch(ms->provider, m->provider, 0) != 0)
			continue;
		c = xrealloc(c, (n + 1) * sizeof(*c));
		c[n++].name = dash ? dashify(m->name) : xstrdup(m->name);
	}
	if (n)
		qsort(c, n, sizeof(*c), cmp_cand_name);
	size_t u = 0; /* dedup (stap collects a std::set) */
	for (size_t i = 0; i < n; i++) {
		if (u && strcmp(c[u - 1].name, c[i].name) == 0) {
			free(c[i].name);
			continue;
		}
		c[u] = c[i];
		c[u].score = levenshtein(mark, c[u].name);
		u++;
	}
	if (u)
		qsort(c, u, sizeof(*c), cmp_cand_score);
	struct strbuf sb = STRBUF_INIT;
	sb_adds(&sb, "");
	for (size_t i = 0; i < u; i++) {
		if (i < 5)
			sb_printf(&sb, "%s%s", i ? ", " : "", c[i].name);
		free(c[i].name);
	}
	free(c);
	return sb_detach(&sb);
}
