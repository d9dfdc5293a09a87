/* SPDX-License-Identifier: MIT */
/* "(similar: ...)" suggestion lists in stap's order (levenshtein_suggest). */
#ifndef UTAP_SEMA_SUGGEST_H
#define UTAP_SEMA_SUGGEST_H

#include "util/strbuf.h"
#include "util/vec.h"

/* A set of candidate names (duplicates allowed; they count once). Strings are borrowed. */
struct suggest_set {
	VEC(const char *) v_;
};

void suggest_set_add(struct suggest_set *set, const char *s);
void suggest_set_free(struct suggest_set *set);
/* The best `max` candidates for target, "a, b, c" (caller frees; "" when none). */
char *suggest(const char *target, struct suggest_set *set, unsigned max);

#endif
