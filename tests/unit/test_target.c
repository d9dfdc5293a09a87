// SPDX-License-Identifier: MIT
/* Unit tests of the ptrace backend's pure parts: /proc/PID/maps parsing and load bias,
 * the u64 hash map, -c command splitting, memory access classification, and a minimal
 * target life cycle on this very test's child (attach to a nonexistent pid, etc.). */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "target/maps.h"
#include "target/mem.h"
#include "target/target.h"
#include "target/tgt.h"
#include "target/u64map.h"

int main(void);

static void test_maps_parse(void)
{
	struct maps m;
	const char *text =
	    "555555554000-555555555000 r--p 00000000 fd:01 1234     /usr/bin/prog\n"
	    "555555555000-555555556000 r-xp 00001000 fd:01 1234     /usr/bin/prog\n"
	    "7ffff7fc3000-7ffff7fc7000 r--p 00000000 00:00 0        [vvar]\n"
	    "7ffff7fc7000-7ffff7fc9000 r-xp 00000000 00:00 0        [vdso]\n"
	    "7ffff7dd0000-7ffff7df0000 r-xp 00002000 08:02 99 /tmp/lib x.so (deleted)\n"
	    "garbage line\n"
	    "7ffff0000000-7ffff0001000 rw-p 00000000 00:00 0 \n"
	    "00400000-00401000 r-xp 00000000 08:02 5 /bin/noeol";

	CHECK_EQ_INT(maps_parse(text, &m), 0);
	CHECK_EQ_INT(m.n, 4);
	if (m.n == 4) {
		CHECK_EQ_STR(m.v[0].path, "/usr/bin/prog");
		CHECK(!m.v[0].exec && m.v[1].exec);
		CHECK_EQ_INT(m.v[1].offset, 0x1000);
		CHECK_EQ_INT(m.v[1].start, 0x555555555000);
		CHECK_EQ_INT(m.v[1].ino, 1234);
		CHECK_EQ_STR(m.v[2].path, "/tmp/lib x.so");
		CHECK_EQ_STR(m.v[3].path, "/bin/noeol");
	}
	maps_free(&m);
	CHECK_EQ_INT(m.n, 0);
}

/* Our own executable: its bias from our own maps must put main where it is. */
static void test_maps_bias_self(void)
{
	struct maps m;
	struct elf_file *ef;
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	CHECK(n > 0);
	exe[n > 0 ? n : 0] = 0;
	CHECK_EQ_INT(elf_file_open(exe, &ef, NULL, 0), 0);
	CHECK_EQ_INT(maps_read(getpid(), &m), 0);
	int found = 0;
	for (int i = 0; i < m.n; i++) {
		uint64_t bias;
		if (strcmp(m.v[i].path, exe) != 0 || maps_bias(&m.v[i], ef, &bias) < 0)
			continue;
		struct elf_sym s;
		CHECK_EQ_INT(elf_file_sym_by_name(ef, "main", &s), 0);
		CHECK_EQ_INT(bias + s.value, (uint64_t)(uintptr_t)&main);
		found++;
	}
	CHECK_EQ_INT(found, 1);
	maps_free(&m);
	elf_file_free(ef);
	CHECK_EQ_INT(maps_read(-5, &m), -ESRCH);
}

