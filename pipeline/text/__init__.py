"""Text primitives every stage may use: cleaning and normalising, phrase matching, date spans.

Cheap, pure functions on strings with no knowledge of documents: readers, structure,
extraction and derived tables all import from here, never from each other's modules.
"""
