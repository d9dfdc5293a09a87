provider p {
	probe a$b();
	probe 9lives() : (int;
};
