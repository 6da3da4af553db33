/* atom.c: interned strings with their escaped forms (see atom.h). */
#include <stdlib.h>
#include <string.h>

#include "atom.h"

static uint32_t
atom_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a */

	while (len-- > 0)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

/* Length of `s` escaped for XML character data (&, <, > only). */
static size_t
atom_xml_len(const char *s, size_t len)
{
	size_t n = len;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '&')
			n += 4;
		else if (s[i] == '<' || s[i] == '>')
			n += 3;
	}
	return n;
}

static char *
atom_xml_escape(char *d, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '&': memcpy(d, "&amp;", 5); d += 5; break;
		case '<': memcpy(d, "&lt;", 4); d += 4; break;
		case '>': memcpy(d, "&gt;", 4); d += 4; break;
		default: *d++ = s[i];
		}
	}
	*d++ = '\0';
	return d;
}

static size_t
atom_json_len(const char *s, size_t len)
{
	size_t n = len;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c == '"' || c == '\\' || c == '\n' || c == '\t' || c == '\r')
			n += 1;
		else if (c < 0x20)
			n += 5;
	}
	return n;
}

static char *
atom_json_escape(char *d, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";

	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		switch (c) {
		case '"': *d++ = '\\'; *d++ = '"'; break;
		case '\\': *d++ = '\\'; *d++ = '\\'; break;
		case '\n': *d++ = '\\'; *d++ = 'n'; break;
		case '\t': *d++ = '\\'; *d++ = 't'; break;
		case '\r': *d++ = '\\'; *d++ = 'r'; break;
		default:
			if (c < 0x20) {
				memcpy(d, "\\u00", 4);
				d[4] = hex[c >> 4];
				d[5] = hex[c & 15];
				d += 6;
			} else
				*d++ = c;
		}
	}
	*d++ = '\0';
	return d;
}

static struct atom *
atom_make(const char *s, size_t len)
{
	size_t xlen = atom_xml_len(s, len), jlen = atom_json_len(s, len);
	size_t size = sizeof(struct atom) + len + 1;
	struct atom *a;
	char *p;

	if (xlen != len)
		size += xlen + 1;
	if (jlen != len)
		size += jlen + 1;
	if ((a = malloc(size)) == NULL)
		return NULL;
	a->len = len;
	a->xml_len = xlen;
	a->json_len = jlen;
	memcpy(a->str, s, len);
	a->str[len] = '\0';
	p = a->str + len + 1;
	a->xml = a->json = a->str;
	if (xlen != len) {
		a->xml = p;
		p = atom_xml_escape(p, s, len);
	}
	if (jlen != len) {
		a->json = p;
		atom_json_escape(p, s, len);
	}
	return a;
}

/* Slot of `s` in the hash, or of the free slot where it would go. */
static uint32_t *
atom_slot(struct atom_table *t, const char *s, size_t len, uint32_t h)
{
	for (uint32_t i = h & t->hmask;; i = (i + 1) & t->hmask) {
		uint32_t *slot = &t->hash[i];
		const struct atom *a;

		if (*slot == 0)
			return slot;
		a = atom_get(t, *slot - 1);
		if (a->len == len && memcmp(a->str, s, len) == 0)
			return slot;
	}
}

static int
atom_grow(struct atom_table *t)
{
	uint32_t nmask = t->hmask * 2 + 1, *nh;

	if ((nh = calloc((size_t)nmask + 1, sizeof *nh)) == NULL)
		return -1;
	for (uint32_t i = 0; i <= t->hmask; i++) {
		uint32_t id = t->hash[i], j;
		const struct atom *a;

		if (id == 0)
			continue;
		a = atom_get(t, id - 1);
		for (j = atom_hash(a->str, a->len) & nmask; nh[j] != 0;
		    j = (j + 1) & nmask)
			;
		nh[j] = id;
	}
	free(t->hash);
	t->hash = nh;
	t->hmask = nmask;
	return 0;
}

int
atom_init(struct atom_table *t)
{
	memset(t, 0, sizeof *t);
	if (pthread_mutex_init(&t->lock, NULL) != 0)
		return -1;
	t->hmask = 1023;
	if ((t->hash = calloc(t->hmask + 1, sizeof *t->hash)) == NULL)
		return -1;
	return atom_intern(t, "", 0) == 0 ? 0 : -1;
}

void
atom_destroy(struct atom_table *t)
{
	for (uint32_t c = 0; c < ATOM_DIR && t->dir[c] != NULL; c++) {
		for (uint32_t i = 0; i < ATOM_CHUNK; i++)
			free(t->dir[c][i]);
		free(t->dir[c]);
	}
	free(t->hash);
	pthread_mutex_destroy(&t->lock);
	memset(t, 0, sizeof *t);
}

int
atom_find(struct atom_table *t, const char *s, size_t len, uint32_t *id)
{
	uint32_t *slot;
	int rc = -1;

	pthread_mutex_lock(&t->lock);
	slot = atom_slot(t, s, len, atom_hash(s, len));
	if (*slot != 0) {
		*id = *slot - 1;
		rc = 0;
	}
	pthread_mutex_unlock(&t->lock);
	return rc;
}

uint32_t
atom_intern(struct atom_table *t, const char *s, size_t len)
{
	uint32_t h = atom_hash(s, len), *slot, id = UINT32_MAX, c;
	struct atom *a;

	pthread_mutex_lock(&t->lock);
	slot = atom_slot(t, s, len, h);
	if (*slot != 0) {
		id = *slot - 1;
		goto out;
	}
	if (t->n == (uint32_t)ATOM_DIR * ATOM_CHUNK || len > UINT32_MAX / 8)
		goto out;
	c = t->n >> ATOM_CHUNK_BITS;
	if (t->dir[c] == NULL) {
		struct atom **chunk = calloc(ATOM_CHUNK, sizeof *chunk);

		if (chunk == NULL)
			goto out;
		__atomic_store_n(&t->dir[c], chunk, __ATOMIC_RELEASE);
	}
	if ((a = atom_make(s, len)) == NULL)
		goto out;
	/* Publish the atom before its identifier can escape this function. */
	__atomic_store_n(&t->dir[c][t->n & (ATOM_CHUNK - 1)], a,
	    __ATOMIC_RELEASE);
	id = t->n++;
	*slot = id + 1;
	if (t->n * 2 > t->hmask && atom_grow(t) != 0) {
		/* The atom stays valid; lookups just get slower. */
	}
out:
	pthread_mutex_unlock(&t->lock);
	return id;
}
