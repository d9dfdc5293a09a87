// SPDX-License-Identifier: MIT
/* utap-trace-driver: drives the ptrace backend (target.h) without the language, for the
 * end-to-end tests and bench/hit. Marks are found with elf/resolve.h, every hit is
 * printed as "NAME ARG1 ARG2 ..." (decimal, as the VM would see $argN), or counted.
 *   utap-trace-driver [-n] [-q] [-E] [-T SECS] [-H N] -p PATH[:PROVIDER]:MARK ...
 *                     (-c CMD | -x PID)
 * -n prints "NAME COUNT" lines at the end instead of each hit; -E prints begin/end
 * events; -v prints the backend's statistics; -T detaches after SECS; -H detaches after N hits; -q
 * prints nothing per hit; -o FILE writes the trace there instead of stdout (which the -c child
 * shares). The first argument of probes named str* is printed as the string it points to. Exit
 * status: 1 when the -c child failed (with staprun's warning), 0 otherwise. */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "elf/resolve.h"
#include "target/target.h"
#include "vm/probe_ctx.h"

struct drv_probe {
	char *name;
	uint64_t count;
};

static struct drv_probe probes[4096];
static FILE *out;
static int nprobes;

static int64_t drv_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* PATH[:PROVIDER]:MARK -> sites */
static int drv_add(struct target *t, char *spec)
{
	char *last = strrchr(spec, ':');
	if (!last) {
		fprintf(stderr, "bad -p %s\n", spec);
		return -1;
	}
	*last = 0;
	const char *mark = last + 1, *provider = NULL;
	char *mid = strrchr(spec, ':');
	if (mid) {
		*mid = 0;
		provider = mid + 1;
	}
	struct mark_set *ms;
	char err[256];
	char *pat = resolve_mark_pattern(mark);
	int rc = mark_set_resolve(spec, provider, pat, &ms, err, sizeof(err));
	free(pat);
	if (rc < 0) {
		fprintf(stderr, "driver: %s\n", err);
		return -1;
	}
	for (size_t f = 0; f < mark_set_file_count(ms); f++) {
		for (size_t i = 0; i < mark_set_mark_count(ms, f); i++) {
			const struct sdt_note *n = mark_set_mark(ms, f, i);
			int id = 0;
			while (id < nprobes && strcmp(probes[id].name, n->name) != 0)
				id++;
			if (id == nprobes) {
				if (nprobes == (int)(sizeof(probes) / sizeof(probes[0])))
					return -1;
				probes[nprobes++].name = strdup(n->name);
			}
			struct target_site s = {
			    .path = mark_set_file_path(ms, f),
			    .pc = n->pc,
			    .sema = n->sema,
			    .args = n->args,
			    .probe_id = (uint32_t)id,
			};
			if (target_add_site(t, &s) < 0) {
				fprintf(stderr, "driver: %s\n", target_errmsg(t));
				return -1;
			}
		}
	}
	if (mark_set_total(ms) == 0)
		fprintf(stderr, "driver: no match for %s\n", mark);
	mark_set_free(ms);
	return 0;
}

static void drv_print_hit(const struct target_event *ev)
{
	char line[1024];
	size_t len = 0;
	struct probe_ctx *ctx = ev->ctx;

	uint64_t pc = 0;
	if (ctx->ops->reg(ctx, 16, &pc) < 0 || pc != ctx->pc)
		len += (size_t)snprintf(line, sizeof(line), "PC-MISMATCH ");
	for (int k = 0; k < ev->nids; k++) {
		const char *name = probes[ev->ids[k]].name;
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s", name);
		for (int a = 1; a <= ctx->nargs && len < sizeof(line) - 64; a++) {
			int64_t v;
			int rc = ctx->ops->arg(ctx, a, &v);
			char s[33] = "";
			if (rc == 0 && a == 1 && strncmp(name, "str", 3) == 0) {
				/* arg1 of str* probes is a char *: read it as user_string would */
				for (size_t i = 0; i < sizeof(s) - 1; i++) {
					rc = ctx->ops->read_mem(ctx, (uint64_t)v + i, &s[i], 1);
					if (rc < 0 || !s[i])
						break;
				}
				if (rc == 0) {
					len += (size_t)snprintf(line + len, sizeof(line) - len,
								" \"%s\"", s);
					continue;
				}
			}
			if (rc < 0)
				len +=
				    (size_t)snprintf(line + len, sizeof(line) - len, " ERR%d", rc);
			else
				len += (size_t)snprintf(line + len, sizeof(line) - len, " %" PRId64,
							v);
		}
		len += (size_t)snprintf(line + len, sizeof(line) - len, "\n");
	}
	fwrite(line, 1, len, out);
}

