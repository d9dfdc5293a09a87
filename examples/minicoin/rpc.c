// SPDX-License-Identifier: MIT
/* JSON-RPC request parsing and dispatch, reply envelopes and HTTP status codes, as in
 * Core's httprpc.cpp, rpc/server.cpp and rpc/protocol.cpp (2018). Input is untrusted:
 * every shape of JSON gets an error reply, never a crash (tests/fuzz/fuzz_rpc.c). */
#include "rpc.h"

#include "alloc.h"
#include "hex.h"
#include "json_out.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct rpc_server {
	struct node *node;
	const struct rpc_command *const *tables;
	pthread_mutex_t mu;
	bool warmup;
	char *warmup_status;
};

json_t *rpc_fail(struct rpc_call *c, int code, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = xstrdup("out of memory");
	va_end(ap);
	free(c->err_msg);
	c->err_code = code;
	c->err_msg = msg;
	return NULL;
}

json_t *rpc_usage(struct rpc_call *c)
{
	return rpc_fail(c, RPC_MISC_ERROR, "%s", c->cmd->help);
}

bool rpc_check_nargs(struct rpc_call *c, size_t min, size_t max)
{
	size_t n = json_array_size(c->params);

	if (n >= min && n <= max)
		return true;
	rpc_usage(c);
	return false;
}

json_t *rpc_arg(struct rpc_call *c, size_t i)
{
	json_t *v = json_array_get(c->params, i);

	return json_is_null(v) ? NULL : v;
}

/* UniValue keeps numbers as text and ParseInt64 rejects anything with a fraction or
 * exponent; jansson has already turned those into reals. */
bool rpc_get_int64(struct rpc_call *c, json_t *v, int64_t *out)
{
	if (!json_is_number(v)) {
		rpc_fail(c, RPC_MISC_ERROR, "JSON value is not an integer as expected");
		return false;
	}
	if (!json_is_integer(v)) {
		rpc_fail(c, RPC_MISC_ERROR, "JSON integer out of range");
		return false;
	}
	*out = json_integer_value(v);
	return true;
}

bool rpc_get_int(struct rpc_call *c, json_t *v, int *out)
{
	int64_t n;

	if (!rpc_get_int64(c, v, &n))
		return false;
	if (n < INT32_MIN || n > INT32_MAX) {
		rpc_fail(c, RPC_MISC_ERROR, "JSON integer out of range");
		return false;
	}
	*out = (int)n;
	return true;
}

