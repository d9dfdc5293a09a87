// SPDX-License-Identifier: MIT
/* Command-line parsing for utap, following stap 4.8's option letters and its usage
 * errors. Options that only mean something for kernel modules are accepted and ignored
 * where stap users pass them out of habit (-k, -s, -b), and refused otherwise. */
#include "cli/opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	LONG_DUMP_PROBE_TYPES = 1000,
	LONG_DUMP_PROBE_ALIASES,
	LONG_DUMP_FUNCTIONS,
	LONG_DUMP_TOKENS,
	LONG_DUMP_AST,
	LONG_DUMP_BYTECODE,
	LONG_COMPATIBLE,
	LONG_SUPPRESS_HANDLER_ERRORS,
	LONG_NO_GLOBAL_VAR_DISPLAY,
	LONG_HELP,
	LONG_VERSION,
	LONG_RUNTIME,
	LONG_VP,
	LONG_PROLOGUE_SEARCHING,
	LONG_SUPPRESS_TIME_LIMITS,
	LONG_DYNINST,
	LONG_NOOP, /* stap options about its module cache and kernel symbol data */
};

static const struct option long_opts[] = {
	{"dump-probe-types", no_argument, NULL, LONG_DUMP_PROBE_TYPES},
	{"dump-probe-aliases", no_argument, NULL, LONG_DUMP_PROBE_ALIASES},
	{"dump-functions", no_argument, NULL, LONG_DUMP_FUNCTIONS},
	{"dump-tokens", no_argument, NULL, LONG_DUMP_TOKENS},
	{"dump-ast", no_argument, NULL, LONG_DUMP_AST},
	{"dump-bytecode", no_argument, NULL, LONG_DUMP_BYTECODE},
	{"compatible", required_argument, NULL, LONG_COMPATIBLE},
	{"suppress-handler-errors", no_argument, NULL, LONG_SUPPRESS_HANDLER_ERRORS},
	{"no-global-var-display", no_argument, NULL, LONG_NO_GLOBAL_VAR_DISPLAY},
	{"runtime", required_argument, NULL, LONG_RUNTIME},
	{"vp", required_argument, NULL, LONG_VP},
	{"prologue-searching", optional_argument, NULL, LONG_PROLOGUE_SEARCHING},
	{"suppress-time-limits", no_argument, NULL, LONG_SUPPRESS_TIME_LIMITS},
	{"dyninst", no_argument, NULL, LONG_DYNINST},
	{"disable-cache", no_argument, NULL, LONG_NOOP},
	{"poison-cache", no_argument, NULL, LONG_NOOP},
	{"clean-cache", no_argument, NULL, LONG_NOOP},
	{"ldd", no_argument, NULL, LONG_NOOP},
	{"all-modules", no_argument, NULL, LONG_NOOP},
	{"skip-badvars", no_argument, NULL, LONG_NOOP},
	{"help", no_argument, NULL, LONG_HELP},
	{"version", no_argument, NULL, LONG_VERSION},
	{NULL, 0, NULL, 0},
};

