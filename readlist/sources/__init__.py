"""Metadata sources besides arXiv, and the polite HTTP client they share."""
