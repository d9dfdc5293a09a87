// SPDX-License-Identifier: MIT
/* BIP9 threshold state machine after Core's versionbits.cpp (2018). A block's state is
 * that of its period's first block, so states are computed at period boundaries and
 * cached in the boundary block's index entry. */
#include "versionbits.h"

#include "alloc.h"

#include <stdlib.h>

static bool vb_condition(const struct chainparams *p, enum deployment_pos d,
			 const struct block_index *e)
{
	return ((uint32_t)e->hdr.version & VERSIONBITS_TOP_MASK) == VERSIONBITS_TOP_BITS &&
	       ((uint32_t)e->hdr.version & (1u << p->deployments[d].bit)) != 0;
}

/* The last block of the period before the one containing prev's successor. */
static struct block_index *period_anchor(const struct chainparams *p, struct block_index *prev)
{
	if (!prev)
		return NULL;
	return block_index_ancestor(prev, prev->height - ((prev->height + 1) % p->vb_window));
}

static enum vb_state vb_next(const struct chainparams *p, enum deployment_pos d, enum vb_state s,
			     struct block_index *anchor)
{
	const struct bip9_deployment *dep = &p->deployments[d];
	int64_t mtp = block_index_mtp(anchor);
	int count = 0;

	switch (s) {
	case VB_DEFINED:
		if (mtp >= dep->timeout)
			return VB_FAILED;
		return mtp >= dep->start_time ? VB_STARTED : VB_DEFINED;
	case VB_STARTED:
		if (mtp >= dep->timeout)
			return VB_FAILED;
		for (struct block_index *e = anchor; e && anchor->height - e->height < p->vb_window;
		     e = e->prev)
			count += vb_condition(p, d, e);
		return count >= p->vb_threshold ? VB_LOCKED_IN : VB_STARTED;
	case VB_LOCKED_IN:
		return VB_ACTIVE;
	default:
		return s;
	}
}

enum vb_state versionbits_state(const struct chainparams *p, enum deployment_pos d,
				struct block_index *prev)
{
	struct block_index **pending = NULL, *anchor = period_anchor(p, prev);
	size_t n = 0;
	enum vb_state s;

	if (p->deployments[d].start_time == BIP9_ALWAYS_ACTIVE)
		return VB_ACTIVE;
	/* walk back to a known state: genesis' parent, a cached anchor, or one before start */
	for (;;) {
		if (anchor && anchor->vb_cache[d]) {
			s = (enum vb_state)(anchor->vb_cache[d] - 1);
			break;
		}
		if (!anchor || block_index_mtp(anchor) < p->deployments[d].start_time) {
			s = VB_DEFINED;
			break;
		}
		pending = xrealloc(pending, (n + 1) * sizeof(*pending));
		pending[n++] = anchor;
		anchor = block_index_ancestor(anchor, anchor->height - p->vb_window);
	}
	while (n > 0) {
		anchor = pending[--n];
		s = vb_next(p, d, s, anchor);
		anchor->vb_cache[d] = (uint8_t)(s + 1);
	}
	free(pending);
	return s;
}

int versionbits_since(const struct chainparams *p, enum deployment_pos d, struct block_index *prev)
{
	enum vb_state s = versionbits_state(p, d, prev);
	struct block_index *anchor = period_anchor(p, prev), *earlier;

	if (s == VB_DEFINED || p->deployments[d].start_time == BIP9_ALWAYS_ACTIVE)
		return 0;
	for (;;) {
		earlier = block_index_ancestor(anchor, anchor->height - p->vb_window);
		if (!earlier || versionbits_state(p, d, earlier) != s)
			break;
		anchor = earlier;
	}
	return anchor->height + 1;
}

void versionbits_stats(const struct chainparams *p, enum deployment_pos d, struct block_index *prev,
		       struct vb_stats *out)
{
	struct block_index *anchor = period_anchor(p, prev);

	out->period = p->vb_window;
	out->threshold = p->vb_threshold;
	out->count = 0;
	out->elapsed = prev ? prev->height - (anchor ? anchor->height : -1) : 0;
	for (struct block_index *e = prev; e && e != anchor; e = e->prev)
		out->count += vb_condition(p, d, e);
	out->possible = (out->period - out->threshold) >= (out->elapsed - out->count);
}

int32_t versionbits_block_version(const struct chainparams *p, struct block_index *prev)
{
	uint32_t v = VERSIONBITS_TOP_BITS;

	for (int d = 0; d < MAX_DEPLOYMENTS; d++) {
		enum vb_state s = versionbits_state(p, (enum deployment_pos)d, prev);

		if (s == VB_STARTED || s == VB_LOCKED_IN)
			v |= 1u << p->deployments[d].bit;
	}
	return (int32_t)v;
}

const char *versionbits_state_name(enum vb_state s)
{
	static const char *const names[] = {"defined", "started", "locked_in", "active", "failed"};

	return names[s];
}
