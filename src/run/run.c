// SPDX-License-Identifier: MIT
/* The run loop (see run.h): session start-up, the event loop over timers, signals and
 * the ptrace backend's events, and shutdown with stap's closing messages. The loop only
 * sequences; probes run in the VM and processes are handled by src/target. */
#include "run/run.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "run/command.h"
#include "run/prewarm.h"
#include "target/target.h"
#include "vm/stat.h"

struct timer {
	int probe;
	bool profile; /* timer.profile: samples the target's threads that are on a CPU */
	int64_t period, rnd, next;
};

struct timing {
	struct stat_desc d;
	struct vstat s;
};

struct run {
	const struct program *p;
	const struct bc_program *bp;
	const struct run_opts *o;
	struct vm *vm;
	struct target *t;
	/* -c/-x when no probe needs the target traced: a plain child, or just the pid */
	bool untraced;
	struct command cmd;
	pid_t untraced_pid;
	int out_fd;
	bool out_broken;
	int out_fnum;	   /* switch_file(): the N of FILE.N now written */
	uint32_t bulk_seq; /* -b: sequence number of the next record */
	bool failed;	   /* an ERROR line was printed, or start-up failed */
	bool child_failed; /* the -c command exited non-zero or by a signal */
	struct timer *timers;
	int ntimers;
	int64_t deadline; /* -T, CLOCK_MONOTONIC ns, or -1 */
	struct timing *timing;
	uint64_t rng;
};

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void write_all(int fd, const char *buf, size_t n, bool *broken)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (broken)
				*broken = true;
			return;
		}
		buf += w;
		n -= (size_t)w;
	}
}

static void on_out(void *ud, const char *buf, size_t len)
{
	struct run *r = ud;
	if (r->out_broken)
		return;
	if (r->o->bulk) {
		/* stap's bulk transport: a record per flush, {u32 seq, u32 len, data} */
		uint32_t hdr[2] = {r->bulk_seq++, (uint32_t)len};
		write_all(r->out_fd, (const char *)hdr, sizeof(hdr), &r->out_broken);
	}
	write_all(r->out_fd, buf, len, &r->out_broken);
}

/* one write per message: stderr is shared with the tracee */
static void on_err(void *ud, const char *buf, size_t len)
{
	struct run *r = ud;
	if (len >= 7 && memcmp(buf, "ERROR: ", 7) == 0)
		r->failed = true;
	write_all(2, buf, len, NULL);
}

