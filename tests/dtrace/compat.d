/* A provider file SystemTap's own dtrace parses too: check-dtrace.sh compares the notes
 * of <sys/sdt.h> + stap dtrace with those of <utap/sdt.h> + utap-dtrace. */
provider cmp {
	probe start();
	probe query__done(const char *q, int rows);
	probe vals(char a, unsigned char b, short c, unsigned short d, int e, unsigned int f, long g, unsigned long h, void *p);
};
