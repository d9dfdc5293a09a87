// SPDX-License-Identifier: MIT
/* "(similar: a, b, c)" suggestions: stap's levenshtein_suggest (util.cxx), a weighted edit
 * distance (substitution 2, or 1 between letters differing only in case; insertion and
 * deletion 2), the best `max` candidates by score, ties in name order. */
#include <stdlib.h>
#include <string.h>
#include <ctype.h>

#include "sema/suggest.h"
#include "util/alloc.h"

static unsigned levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned *d = xmalloc((la + 1) * (lb + 1) * sizeof(unsigned));
#define D(i, j) d[(i) * (lb + 1) + (j)]
	for (size_t i = 0; i <= la; i++)
		D(i, 0) = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		D(0, j) = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		for (size_t j = 1; j <= lb; j++) {
			if (a[i - 1] == b[j - 1]) {
				D(i, j) = D(i - 1, j - 1);
				continue;
			}
			unsigned sub =
			    tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 1])
				? 1
				: 2;
			unsigned best = D(i - 1, j - 1) + sub;
			if (D(i - 1, j) + 2 < best)
				best = D(i - 1, j) + 2;
			if (D(i, j - 1) + 2 < best)
				best = D(i, j - 1) + 2;
			D(i, j) = best;
		}
	}
	unsigned r = D(la, lb);
#undef D
	free(d);
	return r;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

struct scored {
	unsigned score;
	const char *s;
};

static int cmp_scored(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? -1 : 1;
	return strcmp(x->s, y->s);
}

void suggest_set_add(struct suggest_set *set, const char *s)
{
	vec_push(&set->v_, s);
}

void suggest_set_free(struct suggest_set *set)
{
	vec_free(&set->v_);
}

char *suggest(const char *target, struct suggest_set *set, unsigned max)
{
	int n = set->v_.n;
	if (n > 1)
		qsort(set->v_.v, (size_t)n, sizeof(char *), cmp_str);
	struct scored *sc = xcalloc((size_t)n + 1, sizeof(*sc));
	int m = 0;
	for (int i = 0; i < n; i++) {
		const char *e = set->v_.v[i];
		if (!*e || (m && !strcmp(sc[m - 1].s, e)))
			continue; /* empty, or a duplicate (std::set) */
		sc[m].s = e;
		sc[m].score = levenshtein(target, e);
		m++;
	}
	qsort(sc, (size_t)m, sizeof(*sc), cmp_scored);
	struct strbuf sb = STRBUF_INIT;
	for (int i = 0; i < m && (unsigned)i < max; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", sc[i].s);
	free(sc);
	return sb_detach(&sb);
}
