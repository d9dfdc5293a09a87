// SPDX-License-Identifier: MIT
/* Unit tests for src/rt/format.c: stap's printf conversions and flag rules (one flag,
 * Linux number() padding, %p, %c escapes, %s precision and the %05s NUL byte, %b raw
 * integers, %m/%M memory dumps), the size pass and sprintf truncation. */
#include <errno.h>
#include <string.h>

#include "check.h"
#include "rt/format.h"

static struct fmt_spec conv(char c, int flags, int width, int prec)
{
	return (struct fmt_spec){.conv = c, .flags = (uint8_t)flags, .width = width, .prec = prec};
}

static struct fmt_spec lit(const char *s)
{
	return (struct fmt_spec){.lit = s, .litlen = (uint32_t)strlen(s)};
}

static char out[256];
static long outn;

/* formats one spec with a long (or string when s) argument, as printf does */
static const char *f1(struct fmt_spec sp, int64_t l, const char *s)
{
	struct fmt_val v = {l, s, s ? (uint32_t)strlen(s) : 0};
	size_t need = fmt_size(&sp, 1, &v, 8192);
	memset(out, 'X', sizeof(out));
	outn = fmt_write(out, need, 0, &sp, 1, &v, NULL, NULL, NULL);
	out[outn] = 0;
	CHECK_EQ_INT(outn, (long)need);
	return out;
}

static void test_numbers(void)
{
	CHECK_EQ_STR(f1(conv('d', FMT_SIGN | FMT_ZEROPAD, 16, -1), -1, NULL), "-000000000000001");
	CHECK_EQ_STR(f1(conv('u', 0, -1, -1), -1, NULL), "18446744073709551615");
	CHECK_EQ_STR(f1(conv('x', 0, -1, -1), -1024, NULL), "fffffffffffffc00");
	CHECK_EQ_STR(f1(conv('X', FMT_LARGE | FMT_SPECIAL, -1, -1), 255, NULL), "0XFF");
	CHECK_EQ_STR(f1(conv('d', FMT_SIGN | FMT_LEFT, 5, -1), 3, NULL), "3    ");
	CHECK_EQ_STR(f1(conv('d', FMT_SIGN | FMT_PLUS, -1, -1), 3, NULL), "+3");
	CHECK_EQ_STR(f1(conv('d', FMT_SIGN | FMT_SPACE, 4, -1), 3, NULL), "   3");
	CHECK_EQ_STR(f1(conv('u', FMT_PLUS, -1, -1), 3, NULL), "3"); /* + only for signed */
	CHECK_EQ_STR(f1(conv('o', FMT_SPECIAL, -1, -1), 0, NULL), "00");
	CHECK_EQ_STR(f1(conv('o', FMT_SPECIAL, -1, -1), 8, NULL), "010");
	CHECK_EQ_STR(f1(conv('x', FMT_SPECIAL, -1, -1), 0, NULL), "0x0");
	CHECK_EQ_STR(f1(conv('p', FMT_SPECIAL, -1, -1), 0, NULL), "0x0");
	CHECK_EQ_STR(f1(conv('p', FMT_SPECIAL, 10, -1), 0x1234, NULL), "    0x1234");
	CHECK_EQ_STR(f1(conv('d', FMT_SIGN, -1, 5), 42, NULL), "00042");
	CHECK_EQ_STR(f1(conv('d', FMT_SIGN, 8, 5), -42, NULL), "  -00042");
	CHECK_EQ_STR(f1(conv('d', FMT_SIGN, -1, -1), INT64_MIN, NULL), "-9223372036854775808");
	/* %p before stap 1.3: width 18, precision 16 */
	CHECK_EQ_STR(f1(conv('P', FMT_SPECIAL, -1, -1), 0x1234, NULL), "0x0000000000001234");
}

static void test_chars_strings(void)
{
	CHECK_EQ_STR(f1(conv('c', 0, 3, -1), 'a', NULL), "  a");
	CHECK_EQ_STR(f1(conv('c', FMT_LEFT, 3, -1), 'a', NULL), "a  ");
	CHECK_EQ_STR(f1(conv('c', FMT_SPECIAL, -1, -1), 0, NULL), "\\000");
	CHECK_EQ_STR(f1(conv('c', FMT_SPECIAL, -1, -1), '\n', NULL), "\\n");
	CHECK_EQ_STR(f1(conv('c', FMT_SPECIAL, -1, -1), '\'', NULL), "\\'");
	CHECK_EQ_STR(f1(conv('c', FMT_SPECIAL, -1, -1), 200, NULL), "\\310");
	f1(conv('c', 0, -1, -1), 0, NULL);
	CHECK(outn == 1 && out[0] == 0); /* a NUL byte goes out */
	CHECK_EQ_STR(f1(conv('s', 0, 6, -1), 0, "abc"), "   abc");
	CHECK_EQ_STR(f1(conv('s', FMT_LEFT, 6, -1), 0, "abc"), "abc   ");
	CHECK_EQ_STR(f1(conv('s', 0, -1, 2), 0, "abc"), "ab");
	CHECK_EQ_STR(f1(conv('s', 0, -1, 0), 0, "abc"), ""); /* compiled printf keeps .0 */
	f1(conv('s', FMT_ZEROPAD, 5, -1), 0, "ab");
	CHECK(outn == 6 && memcmp(out, "   ab\0", 6) == 0); /* the %05s quirk */
}

