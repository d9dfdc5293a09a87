// SPDX-License-Identifier: MIT
/* Context built-ins (tapset context.stp, context-envvar.stp, linux/context.stp): the
 * task that hit the probe comes from struct probe_ctx (pid, tid, pc); everything else
 * about it is read from /proc/<pid>, which works the same from the tracer and from an
 * agent inside the target. In begin/end/error/timer probes there is no task: these
 * functions then describe utap itself (pid(), tid(), execname() ...), uaddr() is 0. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rt/rt.h"
#include "rt/sym.h"

static bool have_task(const struct rt_call *c)
{
	return c->t->pctx && c->t->pctx->ops;
}

static int32_t cur_pid(const struct rt_call *c)
{
	return have_task(c) ? c->t->pctx->pid : (int32_t)getpid();
}

static int32_t cur_tid(const struct rt_call *c)
{
	return have_task(c) ? c->t->pctx->tid : (int32_t)syscall(SYS_gettid);
}

/* reads /proc/<pid>/<what> into buf (NUL-terminated); returns bytes read or -1 */
static ssize_t read_proc(int32_t pid, const char *what, char *buf, size_t n)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, what);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	size_t got = 0;
	while (got + 1 < n) {
		ssize_t r = read(fd, buf + got, n - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd);
	buf[got] = 0;
	return (ssize_t)got;
}

/* field k (1-based, as in proc(5)) of /proc/<pid>/stat; 0 when unreadable */
static int64_t stat_field(int32_t pid, int k)
{
	char buf[1024];
	if (read_proc(pid, "stat", buf, sizeof(buf)) <= 0)
		return 0;
	char *p = strrchr(buf, ')'); /* comm may contain spaces */
	if (!p)
		return 0;
	p++;
	for (int f = 3; f <= k; f++) {
		while (*p == ' ')
			p++;
		if (f == k)
			return strtoll(p, NULL, 10);
		while (*p && *p != ' ')
			p++;
	}
	return 0;
}

/* the n-th number on the "Key:" line of /proc/<tid>/status */
static int64_t status_field(int32_t tid, const char *key, int n)
{
	char buf[4096];
	if (read_proc(tid, "status", buf, sizeof(buf)) <= 0)
		return -1;
	size_t kl = strlen(key);
	for (char *line = buf; line && *line;
	     line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		if (strncmp(line, key, kl) == 0 && line[kl] == ':') {
			char *p = line + kl + 1;
			int64_t v = 0;
			for (int i = 0; i <= n; i++)
				v = strtoll(p, &p, 10);
			return v;
		}
	}
	return -1;
}

int rt_pid(struct rt_call *c)
{
	c->l[0] = cur_pid(c);
	return RT_OK;
}

int rt_tid(struct rt_call *c)
{
	c->l[0] = cur_tid(c);
	return RT_OK;
}

int rt_ppid(struct rt_call *c)
{
	c->l[0] = have_task(c) ? stat_field(cur_pid(c), 4) : getppid();
	return RT_OK;
}

int rt_pgrp(struct rt_call *c)
{
	c->l[0] = have_task(c) ? stat_field(cur_pid(c), 5) : getpgrp();
	return RT_OK;
}

int rt_sid(struct rt_call *c)
{
	c->l[0] = have_task(c) ? stat_field(cur_pid(c), 6) : getsid(0);
	return RT_OK;
}

static int id_field(struct rt_call *c, const char *key, int n, int64_t self)
{
	c->l[0] = have_task(c) ? status_field(cur_tid(c), key, n) : self;
	return RT_OK;
}

int rt_uid(struct rt_call *c)
{
	return id_field(c, "Uid", 0, getuid());
}

int rt_euid(struct rt_call *c)
{
	return id_field(c, "Uid", 1, geteuid());
}

int rt_gid(struct rt_call *c)
{
	return id_field(c, "Gid", 0, getgid());
}

int rt_egid(struct rt_call *c)
{
	return id_field(c, "Gid", 1, getegid());
}

int rt_cpu(struct rt_call *c)
{
	c->l[0] = have_task(c) ? stat_field(cur_tid(c), 39) : sched_getcpu();
	return RT_OK;
}

static void comm_of(int32_t tid, char *buf, size_t n)
{
	if (read_proc(tid, "comm", buf, n) < 0)
		buf[0] = 0;
	buf[strcspn(buf, "\n")] = 0;
}

int rt_execname(struct rt_call *c)
{
	char buf[64];
	comm_of(cur_tid(c), buf, sizeof(buf));
	rt_ret_str(c, buf, strlen(buf));
	return RT_OK;
}

int rt_pexecname(struct rt_call *c)
{
	char buf[64];
	int32_t pp = have_task(c) ? (int32_t)stat_field(cur_pid(c), 4) : (int32_t)getppid();
	comm_of(pp, buf, sizeof(buf));
	rt_ret_str(c, buf, strlen(buf));
	return RT_OK;
}

#define PROC_BUF (1 << 20)

/* cmdline_args(n, m, delim) over /proc/<pid>/cmdline, as linux/context.stp walks
 * mm->arg_start: arguments n..m (m < 0: all), later empty ones shown as "" */
