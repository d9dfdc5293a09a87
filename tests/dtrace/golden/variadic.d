/* Variadic probes: any number of arguments (0..12) at each call site. */
provider log {
	probe open(...);
	probe msg(int level, const char *fmt, ...);
};
