/* The provider of bench/probe-off.sh. */
provider bench {
	probe hit(long i, long v);
};
