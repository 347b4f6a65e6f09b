"""The digests every command computes (which index file is a list's, and the index's schema
fingerprint), from CPython's own SHA-1 and BLAKE2b: importing hashlib loads OpenSSL first, 2 to
3 ms of every start. The same digests as hashlib's, which stays for the many bytes a write or a
check of the file hashes (OpenSSL's SHA-256 is the fastest there)."""

try:
    from _blake2 import blake2b
    from _sha1 import sha1
except ImportError:  # a Python without CPython's own modules: the same digests, from hashlib
    from hashlib import blake2b, sha1

__all__ = ["blake2b", "sha1"]
