/* SPDX-License-Identifier: MIT */
/* The JSON-RPC layer without sockets (Core's httprpc.cpp request handling and
 * rpc/server.cpp dispatch): one HTTP request body in, one reply body and HTTP status
 * out. Single requests, batches, named parameters, warm-up, and Core's error codes.
 * Command tables live in rpc_blockchain.c, rpc_mining.c and rpc_control.c. */
#ifndef MINICOIN_RPC_H
#define MINICOIN_RPC_H

#include "hash.h"
#include "node.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* rpc/protocol.h */
enum rpc_code {
	RPC_INVALID_REQUEST = -32600,
	RPC_METHOD_NOT_FOUND = -32601,
	RPC_INVALID_PARAMS = -32602,
	RPC_INTERNAL_ERROR = -32603,
	RPC_PARSE_ERROR = -32700,
	RPC_MISC_ERROR = -1,
	RPC_TYPE_ERROR = -3,
	RPC_INVALID_ADDRESS_OR_KEY = -5,
	RPC_INVALID_PARAMETER = -8,
	RPC_IN_WARMUP = -28,
};

struct rpc_command;
struct rpc_server;

/* One call in progress, handed to a command's actor. */
struct rpc_call {
	struct node *node;
	const struct rpc_server *server;
	json_t *params; /* always an array (named arguments already placed) */
	const struct rpc_command *cmd;
	int err_code;
	char *err_msg;
};

/* Returns the result (a new reference), or NULL after rpc_fail/rpc_usage. */
typedef json_t *(*rpc_actor_fn)(struct rpc_call *c);

struct rpc_command {
	const char *category;
	const char *name;
	rpc_actor_fn actor;
	const char *arg_names; /* comma-separated, for named arguments */
	const char *help;
};

/* Records an error for the reply and returns NULL. */
json_t *rpc_fail(struct rpc_call *c, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The 2018 reaction to a wrong argument count: RPC_MISC_ERROR with the help text. */
json_t *rpc_usage(struct rpc_call *c);
/* True when min <= argument count <= max; otherwise records rpc_usage. */
bool rpc_check_nargs(struct rpc_call *c, size_t min, size_t max);
/* Argument i, or NULL when absent or JSON null. */
json_t *rpc_arg(struct rpc_call *c, size_t i);
/* UniValue get_int / get_int64 / get_str / get_bool: type errors become RPC_MISC_ERROR
 * with UniValue's messages ("JSON value is not an integer as expected"). */
bool rpc_get_int(struct rpc_call *c, json_t *v, int *out);
bool rpc_get_int64(struct rpc_call *c, json_t *v, int64_t *out);
bool rpc_get_str(struct rpc_call *c, json_t *v, const char **out);
bool rpc_get_bool(struct rpc_call *c, json_t *v, bool *out);
/* ParseHashV: 64 hex digits or RPC_INVALID_PARAMETER naming the argument. */
bool rpc_get_hash(struct rpc_call *c, json_t *v, const char *name, struct u256 *out);

/* tables: NULL-terminated list of command arrays, each ending with a zeroed entry. The
 * server starts in warm-up with status "Loading..." */
struct rpc_server *rpc_server_new(struct node *node, const struct rpc_command *const *tables);
void rpc_server_free(struct rpc_server *s);
/* SetRPCWarmupStatus / SetRPCWarmupFinished (thread-safe) */
void rpc_set_warmup(struct rpc_server *s, const char *status);
void rpc_warmup_finished(struct rpc_server *s);
/* HTTPReq_JSONRPC after authentication: returns the reply body (fresh string, ending
 * in a newline) and sets *status (200, 400, 404 or 500). Never fails. */
char *rpc_handle(struct rpc_server *s, const char *body, size_t len, int *status);
/* The commands, for help. */
const struct rpc_command *rpc_find(const struct rpc_server *s, const char *name);
/* help without arguments: every command's first help line, grouped by category. */
char *rpc_help_all(const struct rpc_server *s);

extern const struct rpc_command rpc_blockchain_commands[];
extern const struct rpc_command rpc_mining_commands[];
extern const struct rpc_command rpc_control_commands[];

#endif