static void test_u64map(void)
{
	struct u64map m = {0};
	static int vals[5000];
	uint64_t key;
	void *val;

	CHECK(u64map_get(&m, 1) == NULL);
	CHECK(u64map_del(&m, 1) == NULL);
	for (int i = 0; i < 5000; i++)
		u64map_put(&m, (uint64_t)i * 7919, &vals[i]);
	CHECK_EQ_INT(m.n, 5000);
	for (int i = 0; i < 5000; i += 2)
		CHECK(u64map_del(&m, (uint64_t)i * 7919) == &vals[i]);
	CHECK_EQ_INT(m.n, 2500);
	int bad = 0;
	for (int i = 0; i < 5000; i++)
		bad += u64map_get(&m, (uint64_t)i * 7919) != (i % 2 ? &vals[i] : NULL);
	CHECK_EQ_INT(bad, 0);
	int seen = 0;
	for (size_t i = 0; u64map_next(&m, &i, &key, &val);)
		seen += (int *)val - vals == (long)(key / 7919) && key % 2 == 1;
	CHECK_EQ_INT(seen, 2500);
	for (int i = 0; i < 100000; i++) { /* churn: tombstones must not fill the table */
		u64map_put(&m, 1u << 20, &vals[0]);
		u64map_del(&m, 1u << 20);
	}
	CHECK(m.cap <= 16384);
	u64map_put(&m, 0, &vals[1]);
	CHECK(u64map_get(&m, 0) == &vals[1]);
	u64map_free(&m);
}

static void split_case(const char *cmd, const char *expect)
{
	char **argv = NULL, err[128] = "";
	char buf[512] = "";
	int rc = launch_split(cmd, &argv, err, sizeof(err));

	if (rc < 0) {
		snprintf(buf, sizeof(buf), "error: %s", err);
	} else {
		for (char **p = argv; *p; p++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s[%s]",
				 p == argv ? "" : " ", *p);
	}
	CHECK_EQ_STR(buf, expect);
	launch_argv_free(argv);
}

static void test_launch_split(void)
{
	setenv("UTAP_TEST_V", "val", 1);
	split_case("./prog a b", "[./prog] [a] [b]");
	split_case("  prog   'a b'  \"c d\" ", "[prog] [a b] [c d]");
	split_case("prog $UTAP_TEST_V", "[prog] [val]");
	split_case("prog > out", "[sh] [-c] [prog > out]");
	split_case("a | b", "[sh] [-c] [a | b]");
	split_case("prog; other", "[sh] [-c] [prog; other]");
	split_case("prog 'unterminated",
		   "error: wordexp: syntax error (unmatched quotes?) in -c COMMAND");
	split_case("", "error: empty -c COMMAND");
	split_case("prog $(date)", "error: wordexp: parsing error (4)");
	split_case("prog $UTAP_NO_SUCH_VAR_X", "error: wordexp: parsing error (3)");
}

static void test_mem(void)
{
	static const char secret[] = "utap-mem-test";
	char buf[sizeof(secret)];

	CHECK_EQ_INT(mem_read(getpid(), (uint64_t)(uintptr_t)secret, buf, sizeof(buf)), 0);
	CHECK_EQ_STR(buf, secret);
	CHECK_EQ_INT(mem_read(getpid(), 8, buf, 4), -EFAULT);
	CHECK_EQ_INT(mem_read(getpid(), UINT64_MAX - 2, buf, 4), -EFAULT);
	int fd = mem_open(getpid());
	CHECK(fd >= 0);
	char w[] = "UTAP";
	char target[8] = "xxxxxxx";
	CHECK_EQ_INT(mem_pwrite(fd, (uint64_t)(uintptr_t)target, w, 4), 0);
	CHECK_EQ_STR(target, "UTAPxxx");
	CHECK_EQ_INT(mem_pread(fd, 8, buf, 4), -EIO);
	close(fd);
	CHECK_EQ_INT(mem_open(-5), -ESRCH);

	/* a process that is gone: ESRCH, an event rather than an error */
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	CHECK_EQ_INT(mem_read(p, (uint64_t)(uintptr_t)secret, buf, 4), -ESRCH);
}

/* PTRACE_PEEKDATA, the fallback for process_vm_readv's EPERM, on a stopped child: odd
 * addresses and lengths, a bad address, and a child that is gone. */
