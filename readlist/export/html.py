"""The reading list as one self-contained HTML page to share (GitHub Pages, a lab's wiki): the
papers with a search box and status/tag filters (the address can set them too:
`page.html?q=diffusion&status=done`), then each challenge's table and calendar heatmap.
Everything is inline (styles, a small script; no fonts, images or network at view time), every
text is escaped, and without JavaScript the page still shows everything. Pure: text out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from readlist.models import STATUSES, Challenge, Paper, searched_text
from readlist.progress import BreakSpan, ChallengeProgress, challenge_progress

MAGIC_COMMENT = "<!-- readlist export: html v1 -->"
HEAT_COLORS = ("#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39")  # GitHub's greens
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;
max-width:72rem;padding:0 1rem;color:#1f2328;background:#fff}
h1,h2{line-height:1.2}a{color:#0969da}
.filters{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0}
.filters input,.filters select{font:inherit;padding:.3rem .5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f8fa}.tag{display:inline-block;background:#ddf4ff;border-radius:1rem;
padding:0 .5rem;margin:0 .2rem .2rem 0;font-size:.85em}
.status-done{color:#1a7f37}.status-reading{color:#9a6700}.status-skipped{color:#6e7781}
.heatmap{border-collapse:separate;border-spacing:3px;width:auto}
.heatmap td,.heatmap th{border:0;padding:0;font-size:.75em;font-weight:normal;background:none}
.heatmap td.cell{width:12px;height:12px;border-radius:2px}
.heatmap td.out{background:none}.facts dt{font-weight:600;float:left;clear:left;width:8rem}
.facts dd{margin:0 0 .2rem 8.5rem}.count{color:#57606a}
"""

SCRIPT = """
(function(){
  var q=document.getElementById('q'),s=document.getElementById('status'),
      t=document.getElementById('tag'),n=document.getElementById('shown'),
      rows=document.querySelectorAll('#papers tbody tr');
  function apply(){
    var words=q.value.toLowerCase().split(/\\s+/).filter(Boolean),shown=0;
    rows.forEach(function(r){
      var ok=(!s.value||r.dataset.status===s.value)&&
        (!t.value||r.dataset.tags.split('\\n').some(function(x){
          return x===t.value||x.indexOf(t.value+'/')===0;}))&&
        words.every(function(w){return r.dataset.text.indexOf(w)>=0;});
      r.hidden=!ok;if(ok){shown++;}
    });
    n.textContent=shown;
  }
  var given=new URLSearchParams(location.search);  // page.html?q=diffusion&status=done
  if(given.has('q')){q.value=given.get('q');}
  if(given.has('status')){s.value=given.get('status');}
  if(given.has('tag')){t.value=given.get('tag');}
  [q,s,t].forEach(function(e){e.addEventListener('input',apply);});
  apply();
})();
"""


def _attr(text: str) -> str:
    return escape(text, quote=True)


def _paper_row(paper: Paper) -> str:
    title = escape(paper.display_title)
    link = paper.link
    cell = f'<a href="{_attr(link)}">{title}</a>' if link else title
    tags = "".join(f'<span class="tag">{escape(t)}</span>' for t in paper.tags)
    when = paper.finished or paper.started or paper.added
    searchable = searched_text(paper).lower()  # the words `readlist list WORDS` finds it by
    authors = ", ".join(paper.authors[:3]) + (" et al." if len(paper.authors) > 3 else "")
    return (
        f'<tr data-status="{_attr(str(paper.status))}" '
        f'data-tags="{_attr(chr(10).join(paper.tags))}" data-text="{_attr(searchable)}">'
        f"<td>{cell}<br><small>{escape(authors)}</small></td>"
        f'<td class="status-{_attr(str(paper.status))}">{escape(str(paper.status))}</td>'
        f"<td>{tags}</td><td>{escape(when.isoformat()) if when else ''}</td></tr>"
    )


