/* SPDX-License-Identifier: MIT */
/* Private data model of the ptrace backend, shared by the files of src/target only:
 * registered objects and sites, address spaces with their armed breakpoints and
 * semaphores, thread groups, threads, the event queue. Other modules use target.h. */
#ifndef UTAP_TARGET_TGT_H
#define UTAP_TARGET_TGT_H

#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

#include "elf/elf.h"
#include "target/arch.h"
#include "target/maps.h"
#include "target/target.h"
#include "target/u64map.h"
#include "util/vec.h"
#include "vm/probe_ctx.h"

/* A registered ELF object (executable or library) holding sites. */
struct tobj {
	char *path;
	dev_t dev; /* from stat() at registration; ino 0 when stat failed */
	ino_t ino;
	struct elf_file *ef;
	int machine;
	VEC(struct tsite *) sites;
};

/* One probe site of an object: (path, link-time pc), with every probe id on it. */
struct tsite {
	struct tobj *obj;
	uint64_t pc, sema;
	char *args;
	struct sdt_arg *argv; /* min(nargs, SDT_MAX_ARGS) decoded arguments */
	int nargs;
	VEC(uint32_t) ids;
};

enum tbp_kind {
	TBP_SITE,    /* int3 on a probe's 0x90: the original is a nop, resume at addr+1 */
	TBP_DLSTATE, /* int3 on ld.so's `ret` in _dl_debug_state: emulate the ret */
};

/* One armed int3 in one address space. */
struct tbp {
	uint64_t addr;
	uint8_t orig;
	uint8_t kind;
	struct tsite *site; /* TBP_SITE */
	uint64_t bias;	    /* TBP_SITE: load bias of the object instance */
};

/* One registered object armed in one address space at one load bias. */
struct tinst {
	struct tobj *obj;
	uint64_t bias;
	bool seen; /* rescan bookkeeping */
};

/* One semaphore we incremented (count times) in one address space. */
struct tsema {
	uint64_t addr;
	int count;
};

/* One address space (mm). Thread groups share one after vfork/CLONE_VM until exec. */
struct tmm {
	int refs;
	int memfd; /* /proc/PID/mem of this mm, -1 when it could not be opened */
	pid_t pid; /* a live task using it (a thread group, or a thread of it when the
		    * main thread is a zombie): for messages, maps and mem */
	VEC(struct tinst) insts;
	struct u64map bps; /* addr -> struct tbp * */
	VEC(struct tsema) semas;
	bool dl_hooked; /* the _dl_debug_state breakpoint is in place (or was tried) */
	uint64_t dl_addr;
	struct tunwind *uw; /* unwinder state, made at the first backtrace (unwind.c) */
};

/* One thread group (a process). */
struct tproc {
	pid_t pid;
	struct tmm *mm;
	char *exe; /* canonical path of its executable ("" if unknown) */
	int nthreads;
	bool begun; /* PROCESS_BEGIN reported */
};

enum tthread_state {
	TH_NEW,	   /* auto-attached, its first stop has not been seen */
	TH_ORPHAN, /* stopped, but the clone/fork event of its parent has not come yet */
	TH_RUNNING,
	TH_STOPPED,  /* held in a ptrace stop by us */
	TH_DETACHED, /* let go by the emergency path */
};

#define TTH_MAX_SAMPLES 8 /* timer.profile probes one interrupt stop can serve */

struct tthread {
	pid_t tid;
	struct tproc *proc;
	uint8_t state;
	bool group_stop;  /* in group-stop: resume with PTRACE_LISTEN */
	bool interrupted; /* PTRACE_INTERRUPT sent, its stop not yet seen */
	int resume_sig;	  /* signal to deliver when resumed */
	char comm[16];	  /* last known comm (execname() after the task is gone) */
	uint8_t nsample;  /* timer.profile ids waiting for its interrupt stop (sample.c) */
	uint32_t sample_ids[TTH_MAX_SAMPLES];
};

/* A queued event; hold is the thread to resume once the event has been consumed. */
struct tevent {
	struct target_event ev;
	pid_t hold;
	char *str;	    /* owned copy backing ev.path / ev.msg */
	struct tsite *site; /* HIT: the site, its load bias and the trap's registers */
	uint64_t bias;
	struct user_regs_struct regs;
	uint8_t nsample; /* SAMPLE: the timer.profile probe ids */
	uint32_t sample_ids[TTH_MAX_SAMPLES];
};

/* Per-hit state behind struct probe_ctx. */
struct thit {
	struct target *t;
	struct tthread *th;
	struct tsite *site;
	uint64_t bias;
	struct user_regs_struct regs;
	struct arch_regs aregs;
	bool have_aregs;
};

