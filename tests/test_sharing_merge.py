"""The record-level three-way merge (readlist.sharing.merge), on file bytes: each rule of the
issue, the layout kept, and the clashes written as valid YAML."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import yaml

from readlist.errors import DataError
from readlist.models import Challenge, Paper
from readlist.sharing.merge import merge
from readlist.yamlio import dump_document


def doc(papers: list[dict[str, Any]], challenges: list[dict[str, Any]] | None = None) -> bytes:
    return dump_document({"version": 1, "challenges": challenges or []}, papers).encode()


def paper(paper_id: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"id": paper_id, "title": f"Paper {paper_id}", "status": "todo"}
    record.update(fields)
    return Paper.from_dict(record).to_dict()


def loaded(data: bytes) -> dict[str, Any]:
    """The merged file read back as readlist reads it: every record and challenge valid."""
    document = yaml.safe_load(data)
    for record in document["papers"] or []:
        Paper.from_dict(record)
    for challenge in document["challenges"]:
        Challenge.from_dict(challenge)
    return document


def papers_of(data: bytes) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in loaded(data)["papers"] or []}


BASE = [paper("a"), paper("b", tags=["x"]), paper("c", status="reading", started="2026-11-01")]


def test_changes_to_different_papers_merge_without_clash() -> None:
    ours = [paper("a", status="done", finished="2026-11-20"), BASE[1], BASE[2]]
    theirs = [BASE[0], paper("b", tags=["x", "y"]), BASE[2]]
    result = merge(doc(BASE), doc(ours), doc(theirs))
    assert result.clashes == []
    merged = papers_of(result.data)
    assert merged["a"]["status"] == "done" and merged["a"]["finished"] == date(2026, 11, 20)
    assert merged["b"]["tags"] == ["x", "y"]
    assert list(merged) == ["a", "b", "c"]


def test_different_fields_of_one_paper_merge() -> None:
    ours = [paper("a", rating=4), BASE[1], BASE[2]]
    theirs = [paper("a", notes="good", tags=["t"]), BASE[1], BASE[2]]
    result = merge(doc(BASE), doc(ours), doc(theirs))
    assert result.clashes == []
    assert papers_of(result.data)["a"] == paper("a", rating=4, notes="good", tags=["t"])


def test_tags_and_sources_are_unioned_and_removals_kept() -> None:
    base = [paper("a", tags=["x", "old"], sources=["s1"])]
    ours = [paper("a", tags=["x", "mine"], sources=["s1", "s2"])]
    theirs = [paper("a", tags=["x", "old", "yours"], sources=["s1", "s3"])]
    merged = papers_of(merge(doc(base), doc(ours), doc(theirs)).data)["a"]
    assert merged["tags"] == ["x", "mine", "yours"]  # "old" removed on ours stays removed
    assert merged["sources"] == ["s1", "s2", "s3"]


def test_notes_edited_on_both_sides_keep_both() -> None:
    base = [paper("a", notes="Read it.")]
    ours = [paper("a", notes="Read it.\n\nScales well.")]
    theirs = [paper("a", notes="Read it.\n\nCompare with PaLI.")]
    merged = merge(doc(base), doc(ours), doc(theirs))
    assert merged.clashes == []
    assert papers_of(merged.data)["a"]["notes"] == (
        "Read it.\n\nScales well.\n\nCompare with PaLI."
    )
    rewritten = merge(
        doc([paper("a", notes="x")]),
        doc([paper("a", notes="mine")]),
        doc([paper("a", notes="yours")]),
    )
    assert papers_of(rewritten.data)["a"]["notes"] == "mine\n\nyours"


def test_status_only_moves_forward_and_done_keeps_the_earliest_finish() -> None:
    base = [paper("a")]
    ours = [paper("a", status="reading", started="2026-11-05")]
    theirs = [paper("a", status="done", finished="2026-11-07")]
    merged = papers_of(merge(doc(base), doc(ours), doc(theirs)).data)["a"]
    assert merged["status"] == "done" and merged["started"] == date(2026, 11, 5)
    both_done = merge(
        doc(base),
        doc([paper("a", status="done", finished="2026-11-09")]),
        doc([paper("a", status="done", finished="2026-11-03")]),
    )
    assert both_done.clashes == []
    assert papers_of(both_done.data)["a"]["finished"] == date(2026, 11, 3)
    # A one-sided change wins, even backwards (`readlist todo` on one machine).
    done = [paper("a", status="done", finished="2026-11-03")]
    back = papers_of(merge(doc(done), doc([paper("a")]), doc(done)).data)["a"]
    assert back["status"] == "todo" and "finished" not in back


def test_an_explicit_finish_date_changed_on_both_sides_is_a_clash() -> None:
    base = [paper("a", status="done", finished="2026-11-01")]
    ours = [paper("a", status="done", finished="2026-11-02")]
    theirs = [paper("a", status="done", finished="2026-11-03")]
    result = merge(doc(base), doc(ours), doc(theirs))
    assert [(c.where, c.field) for c in result.clashes] == [("a", "finished")]
    record = papers_of(result.data)["a"]
    assert record["finished"] == date(2026, 11, 2)
    assert record["conflicts"] == [
        {"field": "finished", "ours": date(2026, 11, 2), "theirs": date(2026, 11, 3)}
    ]


def test_a_real_clash_is_written_as_valid_yaml_never_as_markers() -> None:
    ours = [paper("a", rating=4, title="Ours"), BASE[1], BASE[2]]
    theirs = [paper("a", rating=2, title="Theirs"), BASE[1], BASE[2]]
    result = merge(doc(BASE), doc(ours), doc(theirs))
    assert b"<<<<<<<" not in result.data and b">>>>>>>" not in result.data
    assert {(c.field, c.ours, c.theirs) for c in result.clashes} == {
        ("rating", 4, 2),
        ("title", "Ours", "Theirs"),
    }
    record = papers_of(result.data)["a"]
    assert record["rating"] == 4 and record["title"] == "Ours"
    assert Paper.from_dict(record).extra["conflicts"] == [
        {"field": "title", "ours": "Ours", "theirs": "Theirs"},
        {"field": "rating", "ours": 4, "theirs": 2},
    ]


def test_the_same_paper_added_on_both_sides_becomes_one_record() -> None:
    ours = [*BASE, paper("2208.12242", arxiv="2208.12242", tags=["mine"], added="2026-11-10")]
    theirs = [*BASE, paper("dreambooth", arxiv="2208.12242", tags=["yours"], added="2026-11-08")]
    theirs[-1]["title"] = ours[-1]["title"]
    result = merge(doc(BASE), doc(ours), doc(theirs))
    assert result.clashes == []
    merged = papers_of(result.data)
    assert list(merged) == ["a", "b", "c", "2208.12242"]
    assert merged["2208.12242"]["tags"] == ["mine", "yours"]
    assert merged["2208.12242"]["added"] == date(2026, 11, 8)
    same_id = merge(
        doc(BASE), doc([*BASE, paper("n", tags=["p"])]), doc([*BASE, paper("n", tags=["q"])])
    )
    assert papers_of(same_id.data)["n"]["tags"] == ["p", "q"]


def test_same_id_with_different_arxiv_ids_is_two_papers() -> None:
    ours = [*BASE, paper("x", arxiv="2208.12242")]
    theirs = [*BASE, paper("x", arxiv="2210.03142")]
    merged = papers_of(merge(doc(BASE), doc(ours), doc(theirs)).data)
    assert merged["x"]["arxiv"] == "2208.12242" and merged["x-2"]["arxiv"] == "2210.03142"


def test_a_paper_renamed_by_resolve_is_matched_by_title_and_challenges_follow() -> None:
    title = "DreamBooth: Fine Tuning Text-to-Image Diffusion Models"
    base = [paper("dreambooth", title=title)]
    plan = [{"name": "30days", "days": 30, "entries": [{"day": 1, "paper": "dreambooth"}]}]
    ours = [paper("2208.12242", title=title, arxiv="2208.12242")]
    theirs = [paper("dreambooth", title=title, status="done", finished="2026-11-02")]
    theirs_plan = [
        {"name": "30days", "days": 30, "entries": [{"day": 1, "paper": "dreambooth"}]},
    ]
    ours_plan = [{"name": "30days", "days": 30, "entries": [{"day": 1, "paper": "2208.12242"}]}]
    result = merge(doc(base, plan), doc(ours, ours_plan), doc(theirs, theirs_plan))
    assert result.clashes == []
    document = loaded(result.data)
    assert [p["id"] for p in document["papers"]] == ["2208.12242"]
    assert document["papers"][0]["status"] == "done"
    assert document["challenges"][0]["entries"] == [{"day": 1, "paper": "2208.12242"}]


def test_challenge_days_are_unioned_and_a_clashing_day_is_recorded() -> None:
    papers = [paper("a"), paper("b"), paper("c")]
    base = [{"name": "C", "days": 10, "entries": [{"day": 1, "paper": "a"}]}]
    ours = [
        {"name": "C", "days": 10, "entries": [{"day": 1, "paper": "a"}, {"day": 2, "paper": "b"}]}
    ]
    theirs = [
        {"name": "C", "days": 10, "entries": [{"day": 1, "paper": "a"}, {"day": 3, "paper": "c"}]}
    ]
    clean = merge(doc(papers, base), doc(papers, ours), doc(papers, theirs))
    assert clean.clashes == []
    assert loaded(clean.data)["challenges"][0]["entries"] == [
        {"day": 1, "paper": "a"},
        {"day": 2, "paper": "b"},
        {"day": 3, "paper": "c"},
    ]
    theirs_2 = [
        {"name": "C", "days": 10, "entries": [{"day": 1, "paper": "a"}, {"day": 2, "paper": "c"}]}
    ]
    clash = merge(doc(papers, base), doc(papers, ours), doc(papers, theirs_2))
    assert [(c.where, c.field, c.ours, c.theirs) for c in clash.clashes] == [
        ("challenge C", "day 2", "b", "c")
    ]
    challenge = loaded(clash.data)["challenges"][0]
    assert challenge["entries"][1] == {"day": 2, "paper": "b"}
    assert challenge["conflicts"] == [{"field": "day 2", "ours": "b", "theirs": "c"}]


def test_removed_on_one_side_changed_on_the_other_is_kept_and_reported() -> None:
    ours = [BASE[0], BASE[2]]
    theirs = [BASE[0], paper("b", tags=["x"], rating=5), BASE[2]]
    result = merge(doc(BASE), doc(ours), doc(theirs))
    assert [(c.where, c.field, c.ours, c.theirs) for c in result.clashes] == [
        ("b", "record", "removed", "changed")
    ]
    assert papers_of(result.data)["b"]["rating"] == 5
    gone = merge(doc(BASE), doc(ours), doc(BASE))
    assert list(papers_of(gone.data)) == ["a", "c"] and gone.clashes == []


def test_the_layout_of_ours_is_kept_byte_for_byte_where_nothing_changed() -> None:
    base = doc(BASE).decode()
    commented = base.replace("- id: b\n", "# my favourites below\n- id: b\n")
    commented = commented.replace("papers:\n", "# header comment\npapers:\n")
    ours = commented.replace("status: reading", "status: done\n  finished: 2026-11-20")
    theirs = base + "- id: d\n  status: todo\n  # theirs' comment\n"
    result = merge(base.encode(), ours.encode(), theirs.encode())
    assert result.clashes == []
    assert result.data.decode() == ours + "- id: d\n  status: todo\n  # theirs' comment\n"


def test_unknown_fields_and_key_order_are_kept() -> None:
    base = b"version: 1\nchallenges: []\npapers:\n- title: T\n  id: a\n  venue: ICLR\n"
    ours = b"version: 1\nchallenges: []\npapers:\n- title: T\n  id: a\n  venue: ICLR\n  rating: 3\n"
    theirs = b"version: 1\nchallenges: []\npapers:\n- title: T\n  id: a\n  venue: NeurIPS\n"
    result = merge(base, ours, theirs)
    assert result.data.endswith(b"papers:\n- title: T\n  id: a\n  venue: NeurIPS\n  rating: 3\n")


def test_a_broken_side_is_refused_with_its_name() -> None:
    with pytest.raises(DataError, match=r"\(theirs\)"):
        merge(doc(BASE), doc(BASE), b"version: 1\npapers:\n- id: a\n  rating: [\n")
    with pytest.raises(DataError, match=r"\(ours\).*rating"):
        merge(doc(BASE), doc([paper("a")]).replace(b"status: todo", b"rating: 9", 1), doc(BASE))


def test_a_missing_base_merges_two_new_files() -> None:
    result = merge(b"", doc([paper("a", tags=["p"])]), doc([paper("a", tags=["q"]), paper("b")]))
    assert papers_of(result.data)["a"]["tags"] == ["p", "q"] and "b" in papers_of(result.data)


def test_the_commit_message_says_what_changed() -> None:
    from readlist.sharing.changes import describe

    before = [
        paper("2208.12242", title="DreamBooth: Fine Tuning Text-to-Image Diffusion Models"),
        *(paper(i) for i in "abcd"),
    ]
    after = [
        paper("2208.12242", title=before[0]["title"], status="done", finished="2026-11-20"),
        paper("a", tags=["x"]),
        paper("b", tags=["x"]),
        paper("c", tags=["x"]),
        paper("d", rating=3),
        paper("e"),
    ]
    assert describe(doc(before), doc(after)) == (
        "done: DreamBooth; tagged Paper a, Paper b, Paper c; rated Paper d; added: Paper e"
    )
    many = [paper(i, tags=["y"]) for i in "abcd"]
    assert describe(doc(before[1:]), doc(many)) == "tagged 4 papers"
    assert describe(doc(before), doc(before[1:])) == "removed: DreamBooth"
    assert describe(b"", doc(before[:1])) == "added: DreamBooth"
    assert describe(doc(before), doc(before)) == "edited the list by hand"
