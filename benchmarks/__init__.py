"""ketlab benchmarks: side-by-side comparisons with the tools users would otherwise use."""
