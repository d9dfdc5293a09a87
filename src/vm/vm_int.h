/* SPDX-License-Identifier: MIT */
/* VM internals shared by the dispatch loop (src/vm) and the built-in functions (src/rt):
 * the layout of struct vm and struct vm_thread. Nothing outside vm/ and rt/ includes it. */
#ifndef UTAP_VM_VM_INT_H
#define UTAP_VM_VM_INT_H

#include <regex.h>

#include "vm/map.h"
#include "vm/stat.h"
#include "vm/vm.h"

struct vm {
	struct vm_mem mem;
	const struct bc_program *prog;
	struct vm_config cfg;
	struct vm_limits lim;
	size_t stride; /* bytes per string register */
	int64_t maxnesting;
	/* globals */
	int64_t *gl;
	char *gs; /* ngs strings of stride bytes */
	struct map **maps;
	uint8_t *l1;		   /* per map: one long key (fast paths) */
	const char **overflow_msg; /* per map: "Array overflow, check ..." */
	struct vstat **stats;
	struct stat_desc *sdesc;
	regex_t *re;
	int nre;
	bool started;
	/* session */
	enum vm_state state;
	bool exit_requested;
	int64_t errors, skipped;
	/* warning de-duplication (staprun keeps up to 1024 texts) */
	char **seen;
	int nseen;
	uint64_t rng;
	struct vm_thread *main;
	struct rt_symcache *symcache; /* ELF files opened for symbols (rt/sym.h) */
};

struct vm_frame {
	const struct bc_func *fn;
	uint32_t lbase, sbase; /* register window offsets */
	const uint32_t *pc;    /* where to resume while a callee runs */
};

struct vm_handler {
	uint32_t frame; /* index of the frame that ran TRY */
	uint32_t catch_pc;
};

#define VM_NEAR_PC (-2) /* take the near token from the failing instruction */

struct vm_thread {
	struct vm *vm;
	int64_t *ls; /* long register stack */
	uint32_t lcap;
	char *ss;      /* string register stack */
	uint32_t scap; /* in strings */
	struct vm_frame *frames;
	uint32_t nframes, maxframes;
	struct vm_handler *handlers;
	uint32_t nhandlers, maxhandlers;
	int64_t actions;
	bool next_flag, aborted;
	/* the pending error */
	char *errbuf; /* MAXSTRINGLEN */
	const char *errmsg;
	int errnear;
	bool uncatchable;
	char *caught; /* message for catch (msg) */
	/* output, flushed at the end of each handler */
	char *obuf;
	size_t olen, ocap;
	/* the probe being run */
	int probe;
	struct probe_ctx *pctx;
	/* =~ and matched() */
	char *msubj; /* MAXSTRINGLEN copy of the matched string */
	regmatch_t mt[10];
	int nsub;
	bool mok;
	/* tokenize() */
	char *tokstr; /* MAXSTRINGLEN */
	uint32_t tokpos, toklen;
	struct vstr *tmp; /* scratch string */
};

static inline struct vstr *vm_sreg(char *S, size_t stride, uint32_t i)
{
	return (struct vstr *)(S + (size_t)i * stride);
}

/* Sets the pending error of t (message copied, cut at MAXSTRINGLEN-1). */
void vm_thread_error(struct vm_thread *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Output: appends n bytes to t's buffer, flushing to cfg.out when it fills. */
void vm_out(struct vm_thread *t, const char *buf, size_t n);
/* Reserves n <= STP_BUFFER_SIZE contiguous bytes of output. */
char *vm_out_reserve(struct vm_thread *t, size_t n);
void vm_out_flush(struct vm_thread *t);

#endif
