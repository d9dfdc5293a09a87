/* SPDX-License-Identifier: MIT */
/* A tiny unit-test harness: CHECK(cond), CHECK_EQ_INT, CHECK_EQ_STR, then
 * `return check_done("name");` from main. Prints "name: N passed, N failed". */
#ifndef UTAP_TESTS_CHECK_H
#define UTAP_TESTS_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_pass_, check_fail_;

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (cond) {                                                                        \
			check_pass_++;                                                             \
		} else {                                                                           \
			check_fail_++;                                                             \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);   \
		}                                                                                  \
	} while (0)

#define CHECK_EQ_INT(a, b)                                                                         \
	do {                                                                                       \
		long long a_ = (long long)(a), b_ = (long long)(b);                                \
		if (a_ == b_) {                                                                    \
			check_pass_++;                                                             \
		} else {                                                                           \
			check_fail_++;                                                             \
			fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n",          \
				__FILE__, __LINE__, #a, #b, a_, b_);                               \
		}                                                                                  \
	} while (0)

#define CHECK_EQ_STR(a, b)                                                                         \
	do {                                                                                       \
		const char *a_ = (a), *b_ = (b);                                                   \
		if (a_ && b_ && strcmp(a_, b_) == 0) {                                             \
			check_pass_++;                                                             \
		} else {                                                                           \
			check_fail_++;                                                             \
			fprintf(stderr, "%s:%d: CHECK failed: %s == %s (\"%s\" != \"%s\")\n",      \
				__FILE__, __LINE__, #a, #b, a_ ? a_ : "(null)",                    \
				b_ ? b_ : "(null)");                                               \
		}                                                                                  \
	} while (0)

static inline int check_done(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_pass_, check_fail_);
	return check_fail_ ? 1 : 0;
}

#endif
