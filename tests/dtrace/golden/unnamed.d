// Arguments without names: stap's dtrace silently drops these probes.
provider net {
	probe q(char *, int);
	probe conn__open(struct conn *, unsigned long long, const char * const);
	probe none(void);
};
