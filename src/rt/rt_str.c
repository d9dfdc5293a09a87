// SPDX-License-Identifier: MIT
/* String built-ins (tapset string.stp, tokenize.stp, regex.stp): strlen, substr,
 * stringat, isinstr, strpos, str_replace, tokenize, strtol (the kernel's simple_strtol),
 * isdigit, text_str/text_strn/string_quoted (runtime/stp_string.c _stp_text_str, with
 * its UTF-8 decoding and truncation rules) and the regex group accessors. */
#include <ctype.h>
#include <string.h>

#include "rt/rt.h"
#include "rt/text.h"

int rt_strlen(struct rt_call *c)
{
	c->l[0] = rt_str(c, 0)->len;
	return RT_OK;
}

int rt_substr(struct rt_call *c)
{
	struct vstr *s = rt_str(c, 0);
	int64_t start = c->l[0], len = c->l[1];
	/* strlcpy(ret, str + start, clamp(length + 1, 0, MAXSTRINGLEN)) */
	int64_t n = len + 1 < 0 ? 0 : len + 1;
	if (n > (int64_t)rt_cap(c))
		n = (int64_t)rt_cap(c);
	if (start < 0 || start >= s->len || n == 0) {
		vstr_clear(s);
		return RT_OK;
	}
	int64_t avail = s->len - start;
	int64_t k = n - 1 < avail ? n - 1 : avail;
	memmove(s->s, s->s + start, (size_t)k);
	s->len = (uint32_t)k;
	s->s[k] = 0;
	return RT_OK;
}

int rt_stringat(struct rt_call *c)
{
	const struct vstr *s = rt_str(c, 0);
	int64_t pos = c->l[0];
	if (pos >= 0 && pos < s->len) {
		c->l[0] = (signed char)s->s[pos];
		return RT_OK;
	}
	c->l[0] = 0;
	vm_thread_error(c->t, "Position out of bounds");
	return RT_ERROR;
}

int rt_isinstr(struct rt_call *c)
{
	c->l[0] = strstr(rt_str(c, 0)->s, rt_str(c, 1)->s) != NULL;
	return RT_OK;
}

int rt_strpos(struct rt_call *c)
{
	const char *h = rt_str(c, 0)->s;
	const char *p = strstr(h, rt_str(c, 1)->s);
	c->l[0] = p ? p - h : -1;
	return RT_OK;
}

int rt_str_replace(struct rt_call *c)
{
	const struct vstr *s = rt_str(c, 0), *f = rt_str(c, 1), *r = rt_str(c, 2);
	struct vstr *out = c->t->tmp;
	size_t cap = rt_cap(c);
	if (f->len == 0)
		return RT_OK; /* the input unchanged */
	vstr_clear(out);
	const char *base = s->s, *p;
	while ((p = strstr(base, f->s)) != NULL) {
		vstr_append(out, cap, base, (size_t)(p - base));
		vstr_append(out, cap, r->s, r->len);
		base = p + f->len;
	}
	vstr_append(out, cap, base, strlen(base));
	vstr_copy(rt_str(c, 0), out);
	return RT_OK;
}

/* tokenize(): strsep over the saved copy of the last non-empty input, skipping empty
 * tokens; tokpos == UINT32_MAX is strsep's NULL (nothing left) */
static int tokenize(struct rt_call *c, const char *delim)
{
	struct vm_thread *t = c->t;
	while (t->tokpos != UINT32_MAX) {
		const char *start = t->tokstr + t->tokpos;
		size_t n = strcspn(start, delim);
		if (start[n] == 0)
			t->tokpos = UINT32_MAX;
		else
			t->tokpos += (uint32_t)n + 1;
		if (n > 0) {
			rt_ret_str(c, start, n);
			return RT_OK;
		}
	}
	vstr_clear(rt_str(c, 0));
	return RT_OK;
}

int rt_tokenize(struct rt_call *c)
{
	struct vstr *in = rt_str(c, 0);
	if (in->len) {
		memcpy(c->t->tokstr, in->s, (size_t)in->len + 1);
		c->t->toklen = in->len;
		c->t->tokpos = 0;
	}
	return tokenize(c, rt_str(c, 1)->s);
}

