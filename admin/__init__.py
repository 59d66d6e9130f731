"""Administrator command line: ``python -m admin COMMAND``."""
