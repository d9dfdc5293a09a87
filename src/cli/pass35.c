// SPDX-License-Identifier: MIT
/* Passes 3-5 of the utap command: -D limits, --compatible, compilation (with -p3 /
 * --dump-bytecode output) and the run. Maps failures to stap's messages and exit codes. */
#include "cli/pass35.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comp/compile.h"
#include "comp/disasm.h"
#include "cli/passtime.h"
#include "run/run.h"
#include "util/strbuf.h"

static int compat_code(const char *v)
{
	int major = 4, minor = 8;
	if (v && *v) {
		char *end;
		major = (int)strtol(v, &end, 10);
		minor = *end == '.' ? (int)strtol(end + 1, NULL, 10) : 0;
	}
	return major << 8 | minor;
}

static int limits_from(const struct utap_opts *o, struct vm_limits *l)
{
	vm_limits_default(l);
	for (int i = 0; i < o->defines.n; i++) {
		if (vm_limits_define(l, o->defines.v[i]) < 0) {
			fprintf(stderr, "ERROR: invalid -D value: %s\n", o->defines.v[i]);
			return -1;
		}
	}
	vm_limits_finish(l);
	if (o->suppress_time_limits) /* stap then never counts actions */
		l->MAXACTION = l->MAXACTION_INTERRUPTIBLE = INT64_MAX / 4;
	return 0;
}

int pass35_run(const struct program *prog, const struct utap_opts *o)
{
	struct comp_opts co = {
	    .unoptimized = o->unoptimized,
	    .compat = compat_code(o->compatible),
	};
	char err[256];
	struct passtime pt;
	passtime_start(&pt);
	struct bc_program *bp = comp_program(prog, &co, err, sizeof(err));
	if (!bp) {
		fprintf(stderr, "semantic error: %s\n", err);
		fputs("Pass 3: translation failed.  [man error::pass3]\n", stderr);
		return 1;
	}
	if (o->verbose) {
		passtime_line(&pt, 3, "compiled to bytecode");
		passtime_start(&pt);
		passtime_line(&pt, 4, "nothing to build (the bytecode runs as is)");
	}
	if (o->last_pass == 3 || o->dump_bytecode) {
		struct strbuf sb = STRBUF_INIT;
		bc_disasm(bp, &sb);
		fwrite(sb.s ? sb.s : "", 1, sb.len, stdout);
		fflush(stdout);
		sb_free(&sb);
		bc_program_free(bp);
		return 0;
	}
	if (o->last_pass == 4) {
		bc_program_free(bp);
		return 0;
	}
	struct run_opts ro = {
	    .target_cmd = o->target_cmd,
	    .target_pid = o->target_pid,
	    .time_limit = o->time_limit,
	    .output_file = o->output_file,
	    .bulk = o->bulk,
	    .global_sets = o->global_sets.v,
	    .n_global_sets = o->global_sets.n,
	    .suppress_warnings = o->suppress_warnings,
	    .suppress_handler_errors = o->suppress_handler_errors,
	    .timing = o->timing,
	    .verbose = o->verbose,
	    .compat = co.compat,
	};
	int rc = 1;
	if (limits_from(o, &ro.limits) == 0) {
		fflush(stdout);
		rc = run_program(prog, bp, &ro);
	}
	bc_program_free(bp);
	return rc;
}
