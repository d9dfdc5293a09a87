provider {
	probe a();
};