static void test_binary(void)
{
	f1(conv('b', 0, -1, -1), 0x4142, NULL);
	CHECK(outn == 8 && memcmp(out, "BA\0\0\0\0\0\0", 8) == 0);
	f1(conv('b', 0, 1, -1), 0x41, NULL);
	CHECK(outn == 1 && out[0] == 'A');
	f1(conv('b', 0, 4, 2), 0x4142, NULL);
	CHECK(outn == 4 && memcmp(out, "\0\0BA", 4) == 0);
	f1(conv('b', FMT_LEFT, 4, 2), 0x4142, NULL);
	CHECK(outn == 4 && memcmp(out, "BA\0\0", 4) == 0);
	f1(conv('b', 0, 5, -1), 1, NULL); /* width 5 is no size: 8 bytes */
	CHECK_EQ_INT(outn, 8);
}

static int fake_mem(void *ud, uint64_t addr, void *buf, size_t n)
{
	(void)ud;
	if (addr < 0x1000)
		return -EFAULT;
	for (size_t i = 0; i < n; i++)
		((unsigned char *)buf)[i] = (unsigned char)('a' + (addr + i) % 26);
	return 0;
}

static void test_memory(void)
{
	struct fmt_spec sp[] = {conv('m', 0, -1, 3), lit("|"), conv('M', 0, -1, 2)};
	struct fmt_val v[] = {{0x1000, NULL, 0}, {0x1000, NULL, 0}};
	char buf[64];
	uint64_t fault = 0;
	size_t need = fmt_size(sp, 3, v, 8192);
	long n = fmt_write(buf, need, 0, sp, 3, v, fake_mem, NULL, &fault);
	CHECK_EQ_INT(n, 8);
	CHECK(memcmp(buf, "opq|6f70", 8) == 0);
	struct fmt_val bad[] = {{8, NULL, 0}, {8, NULL, 0}};
	n = fmt_write(buf, sizeof(buf), 0, sp, 3, bad, fake_mem, NULL, &fault);
	CHECK(n < 0);
	CHECK_EQ_INT(fault, 8);
}

static void test_dynamic_and_truncation(void)
{
	struct fmt_spec sp[] = {lit("<"), conv('d', FMT_SIGN, FMT_DYNAMIC, FMT_DYNAMIC), lit(">")};
	struct fmt_val v[] = {{6, NULL, 0}, {3, NULL, 0}, {7, NULL, 0}};
	CHECK_EQ_INT(fmt_nargs(sp, 3), 3);
	char buf[32];
	long n = fmt_write(buf, sizeof(buf), 1, sp, 3, v, NULL, NULL, NULL);
	CHECK_EQ_STR(buf, "<   007>");
	CHECK_EQ_INT(n, 8);
	/* a negative dynamic width is clamped to 0, not turned into '-' */
	struct fmt_val v2[] = {{-6, NULL, 0}, {0, NULL, 0}, {7, NULL, 0}};
	fmt_write(buf, sizeof(buf), 1, sp, 3, v2, NULL, NULL, NULL);
	CHECK_EQ_STR(buf, "<7>");
	/* sprintf into a MAXSTRINGLEN of 6: 5 bytes and a NUL */
	struct fmt_spec s2[] = {conv('s', 0, -1, -1)};
	struct fmt_val v3[] = {{0, "abcdefgh", 8}};
	n = fmt_write(buf, 6, 1, s2, 1, v3, NULL, NULL, NULL);
	CHECK_EQ_STR(buf, "abcde");
	CHECK_EQ_INT(n, 5);
	struct fmt_spec s3[] = {conv('d', FMT_SIGN, -1, -1)};
	struct fmt_val v4[] = {{1234567, NULL, 0}};
	n = fmt_write(buf, 4, 1, s3, 1, v4, NULL, NULL, NULL);
	CHECK_EQ_STR(buf, "123");
}

int main(void)
{
	test_numbers();
	test_chars_strings();
	test_binary();
	test_memory();
	test_dynamic_and_truncation();
	return check_done("test_format");
}
