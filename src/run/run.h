/* SPDX-License-Identifier: MIT */
/* Pass 5: runs a compiled script the way stap's module and staprun do together. Globals
 * are initialized (then -G), begin probes run in sequence order while the session is
 * STARTING, the target (-c/-x, src/target) is released, then timers, probe hits and
 * process/thread events are dispatched until exit(), a fatal error count, a signal
 * (SIGINT/SIGTERM/SIGHUP/SIGPIPE), -T or the -c command's exit; end probes (or error
 * probes after a fatal error) run last, followed by stap's closing warnings.
 *
 * What the VM sees: in begin/end/error/timer probes there is no traced task (probe_ctx
 * NULL), so pid()/tid()/execname()/uid()... describe utap itself and uaddr() is 0; in
 * mark and process probes they describe the task that hit the probe. */
#ifndef UTAP_RUN_RUN_H
#define UTAP_RUN_RUN_H

#include <stdbool.h>

#include "comp/bytecode.h"
#include "sema/program.h"
#include "vm/vm.h"

struct run_opts {
	struct vm_limits limits;	/* after vm_limits_finish() */
	const char *target_cmd;		/* -c CMD */
	int target_pid;			/* -x PID */
	double time_limit;		/* -T SECS, 0 = none */
	const char *output_file;	/* -o FILE (strftime % escapes allowed) */
	bool bulk;			/* -b: write FILE_0 as records (seq, len, data) */
	const char *const *global_sets; /* -G name=value */
	int n_global_sets;
	bool suppress_warnings; /* -w */
	bool suppress_handler_errors;
	bool timing; /* -t: probe hit report */
	int verbose; /* -v */
	int compat;  /* --compatible as major * 256 + minor */
};

/* Runs p (whose derived probes bp's probes mirror one for one) to completion and returns
 * stap's exit status: 0, or 1 after a run-time error, a failed -c command, a target that
 * could not be started... The closing "WARNING: Number of errors: ..." and
 * "Pass 5: run failed.  [man error::pass5]" lines are printed here. */
int run_program(const struct program *p, const struct bc_program *bp, const struct run_opts *o);

#endif
