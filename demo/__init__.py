"""The demo organisation: a fictional Swedish municipality, Sjöviks kommun.

:func:`demo.seed.seed_demo` fills an empty database with units, managers (including the
Agents Playground's built-in users Alex Wilber, Megan Bowen and Adele Vance), goals in the
four perspectives, fourteen months of reports and a set of decisions, so every role can be
tried locally. Nothing runs at import time.
"""
