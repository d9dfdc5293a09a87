provider p {
	probe query-done(int);
};
