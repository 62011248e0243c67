"""The meeting as one self-contained HTML file, for rooms without a reliable connection.

The same `slides.story()` as the deck and the Trình chiếu page, so the figures cannot disagree.
Everything is inside the file: the style sheet, the charts as inline SVG rendered on the server
by vl-convert (real <text>, Vietnamese number formats from the theme's locale), a few lines of
script for the keys. A Content-Security-Policy forbids every request (no fonts, scripts or
images from anywhere), so the copy behaves the same on a laptop with no network at all.

Keys: → / PageDown / Space / a clicker go to the next slide, ← / PageUp back, Home / End to the
first and last; the slide number stays in the address (#3) so a reload keeps the place.
"""
from __future__ import annotations

import html
import re

from analysis.export import images, labels
from analysis.export.context import NothingToShow
from analysis.export.slides import Kpi, Slide, Story, Table, story

CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

STYLE = """
*{box-sizing:border-box}
html,body{margin:0;background:#1b1b1b;font-family:"DejaVu Sans","Segoe UI",Arial,sans-serif;color:#262626}
.slide{display:none;width:100vw;height:100vh;padding:3.2vh 3.6vw 0;background:#fff;flex-direction:column;overflow:hidden}
.slide.on{display:flex}
@media print{.slide{display:flex;page-break-after:always;height:auto;min-height:100vh}}
h1{margin:0 0 2vh;color:#0b5394;font-size:4.2vh;line-height:1.2}
.title{justify-content:center;text-align:center}
.title h1{font-size:7vh}.title h2{font-weight:normal;font-size:4.6vh;margin:0 0 3vh}
.title p{color:#595959;font-size:2.6vh;margin:.4vh 0}
.body{flex:1;display:flex;flex-direction:column;gap:2vh;min-height:0}
.kpis{display:flex;gap:1.4vw}
.kpi{flex:1;background:#eef3f9;padding:1.6vh 1vw;text-align:center;border-radius:4px}
.kpi .l{color:#595959;font-size:2.2vh}.kpi .v{font-size:6vh;font-weight:bold;color:#0b5394;line-height:1.15}
.kpi .n{color:#595959;font-size:2vh;min-height:2.4vh}.kpi.good .v{color:#2e7d32}.kpi.bad .v{color:#c62828}
.row{display:flex;gap:2vw;flex:1;min-height:0}.row>*{min-width:0}
.text{font-size:2.5vh;line-height:1.45;white-space:pre-line;margin:0}
.chart{flex:0 0 42%;display:flex;align-items:flex-start;justify-content:center}
.chart.wide{flex:1}.chart svg{width:100%;height:auto;max-height:60vh}
.row>div:last-child:not(.chart){flex:1}.row>.text{flex:1}
table{border-collapse:collapse;width:100%;font-size:2.1vh}
th{background:#4f81bd;color:#fff;text-align:left;padding:.6vh .5vw;font-weight:bold}
td{padding:.55vh .5vw;border-bottom:1px solid #dde4ee}tr:nth-child(even) td{background:#f3f6fa}
.num{text-align:right;white-space:nowrap}tr.stress td{background:#fff2cc;font-weight:bold}
.more{color:#595959;font-size:1.9vh;margin:.6vh 0 0}
.empty{margin:auto;color:#595959;font-size:3vh;text-align:center;max-width:70%}
footer{display:flex;justify-content:space-between;color:#595959;font-size:1.6vh;padding:1.2vh 0 1.6vh}
footer .demo{color:#c00000;font-weight:bold}
"""

SCRIPT = """
(function(){
  var s=document.querySelectorAll('.slide'),i=0;
  function show(n){i=Math.max(0,Math.min(s.length-1,n));
    for(var k=0;k<s.length;k++){s[k].classList.toggle('on',k===i);}
    history.replaceState(null,'','#'+(i+1));}
  document.addEventListener('keydown',function(e){
    if(['ArrowRight','PageDown',' ','ArrowDown'].indexOf(e.key)>=0){show(i+1);e.preventDefault();}
    else if(['ArrowLeft','PageUp','ArrowUp'].indexOf(e.key)>=0){show(i-1);e.preventDefault();}
    else if(e.key==='Home'){show(0);}else if(e.key==='End'){show(s.length-1);}});
  document.addEventListener('click',function(e){if(e.target.closest('a'))return;show(e.clientX<innerWidth/3?i-1:i+1);});
  show((parseInt(location.hash.slice(1),10)||1)-1);
})();
"""

