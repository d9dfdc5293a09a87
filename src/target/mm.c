// SPDX-License-Identifier: MIT
/* Address spaces: which registered objects are mapped where (from /proc/PID/maps),
 * the int3 bytes armed at their sites and the semaphores incremented for them, and
 * putting everything back. Writes go through /proc/PID/mem, so no thread has to be
 * stopped: a one-byte store of 0xcc over a 0x90 is safe against concurrent execution. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "target/mem.h"
#include "target/tgt.h"
#include "util/alloc.h"

#define INT3 0xcc
#define NOP 0x90

struct tmm *tmm_new(struct target *t, pid_t pid)
{
	struct tmm *mm = xcalloc(1, sizeof(*mm));

	mm->refs = 1;
	mm->pid = pid;
	mm->memfd = mem_open(pid);
	vec_push(&t->mms, mm);
	return mm;
}

void tmm_set_pid(struct tmm *mm, pid_t pid)
{
	if (mm->pid == pid)
		return;
	mm->pid = pid;
	if (mm->memfd >= 0)
		close(mm->memfd);
	mm->memfd = mem_open(pid);
}

/* The mm's /proc/PID/mem fd, opened now if it could not be before (EMFILE), or -errno. */
static int tmm_fd(struct tmm *mm)
{
	if (mm->memfd < 0)
		mm->memfd = mem_open(mm->pid);
	return mm->memfd;
}

/* A thread of ours, ptrace-stopped, that uses mm; 0 if none. */
static pid_t tmm_stopped_tid(struct target *t, struct tmm *mm)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&t->threads, &i, &key, &val);) {
		struct tthread *th = val;
		if (th->state == TH_STOPPED && th->proc && th->proc->mm == mm)
			return th->tid;
	}
	return 0;
}

/* Memory of mm through its fd, or with ptrace through a stopped thread when no fd can
 * be had (out of file descriptors: a fork child's copied int3s must still go). */
int tmm_read(struct target *t, struct tmm *mm, uint64_t addr, void *buf, size_t len)
{
	int fd = tmm_fd(mm);
	pid_t tid;

	if (fd >= 0)
		return mem_pread(fd, addr, buf, len);
	tid = tmm_stopped_tid(t, mm);
	return tid ? mem_peek(tid, addr, buf, len) : fd;
}

int tmm_write(struct target *t, struct tmm *mm, uint64_t addr, const void *buf, size_t len)
{
	int fd = tmm_fd(mm);
	pid_t tid;

	if (fd >= 0)
		return mem_pwrite(fd, addr, buf, len);
	tid = tmm_stopped_tid(t, mm);
	return tid ? mem_poke(tid, addr, buf, len) : fd;
}

/* fork: the child's memory is a copy of the parent's, int3 bytes and incremented
 * semaphores included, so its bookkeeping is a copy too. */
struct tmm *tmm_clone(struct target *t, struct tmm *parent, pid_t child)
{
	struct tmm *mm = tmm_new(t, child);
	uint64_t key;
	void *val;

	vec_foreach(&parent->insts, it) vec_push(&mm->insts, *it);
	vec_foreach(&parent->semas, it) vec_push(&mm->semas, *it);
	for (size_t i = 0; u64map_next(&parent->bps, &i, &key, &val);) {
		struct tbp *bp = xmalloc(sizeof(*bp));
		*bp = *(struct tbp *)val;
		u64map_put(&mm->bps, key, bp);
	}
	mm->dl_hooked = parent->dl_hooked;
	mm->dl_addr = parent->dl_addr;
	return mm;
}

static void tmm_clear(struct tmm *mm)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&mm->bps, &i, &key, &val);)
		free(val);
	u64map_free(&mm->bps);
	vec_free(&mm->insts);
	vec_free(&mm->semas);
}

void tmm_put(struct target *t, struct tmm *mm)
{
	if (!mm || --mm->refs > 0)
		return;
	for (int i = 0; i < t->mms.n; i++) {
		if (t->mms.v[i] == mm) {
			t->mms.v[i] = vec_last(&t->mms);
			t->mms.n--;
			break;
		}
	}
	tmm_clear(mm);
	tunwind_free(mm->uw);
	if (mm->memfd >= 0)
		close(mm->memfd);
	free(mm);
}

