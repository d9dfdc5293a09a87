/* SPDX-License-Identifier: MIT */
/* RPC authentication (Core's rpc/server.cpp cookie functions and httprpc.cpp
 * RPCAuthorized): the random ".cookie" file, and HTTP Basic credentials. */
#ifndef MINICOIN_AUTH_H
#define MINICOIN_AUTH_H

#include <stdbool.h>

/* Writes "__cookie__:<64 hex digits of 32 random bytes>" to <dir>/.cookie.tmp (mode
 * 0600) and renames it to <dir>/.cookie. Returns 0 with the user:password string
 * (fresh) in *userpass, or -errno. */
int auth_cookie_generate(const char *dir, char **userpass);
/* First line of <dir>/.cookie. 0, or -errno (-ENOENT: no cookie). */
int auth_cookie_read(const char *dir, char **userpass);
void auth_cookie_delete(const char *dir);
/* Does an Authorization header ("Basic <base64 user:pass>") carry exactly userpass?
 * Compared without data-dependent timing. */
bool auth_check(const char *userpass, const char *header);
/* "Basic <base64 of userpass>", fresh. */
char *auth_basic_header(const char *userpass);

#endif
