provider p {
	probe a(int);
	probe b__c();
	probe b_c();
	probe a(long);
};