static void usage(FILE *f)
{
	fputs("Usage: utap [OPTIONS] FILENAME [ARGUMENTS]\n"
	      "   or: utap [OPTIONS] -e SCRIPT [ARGUMENTS]\n"
	      "   or: utap [OPTIONS] -l PROBE | -L PROBE\n"
	      "Runs SystemTap-language scripts against user-space processes, without root.\n"
	      "Options:\n"
	      "   -c CMD     start CMD and trace it; the run ends when it exits\n"
	      "   -x PID     attach to process PID (target() returns it)\n"
	      "   -e SCRIPT  run the script given on the command line\n"
	      "   -E SCRIPT  add a script (repeatable); its probes are not listed by -l/-L\n"
	      "   -l PROBE   list matching probe points\n"
	      "   -L PROBE   list matching probe points and their variables\n"
	      "   -I DIR     add a tapset directory\n"
	      "   -o FILE    send script output to FILE\n"
	      "   -p NUM     stop after pass NUM (1 parse, 2 elaborate, 3 compile, 5 run)\n"
	      "   -D N=V     set a limit (MAXSTRINGLEN, MAXACTION, MAXMAPENTRIES, ...)\n"
	      "   -G N=V     set a scalar global variable before the run\n"
	      "   -T SECS    end the run after SECS seconds\n"
	      "   -g         guru mode   -u  no elision   -w  no warnings   -W  warnings are errors\n"
	      "   -v         more verbose   -t  probe timing report   -V  version\n"
	      "   --dump-probe-types  --dump-probe-aliases  --dump-functions\n"
	      "   --dump-tokens  --dump-ast  --dump-bytecode\n"
	      "   --compatible=VERSION  --suppress-handler-errors  --no-global-var-display\n"
	      "   --suppress-time-limits (with -g: no MAXACTION limit)\n"
	      "   accepted and ignored (no module cache; symbols of every object are used):\n"
	      "   -d OBJ  --ldd  --all-modules  --disable-cache  --poison-cache  --clean-cache\n"
	      "   --skip-badvars\n",
	      f);
}

static int bad(const char *msg, const char *arg)
{
	fprintf(stderr, "%s%s%s\n", msg, arg ? arg : "", arg ? "'" : "");
	return 1;
}

static int parse_pass(struct utap_opts *o, const char *arg)
{
	char *end;
	long n = strtol(arg, &end, 10);
	if (*end || n < 1 || n > 5)
		return bad("Invalid pass number (should be 1-5).", NULL);
	o->last_pass = (int)n;
	return -1;
}

static int parse_pid(struct utap_opts *o, const char *arg)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (*end || errno || n <= 0 || n > 0x7fffffff)
		return bad("Invalid target process ID number: '", arg);
	o->target_pid = (int)n;
	return -1;
}

static int parse_time(struct utap_opts *o, const char *arg)
{
	char *end;
	double t = strtod(arg, &end);
	if (*end || t <= 0)
		return bad("Invalid timeout value: '", arg);
	o->time_limit = t;
	return -1;
}

/* -s NUM: stap's buffer size check (utap needs no kernel buffer, but refuses the same) */
static int parse_bufsize(const char *arg)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);
	if (*end || n < 1 || n > 4095)
		return bad("Invalid buffer size (should be 1-4095).", NULL);
	return -1;
}

static int parse_long_opt(struct utap_opts *o, int c, const char *arg)
{
	switch (c) {
	case LONG_DUMP_PROBE_TYPES: o->dump_probe_types = true; break;
	case LONG_DUMP_PROBE_ALIASES: o->dump_probe_aliases = true; break;
	case LONG_DUMP_FUNCTIONS: o->dump_functions = true; break;
	case LONG_DUMP_TOKENS: o->dump_tokens = true; break;
	case LONG_DUMP_AST: o->dump_ast = true; break;
	case LONG_DUMP_BYTECODE: o->dump_bytecode = true; break;
	case LONG_COMPATIBLE: o->compatible = arg; break;
	case LONG_SUPPRESS_HANDLER_ERRORS: o->suppress_handler_errors = true; break;
	case LONG_NO_GLOBAL_VAR_DISPLAY: o->no_global_var_display = true; break;
	case LONG_RUNTIME:
		if (strcmp(arg, "kernel") != 0 && strcmp(arg, "dyninst") != 0)
			return bad("ERROR: --runtime must be 'kernel' or 'dyninst': '", arg);
		break;
	case LONG_VP: /* per-pass verbosity "ABCDE": the largest digit applies to all passes */
		for (const char *d = arg; *d >= '0' && *d <= '9'; d++)
			if (*d - '0' > o->verbose)
				o->verbose = *d - '0';
		break;
	case LONG_PROLOGUE_SEARCHING: /* DWARF function probes: accepted, nothing to do */
		if (arg && strcmp(arg, "always") && strcmp(arg, "auto") && strcmp(arg, "never")) {
			fprintf(stderr, "Invalid argument '%s' for --prologue-searching.\n", arg);
			return 1;
		}
		break;
	case LONG_SUPPRESS_TIME_LIMITS: /* stap checks -g when it meets the option */
		if (!o->guru) {
			fputs("ERROR --suppress-time-limits requires guru mode (-g)\n", stderr);
			return 1;
		}
		o->suppress_time_limits = true;
		break;
	case LONG_DYNINST: /* --runtime=dyninst */
	case LONG_NOOP: break;
	case LONG_HELP: usage(stdout); return 0;
	case LONG_VERSION:
		printf("utap %s: SystemTap 4.8-compatible user-space tracer\n", UTAP_VERSION);
		return 0;
	default: usage(stderr); return 1;
	}
	return -1;
}

