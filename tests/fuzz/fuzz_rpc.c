// SPDX-License-Identifier: MIT
/* libFuzzer harness for minicoind's JSON-RPC request handling: each input is an HTTP
 * request body handed to rpc_handle() (what the RPC worker threads call after
 * authentication), against a real node (chainstate in a temporary directory, validation
 * thread, miner) but without sockets. Every reply must be one line of valid JSON with a
 * status Core would use. Inputs that ask for more than a few blocks are skipped so that
 * a run stays fast. */
#include "chain.h"
#include "chainparams.h"
#include "log.h"
#include "miner.h"
#include "node.h"
#include "rpc.h"
#include "shutdown.h"
#include "vqueue.h"

#include <ftw.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BLOCKS_PER_INPUT 4
#define MAX_BATCH 16

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct rpc_command *const tables[] = {
    rpc_blockchain_commands,
    rpc_control_commands,
    rpc_mining_commands,
    NULL,
};

static char tmpdir[] = "/tmp/fuzz_rpc.XXXXXX";
static struct node node;
static struct vqueue *vq;
static struct rpc_server *srv;

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static void cleanup(void)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void setup(void)
{
	struct chain_options o = {
	    .netdir = tmpdir,
	    .coins_cache_bytes = 64 * 1024, /* small: flushes happen during fuzzing */
	    .coinsdb_cache_bytes = 1 << 20,
	    .index_cache_bytes = 1 << 20,
	    .max_tip_age = 24 * 60 * 60,
	};
	struct u256 *hashes;
	char reject[128];
	int count;

	if (!mkdtemp(tmpdir) || log_open(NULL, false, false) < 0)
		abort();
	atexit(cleanup);
	if (chain_open(chainparams_regtest(), &o, &node.chain) < 0)
		abort();
	vq = vqueue_start(node.chain);
	if (!vq || vqueue_wait_ready(vq) < 0)
		abort();
	node.miner = miner_new(node.chain, vqueue_submit, vq);
	if (miner_generate(node.miner, (const uint8_t *)"\x51", 1, 3, 1000000, &hashes, &count,
			   reject, sizeof(reject)) < 0)
		abort();
	free(hashes);
	srv = rpc_server_new(&node, tables);
	rpc_warmup_finished(srv);
}

/* The number of blocks one request would mine, if it is a generate call. */
static json_int_t blocks_asked(json_t *req)
{
	const char *m = json_string_value(json_object_get(req, "method")); /* NULL if no object */
	json_t *params = json_object_get(req, "params"), *n;

	if (!m || (strcmp(m, "generate") != 0 && strcmp(m, "generatetoaddress") != 0))
		return 0;
	n = json_is_object(params) ? json_object_get(params, "nblocks") : json_array_get(params, 0);
	return json_is_integer(n) ? json_integer_value(n) : 0;
}

static bool too_expensive(const uint8_t *data, size_t size)
{
	json_t *v = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	json_int_t total = 0;
	bool skip;

	if (json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			total += blocks_asked(json_array_get(v, i));
		skip = json_array_size(v) > MAX_BATCH || total > MAX_BLOCKS_PER_INPUT;
	} else {
		skip = json_is_object(v) && blocks_asked(v) > MAX_BLOCKS_PER_INPUT;
	}
	json_decref(v);
	return skip;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *reply;
	char *text;
	int status = 0;

	if (!srv)
		setup();
	if (too_expensive(data, size))
		return 0;
	text = rpc_handle(srv, (const char *)data, size, &status);
	if (!text || !*text || text[strlen(text) - 1] != '\n')
		abort();
	if (status != 200 && status != 400 && status != 404 && status != 500)
		abort();
	reply = json_loads(text, JSON_DECODE_ANY, NULL);
	if (!reply || (!json_is_object(reply) && !json_is_array(reply)))
		abort();
	json_decref(reply);
	free(text);
	shutdown_reset(); /* "stop" only sets the flag */
	return 0;
}
