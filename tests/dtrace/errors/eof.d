provider p {
	probe a();