static void errf(struct run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void errf(struct run *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = (int)sizeof(buf) - 1;
	on_err(r, buf, (size_t)n);
}

/* system(): runs cmd through sh without waiting for it (staprun does it asynchronously);
 * the intermediate child is reaped at once so that nothing is left as a zombie */
static void on_system(void *ud, const char *cmd)
{
	(void)ud;
	pid_t pid = fork();
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (fork() == 0) {
			execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
			_exit(127);
		}
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static int open_output(struct run *r)
{
	r->out_fd = 1;
	if (!r->o->output_file && !r->o->bulk)
		return 0;
	char name[4096], bulk[4200];
	const char *path = r->o->output_file ? r->o->output_file : "stpd_cpu";
	if (strchr(path, '%')) {
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		if (strftime(name, sizeof(name), path, &tm) > 0)
			path = name;
	}
	if (r->o->bulk) { /* one "CPU": FILE_0 */
		snprintf(bulk, sizeof(bulk), "%s_0", path);
		path = bulk;
	} else if (r->out_fnum) { /* stapio's make_outfile_name in stream mode */
		snprintf(bulk, sizeof(bulk), "%s.%d", path, r->out_fnum);
		path = bulk;
	}
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		errf(r, "ERROR: Couldn't open file %s: %s\n", path, strerror(errno));
		return -1;
	}
	r->out_fd = fd;
	return 0;
}

/* switch_file(): stream-mode -o output goes on in FILE.1, FILE.2, ... (stapio's
 * switch_outfile); without -o, or with -b, nothing changes */
static void on_switch_file(void *ud)
{
	struct run *r = ud;
	if (!r->o->output_file || r->o->bulk || r->out_fd <= 2)
		return;
	close(r->out_fd);
	r->out_fnum++;
	if (open_output(r) < 0) {
		r->out_fd = -1;
		r->out_broken = true;
	}
}

/* ---- probes -------------------------------------------------------------------------- */

static enum vm_probe_kind vm_kind(enum probe_kind k)
{
	switch (k) {
	case PROBE_BEGIN:
		return VM_PROBE_BEGIN;
	case PROBE_END:
		return VM_PROBE_END;
	case PROBE_ERROR:
		return VM_PROBE_ERROR;
	default:
		return VM_PROBE_OTHER;
	}
}

/* -t measures handlers in CPU cycles, as stap's kernel runtime reports them */
static int64_t cycles(void)
{
#if defined(__x86_64__) || defined(__i386__)
	return (int64_t)__builtin_ia32_rdtsc();
#else
	return now_ns();
#endif
}

static void run_probe(struct run *r, int i, struct probe_ctx *ctx)
{
	const struct derived_probe *dp = r->p->probes.v[i];
	int64_t t0 = r->timing ? cycles() : 0;
	enum vm_result res = vm_run_probe(r->vm, i, vm_kind(dp->kind), ctx);
	if (r->timing && res != VM_NOT_RUN)
		stat_add(&r->timing[i].d, &r->timing[i].s, cycles() - t0);
}

/* begin/end/error probes in a stable order of their sequence numbers */
static void run_sequence(struct run *r, enum probe_kind kind)
{
	int n = r->p->probes.n;
	int *idx = malloc(sizeof(int) * (size_t)(n ? n : 1));
	int k = 0;
	for (int i = 0; i < n; i++)
		if (r->p->probes.v[i]->kind == kind)
			idx[k++] = i;
	for (int i = 1; i < k; i++) {
		int v = idx[i], j = i;
		while (j > 0 && r->p->probes.v[idx[j - 1]]->seq > r->p->probes.v[v]->seq) {
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = v;
	}
	for (int i = 0; i < k; i++)
		run_probe(r, idx[i], NULL);
	free(idx);
}

static int64_t timer_interval(struct run *r, const struct timer *t)
{
	if (t->rnd <= 0)
		return t->period;
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return t->period + (int64_t)(r->rng % (uint64_t)(2 * t->rnd + 1)) - t->rnd;
}

static void setup_timers(struct run *r)
{
	int n = 0;
	for (int i = 0; i < r->p->probes.n; i++)
		n += r->p->probes.v[i]->kind == PROBE_TIMER ||
		     r->p->probes.v[i]->kind == PROBE_PROFILE;
	r->timers = calloc((size_t)(n ? n : 1), sizeof(*r->timers));
	int64_t now = now_ns();
	for (int i = 0; i < r->p->probes.n; i++) {
		const struct derived_probe *dp = r->p->probes.v[i];
		if ((dp->kind != PROBE_TIMER && dp->kind != PROBE_PROFILE) || dp->period_ns <= 0)
			continue;
		struct timer *t = &r->timers[r->ntimers++];
		t->probe = i;
		t->profile = dp->kind == PROBE_PROFILE;
		t->period = dp->period_ns;
		t->rnd = dp->randomize_ns;
		t->next = now + timer_interval(r, t);
	}
}

static int64_t next_deadline(const struct run *r)
{
	int64_t d = r->deadline;
	for (int i = 0; i < r->ntimers; i++)
		if (d < 0 || r->timers[i].next < d)
			d = r->timers[i].next;
	return d;
}

static void fire_timers(struct run *r)
{
	int64_t now = now_ns();
	if (r->deadline >= 0 && now >= r->deadline) {
		/* -T: stap adds probe timer.ms(N) { exit() } */
		if (vm_get_state(r->vm) == VM_RUNNING)
			vm_set_state(r->vm, VM_STOPPING);
		vm_request_exit(r->vm);
		return;
	}
	for (int i = 0; i < r->ntimers && !vm_exit_requested(r->vm); i++) {
		struct timer *t = &r->timers[i];
		if (t->next > now)
			continue;
		/* a profile tick lands in each target thread on a CPU (their SAMPLE events
		 * run the probe); with none, in some other task: no task context then */
		if (!t->profile || !r->t || target_sample(r->t, (uint32_t)t->probe) == 0)
			run_probe(r, t->probe, NULL);
		t->next += timer_interval(r, t);
		if (t->next <= now) /* fell behind: do not try to catch up */
			t->next = now + timer_interval(r, t);
	}
}

/* ---- the target ---------------------------------------------------------------------- */

/* marks, process/thread begin/end and timer.profile need the target under ptrace; a
 * script without them only needs target() and, with -c, the command's exit */
static bool needs_tracing(const struct program *p)
{
	for (int i = 0; i < p->probes.n; i++) {
		enum probe_kind k = p->probes.v[i]->kind;
		if (k == PROBE_MARK || k == PROBE_PROFILE || k == PROBE_PROCESS_BEGIN ||
		    k == PROBE_PROCESS_END || k == PROBE_THREAD_BEGIN || k == PROBE_THREAD_END)
			return true;
	}
	return false;
}

static int setup_untraced(struct run *r, const sigset_t *mask)
{
	char err[512];
	if (r->o->target_cmd) {
		if (command_spawn(&r->cmd, r->o->target_cmd, mask, err, sizeof(err)) < 0) {
			errf(r, "ERROR: %s\n", err);
			return -1;
		}
		r->untraced_pid = r->cmd.pid;
		return 0;
	}
	if (kill((pid_t)r->o->target_pid, 0) < 0 && errno == ESRCH) {
		errf(r, "ERROR: cannot probe pid %d: %s\n", r->o->target_pid, strerror(ESRCH));
		return -1;
	}
	r->untraced_pid = (pid_t)r->o->target_pid;
	return 0;
}

static pid_t run_target_pid(const struct run *r)
{
	return r->t ? target_pid(r->t) : r->untraced_pid;
}

static int setup_target(struct run *r, const sigset_t *mask)
{
	const struct run_opts *o = r->o;
	if (!o->target_cmd && !o->target_pid)
		return 0;
	if (r->untraced)
		return setup_untraced(r, mask);
	r->t = target_new();
	if (!r->t) {
		errf(r, "ERROR: out of memory\n");
		return -1;
	}
	target_set_launch_sigmask(r->t, mask);
	unsigned want = 0;
	for (int i = 0; i < r->p->probes.n; i++) {
		const struct derived_probe *dp = r->p->probes.v[i];
		if (dp->kind == PROBE_PROCESS_BEGIN || dp->kind == PROBE_PROCESS_END)
			want |= TARGET_WANT_PROCESS;
		if (dp->kind == PROBE_THREAD_BEGIN || dp->kind == PROBE_THREAD_END)
			want |= TARGET_WANT_THREAD;
		if (dp->kind != PROBE_MARK)
			continue;
		struct target_site site = {
		    .path = dp->mark.path,
		    .pc = dp->mark.pc,
		    .sema = dp->mark.sema,
		    .args = dp->mark.args,
		    .probe_id = (uint32_t)i,
		};
		int rc = target_add_site(r->t, &site);
		if (rc < 0) {
			errf(r, "ERROR: %s\n", target_errmsg(r->t));
			return -1;
		}
	}
	target_want_events(r->t, want);
	int rc = o->target_cmd ? target_launch(r->t, o->target_cmd)
			       : target_attach(r->t, (pid_t)o->target_pid);
	if (rc < 0) {
		errf(r, "ERROR: %s\n", target_errmsg(r->t));
		return -1;
	}
	return 0;
}

/* process("PATH") probes fire only in processes running PATH */
static bool path_matches(const struct derived_probe *dp, const char *path)
{
	if (!dp->proc_path || !path)
		return true;
	return strcmp(dp->proc_path, path) == 0;
}

static void dispatch_kind(struct run *r, enum probe_kind kind, const struct target_event *ev)
{
	for (int i = 0; i < r->p->probes.n && !vm_exit_requested(r->vm); i++) {
		const struct derived_probe *dp = r->p->probes.v[i];
		if (dp->kind == kind && path_matches(dp, ev->path) &&
		    (!dp->proc_pid || dp->proc_pid == ev->pid))
			run_probe(r, i, ev->ctx);
	}
}

static void child_exited(struct run *r, const struct target_event *ev)
{
	if (ev->term_signal) {
		errf(r, "WARNING: Child process exited with signal %d (%s)\n", ev->term_signal,
		     strsignal(ev->term_signal));
		r->child_failed = true;
	} else if (ev->exit_code) {
		errf(r, "WARNING: Child process exited with status %d\n", ev->exit_code);
		r->child_failed = true;
	}
}

static void handle_event(struct run *r, const struct target_event *ev)
{
	switch (ev->kind) {
	case TARGET_EV_HIT:
	case TARGET_EV_SAMPLE:
		for (int k = 0; k < ev->nids && !vm_exit_requested(r->vm); k++) {
			int i = (int)ev->ids[k];
			if (i >= 0 && i < r->p->probes.n &&
			    path_matches(r->p->probes.v[i], ev->path))
				run_probe(r, i, ev->ctx);
		}
		break;
	case TARGET_EV_PROCESS_BEGIN:
		dispatch_kind(r, PROBE_PROCESS_BEGIN, ev);
		break;
	case TARGET_EV_PROCESS_END:
		dispatch_kind(r, PROBE_PROCESS_END, ev);
		break;
	case TARGET_EV_THREAD_BEGIN:
		dispatch_kind(r, PROBE_THREAD_BEGIN, ev);
		break;
	case TARGET_EV_THREAD_END:
		dispatch_kind(r, PROBE_THREAD_END, ev);
		break;
	case TARGET_EV_EXITED:
		/* -c: the session ends with the command; -x: it goes on (stap's man page) */
		if (r->o->target_cmd) {
			child_exited(r, ev);
			vm_request_exit(r->vm);
		}
		break;
	case TARGET_EV_INTERRUPTED:
		vm_request_exit(r->vm);
		break;
	case TARGET_EV_WARNING:
		vm_warn(r->vm, ev->msg ? ev->msg : "");
		break;
	case TARGET_EV_TIMEOUT:
		break;
	}
}

/* an untraced -c command ended: as TARGET_EV_EXITED for a traced one */
static void untraced_exited(struct run *r)
{
	struct target_event ev = {.kind = TARGET_EV_EXITED, .pid = r->untraced_pid};
	if (command_reap(&r->cmd, &ev.exit_code, &ev.term_signal)) {
		child_exited(r, &ev);
		vm_request_exit(r->vm);
	}
}

/* without a traced target: sleep until the next deadline or a terminating signal (or,
 * for an untraced -c command, SIGCHLD) */
static void wait_signals(struct run *r, const sigset_t *set)
{
	int64_t d = next_deadline(r);
	int sig;
	if (d < 0) {
		sig = sigwaitinfo(set, NULL);
	} else {
		int64_t left = d - now_ns();
		if (left < 0)
			left = 0;
		struct timespec ts = {left / 1000000000, left % 1000000000};
		sig = sigtimedwait(set, NULL, &ts);
	}
	if (sig == SIGCHLD)
		untraced_exited(r);
	else if (sig > 0)
		vm_request_exit(r->vm);
}

static void event_loop(struct run *r, const sigset_t *set)
{
	while (!vm_exit_requested(r->vm) && !r->out_broken) {
		if (r->t) {
			struct target_event ev;
			int rc = target_wait(r->t, next_deadline(r), &ev);
			if (rc < 0) {
				errf(r, "ERROR: %s\n", target_errmsg(r->t));
				break;
			}
			handle_event(r, &ev);
		} else {
			wait_signals(r, set);
		}
		if (!vm_exit_requested(r->vm))
			fire_timers(r);
	}
}

/* ---- shutdown ------------------------------------------------------------------------ */

static void timing_report(struct run *r)
{
	char line[1024];
	int n = snprintf(line, sizeof(line), "----- probe hit report: \n");
	on_out(r, line, (size_t)n);
	for (int i = 0; i < r->p->probes.n; i++) {
		const struct vstat *s = &r->timing[i].s;
		const struct derived_probe *dp = r->p->probes.v[i];
		if (!s->count)
			continue;
		const struct token *t = dp->tok;
		n = snprintf(line, sizeof(line),
			     "%s, (%s:%d:%d), hits: %" PRId64 ", cycles: %" PRId64 "min/%" PRId64
			     "avg/%" PRId64 "max, variance: %" PRId64 ", from: %s, index: %d\n",
			     dp->pp ? dp->pp : "", t && t->file ? t->file->name : "",
			     t ? t->line : 0, t ? t->col : 0, s->count, s->min, stat_avg(s), s->max,
			     stat_variance(&r->timing[i].d, s, false), dp->pn ? dp->pn : "", i);
		on_out(r, line, (size_t)(n < (int)sizeof(line) ? n : (int)sizeof(line) - 1));
	}
}

static void shutdown_session(struct run *r)
{
	enum vm_state st = vm_get_state(r->vm);
	if (st == VM_RUNNING || st == VM_STARTING)
		vm_set_state(r->vm, VM_STOPPING);
	if (r->t)
		target_detach(r->t);
	run_sequence(r, PROBE_END);
	run_sequence(r, PROBE_ERROR);
	if (r->timing)
		timing_report(r);
	int64_t errors = vm_error_count(r->vm), skipped = vm_skipped_count(r->vm);
	if (errors || skipped) {
		char msg[128];
		snprintf(msg, sizeof(msg),
			 "Number of errors: %" PRId64 ", skipped probes: %" PRId64, errors,
			 skipped);
		vm_warn(r->vm, msg);
	}
}

static int finish(struct run *r)
{
	int rc = r->failed || r->child_failed;
	if (rc) {
		if (!r->o->suppress_warnings)
			errf(r, "WARNING: /usr/bin/staprun exited with status: 1\n");
		errf(r, "Pass 5: run failed.  [man error::pass5]\n");
	}
	return rc;
}

static void apply_global_sets(struct run *r)
{
	for (int i = 0; i < r->o->n_global_sets; i++) {
		const char *s = r->o->global_sets[i];
		const char *eq = strchr(s, '=');
		if (!eq)
			continue;
		char name[256];
		snprintf(name, sizeof(name), "%.*s", (int)(eq - s), s);
		int rc = vm_set_global(r->vm, name, eq + 1);
		if (rc == -EINVAL)
			errf(r, "ERROR: Invalid value '%s' for global '%s'\n", eq + 1, name);
		else if (rc == -ENOENT && !r->o->suppress_warnings)
			/* as stap's user-space runtime (stapdyn) says it */
			errf(r, "WARNING: Ignoring unknown module option '%s'\n", name);
	}
}

int run_program(const struct program *p, const struct bc_program *bp, const struct run_opts *o)
{
	struct run r = {.p = p, .bp = bp, .o = o, .deadline = -1};
	r.untraced = (o->target_cmd || o->target_pid) && !needs_tracing(p);
	r.cmd.release_fd = r.cmd.err_fd = -1;
	r.rng = (uint64_t)now_ns() | 1;
	if (o->verbose)
		fputs("Pass 5: starting run.\n", stderr);
	struct tms t0;
	times(&t0);
	int64_t wall0 = now_ns();
	if (open_output(&r) < 0) {
		r.failed = true;
		return finish(&r);
	}
	/* the signals that end the run normally come back as events, never kill utap */
	sigset_t set, old;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGPIPE);
	if (r.untraced && o->target_cmd)
		sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, &old);
	if (setup_target(&r, &old) < 0) {
		r.failed = true;
		goto out;
	}
	/* stap's user-space runtime (stapdyn) says so too: such probes can never fire */
	if (p->has_process_probes && !r.t && !o->suppress_warnings)
		errf(&r, "WARNING: process probes require a target (-c or -x)\n");
	struct vm_config cfg = {
	    .limits = o->limits,
	    .suppress_warnings = o->suppress_warnings,
	    .verbose = o->verbose > 0,
	    .suppress_handler_errors = o->suppress_handler_errors,
	    .target_pid = (int32_t)run_target_pid(&r),
	    .out = on_out,
	    .err = on_err,
	    .ud = &r,
	    .system = on_system,
	    .switch_file = on_switch_file,
	};
	char err[256];
	r.vm = vm_new(bp, &cfg, err, sizeof(err));
	if (!r.vm) {
		errf(&r, "ERROR: %s\n", err);
		r.failed = true;
		goto out;
	}
	if (vm_start(r.vm) < 0) {
		r.failed = true;
		goto out;
	}
	apply_global_sets(&r);
	if (o->timing) {
		r.timing = calloc((size_t)(p->probes.n ? p->probes.n : 1), sizeof(*r.timing));
		char w[128];
		for (int i = 0; i < p->probes.n; i++)
			stat_desc_init(&r.timing[i].d, STAT_HIST_NONE, 0, 0, 0, 0, w, sizeof(w));
	}
	if (o->time_limit > 0)
		r.deadline = now_ns() + (int64_t)(o->time_limit * 1e9);
	run_prewarm();
	run_sequence(&r, PROBE_BEGIN);
	if (vm_get_state(r.vm) == VM_STARTING)
		vm_set_state(r.vm, VM_RUNNING);
	if (r.t && target_start(r.t) < 0) {
		errf(&r, "ERROR: %s\n", target_errmsg(r.t));
		r.failed = true;
		vm_request_exit(r.vm);
	}
	char cerr[512];
	if (r.cmd.pid && command_release(&r.cmd, cerr, sizeof(cerr)) < 0) {
		errf(&r, "ERROR: %s\n", cerr);
		r.failed = true;
		vm_request_exit(r.vm);
	}
	setup_timers(&r);
	event_loop(&r, &set);
	shutdown_session(&r);
out:
	if (r.t)
		target_free(r.t);
	command_free(&r.cmd);
	vm_free(r.vm);
	free(r.timers);
	free(r.timing);
	if (r.out_fd > 2)
		close(r.out_fd);
	/* a late SIGINT/SIGTERM asked for what is happening anyway: drop it rather than
	 * let it kill utap when the mask is restored */
	struct timespec zero = {0, 0};
	while (sigtimedwait(&set, NULL, &zero) > 0)
		;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (o->verbose) {
		struct tms t1;
		times(&t1);
		long tck = sysconf(_SC_CLK_TCK);
		fprintf(stderr, "Pass 5: run completed in %ldusr/%ldsys/%ldreal ms.\n",
			(long)(t1.tms_utime - t0.tms_utime) * 1000 / tck,
			(long)(t1.tms_stime - t0.tms_stime) * 1000 / tck,
			(long)((now_ns() - wall0) / 1000000));
	}
	return finish(&r);
}
