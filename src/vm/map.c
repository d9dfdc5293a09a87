// SPDX-License-Identifier: MIT
/* Associative arrays: a chained hash table for lookup plus a circular list (with a
 * sentinel) that keeps stap's iteration order. Deleted entries go to a per-map free list
 * and are reused; their memory is returned only by map_free. Sorting relinks the list in
 * place with stap's merge sort (runtime/map.c _stp_map_sort) or its partial sort
 * (_stp_map_sortn) so that ties and later unsorted walks come out as in stap. */
#include "vm/map.h"

#include <errno.h>
#include <string.h>

struct mlink {
	struct mlink *prev, *next;
};

struct mstr {
	char *p;
	uint32_t len, cap;
};

union mslot {
	int64_t l;
	struct mstr s;
};

struct map_node {
	struct mlink link;	/* must stay first: list <-> node conversion */
	struct map_node *hnext; /* hash chain, or free list */
	uint32_t hash;
	uint16_t live;
	uint16_t nkeys;
	union mslot val;    /* long or string value */
	union mslot slot[]; /* nkeys keys, then (stats) the struct vstat */
};

struct map {
	struct vm_mem *mem;
	struct map_desc d;
	struct mlink head;
	struct map_node **tab;
	uint32_t mask; /* table size - 1 */
	int64_t num;
	size_t node_size;
	struct map_node *free;
};

#define NODE(l) ((struct map_node *)(l))

static void link_del(struct mlink *e)
{
	e->prev->next = e->next;
	e->next->prev = e->prev;
}

/* list_add: insert e right after pos */
static void link_add(struct mlink *e, struct mlink *pos)
{
	e->next = pos->next;
	e->prev = pos;
	pos->next->prev = e;
	pos->next = e;
}

static union mslot *nval(const struct map *m, struct map_node *n)
{
	(void)m;
	return &n->val;
}

static struct vstat *nstat(const struct map_node *n)
{
	return (struct vstat *)&n->slot[n->nkeys];
}

struct map *map_new(struct vm_mem *mem, const struct map_desc *d)
{
	struct map *m = vm_mem_alloc(mem, sizeof(*m));
	if (!m)
		return NULL;
	m->mem = mem;
	m->d = *d;
	if (m->d.maxstringlen < 2)
		m->d.maxstringlen = 2;
	m->head.prev = m->head.next = &m->head;
	m->mask = 15;
	m->tab = vm_mem_alloc(mem, (m->mask + 1) * sizeof(*m->tab));
	if (!m->tab) {
		vm_mem_free(mem, m, sizeof(*m));
		return NULL;
	}
	size_t vsize = d->vtype == MAP_STAT ? stat_size(&d->stat) : 0;
	m->node_size = sizeof(struct map_node) + (size_t)d->nkeys * sizeof(union mslot) + vsize;
	return m;
}

static void node_free_keys(struct map *m, struct map_node *n)
{
	for (int i = 0; i < m->d.nkeys; i++) {
		if (m->d.strkeys & (1u << i)) {
			vm_mem_free(m->mem, n->slot[i].s.p, n->slot[i].s.cap);
			n->slot[i].s.p = NULL;
			n->slot[i].s.cap = 0;
		}
	}
}

static void node_destroy(struct map *m, struct map_node *n)
{
	node_free_keys(m, n);
	if (m->d.vtype == MAP_STR)
		vm_mem_free(m->mem, nval(m, n)->s.p, nval(m, n)->s.cap);
	vm_mem_free(m->mem, n, m->node_size);
}

void map_free(struct map *m)
{
	if (!m)
		return;
	struct mlink *l = m->head.next;
	while (l != &m->head) {
		struct mlink *nx = l->next;
		node_destroy(m, NODE(l));
		l = nx;
	}
	for (struct map_node *n = m->free, *nx; n; n = nx) {
		nx = n->hnext;
		node_destroy(m, n);
	}
	vm_mem_free(m->mem, m->tab, (m->mask + 1) * sizeof(*m->tab));
	vm_mem_free(m->mem, m, sizeof(*m));
}

const struct map_desc *map_desc(const struct map *m)
{
	return &m->d;
}

int64_t map_count(const struct map *m)
{
	return m->num;
}

/* ---- hashing and key comparison ------------------------------------------------------ */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static uint64_t hash_bytes(const char *s, uint32_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */
	for (uint32_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

static uint32_t clip(const struct map *m, uint32_t len)
{
	return len > m->d.maxstringlen - 1 ? m->d.maxstringlen - 1 : len;
}

static uint32_t key_hash(const struct map *m, const struct map_key *k)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < m->d.nkeys; i++) {
		uint64_t c = (m->d.strkeys & (1u << i)) ? hash_bytes(k->s[i], clip(m, k->slen[i]))
							: (uint64_t)k->l[i];
		h = mix64(h ^ c);
	}
	return (uint32_t)h;
}