int rt_tokenize1(struct rt_call *c)
{
	/* the delimiter is S0, which also receives the result */
	vstr_copy(c->t->tmp, rt_str(c, 0));
	return tokenize(c, c->t->tmp->s);
}

uint64_t rt_simple_strtoull(const char *s, unsigned base)
{
	if (base == 0) {
		if (s[0] == '0' && tolower((unsigned char)s[1]) == 'x' &&
		    isxdigit((unsigned char)s[2]))
			base = 16;
		else if (s[0] == '0')
			base = 8;
		else
			base = 10;
	}
	if (base == 16 && s[0] == '0' && tolower((unsigned char)s[1]) == 'x')
		s += 2;
	uint64_t v = 0;
	for (;; s++) {
		unsigned d;
		char ch = (char)tolower((unsigned char)*s);
		if (ch >= '0' && ch <= '9')
			d = (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			d = (unsigned)(ch - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		v = v * base + d;
	}
	return v;
}

int rt_strtol(struct rt_call *c)
{
	const char *s = rt_str(c, 0)->s;
	unsigned base = (unsigned)c->l[0];
	if (s[0] == '-')
		c->l[0] = -(int64_t)rt_simple_strtoull(s + 1, base);
	else
		c->l[0] = (int64_t)rt_simple_strtoull(s, base);
	return RT_OK;
}

int rt_isdigit(struct rt_call *c)
{
	char ch = rt_str(c, 0)->s[0];
	c->l[0] = ch >= '0' && ch <= '9';
	return RT_OK;
}

int rt_text_str(struct rt_call *c)
{
	struct vstr *out = c->t->tmp;
	if (rt_text_cstr(out->s, rt_cap(c), rt_str(c, 0)->s, 0, 0, false) < 0)
		out->s[0] = 0;
	rt_ret_str(c, out->s, strlen(out->s));
	return RT_OK;
}

int rt_text_strn(struct rt_call *c)
{
	int64_t len = c->l[0];
	if (len < 0)
		len = 0;
	if (len > (int64_t)rt_cap(c))
		len = (int64_t)rt_cap(c);
	struct vstr *out = c->t->tmp;
	if (rt_text_cstr(out->s, rt_cap(c), rt_str(c, 0)->s, 0, (int)len, c->l[1] != 0) < 0)
		out->s[0] = 0;
	rt_ret_str(c, out->s, strlen(out->s));
	return RT_OK;
}

int rt_string_quoted(struct rt_call *c)
{
	struct vstr *out = c->t->tmp;
	int cap = (int)rt_cap(c);
	rt_text_cstr(out->s, rt_cap(c), rt_str(c, 0)->s, cap, cap, true);
	rt_ret_str(c, out->s, strlen(out->s));
	return RT_OK;
}

/* ---- regex groups -------------------------------------------------------------------- */

static int group(struct rt_call *c, int64_t n)
{
	struct vm_thread *t = c->t;
	if (!t->mok) {
		vm_thread_error(t, "Attempted to get subexpression %lld from failed match",
				(long long)n);
		return RT_ERROR;
	}
	if (n < 0 || n > t->nsub || n >= 10) {
		vm_thread_error(t, "Attempted to get nonexistent subexpression %lld", (long long)n);
		return RT_ERROR;
	}
	regoff_t so = t->mt[n].rm_so, eo = t->mt[n].rm_eo;
	if (so < 0 || eo < 0)
		so = eo = 0;
	rt_ret_str(c, t->msubj + so, (size_t)(eo - so));
	return RT_OK;
}

int rt_matched(struct rt_call *c)
{
	return group(c, c->l[0]);
}

int rt_matched_str(struct rt_call *c)
{
	return group(c, 0);
}

int rt_ngroups(struct rt_call *c)
{
	if (!c->t->mok) {
		vm_thread_error(c->t, "Attempted to get subexpression count from failed match");
		return RT_ERROR;
	}
	c->l[0] = c->t->nsub + 1;
	return RT_OK;
}
