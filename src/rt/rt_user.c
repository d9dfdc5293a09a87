// SPDX-License-Identifier: MIT
/* User-space memory built-ins (tapset uconversions.stp) through the probe context's
 * read_mem: strings with stap's length rules and fault messages, the *_warn, *_nofault
 * and *_quoted variants, and the fixed-size integer readers (silent 0 on a fault, or
 * "read fault" errors for the *_error forms, or warnings for the *_warn forms). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rt/rt.h"
#include "rt/text.h"

#define PAGE 4096

static int read_user(struct rt_call *c, uint64_t addr, void *buf, size_t n)
{
	struct probe_ctx *p = c->t->pctx;
	if (!p || !p->ops || !p->ops->read_mem)
		return -EFAULT;
	int rc = p->ops->read_mem(p, addr, buf, n);
	return rc < 0 ? -EFAULT : 0;
}

/* _stp_strncpy_from_user: up to count bytes, stopping after a NUL; page by page so that
 * a string ending just before an unmapped page reads fine. Returns the length copied
 * (not counting a NUL) or -EFAULT. */
static long strncpy_user(struct rt_call *c, char *dst, uint64_t addr, size_t count)
{
	size_t got = 0;
	while (got < count) {
		uint64_t a = addr + got;
		size_t chunk = PAGE - (size_t)(a % PAGE);
		if (chunk > count - got)
			chunk = count - got;
		if (read_user(c, a, dst + got, chunk) < 0)
			return -EFAULT;
		char *z = memchr(dst + got, 0, chunk);
		if (z)
			return z - dst;
		got += chunk;
	}
	return (long)got;
}

/* user_string_n core: 0 with the string in S0's place, or the negative errno */
static long user_string_n(struct rt_call *c, uint64_t addr, int64_t n, struct vstr *out)
{
	int64_t cap = (int64_t)rt_cap(c);
	int64_t len = n + 1 < 1 ? 1 : n + 1 > cap - 1 ? cap - 1 : n + 1;
	long rc = strncpy_user(c, out->s, addr, (size_t)len);
	if (rc < 0) {
		vstr_clear(out);
		return rc;
	}
	size_t k = (size_t)rc < (size_t)len - 1 ? (size_t)rc : (size_t)len - 1;
	out->s[k] = 0;
	out->len = (uint32_t)k;
	return 0;
}

static int copy_fault(struct rt_call *c, long rc, uint64_t addr)
{
	vm_thread_error(c->t, "user string copy fault %ld at 0x%" PRIx64 " [man error::fault]", rc,
			addr);
	return RT_ERROR;
}

static int ustr(struct rt_call *c, uint64_t addr, int64_t n)
{
	long rc = user_string_n(c, addr, n, c->t->tmp);
	if (rc < 0)
		return copy_fault(c, rc, addr);
	vstr_copy(rt_str(c, 0), c->t->tmp);
	return RT_OK;
}

/* on a fault the result is the string argument number si (already in a register) */
static int ustr_or(struct rt_call *c, uint64_t addr, int64_t n, int si, bool warn)
{
	long rc = user_string_n(c, addr, n, c->t->tmp);
	if (rc < 0) {
		if (warn) {
			char msg[128];
			snprintf(msg, sizeof(msg),
				 "user string copy fault %ld at 0x%" PRIx64 " [man error::fault]",
				 rc, addr);
			vm_warn(c->t->vm, msg);
		}
		if (si > 0)
			vstr_copy(rt_str(c, 0), rt_str(c, si));
		else if (si < 0)
			vstr_clear(rt_str(c, 0));
		return RT_OK;
	}
	vstr_copy(rt_str(c, 0), c->t->tmp);
	return RT_OK;
}

static int64_t maxlen(const struct rt_call *c)
{
	return (int64_t)rt_cap(c);
}

int rt_user_string(struct rt_call *c)
{
	return ustr(c, (uint64_t)c->l[0], maxlen(c));
}

int rt_user_string2(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], maxlen(c), 0, false);
}

int rt_user_string_n(struct rt_call *c)
{
	return ustr(c, (uint64_t)c->l[0], c->l[1]);
}

int rt_user_string_n2(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], c->l[1], 0, false);
}

int rt_user_string_warn(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], maxlen(c), -1, true);
}

int rt_user_string_warn2(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], maxlen(c), 0, true);
}

int rt_user_string_n_warn(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], c->l[1], -1, true);
}

int rt_user_string_n_warn2(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], c->l[1], 0, true);
}

int rt_user_string_nofault(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], maxlen(c), -1, false);
}

int rt_user_string_n_nofault(struct rt_call *c)
{
	return ustr_or(c, (uint64_t)c->l[0], c->l[1], -1, false);
}

static void hex_addr(struct rt_call *c, uint64_t addr)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "0x%" PRIx64, addr);
	rt_ret_str(c, buf, (size_t)n);
}

/* try { string_quoted(user_string_n(addr, inlen)) [cut to outlen] } catch { 0x%x } */
static int quoted(struct rt_call *c, uint64_t addr, int64_t inlen, int64_t outlen, bool cut)
{
	struct vstr *raw = c->t->tmp;
	if (user_string_n(c, addr, inlen, raw) < 0) {
		hex_addr(c, addr);
		return RT_OK;
	}
	struct vstr *out = rt_str(c, 0);
	int cap = (int)rt_cap(c);
	rt_text_cstr(out->s, rt_cap(c), raw->s, cap, cap, true);
	out->len = (uint32_t)strlen(out->s);
	if (cut && (int64_t)out->len > outlen - 2) {
		/* substr(__str, 0, outlen-4) . "\"..." */
		int64_t keep = outlen - 4 + 1 < 0 ? 0 : outlen - 4;
		if (keep > out->len)
			keep = out->len;
		if (outlen - 4 + 1 <= 0)
			keep = 0;
		out->len = (uint32_t)keep;
		out->s[keep] = 0;
		vstr_append(out, rt_cap(c), "\"...", 4);
	}
	return RT_OK;
}

