// SPDX-License-Identifier: MIT
/* Control RPCs: help, stop, uptime (Core's rpc/server.cpp). */
#include "rpc.h"

#include "shutdown.h"

#include <stdlib.h>
#include <time.h>

static json_t *help(struct rpc_call *c)
{
	const struct rpc_command *cmd;
	const char *name;
	json_t *r;
	char *all;

	if (!rpc_check_nargs(c, 0, 1))
		return NULL;
	if (!rpc_arg(c, 0)) {
		all = rpc_help_all(c->server);
		r = json_string(all);
		free(all);
		return r;
	}
	if (!rpc_get_str(c, rpc_arg(c, 0), &name))
		return NULL;
	cmd = rpc_find(c->server, name);
	if (!cmd)
		return json_sprintf("help: unknown command: %s", name);
	return json_string(cmd->help);
}

static json_t *stop(struct rpc_call *c)
{
	/* Core 2018 accepts one undocumented argument here (a wait time for tests) */
	if (!rpc_check_nargs(c, 0, 1))
		return NULL;
	shutdown_request();
	return json_string("Minicoin server stopping");
}

static json_t *uptime(struct rpc_call *c)
{
	if (!rpc_check_nargs(c, 0, 0))
		return NULL;
	return json_integer(time(NULL) - c->node->start_time);
}

const struct rpc_command rpc_control_commands[] = {
    {"control", "help", help, "command",
     "help ( \"command\" )\n"
     "\nList all commands, or get help for a specified command.\n"
     "\nArguments:\n1. \"command\"     (string, optional) The command to get help on\n"
     "\nResult:\n\"text\"     (string) The help text\n"},
    {"control", "stop", stop, "", "stop\n\nStop Minicoin server."},
    {"control", "uptime", uptime, "",
     "uptime\n\nReturns the total uptime of the server.\n"
     "\nResult:\nttt        (numeric) The number of seconds that the server has been "
     "running\n"},
    {0},
};