static int cmdline(struct rt_call *c, int64_t n, int64_t m, const char *delim)
{
	struct vm *vm = c->t->vm;
	struct vstr *out = c->t->tmp;
	size_t cap = rt_cap(c);
	vstr_clear(out);
	char *buf = vm_mem_alloc(&vm->mem, PROC_BUF);
	ssize_t len = buf ? read_proc(cur_pid(c), "cmdline", buf, PROC_BUF) : -1;
	int64_t nr = 0;
	for (ssize_t pos = 0; len > 0 && pos < len && (m < 0 || nr <= m); nr++) {
		const char *arg = buf + pos;
		size_t al = strnlen(arg, (size_t)(len - pos));
		size_t cut = al < cap - 2 ? al : cap - 2; /* user_string(): MAXSTRINGLEN-2 */
		pos += (ssize_t)cut + 1;
		if (nr == n) {
			vstr_set(out, cap, arg, cut);
		} else if (nr > n) {
			vstr_append(out, cap, delim, strlen(delim));
			if (cut == 0)
				vstr_append(out, cap, "\"\"", 2);
			else
				vstr_append(out, cap, arg, cut);
		}
	}
	vm_mem_free(&vm->mem, buf, PROC_BUF);
	vstr_copy(rt_str(c, 0), out);
	return RT_OK;
}

int rt_cmdline_args(struct rt_call *c)
{
	char delim[256];
	snprintf(delim, sizeof(delim), "%s", rt_str(c, 0)->s);
	return cmdline(c, c->l[0], c->l[1], delim);
}

int rt_cmdline_arg(struct rt_call *c)
{
	return cmdline(c, c->l[0], c->l[0], "");
}

int rt_cmdline_str(struct rt_call *c)
{
	return cmdline(c, 0, -1, " ");
}

int rt_env_var(struct rt_call *c)
{
	struct vm *vm = c->t->vm;
	struct vstr *name = rt_str(c, 0);
	if (name->len == 0)
		return RT_OK;
	char *buf = vm_mem_alloc(&vm->mem, PROC_BUF);
	ssize_t len = buf ? read_proc(cur_pid(c), "environ", buf, PROC_BUF) : -1;
	const char *val = NULL;
	size_t vl = 0;
	for (ssize_t pos = 0; len > 0 && pos < len;) {
		const char *e = buf + pos;
		size_t el = strnlen(e, (size_t)(len - pos));
		if (el > name->len && memcmp(e, name->s, name->len) == 0 && e[name->len] == '=') {
			val = e + name->len + 1;
			vl = el - name->len - 1;
			break;
		}
		pos += (ssize_t)el + 1;
	}
	if (val)
		rt_ret_str(c, val, vl);
	else
		vstr_clear(name);
	vm_mem_free(&vm->mem, buf, PROC_BUF);
	return RT_OK;
}

static const struct bc_probe *cur_probe(const struct rt_call *c)
{
	const struct bc_program *p = c->t->vm->prog;
	int i = c->t->probe;
	return i >= 0 && i < p->probes.n ? &p->probes.v[i] : NULL;
}

int rt_pp(struct rt_call *c)
{
	const struct bc_probe *p = cur_probe(c);
	const char *s = p && p->pp ? p->pp : "";
	rt_ret_str(c, s, strlen(s));
	return RT_OK;
}

int rt_pn(struct rt_call *c)
{
	const struct bc_probe *p = cur_probe(c);
	const char *s = p && p->pn ? p->pn : p && p->pp ? p->pp : "";
	rt_ret_str(c, s, strlen(s));
	return RT_OK;
}

/* the function name inside function("...") or statement("...") of pp() */
int rt_ppfunc(struct rt_call *c)
{
	const struct bc_probe *p = cur_probe(c);
	const char *pp = p && p->pp ? p->pp : "";
	const char *start = strstr(pp, "function(\"");
	const char *ptr = start ? start + 10 : NULL;
	if (!start) {
		start = strstr(pp, "statement(\"");
		ptr = start ? start + 11 : NULL;
	}
	size_t n = 0;
	if (ptr)
		while (ptr[n] && ptr[n] != '@' && ptr[n] != '"')
			n++;
	rt_ret_str(c, ptr ? ptr : "", n);
	return RT_OK;
}

/* probefunc(): the symbol containing the probed address (ppfunc() in begin/end probes) */
int rt_probefunc(struct rt_call *c)
{
	if (!have_task(c) || !c->t->pctx->pc)
		return rt_ppfunc(c);
	c->l[0] = (int64_t)c->t->pctx->pc;
	if (rt_sym_lookup(c, (uint64_t)c->l[0], RT_SYM_NAME_ONLY) < 0)
		vstr_clear(rt_str(c, 0));
	return RT_OK;
}

int rt_probe_type(struct rt_call *c)
{
	const struct bc_probe *p = cur_probe(c);
	const char *s = p && p->type ? p->type : "";
	rt_ret_str(c, s, strlen(s));
	return RT_OK;
}

int rt_target(struct rt_call *c)
{
	c->l[0] = c->t->vm->cfg.target_pid;
	return RT_OK;
}

int rt_stp_pid(struct rt_call *c)
{
	c->l[0] = getpid();
	return RT_OK;
}

int rt_uaddr(struct rt_call *c)
{
	c->l[0] = have_task(c) ? (int64_t)c->t->pctx->pc : 0;
	return RT_OK;
}

int rt_user_mode(struct rt_call *c)
{
	c->l[0] = have_task(c);
	return RT_OK;
}

int rt_is_return(struct rt_call *c)
{
	const struct bc_probe *p = cur_probe(c);
	c->l[0] = p && p->is_return;
	return RT_OK;
}

/* the probed task belongs to the user running utap */
int rt_is_myproc(struct rt_call *c)
{
	c->l[0] = !have_task(c) || status_field(cur_tid(c), "Uid", 1) == (int64_t)geteuid();
	return RT_OK;
}
