// SPDX-License-Identifier: MIT
/* minicoind: a small but real Bitcoin regtest node for the utap walkthrough. This file is
 * the AppInit part of Core's bitcoind.cpp: options, config file, -daemon, signals; the
 * node itself starts in init.c. */
#include "args.h"
#include "chainparams.h"
#include "datadir.h"
#include "init.h"
#include "log.h"
#include "shutdown.h"

#include <errno.h>
#include <event2/thread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const node_args[] = {
    "?",
    "h",
    "help",
    "version",
    "regtest",
    "testnet",
    "datadir",
    "conf",
    "daemon",
    "pid",
    "printtoconsole",
    "debuglogfile",
    "logtimemicros",
    "dbcache",
    "maxtipage",
    "server",
    "rpcport",
    "rpcuser",
    "rpcpassword",
    "rpcthreads",
    "rpcworkqueue",
    "rpcservertimeout",
    NULL,
};

static const char usage[] =
    "Minicoin Daemon version v" UTAP_VERSION "\n"
    "\n"
    "Usage:\n"
    "  minicoind -regtest [options]                     Start the regtest node\n"
    "\n"
    "Options:\n"
    "  -?                     Print this help message and exit\n"
    "  -version               Print version and exit\n"
    "  -regtest               Use the regression test chain (the only chain minicoin has)\n"
    "  -datadir=<dir>         Specify data directory (default: ~/.minicoin)\n"
    "  -conf=<file>           Specify configuration file; a relative path is taken\n"
    "                         relative to the data directory (default: minicoin.conf)\n"
    "  -daemon                Run in the background as a daemon and accept commands\n"
    "  -pid=<file>            Specify pid file (default: minicoind.pid)\n"
    "  -printtoconsole        Send trace/debug info to the console as well as debug.log\n"
    "  -debuglogfile=<file>   Specify location of debug log file (default: debug.log)\n"
    "  -logtimemicros         Add microsecond precision to debug timestamps\n"
    "  -dbcache=<n>           Set database cache size in megabytes (4 to 16384, default: "
    "450)\n"
    "  -maxtipage=<n>         Maximum tip age in seconds to consider node in initial block\n"
    "                         download (default: 86400)\n"
    "  -rpcport=<port>        Listen for JSON-RPC connections on 127.0.0.1:<port> "
    "(default: 18443)\n"
    "  -rpcuser=<user>        Username for JSON-RPC connections\n"
    "  -rpcpassword=<pw>      Password for JSON-RPC connections (default: a random cookie\n"
    "                         in <datadir>/regtest/.cookie)\n"
    "  -rpcthreads=<n>        Number of threads to service RPC calls (default: 4)\n"
    "  -rpcworkqueue=<n>      Depth of the work queue to service RPC calls (default: 16)\n"
    "  -rpcservertimeout=<n>  Timeout during HTTP requests (default: 30)\n";

static void on_term(int sig)
{
	shutdown_request();
}

static void on_hup(int sig)
{
	log_request_reopen();
}

static void install_signals(void)
{
	struct sigaction sa = {.sa_handler = on_term};

	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_hup;
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

/* Parses options and the config file; returns 0 to go on, else the exit status. */
static int parse_options(struct args *a, int argc, char **argv, char **datadir, char **conf)
{
	char *err = NULL;
	int first, rc;

	if (args_parse_cmdline(a, argc, argv, &first, &err) < 0) {
		fprintf(stderr, "Error parsing command line arguments: %s\n", err);
		free(err);
		return 1;
	}
	if (args_is_set(a, "?") || args_is_set(a, "h") || args_is_set(a, "help") ||
	    args_is_set(a, "version")) {
		fputs(args_is_set(a, "version") ? "Minicoin Daemon version v" UTAP_VERSION "\n"
						: usage,
		      stdout);
		return -1;
	}
	if (datadir_resolve(a, true, datadir) < 0) {
		fprintf(stderr, "Error: Specified data directory \"%s\" does not exist.\n",
			args_get(a, "datadir", ""));
		return 1;
	}
	*conf = datadir_conf(a, *datadir);
	rc = args_read_config(a, *conf, chainparams_regtest()->name, &err);
	if (rc < 0 && rc != -ENOENT) {
		fprintf(stderr, "Error reading configuration file: %s\n",
			err ? err : strerror(-rc));
		free(err);
		return 1;
	}
	if (first < argc) {
		fprintf(stderr,
			"Error: Command line contains unexpected token '%s', see minicoind "
			"-h for a list of options.\n",
			argv[first]);
		return 1;
	}
	if (!args_get_bool(a, "regtest", false) || args_get_bool(a, "testnet", false)) {
		fprintf(stderr,
			"Error: minicoind implements only the regression test chain; start "
			"it with -regtest (mainnet and testnet need a peer-to-peer network).\n");
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct args *a = args_new(node_args);
	char *datadir = NULL, *conf = NULL;
	struct app *app;
	int rc;

	shutdown_reset();
	rc = parse_options(a, argc, argv, &datadir, &conf);
	if (rc) {
		args_free(a);
		free(datadir);
		free(conf);
		return rc < 0 ? 0 : rc;
	}
	if (args_get_bool(a, "daemon", false)) {
		fprintf(stdout, "Minicoin server starting\n");
		fflush(stdout);
		if (daemon(1, 0) < 0) {
			fprintf(stderr, "Error: daemon() failed: %s\n", strerror(errno));
			return 1;
		}
	}
	install_signals();
	evthread_use_pthreads();
	app = app_init(a, datadir, conf);
	free(datadir);
	free(conf);
	if (!app)
		return 1;
	shutdown_wait();
	app_shutdown(app);
	return 0;
}
