"""Physical models built from ketlab's building blocks, one per module."""