struct target {
	VEC(struct tobj *) objs;
	unsigned int want;
	pid_t root;
	bool launched, started, detached, root_gone;
	struct u64map threads; /* tid -> struct tthread * */
	VEC(struct tproc *) procs;
	VEC(struct tmm *) mms;
	VEC(struct tevent) queue;
	int qhead;
	struct tevent cur; /* the event last returned (its strings and hold) */
	struct thit hit;
	struct probe_ctx ctx;
	sigset_t oldmask; /* the signal mask a launched command gets */
	bool pinned;	  /* utap and the single target thread share one CPU */
	pid_t pinned_tid;
	int pinned_cpu;
	int64_t aff_last_ns, aff_wait_ns; /* last contention sample */
	cpu_set_t self_mask, target_mask; /* affinities to restore */
	struct target_stats stats;
	VEC(struct elf_file *) interp_cache; /* ld.so images, by path */
	char comm_buf[16];
	char err[256];
};

/* objs.c */
struct tobj *tobj_find(struct target *t, const char *path, dev_t dev, uint64_t ino);
void tobj_free_all(struct target *t);

/* mm.c */
struct tmm *tmm_new(struct target *t, pid_t pid);
/* Reaches mm through task pid from now on (its maps and mem), reopening the fd. */
void tmm_set_pid(struct tmm *mm, pid_t pid);
struct tmm *tmm_clone(struct target *t, struct tmm *parent, pid_t child);
void tmm_put(struct target *t, struct tmm *mm);
int tmm_rescan(struct target *t, struct tmm *mm);
struct tbp *tmm_bp_add(struct target *t, struct tmm *mm, uint64_t addr, uint8_t kind);
int tmm_restore(struct target *t, struct tmm *mm);
int tmm_read(struct target *t, struct tmm *mm, uint64_t addr, void *buf, size_t len);
int tmm_write(struct target *t, struct tmm *mm, uint64_t addr, const void *buf, size_t len);
void tmm_emergency_restore(struct target *t, struct tmm *mm);

/* rdebug.c */
void rdebug_hook(struct target *t, struct tmm *mm, const struct maps *m);
int rdebug_hit(struct target *t, struct tthread *th, struct user_regs_struct *regs);

/* unwind.c: the user stack of tid (stopped by us) in mm, from its registers (regs->pc =
 * the probe address): pcs[0] = regs->pc, then return addresses. Returns the number of
 * frames (at least 1 unless the process is gone: -ESRCH) or -ENOMEM. */
struct tunwind;
int tunwind_stack(struct tmm *mm, pid_t tid, const struct arch_regs *regs, uint64_t *pcs, int max);
void tunwind_free(struct tunwind *u);

/* events.c */
struct tevent *tq_push(struct target *t, enum target_event_kind kind, pid_t pid, pid_t tid);
void tq_warn(struct target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool tq_pop(struct target *t, struct target_event *ev);
void tq_free(struct target *t);

/* threads.c */
struct tthread *tth_find(struct target *t, pid_t tid);
struct tthread *tth_add(struct target *t, pid_t tid, struct tproc *proc, uint8_t state);
void tth_remove(struct target *t, struct tthread *th);
struct tproc *tproc_new(struct target *t, pid_t pid, struct tmm *mm);
void tproc_remove(struct target *t, struct tproc *p);
struct tproc *tproc_find(struct target *t, pid_t pid);
void tth_read_comm(struct tthread *th);
char *tproc_exe_path(pid_t pid);
int tth_resume(struct target *t, struct tthread *th);

/* hit.c */
void thit_prepare(struct target *t, struct tthread *th, struct tsite *site, uint64_t bias);
void thit_prepare_task(struct target *t, struct tthread *th, pid_t pid, pid_t tid);
extern const struct probe_ctx_ops thit_ops;

/* sample.c: true (and a SAMPLE event queued) when th's interrupt stop was a sample */
bool sample_stopped(struct target *t, struct tthread *th);

/* launch.c / attach.c */
int launch_split(const char *cmd, char ***argv, char *err, size_t errlen);
void launch_argv_free(char **argv);
int attach_seize_all(struct target *t, pid_t pid);
/* detach.c: stops every thread (or only `only`) and collects the stops, draining */
void tgt_stop_all(struct target *t, pid_t only);

/* ptrace.c */
#define TGT_PTRACE_OPTIONS                                                                         \
	(PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC)
int tgt_dispatch(struct target *t, pid_t tid, int status, bool draining);
int64_t tgt_now_ns(void);
void tgt_errmsg(struct target *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* affinity.c: pin utap and a lone target thread to one CPU, unpin otherwise */
void tgt_affinity_update(struct target *t);
/* per hit: looks at contention now and then and moves to another CPU if needed */
void tgt_affinity_tick(struct target *t);

/* emergency.c */
void emergency_register(struct target *t);
void emergency_unregister(struct target *t);

#endif
