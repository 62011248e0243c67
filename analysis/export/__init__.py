"""Meeting outputs (issue 5): every table as .xlsx / CSV, every chart as PNG / SVG, the meeting
deck as an editable .pptx and, where LibreOffice is installed, as PDF.

Every function here returns bytes (or text) so that the app's download buttons and the command
line (`python -m analysis deck|export`) share the same code:

- `xlsx`: `table_to_xlsx`, `ledger_workbook`, `accountability_workbook`
- `tables`: `table_to_csv`
- `images`: `chart_png`, `chart_svg`
- `deck`: `build_deck`, `deck_workbook` (the giải trình workbook written beside it)
- `html`: `build_html`, the offline copy of the meeting (one file, inline SVG, no network)
- `deck_charts`: the charts drawn for a slide (trend with breaks, peer dot plot)
- `context`: `NothingToShow` and `missing_score`, the refusal when there is nothing to show
- `pdf`: `deck_to_pdf`
- `cli`: the `deck` and `export` sub-commands
"""