static bool col_match(const struct map *m, const struct map_node *n, const struct map_key *k, int i)
{
	if (m->d.strkeys & (1u << i)) {
		uint32_t len = clip(m, k->slen[i]);
		return n->slot[i].s.len == len && memcmp(n->slot[i].s.p, k->s[i], len) == 0;
	}
	return n->slot[i].l == k->l[i];
}

static bool key_match(const struct map *m, const struct map_node *n, const struct map_key *k)
{
	for (int i = 0; i < m->d.nkeys; i++)
		if (!col_match(m, n, k, i))
			return false;
	return true;
}

static inline uint32_t hash_l1(int64_t k)
{
	return (uint32_t)mix64(0x9e3779b97f4a7c15ULL ^ (uint64_t)k); /* key_hash of one long */
}

bool map_is_l1(const struct map *m)
{
	return m->d.nkeys == 1 && m->d.strkeys == 0;
}

struct map_node *map_find_l1(const struct map *m, int64_t k)
{
	uint32_t h = hash_l1(k);
	for (struct map_node *n = m->tab[h & m->mask]; n; n = n->hnext)
		if (n->slot[0].l == k && n->hash == h)
			return n;
	return NULL;
}

struct map_node *map_find(const struct map *m, const struct map_key *k)
{
	uint32_t h = key_hash(m, k);
	for (struct map_node *n = m->tab[h & m->mask]; n; n = n->hnext)
		if (n->hash == h && key_match(m, n, k))
			return n;
	return NULL;
}

/* ---- insertion and deletion ---------------------------------------------------------- */

static void unhash(struct map *m, struct map_node *n)
{
	struct map_node **pp = &m->tab[n->hash & m->mask];
	while (*pp && *pp != n)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = n->hnext;
	n->hnext = NULL;
}

static int grow_table(struct map *m)
{
	uint32_t nsize = (m->mask + 1) * 2;
	struct map_node **nt = vm_mem_alloc(m->mem, nsize * sizeof(*nt));
	if (!nt)
		return -ENOMEM;
	for (uint32_t i = 0; i <= m->mask; i++) {
		for (struct map_node *n = m->tab[i], *nx; n; n = nx) {
			nx = n->hnext;
			n->hnext = nt[n->hash & (nsize - 1)];
			nt[n->hash & (nsize - 1)] = n;
		}
	}
	vm_mem_free(m->mem, m->tab, (m->mask + 1) * sizeof(*m->tab));
	m->tab = nt;
	m->mask = nsize - 1;
	return 0;
}

static void value_reset(struct map *m, struct map_node *n)
{
	union mslot *v = nval(m, n);
	switch (m->d.vtype) {
	case MAP_LONG:
		v->l = 0;
		break;
	case MAP_STR:
		v->s.len = 0;
		if (v->s.p)
			v->s.p[0] = 0;
		break;
	case MAP_STAT:
		stat_clear(&m->d.stat, nstat(n));
		break;
	}
}

static int copy_keys(struct map *m, struct map_node *n, const struct map_key *k)
{
	for (int i = 0; i < m->d.nkeys; i++) {
		if (!(m->d.strkeys & (1u << i))) {
			n->slot[i].l = k->l[i];
			continue;
		}
		uint32_t len = clip(m, k->slen[i]);
		char *p = vm_mem_alloc(m->mem, len + 1);
		if (!p) {
			node_free_keys(m, n);
			return -ENOMEM;
		}
		memcpy(p, k->s[i], len);
		p[len] = 0;
		n->slot[i].s = (struct mstr){p, len, len + 1};
	}
	return 0;
}

/* A node to hold a new entry: recycled, fresh, or (wrapping) the oldest entry. */
static int take_node(struct map *m, struct map_node **out)
{
	struct map_node *n;
	if (m->num >= m->d.maxentries) {
		if (!m->d.wrap || m->num == 0)
			return -ENOSPC;
		n = NODE(m->head.next);
		unhash(m, n);
		link_del(&n->link);
		node_free_keys(m, n);
		m->num--;
	} else if (m->free) {
		n = m->free;
		m->free = n->hnext;
	} else {
		n = vm_mem_alloc(m->mem, m->node_size);
		if (!n)
			return -ENOMEM;
	}
	*out = n;
	return 0;
}

static void give_back(struct map *m, struct map_node *n)
{
	n->live = 0;
	n->hnext = m->free;
	m->free = n;
}

static int insert(struct map *m, const struct map_key *k, uint32_t h, struct map_node **out);