static int parse_short_opt(struct utap_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'c': o->target_cmd = arg; break;
	case 'x': return parse_pid(o, arg);
	case 'e':
		if (o->script_text)
			return bad("Only one script can be given on the command line.", NULL);
		o->script_text = arg;
		break;
	case 'E': vec_push(&o->extra_scripts, arg); break;
	case 'l': o->list_pattern = arg; o->list_vars = false; break;
	case 'L': o->list_pattern = arg; o->list_vars = true; break;
	case 'I': vec_push(&o->include_dirs, arg); break;
	case 'D': vec_push(&o->defines, arg); break;
	case 'G': vec_push(&o->global_sets, arg); break;
	case 'o': o->output_file = arg; break;
	case 'p': return parse_pass(o, arg);
	case 'T': return parse_time(o, arg);
	case 'v': o->verbose++; break;
	case 'g': o->guru = true; break;
	case 'w': o->suppress_warnings = true; break;
	case 'W': o->warnings_as_errors = true; break;
	case 'u': o->unoptimized = true; break;
	case 't': o->timing = true; break;
	case 'k': o->keep = true; break;
	case 'b': o->bulk = true; break;
	case 's': return parse_bufsize(arg);
	case 'q': case 'P': break; /* quiet/prologues: nothing to do */
	case 'd': /* extra symbol data: utap reads every object's symbols anyway */
		if (!*arg)
			return bad("Data object (-d) cannot be empty.", NULL);
		break;
	case 'V': return parse_long_opt(o, LONG_VERSION, NULL);
	case 'h': return parse_long_opt(o, LONG_HELP, NULL);
	default: usage(stderr); return 1;
	}
	return -1;
}

int opts_parse(struct utap_opts *o, int argc, char **argv)
{
	memset(o, 0, sizeof(*o));
	o->last_pass = 5;
	int c, rc;
	opterr = 1;
	while ((c = getopt_long(argc, argv, "hVvtp:I:e:E:o:c:x:D:G:l:L:T:kgwWubqPs:d:", long_opts,
				NULL)) != -1) {
		rc = c >= 1000 ? parse_long_opt(o, c, optarg) : parse_short_opt(o, c, optarg);
		if (rc >= 0)
			return rc;
	}
	int i = optind;
	bool have_script = o->script_text || o->list_pattern || o->dump_probe_types ||
			   o->dump_probe_aliases || o->dump_functions;
	if (!have_script && i < argc)
		o->script_file = argv[i++];
	for (; i < argc; i++)
		vec_push(&o->args, argv[i]);
	if (!have_script && !o->script_file) {
		fputs("A script must be specified.\n", stderr);
		usage(stderr);
		return 1;
	}
	if (o->target_cmd && o->target_pid)
		return bad("You can't specify -c and -x options together.", NULL);
	return -1;
}

void opts_free(struct utap_opts *o)
{
	vec_free(&o->extra_scripts);
	vec_free(&o->args);
	vec_free(&o->include_dirs);
	vec_free(&o->defines);
	vec_free(&o->global_sets);
}
