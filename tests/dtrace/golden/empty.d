/* A provider without probes. */
provider quiet {
};
