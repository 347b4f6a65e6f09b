"""Ingest: turn the user's documents (Markdown lists, listing pages, challenge threads, abstracts,
BibTeX, CSV, any text with arXiv links) into papers merged into the reading list.

Data flows one way: `reader` (files -> decoded documents) -> `detect` (which format) -> one parser
per format (`parse(text, source_name) -> list[Candidate]`) -> `merge` (match and merge into a
Transaction) -> a `report.IngestReport`. `pipeline` joins them.
"""
