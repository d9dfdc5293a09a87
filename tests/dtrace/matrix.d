/* Probes of the compile matrix in tests/check-dtrace.sh: every integer width and sign,
 * pointers, unnamed arguments, "__" in names, a variadic probe, two providers. */
#pragma D attributes Evolving/Evolving/Common provider mx provider
typedef struct mx_conn { int fd; } mx_conn_t;

provider mx {
	probe start();
	probe query__done(const char *, int);
	probe big(char a, unsigned char b, short c, unsigned short d, int e, unsigned int f,
		  long g, unsigned long h, long long i, unsigned long long j, void *k,
		  const char *l);
	probe any(...);
};

provider mx2 {
	probe ev(mx_conn_t *conn) : (mx_conn_t *conn);
};
