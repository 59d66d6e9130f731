"""Pure functions that turn domain data into Adaptive Card dicts (no I/O)."""
