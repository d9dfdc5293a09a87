// SPDX-License-Identifier: MIT
/* evhttp server with a worker pool. The event thread only copies a request's method,
 * path, Authorization header and body into a work item; workers do everything else
 * (including the 250 ms penalty for a wrong password, which must not stall the event
 * loop); event_base_once() brings the finished reply back to the event thread, the only
 * thread that may touch evhttp objects. */
#include "http.h"

#include "alloc.h"
#include "auth.h"
#include "log.h"

#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEADERS_SIZE 8192
#define MAX_BODY_SIZE 0x02000000 /* MAX_SIZE */
#define WWW_AUTH "Basic realm=\"jsonrpc\""

struct http_item {
	struct http_server *srv;
	struct evhttp_request *req;
	bool post;
	char *auth, *peer, *body;
	size_t len;
	int status;
	char *reply;
	bool json, unauthorized;
	struct http_item *next;
};

struct http_server {
	struct event_base *base;
	struct evhttp *http;
	pthread_t event_thread;
	pthread_t *workers;
	int nworkers;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct http_item *head, *tail;
	int depth, max_depth;
	bool stopping;
	atomic_bool interrupted;
	atomic_int outstanding; /* requests taken but not yet answered on the wire */
	http_handler_fn fn;
	void *ctx;
	char *userpass;
};

static void item_free(struct http_item *it)
{
	free(it->auth);
	free(it->peer);
	free(it->body);
	free(it->reply);
	free(it);
}

static void on_complete(struct evhttp_request *req, void *arg)
{
	struct http_server *s = arg;

	atomic_fetch_sub(&s->outstanding, 1);
}

/* Event thread: write a reply. A request whose connection already closed has no
 * connection any more; evhttp_send_reply then just frees it. */
static void send_reply(struct http_server *s, struct evhttp_request *req, int status,
		       const char *body, bool json, bool unauthorized)
{
	struct evbuffer *out = evbuffer_new();
	struct evkeyvalq *hdrs = evhttp_request_get_output_headers(req);

	if (!evhttp_request_get_connection(req))
		atomic_fetch_sub(&s->outstanding, 1);
	else
		evhttp_request_set_on_complete_cb(req, on_complete, s);
	if (json)
		evhttp_add_header(hdrs, "Content-Type", "application/json");
	if (unauthorized)
		evhttp_add_header(hdrs, "WWW-Authenticate", WWW_AUTH);
	if (body)
		evbuffer_add(out, body, strlen(body));
	evhttp_send_reply(req, status, NULL, out);
	evbuffer_free(out);
}

static void reply_cb(evutil_socket_t fd, short what, void *arg)
{
	struct http_item *it = arg;

	send_reply(it->srv, it->req, it->status, it->reply, it->json, it->unauthorized);
	item_free(it);
}

/* HTTPReq_JSONRPC up to the JSON part */
static void handle_item(struct http_server *s, struct http_item *it)
{
	if (!it->post) {
		it->status = 405;
		it->reply = xstrdup("JSONRPC server handles only POST requests");
		return;
	}
	if (!it->auth) {
		it->status = 401;
		it->unauthorized = true;
		return;
	}
	if (!auth_check(s->userpass, it->auth)) {
		log_printf("ThreadRPCServer incorrect password attempt from %s\n", it->peer);
		usleep(250 * 1000); /* deter brute-forcing */
		it->status = 401;
		it->unauthorized = true;
		return;
	}
	it->reply = s->fn(s->ctx, it->body, it->len, &it->status);
	it->json = true;
}

