// SPDX-License-Identifier: MIT
/* The start-up sequence and its log lines follow Core's AppInitMain (2018): the
 * init_main probe fires right after "Using config file", the RPC server answers -28
 * (warm-up) until the chain is loaded, and the validation thread connects genesis. */
#include "init.h"

#include "alloc.h"
#include "auth.h"
#include "chain.h"
#include "datadir.h"
#include "http.h"
#include "log.h"
#include "miner.h"
#include "node.h"
#include "probes.h"
#include "rpc.h"
#include "vqueue.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_DBCACHE 450 /* MiB */
#define MIN_DBCACHE 4
#define MAX_DBCACHE 16384
#define MAX_BLOCK_DB_CACHE 2
#define MAX_COINS_DB_CACHE 8
#define DEFAULT_MAX_TIP_AGE (24 * 60 * 60)
#define DEFAULT_HTTP_THREADS 4
#define DEFAULT_HTTP_WORKQUEUE 16
#define DEFAULT_HTTP_SERVER_TIMEOUT 30

struct app {
	struct args *args;
	char *datadir, *netdir, *conf;
	int lock_fd;
	char *pid_path;
	bool cookie;
	struct node node;
	struct vqueue *vq;
	struct rpc_server *rpc;
	struct http_server *http;
};

static const struct rpc_command *const rpc_tables[] = {
    rpc_blockchain_commands,
    rpc_control_commands,
    rpc_mining_commands,
    NULL,
};

static void init_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* InitError: the message goes to stderr and to the log */
static void init_error(const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	fprintf(stderr, "Error: %s\n", msg ? msg : fmt);
	log_printf("Error: %s\n", msg ? msg : fmt);
	free(msg);
}

/* LockDataDirectory: an fcntl lock on <netdir>/.lock, held for the process lifetime */
static bool lock_datadir(struct app *app)
{
	char *path = xasprintf("%s/.lock", app->netdir);
	struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};

	app->lock_fd = open(path, O_RDWR | O_CREAT, 0600);
	free(path);
	if (app->lock_fd < 0 || fcntl(app->lock_fd, F_SETLK, &fl) < 0) {
		init_error(
		    "Cannot obtain a lock on data directory %s. Minicoin is probably already "
		    "running.",
		    app->netdir);
		return false;
	}
	return true;
}

static char *net_path(const struct app *app, const char *name)
{
	return name[0] == '/' ? xstrdup(name) : xasprintf("%s/%s", app->netdir, name);
}

static bool open_log(struct app *app)
{
	char *path = net_path(app, args_get(app->args, "debuglogfile", "debug.log"));
	int err = log_open(path, args_get_bool(app->args, "printtoconsole", false),
			   args_get_bool(app->args, "logtimemicros", false));

	if (err)
		init_error("Could not open debug log file %s: %s", path, strerror(-err));
	free(path);
	return err == 0;
}

