// SPDX-License-Identifier: MIT
/* A mutex, a condition variable and a FIFO of jobs living on the submitters' stacks. */
#include "vqueue.h"

#include "alloc.h"
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vjob {
	const struct block *block;
	char *reject;
	size_t rlen;
	int err;
	bool done;
	struct vjob *next;
};

struct vqueue {
	struct chainstate *cs;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct vjob *head, *tail;
	bool ready, stopping;
	int ready_err;
	int waiting; /* submitters inside vqueue_submit */
};

static void *vqueue_main(void *arg)
{
	struct vqueue *q = arg;
	int err;

	pthread_setname_np(pthread_self(), "minicoin-valid");
	err = chain_activate_best(q->cs);
	if (err)
		log_printf("Failed to connect best block (%s)\n", strerror(-err));
	pthread_mutex_lock(&q->mu);
	q->ready = true;
	q->ready_err = err;
	pthread_cond_broadcast(&q->cv);
	for (;;) {
		struct vjob *job;

		while (!q->head && !q->stopping)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->stopping)
			break;
		job = q->head;
		q->head = job->next;
		if (!q->head)
			q->tail = NULL;
		pthread_mutex_unlock(&q->mu);
		err = chain_process_block(q->cs, job->block, job->reject, job->rlen);
		pthread_mutex_lock(&q->mu);
		job->err = err;
		job->done = true;
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->mu);
	return NULL;
}

struct vqueue *vqueue_start(struct chainstate *cs)
{
	struct vqueue *q = xcalloc(1, sizeof(*q));

	q->cs = cs;
	pthread_mutex_init(&q->mu, NULL);
	pthread_cond_init(&q->cv, NULL);
	if (pthread_create(&q->thread, NULL, vqueue_main, q) != 0) {
		pthread_cond_destroy(&q->cv);
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	return q;
}

int vqueue_wait_ready(struct vqueue *q)
{
	int err;

	pthread_mutex_lock(&q->mu);
	while (!q->ready)
		pthread_cond_wait(&q->cv, &q->mu);
	err = q->ready_err;
	pthread_mutex_unlock(&q->mu);
	return err;
}

int vqueue_submit(void *arg, const struct block *b, char *reject, size_t rlen)
{
	struct vqueue *q = arg;
	struct vjob job = {.block = b, .reject = reject, .rlen = rlen};

	pthread_mutex_lock(&q->mu);
	if (q->stopping) {
		pthread_mutex_unlock(&q->mu);
		snprintf(reject, rlen, "shutting down");
		return -ECANCELED;
	}
	if (q->tail)
		q->tail->next = &job;
	else
		q->head = &job;
	q->tail = &job;
	q->waiting++;
	pthread_cond_broadcast(&q->cv);
	while (!job.done)
		pthread_cond_wait(&q->cv, &q->mu);
	q->waiting--;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	return job.err;
}

void vqueue_stop(struct vqueue *q)
{
	if (!q)
		return;
	pthread_mutex_lock(&q->mu);
	q->stopping = true;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->thread, NULL);
	/* fail the jobs the thread never took, then let their submitters leave */
	pthread_mutex_lock(&q->mu);
	for (struct vjob *j = q->head; j; j = j->next) {
		snprintf(j->reject, j->rlen, "shutting down");
		j->err = -ECANCELED;
		j->done = true;
	}
	q->head = q->tail = NULL;
	pthread_cond_broadcast(&q->cv);
	while (q->waiting)
		pthread_cond_wait(&q->cv, &q->mu);
	pthread_mutex_unlock(&q->mu);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	free(q);
}
