// SPDX-License-Identifier: MIT
/* Data directory and config file paths (GetDefaultDataDir, GetDataDir, GetConfigFile). */
#include "datadir.h"

#include "alloc.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CONF_FILENAME "minicoin.conf"

char *datadir_default(void)
{
	const char *home = getenv("HOME");

	return xasprintf("%s/.minicoin", home && *home ? home : "");
}

int datadir_resolve(const struct args *a, bool create, char **out)
{
	const char *dir = args_get(a, "datadir", NULL);
	struct stat st;
	char *abs;

	if (dir && *dir) {
		abs = realpath(dir, NULL);
		if (!abs || stat(abs, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(abs);
			return -ENOENT;
		}
		*out = abs;
		return 0;
	}
	*out = datadir_default();
	if (create && mkdir(*out, 0700) < 0 && errno != EEXIST) {
		int err = -errno;

		free(*out);
		*out = NULL;
		return err;
	}
	if (!create && (stat(*out, &st) < 0 || !S_ISDIR(st.st_mode))) {
		free(*out);
		*out = NULL;
		return -ENOENT;
	}
	return 0;
}

char *datadir_net(const char *datadir, const char *chain, bool create)
{
	char *net = xasprintf("%s/%s", datadir, chain);

	if (create)
		mkdir(net, 0700);
	return net;
}

char *datadir_conf(const struct args *a, const char *datadir)
{
	const char *conf = args_get(a, "conf", CONF_FILENAME);

	if (conf[0] == '/')
		return xstrdup(conf);
	return xasprintf("%s/%s", datadir, conf);
}