int map_lookup_add_l1(struct map *m, int64_t k, struct map_node **out)
{
	struct map_node *n = map_find_l1(m, k);
	if (n) {
		*out = n;
		return 0;
	}
	struct map_key key;
	key.l[0] = k;
	return insert(m, &key, hash_l1(k), out);
}

int map_lookup_add(struct map *m, const struct map_key *k, struct map_node **out)
{
	uint32_t h = key_hash(m, k);
	for (struct map_node *n = m->tab[h & m->mask]; n; n = n->hnext) {
		if (n->hash == h && key_match(m, n, k)) {
			*out = n;
			return 0;
		}
	}
	return insert(m, k, h, out);
}

static int insert(struct map *m, const struct map_key *k, uint32_t h, struct map_node **out)
{
	if (m->num >= (int64_t)m->mask + 1 && m->mask < (1u << 30) && grow_table(m) < 0)
		return -ENOMEM;
	struct map_node *n;
	int rc = take_node(m, &n);
	if (rc < 0)
		return rc;
	if (copy_keys(m, n, k) < 0) {
		give_back(m, n);
		return -ENOMEM;
	}
	n->nkeys = (uint16_t)m->d.nkeys;
	value_reset(m, n);
	n->hash = h;
	n->live = 1;
	n->hnext = m->tab[h & m->mask];
	m->tab[h & m->mask] = n;
	link_add(&n->link, m->head.prev);
	m->num++;
	*out = n;
	return 0;
}

void map_delete(struct map *m, struct map_node *n)
{
	if (!n || !n->live)
		return;
	unhash(m, n);
	/* keep n->link.next pointing forward so that a walk standing on n can go on */
	n->link.prev->next = n->link.next;
	n->link.next->prev = n->link.prev;
	node_free_keys(m, n);
	m->num--;
	give_back(m, n);
}

static bool match_mask(const struct map *m, const struct map_node *n, const struct map_key *k,
		       uint32_t mask)
{
	for (int i = 0; i < m->d.nkeys; i++)
		if ((mask & (1u << i)) && !col_match(m, n, k, i))
			return false;
	return true;
}

void map_delete_matching(struct map *m, const struct map_key *k, uint32_t mask)
{
	struct mlink *l = m->head.next;
	while (l != &m->head) {
		struct mlink *nx = l->next;
		if (match_mask(m, NODE(l), k, mask))
			map_delete(m, NODE(l));
		l = nx;
	}
}

bool map_exists_matching(const struct map *m, const struct map_key *k, uint32_t mask)
{
	for (struct mlink *l = m->head.next; l != &m->head; l = l->next)
		if (match_mask(m, NODE(l), k, mask))
			return true;
	return false;
}

void map_clear(struct map *m)
{
	while (m->head.next != &m->head)
		map_delete(m, NODE(m->head.next));
}

struct map_node *map_first(const struct map *m)
{
	return m->head.next == &m->head ? NULL : NODE(m->head.next);
}

struct map_node *map_next(const struct map *m, const struct map_node *n)
{
	const struct mlink *l = n->link.next;
	/* a node deleted under a walk is on the free list: its forward link still leads to
	 * a node of this map (live or recycled) or to the head */
	if (!l || l == &m->head)
		return NULL;
	return NODE(l);
}

/* ---- accessors ----------------------------------------------------------------------- */

int64_t map_key_long(const struct map_node *n, int col)
{
	return n->slot[col].l;
}

const char *map_key_str(const struct map_node *n, int col, uint32_t *len)
{
	if (len)
		*len = n->slot[col].s.len;
	return n->slot[col].s.p ? n->slot[col].s.p : "";
}

int64_t map_get_long(const struct map_node *n)
{
	return n->val.l;
}

void map_set_long(struct map_node *n, int64_t v)
{
	n->val.l = v;
}

int64_t *map_long_ref(struct map_node *n)
{
	return &n->val.l;
}

const char *map_get_str(const struct map_node *n, uint32_t *len)
{
	if (len)
		*len = n->val.s.len;
	return n->val.s.p ? n->val.s.p : "";
}

int map_set_str(struct map *m, struct map_node *n, const char *s, uint32_t len, bool append)
{
	struct mstr *v = &n->val.s;
	uint32_t base = append ? v->len : 0;
	uint32_t max = m->d.maxstringlen - 1;
	if (len > max - base)
		len = max - base;
	const char *z = memchr(s, 0, len);
	if (z)
		len = (uint32_t)(z - s);
	uint32_t need = base + len + 1;
	if (need > v->cap) {
		uint32_t ncap = v->cap ? v->cap : 16;
		while (ncap < need)
			ncap *= 2;
		if (ncap > m->d.maxstringlen)
			ncap = m->d.maxstringlen;
		char *p = vm_mem_realloc(m->mem, v->p, v->cap, ncap);
		if (!p)
			return -ENOMEM;
		v->p = p;
		v->cap = ncap;
	}
	memmove(v->p + base, s, len);
	v->len = base + len;
	v->p[v->len] = 0;
	return 0;
}