static void test_mem_peek(void)
{
	static const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz";
	char buf[sizeof(text)];
	int st;

	pid_t p = fork();
	if (p == 0) {
		for (;;)
			pause();
	}
	CHECK(ptrace(PTRACE_SEIZE, p, NULL, NULL) == 0);
	CHECK(ptrace(PTRACE_INTERRUPT, p, NULL, NULL) == 0);
	waitpid(p, &st, __WALL);
	for (size_t off = 0; off < 9; off++) {
		for (size_t len = 1; len < 20; len += 6) {
			memset(buf, 0, sizeof(buf));
			CHECK_EQ_INT(mem_peek(p, (uint64_t)(uintptr_t)text + off, buf, len), 0);
			CHECK(memcmp(buf, text + off, len) == 0);
		}
	}
	CHECK_EQ_INT(mem_peek(p, 8, buf, 4), -EIO);
	kill(p, SIGKILL);
	waitpid(p, &st, __WALL);
	CHECK_EQ_INT(mem_peek(p, (uint64_t)(uintptr_t)text, buf, 4), -ESRCH);
}

static void test_target_errors(void)
{
	struct target *t = target_new();
	struct target_site s = {.path = "/nonexistent/prog", .pc = 0x1000, .args = ""};

	CHECK(t != NULL);
	CHECK(target_add_site(t, &s) < 0);
	CHECK(strstr(target_errmsg(t), "/nonexistent/prog") != NULL);
	pid_t p = fork();
	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	CHECK_EQ_INT(target_attach(t, p), -ESRCH);
	char want[80];
	snprintf(want, sizeof(want), "cannot probe pid %d: No such process", (int)p);
	CHECK_EQ_STR(target_errmsg(t), want);
	CHECK_EQ_INT(target_attach(t, 0), -EINVAL);
	CHECK_EQ_STR(target_errmsg(t), "cannot probe pid 0: Invalid pid");
	CHECK_EQ_INT(target_launch(t, "/nonexistent/cmd arg"), -ENOENT);
	CHECK_EQ_STR(target_errmsg(t), "/nonexistent/cmd: No such file or directory");
	CHECK_EQ_INT(target_start(t), -ESRCH);
	target_free(t);
	/* the signal mask is restored */
	sigset_t cur;
	sigprocmask(SIG_BLOCK, NULL, &cur);
	CHECK(!sigismember(&cur, SIGINT) && !sigismember(&cur, SIGCHLD));
}

/* A whole run on /bin/true: launch, start, EXITED with status 0, detach. */
static void test_target_true(void)
{
	struct target *t = target_new();
	struct target_event ev;
	int exited = 0, other = 0;

	target_want_events(t, TARGET_WANT_PROCESS);
	CHECK_EQ_INT(target_launch(t, "true"), 0);
	CHECK(target_pid(t) > 0);
	CHECK_EQ_INT(target_start(t), 0);
	for (int i = 0; i < 10 && !exited; i++) {
		CHECK_EQ_INT(target_wait(t, -1, &ev), 0);
		if (ev.kind == TARGET_EV_EXITED) {
			exited = 1;
			CHECK_EQ_INT(ev.exit_code, 0);
			CHECK_EQ_INT(ev.term_signal, 0);
		} else if (ev.kind == TARGET_EV_PROCESS_BEGIN || ev.kind == TARGET_EV_PROCESS_END) {
			CHECK(ev.ctx != NULL && ev.ctx->pid == target_pid(t));
			CHECK(strstr(ev.path, "true") != NULL);
		} else {
			other++;
		}
	}
	CHECK_EQ_INT(exited, 1);
	CHECK_EQ_INT(other, 0);
	/* with nothing left: the deadline */
	CHECK_EQ_INT(target_wait(t, 0, &ev), 0);
	CHECK_EQ_INT(ev.kind, TARGET_EV_TIMEOUT);
	CHECK_EQ_INT(target_detach(t), 0);
	target_free(t);
}

int main(void)
{
	test_maps_parse();
	test_maps_bias_self();
	test_u64map();
	test_launch_split();
	test_mem();
	test_mem_peek();
	test_target_errors();
	test_target_true();
	return check_done("test_target");
}