static bool write_pid_file(struct app *app)
{
	FILE *f;

	app->pid_path = net_path(app, args_get(app->args, "pid", "minicoind.pid"));
	f = fopen(app->pid_path, "w");
	if (!f) {
		init_error("Unable to create the PID file '%s': %s", app->pid_path,
			   strerror(errno));
		return false;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	return true;
}

static void log_startup(struct app *app)
{
	char *def = datadir_default();

	log_printf("Minicoin version v%s (regtest node for the utap walkthrough)\n", UTAP_VERSION);
	log_printf("Using the 'OpenSSL libcrypto' SHA256 implementation\n");
	log_printf("Default data directory %s\n", def);
	log_printf("Using data directory %s\n", app->netdir);
	log_printf("Using config file %s\n", app->conf);
	free(def);
	if (BITCOIN_INIT_MAIN_ENABLED())
		BITCOIN_INIT_MAIN(app->netdir, app->conf);
}

static char *rpc_handler(void *ctx, const char *body, size_t len, int *status)
{
	return rpc_handle(ctx, body, len, status);
}

/* InitRPCAuthentication + StartHTTPServer */
static bool start_rpc(struct app *app)
{
	struct http_config cfg = {
	    .bind_addr = "127.0.0.1",
	    .port = (int)args_get_int(app->args, "rpcport", chainparams_regtest()->rpc_port),
	    .threads = (int)args_get_int(app->args, "rpcthreads", DEFAULT_HTTP_THREADS),
	    .queue_depth = (int)args_get_int(app->args, "rpcworkqueue", DEFAULT_HTTP_WORKQUEUE),
	    .timeout =
		(int)args_get_int(app->args, "rpcservertimeout", DEFAULT_HTTP_SERVER_TIMEOUT),
	};
	const char *pass = args_get(app->args, "rpcpassword", "");
	char *userpass;
	int err;

	if (cfg.threads < 1)
		cfg.threads = 1;
	if (cfg.queue_depth < 1)
		cfg.queue_depth = 1;
	if (*pass) {
		userpass = xasprintf("%s:%s", args_get(app->args, "rpcuser", ""), pass);
	} else {
		log_printf("No rpcpassword set - using random cookie authentication.\n");
		err = auth_cookie_generate(app->netdir, &userpass);
		if (err) {
			init_error("Unable to start HTTP server. See debug log for details.");
			log_printf("Unable to write the RPC authentication cookie: %s\n",
				   strerror(-err));
			return false;
		}
		app->cookie = true;
		log_printf("Generated RPC authentication cookie %s/.cookie\n", app->netdir);
	}
	app->rpc = rpc_server_new(&app->node, rpc_tables);
	cfg.userpass = userpass;
	app->http = http_start(&cfg, rpc_handler, app->rpc);
	free(userpass);
	if (!app->http) {
		init_error("Unable to start HTTP server. See debug log for details.");
		return false;
	}
	return true;
}

/* The -dbcache split of Core's init.cpp: block index 1/8 (at most 2 MiB), coins LevelDB
 * 25-50% of the rest (at most 8 MiB), the remainder for the in-memory coins cache.
 * minicoin has no mempool, so no unused mempool space is added to that cache. */
static void cache_config(struct app *app, struct chain_options *o)
{
	int64_t total = args_get_int(app->args, "dbcache", DEFAULT_DBCACHE), index, coinsdb;

	if (total < MIN_DBCACHE)
		total = MIN_DBCACHE;
	if (total > MAX_DBCACHE)
		total = MAX_DBCACHE;
	total <<= 20;
	index = total / 8 < (MAX_BLOCK_DB_CACHE << 20) ? total / 8 : MAX_BLOCK_DB_CACHE << 20;
	total -= index;
	coinsdb = total / 2 < total / 4 + (1 << 23) ? total / 2 : total / 4 + (1 << 23);
	if (coinsdb > (MAX_COINS_DB_CACHE << 20))
		coinsdb = MAX_COINS_DB_CACHE << 20;
	total -= coinsdb;
	o->index_cache_bytes = (size_t)index;
	o->coinsdb_cache_bytes = (size_t)coinsdb;
	o->coins_cache_bytes = (size_t)total;
	log_printf("Cache configuration:\n");
	log_printf("* Using %.1fMiB for block index database\n", (double)index / 1024 / 1024);
	log_printf("* Using %.1fMiB for chain state database\n", (double)coinsdb / 1024 / 1024);
	log_printf("* Using %.1fMiB for in-memory UTXO set\n", (double)total / 1024 / 1024);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static bool load_chain(struct app *app)
{
	struct chain_options o = {
	    .netdir = app->netdir,
	    .max_tip_age = args_get_int(app->args, "maxtipage", DEFAULT_MAX_TIP_AGE),
	};
	int64_t start;
	int err;

	cache_config(app, &o);
	log_printf("init message: Loading block index...\n");
	rpc_set_warmup(app->rpc, "Loading block index...");
	start = now_ms();
	err = chain_open(chainparams_regtest(), &o, &app->node.chain);
	if (err) {
		init_error("Error loading block database (%s)", strerror(-err));
		return false;
	}
	log_printf(" block index %15lldms\n", (long long)(now_ms() - start));
	app->vq = vqueue_start(app->node.chain);
	app->node.miner = miner_new(app->node.chain, vqueue_submit, app->vq);
	if (!app->vq || vqueue_wait_ready(app->vq) < 0) {
		init_error("Failed to connect best block");
		return false;
	}
	chain_lock(app->node.chain);
	log_printf("nBestHeight = %d\n", chain_tip(app->node.chain)->height);
	chain_unlock(app->node.chain);
	return true;
}

struct app *app_init(struct args *args, const char *datadir, const char *conf)
{
	struct app *app = xcalloc(1, sizeof(*app));

	app->args = args;
	app->lock_fd = -1;
	app->node.start_time = time(NULL);
	app->datadir = xstrdup(datadir);
	app->conf = xstrdup(conf);
	app->netdir = datadir_net(datadir, chainparams_regtest()->name, true);
	if (!lock_datadir(app) || !open_log(app)) {
		app_shutdown(app);
		return NULL;
	}
	log_startup(app);
	if (!write_pid_file(app) || !start_rpc(app) || !load_chain(app)) {
		app_shutdown(app);
		return NULL;
	}
	log_printf("init message: Done loading\n");
	rpc_warmup_finished(app->rpc);
	return app;
}

static void log_cache_stats(struct app *app)
{
	uint64_t hits, misses;

	chain_cache_stats(app->node.chain, &hits, &misses);
	log_printf("Coins cache: %llu hits, %llu misses\n", (unsigned long long)hits,
		   (unsigned long long)misses);
}

void app_shutdown(struct app *app)
{
	log_printf("Shutdown: In progress...\n");
	http_interrupt(app->http);
	http_stop(app->http);
	vqueue_stop(app->vq);
	if (app->node.chain) {
		log_cache_stats(app);
		/* twice, as Core: the second flush finds the cache empty */
		chain_flush(app->node.chain, FLUSH_ALWAYS);
		chain_flush(app->node.chain, FLUSH_ALWAYS);
	}
	miner_free(app->node.miner);
	chain_close(app->node.chain);
	rpc_server_free(app->rpc);
	if (app->cookie)
		auth_cookie_delete(app->netdir);
	if (app->pid_path)
		unlink(app->pid_path);
	log_printf("Shutdown: done\n");
	log_close();
	if (app->lock_fd >= 0)
		close(app->lock_fd);
	args_free(app->args);
	free(app->pid_path);
	free(app->datadir);
	free(app->netdir);
	free(app->conf);
	free(app);
}
