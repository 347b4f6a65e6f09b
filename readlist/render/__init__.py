"""Everything readlist draws, one module per subject: `papers` (lists, records, search hits),
`challenges` (challenges and progress), `ingest_report`, `arxiv_report`, and `terminal` (the
shared pieces: rich or plain, the one progress bar, warnings and errors on stderr).

Rich output on a terminal, plain text when piped or NO_COLOR is set; rich is imported only on
the terminal path, so scripted use starts fast. Nothing here reads or writes the list.
"""
