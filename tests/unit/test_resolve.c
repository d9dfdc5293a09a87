// SPDX-License-Identifier: MIT
/* Unit tests for elf/resolve.h: glob detection, '-' -> "__", mark and provider matching,
 * PATH resolution (absolute, glob with dedup, missing files, "#!"), and mark sets with
 * stap's "similar marks" suggestions, on ELF files written by elfgen.h. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "elf/resolve.h"
#include "elfgen.h"

static char dir[4096] = "/tmp/utap-test-resolve.XXXXXX";

static const struct eg_note notes[] = {
    {0x1100, 0x2000, 0, "prov", "query__start", "-4@%edi"},
    {0x1110, 0x2000, 0, "prov", "query__done", "-4@%edi -8@%rsi"},
    {0x1120, 0x2000, 0, "other", "query__start", ""},
    {0x1130, 0x2000, 0, "prov", "Cache", ""},
    {0x1140, 0x2000, 0, "prov", "query__start", "-4@%esi"},
};

static char *write_elf(const char *name)
{
	struct eg_spec sp = {
	    .is64 = 1,
	    .type = ET_DYN,
	    .machine = EM_X86_64,
	    .has_stapsdt_base = 1,
	    .notes = notes,
	    .nnotes = 5,
	};
	size_t len;
	unsigned char *img = eg_build(&sp, &len);
	char *path = malloc(strlen(dir) + strlen(name) + 2);
	sprintf(path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	CHECK(f != NULL);
	if (f) {
		CHECK_EQ_INT(fwrite(img, 1, len, f), len);
		fclose(f);
	}
	chmod(path, 0755);
	free(img);
	return path;
}

static void test_patterns(void)
{
	CHECK(resolve_has_glob("/usr/lib*/libc.so.6"));
	CHECK(resolve_has_glob("a?b"));
	CHECK(resolve_has_glob("[ab]"));
	CHECK(!resolve_has_glob("/usr/bin/ls"));
	CHECK(!resolve_has_glob("a\\*b"));
	char *p = resolve_mark_pattern("query-start");
	CHECK_EQ_STR(p, "query__start");
	free(p);
	p = resolve_mark_pattern("a-b-*");
	CHECK_EQ_STR(p, "a__b__*");
	free(p);
	struct sdt_note n = {.provider = "prov", .name = "query__start", .args = ""};
	CHECK(resolve_mark_matches(&n, NULL, "query__start"));
	CHECK(resolve_mark_matches(&n, NULL, "query*"));
	CHECK(resolve_mark_matches(&n, NULL, "*"));
	CHECK(!resolve_mark_matches(&n, NULL, "query"));
	CHECK(!resolve_mark_matches(&n, NULL, "query-start")); /* rewrite first */
	CHECK(resolve_mark_matches(&n, "pr?v", "query__start"));
	CHECK(!resolve_mark_matches(&n, "other", "query__start"));
}

static void test_paths(const char *a, const char *b)
{
	struct resolve_paths rp;
	char err[256];
	CHECK_EQ_INT(resolve_exe_paths(a, &rp, err, sizeof(err)), 0);
	CHECK_EQ_INT(rp.n, 1);
	CHECK(!rp.from_glob);
	CHECK_EQ_STR(rp.v[0], a);
	resolve_paths_free(&rp);

	/* a symlink resolves to the real file; a glob deduplicates by real path */
	char *link = malloc(strlen(dir) + 8);
	sprintf(link, "%s/c.lnk", dir);
	CHECK_EQ_INT(symlink(a, link), 0);
	CHECK_EQ_INT(resolve_exe_paths(link, &rp, err, sizeof(err)), 0);
	CHECK_EQ_STR(rp.v[0], a);
	resolve_paths_free(&rp);
	char *glob = malloc(strlen(dir) + 8);
	sprintf(glob, "%s/*", dir);
	CHECK_EQ_INT(resolve_exe_paths(glob, &rp, err, sizeof(err)), 0);
	CHECK(rp.from_glob);
	CHECK_EQ_INT(rp.n, 2);
	if (rp.n == 2) {
		CHECK_EQ_STR(rp.v[0], a);
		CHECK_EQ_STR(rp.v[1], b);
	}
	resolve_paths_free(&rp);
	sprintf(glob, "%s/z*", dir);
	CHECK_EQ_INT(resolve_exe_paths(glob, &rp, err, sizeof(err)), 0);
	CHECK_EQ_INT(rp.n, 0);
	resolve_paths_free(&rp);

	CHECK_EQ_INT(resolve_exe_paths("/nonexistent/x", &rp, err, sizeof(err)), -ENOENT);
	CHECK_EQ_STR(err, "cannot find executable '/nonexistent/x'");
	CHECK_EQ_INT(resolve_exe_paths("utap-surely-not-on-path", &rp, err, sizeof(err)), -ENOENT);
	CHECK_EQ_STR(err, "cannot find executable 'utap-surely-not-on-path'");
	CHECK_EQ_INT(resolve_exe_paths(dir, &rp, err, sizeof(err)), -ENOENT); /* a directory */

	/* "#!" scripts are replaced by their interpreter */
	char *script = malloc(strlen(dir) + 12);
	sprintf(script, "%s/s.script", dir);
	FILE *f = fopen(script, "w");
	if (f) {
		fprintf(f, "#!  %s  \nexit 0\n", b);
		fclose(f);
	}
	CHECK_EQ_INT(resolve_exe_paths(script, &rp, err, sizeof(err)), 0);
	CHECK(rp.n == 1 && strcmp(rp.v[0], b) == 0);
	resolve_paths_free(&rp);
	unlink(script);
	unlink(link);
	free(script);
	free(link);
	free(glob);
}

