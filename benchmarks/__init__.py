"""The benchmark and its scoring, outside the shipped package: `make bench` runs it."""
