provider p {
	int x;
	probe a();
	probe b(..., int);
	probe c(int, , int);
};
