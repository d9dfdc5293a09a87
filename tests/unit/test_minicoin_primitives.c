// SPDX-License-Identifier: MIT
/* minicoin's consensus primitives against known values: the regtest genesis block (bytes
 * and hash), compact targets, block work and difficulty, BIP34 height pushes, the subsidy
 * schedule, VARINT and amount compression (Core's test vectors), the witness commitment,
 * script asm and regtest addresses. */
#include "check.h"

#include "address.h"
#include "arith.h"
#include "block.h"
#include "chainparams.h"
#include "coin.h"
#include "hex.h"
#include "pow.h"
#include "script.h"
#include "ser.h"

#include <math.h>
#include <stdlib.h>

static char *hex_of(const struct wbuf *w)
{
	return hex_dup(w->data, w->len);
}

static void test_genesis(void)
{
	struct block g;
	uint8_t raw[HEADER_SIZE];
	char hex[2 * HEADER_SIZE + 1], h[65];
	struct u256 hash, txid;

	chainparams_genesis(&g);
	header_serialize(&g.hdr, raw);
	hex_encode(raw, sizeof(raw), hex);
	CHECK_EQ_STR(hex, "01000000"
			  "0000000000000000000000000000000000000000000000000000000000000000"
			  "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a"
			  "dae5494dffff7f2002000000");
	header_hash(&g.hdr, &hash);
	u256_hex(&hash, h);
	CHECK_EQ_STR(h, "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206");
	CHECK_EQ_INT(tx_size(&g.vtx[0], true), 204);
	tx_txid(&g.vtx[0], &txid);
	u256_hex(&txid, h);
	CHECK_EQ_STR(h, "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b");
	CHECK(pow_check(&hash, g.hdr.bits, chainparams_regtest()));
	/* genesis nonces 0-9 all pass except 7 */
	for (uint32_t n = 0; n < 10; n++) {
		g.hdr.nonce = n;
		header_hash(&g.hdr, &hash);
		CHECK(pow_check(&hash, g.hdr.bits, chainparams_regtest()) == (n != 7));
	}
	block_clear(&g);
}

static void test_targets(void)
{
	const struct chainparams *p = chainparams_regtest();
	struct arith256 t, work;
	char hex[65];
	bool neg, over;

	CHECK_EQ_INT(arith_get_compact(&p->pow_limit), 0x207fffff);
	arith_set_compact(&t, 0x207fffff, &neg, &over);
	arith_hex(&t, hex);
	CHECK_EQ_STR(hex, "7fffff0000000000000000000000000000000000000000000000000000000000");
	CHECK(!neg && !over);
	arith_set_compact(&t, 0x04923456, &neg, &over);
	CHECK(neg); /* the sign bit */
	arith_set_compact(&t, 0xff123456, &neg, &over);
	CHECK(over);
	pow_block_proof(0x207fffff, &work);
	arith_hex(&work, hex);
	CHECK_EQ_STR(hex, "0000000000000000000000000000000000000000000000000000000000000002");
	pow_block_proof(0x1d00ffff, &work); /* mainnet: 0x100010001 */
	arith_hex(&work, hex);
	CHECK_EQ_STR(hex, "0000000000000000000000000000000000000000000000000000000100010001");
	CHECK(fabs(pow_difficulty(0x207fffff) - 4.6565423739069247e-10) < 1e-24);
	CHECK(fabs(pow_difficulty(0x1d00ffff) - 1.0) < 1e-12);
	CHECK_EQ_INT(pow_next_bits(NULL, 0, p), 0x207fffff);
}

