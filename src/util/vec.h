/* SPDX-License-Identifier: MIT */
/* Typed growable arrays: `VEC(struct foo *) list = {0}; vec_push(&list, x);`.
 * Storage comes from xrealloc (never NULL); vec_free releases it. */
#ifndef UTAP_UTIL_VEC_H
#define UTAP_UTIL_VEC_H

#include "util/alloc.h"

#define VEC(T)                                                                                     \
	struct {                                                                                   \
		T *v;                                                                              \
		int n, cap;                                                                        \
	}

#define vec_grow(vec, need)                                                                        \
	do {                                                                                       \
		if ((need) > (vec)->cap) {                                                         \
			int nc_ = (vec)->cap ? (vec)->cap * 2 : 8;                                 \
			while (nc_ < (need))                                                       \
				nc_ *= 2;                                                          \
			(vec)->v = xrealloc((vec)->v, (size_t)nc_ * sizeof(*(vec)->v));            \
			(vec)->cap = nc_;                                                          \
		}                                                                                  \
	} while (0)

#define vec_push(vec, x)                                                                           \
	do {                                                                                       \
		vec_grow((vec), (vec)->n + 1);                                                     \
		(vec)->v[(vec)->n++] = (x);                                                        \
	} while (0)

#define vec_pop(vec) ((vec)->v[--(vec)->n])
#define vec_last(vec) ((vec)->v[(vec)->n - 1])
#define vec_free(vec)                                                                              \
	do {                                                                                       \
		free((vec)->v);                                                                    \
		(vec)->v = NULL;                                                                   \
		(vec)->n = (vec)->cap = 0;                                                         \
	} while (0)
/* NB: an empty VEC may have v == NULL, and NULL + 0 is undefined: test `it` first. */
#define vec_foreach(vec, it)                                                                       \
	for (__typeof__((vec)->v + 0) it = (vec)->v; it && it < (vec)->v + (vec)->n; it++)

#endif
