// SPDX-License-Identifier: MIT
/* The tapset search path and file enumeration, following stap 4.8's pass 1a (main.cxx):
 * roots in order, most specific subdirectory first, *.stpm before *.stp, files sorted by
 * name, duplicates (same relative name or same inode) dropped with earlier roots winning.
 * Parsing the files is tapset_load.c's job. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "sema/tapset.h"
#include "util/alloc.h"

#ifndef UTAP_PREFIX
#define UTAP_PREFIX "/usr/local"
#endif

/* stap's normalize_machine (util.cxx), for the names we can meet. */
const char *tapset_arch(void)
{
	static char arch[80];
	if (arch[0])
		return arch;
	struct utsname u;
	const char *m = uname(&u) == 0 ? u.machine : "x86_64";
	if (!strcmp(m, "i486") || !strcmp(m, "i586") || !strcmp(m, "i686"))
		m = "i386";
	else if (!strcmp(m, "aarch64"))
		m = "arm64";
	else if (!strncmp(m, "arm", 3))
		m = "arm";
	else if (!strcmp(m, "s390x"))
		m = "s390";
	else if (!strcmp(m, "riscv64"))
		m = "riscv";
	else if (!strncmp(m, "ppc", 3))
		m = "powerpc";
	else if (!strncmp(m, "mips", 4))
		m = "mips";
	snprintf(arch, sizeof(arch), "%s", m);
	return arch;
}

static bool is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

char *tapset_builtin_dir(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char *cand = xasprintf("%s/../share/utap/tapset", exe);
			if (is_dir(cand))
				return cand;
			free(cand);
			cand = xasprintf("%s/../tapset", exe);
			if (is_dir(cand))
				return cand;
			free(cand);
		}
	}
	return xasprintf("%s/share/utap/tapset", UTAP_PREFIX);
}

static void add_root(struct tapset_path *tp, const char *dir, bool builtin)
{
	if (!dir || !*dir)
		return;
	size_t len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	char *d = xstrndup(dir, len);
	vec_foreach(&tp->roots, r)
	{
		if (!strcmp(r->dir, d)) {
			free(d);
			return;
		}
	}
	struct tapset_root r = {.dir = d, .builtin = builtin};
	vec_push(&tp->roots, r);
}

static void add_env_roots(struct tapset_path *tp, const char *var)
{
	const char *v = getenv(var);
	if (!v)
		return;
	char *copy = xstrdup(v), *save = NULL;
	for (char *t = strtok_r(copy, ":", &save); t; t = strtok_r(NULL, ":", &save))
		add_root(tp, t, false);
	free(copy);
}

void tapset_path_init(struct tapset_path *tp, const char *builtin_dir, const char *const *inc,
		      int n_inc)
{
	memset(tp, 0, sizeof(*tp));
	add_env_roots(tp, "SYSTEMTAP_TAPSET");
	add_env_roots(tp, "UTAP_TAPSET");
	if (builtin_dir) {
		add_root(tp, builtin_dir, true);
	} else {
		char *b = tapset_builtin_dir();
		add_root(tp, b, true);
		free(b);
	}
	for (int i = 0; i < n_inc; i++)
		add_root(tp, inc[i], false);
}

struct seen {
	VEC(char *) names;
	VEC(dev_t) devs;
	VEC(ino_t) inos;
};

static bool seen_name(struct seen *s, const char *tail)
{
	vec_foreach(&s->names, n)
	{
		if (!strcmp(*n, tail))
			return true;
	}
	vec_push(&s->names, xstrdup(tail));
	return false;
}

static bool seen_inode(struct seen *s, const struct stat *st)
{
	for (int i = 0; i < s->devs.n; i++)
		if (s->devs.v[i] == st->st_dev && s->inos.v[i] == st->st_ino)
			return true;
	vec_push(&s->devs, st->st_dev);
	vec_push(&s->inos, st->st_ino);
	return false;
}

static void seen_free(struct seen *s)
{
	vec_foreach(&s->names, n) free(*n);
	vec_free(&s->names);
	vec_free(&s->devs);
	vec_free(&s->inos);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_ext(const char *name, const char *ext)
{
	const char *dot = strrchr(name, '.');
	return dot && !strcmp(dot, ext);
}

struct strvec {
	char **v;
	int n, cap;
};

/* The regular files of dir with extension ext, full paths, sorted (std::set order). */
static void list_dir(const char *dir, const char *ext, struct strvec *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!has_ext(de->d_name, ext))
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
			vec_push(out, p);
		else
			free(p);
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, (size_t)out->n, sizeof(char *), cmp_str);
}