_XML_DECL = re.compile(r"^<\?xml[^>]*>\s*")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _svg(chart_spec, lang: str) -> str:
    """The chart as inline SVG (no XML declaration; scales with its box)."""
    svg = images.chart_svg(chart_spec.make(lang, export=True))
    return _XML_DECL.sub("", svg)


def _kpis(kpis: tuple[Kpi, ...]) -> str:
    cards = "".join(
        f'<div class="kpi {_e(k.tone)}"><div class="l">{_e(k.label)}</div><div class="v">{_e(k.value)}</div>'
        f'<div class="n">{_e(k.note)}</div></div>' for k in kpis)
    return f'<div class="kpis">{cards}</div>'


def _table(table: Table) -> str:
    head = "".join(f'<th class="{"num" if n else ""}">{_e(h)}</th>' for h, n in zip(table.headers, table.numeric))
    body = []
    for i, row in enumerate(table.rows):
        cells = "".join(f'<td class="{"num" if n else ""}">{_e(v)}</td>' for v, n in zip(row, table.numeric))
        body.append(f'<tr class="{"stress" if i in table.bold_rows else ""}">{cells}</tr>')
    more = f'<p class="more">{_e(table.more)}</p>' if table.more else ""
    return f'<div><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}</div>'


def _footer(story_: Story, number: int, total: int) -> str:
    demo = f'<span class="demo">{_e(labels.text("demo_data", story_.request.lang))}</span>' if story_.is_demo else "<span></span>"
    return f"<footer><span>{_e(story_.version_label)}</span>{demo}<span>{number}/{total}</span></footer>"


def _slide(s: Slide, story_: Story, number: int, total: int) -> str:
    lang = story_.request.lang
    if s.key == "title":
        lines = "".join(f"<p>{_e(line)}</p>" for line in s.text.split("\n"))
        inner = f'<div class="body title"><h1>{_e(s.title)}</h1><h2>{_e(s.subtitle)}</h2>{lines}</div>'
        return f'<section class="slide" data-key="title">{inner}{_footer(story_, number, total)}</section>'
    parts = []
    if s.empty:
        parts.append(f'<p class="empty">{_e(s.empty)}</p>')
    else:
        if s.kpis:
            parts.append(_kpis(s.kpis))
        if s.key == "headline":
            chart = f'<div class="chart">{_svg(s.chart, lang)}</div>' if s.chart else ""
            parts.append(f'<div class="row"><p class="text">{_e(s.text)}</p>{chart}</div>')
        else:
            if s.text:
                parts.append(f'<p class="text">{_e(s.text)}</p>')
            if s.chart and s.table:
                parts.append(f'<div class="row"><div class="chart">{_svg(s.chart, lang)}</div>{_table(s.table)}</div>')
            elif s.table:
                parts.append(_table(s.table))
            elif s.chart:
                parts.append(f'<div class="row"><div class="chart wide">{_svg(s.chart, lang)}</div></div>')
    return (f'<section class="slide" data-key="{_e(s.key)}"><h1>{_e(s.title)}</h1>'
            f'<div class="body">{"".join(parts)}</div>{_footer(story_, number, total)}</section>')


def render(story_: Story) -> str:
    """The story as one HTML document (a string)."""
    total = len(story_.slides)
    slides = "\n".join(_slide(s, story_, n, total) for n, s in enumerate(story_.slides, start=1))
    title = f"{story_.index_name} {story_.request.year} – {story_.unit_name}"
    return (f'<!DOCTYPE html>\n<html lang="{_e(story_.request.lang)}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_e(title)}</title><style>{STYLE}</style></head>\n<body>\n{slides}\n"
            f"<script>{SCRIPT}</script></body></html>\n")


def build_html(con, selection_or_args, lang: str | None = "vi") -> bytes:
    """The offline copy of the meeting as UTF-8 bytes; raises `NothingToShow` like the deck."""
    s = story(con, selection_or_args, lang)
    if s.refusal:
        raise NothingToShow(s.refusal)
    return render(s).encode("utf-8")
