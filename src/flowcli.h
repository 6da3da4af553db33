/* flowcli.h: the commands of flowcli, one file each (flowcli_*.c). */
#ifndef FLOWCLI_H
#define FLOWCLI_H

struct flowcli_cmd {
	const char	*name;
	const char	*summary;
	int		(*run)(int argc, char **argv);
};

/* Exit statuses. */
#define FLOWCLI_OK	0
#define FLOWCLI_FAIL	1	/* bad input, I/O error */
#define FLOWCLI_USAGE	2	/* bad options */

int	flowcli_render(int, char **);

void	flowcli_err(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
