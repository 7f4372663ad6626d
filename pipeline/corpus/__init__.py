"""Corpus-level work: the batch run over a raw folder, and comparisons across a run's documents."""
