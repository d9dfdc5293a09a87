// SPDX-License-Identifier: MIT
/* JSON as Core writes it (json_write: numbers, amounts, escapes, key order), as
 * bitcoin-cli prints it (jsontext_pretty), and the raw-member lookup the CLI uses. */
#include "check.h"

#include "json_out.h"
#include "jsontext.h"

#include <stdlib.h>

static void check_write(json_t *v, const char *want)
{
	char *s = json_write(v);

	CHECK_EQ_STR(s, want);
	free(s);
	json_decref(v);
}

static void test_write(void)
{
	check_write(json_pack("{s:i,s:s,s:n,s:b}", "z", 1, "a", "x", "m", "t", 1),
		    "{\"z\":1,\"a\":\"x\",\"m\":null,\"t\":true}");
	check_write(json_amount(5000000000ll), "50.00000000");
	check_write(json_amount(1), "0.00000001");
	check_write(json_amount(-150000000), "-1.50000000");
	check_write(json_real(1.0), "1");
	check_write(json_real(4.6565423739069247e-10), "4.656542373906925e-10");
	check_write(json_real(0.5), "0.5");
	check_write(json_string("a\"b\\c\n\t\x01\x7f/\xc3\xa9"),
		    "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f/\xc3\xa9\"");
	check_write(json_pack("[]"), "[]");
	check_write(json_pack("[{},[]]"), "[{},[]]");
	check_write(json_integer(-9223372036854775807ll - 1), "-9223372036854775808");
}

static void check_pretty(const char *in, const char *want)
{
	char *s = jsontext_pretty(in, strlen(in), 2);

	CHECK_EQ_STR(s, want);
	free(s);
}

static void test_pretty(void)
{
	check_pretty("[\"a\",\"b\"]", "[\n  \"a\",\n  \"b\"\n]");
	check_pretty("[]", "[\n]");
	check_pretty("{}", "{\n}");
	check_pretty("{\"a\":{},\"b\":[]}", "{\n  \"a\": {\n  },\n  \"b\": [\n  ]\n}");
	check_pretty("{\"v\":50.00000000,\"s\":{\"k\":[1,\"x,]:\\\"\"]}}",
		     "{\n  \"v\": 50.00000000,\n  \"s\": {\n    \"k\": [\n      1,\n"
		     "      \"x,]:\\\"\"\n    ]\n  }\n}");
	check_pretty("  [ 1 , 2 ]  ", "[\n  1,\n  2\n]");
	check_pretty("7", "7");
}

static void test_member(void)
{
	const char *doc = "{\"result\":{\"a\":[1,\"}\"]},\"error\":null,\"id\":1}";
	size_t off, len;

	CHECK_EQ_INT(jsontext_member(doc, strlen(doc), "result", &off, &len), 0);
	CHECK(len == 13 && strncmp(doc + off, "{\"a\":[1,\"}\"]}", len) == 0);
	CHECK_EQ_INT(jsontext_member(doc, strlen(doc), "id", &off, &len), 0);
	CHECK(len == 1 && doc[off] == '1');
	CHECK(jsontext_member(doc, strlen(doc), "nope", &off, &len) < 0);
	CHECK(jsontext_member("[1]", 3, "result", &off, &len) < 0);
	CHECK(jsontext_member("{\"result\"", 9, "result", &off, &len) < 0);
}

int main(void)
{
	test_write();
	test_pretty();
	test_member();
	return check_done("test_minicoin_json");
}