static void test_marks(const char *a)
{
	struct mark_set *ms;
	char err[256];
	CHECK_EQ_INT(mark_set_resolve(a, NULL, "query-start", &ms, err, sizeof(err)), 0);
	if (!ms)
		return;
	CHECK_EQ_INT(mark_set_file_count(ms), 1);
	CHECK_EQ_STR(mark_set_file_path(ms, 0), a);
	CHECK(mark_set_file_elf(ms, 0) != NULL);
	CHECK_EQ_INT(sdt_notes_count(mark_set_file_notes(ms, 0)), 5);
	CHECK_EQ_INT(mark_set_mark_count(ms, 0), 3);
	CHECK_EQ_INT(mark_set_total(ms), 3);
	CHECK_EQ_INT(mark_set_mark(ms, 0, 0)->pc, 0x1100); /* section order */
	CHECK_EQ_INT(mark_set_mark(ms, 0, 1)->pc, 0x1120);
	CHECK_EQ_INT(mark_set_mark(ms, 0, 2)->pc, 0x1140);
	CHECK(mark_set_mark(ms, 0, 3) == NULL);
	CHECK(mark_set_file_path(ms, 1) == NULL);
	mark_set_free(ms);

	CHECK_EQ_INT(mark_set_resolve(a, "prov", "query__*", &ms, err, sizeof(err)), 0);
	CHECK_EQ_INT(mark_set_total(ms), 3);
	mark_set_free(ms);

	/* no match: the file is dropped, suggestions come from what was seen */
	CHECK_EQ_INT(mark_set_resolve(a, NULL, "query__stat", &ms, err, sizeof(err)), 0);
	CHECK_EQ_INT(mark_set_file_count(ms), 0);
	CHECK_EQ_INT(mark_set_total(ms), 0);
	char *sug = mark_set_suggest(ms, "query__stat");
	CHECK_EQ_STR(sug, "query__start, query__done, Cache");
	free(sug);
	sug = mark_set_suggest(ms, "cache");
	CHECK_EQ_STR(sug, "Cache, query__done, query__start"); /* case: half penalty */
	free(sug);
	sug = mark_set_suggest(ms, "query-stat"); /* dash pattern: names shown with '-' */
	CHECK_EQ_STR(sug, "query-start, query-done, Cache");
	free(sug);
	mark_set_free(ms);
	CHECK_EQ_INT(mark_set_resolve(a, "other", "x", &ms, err, sizeof(err)), 0);
	sug = mark_set_suggest(ms, "x");
	CHECK_EQ_STR(sug, "query__start"); /* only the provider's marks */
	free(sug);
	mark_set_free(ms);

	CHECK_EQ_INT(mark_set_resolve("/nonexistent/x", NULL, "*", &ms, err, sizeof(err)), -ENOENT);
	CHECK(ms == NULL);
	mark_set_free(NULL);
}

int main(void)
{
	test_patterns();
	if (!mkdtemp(dir)) {
		CHECK(0);
		return check_done("test_resolve");
	}
	char *real = realpath(dir, NULL);
	snprintf(dir, sizeof(dir), "%s", real);
	free(real);
	char *a = write_elf("a.elf"), *b = write_elf("b.elf");
	test_paths(a, b);
	test_marks(a);
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
	return check_done("test_resolve");
}
