/* SPDX-License-Identifier: MIT */
/* The virtual machine that runs compiled scripts: global state (variables, arrays,
 * statistics, the session state machine, error counts) in one struct vm, and the
 * per-executor state (register stack, call frames, catch handlers, output buffer) in a
 * struct vm_thread. Probe handlers run to completion on one thread; the traced world is
 * seen only through the struct probe_ctx the caller passes in. All memory comes from the
 * allocator hook in vm_config. */
#ifndef UTAP_VM_VM_H
#define UTAP_VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comp/bytecode.h"
#include "vm/mem.h"
#include "vm/probe_ctx.h"
#include "vm/value.h"

/* stap's session states (runtime/linux/runtime_context.h) */
enum vm_state { VM_STARTING, VM_RUNNING, VM_STOPPING, VM_ERROR };

/* Which session state a probe needs in order to run (begin, end, error, the others). */
enum vm_probe_kind { VM_PROBE_BEGIN, VM_PROBE_END, VM_PROBE_ERROR, VM_PROBE_OTHER };

typedef void (*vm_write_fn)(void *ud, const char *buf, size_t len);

struct vm_config {
	struct vm_limits limits;		   /* after vm_limits_finish() */
	bool suppress_warnings;			   /* -w: drop run-time WARNINGs */
	bool verbose;				   /* -v: do not de-duplicate warnings */
	bool suppress_handler_errors;		   /* --suppress-handler-errors */
	int compat_major, compat_minor;		   /* --compatible (default 4.8) */
	int32_t target_pid;			   /* target(): -x PID or the -c child, else 0 */
	vm_write_fn out;			   /* script output (stdout or -o FILE) */
	vm_write_fn err;			   /* WARNING/ERROR lines, one call per message */
	void *ud;				   /* for out/err/system */
	void (*system)(void *ud, const char *cmd); /* system(): run cmd asynchronously */
	void (*switch_file)(void *ud);		   /* switch_file(): next -o file (may be NULL) */
	vm_alloc_fn alloc;			   /* NULL = malloc */
	void *alloc_ud;
};

struct vm;
struct vm_thread;

/* Creates a VM for p (which must stay alive and unchanged) and its main thread. Globals
 * are not allocated yet (vm_start). NULL on failure with a message in err. */
struct vm *vm_new(const struct bc_program *p, const struct vm_config *cfg, char *err,
		  size_t errlen);
void vm_free(struct vm *vm);

/* Allocates and initializes the globals (initializers, histogram checks). Prints stap's
 * WARNING/ERROR lines through cfg.err on failure and returns -EINVAL or -ENOMEM. */
int vm_start(struct vm *vm);
/* -G name=value: overrides a scalar global after vm_start. Returns 0, -ENOENT (no such
 * global, or a private one: stap mangles their names) or -EINVAL (value not a number
 * for a long). */
int vm_set_global(struct vm *vm, const char *name, const char *value);

enum vm_state vm_get_state(const struct vm *vm);
void vm_set_state(struct vm *vm, enum vm_state st);
/* exit()/abort()/error overflow asked the session to end. */
bool vm_exit_requested(const struct vm *vm);
void vm_request_exit(struct vm *vm);
int64_t vm_error_count(const struct vm *vm);
int64_t vm_skipped_count(const struct vm *vm);
void vm_note_skipped(struct vm *vm);

/* Result of running one handler. */
enum vm_result {
	VM_OK = 0,
	VM_NOT_RUN, /* the session state does not allow this probe kind now */
	VM_FAILED,  /* a run-time error was reported (and counted) */
	VM_ABORTED, /* abort() */
};

/* Runs the handler of probe number probe (index into bc_program.probes) on the main
 * thread, if the session state allows kind. ctx may be NULL for begin/end/timer probes.
 * Output is flushed through cfg.out when the handler ends; a run-time error is printed
 * as stap does ("ERROR: ... near ...") and may switch the state to VM_ERROR. */
enum vm_result vm_run_probe(struct vm *vm, int probe, enum vm_probe_kind kind,
			    struct probe_ctx *ctx);
/* The same on another executor (an in-process agent runs one per traced thread). */
struct vm_thread *vm_thread_new(struct vm *vm);
void vm_thread_free(struct vm_thread *t);
enum vm_result vm_thread_run(struct vm_thread *t, int probe, enum vm_probe_kind kind,
			     struct probe_ctx *ctx);

/* Prints "WARNING: msg" through cfg.err unless suppressed or already printed (stap's
 * staprun remembers up to 1024 distinct warnings). */
void vm_warn(struct vm *vm, const char *msg);

/* Reads globals (auto-print, tests). Missing or mistyped names give 0 / "". */
int64_t vm_global_long(const struct vm *vm, const char *name);
const char *vm_global_str(const struct vm *vm, const char *name);
struct map *vm_global_map(const struct vm *vm, const char *name);

/* Bytes the VM has allocated (statistics for -v). */
size_t vm_mem_used(const struct vm *vm);

#endif
