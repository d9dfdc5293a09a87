/* A typical provider file, as in the SystemTap and Bitcoin Core documentation. */
#pragma D attributes Evolving/Evolving/Common provider myapp provider
#pragma D attributes Private/Private/Common provider myapp module

provider myapp {
	probe query__start(const char *query, int len);
	probe query__done(const char *query, long rows, int status);
	probe tick();
};