static void test_bip34_pushes(void)
{
	static const struct {
		int64_t n;
		const char *hex;
	} cases[] = {
	    {1, "51"},	     {16, "60"},      {17, "0111"},    {127, "017f"},
	    {128, "028000"}, {255, "02ff00"}, {256, "020001"}, {32768, "03008000"},
	    {-1, "4f"},	     {0, "00"},	      {-2, "0182"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wbuf w = {0};
		char *h;

		script_push_int(&w, cases[i].n);
		h = hex_of(&w);
		CHECK_EQ_STR(h, cases[i].hex);
		free(h);
		wbuf_free(&w);
	}
}

static void test_subsidy(void)
{
	const struct chainparams *p = chainparams_regtest();

	CHECK_EQ_INT(chainparams_subsidy(p, 1), 5000000000ll);
	CHECK_EQ_INT(chainparams_subsidy(p, 149), 5000000000ll);
	CHECK_EQ_INT(chainparams_subsidy(p, 150), 2500000000ll);
	CHECK_EQ_INT(chainparams_subsidy(p, 300), 1250000000ll);
	CHECK_EQ_INT(chainparams_subsidy(p, 150 * 64), 0);
}

/* serialize_tests.cpp varints_bitpatterns */
static void test_varint(void)
{
	static const struct {
		uint64_t n;
		const char *hex;
	} cases[] = {
	    {0, "00"},
	    {0x7f, "7f"},
	    {0x80, "8000"},
	    {0x1234, "a334"},
	    {0xffff, "82fe7f"},
	    {0x123456, "c7e756"},
	    {0x80123456, "86ffc7e756"},
	    {0xffffffff, "8efefefe7f"},
	    {0x7fffffffffffffffull, "fefefefefefefefe7f"},
	    {0xffffffffffffffffull, "80fefefefefefefefe7f"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wbuf w = {0};
		struct rbuf r;
		char *h;

		wbuf_varint(&w, cases[i].n);
		h = hex_of(&w);
		CHECK_EQ_STR(h, cases[i].hex);
		rbuf_init(&r, w.data, w.len);
		CHECK(rbuf_varint(&r) == cases[i].n && r.err == 0 && rbuf_left(&r) == 0);
		free(h);
		wbuf_free(&w);
	}
}

static void test_compact_size(void)
{
	static const uint8_t noncanonical[] = {0xfd, 0x10, 0x00};
	struct wbuf w = {0};
	struct rbuf r;

	wbuf_compact(&w, 252);
	wbuf_compact(&w, 253);
	wbuf_compact(&w, 0x10000);
	rbuf_init(&r, w.data, w.len);
	CHECK_EQ_INT(rbuf_compact(&r), 252);
	CHECK_EQ_INT(rbuf_compact(&r), 253);
	CHECK_EQ_INT(rbuf_compact(&r), 0x10000);
	CHECK_EQ_INT(w.len, 1 + 3 + 5);
	rbuf_init(&r, noncanonical, sizeof(noncanonical));
	rbuf_compact(&r);
	CHECK(r.err != 0);
	wbuf_free(&w);
}

/* compress_tests.cpp */
static void test_amounts(void)
{
	CHECK_EQ_INT(coin_compress_amount(0), 0x0);
	CHECK_EQ_INT(coin_compress_amount(1), 0x1);
	CHECK_EQ_INT(coin_compress_amount(1000000), 0x7);
	CHECK_EQ_INT(coin_compress_amount(100000000), 0x9);
	CHECK_EQ_INT(coin_compress_amount(5000000000ll), 0x32);
	CHECK_EQ_INT(coin_compress_amount(2100000000000000ll), 0x1406f40);
	{
		bool ok = true;

		for (uint64_t n = 0; n < 100000; n += 7)
			ok &= coin_decompress_amount(coin_compress_amount(n)) == n;
		CHECK(ok);
	}
}

static void test_coin_roundtrip(void)
{
	static const char *scripts[] = {
	    "76a914751e76e8199196d454941c45d1b3a323f1433bd688ac",
	    "a914751e76e8199196d454941c45d1b3a323f1433bd687",
	    "210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac",
	    "0014751e76e8199196d454941c45d1b3a323f1433bd6",
	    "",
	};

	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		uint8_t raw[64];
		size_t n = 0;
		struct coin c = {.value = 5000000000ll, .height = 77, .coinbase = true}, d;
		struct wbuf w = {0};

		if (*scripts[i])
			hex_decode(scripts[i], raw, sizeof(raw), &n);
		bytes_set(&c.script, raw, n);
		coin_serialize(&c, &w);
		CHECK_EQ_INT(coin_deserialize(&d, w.data, w.len), 0);
		CHECK(d.value == c.value && d.height == 77 && d.coinbase);
		CHECK(d.script.len == n && (n == 0 || memcmp(d.script.p, raw, n) == 0));
		CHECK(w.len < n + 8);
		coin_clear(&c);
		coin_clear(&d);
		wbuf_free(&w);
	}
}

static void test_commitment(void)
{
	struct u256 zero = {{0}};
	uint8_t script[38];
	char hex[77];

	block_commitment_script(&zero, &zero, script);
	hex_encode(script, sizeof(script), hex);
	CHECK_EQ_STR(
	    hex, "6a24aa21a9ede2f61c3f71d1defd3fa999dfa36953755c690689799962b48bebd836974e8cf9");
}

static void test_asm(void)
{
	uint8_t s[80];
	size_t n;
	char *a;

	hex_decode("210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac", s,
		   sizeof(s), &n);
	a = script_asm(s, n);
	CHECK_EQ_STR(a, "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 "
			"OP_CHECKSIG");
	free(a);
	CHECK_EQ_STR(script_type_name(script_classify(s, n)), "pubkey");
	hex_decode("510101", s, sizeof(s), &n);
	a = script_asm(s, n);
	CHECK_EQ_STR(a, "1 1");
	free(a);
	hex_decode("4c", s, sizeof(s), &n); /* truncated PUSHDATA1 */
	a = script_asm(s, n);
	CHECK_EQ_STR(a, "[error]");
	free(a);
	hex_decode("0182b1", s, sizeof(s), &n);
	a = script_asm(s, n);
	CHECK_EQ_STR(a, "-2 OP_CHECKLOCKTIMEVERIFY");
	free(a);
}

static void test_addresses(void)
{
	static const struct {
		const char *addr, *script;
	} cases[] = {
	    {"bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080",
	     "0014751e76e8199196d454941c45d1b3a323f1433bd6"},
	    {"mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r", "76a91475"
						   "1e76e8199196d454941c45d1b3a323f1433bd688ac"},
	};
	uint8_t pk[35];
	size_t n;
	char *a;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct wbuf w = {0};
		char *h;

		CHECK_EQ_INT(address_to_script(cases[i].addr, &w), 0);
		h = hex_of(&w);
		CHECK_EQ_STR(h, cases[i].script);
		a = address_from_script(w.data, w.len);
		CHECK_EQ_STR(a, cases[i].addr);
		free(a);
		free(h);
		wbuf_free(&w);
	}
	hex_decode("210279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798ac", pk,
		   sizeof(pk), &n);
	a = address_from_script(pk, n);
	CHECK_EQ_STR(a, "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r");
	free(a);
	{
		struct wbuf w = {0};

		CHECK(address_to_script("hello", &w) < 0);
		CHECK(address_to_script("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt081", &w) < 0);
		CHECK(address_to_script("mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8s", &w) < 0);
		CHECK(address_to_script("", &w) < 0);
		wbuf_free(&w);
	}
}

static void test_block_roundtrip(void)
{
	struct block g, back;
	struct wbuf w = {0};

	chainparams_genesis(&g);
	block_serialize(&g, &w, true);
	CHECK_EQ_INT(w.len, 285);
	CHECK_EQ_INT(block_deserialize(&back, w.data, w.len), 0);
	CHECK(back.ntx == 1 && back.vtx[0].nout == 1 && back.vtx[0].vout[0].value == 50 * COIN);
	block_clear(&back);
	CHECK(block_deserialize(&back, w.data, w.len - 1) < 0);
	CHECK(back.ntx == 0 && back.vtx == NULL);
	block_clear(&back);
	block_clear(&g);
	wbuf_free(&w);
}

int main(void)
{
	test_genesis();
	test_targets();
	test_bip34_pushes();
	test_subsidy();
	test_varint();
	test_compact_size();
	test_amounts();
	test_coin_roundtrip();
	test_commitment();
	test_asm();
	test_addresses();
	test_block_roundtrip();
	return check_done("test_minicoin_primitives");
}