int rt_user_string_quoted(struct rt_call *c)
{
	return quoted(c, (uint64_t)c->l[0], maxlen(c), 0, false);
}

int rt_user_string_n_quoted(struct rt_call *c)
{
	return quoted(c, (uint64_t)c->l[0], c->l[1], maxlen(c), true);
}

int rt_user_string_n_quoted3(struct rt_call *c)
{
	return quoted(c, (uint64_t)c->l[0], c->l[1], c->l[2], true);
}

struct usrc {
	struct rt_call *c;
	uint64_t addr;
};

static int user_get(void *ud, size_t i, unsigned char *b)
{
	struct usrc *u = ud;
	return read_user(u->c, u->addr + i, b, 1);
}

static int buffer_quoted(struct rt_call *c, bool error)
{
	uint64_t addr = (uint64_t)c->l[0];
	int64_t inlen = c->l[1], outlen = c->l[2];
	int64_t cap = (int64_t)rt_cap(c);
	outlen = outlen < 0 ? 0 : outlen > cap ? cap : outlen;
	struct vstr *out = rt_str(c, 0);
	struct usrc u = {c, addr};
	if (outlen == 0 || rt_text(c->t->tmp->s, rt_cap(c), user_get, &u,
				   (int)(inlen > cap ? cap
					 : inlen < 0 ? 0
						     : inlen),
				   (int)outlen, true, true) < 0) {
		if (error) {
			vm_thread_error(c->t, "Unable to access user space data at 0x%" PRIx64,
					addr);
			return RT_ERROR;
		}
		if (outlen == 0) {
			vstr_clear(out);
			return RT_OK;
		}
		char buf[32];
		int n = snprintf(buf, (size_t)outlen < sizeof(buf) ? (size_t)outlen : sizeof(buf),
				 "0x%" PRIx64, addr);
		(void)n;
		rt_ret_str(c, buf, strlen(buf));
		return RT_OK;
	}
	rt_ret_str(c, c->t->tmp->s, strlen(c->t->tmp->s));
	return RT_OK;
}

int rt_user_buffer_quoted(struct rt_call *c)
{
	return buffer_quoted(c, false);
}

int rt_user_buffer_quoted_error(struct rt_call *c)
{
	return buffer_quoted(c, true);
}

/* ---- fixed-size integers ------------------------------------------------------------- */

enum ufault { U_ZERO, U_ERROR, U_WARN };

static int read_int(struct rt_call *c, int size, bool is_signed, enum ufault mode, const char *what)
{
	uint64_t addr = (uint64_t)c->l[0];
	unsigned char b[8] = {0};
	if (read_user(c, addr, b, (size_t)size) < 0) {
		c->l[0] = 0;
		if (mode == U_ERROR) {
			vm_thread_error(c->t, "read fault [man error::fault] at 0x%" PRIx64, addr);
			return RT_ERROR;
		}
		if (mode == U_WARN) {
			char msg[128];
			/* stap formats the address with %p, i.e. %#x */
			if (addr)
				snprintf(msg, sizeof(msg), what, addr);
			else
				snprintf(msg, sizeof(msg), what, (uint64_t)0);
			vm_warn(c->t->vm, msg);
		}
		return RT_OK;
	}
	uint64_t v = 0;
	for (int i = size - 1; i >= 0; i--)
		v = (v << 8) | b[i];
	if (is_signed && size < 8 && (v >> (size * 8 - 1)) & 1)
		v |= ~0ULL << (size * 8);
	c->l[0] = (int64_t)v;
	return RT_OK;
}

#define USER_INT(name, size, sgn)                                                                  \
	int rt_user_##name(struct rt_call *c)                                                      \
	{                                                                                          \
		return read_int(c, size, sgn, U_ZERO, NULL);                                       \
	}                                                                                          \
	int rt_user_##name##_error(struct rt_call *c)                                              \
	{                                                                                          \
		return read_int(c, size, sgn, U_ERROR, NULL);                                      \
	}

#define USER_INT_WARN(name, size, sgn, text)                                                       \
	USER_INT(name, size, sgn)                                                                  \
	int rt_user_##name##_warn(struct rt_call *c)                                               \
	{                                                                                          \
		return read_int(c, size, sgn, U_WARN, text);                                       \
	}

USER_INT_WARN(char, 1, true, "user char copy fault at 0x%" PRIx64 " [man error::fault]")
USER_INT_WARN(short, 2, true, "user short copy fault 0x%" PRIx64 " [man error::fault]")
USER_INT_WARN(ushort, 2, false, "user unsigned short copy fault 0x%" PRIx64 " [man error::fault]")
USER_INT_WARN(int, 4, true, "user int copy fault 0x%" PRIx64 " [man error::fault]")
USER_INT_WARN(long, 8, true, "user long copy fault 0x%" PRIx64 " [man error::fault]")
USER_INT_WARN(ulong, 8, false, "user unsigned long copy fault 0x%" PRIx64 " [man error::fault]")
USER_INT(int8, 1, true)
USER_INT(uint8, 1, false)
USER_INT(int16, 2, true)
USER_INT(uint16, 2, false)
USER_INT(int32, 4, true)
USER_INT(uint32, 4, false)
USER_INT(int64, 8, true)
USER_INT(uint64, 8, false)
