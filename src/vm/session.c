// SPDX-License-Identifier: MIT
/* The VM's life cycle and session: creating the VM and its threads, allocating and
 * initializing globals, the stap session state machine (STARTING, RUNNING, STOPPING,
 * ERROR), running one probe handler and reporting its error the way stap's probe
 * epilogue does, output buffering, and staprun's warning de-duplication. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rt/sym.h"
#include "vm/vm_int.h"

#define MAX_STORED_WARNINGS 1024
#define MAX_HANDLERS 256

enum vm_result vm_dispatch_probe(struct vm_thread *t, const struct bc_func *fn);

static void *xalloc(struct vm *vm, size_t n)
{
	return vm_mem_alloc(&vm->mem, n);
}

/* ---- threads ------------------------------------------------------------------------- */

struct vm_thread *vm_thread_new(struct vm *vm)
{
	struct vm_thread *t = xalloc(vm, sizeof(*t));
	if (!t)
		return NULL;
	t->vm = vm;
	size_t cap = (size_t)vm->lim.MAXSTRINGLEN;
	t->maxframes = (uint32_t)(vm->maxnesting + 2);
	t->maxhandlers = MAX_HANDLERS;
	t->frames = xalloc(vm, t->maxframes * sizeof(*t->frames));
	t->handlers = xalloc(vm, t->maxhandlers * sizeof(*t->handlers));
	t->errbuf = xalloc(vm, cap);
	t->caught = xalloc(vm, cap);
	t->msubj = xalloc(vm, cap);
	t->tokstr = xalloc(vm, cap);
	t->tmp = xalloc(vm, vm->stride);
	t->ocap = (size_t)vm->lim.STP_BUFFER_SIZE;
	t->obuf = xalloc(vm, t->ocap);
	if (!t->frames || !t->handlers || !t->errbuf || !t->caught || !t->msubj || !t->tokstr ||
	    !t->tmp || !t->obuf) {
		vm_thread_free(t);
		return NULL;
	}
	return t;
}

void vm_thread_free(struct vm_thread *t)
{
	if (!t)
		return;
	struct vm *vm = t->vm;
	size_t cap = (size_t)vm->lim.MAXSTRINGLEN;
	vm_mem_free(&vm->mem, t->frames, t->maxframes * sizeof(*t->frames));
	vm_mem_free(&vm->mem, t->handlers, t->maxhandlers * sizeof(*t->handlers));
	vm_mem_free(&vm->mem, t->errbuf, cap);
	vm_mem_free(&vm->mem, t->caught, cap);
	vm_mem_free(&vm->mem, t->msubj, cap);
	vm_mem_free(&vm->mem, t->tokstr, cap);
	vm_mem_free(&vm->mem, t->tmp, vm->stride);
	vm_mem_free(&vm->mem, t->obuf, t->ocap);
	vm_mem_free(&vm->mem, t->ls, t->lcap * sizeof(int64_t));
	vm_mem_free(&vm->mem, t->ss, t->scap * vm->stride);
	vm_mem_free(&vm->mem, t, sizeof(*t));
}

/* ---- creation ------------------------------------------------------------------------ */

struct vm *vm_new(const struct bc_program *p, const struct vm_config *cfg, char *err, size_t errlen)
{
	struct vm_mem mem;
	vm_mem_init(&mem, cfg->alloc, cfg->alloc_ud);
	struct vm *vm = vm_mem_alloc(&mem, sizeof(*vm));
	if (!vm) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	vm->mem = mem;
	vm->mem.used += 0;
	vm->prog = p;
	vm->cfg = *cfg;
	vm->lim = cfg->limits;
	vm->stride = vstr_stride(vm->lim.MAXSTRINGLEN);
	vm->maxnesting = vm->lim.MAXNESTING > 0 ? vm->lim.MAXNESTING
			 : p->maxnesting > 0	? p->maxnesting
						: 1;
	vm->state = VM_STARTING;
	vm->rng = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^ 0x9e3779b97f4a7c15ULL;
	if (bc_verify(p, err, errlen) < 0) {
		vm_free(vm);
		return NULL;
	}
	vm->main = vm_thread_new(vm);
	if (!vm->main) {
		snprintf(err, errlen, "out of memory");
		vm_free(vm);
		return NULL;
	}
	return vm;
}

