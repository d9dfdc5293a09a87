// SPDX-License-Identifier: MIT
/* The JSON-RPC layer on its own (no node): envelopes, HTTP statuses and Core's error
 * codes for malformed requests, warm-up, batches, named arguments, and the argument
 * type errors of UniValue. */
#include "check.h"

#include "rpc.h"

#include <stdlib.h>

static json_t *echo(struct rpc_call *c)
{
	return json_copy(c->params);
}

static json_t *fail(struct rpc_call *c)
{
	return rpc_fail(c, RPC_INVALID_PARAMETER, "bad %s", "thing");
}

static json_t *noargs(struct rpc_call *c)
{
	if (!rpc_check_nargs(c, 0, 0))
		return NULL;
	return json_string("ok");
}

static json_t *getint(struct rpc_call *c)
{
	int n;

	if (!rpc_check_nargs(c, 1, 1) || !rpc_get_int(c, rpc_arg(c, 0), &n))
		return NULL;
	return json_integer(n);
}

static json_t *gethash(struct rpc_call *c)
{
	struct u256 h;
	char hex[65];

	if (!rpc_check_nargs(c, 1, 1) || !rpc_get_hash(c, json_array_get(c->params, 0), "hash", &h))
		return NULL;
	u256_hex(&h, hex);
	return json_string(hex);
}

static const struct rpc_command table_a[] = {
    {"testing", "echo", echo, "a,b,c", "echo ( a b c )\n\nEchoes."},
    {"testing", "fail", fail, "", "fail\n\nFails."},
    {0},
};

static const struct rpc_command table_b[] = {
    {"more", "noargs", noargs, "", "noargs\n\nTakes nothing."},
    {"more", "getint", getint, "n", "getint n\n\nAn int."},
    {"more", "gethash", gethash, "hash", "gethash \"hash\"\n\nA hash."},
    {0},
};

static const struct rpc_command *const tables[] = {table_a, table_b, NULL};

static void expect(struct rpc_server *s, const char *req, int status, const char *reply)
{
	int st = -1;
	char *r = rpc_handle(s, req, strlen(req), &st);

	CHECK_EQ_STR(r, reply);
	CHECK_EQ_INT(st, status);
	free(r);
}

static void test_warmup(struct rpc_server *s)
{
	expect(s, "{\"method\":\"echo\",\"id\":1}", 500,
	       "{\"result\":null,\"error\":{\"code\":-28,\"message\":\"Loading...\"},\"id\":1}\n");
	rpc_set_warmup(s, "Loading block index...");
	expect(s, "{\"method\":\"echo\",\"id\":1}", 500,
	       "{\"result\":null,\"error\":{\"code\":-28,\"message\":\"Loading block index...\"},"
	       "\"id\":1}\n");
	rpc_warmup_finished(s);
}

static void test_envelopes(struct rpc_server *s)
{
	expect(s, "{", 500,
	       "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Parse "
	       "error\"},\"id\":null}\n");
	expect(s, "", 500,
	       "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Parse "
	       "error\"},\"id\":null}\n");
	expect(s, "42", 500,
	       "{\"result\":null,\"error\":{\"code\":-32700,\"message\":\"Top-level object parse "
	       "error\"},\"id\":null}\n");
	expect(s, "{\"id\":\"x\"}", 400,
	       "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Missing method\"},"
	       "\"id\":\"x\"}\n");
	expect(
	    s, "{\"method\":7,\"id\":1}", 400,
	    "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Method must be a string\"},"
	    "\"id\":1}\n");
	expect(
	    s, "{\"method\":\"echo\",\"params\":\"x\",\"id\":1}", 400,
	    "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Params must be an array or "
	    "object\"},\"id\":1}\n");
	expect(s, "{\"method\":\"nope\",\"id\":[1]}", 404,
	       "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},"
	       "\"id\":[1]}\n");
	expect(s, "{\"method\":\"echo\",\"params\":[1,\"a\"],\"id\":1}", 200,
	       "{\"result\":[1,\"a\"],\"error\":null,\"id\":1}\n");
	expect(s, "{\"method\":\"echo\"}", 200, "{\"result\":[],\"error\":null,\"id\":null}\n");
	expect(s, "{\"method\":\"fail\",\"id\":1}", 500,
	       "{\"result\":null,\"error\":{\"code\":-8,\"message\":\"bad thing\"},\"id\":1}\n");
}

