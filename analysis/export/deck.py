"""The meeting deck: an editable 16:9 PowerPoint file built from `slides.story()`.

- Geometry is our own: python-pptx's default template is 4:3 and its layouts keep 4:3 positions
  when the slide is widened, so `template()` widens the master and every layout and then places
  the title slide's and the "Title Only" layout's placeholders for 13.333 × 7.5 in. A designer can
  restyle `assets/meeting-16x9.pptx` (written by `python -m analysis.export.deck`); when that file
  exists it is used instead of the generated one.
- Titles are real title placeholders, tables real PowerPoint tables (editable, copyable), and
  charts PNG pictures rendered on the server at about 190 dpi with a Vietnamese-capable font.
- Every slide has a footer (data version, "Dữ liệu minh họa" on demo data, slide number) and
  speaker notes naming where the figures came from (batches, files, sources).
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from analysis.agencies import follow_up
from analysis.export import images, labels
from analysis.export.context import NothingToShow
from analysis.export.safety import xml_safe
from analysis.export.slides import Kpi, Request, Slide, Story, Table, dt_, peer_group, story
from analysis.export.xlsx import accountability_workbook
from analysis.headline import component_changes
from analysis.paths import PROJECT_DIR

TEMPLATE_PATH = PROJECT_DIR / "assets" / "meeting-16x9.pptx"

SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_TOP, TITLE_H = Inches(0.3), Inches(0.95)
BODY_TOP = Inches(1.35)
FOOTER_TOP, FOOTER_H = Inches(6.98), Inches(0.4)
BODY_BOTTOM = Inches(6.85)
CONTENT_W = SLIDE_W - 2 * MARGIN

LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5

PRIMARY = RGBColor(0x0B, 0x53, 0x94)
DARK = RGBColor(0x26, 0x26, 0x26)
MUTED = RGBColor(0x59, 0x59, 0x59)
GOOD = RGBColor(0x2E, 0x7D, 0x32)
BAD = RGBColor(0xC6, 0x28, 0x28)
DEMO = RGBColor(0xC0, 0x00, 0x00)
KPI_FILL = RGBColor(0xEE, 0xF3, 0xF9)
ROW_STRESS = RGBColor(0xFF, 0xF2, 0xCC)

# Charts are laid out at 64 CSS px per slide inch, so their 12 px labels read as about 13 pt
# on the slide, and drawn at 3× (192 dpi) so they stay sharp on a projector.
CSS_PX_PER_INCH = 64
CHART_SCALE = 3


# ---- the template ----------------------------------------------------------------------------

def _widen(shapes, factor: float) -> None:
    for shape in shapes:
        if shape.left is not None and shape.width is not None:
            shape.left, shape.width = Emu(int(shape.left * factor)), Emu(int(shape.width * factor))


def template() -> Presentation:
    """The deck's starting file: the restyled asset when there is one, else the generated one."""
    return Presentation(str(TEMPLATE_PATH)) if TEMPLATE_PATH.exists() else generated_template()


def generated_template() -> Presentation:
    """A 16:9 presentation whose master and layouts are laid out for the wide slide."""
    prs = Presentation()
    factor = SLIDE_W / prs.slide_width
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    _widen(prs.slide_master.placeholders, factor)
    for layout in prs.slide_layouts:
        _widen(layout.placeholders, factor)
    title_layout = prs.slide_layouts[LAYOUT_TITLE]
    for ph in title_layout.placeholders:
        idx = ph.placeholder_format.idx
        if idx == 0:
            ph.left, ph.top, ph.width, ph.height = MARGIN, Inches(2.1), CONTENT_W, Inches(1.4)
        elif idx == 1:
            ph.left, ph.top, ph.width, ph.height = MARGIN, Inches(3.55), CONTENT_W, Inches(0.9)
    for ph in prs.slide_layouts[LAYOUT_TITLE_ONLY].placeholders:
        if ph.placeholder_format.idx == 0:
            ph.left, ph.top, ph.width, ph.height = MARGIN, TITLE_TOP, CONTENT_W, TITLE_H
    return prs


def save_template(path: Path = TEMPLATE_PATH) -> Path:
    """Write the generated template (for a designer to restyle)."""
    prs = generated_template()
    path.parent.mkdir(parents=True, exist_ok=True)
    prs.save(str(path))
    return path


# ---- drawing helpers -------------------------------------------------------------------------

def _style(run, size: float, *, bold: bool = False, color: RGBColor = DARK) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = color


