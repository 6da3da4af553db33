/*
 * check.h: assertions for the unit tests.  A failed check prints where and
 * what, and the test exits non-zero; the automake harness counts it.
 */
#ifndef FLOW_CHECK_H
#define FLOW_CHECK_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond) do {						\
	check_count++;							\
	if (!(cond)) {							\
		check_failed++;						\
		fprintf(stderr, "%s:%d: CHECK(%s) failed\n",		\
		    __FILE__, __LINE__, #cond);				\
	}								\
} while (0)

#define CHECK_U64(a, b) do {						\
	uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);		\
	check_count++;							\
	if (a_ != b_) {							\
		check_failed++;						\
		fprintf(stderr, "%s:%d: %s == %" PRIu64 ", expected %"	\
		    PRIu64 "\n", __FILE__, __LINE__, #a, a_, b_);	\
	}								\
} while (0)

#define CHECK_STR(a, b) do {						\
	const char *a_ = (a), *b_ = (b);				\
	check_count++;							\
	if (a_ == NULL || strcmp(a_, b_) != 0) {			\
		check_failed++;						\
		fprintf(stderr, "%s:%d: %s is\n[%s]\nexpected\n[%s]\n",	\
		    __FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_);	\
	}								\
} while (0)

static inline int
check_done(const char *name)
{
	printf("%s: %d checks, %d failed\n", name, check_count, check_failed);
	return check_failed == 0 ? 0 : 1;
}

#endif
