/* SPDX-License-Identifier: MIT */
/* The tracing backend: live processes under ptrace, without root or a kernel module.
 * A target is the process tree of one `-c CMD` child or one `-x PID`. The run loop
 * registers probe sites, starts the target, then pulls events (probe hits, process and
 * thread begin/end, target exit, deadlines, signals) with target_wait() until it calls
 * target_detach(), which leaves every traced process running untouched.
 * Not here: ELF parsing (src/elf), argument decoding (src/target/arch.h), the VM. */
#ifndef UTAP_TARGET_TARGET_H
#define UTAP_TARGET_TARGET_H

#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

struct target;
struct probe_ctx;

/* One probe site to arm. Several probe ids may name the same (path, pc): the hit then
 * reports all of them, in registration order. */
struct target_site {
	const char *path;  /* canonical path of the ELF object: the executable or a library */
	uint64_t pc;	   /* link-time address of the probe's nop (.stapsdt.base-adjusted) */
	uint64_t sema;	   /* link-time address of its unsigned short semaphore, 0 if none */
	const char *args;  /* the note's argument string, e.g. "-4@%edi 8@-16(%rbp)" */
	uint32_t probe_id; /* opaque to the backend, reported back in hits */
};

enum target_event_kind {
	TARGET_EV_HIT,		 /* ids/nids/ctx: a probe site was reached */
	TARGET_EV_PROCESS_BEGIN, /* a process of the tree started (fork, exec, or at start) */
	TARGET_EV_PROCESS_END,	 /* a process ended (exit, or exec replacing its image) */
	TARGET_EV_THREAD_BEGIN,	 /* a thread other than the main one started */
	TARGET_EV_THREAD_END,	 /* a thread other than the main one ended */
	TARGET_EV_EXITED,	 /* the root process (the -c child, the -x pid) is gone */
	TARGET_EV_TIMEOUT,	 /* the deadline passed */
	TARGET_EV_INTERRUPTED,	 /* utap got SIGINT, SIGTERM, SIGHUP, SIGPIPE or SIGQUIT */
	TARGET_EV_WARNING,	 /* msg: a problem worth one "WARNING: msg" line; tracing goes on */
	TARGET_EV_SAMPLE,	 /* ids/nids/ctx: a thread stopped for target_sample() */
};

/* Filled by target_wait(). Pointers stay valid until the next target_wait(),
 * target_detach() or target_free() on the same target. */
struct target_event {
	enum target_event_kind kind;
	pid_t pid, tid;	     /* the task concerned (HIT, BEGIN/END, EXITED) */
	const uint32_t *ids; /* HIT: the probe ids registered on this site; SAMPLE: the ids
			      * given to target_sample() */
	int nids;
	struct probe_ctx *ctx; /* HIT, SAMPLE, BEGIN/END: context for the VM (regs, memory,
				* args; a SAMPLE's pc is where the thread was) */
	const char *path;      /* HIT, SAMPLE, BEGIN/END: canonical path of the executable
				* (to filter process("PATH") probes in a process tree) */
	int exit_code;	       /* EXITED, PROCESS_END: exit status, -1 if killed */
	int term_signal;       /* EXITED, PROCESS_END: killing signal, 0 if it exited */
	int signo;	       /* INTERRUPTED: the signal */
	const char *msg;       /* WARNING: text without the "WARNING: " prefix */
};

/* Which begin/end events target_wait() reports (HIT, EXITED, TIMEOUT, INTERRUPTED and
 * WARNING are always reported). */
#define TARGET_WANT_PROCESS 0x1u /* PROCESS_BEGIN / PROCESS_END */
#define TARGET_WANT_THREAD 0x2u	 /* THREAD_BEGIN / THREAD_END */

/* Creates an empty target. Until target_free(), SIGINT, SIGTERM, SIGHUP, SIGPIPE and
 * SIGQUIT get a handler that turns them into INTERRUPTED events (they stay unblocked,
 * so a write to a closed pipe fails with EPIPE instead of killing utap), SIGALRM serves
 * the deadline timer, a fatal signal in utap first restores every traced process, and
 * target_wait() reaps every child of utap (tracees, and any other child, whose exit it
 * ignores: don't wait for your own children elsewhere). Don't install handlers for
 * those signals meanwhile. All target_* calls must come from this thread (ptrace is
 * per tracer thread). NULL on ENOMEM. */
struct target *target_new(void);

/* The signal mask a `-c` command starts with; by default the mask target_new() found.
 * A caller that blocked signals of its own before target_new() passes the mask it had
 * before, so that the command does not inherit them (stap's command starts with
 * stapio's original mask). Only before target_launch(). */
void target_set_launch_sigmask(struct target *t, const sigset_t *mask);

