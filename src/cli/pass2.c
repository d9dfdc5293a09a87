// SPDX-License-Identifier: MIT
/* Pass 2 of the utap command, as stap 4.8's main.cxx runs it: the tapset library is read
 * before the user script (pass 1a), then the script is elaborated (semantic_pass) and,
 * when stopping here, printed (-p2), listed (-l/-L) or dumped (--dump-*). Also stap's
 * "unused command line option" warning and the -v "Pass 2: analyzed script" line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/times.h>
#include <unistd.h>

#include "cli/list.h"
#include "cli/pass2.h"
#include "sema/sema.h"
#include "util/diag.h"

static bool dump_mode(const struct utap_opts *o)
{
	return o->list_pattern || o->dump_functions || o->dump_probe_types || o->dump_probe_aliases;
}

int pass2_load_tapsets(struct pass2 *p2, struct pass1 *p1, const struct utap_opts *o)
{
	*p2 = (struct pass2){0};
	if (o->dump_tokens)
		return -1; /* only the user script's tokens */
	tapset_path_init(&p2->path, NULL, o->include_dirs.v, o->include_dirs.n);
	tapset_path_collect(&p2->path, o->script_file);
	int usage = tapset_load(&p2->lib, p1->ctx, p1->diag, &p2->path, o->verbose);
	/* stap's pass 1a: any error counted so far (with -W, the warning about a broken
	 * tapset) fails pass 1 after the user script has been parsed too */
	p1->lib_failed = diag_num_errors(p1->diag) > 0;
	return usage ? 1 : -1;
}

static void mem_line(char *buf, size_t n)
{
	long sz = sysconf(_SC_PAGESIZE), v[7] = {0};
	FILE *f = fopen("/proc/self/statm", "r");
	if (f) {
		for (int i = 0; i < 7 && fscanf(f, "%ld", &v[i]) == 1; i++)
			;
		fclose(f);
	}
	snprintf(buf, n, "using %ldvirt/%ldres/%ldshr/%lddata kb, ", v[0] * sz / 1024,
		 v[1] * sz / 1024, v[2] * sz / 1024, v[5] * sz / 1024);
}

static void verbose_line(struct pass1 *p1, const struct program *p, const struct tms *t0,
			 const struct timeval *tv0)
{
	struct tms t1;
	struct timeval tv1;
	times(&t1);
	gettimeofday(&tv1, NULL);
	long tck = sysconf(_SC_CLK_TCK);
	int np = p ? p->probes.n : 0, nf = p ? p->functions.n : 0, ng = p ? p->globals.n : 0;
	char mem[160];
	mem_line(mem, sizeof(mem));
	diag_printf(p1->diag,
		    "Pass 2: analyzed script: %d probe%s, %d function%s, %d embed%s, %d global%s "
		    "%sin %ldusr/%ldsys/%ldreal ms.\n",
		    np, np == 1 ? "" : "s", nf, nf == 1 ? "" : "s", 0, "s", ng, ng == 1 ? "" : "s",
		    mem, (long)(t1.tms_utime - t0->tms_utime) * 1000 / tck,
		    (long)(t1.tms_stime - t0->tms_stime) * 1000 / tck,
		    (tv1.tv_sec - tv0->tv_sec) * 1000 + (tv1.tv_usec - tv0->tv_usec) / 1000);
}

/* main.cxx: unused $N/@N, unless the argv tapset (argc/argv globals) is in use */
static void unused_args(struct pass1 *p1, const struct program *p, const struct utap_opts *o)
{
	for (int i = 0; p && i < p->globals.n; i++)
		if (!strcmp(p->globals.v[i]->name, "argc") ||
		    !strcmp(p->globals.v[i]->name, "argv"))
			return;
	for (int i = 0; i < o->args.n; i++)
		if (!parser_ctx_arg_used(p1->ctx, i))
			diag_warn(p1->diag, NULL, "unused command line option $%d/@%d", i + 1,
				  i + 1);
}

static void fill_opts(struct sema_opts *so, const struct utap_opts *o, struct pass1 *p1)
{
	*so = (struct sema_opts){
	    .verbose = o->verbose,
	    .unoptimized = o->unoptimized || (o->list_pattern && o->list_vars),
	    .guru = o->guru,
	    .no_global_var_display = o->no_global_var_display,
	    .suppress_warnings = o->suppress_warnings || o->list_pattern,
	    .global_sets = o->global_sets.v,
	    .n_global_sets = o->global_sets.n,
	    .target_cmd = o->target_cmd,
	    .target_pid = o->target_pid,
	    .compatible = o->compatible ? o->compatible : "4.8",
	    .n_primary_files = o->extra_scripts.n ? 1 : p1->user_files.n,
	};
	if (o->list_pattern)
		so->dump = o->list_vars ? SEMA_DUMP_LIST_VARS : SEMA_DUMP_LIST;
	else if (o->dump_functions)
		so->dump = SEMA_DUMP_FUNCTIONS;
	else if (o->dump_probe_types)
		so->dump = SEMA_DUMP_PROBE_TYPES;
	else if (o->dump_probe_aliases)
		so->dump = SEMA_DUMP_PROBE_ALIASES;
}

int pass2_run(struct pass2 *p2, struct pass1 *p1, const struct utap_opts *o)
{
	struct sema_opts so;
	fill_opts(&so, o, p1);
	if (o->dump_probe_aliases) {
		sema_dump_probe_aliases(stdout, p2->lib.files.v, p2->lib.files.n, o->verbose);
		return 0;
	}
	if (o->dump_probe_types) {
		sema_dump_probe_types(stdout);
		return 0;
	}
	if (o->dump_functions)
		return sema_dump_functions(stdout, &so, p1->diag, p2->lib.files.v, p2->lib.files.n);
	struct tms t0;
	struct timeval tv0;
	times(&t0);
	gettimeofday(&tv0, NULL);
	int rc = sema_elaborate(&so, p1->diag, p1->user_files.v, p1->user_files.n, p2->lib.files.v,
				p2->lib.files.n, &p2->prog);
	if (o->list_pattern) {
		int n = p2->prog ? list_program(p2->prog, o->list_vars, o->verbose, stdout) : 0;
		return p2->prog && p2->prog->probes.n && n ? 0 : 1;
	}
	if (!rc && o->last_pass == 2)
		sema_print_program(stdout, p2->prog, o->verbose);
	fflush(stdout);
	if (o->verbose)
		verbose_line(p1, p2->prog, &t0, &tv0);
	unused_args(p1, p2->prog, o);
	if (rc && !dump_mode(o))
		diag_printf(p1->diag, "Pass 2: analysis failed.  [man error::pass2]\n");
	if (rc)
		return 1;
	if (o->last_pass == 2)
		return 0;
	/* what stap's translator would reject comes first in pass 3 */
	if (sema_check_translate(p2->prog, p1->diag)) {
		diag_printf(p1->diag, "Pass 3: translation failed.  [man error::pass3]\n");
		return 1;
	}
	return -1;
}

void pass2_free(struct pass2 *p2)
{
	program_free(p2->prog);
	p2->prog = NULL;
	tapset_lib_free(&p2->lib);
	tapset_path_free(&p2->path);
}