static const char *drv_base(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	struct target *t = target_new();
	const char *cmd = NULL;
	pid_t pid = 0;
	bool count = false, quiet = false, events = false, verbose = false;
	double limit = 0;
	uint64_t max_hits = 0, hits = 0;
	int opt, status = 0;

	out = stdout;
	setvbuf(stdout, NULL, _IOFBF, 1 << 16);
	while ((opt = getopt(argc, argv, "nqvET:H:p:c:x:o:")) != -1) {
		switch (opt) {
		case 'n':
			count = true;
			break;
		case 'q':
			quiet = true;
			break;
		case 'v':
			verbose = true;
			break;
		case 'E':
			events = true;
			break;
		case 'T':
			limit = atof(optarg);
			break;
		case 'H':
			max_hits = strtoull(optarg, NULL, 10);
			break;
		case 'p':
			if (drv_add(t, optarg) < 0)
				return 1;
			break;
		case 'c':
			cmd = optarg;
			break;
		case 'x':
			pid = atoi(optarg);
			break;
		case 'o':
			out = fopen(optarg, "we");
			if (!out) {
				perror(optarg);
				return 2;
			}
			setvbuf(out, NULL, _IOFBF, 1 << 16);
			break;
		default:
			return 2;
		}
	}
	if (events)
		target_want_events(t, TARGET_WANT_PROCESS | TARGET_WANT_THREAD);
	int rc = cmd ? target_launch(t, cmd) : target_attach(t, pid);
	if (rc < 0) {
		fprintf(stderr, "ERROR: %s\n", target_errmsg(t));
		target_free(t);
		return 1;
	}
	if (target_start(t) < 0) {
		fprintf(stderr, "ERROR: %s\n", target_errmsg(t));
		target_free(t);
		return 1;
	}
	int64_t deadline = limit > 0 ? drv_now() + (int64_t)(limit * 1e9) : -1;
	for (;;) {
		struct target_event ev;
		rc = target_wait(t, deadline, &ev);
		if (rc < 0) {
			fprintf(stderr, "ERROR: %s\n", target_errmsg(t));
			status = 1;
			break;
		}
		if (ev.kind == TARGET_EV_HIT) {
			hits++;
			for (int k = 0; k < ev.nids; k++)
				probes[ev.ids[k]].count++;
			if (!count && !quiet)
				drv_print_hit(&ev);
			if (max_hits && hits >= max_hits)
				break;
		} else if (ev.kind == TARGET_EV_WARNING) {
			fflush(out);
			fprintf(stderr, "WARNING: %s\n", ev.msg);
		} else if (ev.kind == TARGET_EV_EXITED) {
			if (!cmd)
				continue; /* -x: the run goes on until a signal or -T */
			fflush(out);
			if (ev.term_signal) {
				fprintf(stderr,
					"WARNING: Child process exited with signal %d (%s)\n",
					ev.term_signal, strsignal(ev.term_signal));
				status = 1;
			} else if (ev.exit_code) {
				fprintf(stderr, "WARNING: Child process exited with status %d\n",
					ev.exit_code);
				status = 1;
			}
			break;
		} else if (ev.kind == TARGET_EV_TIMEOUT || ev.kind == TARGET_EV_INTERRUPTED) {
			break;
		} else if (events) {
			static const char *const names[] = {
			    [TARGET_EV_PROCESS_BEGIN] = "process.begin",
			    [TARGET_EV_PROCESS_END] = "process.end",
			    [TARGET_EV_THREAD_BEGIN] = "thread.begin",
			    [TARGET_EV_THREAD_END] = "thread.end",
			};
			fprintf(out, "%s %s%s\n", names[ev.kind], drv_base(ev.path),
				ev.tid == target_pid(t) ? " (root)" : "");
		}
	}
	if (verbose) {
		struct target_stats st;
		target_get_stats(t, &st);
		fprintf(stderr,
			"stats: hits %" PRIu64 " stops %" PRIu64 " rescans %" PRIu64
			" cpu_moves %" PRIu64 "\n",
			st.hits, st.stops, st.rescans, st.cpu_moves);
	}
	rc = target_detach(t);
	if (rc < 0)
		fprintf(stderr, "ERROR: %s\n", target_errmsg(t));
	if (count)
		for (int i = 0; i < nprobes; i++)
			fprintf(out, "%s %" PRIu64 "\n", probes[i].name, probes[i].count);
	fflush(out);
	target_free(t);
	return status;
}
