"""Number extractors: calendar dates, money amounts, percentages and relative deadlines.

Each extractor is a plain function on one sentence's text that yields frozen records
(`pipeline.extract.records`) with character offsets into that text.
"""
