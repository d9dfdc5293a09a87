// SPDX-License-Identifier: MIT
/* minicoin-cli: bitcoin-cli for minicoind. Arguments become a JSON-RPC request (some
 * converted from text to JSON as RPCConvertValues does), the reply is printed as
 * bitcoin-cli prints it (strings raw, other results indented by two spaces, errors as
 * "error code: N / error message:" with exit status |N|). */
#include "alloc.h"
#include "args.h"
#include "auth.h"
#include "chainparams.h"
#include "datadir.h"
#include "jsontext.h"
#include "json_out.h"
#include "rpcclient.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_RPCCONNECT "127.0.0.1"
#define DEFAULT_CLIENT_TIMEOUT 900
#define RPC_IN_WARMUP (-28)

static const char *const cli_args[] = {
    "?",       "h",	      "help",	 "version",	   "regtest",
    "testnet", "datadir",     "conf",	 "rpcconnect",	   "rpcport",
    "rpcuser", "rpcpassword", "rpcwait", "rpcwaittimeout", "rpcclienttimeout",
    "named",   NULL,
};

static const char usage[] =
    "Minicoin RPC client version v" UTAP_VERSION "\n"
    "\n"
    "Usage:\n"
    "  minicoin-cli -regtest [options] <command> [params]  Send command to minicoind\n"
    "  minicoin-cli -regtest [options] -named <command> [name=value]...\n"
    "  minicoin-cli -regtest [options] help                List commands\n"
    "  minicoin-cli -regtest [options] help <command>      Get help for a command\n"
    "\n"
    "Options:\n"
    "  -?                      This help message\n"
    "  -version                Print version and exit\n"
    "  -regtest                Use the regression test chain (required)\n"
    "  -datadir=<dir>          Specify data directory (default: ~/.minicoin)\n"
    "  -conf=<file>            Specify configuration file (default: minicoin.conf)\n"
    "  -named                  Pass named instead of positional arguments\n"
    "  -rpcconnect=<ip>        Send commands to node running on <ip> (default: 127.0.0.1)\n"
    "  -rpcport=<port>         Connect to JSON-RPC on <port> (default: 18443)\n"
    "  -rpcuser=<user>         Username for JSON-RPC connections\n"
    "  -rpcpassword=<pw>       Password for JSON-RPC connections\n"
    "  -rpcwait                Wait for RPC server to start\n"
    "  -rpcwaittimeout=<n>     Timeout in seconds to wait for the RPC server to start\n"
    "                          (default: 0, no limit)\n"
    "  -rpcclienttimeout=<n>   Timeout in seconds during HTTP requests (default: 900)\n";

/* vRPCConvertParams: arguments sent as JSON values instead of strings */
static const struct {
	const char *method;
	int index;
	const char *name;
} convert_params[] = {
    {"generate", 0, "nblocks"},
    {"generate", 1, "maxtries"},
    {"generatetoaddress", 0, "nblocks"},
    {"generatetoaddress", 2, "maxtries"},
    {"getblockhash", 0, "height"},
    {"getblock", 1, "verbosity"},
    {"gettxout", 1, "n"},
    {"gettxout", 2, "include_mempool"},
    {"stop", 0, "wait"},
};

struct cli {
	struct args *args;
	char *datadir, *conf;
	char *err; /* "error: ..." text for the failure being reported */
};

