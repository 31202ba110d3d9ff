"""Army-scale benchmark: generate a data set, then time the main reads and postings next to
the raw SQL floor for the same answer. Run `python -m bench.run --help`."""
