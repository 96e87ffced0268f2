"""Measured ideas that did not go into the analysis, kept to build on (docs/BENCHMARK.md)."""
