// SPDX-License-Identifier: MIT
/* evhttp client with a private event base per call (the CLI makes one call, or a few
 * with -rpcwait). */
#include "rpcclient.h"

#include "alloc.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdlib.h>
#include <string.h>

static void request_done(struct evhttp_request *req, void *arg)
{
	struct rpc_response *r = arg;
	struct evbuffer *in;

	if (!req) {
		r->status = 0; /* timeout or connection refused */
		return;
	}
	r->status = evhttp_request_get_response_code(req);
	in = evhttp_request_get_input_buffer(req);
	if (in && evbuffer_get_length(in)) {
		r->len = evbuffer_get_length(in);
		r->body = xmalloc(r->len + 1);
		evbuffer_remove(in, r->body, r->len);
		r->body[r->len] = '\0';
	}
}

int rpcclient_post(const char *host, int port, const char *authorization, const char *body,
		   int timeout, struct rpc_response *out)
{
	struct event_base *base = event_base_new();
	struct evhttp_connection *conn;
	struct evhttp_request *req;
	struct evkeyvalq *hdrs;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (!base)
		return -ENOMEM;
	conn = evhttp_connection_base_new(base, NULL, host, (ev_uint16_t)port);
	if (!conn) {
		event_base_free(base);
		return -ENOMEM;
	}
	evhttp_connection_set_timeout(conn, timeout);
	req = evhttp_request_new(request_done, out);
	hdrs = evhttp_request_get_output_headers(req);
	evhttp_add_header(hdrs, "Host", host);
	evhttp_add_header(hdrs, "Connection", "close");
	evhttp_add_header(hdrs, "Authorization", authorization);
	evbuffer_add(evhttp_request_get_output_buffer(req), body, strlen(body));
	if (evhttp_make_request(conn, req, EVHTTP_REQ_POST, "/") != 0)
		err = -EIO; /* the request was freed by evhttp_make_request */
	else
		event_base_dispatch(base);
	evhttp_connection_free(conn);
	event_base_free(base);
	return err;
}