static void free_globals(struct vm *vm)
{
	const struct bc_program *p = vm->prog;
	if (vm->maps)
		for (uint32_t i = 0; i < p->nmaps; i++)
			map_free(vm->maps[i]);
	if (vm->stats)
		for (uint32_t i = 0; i < p->nstats; i++)
			if (vm->stats[i])
				vm_mem_free(&vm->mem, vm->stats[i], stat_size(&vm->sdesc[i]));
	if (vm->overflow_msg)
		for (uint32_t i = 0; i < p->nmaps; i++)
			if (vm->overflow_msg[i])
				vm_mem_free(&vm->mem, (char *)vm->overflow_msg[i],
					    strlen(vm->overflow_msg[i]) + 1);
	if (vm->re)
		for (int i = 0; i < vm->nre; i++)
			regfree(&vm->re[i]);
	vm_mem_free(&vm->mem, vm->re, (size_t)p->regexes.n * sizeof(regex_t));
	vm_mem_free(&vm->mem, vm->maps, p->nmaps * sizeof(*vm->maps));
	vm_mem_free(&vm->mem, vm->l1, p->nmaps ? p->nmaps : 1);
	vm_mem_free(&vm->mem, vm->overflow_msg, p->nmaps * sizeof(*vm->overflow_msg));
	vm_mem_free(&vm->mem, vm->stats, p->nstats * sizeof(*vm->stats));
	vm_mem_free(&vm->mem, vm->sdesc, p->nstats * sizeof(*vm->sdesc));
	vm_mem_free(&vm->mem, vm->gl, p->ngl * sizeof(int64_t));
	vm_mem_free(&vm->mem, vm->gs, p->ngs * vm->stride);
}

void vm_free(struct vm *vm)
{
	if (!vm)
		return;
	vm_thread_free(vm->main);
	rt_symcache_free(vm->symcache);
	free_globals(vm);
	for (int i = 0; i < vm->nseen; i++)
		vm_mem_free(&vm->mem, vm->seen[i], strlen(vm->seen[i]) + 1);
	vm_mem_free(&vm->mem, vm->seen, MAX_STORED_WARNINGS * sizeof(char *));
	struct vm_mem mem = vm->mem;
	vm_mem_free(&mem, vm, sizeof(*vm));
}

/* ---- messages ------------------------------------------------------------------------ */

static void emit_err(struct vm *vm, const char *prefix, const char *msg, const char *near)
{
	char buf[1024];
	size_t n = strlen(msg);
	bool nl = n > 0 && msg[n - 1] == '\n';
	if (near)
		snprintf(buf, sizeof(buf), "%s%s near %s\n", prefix, msg, near);
	else
		snprintf(buf, sizeof(buf), "%s%s%s", prefix, msg, nl ? "" : "\n");
	if (vm->cfg.err)
		vm->cfg.err(vm->cfg.ud, buf, strlen(buf));
}

static bool seen_before(struct vm *vm, const char *msg)
{
	for (int i = 0; i < vm->nseen; i++)
		if (strcmp(vm->seen[i], msg) == 0)
			return true;
	return false;
}

void vm_warn(struct vm *vm, const char *msg)
{
	if (vm->cfg.suppress_warnings)
		return;
	if (!vm->cfg.verbose) {
		if (seen_before(vm, msg))
			return;
		if (!vm->seen)
			vm->seen = xalloc(vm, MAX_STORED_WARNINGS * sizeof(char *));
		if (vm->seen && vm->nseen < MAX_STORED_WARNINGS) {
			char *copy = xalloc(vm, strlen(msg) + 1);
			if (copy) {
				strcpy(copy, msg);
				vm->seen[vm->nseen++] = copy;
			}
		}
	}
	emit_err(vm, "WARNING: ", msg, NULL);
}

void vm_thread_error(struct vm_thread *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(t->errbuf, (size_t)t->vm->lim.MAXSTRINGLEN, fmt, ap);
	va_end(ap);
	t->errmsg = t->errbuf;
}

/* ---- output -------------------------------------------------------------------------- */

void vm_out_flush(struct vm_thread *t)
{
	if (t->olen && t->vm->cfg.out)
		t->vm->cfg.out(t->vm->cfg.ud, t->obuf, t->olen);
	t->olen = 0;
}

void vm_out(struct vm_thread *t, const char *buf, size_t n)
{
	while (n > 0) {
		if (t->olen == t->ocap)
			vm_out_flush(t);
		size_t k = t->ocap - t->olen < n ? t->ocap - t->olen : n;
		memcpy(t->obuf + t->olen, buf, k);
		t->olen += k;
		buf += k;
		n -= k;
	}
}

char *vm_out_reserve(struct vm_thread *t, size_t n)
{
	if (n > t->ocap - t->olen)
		vm_out_flush(t);
	char *p = t->obuf + t->olen;
	t->olen += n;
	return p;
}

/* ---- globals ------------------------------------------------------------------------- */

static enum map_type map_vtype(enum bc_type t)
{
	return t == BC_STR ? MAP_STR : t == BC_STATS ? MAP_STAT : MAP_LONG;
}