bool rpc_get_str(struct rpc_call *c, json_t *v, const char **out)
{
	if (!json_is_string(v)) {
		rpc_fail(c, RPC_MISC_ERROR, "JSON value is not a string as expected");
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool rpc_get_bool(struct rpc_call *c, json_t *v, bool *out)
{
	if (!json_is_boolean(v)) {
		rpc_fail(c, RPC_MISC_ERROR, "JSON value is not a boolean as expected");
		return false;
	}
	*out = json_is_true(v);
	return true;
}

bool rpc_get_hash(struct rpc_call *c, json_t *v, const char *name, struct u256 *out)
{
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	size_t n = strlen(s);

	if (!hex_is_valid(s)) {
		rpc_fail(c, RPC_INVALID_PARAMETER, "%s must be hexadecimal string (not '%s')", name,
			 s);
		return false;
	}
	if (n != 64) {
		rpc_fail(c, RPC_INVALID_PARAMETER, "%s must be of length %d (not %zu)", name, 64,
			 n);
		return false;
	}
	u256_from_hex(s, out);
	return true;
}

struct rpc_server *rpc_server_new(struct node *node, const struct rpc_command *const *tables)
{
	struct rpc_server *s = xcalloc(1, sizeof(*s));

	s->node = node;
	s->tables = tables;
	pthread_mutex_init(&s->mu, NULL);
	s->warmup = true;
	s->warmup_status = xstrdup("Loading...");
	return s;
}

void rpc_server_free(struct rpc_server *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->mu);
	free(s->warmup_status);
	free(s);
}

void rpc_set_warmup(struct rpc_server *s, const char *status)
{
	pthread_mutex_lock(&s->mu);
	free(s->warmup_status);
	s->warmup_status = xstrdup(status);
	pthread_mutex_unlock(&s->mu);
}

void rpc_warmup_finished(struct rpc_server *s)
{
	pthread_mutex_lock(&s->mu);
	s->warmup = false;
	pthread_mutex_unlock(&s->mu);
}

const struct rpc_command *rpc_find(const struct rpc_server *s, const char *name)
{
	for (size_t t = 0; s->tables[t]; t++)
		for (const struct rpc_command *c = s->tables[t]; c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}

char *rpc_help_all(const struct rpc_server *s)
{
	struct wbuf w = {0};
	const char *category = NULL;

	for (size_t t = 0; s->tables[t]; t++) {
		for (const struct rpc_command *c = s->tables[t]; c->name; c++) {
			const char *nl = strchr(c->help, '\n');

			if (!category || strcmp(category, c->category) != 0) {
				char head[64];
				int n = snprintf(head, sizeof(head), "%s== %c%s ==\n",
						 category ? "\n" : "", toupper(c->category[0]),
						 c->category + 1);

				wbuf_put(&w, head, (size_t)n);
				category = c->category;
			}
			wbuf_put(&w, c->help, nl ? (size_t)(nl - c->help) : strlen(c->help));
			wbuf_u8(&w, '\n');
		}
	}
	if (w.len)
		w.len--; /* Core strips the final newline */
	wbuf_u8(&w, 0);
	return (char *)w.data;
}

/* Position of key in the comma-separated list, or -1. */
static int arg_index(const char *names, const char *key)
{
	size_t klen = strlen(key);
	int i = 0;

	for (const char *p = names; *p; i++) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		if (n == klen && strncmp(p, key, n) == 0)
			return i;
		p += n + (end ? 1 : 0);
	}
	return -1;
}

/* transformNamedArguments: place each named value at its position in arg_names. */
static json_t *named_to_array(struct rpc_call *c, json_t *named)
{
	json_t *arr = json_array();

	for (void *it = json_object_iter(named); it; it = json_object_iter_next(named, it)) {
		const char *key = json_object_iter_key(it);
		int i = arg_index(c->cmd->arg_names, key);

		if (i < 0) {
			json_decref(arr);
			return rpc_fail(c, RPC_INVALID_PARAMETER, "Unknown named parameter %s",
					key);
		}
		while (json_array_size(arr) <= (size_t)i)
			json_array_append_new(arr, json_null());
		json_array_set(arr, (size_t)i, json_object_iter_value(it));
	}
	return arr;
}

/* CRPCTable::execute */
static json_t *execute(struct rpc_server *s, const char *method, json_t *params, struct rpc_call *c)
{
	json_t *args, *result;

	pthread_mutex_lock(&s->mu);
	if (s->warmup) {
		rpc_fail(c, RPC_IN_WARMUP, "%s", s->warmup_status);
		pthread_mutex_unlock(&s->mu);
		return NULL;
	}
	pthread_mutex_unlock(&s->mu);
	c->cmd = rpc_find(s, method);
	if (!c->cmd)
		return rpc_fail(c, RPC_METHOD_NOT_FOUND, "Method not found");
	if (json_is_object(params)) {
		args = named_to_array(c, params);
		if (!args)
			return NULL;
	} else {
		args = json_incref(params);
	}
	c->node = s->node;
	c->server = s;
	c->params = args;
	result = c->cmd->actor(c);
	json_decref(args);
	return result;
}

static json_t *error_object(int code, const char *msg)
{
	return json_pack("{s:i,s:s}", "code", code, "message", msg);
}

/* JSONRPCReplyObj: result, error, id in that order. Steals result and error. */
static json_t *reply_object(json_t *result, json_t *error, json_t *id)
{
	json_t *o = json_object();

	json_object_set_new(o, "result", result ? result : json_null());
	json_object_set_new(o, "error", error ? error : json_null());
	json_object_set(o, "id", id ? id : json_null());
	return o;
}

/* JSONRequest::parse + execute for one request object; *code is set on error. */
static json_t *exec_one(struct rpc_server *s, json_t *req, int *code)
{
	struct rpc_call c = {0};
	json_t *id = NULL, *method, *params, *result = NULL, *reply;

	if (!json_is_object(req)) {
		rpc_fail(&c, RPC_INVALID_REQUEST, "Invalid Request object");
	} else {
		id = json_object_get(req, "id");
		method = json_object_get(req, "method");
		params = json_object_get(req, "params");
		if (!method || json_is_null(method))
			rpc_fail(&c, RPC_INVALID_REQUEST, "Missing method");
		else if (!json_is_string(method))
			rpc_fail(&c, RPC_INVALID_REQUEST, "Method must be a string");
		else if (params && !json_is_null(params) && !json_is_array(params) &&
			 !json_is_object(params))
			rpc_fail(&c, RPC_INVALID_REQUEST, "Params must be an array or object");
		else if (!params || json_is_null(params))
			params = NULL;
		if (!c.err_msg) {
			json_t *empty = params ? NULL : json_array();

			result = execute(s, json_string_value(method), params ? params : empty, &c);
			json_decref(empty);
		}
	}
	if (c.err_msg) {
		reply = reply_object(NULL, error_object(c.err_code, c.err_msg), id);
		*code = c.err_code;
	} else {
		reply = reply_object(result ? result : json_null(), NULL, id);
		*code = 0;
	}
	free(c.err_msg);
	return reply;
}

/* JSONErrorReply's status mapping */
static int error_status(int code)
{
	if (code == RPC_INVALID_REQUEST)
		return 400;
	if (code == RPC_METHOD_NOT_FOUND)
		return 404;
	return 500;
}

static char *finish(json_t *reply)
{
	char *text = json_write(reply), *line;

	json_decref(reply);
	line = xasprintf("%s\n", text);
	free(text);
	return line;
}

char *rpc_handle(struct rpc_server *s, const char *body, size_t len, int *status)
{
	json_error_t jerr;
	json_t *req = json_loadb(body, len, JSON_DECODE_ANY, &jerr);
	json_t *reply;
	int code;

	if (!req) {
		*status = 500;
		return finish(
		    reply_object(NULL, error_object(RPC_PARSE_ERROR, "Parse error"), NULL));
	}
	if (json_is_object(req)) {
		reply = exec_one(s, req, &code);
		*status = code ? error_status(code) : 200;
	} else if (json_is_array(req)) {
		reply = json_array();
		for (size_t i = 0; i < json_array_size(req); i++)
			json_array_append_new(reply, exec_one(s, json_array_get(req, i), &code));
		*status = 200;
	} else {
		reply = reply_object(
		    NULL, error_object(RPC_PARSE_ERROR, "Top-level object parse error"), NULL);
		*status = 500;
	}
	json_decref(req);
	return finish(reply);
}
