"""Sharing a reading list through git: the record-level three-way merge (merge.py), the clashes
it leaves in records and their resolution (conflicts.py), the git plumbing of `readlist git init`
and `readlist sync` (git.py), and the commit message that says what changed (changes.py)."""