def _text_box(slide, left, top, width, height, lines, size: float, *, color=DARK, bold=False,
              align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(lines if isinstance(lines, (list, tuple)) else [lines]):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = xml_safe(line)
        _style(run, size, bold=bold, color=color)
    return box


def _set_title(slide, text: str, size: float = 28) -> None:
    title = slide.shapes.title
    title.text_frame.text = xml_safe(text)
    title.text_frame.word_wrap = True
    para = title.text_frame.paragraphs[0]
    para.alignment = PP_ALIGN.LEFT
    for run in para.runs:
        _style(run, size, bold=True, color=PRIMARY)


def _footer(slide, story_: Story, number: int, total: int) -> None:
    third = CONTENT_W // 3
    _text_box(slide, MARGIN, FOOTER_TOP, third + Inches(1), FOOTER_H, story_.version_label, 10, color=MUTED)
    if story_.is_demo:
        _text_box(slide, MARGIN + third, FOOTER_TOP, third, FOOTER_H, labels.text("demo_data", story_.request.lang),
                  11, color=DEMO, bold=True, align=PP_ALIGN.CENTER)
    _text_box(slide, MARGIN + 2 * third, FOOTER_TOP, third, FOOTER_H, f"{number}/{total}", 10, color=MUTED,
              align=PP_ALIGN.RIGHT)


def _notes(slide, lines) -> None:
    if lines:
        slide.notes_slide.notes_text_frame.text = xml_safe("\n".join(lines))


def _kpis(slide, kpis: tuple[Kpi, ...], top, height=Inches(1.45)) -> None:
    gap = Inches(0.2)
    width = (CONTENT_W - gap * (len(kpis) - 1)) // len(kpis)
    for i, kpi in enumerate(kpis):
        left = MARGIN + i * (width + gap)
        card = slide.shapes.add_shape(1, left, top, width, height)  # 1 = rectangle
        card.fill.solid()
        card.fill.fore_color.rgb = KPI_FILL
        card.line.fill.background()
        card.shadow.inherit = False
        frame = card.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        tone = {"good": GOOD, "bad": BAD}.get(kpi.tone, PRIMARY)
        for j, (text, size, bold, color) in enumerate([(kpi.label, 14, False, MUTED), (kpi.value, 30, True, tone),
                                                       (kpi.note, 13, False, MUTED)]):
            para = frame.paragraphs[0] if j == 0 else frame.add_paragraph()
            para.alignment = PP_ALIGN.CENTER
            run = para.add_run()
            run.text = xml_safe(text)
            _style(run, size, bold=bold, color=color)


def _table(slide, table: Table, left, top, width, max_height, size: float = 13) -> None:
    n_rows, n_cols = len(table.rows) + 1, len(table.headers)
    row_h = Inches(0.42 if size >= 13 else 0.36)
    height = min(max_height, row_h * n_rows)
    shape = slide.shapes.add_table(n_rows, n_cols, left, top, width, height)
    grid = shape.table
    total = sum(table.widths)
    widths = [int(width * w / total) for w in table.widths]
    widths[-1] = width - sum(widths[:-1])
    for j, w in enumerate(widths):
        grid.columns[j].width = Emu(w)
    for i in range(n_rows):
        grid.rows[i].height = row_h
    for j, header in enumerate(table.headers):
        _cell(grid.cell(0, j), header, size, bold=True, color=RGBColor(0xFF, 0xFF, 0xFF),
              align=PP_ALIGN.RIGHT if table.numeric[j] else PP_ALIGN.LEFT)
    for i, row in enumerate(table.rows, start=1):
        stress = (i - 1) in table.bold_rows
        for j, value in enumerate(row):
            cell = grid.cell(i, j)
            _cell(cell, value, size, bold=stress, align=PP_ALIGN.RIGHT if table.numeric[j] else PP_ALIGN.LEFT)
            if stress:
                cell.fill.solid()
                cell.fill.fore_color.rgb = ROW_STRESS
    if table.more:
        # at the foot of the body: wrapped rows make the table taller than planned
        # across the whole body, so a long note stays on one line above the footer
        _text_box(slide, MARGIN, BODY_BOTTOM - Inches(0.3), CONTENT_W, Inches(0.35), table.more, 11, color=MUTED,
                  align=PP_ALIGN.RIGHT if left > MARGIN else PP_ALIGN.LEFT)


def _cell(cell, text: str, size: float, *, bold=False, color=DARK, align=PP_ALIGN.LEFT) -> None:
    cell.text = xml_safe(text)
    cell.margin_left = cell.margin_right = Inches(0.06)
    cell.margin_top = cell.margin_bottom = Inches(0.03)
    cell.vertical_anchor = MSO_ANCHOR.MIDDLE
    para = cell.text_frame.paragraphs[0]
    para.alignment = align
    for run in para.runs:
        _style(run, size, bold=bold, color=color)


def chart_picture(slide, chart_spec, lang: str, left, top, width, height, *, plot_share: float = 0.6) -> None:
    """Render the chart for the box and fit it inside (top-aligned with the table beside it,
    centred across). `plot_share` is the part of the box width given to the plotting area (the
    rest holds axis labels and legends)."""
    chart = chart_spec.make(lang, export=True)
    plot_px = int(width / Inches(1) * CSS_PX_PER_INCH * plot_share)
    png = images.chart_png(chart, scale=CHART_SCALE, width=plot_px)
    px_w, px_h = images.png_size(png)
    ratio = min(width / px_w, height / px_h)
    w, h = int(px_w * ratio), int(px_h * ratio)
    slide.shapes.add_picture(io.BytesIO(png), left + (width - w) // 2, top, w, h)


# ---- slide layouts ---------------------------------------------------------------------------

def _title_slide(prs, s: Slide, story_: Story) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    slide.shapes.title.text = xml_safe(s.title)
    for run in slide.shapes.title.text_frame.paragraphs[0].runs:
        _style(run, 40, bold=True, color=PRIMARY)
    subtitle = slide.placeholders[1]
    subtitle.text = xml_safe(s.subtitle)
    for run in subtitle.text_frame.paragraphs[0].runs:
        _style(run, 28, color=DARK)
    _text_box(slide, MARGIN, Inches(4.6), CONTENT_W, Inches(1.4), s.text.split("\n"), 16, color=MUTED,
              align=PP_ALIGN.CENTER)
    _notes(slide, s.notes)


def _content_slide(prs, s: Slide, story_: Story) -> None:
    lang = story_.request.lang
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _set_title(slide, s.title)
    top = BODY_TOP
    if s.empty:
        _text_box(slide, MARGIN, Inches(3.0), CONTENT_W, Inches(1.2), s.empty, 22, color=MUTED,
                  align=PP_ALIGN.CENTER, anchor=MSO_ANCHOR.MIDDLE)
        _notes(slide, s.notes)
        return
    if s.kpis:
        _kpis(slide, s.kpis, top)
        top += Inches(1.45) + Inches(0.25)
    room = BODY_BOTTOM - top
    half = (CONTENT_W - Inches(0.3)) // 2
    if s.key == "headline":
        # narrative on the left, trend on the right
        text_w = half if s.chart else CONTENT_W
        _text_box(slide, MARGIN, top, text_w, room, s.text, 15, color=DARK)
        if s.chart:
            chart_picture(slide, s.chart, lang, MARGIN + half + Inches(0.3), top, half, room, plot_share=0.85)
    elif s.chart and s.table:
        # chart left (narrower), table right
        chart_w = int(CONTENT_W * 0.42)
        chart_picture(slide, s.chart, lang, MARGIN, top, chart_w, room)
        _table(slide, s.table, MARGIN + chart_w + Inches(0.3), top, CONTENT_W - chart_w - Inches(0.3), room, 12)
    else:
        if s.text:
            lines = s.text.split("\n")
            text_h = Inches(0.4) * len(lines) + Inches(0.1)
            _text_box(slide, MARGIN, top, CONTENT_W, text_h, lines, 16, color=DARK)
            top += text_h
            room = BODY_BOTTOM - top
        if s.table:
            _table(slide, s.table, MARGIN, top, CONTENT_W, room, 13 if len(s.table.rows) <= 7 else 12)
        elif s.chart:
            chart_picture(slide, s.chart, lang, MARGIN, top, CONTENT_W, room)
    _notes(slide, s.notes)


def render(story_: Story) -> bytes:
    """The story as .pptx bytes."""
    prs = template()
    total = len(story_.slides)
    for number, s in enumerate(story_.slides, start=1):
        (_title_slide if s.key == "title" else _content_slide)(prs, s, story_)
        _footer(prs.slides[-1], story_, number, total)
    prs.core_properties.title = f"{story_.index_name} {story_.request.year} – {story_.unit_name}"
    prs.core_properties.author = "pardash"
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def build_deck(con, selection_or_args, lang: str | None = "vi", demo: bool | None = None) -> bytes:
    """The meeting deck for a selection as .pptx bytes.

    `selection_or_args`: an `analysis.selection.Selection`, a mapping, or a tuple
    (index_code, year, unit_code[, peers]); `lang` "vi" or "en" (None = the selection's);
    `demo` forces the demo marker on or off (None = the database says: a demo batch in it).
    Raises `context.NothingToShow` when the unit has no score (nothing is written).
    """
    s = story(con, selection_or_args, lang)
    if s.refusal:
        raise NothingToShow(s.refusal)
    if demo is not None and demo != s.is_demo:
        s = Story(s.request, s.unit_name, s.index_name, s.version_label, demo, s.slides, s.refusal)
    return render(s)


def workbook_name(deck_path: Path) -> Path:
    """The giải trình workbook written beside a deck: hop.pptx -> hop_giai_trinh.xlsx."""
    return deck_path.with_name(deck_path.stem + "_giai_trinh.xlsx")


def deck_workbook(con, request: Request) -> bytes:
    """The workbook that goes with the deck: the giải trình list (summary and one sheet per lead
    agency) and the full tables of the slides that show only their first rows."""
    req, lang = request, request.lang
    extra = {
        dt_("deck.sheet_fields", lang): component_changes(con, req.index_code, req.year, req.unit_code, depth=1),
        dt_("deck.sheet_peers", lang): peer_group(con, req),
        dt_("deck.sheet_follow_up", lang): follow_up(con, req.index_code, req.year, req.unit_code),
    }
    return accountability_workbook(con, req.index_code, req.year, req.unit_code, lang=lang, extra=extra)


if __name__ == "__main__":  # python -m analysis.export.deck: write the template for designers
    print(save_template(Path(sys.argv[1]) if len(sys.argv) > 1 else TEMPLATE_PATH))