static int cli_fail(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int cli_fail(struct cli *c, const char *fmt, ...)
{
	va_list ap;

	free(c->err);
	va_start(ap, fmt);
	if (vasprintf(&c->err, fmt, ap) < 0)
		c->err = NULL;
	va_end(ap);
	return -EINVAL;
}

static bool must_convert(const char *method, int index, const char *name)
{
	for (size_t i = 0; i < sizeof(convert_params) / sizeof(convert_params[0]); i++)
		if (strcmp(convert_params[i].method, method) == 0 &&
		    (name ? strcmp(convert_params[i].name, name) == 0
			  : convert_params[i].index == index))
			return true;
	return false;
}

/* ParseNonRFCJSONValue: the text as one JSON value of any type */
static json_t *parse_value(struct cli *c, const char *s)
{
	char *wrapped = xasprintf("[%s]", s);
	json_t *arr = json_loads(wrapped, 0, NULL), *v = NULL;

	free(wrapped);
	if (arr && json_array_size(arr) == 1)
		v = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	if (!v)
		cli_fail(c, "Error parsing JSON:%s", s);
	return v;
}

static json_t *convert(struct cli *c, const char *method, int index, const char *name,
		       const char *value)
{
	if (must_convert(method, index, name))
		return parse_value(c, value);
	return json_string(value);
}

/* RPCConvertValues / RPCConvertNamedValues */
static json_t *build_params(struct cli *c, const char *method, char **argv, int argc)
{
	bool named = args_get_bool(c->args, "named", false);
	json_t *params = named ? json_object() : json_array();

	for (int i = 0; i < argc; i++) {
		json_t *v;

		if (named) {
			char *eq = strchr(argv[i], '='), *name;

			if (!eq) {
				cli_fail(c,
					 "No '=' in named argument '%s', this needs to be "
					 "presented as name=value",
					 argv[i]);
				goto fail;
			}
			name = strndup(argv[i], (size_t)(eq - argv[i]));
			v = convert(c, method, -1, name, eq + 1);
			if (v)
				json_object_set_new(params, name, v);
			free(name);
		} else {
			v = convert(c, method, i, NULL, argv[i]);
			if (v)
				json_array_append_new(params, v);
		}
		if (!v)
			goto fail;
	}
	return params;
fail:
	json_decref(params);
	return NULL;
}

/* -rpcpassword, else the cookie. -ENOENT when neither is there. */
static int credentials(struct cli *c, char **userpass)
{
	const char *pass = args_get(c->args, "rpcpassword", "");
	char *netdir;
	int err;

	if (*pass) {
		*userpass = xasprintf("%s:%s", args_get(c->args, "rpcuser", ""), pass);
		return 0;
	}
	netdir = datadir_net(c->datadir, chainparams_regtest()->name, false);
	err = auth_cookie_read(netdir, userpass);
	free(netdir);
	if (!err)
		return 0;
	cli_fail(c,
		 "Could not locate RPC credentials. No authentication cookie could be found, "
		 "and RPC password is not set.  See -rpcpassword and -stdinrpcpass.  "
		 "Configuration file: (%s)",
		 c->conf);
	return -ENOENT;
}

enum call_result { CALL_OK, CALL_FAILED, CALL_RETRY };

/* Checks the HTTP layer of the answer (CallRPC). */
static enum call_result check_http(struct cli *c, const struct rpc_response *r, const char *host,
				   int port)
{
	if (r->status == 0) {
		cli_fail(c,
			 "Could not connect to the server %s:%d\n\nMake sure the minicoind server "
			 "is running and that you are connecting to the correct RPC port.",
			 host, port);
		return CALL_RETRY;
	}
	if (r->status == 401)
		cli_fail(c, "Authorization failed: Incorrect rpcuser or rpcpassword");
	else if (r->status > 400 && r->status != 404 && r->status != 500)
		cli_fail(c, "server returned HTTP error %d", r->status);
	else if (!r->body || !r->len)
		cli_fail(c, "no response from server");
	else
		return CALL_OK;
	return CALL_FAILED;
}

/* Prints the result or the error; returns the exit status. */
static int print_reply(struct cli *c, const char *body, size_t len, json_t *reply, bool wait,
		       bool *retry)
{
	json_t *error = json_object_get(reply, "error"), *result = json_object_get(reply, "result");
	size_t off, vlen;
	char *text;

	*retry = false;
	if (error && !json_is_null(error)) {
		json_t *code = json_object_get(error, "code"),
		       *msg = json_object_get(error, "message");
		json_int_t n = json_is_integer(code) ? json_integer_value(code) : 0;

		if (wait && n == RPC_IN_WARMUP) {
			*retry = true;
			return 1;
		}
		if (!json_is_object(error)) {
			text = json_write(error);
			fprintf(stderr, "error: %s\n", text);
			free(text);
			return 1;
		}
		if (!json_is_null(code) && code) {
			text = json_write(code);
			fprintf(stderr, "error code: %s\n", text);
			free(text);
		}
		if (json_is_string(msg))
			fprintf(stderr, "error message:\n%s\n", json_string_value(msg));
		return (int)(n < 0 ? -n : n);
	}
	if (!result || json_is_null(result))
		return 0;
	if (json_is_string(result)) {
		printf("%s\n", json_string_value(result));
		return 0;
	}
	if (jsontext_member(body, len, "result", &off, &vlen) < 0)
		return 0;
	text = jsontext_pretty(body + off, vlen, 2);
	printf("%s\n", text);
	free(text);
	return 0;
}

/* One attempt. Returns the exit status, or -1 to try again (-rpcwait). */
static int call_once(struct cli *c, const char *request, bool wait)
{
	const char *host = args_get(c->args, "rpcconnect", DEFAULT_RPCCONNECT);
	int port = (int)args_get_int(c->args, "rpcport", chainparams_regtest()->rpc_port);
	int timeout = (int)args_get_int(c->args, "rpcclienttimeout", DEFAULT_CLIENT_TIMEOUT);
	struct rpc_response r;
	enum call_result res;
	char *userpass, *auth;
	json_t *reply;
	bool retry;
	int rc;

	if (credentials(c, &userpass) < 0)
		return wait ? -1 : 1;
	auth = auth_basic_header(userpass);
	free(userpass);
	rc = rpcclient_post(host, port, auth, request, timeout > 0 ? timeout : 0, &r);
	free(auth);
	if (rc < 0) {
		cli_fail(c, "send http request failed");
		return 1;
	}
	res = check_http(c, &r, host, port);
	if (res != CALL_OK) {
		free(r.body);
		return res == CALL_RETRY && wait ? -1 : 1;
	}
	reply = json_loadb(r.body, r.len, JSON_DECODE_ANY, NULL);
	if (!reply) {
		cli_fail(c, "couldn't parse reply from server");
		rc = 1;
	} else if (!json_is_object(reply) || !json_object_get(reply, "result") ||
		   !json_object_get(reply, "error") || !json_object_get(reply, "id")) {
		cli_fail(c, "expected reply to have result, error and id properties");
		rc = 1;
	} else {
		rc = print_reply(c, r.body, r.len, reply, wait, &retry);
		if (retry)
			rc = -1;
	}
	json_decref(reply);
	free(r.body);
	return rc;
}

static int call(struct cli *c, const char *request)
{
	bool wait = args_get_bool(c->args, "rpcwait", false);
	int64_t limit = args_get_int(c->args, "rpcwaittimeout", 0);
	time_t start = time(NULL);
	int rc;

	for (;;) {
		rc = call_once(c, request, wait);
		if (rc >= 0)
			return rc;
		if (limit > 0 && time(NULL) - start >= limit) {
			if (!c->err)
				cli_fail(
				    c,
				    "timeout on transient error: the server is still warming up");
			return 1;
		}
		sleep(1);
	}
}

static int setup(struct cli *c, int argc, char **argv, int *first)
{
	char *err = NULL;
	int rc;

	if (args_parse_cmdline(c->args, argc, argv, first, &err) < 0) {
		fprintf(stderr, "Error parsing command line arguments: %s\n", err);
		free(err);
		return 1;
	}
	if (args_is_set(c->args, "?") || args_is_set(c->args, "h") ||
	    args_is_set(c->args, "help") || args_is_set(c->args, "version")) {
		fputs(args_is_set(c->args, "version") ? "Minicoin RPC client version v" UTAP_VERSION
							"\n"
						      : usage,
		      stdout);
		return 0;
	}
	if (datadir_resolve(c->args, false, &c->datadir) < 0) {
		fprintf(stderr, "Error: Specified data directory \"%s\" does not exist.\n",
			args_get(c->args, "datadir", ""));
		return 1;
	}
	c->conf = datadir_conf(c->args, c->datadir);
	rc = args_read_config(c->args, c->conf, chainparams_regtest()->name, &err);
	if (rc < 0 && rc != -ENOENT) {
		fprintf(stderr, "Error reading configuration file: %s\n",
			err ? err : strerror(-rc));
		free(err);
		return 1;
	}
	if (!args_get_bool(c->args, "regtest", false) || args_get_bool(c->args, "testnet", false)) {
		fprintf(stderr, "Error: minicoin-cli talks only to a regression test node; pass "
				"-regtest.\n");
		return 1;
	}
	return -1;
}

int main(int argc, char **argv)
{
	struct cli c = {.args = args_new(cli_args)};
	json_t *params, *req;
	char *text, *line;
	int first, rc;

	rc = setup(&c, argc, argv, &first);
	if (rc >= 0)
		goto out;
	rc = 1;
	if (first >= argc) {
		cli_fail(&c, "too few parameters (need at least command)");
		goto out;
	}
	params = build_params(&c, argv[first], argv + first + 1, argc - first - 1);
	if (!params)
		goto out;
	req = json_pack("{s:s,s:o,s:i}", "method", argv[first], "params", params, "id", 1);
	if (!req) {
		cli_fail(&c, "Error parsing JSON:%s", argv[first]);
		goto out;
	}
	text = json_write(req);
	json_decref(req);
	line = xasprintf("%s\n", text);
	free(text);
	rc = call(&c, line);
	free(line);
out:
	if (rc && c.err)
		fprintf(stderr, "error: %s\n", c.err);
	free(c.err);
	free(c.datadir);
	free(c.conf);
	args_free(c.args);
	return rc;
}
