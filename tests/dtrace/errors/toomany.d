provider p {
	probe big(int, int, int, int, int, int, int, int, int, int, int, int, int);
};