def _papers_section(papers: Sequence[Paper]) -> list[str]:
    counts = Counter(str(p.status) for p in papers)
    # A tag also selects the tags below it (AIGC holds AIGC/CV), as `--tag` does.
    tags = sorted(
        {
            "/".join(t.split("/")[: depth + 1])
            for p in papers
            for t in p.tags
            for depth in range(t.count("/") + 1)
        },
        key=str.casefold,
    )
    summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s])
    options = "".join(f'<option value="{_attr(s)}">{escape(s)}</option>' for s in STATUSES)
    tag_options = "".join(f'<option value="{_attr(t)}">{escape(t)}</option>' for t in tags)
    return [
        f'<section id="list"><h2>Papers <span class="count">({len(papers)}: '
        f"{escape(summary or 'none')})</span></h2>",
        '<div class="filters" role="search">',
        '<label>Search <input id="q" type="search" placeholder="title, author, tag, note"></label>',
        '<label>Status <select id="status"><option value="">any</option>',
        f"{options}</select></label>",
        f'<label>Tag <select id="tag"><option value="">any</option>{tag_options}</select></label>',
        f'<span><span id="shown">{len(papers)}</span> shown</span>',
        "</div>",
        '<table id="papers"><thead><tr><th>Paper</th><th>Status</th><th>Tags</th>'
        "<th>Date</th></tr></thead><tbody>",
        *(_paper_row(p) for p in papers),
        "</tbody></table></section>",
    ]


def _heat_color(p: ChallengeProgress, day: date) -> tuple[str, str]:
    """The cell's colour and its tooltip."""
    count = p.done_on.get(day, 0)
    if p.paused_on(day):
        return "#b6e3ff", f"{day.isoformat()}: break"
    if not count:
        return HEAT_COLORS[0], f"{day.isoformat()}: nothing read"
    estimated = " (date estimated)" if day in p.estimated_dates else ""
    word = "paper" if count == 1 else "papers"
    return HEAT_COLORS[min(count, 4)], f"{day.isoformat()}: {count} {word} read{estimated}"


def _heatmap(p: ChallengeProgress) -> list[str]:
    from readlist.render.challenges import heatmap_weeks

    weeks = heatmap_weeks(p)
    rows = [f'<table class="heatmap" aria-label="{_attr(p.name)} calendar">']
    for weekday, name in enumerate(WEEKDAYS):
        cells = [f'<th scope="row">{name}</th>']
        for week in weeks:
            day = week[weekday]
            if day is None:
                cells.append('<td class="out"></td>')
                continue
            color, tip = _heat_color(p, day)
            cells.append(f'<td class="cell" style="background:{color}" title="{_attr(tip)}"></td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</table>")
    return rows


def _challenge_section(p: ChallengeProgress) -> list[str]:
    from readlist.render.challenges import challenge_label, entry_date, entry_paper, progress_facts

    facts = "".join(
        f"<dt>{escape(label)}</dt><dd>{escape(text)}</dd>" for label, text in progress_facts(p)
    )
    rows = []
    for row in p.rows():
        if isinstance(row, BreakSpan):
            rows.append(
                f"<tr><td></td><td>{escape(row.paused.isoformat())}</td>"
                f"<td>{escape(row.row_text())}</td><td>break</td></tr>"
            )
            continue
        rows.append(
            f"<tr><td>{row.day}</td><td>{escape(entry_date(row))}</td>"
            f"<td>{escape(entry_paper(row, None))}</td>"
            f'<td class="status-{_attr(str(row.status))}">{escape(str(row.status))}</td></tr>'
        )
    return [
        f'<section class="challenge"><h2>{escape(challenge_label(p))}</h2>',
        f'<dl class="facts">{facts}</dl>',
        *_heatmap(p),
        "<table><thead><tr><th>Day</th><th>Date</th><th>Paper</th><th>Status</th></tr></thead>"
        "<tbody>",
        *rows,
        "</tbody></table></section>",
    ]


def render(
    papers: Sequence[Paper],
    challenges: Sequence[Challenge],
    today: date,
    *,
    known: Mapping[str, Paper] | None = None,
    title: str = "Reading list",
) -> str:
    """The page. `known` holds every paper the challenges name (default: `papers`), so a
    challenge's table stays whole when the papers are filtered."""
    lookup = known if known is not None else {p.id: p for p in papers}
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        MAGIC_COMMENT,
        f"<h1>{escape(title)}</h1>",
        *_papers_section(papers),
    ]
    for challenge in challenges:
        parts.extend(_challenge_section(challenge_progress(challenge, lookup, today)))
    parts.extend([f"<script>{SCRIPT}</script>", "</body>", "</html>"])
    return "\n".join(parts) + "\n"