static void test_batch(struct rpc_server *s)
{
	expect(s, "[]", 200, "[]\n");
	expect(
	    s, "[{\"method\":\"noargs\",\"id\":1},3,{\"method\":\"nope\",\"id\":2}]", 200,
	    "[{\"result\":\"ok\",\"error\":null,\"id\":1},"
	    "{\"result\":null,\"error\":{\"code\":-32600,\"message\":\"Invalid Request object\"},"
	    "\"id\":null},"
	    "{\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"},"
	    "\"id\":2}]\n");
}

static void test_args(struct rpc_server *s)
{
	expect(s, "{\"method\":\"echo\",\"params\":{\"b\":2},\"id\":1}", 200,
	       "{\"result\":[null,2],\"error\":null,\"id\":1}\n");
	expect(s, "{\"method\":\"echo\",\"params\":{\"c\":3,\"a\":1},\"id\":1}", 200,
	       "{\"result\":[1,null,3],\"error\":null,\"id\":1}\n");
	expect(s, "{\"method\":\"echo\",\"params\":{\"d\":2},\"id\":1}", 500,
	       "{\"result\":null,\"error\":{\"code\":-8,\"message\":\"Unknown named parameter d\"},"
	       "\"id\":1}\n");
	expect(
	    s, "{\"method\":\"noargs\",\"params\":[1],\"id\":1}", 500,
	    "{\"result\":null,\"error\":{\"code\":-1,\"message\":\"noargs\\n\\nTakes nothing.\"},"
	    "\"id\":1}\n");
	expect(
	    s, "{\"method\":\"getint\",\"params\":[\"x\"],\"id\":1}", 500,
	    "{\"result\":null,\"error\":{\"code\":-1,\"message\":\"JSON value is not an integer as "
	    "expected\"},\"id\":1}\n");
	expect(s, "{\"method\":\"getint\",\"params\":[1.5],\"id\":1}", 500,
	       "{\"result\":null,\"error\":{\"code\":-1,\"message\":\"JSON integer out of range\"},"
	       "\"id\":1}\n");
	expect(s, "{\"method\":\"getint\",\"params\":[4294967296],\"id\":1}", 500,
	       "{\"result\":null,\"error\":{\"code\":-1,\"message\":\"JSON integer out of range\"},"
	       "\"id\":1}\n");
	expect(s, "{\"method\":\"getint\",\"params\":[-7],\"id\":1}", 200,
	       "{\"result\":-7,\"error\":null,\"id\":1}\n");
	expect(
	    s, "{\"method\":\"gethash\",\"params\":[\"zz\"],\"id\":1}", 500,
	    "{\"result\":null,\"error\":{\"code\":-8,\"message\":\"hash must be hexadecimal string "
	    "(not 'zz')\"},\"id\":1}\n");
	expect(
	    s, "{\"method\":\"gethash\",\"params\":[\"00\"],\"id\":1}", 500,
	    "{\"result\":null,\"error\":{\"code\":-8,\"message\":\"hash must be of length 64 (not "
	    "2)\"},\"id\":1}\n");
	expect(s,
	       "{\"method\":\"gethash\",\"params\":[\"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb43"
	       "6012afca590b1a11466e2206\"],\"id\":1}",
	       200,
	       "{\"result\":\"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206\","
	       "\"error\":null,\"id\":1}\n");
}

static void test_help(struct rpc_server *s)
{
	char *h = rpc_help_all(s);

	CHECK_EQ_STR(h, "== Testing ==\necho ( a b c )\nfail\n\n== More ==\nnoargs\ngetint n\n"
			"gethash \"hash\"");
	free(h);
	CHECK(rpc_find(s, "getint") == &table_b[1]);
	CHECK(rpc_find(s, "missing") == NULL);
}

int main(void)
{
	struct node node = {0};
	struct rpc_server *s = rpc_server_new(&node, tables);

	test_warmup(s);
	test_envelopes(s);
	test_batch(s);
	test_args(s);
	test_help(s);
	rpc_server_free(s);
	return check_done("test_minicoin_rpc");
}
