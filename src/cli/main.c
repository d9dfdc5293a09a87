// SPDX-License-Identifier: MIT
/* utap: the SystemTap-language tracer's entry point. It parses options and runs the
 * passes in order (parse, elaborate, compile, run), stopping after -p N. Each pass lives
 * in its own module; this file only sequences them and maps failures to stap's exit codes. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/opts.h"
#include "cli/pass1.h"
#include "cli/pass2.h"
#include "cli/pass35.h"
#include "cli/passtime.h"
#include "target/target.h"
#include "util/alloc.h"

/* Out of memory outside the VM (which fails softly): one line, the target restored,
 * exit status 1 (not an abort and its core dump). */
static void main_oom(size_t want)
{
	static const char msg[] = "ERROR: out of memory\n";
	(void)want;
	if (write(2, msg, sizeof(msg) - 1) < 0) {
		/* nothing more to do */
	}
	target_emergency_restore();
	_exit(1);
}

int main(int argc, char **argv)
{
	util_set_oom(main_oom);
	struct utap_opts o;
	int rc = opts_parse(&o, argc, argv);
	if (rc >= 0)
		return rc;
	struct pass1 p1;
	struct pass2 p2;
	struct passtime pt;
	passtime_start(&pt);
	pass1_init(&p1, &o);
	rc = pass2_load_tapsets(&p2, &p1, &o);
	if (rc < 0)
		rc = pass1_run(&p1, &o);
	if (rc < 0 && o.verbose) {
		char what[128];
		snprintf(what, sizeof(what), "parsed user script and %d library script%s",
			 p2.lib.files.n, p2.lib.files.n == 1 ? "" : "s");
		passtime_line(&pt, 1, what);
	}
	if (rc < 0)
		rc = pass2_run(&p2, &p1, &o);
	if (rc < 0)
		rc = pass35_run(p2.prog, &o);
	pass2_free(&p2);
	rc = pass1_finish(&p1, rc);
	opts_free(&o);
	return rc;
}
