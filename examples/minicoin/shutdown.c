// SPDX-License-Identifier: MIT
/* A flag plus a semaphore: sem_post is one of the few calls allowed in a signal
 * handler, so SIGINT/SIGTERM can wake the main thread directly. */
#include "shutdown.h"

#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <stdatomic.h>

static atomic_bool requested;
static sem_t wake;
static pthread_once_t wake_once = PTHREAD_ONCE_INIT;

static void wake_init(void)
{
	sem_init(&wake, 0, 0);
}

void shutdown_request(void)
{
	/* the semaphore is set up by the first shutdown_wait/reset, before signals matter */
	atomic_store(&requested, true);
	sem_post(&wake);
}

bool shutdown_requested(void)
{
	return atomic_load(&requested);
}

void shutdown_wait(void)
{
	pthread_once(&wake_once, wake_init);
	while (!atomic_load(&requested)) {
		if (sem_wait(&wake) < 0 && errno != EINTR)
			break;
	}
}

void shutdown_reset(void)
{
	pthread_once(&wake_once, wake_init);
	atomic_store(&requested, false);
	while (sem_trywait(&wake) == 0)
		;
}
