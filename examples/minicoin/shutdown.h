/* SPDX-License-Identifier: MIT */
/* The process-wide shutdown request (Core's StartShutdown/ShutdownRequested): set by
 * signals, the stop RPC or a fatal error, waited for by the main thread. */
#ifndef MINICOIN_SHUTDOWN_H
#define MINICOIN_SHUTDOWN_H

#include <stdbool.h>

/* Async-signal-safe. */
void shutdown_request(void);
bool shutdown_requested(void);
/* Blocks until shutdown_request() has been called. */
void shutdown_wait(void);
/* Clears a request (for test harnesses that run the RPC layer repeatedly). */
void shutdown_reset(void);

#endif
