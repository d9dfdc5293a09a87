// SPDX-License-Identifier: MIT
/* The debug log. One mutex serializes writers; every message is formatted first and
 * written with a single fwrite so that lines from worker threads never interleave. */
#include "log.h"

#include "alloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

static pthread_mutex_t log_mu = PTHREAD_MUTEX_INITIALIZER;
static atomic_bool log_reopen_pending;
static FILE *log_file;
static char *log_path;
static bool log_console, log_micros, log_opened, log_new_line = true;
static char *log_pending; /* messages from before log_open */
static size_t log_pending_len;

int log_open(const char *path, bool print_to_console, bool time_micros)
{
	int err = 0;

	pthread_mutex_lock(&log_mu);
	log_console = print_to_console;
	log_micros = time_micros;
	if (path) {
		log_path = xstrdup(path);
		log_file = fopen(path, "a");
		if (!log_file)
			err = -errno;
		else
			fputs("\n\n\n\n\n", log_file); /* as Core does, to separate runs */
	}
	log_opened = true;
	if (log_pending) {
		if (log_file)
			fwrite(log_pending, 1, log_pending_len, log_file);
		if (log_console)
			fwrite(log_pending, 1, log_pending_len, stdout);
		free(log_pending);
		log_pending = NULL;
	}
	if (log_file)
		fflush(log_file);
	pthread_mutex_unlock(&log_mu);
	return err;
}

void log_request_reopen(void)
{
	atomic_store(&log_reopen_pending, true);
}

static void reopen_locked(void)
{
	if (log_file && log_path) {
		FILE *f = fopen(log_path, "a");

		if (f) {
			fclose(log_file);
			log_file = f;
		}
	}
}

static size_t stamp(char *buf, size_t n)
{
	struct timeval tv;
	struct tm tm;
	size_t len;

	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	len = strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm);
	if (log_micros)
		len += (size_t)snprintf(buf + len, n - len, ".%06ld", (long)tv.tv_usec);
	len += (size_t)snprintf(buf + len, n - len, "Z ");
	return len;
}

static void log_emit(const char *s, size_t n)
{
	if (!log_opened) {
		log_pending = xrealloc(log_pending, log_pending_len + n);
		memcpy(log_pending + log_pending_len, s, n);
		log_pending_len += n;
		return;
	}
	if (log_file) {
		fwrite(s, 1, n, log_file);
		fflush(log_file);
	}
	if (log_console) {
		fwrite(s, 1, n, stdout);
		fflush(stdout);
	}
}

void log_printf(const char *fmt, ...)
{
	char ts[48], *msg, *line;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	pthread_mutex_lock(&log_mu);
	if (atomic_exchange(&log_reopen_pending, false))
		reopen_locked();
	/* the timestamp goes only at the start of a line (LogPrintf continuation rules) */
	if (log_new_line) {
		size_t tl = stamp(ts, sizeof(ts));

		line = xmalloc(tl + (size_t)n + 1);
		memcpy(line, ts, tl);
		memcpy(line + tl, msg, (size_t)n + 1);
		log_emit(line, tl + (size_t)n);
		free(line);
	} else {
		log_emit(msg, (size_t)n);
	}
	log_new_line = n > 0 && msg[n - 1] == '\n';
	pthread_mutex_unlock(&log_mu);
	free(msg);
}

void log_close(void)
{
	pthread_mutex_lock(&log_mu);
	if (log_file)
		fclose(log_file);
	log_file = NULL;
	free(log_path);
	log_path = NULL;
	free(log_pending);
	log_pending = NULL;
	log_pending_len = 0;
	log_opened = false;
	log_new_line = true;
	pthread_mutex_unlock(&log_mu);
}
