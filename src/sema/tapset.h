/* SPDX-License-Identifier: MIT */
/* The tapset library: where tapset files are searched (stap 4.8 main.cxx pass 1a and
 * session.cxx include_path), in which order they are read, and loading them through the
 * parser. Which tapset files a script actually uses is decided later by elaboration
 * (a file is included whole when the script references a symbol it defines). */
#ifndef UTAP_SEMA_TAPSET_H
#define UTAP_SEMA_TAPSET_H

#include <stdbool.h>

#include "util/vec.h"

/* One directory of the search path, in search order. */
struct tapset_root {
	char *dir;
	bool builtin; /* utap's own tapset directory */
};

/* One tapset file to read. */
struct tapset_entry {
	char *path; /* root + subdir + name */
	int root;   /* index into tapset_path.roots */
};

struct tapset_path {
	VEC(struct tapset_root) roots;
	VEC(struct tapset_entry) macro_files; /* *.stpm, in load order */
	VEC(struct tapset_entry) files;	      /* *.stp, in load order */
	/* -vv lines ("Searched: \"DIR\", found: N, processed: N"), one per searched
	 * directory that had files, for macro files then tapset files. */
	VEC(char *) log;
	/* "usage error: ..." lines for tapset files that are the user script itself */
	VEC(char *) usage_errors;
};

/* utap's installed tapset directory, found relative to the running executable:
 * EXEDIR/../share/utap/tapset, else EXEDIR/../tapset (running from build/ in the source
 * tree), else PREFIX/share/utap/tapset. Returns a malloc'd path (never NULL). */
char *tapset_builtin_dir(void);

/* Builds the search path: $SYSTEMTAP_TAPSET, $UTAP_TAPSET (each may list several
 * directories separated by ':'), utap's own directory (builtin_dir, or
 * tapset_builtin_dir() when NULL), then every -I dir. Later duplicates of a directory
 * are dropped. */
void tapset_path_init(struct tapset_path *tp, const char *builtin_dir, const char *const *inc,
		      int n_inc);

/* Collects the files: for each root, its subdirectories from the most specific
 * ("dyninst/ARCH", "dyninst", "ARCH", then the root itself: utap is a user-space
 * runtime, as stap --runtime=dyninst), each directory's *.stpm (all
 * roots first) then *.stp in name order. A file whose path relative to its root was
 * already seen, or whose inode was, is skipped (earlier roots win). user_script, when
 * not NULL, is the user's script path: a tapset file that is the same inode is
 * reported in usage_errors. Returns 0 (unreadable directories are skipped). */
int tapset_path_collect(struct tapset_path *tp, const char *user_script);

void tapset_path_free(struct tapset_path *tp);

struct parser_ctx;
struct diag;

/* The tapset library of a session: every file of the search path that parsed. */
struct tapset_lib {
	VEC(struct ast_file *) files; /* in load order */
	int n_macro_files;	      /* .stpm files that were read */
};

/* Reads the library: every .stpm file (its macros become global to the session), then
 * every .stp file (parsed in guru mode, errors shown as warnings and not counted; a file
 * with errors is skipped with stap's warning). -vv prints the "Searched: ..." lines.
 * Returns the number of usage errors (a tapset file that is the user script). The ASTs
 * belong to ctx. */
int tapset_load(struct tapset_lib *lib, struct parser_ctx *ctx, struct diag *d,
		const struct tapset_path *tp, int verbose);
void tapset_lib_free(struct tapset_lib *lib);

/* The architecture name used for the ARCH subdirectories ("x86_64", "arm64", ...). */
const char *tapset_arch(void);

#endif
