/* SPDX-License-Identifier: MIT */
/* process("PATH") resolution and .mark("NAME") matching as SystemTap 4.8 does them
 * (util.cxx find_executable, tapsets.cxx glob and `#!` handling, sdt_query): PATH ->
 * canonical files, then the SDT notes in each file whose names (and providers) match.
 *
 * Ownership: resolve_*() results and struct mark_set are owned by the caller and freed
 * with the matching *_free(); strings and notes inside stay valid until then.
 * Errors: 0 or -errno; err receives stap's message text without the "semantic error: "
 * prefix, e.g. "cannot find executable 'foo'". */
#ifndef UTAP_ELF_RESOLVE_H
#define UTAP_ELF_RESOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "elf/elf.h"
#include "elf/sdt.h"

struct resolve_paths {
	char **v; /* canonical absolute paths (realpath), deduplicated, glob order */
	size_t n;
	bool from_glob; /* PATH had glob characters: every entry is optional, n may be 0 */
};

/* True when s contains an unescaped glob character (*, ?, [). */
bool resolve_has_glob(const char *s);

/* Resolves one process("PATH") argument:
 *   - globs (`*?[`): glob(3), regular files only, realpath, dedup; n may be 0;
 *   - a name with '/': relative to the cwd;
 *   - a bare name: the first readable regular file on $PATH, else relative to the cwd;
 *   - a file starting with "#!" is replaced by its interpreter ("#!/usr/bin/env X"
 *     searches X on $PATH) when that is an executable regular file.
 * Non-glob PATHs that do not name an existing file give -ENOENT with
 * "cannot find executable 'PATH'". */
int resolve_exe_paths(const char *path, struct resolve_paths *out, char *err, size_t errlen);
void resolve_paths_free(struct resolve_paths *p);

/* process(PATH).library(LIB): the libraries the dynamic loader maps for exe (DT_NEEDED,
 * transitively, resolved through RPATH/RUNPATH, LD_LIBRARY_PATH and ld.so.cache by the
 * executable's own interpreter run in trace mode, as stap does; nothing of exe runs),
 * canonical paths, sorted. An executable without PT_INTERP gives 0 and no paths; an
 * interpreter that is not a standard glibc loader gives -ENOEXEC with its name in
 * interp (stap then warns "--ldd skipped"); an unreadable exe gives -ENOEXEC too. */
int resolve_needed_libs(const char *exe, struct resolve_paths *out, char *interp,
			size_t interp_len);
/* stap's find_executable(LIB, LD_LIBRARY_PATH): a name with '/' as is, else the first
 * readable regular file of that name in $LD_LIBRARY_PATH, else the bare name; then
 * canonicalized when it exists. The result has no '/' when nothing was found. Caller
 * frees. */
char *resolve_library_path(const char *name);

/* A mark pattern with stap's dtrace-style rewrite '-' -> "__". Caller frees. */
char *resolve_mark_pattern(const char *pat);
/* fnmatch(3) (flags 0) of the rewritten mark pattern against n->name and, when
 * provider_pat is not NULL, of provider_pat against n->provider. Patterns are used as
 * given: call resolve_mark_pattern() first. */
bool resolve_mark_matches(const struct sdt_note *n, const char *provider_pat, const char *mark_pat);

/* All marks matched by process(PATH)[.provider(PROV)].mark(MARK): one entry per file
 * that has matching notes (in resolve_exe_paths order), each with its matching notes in
 * section order; files without a match are closed again. provider may be NULL. A file
 * of a non-glob PATH that cannot be read gives its elf/sdt error (-ENOEXEC...); files
 * of a glob that cannot be read are skipped. Zero matches is not an error. */
struct mark_set;

int mark_set_resolve(const char *path, const char *provider, const char *mark,
		     struct mark_set **out, char *err, size_t errlen);
void mark_set_free(struct mark_set *ms);
size_t mark_set_file_count(const struct mark_set *ms);
/* Canonical path of file f. */
const char *mark_set_file_path(const struct mark_set *ms, size_t f);
/* The opened file f (symbols for argument decoding). */
const struct elf_file *mark_set_file_elf(const struct mark_set *ms, size_t f);
/* All notes of file f (matching or not). */
const struct sdt_notes *mark_set_file_notes(const struct mark_set *ms, size_t f);
size_t mark_set_mark_count(const struct mark_set *ms, size_t f);
const struct sdt_note *mark_set_mark(const struct mark_set *ms, size_t f, size_t i);
/* Total matching notes over all files. */
size_t mark_set_total(const struct mark_set *ms);
/* stap's suggestion list for "no match (similar marks: ...)": distinct mark names of all
 * files, closest first by edit distance to mark, at most 5 (stap's levenshtein_suggest),
 * joined with ", ". Empty string when there is nothing similar. Caller frees. */
char *mark_set_suggest(const struct mark_set *ms, const char *mark);

#endif
