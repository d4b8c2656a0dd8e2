"""A deterministic synthetic province for the demo, the tests and the benchmarks."""