static int stat_shape(struct vm *vm, const struct bc_global *g, struct stat_desc *d)
{
	char warn[512];
	enum stat_hist h = g->hist == BC_HIST_LINEAR ? STAT_HIST_LINEAR
			   : g->hist == BC_HIST_LOG  ? STAT_HIST_LOG
						     : STAT_HIST_NONE;
	if (stat_desc_init(d, h, g->hist_start, g->hist_stop, g->hist_interval, g->shift, warn,
			   sizeof(warn)) < 0) {
		vm_warn(vm, warn);
		return -EINVAL;
	}
	d->no_variance = g->skip_variance;
	return 0;
}

static char *overflow_text(struct vm *vm, const struct bc_global *g)
{
	char buf[96];
	if (g->maxsize > 0)
		snprintf(buf, sizeof(buf), "Array overflow, check size limit (%" PRId64 ")",
			 g->maxsize);
	else
		snprintf(buf, sizeof(buf), "Array overflow, check MAXMAPENTRIES");
	char *s = xalloc(vm, strlen(buf) + 1);
	if (s)
		strcpy(s, buf);
	return s;
}

static int init_global(struct vm *vm, const struct bc_global *g)
{
	switch (g->kind) {
	case BCG_LONG:
		vm->gl[g->slot] = g->has_init ? g->init_l : 0;
		return 0;
	case BCG_STR: {
		struct vstr *s = (struct vstr *)(vm->gs + (size_t)g->slot * vm->stride);
		const char *v = g->has_init && g->init_s ? g->init_s : "";
		vstr_set(s, (size_t)vm->lim.MAXSTRINGLEN, v, strlen(v));
		return 0;
	}
	case BCG_STAT:
		if (stat_shape(vm, g, &vm->sdesc[g->slot]) < 0)
			return -EINVAL;
		vm->stats[g->slot] = xalloc(vm, stat_size(&vm->sdesc[g->slot]));
		return vm->stats[g->slot] ? 0 : -ENOMEM;
	case BCG_MAP: {
		struct map_desc d = {
		    .nkeys = g->nkeys,
		    .strkeys = g->strkeys,
		    .vtype = map_vtype(g->vtype),
		    .maxentries = g->maxsize > 0 ? g->maxsize : vm->lim.MAXMAPENTRIES,
		    .wrap = g->wrap,
		    .maxstringlen = (uint32_t)vm->lim.MAXSTRINGLEN,
		};
		if (d.vtype == MAP_STAT && stat_shape(vm, g, &d.stat) < 0)
			return -EINVAL;
		vm->overflow_msg[g->slot] = overflow_text(vm, g);
		vm->maps[g->slot] = map_new(&vm->mem, &d);
		vm->l1[g->slot] = d.nkeys == 1 && d.strkeys == 0;
		return vm->maps[g->slot] && vm->overflow_msg[g->slot] ? 0 : -ENOMEM;
	}
	}
	return 0;
}

static int alloc_tables(struct vm *vm)
{
	const struct bc_program *p = vm->prog;
	vm->gl = xalloc(vm, p->ngl * sizeof(int64_t));
	vm->gs = xalloc(vm, p->ngs * vm->stride);
	vm->maps = xalloc(vm, p->nmaps * sizeof(*vm->maps));
	vm->l1 = xalloc(vm, p->nmaps ? p->nmaps : 1);
	vm->overflow_msg = xalloc(vm, p->nmaps * sizeof(*vm->overflow_msg));
	vm->stats = xalloc(vm, p->nstats * sizeof(*vm->stats));
	vm->sdesc = xalloc(vm, p->nstats * sizeof(*vm->sdesc));
	vm->re = xalloc(vm, (size_t)p->regexes.n * sizeof(regex_t));
	if (!vm->gl || !vm->gs || !vm->maps || !vm->l1 || !vm->overflow_msg || !vm->stats ||
	    !vm->sdesc || !vm->re)
		return -ENOMEM;
	return 0;
}

static int compile_regexes(struct vm *vm)
{
	const struct bc_program *p = vm->prog;
	for (int i = 0; i < p->regexes.n; i++) {
		if (regcomp(&vm->re[i], p->regexes.v[i], REG_EXTENDED) != 0) {
			char msg[600];
			snprintf(msg, sizeof(msg), "regular expression compilation failed: %s",
				 p->regexes.v[i]);
			emit_err(vm, "ERROR: ", msg, NULL);
			return -EINVAL;
		}
		vm->nre = i + 1;
	}
	return 0;
}

int vm_start(struct vm *vm)
{
	const struct bc_program *p = vm->prog;
	if (vm->started)
		return 0;
	vm->started = true;
	int rc = alloc_tables(vm);
	if (rc < 0) {
		emit_err(vm, "ERROR: ", "out of memory allocating globals", NULL);
		return rc;
	}
	for (int i = 0; i < p->globals.n; i++) {
		rc = init_global(vm, &p->globals.v[i]);
		if (rc < 0) {
			char msg[300];
			snprintf(msg, sizeof(msg), "global variable '%s' allocation failed",
				 p->globals.v[i].name);
			emit_err(vm, "ERROR: ", msg, NULL);
			return rc;
		}
	}
	return compile_regexes(vm);
}

