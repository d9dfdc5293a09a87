// SPDX-License-Identifier: MIT
/* The event queue between the stop dispatcher and target_wait(): one ptrace stop may
 * produce several events (exec: PROCESS_END then PROCESS_BEGIN) or a warning, and an
 * event may pin a thread in its stop until the run loop has consumed it. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "target/tgt.h"
#include "util/alloc.h"

struct tevent *tq_push(struct target *t, enum target_event_kind kind, pid_t pid, pid_t tid)
{
	if (t->qhead > 0 && t->qhead == t->queue.n) {
		t->queue.n = 0;
		t->qhead = 0;
	}
	vec_push(&t->queue, ((struct tevent){.ev = {.kind = kind, .pid = pid, .tid = tid}}));
	return &vec_last(&t->queue);
}

void tq_warn(struct target *t, const char *fmt, ...)
{
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct tevent *e = tq_push(t, TARGET_EV_WARNING, 0, 0);
	e->str = xstrdup(buf);
}

/* Moves the oldest event to t->cur (freeing what cur held) and fills *ev. The strings
 * of the event become owned by cur, so they live until the next pop. */
bool tq_pop(struct target *t, struct target_event *ev)
{
	if (t->qhead >= t->queue.n)
		return false;
	free(t->cur.str);
	t->cur = t->queue.v[t->qhead++];
	if (t->cur.str) {
		if (t->cur.ev.kind == TARGET_EV_WARNING)
			t->cur.ev.msg = t->cur.str;
		else
			t->cur.ev.path = t->cur.str;
	}
	*ev = t->cur.ev;
	if (t->qhead == t->queue.n)
		t->queue.n = t->qhead = 0;
	return true;
}

void tq_free(struct target *t)
{
	for (int i = t->qhead; i < t->queue.n; i++)
		free(t->queue.v[i].str);
	vec_free(&t->queue);
	t->qhead = 0;
	free(t->cur.str);
	t->cur = (struct tevent){0};
}
