/* SPDX-License-Identifier: MIT */
/* Reading and writing another process's memory, with strace's errno discipline:
 * -ESRCH means the task is gone (an event for the caller, not an error), -EFAULT/-EIO a
 * bad address, and EPERM from process_vm_readv falls back to PTRACE_PEEKDATA. Writes go
 * through /proc/PID/mem, which (like PTRACE_POKEDATA) may write read-only text pages. */
#ifndef UTAP_TARGET_MEM_H
#define UTAP_TARGET_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Reads len bytes at addr of tid's address space. A short read is -EFAULT. The
 * PTRACE_PEEKDATA fallback needs tid to be ptrace-stopped by the caller. Returns 0,
 * -ESRCH, -EFAULT, -EIO or another -errno. */
int mem_read(pid_t tid, uint64_t addr, void *buf, size_t len);

/* The fallback alone: PTRACE_PEEKDATA word by word (tid must be ptrace-stopped by us).
 * Same returns as mem_read. */
int mem_peek(pid_t tid, uint64_t addr, void *buf, size_t len);

/* Writes len bytes at addr with PTRACE_PEEKDATA/POKEDATA word by word (tid must be
 * ptrace-stopped by us; read-only pages are written too): the fallback when no
 * /proc/PID/mem fd can be had (EMFILE). Async-signal-safe (errno changes). Same returns. */
int mem_poke(pid_t tid, uint64_t addr, const void *buf, size_t len);

/* Opens /proc/PID/mem for reading and writing (close-on-exec). The file keeps naming
 * the address space PID had at open time: reopen after an exec. Returns fd or -errno. */
int mem_open(pid_t pid);

/* mem_open for a signal handler: no stdio, errno preserved; fd or -1. */
int mem_open_raw(pid_t pid);

/* Reads/writes len bytes at addr through a /proc/PID/mem fd (writes may hit read-only
 * pages). Returns 0, -ESRCH (address space gone), -EFAULT/-EIO or another -errno. */
int mem_pread(int memfd, uint64_t addr, void *buf, size_t len);
int mem_pwrite(int memfd, uint64_t addr, const void *buf, size_t len);

/* Same as mem_pwrite but usable from a signal handler: no errno classification beyond
 * success (0) or failure (-1), and errno is preserved. */
int mem_pwrite_raw(int memfd, uint64_t addr, const void *buf, size_t len);

#endif
