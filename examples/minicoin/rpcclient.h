/* SPDX-License-Identifier: MIT */
/* One JSON-RPC round trip over HTTP with libevent's evhttp client, as bitcoin-cli's
 * CallRPC does it: POST / with Host, Connection: close and Basic authorization. */
#ifndef MINICOIN_RPCCLIENT_H
#define MINICOIN_RPCCLIENT_H

#include <stddef.h>

struct rpc_response {
	int status; /* HTTP status; 0 when no response came (connection failed) */
	char *body; /* NUL-terminated; NULL when there was no body */
	size_t len;
};

/* Returns 0 with *out filled (free out->body), or -ENOMEM/-EIO when the request could
 * not even be sent. */
int rpcclient_post(const char *host, int port, const char *authorization, const char *body,
		   int timeout, struct rpc_response *out);

#endif