/* Registers a site; only before target_start(). The strings are copied. Opens the
 * object's ELF file (kept open: symbols for sym(%rip) and TLS operands). Arguments that
 * cannot be decoded do not fail here: their $argN gives -EINVAL at the hit. Returns 0,
 * -EINVAL (no path or pc), -EBUSY (already started) or the ELF reader's -errno
 * (-ENOENT, -ENOEXEC...) with target_errmsg() naming the file. */
int target_add_site(struct target *t, const struct target_site *site);

/* Requests begin/end events (TARGET_WANT_* bits); only before target_start(). */
void target_want_events(struct target *t, unsigned int mask);

/* `-c CMD`: splits CMD like stap (wordexp WRDE_NOCMD|WRDE_UNDEF, or `sh -c CMD` when it
 * holds shell metacharacters), forks and execs it under ptrace, and returns with the
 * child stopped at its first exec, before it ran any instruction of its own. Returns 0,
 * or -errno with a one-line message in target_errmsg() (e.g. "./prog: No such file or
 * directory", "wordexp: syntax error (unmatched quotes?) in -c COMMAND"). */
int target_launch(struct target *t, const char *cmd);

/* stap's splitting of a -c CMD (as target_launch does it): *argv gets a NULL-terminated
 * vector to free with target_argv_free(). Returns 0 or -EINVAL with a message in err. */
int target_split_command(const char *cmd, char ***argv, char *err, size_t errlen);
void target_argv_free(char **argv);

/* `-x PID`: seizes every thread of PID (they keep running). Returns 0, or -ESRCH/-EPERM
 * with target_errmsg() = "cannot probe pid N: No such process" (stap's wording). */
int target_attach(struct target *t, pid_t pid);

/* The root process: the -c child or the -x pid, 0 before launch/attach (stap's target()). */
pid_t target_pid(const struct target *t);

/* Arms every registered site (and semaphore) in every object mapped now and in those
 * mapped later, queues PROCESS_BEGIN/THREAD_BEGIN for the tasks that already exist,
 * and lets a launched child run. Sites in objects never mapped stay silent. While the
 * traced tree is a single thread, utap and it share one CPU (same-CPU wake-ups are
 * several times cheaper; UTAP_PIN=0 disables, UTAP_PIN=static keeps the first CPU);
 * affinities are restored as soon as a second thread appears and at detach. Returns 0
 * or -errno with target_errmsg(). */
int target_start(struct target *t);

/* Waits for the next event until deadline_ns (CLOCK_MONOTONIC; < 0 = no deadline) and
 * fills *ev. First resumes the task left stopped by the previous HIT/BEGIN/END event.
 * Returns 0, or -errno for a backend failure (then call target_detach and give up).
 * After EXITED, the call keeps reporting the rest of the tree, deadlines and signals. */
int target_wait(struct target *t, int64_t deadline_ns, struct target_event *ev);

/* timer.profile: interrupts every thread of the tree that is on a CPU now (running or
 * runnable); each one's stop comes back from target_wait() as a SAMPLE event with ids =
 * {probe_id} (several ids when ticks of several probes met one stop). Returns how many
 * threads will report (0: none on a CPU, or not started/detached). */
int target_sample(struct target *t, uint32_t probe_id);

/* The comm of task tid (stap's execname()), read fresh; the last name seen once the
 * task is gone, "" for a task never traced. The string lives in t until the next call. */
const char *target_execname(struct target *t, pid_t tid);

/* Removes every breakpoint, restores every semaphore (decrement, never a plain store)
 * in every process and library of the tree, and detaches from every thread, leaving
 * them running as if utap had never been there (a launched child is not killed).
 * Idempotent; after it target_wait() only reports TIMEOUT and INTERRUPTED. Returns 0
 * or the first -errno met (it still does all it can). */
int target_detach(struct target *t);

/* Detaches if needed, restores the signal handlers and mask, and frees t. NULL is a
 * no-op. */
void target_free(struct target *t);

/* For a last-resort exit (out of memory): restores every live target as a fatal
 * signal would (original bytes and semaphores back, every thread detached) without
 * allocating; the targets count as detached afterwards. */
void target_emergency_restore(void);

/* The message of the last failure, "" if none. */
const char *target_errmsg(const struct target *t);

/* Hit statistics for -v and bench/hit. */
struct target_stats {
	uint64_t hits;	    /* HIT events reported */
	uint64_t stops;	    /* ptrace stops handled (hits, clone/exec/exit events, signals) */
	uint64_t rescans;   /* /proc/PID/maps rescans (exec, dlopen) */
	uint64_t cpu_moves; /* moves of utap and a lone target thread to a quieter CPU */
};
void target_get_stats(const struct target *t, struct target_stats *st);

#endif