/* Every file with extension ext below dir, at any depth (stap's nftw walk of a root's
 * PATH/ subtree, whose tapsets name processes by their own path: see marks.c). */
static void list_tree(const char *dir, const char *ext, struct strvec *out, int depth)
{
	DIR *d = depth < 32 ? opendir(dir) : NULL;
	if (!d)
		return;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' && (!de->d_name[1] || !strcmp(de->d_name, "..")))
			continue;
		char *p = xasprintf("%s/%s", dir, de->d_name);
		struct stat st;
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			list_tree(p, ext, out, depth + 1);
			free(p);
		} else if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && has_ext(de->d_name, ext)) {
			vec_push(out, p);
		} else {
			free(p);
		}
	}
	closedir(d);
}

/* Subdirectories of a root, most specific first: stap's version_suffixes for the runtime
 * utap reports to %( runtime %) conditions, "dyninst" (a user-space runtime, which has no
 * kernel-version directories). */
static int subdirs(const char *out[4])
{
	static char rt_arch[100], arch[90];
	snprintf(rt_arch, sizeof(rt_arch), "/dyninst/%s", tapset_arch());
	snprintf(arch, sizeof(arch), "/%s", tapset_arch());
	out[0] = rt_arch;
	out[1] = "/dyninst";
	out[2] = arch;
	out[3] = "";
	return 4;
}

static void collect_ext(struct tapset_path *tp, const char *ext, const struct stat *user_st,
			bool is_macro)
{
	struct seen seen = {0};
	const char *sub[4];
	int nsub = subdirs(sub);
	for (int r = 0; r < tp->roots.n; r++) {
		const char *root = tp->roots.v[r].dir;
		for (int k = 0; k < nsub; k++) {
			char *dir = xasprintf("%s%s", root, sub[k]);
			struct strvec files = {0};
			list_dir(dir, ext, &files);
			if (!*sub[k]) { /* the root itself: also its PATH/ tree, one sorted set */
				char *pdir = xasprintf("%s/PATH", root);
				list_tree(pdir, ext, &files, 0);
				free(pdir);
				if (files.n > 1)
					qsort(files.v, (size_t)files.n, sizeof(char *), cmp_str);
			}
			int processed = 0;
			vec_foreach(&files, f)
			{
				struct stat st;
				int rc = stat(*f, &st);
				if (rc == 0 && user_st && user_st->st_dev == st.st_dev &&
				    user_st->st_ino == st.st_ino)
					vec_push(
					    &tp->usage_errors,
					    xasprintf(
						"usage error: %stapset file '%s' cannot be run "
						"directly as a session script.",
						is_macro ? "macro " : "", *f));
				if (rc == 0 && seen_inode(&seen, &st))
					continue;
				if (seen_name(&seen, *f + strlen(root)))
					continue;
				struct tapset_entry e = {.path = xstrdup(*f), .root = r};
				if (is_macro)
					vec_push(&tp->macro_files, e);
				else
					vec_push(&tp->files, e);
				processed++;
			}
			if (files.n)
				vec_push(
				    &tp->log,
				    xasprintf(is_macro
						  ? "Searched for library macro files: "
						    "\"%s\", found: %d, processed: %d"
						  : "Searched: \"%s\", found: %d, processed: %d",
					      dir, files.n, processed));
			vec_foreach(&files, f) free(*f);
			vec_free(&files);
			free(dir);
		}
	}
	seen_free(&seen);
}

int tapset_path_collect(struct tapset_path *tp, const char *user_script)
{
	struct stat user_st;
	const struct stat *ust = NULL;
	if (user_script && strcmp(user_script, "-") && stat(user_script, &user_st) == 0)
		ust = &user_st;
	collect_ext(tp, ".stpm", ust, true);
	collect_ext(tp, ".stp", ust, false);
	return 0;
}

void tapset_path_free(struct tapset_path *tp)
{
	vec_foreach(&tp->roots, r) free(r->dir);
	vec_foreach(&tp->macro_files, e) free(e->path);
	vec_foreach(&tp->files, e) free(e->path);
	vec_foreach(&tp->log, l) free(*l);
	vec_foreach(&tp->usage_errors, l) free(*l);
	vec_free(&tp->roots);
	vec_free(&tp->macro_files);
	vec_free(&tp->files);
	vec_free(&tp->log);
	vec_free(&tp->usage_errors);
}
