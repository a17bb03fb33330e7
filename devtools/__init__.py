"""Development tools shared by the tests and the benchmarks: a server starter and a client."""
