/* SPDX-License-Identifier: MIT */
/* debug.log: Core's LogPrintf. Each line gets an ISO-8601 UTC timestamp prefix; lines go
 * to the log file and, with -printtoconsole, to stdout. Messages logged before log_open
 * are buffered and written once the file is open. Thread-safe. */
#ifndef MINICOIN_LOG_H
#define MINICOIN_LOG_H

#include <stdbool.h>

/* Opens (appends to) path; NULL keeps only the console. Returns 0 or -errno. */
int log_open(const char *path, bool print_to_console, bool time_micros);
/* Asks for the file to be reopened before the next line (after rotation): for SIGHUP,
 * so async-signal-safe. */
void log_request_reopen(void);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_close(void);

#endif