struct vstat *map_get_stat(struct map_node *n)
{
	return nstat(n);
}

/* ---- sorting (runtime/map.c) --------------------------------------------------------- */

struct sortkey {
	const struct map *m;
	int column; /* 0 value, 1..n key */
	int rdir;   /* stap's runtime direction: -1 ascending, +1 descending */
	enum map_sort_agg agg;
};

static int strcmp_n(const char *a, uint32_t an, const char *b, uint32_t bn)
{
	uint32_t n = an < bn ? an : bn;
	int c = memcmp(a, b, n);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

static int64_t stat_field(const struct vstat *s, enum map_sort_agg agg)
{
	switch (agg) {
	case MAP_AGG_SUM:
		return s->sum;
	case MAP_AGG_MIN:
		return s->min;
	case MAP_AGG_MAX:
		return s->max;
	case MAP_AGG_AVG:
		return s->count > 0 ? s->sum / s->count : 0;
	default:
		return s->count;
	}
}

/* _stp_cmp: 1 when a must come after b */
static int sort_cmp(const struct sortkey *k, const struct mlink *la, const struct mlink *lb)
{
	const struct map_node *a = NODE(la), *b = NODE(lb);
	int64_t x = 0, y = 0;
	if (k->column > 0) {
		int c = k->column - 1;
		if (k->m->d.strkeys & (1u << c))
			x = strcmp_n(a->slot[c].s.p, a->slot[c].s.len, b->slot[c].s.p,
				     b->slot[c].s.len);
		else
			x = a->slot[c].l, y = b->slot[c].l;
	} else if (k->m->d.vtype == MAP_STR) {
		x = strcmp_n(a->val.s.p ? a->val.s.p : "", a->val.s.len,
			     b->val.s.p ? b->val.s.p : "", b->val.s.len);
	} else if (k->m->d.vtype == MAP_STAT) {
		x = stat_field(nstat(a), k->agg);
		y = stat_field(nstat(b), k->agg);
	} else {
		x = a->val.l, y = b->val.l;
	}
	return (x < y && k->rdir > 0) || (x > y && k->rdir < 0);
}

/* stap's list merge sort: stable, relinks the list in place */
static void merge_sort(struct map *m, const struct sortkey *k)
{
	struct mlink *head = &m->head;
	struct mlink *p, *q, *e, *tail;
	int nmerges, psize, qsize, insize = 1;
	if (head->next == head)
		return;
	do {
		tail = head;
		p = head->next;
		nmerges = 0;
		while (p) {
			nmerges++;
			q = p;
			psize = 0;
			for (int i = 0; i < insize; i++) {
				psize++;
				q = q->next == head ? NULL : q->next;
				if (!q)
					break;
			}
			qsize = insize;
			while (psize > 0 || (qsize > 0 && q)) {
				if (psize && (!qsize || !q || !sort_cmp(k, p, q))) {
					e = p;
					p = p->next == head ? NULL : p->next;
					psize--;
				} else {
					e = q;
					q = q->next == head ? NULL : q->next;
					qsize--;
				}
				link_del(e);
				link_add(e, tail);
				tail = e;
			}
			p = q;
		}
		insize += insize;
	} while (nmerges > 1);
}

/* _stp_map_sortn for 0 < n <= 30: bubble the first n, then insert the rest */
static void partial_sort(struct map *m, const struct sortkey *k, int n)
{
	struct mlink *head = &m->head;
	struct mlink *c, *a = NULL, *last, *tmp;
	int num, swaps = 1;
	if (head->next == head)
		return;
	while (swaps) {
		num = n;
		swaps = 0;
		a = head->next;
		c = a->next->next;
		while (a->next != head && --num > 0) {
			if (sort_cmp(k, a, a->next)) {
				swaps++;
				struct mlink *b = a->next;
				link_del(a);
				link_add(a, b);
			}
			a = c->prev;
			c = c->next;
		}
	}
	last = a;
	a = a->next;
	while (a != head) {
		tmp = a->next;
		c = last;
		while (c != head && sort_cmp(k, c, a))
			c = c->prev;
		if (c != last) {
			link_del(a);
			link_add(a, c);
			last = last->prev;
		}
		a = tmp;
	}
}

void map_sort(struct map *m, int column, int dir, enum map_sort_agg agg, int64_t limit)
{
	struct sortkey k = {m, column, -dir, agg};
	int n = (int)limit; /* stap passes the int64 limit as an int */
	if (n == 0 || n > 30)
		merge_sort(m, &k);
	else
		partial_sort(m, &k, n);
}
