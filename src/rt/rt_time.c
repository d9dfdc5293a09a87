// SPDX-License-Identifier: MIT
/* Time built-ins (tapset timestamp_gtod.stp, ctime.stp, tzinfo.stp): wall clock,
 * monotonic clocks, cycle counter, ctime() in GMT with stap's int32 range errors. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "rt/rt.h"

static int64_t clock_ns(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* stap's user-space gettimeofday_ns is gettimeofday_us() * 1000 */
static int64_t wall_us(void)
{
	return clock_ns(CLOCK_REALTIME) / 1000;
}

int rt_gettimeofday_ns(struct rt_call *c)
{
	c->l[0] = wall_us() * 1000;
	return RT_OK;
}

int rt_gettimeofday_us(struct rt_call *c)
{
	c->l[0] = wall_us();
	return RT_OK;
}

int rt_gettimeofday_ms(struct rt_call *c)
{
	c->l[0] = wall_us() / 1000;
	return RT_OK;
}

int rt_gettimeofday_s(struct rt_call *c)
{
	c->l[0] = wall_us() / 1000000;
	return RT_OK;
}

int rt_local_clock_ns(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC);
	return RT_OK;
}

int rt_local_clock_us(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC) / 1000;
	return RT_OK;
}

int rt_local_clock_ms(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC) / 1000000;
	return RT_OK;
}

int rt_local_clock_s(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC) / 1000000000;
	return RT_OK;
}

int rt_cpu_clock_ns(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC);
	return RT_OK;
}

int rt_cpu_clock_us(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC) / 1000;
	return RT_OK;
}

int rt_cpu_clock_ms(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC) / 1000000;
	return RT_OK;
}

int rt_cpu_clock_s(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC) / 1000000000;
	return RT_OK;
}

int rt_get_cycles(struct rt_call *c)
{
#if defined(__x86_64__) || defined(__i386__)
	c->l[0] = (int64_t)__builtin_ia32_rdtsc();
#else
	c->l[0] = clock_ns(CLOCK_MONOTONIC);
#endif
	return RT_OK;
}

int rt_jiffies(struct rt_call *c)
{
	c->l[0] = clock_ns(CLOCK_MONOTONIC) / 4000000; /* HZ=250 */
	return RT_OK;
}

int rt_hz(struct rt_call *c)
{
	c->l[0] = 250;
	return RT_OK;
}

int rt_ctime(struct rt_call *c)
{
	static const char day[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int64_t secs = c->l[0];
	if (secs > 2147483647LL) {
		c->t->errmsg = "Time too far in the future to be converted";
		return RT_ERROR;
	}
	if (secs < -2147483648LL) {
		c->t->errmsg = "Time too far in the past to be converted";
		return RT_ERROR;
	}
	time_t tt = (time_t)secs;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char buf[64];
	int n = snprintf(buf, sizeof(buf), "%.3s %.3s%3d %.2d:%.2d:%.2d %d", day[tm.tm_wday],
			 mon[tm.tm_mon], tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
			 tm.tm_year + 1900);
	rt_ret_str(c, buf, (size_t)n);
	return RT_OK;
}

int rt_ctime0(struct rt_call *c)
{
	c->l[0] = wall_us() / 1000000;
	return rt_ctime(c);
}

static void tzinfo(long *gmtoff, char *name, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	/* stap's tz_gmtoff is seconds *west* of UTC (the session's -tm_gmtoff) */
	*gmtoff = -tm.tm_gmtoff;
	snprintf(name, n, "%s", tm.tm_zone ? tm.tm_zone : "");
}

int rt_tz_gmtoff(struct rt_call *c)
{
	long off;
	char name[64];
	tzinfo(&off, name, sizeof(name));
	c->l[0] = off;
	return RT_OK;
}

int rt_tz_name(struct rt_call *c)
{
	long off;
	char name[64];
	tzinfo(&off, name, sizeof(name));
	rt_ret_str(c, name, strlen(name));
	return RT_OK;
}

int rt_tz_ctime(struct rt_call *c)
{
	long off;
	char name[64];
	tzinfo(&off, name, sizeof(name));
	c->l[0] -= off;
	int rc = rt_ctime(c);
	if (rc == RT_OK) {
		struct vstr *s = rt_str(c, 0);
		vstr_append(s, rt_cap(c), " ", 1);
		vstr_append(s, rt_cap(c), name, strlen(name));
	}
	return rc;
}
