// SPDX-License-Identifier: MIT
/* Target memory access (see mem.h). process_vm_readv first: one syscall for any length
 * and no stop needed; PTRACE_PEEKDATA word by word when the kernel refuses (EPERM under
 * some LSMs, ENOSYS on kernels without CONFIG_CROSS_MEMORY_ATTACH). */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <unistd.h>

#include "target/mem.h"

/* Maps an errno from a memory access to the classes callers act on. */
static int mem_classify(int err)
{
	switch (err) {
	case ESRCH:
	case EFAULT:
	case EIO:
		return -err;
	case 0:
		return -EIO;
	default:
		return -err;
	}
}

/* Word-wise ptrace access; a write reads each word first so that the bytes around the
 * range stay as they are. */
static int mem_ptrace_io(pid_t tid, uint64_t addr, unsigned char *buf, size_t len, bool write)
{
	uint64_t word_addr = addr & ~(uint64_t)7;
	size_t skip = (size_t)(addr - word_addr);

	while (len > 0) {
		errno = 0;
		long w = ptrace(PTRACE_PEEKDATA, tid, (void *)word_addr, NULL);
		if (errno)
			return mem_classify(errno);
		size_t n = sizeof(w) - skip;
		if (n > len)
			n = len;
		if (!write) {
			memcpy(buf, (unsigned char *)&w + skip, n);
		} else {
			memcpy((unsigned char *)&w + skip, buf, n);
			if (ptrace(PTRACE_POKEDATA, tid, (void *)word_addr, (void *)w) < 0)
				return mem_classify(errno);
		}
		buf += n;
		len -= n;
		word_addr += sizeof(w);
		skip = 0;
	}
	return 0;
}

int mem_peek(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	return mem_ptrace_io(tid, addr, buf, len, false);
}

int mem_poke(pid_t tid, uint64_t addr, const void *buf, size_t len)
{
	return mem_ptrace_io(tid, addr, (unsigned char *)(uintptr_t)buf, len, true);
}

int mem_read(pid_t tid, uint64_t addr, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	if (addr + len < addr)
		return -EFAULT;
	struct iovec local = {.iov_base = buf, .iov_len = len};
	struct iovec remote = {.iov_base = (void *)(uintptr_t)addr, .iov_len = len};
	ssize_t n = process_vm_readv(tid, &local, 1, &remote, 1, 0);
	if (n == (ssize_t)len)
		return 0;
	if (n >= 0)
		return -EFAULT; /* partial: the range crosses into an unmapped page */
	if (errno == EPERM || errno == ENOSYS)
		return mem_peek(tid, addr, buf, len);
	return mem_classify(errno);
}

int mem_open(pid_t pid)
{
	char path[32];

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	int fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? -ESRCH : -errno;
	return fd;
}

int mem_open_raw(pid_t pid)
{
	char path[32] = "/proc/", num[12];
	size_t len = strlen(path);
	int n = 0;

	if (pid <= 0)
		return -1;
	for (; pid > 0 && n < (int)sizeof(num); pid /= 10)
		num[n++] = (char)('0' + pid % 10);
	while (n > 0)
		path[len++] = num[--n];
	memcpy(path + len, "/mem", 5);
	int saved = errno;
	int fd = open(path, O_RDWR | O_CLOEXEC);
	errno = saved;
	return fd;
}

int mem_pread(int memfd, uint64_t addr, void *buf, size_t len)
{
	if (addr > INT64_MAX || addr + len < addr)
		return -EFAULT;
	ssize_t n = pread(memfd, buf, len, (off_t)addr);
	if (n == (ssize_t)len)
		return 0;
	if (n == 0)
		return -ESRCH; /* the address space is gone: reads give EOF */
	if (n > 0)
		return -EFAULT;
	return mem_classify(errno);
}

int mem_pwrite(int memfd, uint64_t addr, const void *buf, size_t len)
{
	if (addr > INT64_MAX || addr + len < addr)
		return -EFAULT;
	ssize_t n = pwrite(memfd, buf, len, (off_t)addr);
	if (n == (ssize_t)len)
		return 0;
	if (n == 0)
		return -ESRCH;
	if (n > 0)
		return -EFAULT;
	return mem_classify(errno);
}

int mem_pwrite_raw(int memfd, uint64_t addr, const void *buf, size_t len)
{
	int saved = errno;
	ssize_t n = pwrite(memfd, buf, len, (off_t)addr);
	errno = saved;
	return n == (ssize_t)len ? 0 : -1;
}
