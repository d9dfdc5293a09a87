/* SPDX-License-Identifier: MIT */
/* The RPC HTTP server (Core's httpserver.cpp + the front of httprpc.cpp) on libevent's
 * evhttp: one event thread accepts requests on 127.0.0.1, a work queue hands them to
 * worker threads, which authenticate them (HTTP Basic) and call the JSON-RPC handler;
 * replies go back through the event thread. */
#ifndef MINICOIN_HTTP_H
#define MINICOIN_HTTP_H

#include <stddef.h>

/* Produces a reply body (fresh) and HTTP status for an authenticated POST body. */
typedef char *(*http_handler_fn)(void *ctx, const char *body, size_t len, int *status);

struct http_config {
	const char *bind_addr; /* "127.0.0.1" */
	int port;
	int threads;	      /* -rpcthreads */
	int queue_depth;      /* -rpcworkqueue */
	int timeout;	      /* -rpcservertimeout, seconds */
	const char *userpass; /* the one accepted "user:password" */
};

struct http_server;

/* Binds and starts the threads. NULL when the port cannot be bound (logged). */
struct http_server *http_start(const struct http_config *cfg, http_handler_fn fn, void *ctx);
/* InterruptHTTPServer: new requests are refused with 503 from now on. */
void http_interrupt(struct http_server *s);
/* StopHTTPServer: finishes queued work, waits (briefly) for replies to be written,
 * stops the event thread and frees everything. */
void http_stop(struct http_server *s);

#endif
