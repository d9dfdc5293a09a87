/* SPDX-License-Identifier: MIT */
/* Where the node keeps its data: ~/.minicoin by default (never ~/.bitcoin, so a real
 * node's files are never touched), -datadir otherwise; the regtest subdirectory; and
 * the config file, minicoin.conf in the data directory unless -conf says otherwise. */
#ifndef MINICOIN_DATADIR_H
#define MINICOIN_DATADIR_H

#include "args.h"

/* $HOME/.minicoin ("/.minicoin" without HOME). Fresh string. */
char *datadir_default(void);
/* The data directory: -datadir made absolute (it must exist: -ENOENT otherwise), or the
 * default (created when create is set). Returns 0 with a fresh *out, or -errno with *out
 * set to NULL. */
int datadir_resolve(const struct args *a, bool create, char **out);
/* The chain's subdirectory, created when create is set. Fresh string. */
char *datadir_net(const char *datadir, const char *chain, bool create);
/* -conf (default minicoin.conf); a relative path is taken relative to the data
 * directory. Fresh string. */
char *datadir_conf(const struct args *a, const char *datadir);

#endif
