// SPDX-License-Identifier: MIT
/* Mining RPCs: generatetoaddress and the 2018 wallet RPC generate. minicoin has no
 * wallet; generate pays to a fixed pay-to-pubkey script (the secp256k1 generator, whose
 * private key is 1) the way a wallet paid to a fresh keypool key. */
#include "rpc.h"

#include "address.h"
#include "script.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_TRIES 1000000

static const uint8_t mining_pubkey[33] = {
    0x02, 0x79, 0xbe, 0x66, 0x7e, 0xf9, 0xdc, 0xbb, 0xac, 0x55, 0xa0,
    0x62, 0x95, 0xce, 0x87, 0x0b, 0x07, 0x02, 0x9b, 0xfc, 0xdb, 0x2d,
    0xce, 0x28, 0xd9, 0x59, 0xf2, 0x81, 0x5b, 0x16, 0xf8, 0x17, 0x98,
};

/* generateBlocks */
static json_t *generate_blocks(struct rpc_call *c, const struct wbuf *script, int n,
			       int64_t max_tries)
{
	struct u256 *hashes;
	char reject[128] = "", hex[65];
	int count, err;
	json_t *arr;

	err = miner_generate(c->node->miner, script->data, script->len, n, (uint64_t)max_tries,
			     &hashes, &count, reject, sizeof(reject));
	if (err) {
		free(hashes);
		return rpc_fail(c, RPC_INTERNAL_ERROR, "ProcessNewBlock, block not accepted");
	}
	arr = json_array();
	for (int i = 0; i < count; i++) {
		u256_hex(&hashes[i], hex);
		json_array_append_new(arr, json_string(hex));
	}
	free(hashes);
	return arr;
}

static bool get_common(struct rpc_call *c, size_t tries_arg, int *n, int64_t *max_tries)
{
	int tries;

	*max_tries = DEFAULT_MAX_TRIES;
	if (!rpc_get_int(c, rpc_arg(c, 0), n))
		return false;
	if (rpc_arg(c, tries_arg)) {
		if (!rpc_get_int(c, rpc_arg(c, tries_arg), &tries))
			return false;
		*max_tries = tries;
	}
	return true;
}

static json_t *generate(struct rpc_call *c)
{
	struct wbuf script = {0};
	int64_t max_tries;
	json_t *r;
	int n;

	if (!rpc_check_nargs(c, 1, 2) || !get_common(c, 1, &n, &max_tries))
		return NULL;
	script_push_data(&script, mining_pubkey, sizeof(mining_pubkey));
	wbuf_u8(&script, OP_CHECKSIG);
	r = generate_blocks(c, &script, n, max_tries);
	wbuf_free(&script);
	return r;
}

/* Any address is accepted: a valid regtest address becomes its standard script, any
 * other string an opaque script that pushes the string's bytes. */
static json_t *generatetoaddress(struct rpc_call *c)
{
	struct wbuf script = {0};
	const char *addr;
	int64_t max_tries;
	json_t *r;
	int n;

	if (!rpc_check_nargs(c, 2, 3) || !get_common(c, 2, &n, &max_tries) ||
	    !rpc_get_str(c, json_array_get(c->params, 1), &addr))
		return NULL;
	if (address_to_script(addr, &script) < 0) {
		script.len = 0;
		script_push_data(&script, addr, strlen(addr));
	}
	r = generate_blocks(c, &script, n, max_tries);
	wbuf_free(&script);
	return r;
}

const struct rpc_command rpc_mining_commands[] = {
    {"generating", "generate", generate, "nblocks,maxtries",
     "generate nblocks ( maxtries )\n"
     "\nMine up to nblocks blocks immediately (before the RPC call returns) to an address "
     "in the wallet.\n"
     "\nArguments:\n"
     "1. nblocks      (numeric, required) How many blocks are generated immediately.\n"
     "2. maxtries     (numeric, optional) How many iterations to try (default = 1000000).\n"
     "\nResult:\n[ blockhashes ]     (array) hashes of blocks generated\n"},
    {"generating", "generatetoaddress", generatetoaddress, "nblocks,address,maxtries",
     "generatetoaddress nblocks address (maxtries)\n"
     "\nMine blocks immediately to a specified address (before the RPC call returns)\n"
     "\nArguments:\n"
     "1. nblocks      (numeric, required) How many blocks are generated immediately.\n"
     "2. address      (string, required) The address to send the newly generated "
     "bitcoin to.\n"
     "3. maxtries     (numeric, optional) How many iterations to try (default = 1000000).\n"
     "\nResult:\n[ blockhashes ]     (array) hashes of blocks generated\n"},
    {0},
};
