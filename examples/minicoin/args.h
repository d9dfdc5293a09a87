/* SPDX-License-Identifier: MIT */
/* Options from the command line and the config file, with Bitcoin Core's conventions
 * (ArgsManager): "-name=value", "-name" for true, "-noname" for false, "--name" as
 * "-name", options stop at the first non-option word, the command line wins over the
 * config file, and a "[regtest]" section applies only to that chain. */
#ifndef MINICOIN_ARGS_H
#define MINICOIN_ARGS_H

#include <stdbool.h>
#include <stdint.h>

struct args;

/* known: NULL-terminated option names (without the dash) this program accepts. */
struct args *args_new(const char *const *known);
void args_free(struct args *a);
/* Returns 0 and the index of the first positional word, or -EINVAL with *err (fresh,
 * e.g. "Invalid parameter -foo"). */
int args_parse_cmdline(struct args *a, int argc, char **argv, int *first, char **err);
/* Reads key=value lines ('#' starts a comment); keys outside any section and those in
 * [section] are applied. Unknown keys are ignored. Returns 0, -ENOENT when the file does
 * not exist, or -EINVAL with *err for a malformed line. */
int args_read_config(struct args *a, const char *path, const char *section, char **err);
bool args_is_set(const struct args *a, const char *name);
/* The value (last one given), or def. A bare "-name" has the value "". */
const char *args_get(const struct args *a, const char *name, const char *def);
/* atoi64-style: leading number, 0 when there is none. */
int64_t args_get_int(const struct args *a, const char *name, int64_t def);
/* InterpretBool: "" is true, otherwise the number's truth. */
bool args_get_bool(const struct args *a, const char *name, bool def);

#endif
