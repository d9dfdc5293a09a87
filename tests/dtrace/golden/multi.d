/* Several providers, and everything stap's dtrace skips or chokes on. */
#include <sys/types.h>
typedef struct conn { int fd; } conn_t;
struct stats { unsigned long long hits; };
enum level { LOW, HIGH };
translator conninfo_t < conn_t *C > { fd = C->fd; };

provider alpha {
	probe one(unsigned long long big, unsigned int small)
	probe two(int a[4], conn_t *c) : (conninfo_t *c);   // translated arguments
	probe three__four__five()
}

provider beta
{
	/* comment inside a provider */
	probe x(
		int a,      /* spread over lines */
		long b
	);
	probe y(const char *s, struct stats *st, enum level lv, void (*cb)(int));
};
