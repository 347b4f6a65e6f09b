"""Normalised titles: the fast ASCII path gives what the general rule gives."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from readlist.normalize import abstract_key, normalize_title, search_key


def _general(title: str) -> str:
    decomposed = unicodedata.normalize("NFKD", title)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\W_]+", " ", stripped.casefold()).strip()


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_ascii_fast_path_matches_the_general_rule(title: str) -> None:
    assert normalize_title(title) == _general(title)


def test_examples() -> None:
    assert normalize_title("ViCo : Detail-Preserving  Visual_Condition!") == (
        "vico detail preserving visual condition"
    )
    assert normalize_title("Ünïcode Élan — naïve") == "unicode elan naive"
    assert search_key("Diffusion Classifiers") == "diffusion classifier"
    assert abstract_key("short") is None
    long_text = " ".join(["word"] * 50)
    assert abstract_key(long_text) == abstract_key(long_text.upper() + "!")