struct tbp *tmm_bp_add(struct target *t, struct tmm *mm, uint64_t addr, uint8_t kind)
{
	uint8_t byte, int3 = INT3;
	int rc = tmm_read(t, mm, addr, &byte, 1);

	if (rc == 0 && byte == INT3 && u64map_get(&mm->bps, addr))
		return u64map_get(&mm->bps, addr);
	if (rc == 0)
		rc = tmm_write(t, mm, addr, &int3, 1);
	if (rc < 0) {
		if (rc != -ESRCH)
			tq_warn(t, "cannot set a breakpoint at 0x%" PRIx64 " in process %d: %s",
				addr, (int)mm->pid, strerror(-rc));
		return NULL;
	}
	struct tbp *bp = xcalloc(1, sizeof(*bp));
	bp->addr = addr;
	bp->orig = byte;
	bp->kind = kind;
	u64map_put(&mm->bps, addr, bp);
	return bp;
}

/* Adds delta to the unsigned short at addr; the caller keeps the count. */
static int tmm_sema_add(struct target *t, struct tmm *mm, uint64_t addr, int delta)
{
	uint16_t v;
	int rc = tmm_read(t, mm, addr, &v, sizeof(v));

	if (rc < 0)
		return rc;
	int nv = (int)v + delta;
	v = (uint16_t)(nv < 0 ? 0 : nv > 0xffff ? 0xffff : nv);
	return tmm_write(t, mm, addr, &v, sizeof(v));
}

static int tmm_sema_inc(struct target *t, struct tmm *mm, uint64_t addr, const char *path)
{
	int rc = tmm_sema_add(t, mm, addr, 1);

	if (rc < 0) {
		if (rc != -ESRCH)
			tq_warn(t,
				"cannot increment the semaphore at 0x%" PRIx64
				" of %s in process %d: %s",
				addr, path, (int)mm->pid, strerror(-rc));
		return rc;
	}
	vec_foreach(&mm->semas, it)
	{
		if (it->addr == addr) {
			it->count++;
			return 0;
		}
	}
	vec_push(&mm->semas, ((struct tsema){.addr = addr, .count = 1}));
	return 0;
}

static void tmm_arm_site(struct target *t, struct tmm *mm, struct tsite *s, uint64_t bias)
{
	uint64_t addr = bias + s->pc;
	uint8_t byte;

	if (u64map_get(&mm->bps, addr))
		return;
	if (tmm_read(t, mm, addr, &byte, 1) == 0 && byte != NOP) {
		tq_warn(t,
			"probe site 0x%" PRIx64
			" of %s holds 0x%02x, not a nop: not armed in process %d",
			s->pc, s->obj->path, byte, (int)mm->pid);
		return;
	}
	struct tbp *bp = tmm_bp_add(t, mm, addr, TBP_SITE);
	if (!bp)
		return;
	bp->site = s;
	bp->bias = bias;
	if (s->sema)
		tmm_sema_inc(t, mm, bias + s->sema, s->obj->path);
}

static void tmm_arm(struct target *t, struct tmm *mm, struct tobj *o, uint64_t bias)
{
	vec_push(&mm->insts, ((struct tinst){.obj = o, .bias = bias, .seen = true}));
	vec_foreach(&o->sites, it) tmm_arm_site(t, mm, *it, bias);
}

/* An object left the address space (dlclose): its bytes and semaphores went with it. */
static void tmm_forget(struct tmm *mm, const struct tinst *in)
{
	uint64_t key;
	void *val;

	for (size_t i = 0; u64map_next(&mm->bps, &i, &key, &val);) {
		struct tbp *bp = val;
		if (bp->kind == TBP_SITE && bp->site->obj == in->obj && bp->bias == in->bias) {
			u64map_del(&mm->bps, key);
			free(bp);
		}
	}
	vec_foreach(&in->obj->sites, it)
	{
		struct tsite *s = *it;
		if (!s->sema)
			continue;
		for (int j = 0; j < mm->semas.n; j++) {
			if (mm->semas.v[j].addr == in->bias + s->sema) {
				mm->semas.v[j] = vec_last(&mm->semas);
				mm->semas.n--;
				break;
			}
		}
	}
}

