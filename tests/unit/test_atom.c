/* test_atom.c: interning, escaping, growth, concurrent interning. */
#include <pthread.h>
#include <stdlib.h>

#include "atom.h"
#include "check.h"

static struct atom_table t;

static void *
interner(void *arg)
{
	char buf[32];
	uintptr_t base = (uintptr_t)arg;

	for (int i = 0; i < 20000; i++) {
		int n = snprintf(buf, sizeof buf, "s%d", (int)(i % 5000 + base));
		uint32_t id = atom_intern(&t, buf, (size_t)n);

		if (id == UINT32_MAX || strcmp(atom_str(&t, id), buf) != 0)
			return (void *)1;
	}
	return NULL;
}

int
main(void)
{
	const struct atom *a;
	uint32_t id, id2;
	pthread_t th[2];
	void *r0, *r1;

	CHECK(atom_init(&t) == 0);
	CHECK_U64(atom_intern(&t, "", 0), 0);
	id = atom_intern(&t, "FTP ALG", 7);
	CHECK(id != 0 && id != UINT32_MAX);
	CHECK_U64(atom_intern(&t, "FTP ALG", 7), id);
	CHECK(atom_intern(&t, "FTP ALGx", 7) == id);	/* by length */
	CHECK(atom_intern(&t, "FTP", 3) != id);
	CHECK_STR(atom_str(&t, id), "FTP ALG");
	CHECK(atom_find(&t, "FTP ALG", 7, &id2) == 0 && id2 == id);
	CHECK(atom_find(&t, "nope", 4, &id2) == -1);

	/* Escaped forms: computed once, the plain string shared if clean. */
	a = atom_get(&t, id);
	CHECK(a->xml == a->str && a->json == a->str);
	a = atom_get(&t, atom_intern(&t, "a&b<c>\"d\\e\n\x01", 12));
	CHECK_STR(a->xml, "a&amp;b&lt;c&gt;\"d\\e\n\x01");
	CHECK_U64(a->xml_len, strlen(a->xml));
	CHECK_STR(a->json, "a&b<c>\\\"d\\\\e\\n\\u0001");
	CHECK_U64(a->json_len, strlen(a->json));
	/* Embedded NUL is part of the string. */
	id = atom_intern(&t, "x\0y", 3);
	CHECK(id != atom_intern(&t, "x", 1));
	CHECK_U64(atom_get(&t, id)->len, 3);

	/* Many atoms: chunks and hash growth. */
	for (int i = 0; i < 100000; i++) {
		char buf[32];
		int n = snprintf(buf, sizeof buf, "policy-%d/%d", i, i % 7);

		id = atom_intern(&t, buf, (size_t)n);
		if (strcmp(atom_str(&t, id), buf) != 0) {
			CHECK(!"atom string changed");
			break;
		}
	}
	CHECK_U64(atom_intern(&t, "policy-77/0", 11),
	    atom_intern(&t, "policy-77/0", 11));
	CHECK_STR(atom_str(&t, atom_intern(&t, "policy-99999/3", 14)),
	    "policy-99999/3");

	/* Two threads interning overlapping sets agree. */
	pthread_create(&th[0], NULL, interner, (void *)0);
	pthread_create(&th[1], NULL, interner, (void *)2500);
	pthread_join(th[0], &r0);
	pthread_join(th[1], &r1);
	CHECK(r0 == NULL && r1 == NULL);
	CHECK(atom_find(&t, "s7499", 5, &id) == 0);
	atom_destroy(&t);
	return check_done("test_atom");
}
