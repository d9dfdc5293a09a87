// SPDX-License-Identifier: MIT
/* Floating point built-ins (stap's floatingpoint.stp): doubles travel in longs as their
 * IEEE-754 bit patterns, as SDT arguments of type float/double do ("8f@%xmm0"). stap
 * computes with the SoftFloat library in round-to-nearest-even, which is what the host's
 * double arithmetic does; string_to_fp and fp_to_string follow stap's own algorithms
 * (runtime/softfloat.c str_to_f64, f64_to_str) step by step so results match bit for bit,
 * quirks included (fp_to_string rounds only the last digit, without carrying). */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "rt/rt.h"

static double fp_of(int64_t bits)
{
	double d;
	memcpy(&d, &bits, sizeof(d));
	return d;
}

static int64_t bits_of(double d)
{
	int64_t bits;
	memcpy(&bits, &d, sizeof(bits));
	return bits;
}

/* str_to_f64: digits accumulated as value*10 + digit, the decimal point and exponent
 * folded into a power of ten; volatile keeps each operation rounded on its own (no fused
 * multiply-add), as SoftFloat does */
static int str_to_f64(const char *s, double *out)
{
	volatile double value = 0, power = 1, t;
	int i = 0;
	double sign = s[0] == '-' ? -1 : 1;
	if (s[i] == '-' || s[i] == '+')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		t = value * 10;
		value = t + (double)(s[i] - '0');
	}
	if (s[i] == '.')
		i++;
	for (; s[i] >= '0' && s[i] <= '9'; i++) {
		t = value * 10;
		value = t + (double)(s[i] - '0');
		power = power * 10;
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i++;
		bool neg = s[i] == '-';
		if (s[i] == '-' || s[i] == '+')
			i++;
		volatile double p2 = 0;
		for (; s[i] >= '0' && s[i] <= '9'; i++) {
			t = p2 * 10;
			p2 = t + (double)(s[i] - '0');
		}
		for (int guard = 0; p2 != 0 && guard < 100000; guard++) {
			power = neg ? power * 10 : power / 10;
			p2 = p2 - 1;
		}
	}
	if (s[i])
		return -1;
	t = value / power;
	*out = sign * t;
	return 0;
}

/* f64_to_str: integer part, '.', precision-1 digits, then one rounded digit. Shift
 * counts wrap modulo 64 as on the machines stap runs on (values below 1 or at/above
 * 2^52 come out as stap prints them there, not as their decimal value). */
static void f64_to_str(char *out, size_t outlen, int64_t bits, int64_t precision)
{
	uint64_t ui = (uint64_t)bits;
	uint64_t exp = (ui >> 52) & 0x7ff, sig = ui & ((UINT64_C(1) << 52) - 1);
	if (exp)
		sig |= UINT64_C(1) << 52;
	unsigned sh = (unsigned)((52 - (exp - 1023)) & 63);
	uint64_t base = UINT64_C(1) << sh;
	uint64_t frac = sig & (base - 1);
	size_t len =
	    (size_t)snprintf(out, outlen, "%s%" PRIu64 ".", ui >> 63 ? "-" : "", sig >> sh);
	for (int64_t i = 1; i < precision && len + 1 < outlen; i++) {
		frac *= 10;
		len += (size_t)snprintf(out + len, outlen - len, "%" PRIu64, frac / base);
		frac %= base;
	}
	frac *= 10;
	uint64_t last = frac / base;
	frac %= base;
	if (frac && (frac * 10) / base >= 5)
		last++;
	if (len + 1 < outlen)
		snprintf(out + len, outlen - len, "%" PRIu64, last);
}

int rt_fp_to_string(struct rt_call *c)
{
	char buf[4096];
	size_t cap = rt_cap(c) < sizeof(buf) ? rt_cap(c) : sizeof(buf);
	f64_to_str(buf, cap, c->l[0], c->l[1]);
	rt_ret_str(c, buf, strlen(buf));
	return RT_OK;
}

int rt_string_to_fp(struct rt_call *c)
{
	double d;
	/* SoftFloat's default NaN (what 0/0 gives) is stap's "invalid" marker too */
	if (str_to_f64(rt_str(c, 0)->s, &d) < 0 ||
	    (uint64_t)bits_of(d) == UINT64_C(0xfff8000000000000))
		return rt_error_nonear(c, "invalid format");
	c->l[0] = bits_of(d);
	return RT_OK;
}

int rt_long_to_fp(struct rt_call *c)
{
	c->l[0] = bits_of((double)c->l[0]);
	return RT_OK;
}

/* f64_to_i64: rounding modes 0 near_even, 1 minMag, 2 min, 3 max, 4 near_maxMag, 6 odd;
 * NaN and positive overflow give INT64_MAX, negative overflow INT64_MIN */
int rt_fp_to_long(struct rt_call *c)
{
	double d = fp_of(c->l[0]), r;
	switch (c->l[1]) {
	case 1:
		r = trunc(d);
		break;
	case 2:
		r = floor(d);
		break;
	case 3:
		r = ceil(d);
		break;
	case 4:
		r = round(d);
		break;
	case 6:
		r = trunc(d);
		break;
	default:
		r = nearbyint(d);
		break;
	}
	if (isnan(d) || r >= 9223372036854775808.0) {
		c->l[0] = INT64_MAX;
		return RT_OK;
	}
	if (r < -9223372036854775808.0) {
		c->l[0] = INT64_MIN;
		return RT_OK;
	}
	int64_t v = (int64_t)r;
	if (c->l[1] == 6 && r != d)
		v |= 1; /* round to odd: an inexact result gets its lowest bit set */
	c->l[0] = v;
	return RT_OK;
}

#define FP_BINOP(fn, expr)                                                                         \
	int fn(struct rt_call *c)                                                                  \
	{                                                                                          \
		double a = fp_of(c->l[0]), b = fp_of(c->l[1]);                                     \
		c->l[0] = (expr);                                                                  \
		return RT_OK;                                                                      \
	}

FP_BINOP(rt_fp_add, bits_of(a + b))
FP_BINOP(rt_fp_sub, bits_of(a - b))
FP_BINOP(rt_fp_mul, bits_of(a *b))
FP_BINOP(rt_fp_div, bits_of(a / b))
FP_BINOP(rt_fp_rem, bits_of(remainder(a, b)))
FP_BINOP(rt_fp_eq, a == b)
FP_BINOP(rt_fp_le, a <= b)
FP_BINOP(rt_fp_lt, a < b)

int rt_fp_sqrt(struct rt_call *c)
{
	c->l[0] = bits_of(sqrt(fp_of(c->l[0])));
	return RT_OK;
}

/* the low 32 bits as a float, widened */
int rt_fp32_to_fp64(struct rt_call *c)
{
	uint32_t u = (uint32_t)c->l[0];
	float f;
	memcpy(&f, &u, sizeof(f));
	c->l[0] = bits_of((double)f);
	return RT_OK;
}
