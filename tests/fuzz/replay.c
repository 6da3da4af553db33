/*
 * replay.c: runs a fuzz target's LLVMFuzzerTestOneInput over files, without
 * libFuzzer, so make check replays the corpus and every crash kept under
 * regress/ with the ordinary compiler (and its sanitizers, when configured).
 * Arguments are files or directories (their regular files, one level).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0, n;

	if (fp == NULL) {
		perror(path);
		return -1;
	}
	for (;;) {
		if (len == cap) {
			uint8_t *b = realloc(buf, cap = cap ? cap * 2 : 4096);

			if (b == NULL) {
				free(buf);
				fclose(fp);
				return -1;
			}
			buf = b;
		}
		if ((n = fread(buf + len, 1, cap - len, fp)) == 0)
			break;
		len += n;
	}
	fclose(fp);
	/* An exact-size copy, as libFuzzer hands inputs over. */
	{
		uint8_t *in = malloc(len ? len : 1);

		if (in == NULL) {
			free(buf);
			return -1;
		}
		memcpy(in, buf, len);
		free(buf);
		LLVMFuzzerTestOneInput(in, len);
		free(in);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int n = 0, rc = 0;

	for (int i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *e;

		if (stat(argv[i], &st) != 0)
			continue;	/* an absent regress/ directory */
		if (!S_ISDIR(st.st_mode)) {
			rc |= replay_file(argv[i]);
			n++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
			continue;
		while ((e = readdir(d)) != NULL) {
			char path[4096];

			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
				continue;
			rc |= replay_file(path);
			n++;
		}
		closedir(d);
	}
	printf("%s: %d inputs replayed\n", argv[0], n);
	return rc != 0;
}
