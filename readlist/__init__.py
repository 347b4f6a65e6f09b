"""readlist: a reading list for research papers, kept as human-readable YAML."""

__version__ = "0.1.0"