static struct tinst *tmm_inst(struct tmm *mm, struct tobj *o, uint64_t bias)
{
	vec_foreach(&mm->insts, it)
	{
		if (it->obj == o && it->bias == bias)
			return it;
	}
	return NULL;
}

int tmm_rescan(struct target *t, struct tmm *mm)
{
	struct maps m;
	int rc = maps_read(mm->pid, &m);

	if (rc < 0)
		return rc;
	t->stats.rescans++;
	vec_foreach(&mm->insts, it) it->seen = false;
	for (int i = 0; i < m.n; i++) {
		struct maps_entry *e = &m.v[i];
		struct tobj *o = tobj_find(t, e->path, e->dev, e->ino);
		uint64_t bias;
		if (!o || maps_bias(e, o->ef, &bias) < 0)
			continue;
		struct tinst *in = tmm_inst(mm, o, bias);
		if (in)
			in->seen = true;
		else
			tmm_arm(t, mm, o, bias);
	}
	for (int i = 0; i < mm->insts.n; i++) {
		if (mm->insts.v[i].seen)
			continue;
		tmm_forget(mm, &mm->insts.v[i]);
		mm->insts.v[i--] = vec_last(&mm->insts);
		mm->insts.n--;
	}
	rdebug_hook(t, mm, &m);
	maps_free(&m);
	return 0;
}

int tmm_restore(struct target *t, struct tmm *mm)
{
	uint64_t key;
	void *val;
	int first = 0;

	for (size_t i = 0; u64map_next(&mm->bps, &i, &key, &val);) {
		struct tbp *bp = val;
		int rc = tmm_write(t, mm, bp->addr, &bp->orig, 1);
		if (rc < 0 && rc != -ESRCH && !first)
			first = rc;
	}
	vec_foreach(&mm->semas, it)
	{
		int rc = tmm_sema_add(t, mm, it->addr, -it->count);
		if (rc < 0 && rc != -ESRCH && !first)
			first = rc;
	}
	if (first)
		tgt_errmsg(t, "cannot restore process %d: %s", (int)mm->pid, strerror(-first));
	tmm_clear(mm);
	mm->dl_hooked = false;
	return first;
}

/* Raw memory access for the fatal-signal path: the fd (opened now if need be) or ptrace
 * through a stopped thread; no allocation, no stdio. */
static int tmm_raw_io(struct target *t, struct tmm *mm, uint64_t addr, void *buf, size_t len,
		      bool write)
{
	if (mm->memfd < 0)
		mm->memfd = mem_open_raw(mm->pid);
	if (mm->memfd >= 0) {
		ssize_t n = write ? pwrite(mm->memfd, buf, len, (off_t)addr)
				  : pread(mm->memfd, buf, len, (off_t)addr);
		return n == (ssize_t)len ? 0 : -1;
	}
	pid_t tid = tmm_stopped_tid(t, mm);
	if (!tid)
		return -1;
	return write ? mem_poke(tid, addr, buf, len) : mem_peek(tid, addr, buf, len);
}

/* From a fatal-signal handler: no allocation, no stdio; errors are ignored. */
void tmm_emergency_restore(struct target *t, struct tmm *mm)
{
	uint64_t key;
	void *val;
	int saved = errno;

	for (size_t i = 0; u64map_next(&mm->bps, &i, &key, &val);) {
		struct tbp *bp = val;
		tmm_raw_io(t, mm, bp->addr, &bp->orig, 1, true);
	}
	for (int i = 0; i < mm->semas.n; i++) {
		uint16_t v;
		if (tmm_raw_io(t, mm, mm->semas.v[i].addr, &v, sizeof(v), false) == 0) {
			int nv = (int)v - mm->semas.v[i].count;
			v = (uint16_t)(nv < 0 ? 0 : nv);
			tmm_raw_io(t, mm, mm->semas.v[i].addr, &v, sizeof(v), true);
		}
	}
	errno = saved;
}