static void *worker_main(void *arg)
{
	struct http_server *s = arg;

	pthread_setname_np(pthread_self(), "minicoin-rpc");
	pthread_mutex_lock(&s->mu);
	for (;;) {
		struct http_item *it;

		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->cv, &s->mu);
		if (!s->head)
			break; /* stopping and drained */
		it = s->head;
		s->head = it->next;
		if (!s->head)
			s->tail = NULL;
		s->depth--;
		pthread_mutex_unlock(&s->mu);
		handle_item(s, it);
		event_base_once(s->base, -1, EV_TIMEOUT, reply_cb, it, NULL);
		pthread_mutex_lock(&s->mu);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static struct http_item *item_new(struct http_server *s, struct evhttp_request *req)
{
	struct http_item *it = xcalloc(1, sizeof(*it));
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	const char *auth =
	    evhttp_find_header(evhttp_request_get_input_headers(req), "Authorization");
	struct evhttp_connection *conn = evhttp_request_get_connection(req);
	const char *host = NULL;
	ev_uint16_t port = 0;

	it->srv = s;
	it->req = req;
	it->post = evhttp_request_get_command(req) == EVHTTP_REQ_POST;
	it->auth = auth ? xstrdup(auth) : NULL;
	if (conn)
		evhttp_connection_get_peer(conn, (char **)&host, &port);
	it->peer = xasprintf("%s:%u", host ? host : "?", port);
	it->len = evbuffer_get_length(in);
	it->body = xmalloc(it->len + 1);
	evbuffer_remove(in, it->body, it->len);
	it->body[it->len] = '\0';
	return it;
}

/* http_request_cb: the event thread's part */
static void request_cb(struct evhttp_request *req, void *arg)
{
	struct http_server *s = arg;
	const char *path = evhttp_uri_get_path(evhttp_request_get_evhttp_uri(req));
	struct http_item *it;
	bool queued = false;

	atomic_fetch_add(&s->outstanding, 1);
	if (atomic_load(&s->interrupted)) {
		send_reply(s, req, 503, NULL, false, false);
		return;
	}
	if (!path || strcmp(path, "/") != 0) {
		send_reply(s, req, 404, NULL, false, false);
		return;
	}
	it = item_new(s, req);
	pthread_mutex_lock(&s->mu);
	if (s->depth < s->max_depth && !s->stopping) {
		if (s->tail)
			s->tail->next = it;
		else
			s->head = it;
		s->tail = it;
		s->depth++;
		queued = true;
		pthread_cond_signal(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	if (!queued) {
		log_printf("WARNING: request rejected because http work queue depth exceeded, "
			   "it can be increased with the -rpcworkqueue= setting\n");
		send_reply(s, req, 500, "Work queue depth exceeded", false, false);
		item_free(it);
	}
}

static void *event_main(void *arg)
{
	struct http_server *s = arg;

	pthread_setname_np(pthread_self(), "minicoin-http");
	event_base_loop(s->base, EVLOOP_NO_EXIT_ON_EMPTY);
	return NULL;
}

static bool bind_socket(struct http_server *s, const struct http_config *cfg)
{
	log_printf("Binding RPC on address %s port %d\n", cfg->bind_addr, cfg->port);
	if (evhttp_bind_socket_with_handle(s->http, cfg->bind_addr, (ev_uint16_t)cfg->port))
		return true;
	log_printf("Binding RPC on address %s port %d failed.\n", cfg->bind_addr, cfg->port);
	log_printf("Unable to bind any endpoint for RPC server\n");
	return false;
}

static void http_free(struct http_server *s)
{
	if (s->http)
		evhttp_free(s->http);
	if (s->base)
		event_base_free(s->base);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->mu);
	free(s->workers);
	free(s->userpass);
	free(s);
}

struct http_server *http_start(const struct http_config *cfg, http_handler_fn fn, void *ctx)
{
	struct http_server *s = xcalloc(1, sizeof(*s));

	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->fn = fn;
	s->ctx = ctx;
	s->userpass = xstrdup(cfg->userpass);
	s->max_depth = cfg->queue_depth;
	s->base = event_base_new();
	s->http = s->base ? evhttp_new(s->base) : NULL;
	if (!s->http) {
		log_printf("Couldn't create evhttp. Exiting.\n");
		http_free(s);
		return NULL;
	}
	evhttp_set_timeout(s->http, cfg->timeout);
	evhttp_set_max_headers_size(s->http, MAX_HEADERS_SIZE);
	evhttp_set_max_body_size(s->http, MAX_BODY_SIZE);
	evhttp_set_allowed_methods(s->http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
						EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE |
						EVHTTP_REQ_OPTIONS);
	evhttp_set_gencb(s->http, request_cb, s);
	if (!bind_socket(s, cfg)) {
		http_free(s);
		return NULL;
	}
	log_printf("HTTP: creating work queue of depth %d\n", cfg->queue_depth);
	log_printf("HTTP: starting %d worker threads\n", cfg->threads);
	s->workers = xcalloc((size_t)cfg->threads, sizeof(*s->workers));
	for (; s->nworkers < cfg->threads; s->nworkers++)
		pthread_create(&s->workers[s->nworkers], NULL, worker_main, s);
	pthread_create(&s->event_thread, NULL, event_main, s);
	return s;
}

void http_interrupt(struct http_server *s)
{
	if (s)
		atomic_store(&s->interrupted, true);
}

void http_stop(struct http_server *s)
{
	struct timespec ts = {0, 10 * 1000 * 1000};

	if (!s)
		return;
	log_printf("Stopping HTTP server\n");
	pthread_mutex_lock(&s->mu);
	s->stopping = true;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	for (int i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i], NULL);
	/* let the event thread write the last replies (the one to "stop" among them) */
	for (int i = 0; i < 200 && atomic_load(&s->outstanding) > 0; i++)
		nanosleep(&ts, NULL);
	event_base_loopbreak(s->base);
	pthread_join(s->event_thread, NULL);
	http_free(s);
	log_printf("Stopped HTTP server\n");
}
