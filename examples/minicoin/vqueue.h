/* SPDX-License-Identifier: MIT */
/* The validation thread ("minicoin-valid"): at start it activates the best stored chain
 * (Core's ThreadImport: genesis on a fresh datadir, replayed blocks after a crash), then
 * it connects the blocks other threads submit, one at a time, in submission order. */
#ifndef MINICOIN_VQUEUE_H
#define MINICOIN_VQUEUE_H

#include "block.h"
#include "chain.h"

#include <stddef.h>

struct vqueue;

struct vqueue *vqueue_start(struct chainstate *cs);
/* Waits for the start-up activation; returns its result (0 or -errno). */
int vqueue_wait_ready(struct vqueue *q);
/* Hands b to the validation thread and waits for chain_process_block's verdict; b stays
 * the caller's. -ECANCELED once the queue is stopping. Usable as a miner_submit_fn. */
int vqueue_submit(void *q, const struct block *b, char *reject, size_t rlen);
/* Cancels waiting submissions, joins the thread and frees the queue. No new submission
 * may start once this is called (stop the RPC workers first). */
void vqueue_stop(struct vqueue *q);

#endif
