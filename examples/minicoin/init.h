/* SPDX-License-Identifier: MIT */
/* Node start-up and shutdown (Core's AppInitMain and Shutdown): data directory lock,
 * debug.log, pid file, RPC server with cookie, chainstate, validation thread. */
#ifndef MINICOIN_INIT_H
#define MINICOIN_INIT_H

#include "args.h"

struct app;

/* Brings the node up. On failure prints "Error: ..." to stderr (and the log) and returns
 * NULL after undoing what was started. Takes ownership of args; datadir and conf are
 * the resolved paths (copied). */
struct app *app_init(struct args *args, const char *datadir, const char *conf);
/* Shutdown: stop RPC, stop validation, flush the coins (twice, as Core), close, remove
 * cookie and pid file, free the app. */
void app_shutdown(struct app *app);

#endif