static const struct bc_global *find_global(const struct vm *vm, const char *name)
{
	const struct bc_program *p = vm->prog;
	for (int i = 0; i < p->globals.n; i++)
		if (strcmp(p->globals.v[i].name, name) == 0)
			return &p->globals.v[i];
	return NULL;
}

int vm_set_global(struct vm *vm, const char *name, const char *value)
{
	const struct bc_global *g = find_global(vm, name);
	if (!g || g->is_private || (g->kind != BCG_LONG && g->kind != BCG_STR))
		return -ENOENT;
	if (g->kind == BCG_LONG) {
		char *end;
		errno = 0;
		long long v = strtoll(value, &end, 0);
		if (errno || end == value || *end)
			return -EINVAL;
		vm->gl[g->slot] = v;
	} else {
		struct vstr *s = (struct vstr *)(vm->gs + (size_t)g->slot * vm->stride);
		vstr_set(s, (size_t)vm->lim.MAXSTRINGLEN, value, strlen(value));
	}
	return 0;
}

int64_t vm_global_long(const struct vm *vm, const char *name)
{
	const struct bc_global *g = find_global(vm, name);
	return g && g->kind == BCG_LONG && vm->gl ? vm->gl[g->slot] : 0;
}

const char *vm_global_str(const struct vm *vm, const char *name)
{
	const struct bc_global *g = find_global(vm, name);
	if (!g || g->kind != BCG_STR || !vm->gs)
		return "";
	return ((struct vstr *)(vm->gs + (size_t)g->slot * vm->stride))->s;
}

struct map *vm_global_map(const struct vm *vm, const char *name)
{
	const struct bc_global *g = find_global(vm, name);
	return g && g->kind == BCG_MAP && vm->maps ? vm->maps[g->slot] : NULL;
}

size_t vm_mem_used(const struct vm *vm)
{
	return vm->mem.used;
}

/* ---- session state ------------------------------------------------------------------- */

enum vm_state vm_get_state(const struct vm *vm)
{
	return vm->state;
}

void vm_set_state(struct vm *vm, enum vm_state st)
{
	vm->state = st;
}

bool vm_exit_requested(const struct vm *vm)
{
	return vm->exit_requested;
}

void vm_request_exit(struct vm *vm)
{
	vm->exit_requested = true;
}

int64_t vm_error_count(const struct vm *vm)
{
	return vm->errors;
}

int64_t vm_skipped_count(const struct vm *vm)
{
	return vm->skipped;
}

void vm_note_skipped(struct vm *vm)
{
	vm->skipped++;
}

static bool state_allows(const struct vm *vm, enum vm_probe_kind kind)
{
	switch (kind) {
	case VM_PROBE_BEGIN:
		return vm->state == VM_STARTING;
	case VM_PROBE_END:
		return vm->state == VM_STOPPING;
	case VM_PROBE_ERROR:
		return vm->state == VM_ERROR;
	default:
		return vm->state == VM_RUNNING;
	}
}

/* the probe epilogue: count and print the error, maybe switch to ERROR */
static void report_error(struct vm_thread *t)
{
	struct vm *vm = t->vm;
	vm->errors++;
	if (vm->cfg.suppress_handler_errors)
		return;
	const char *near = t->errnear >= 0 && t->errnear < vm->prog->nears.n
			       ? vm->prog->nears.v[t->errnear]
			       : NULL;
	emit_err(vm, "ERROR: ", t->errmsg ? t->errmsg : "unknown error", near);
	if (vm->errors > vm->lim.MAXERRORS) {
		vm->state = VM_ERROR;
		vm->exit_requested = true;
	}
}

enum vm_result vm_thread_run(struct vm_thread *t, int probe, enum vm_probe_kind kind,
			     struct probe_ctx *ctx)
{
	struct vm *vm = t->vm;
	if (!state_allows(vm, kind))
		return VM_NOT_RUN;
	const struct bc_program *p = vm->prog;
	if (probe < 0 || probe >= p->probes.n)
		return VM_NOT_RUN;
	t->probe = probe;
	t->pctx = ctx;
	t->mok = false;
	t->nsub = 0;
	t->toklen = t->tokpos = 0;
	enum vm_result r = vm_dispatch_probe(t, p->funcs.v[p->probes.v[probe].func]);
	vm_out_flush(t);
	if (r == VM_FAILED)
		report_error(t);
	t->pctx = NULL;
	return r;
}

enum vm_result vm_run_probe(struct vm *vm, int probe, enum vm_probe_kind kind,
			    struct probe_ctx *ctx)
{
	return vm_thread_run(vm->main, probe, kind, ctx);
}
