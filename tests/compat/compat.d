/* Provider for tests/check-compat.sh: probes read by tools we did not write. */
provider compat {
	probe start(int n, const char *name);
	probe step(long i, unsigned char c, short s);
	probe gated(long value);
	probe query__done(int rc);
};
