"""Command-line twins of the app's download buttons (wired into `python -m analysis` by the lead):

    python -m analysis deck --index PAR_INDEX --year 2023 --unit "Lạng Sơn" [--lang vi|en]
                            [--peers 15,10] [--db PATH | --demo] [--format pptx|pdf|html]
                            [--with-workbook] -o hop-bcd.pptx   (or .pdf, .html)
    python -m analysis export --what ledger|agencies|league|components|weakest|follow_up|plans
                              --index ... --year ... [--unit ...] [--format xlsx|csv]
                              [--vietnamese-csv] [--db PATH | --demo] -o FILE

Both exit 0 on success, 1 with a one-line message on a problem the user can fix (unknown unit,
index or year without scores, no database, no LibreOffice for a PDF, a missing output folder).
The output is written whole or not at all (a temporary file beside it, renamed over it).
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from analysis import db

EXPORTS = ("ledger", "agencies", "league", "components", "weakest", "follow_up", "plans")
_NEEDS_UNIT = {"ledger", "agencies", "components", "weakest", "follow_up"}


class CliError(Exception):
    """A problem reported to the user as one line, exit status 1."""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", required=True, help="index code, e.g. PAR_INDEX, SIPAS, PAPI")
    parser.add_argument("--year", required=True, type=int, help="year assessed")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, help="database file (default: the app's own)")
    where.add_argument("--demo", action="store_true", help="use the demo workspace (generated data)")
    parser.add_argument("-o", "--output", required=True, type=Path, help="file to write")


def add_deck_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("deck", help="the meeting deck (.pptx, or .pdf through LibreOffice)")
    _common(parser)
    parser.add_argument("--unit", required=True, help="unit code or name")
    parser.add_argument("--peers", default="", help="comma-separated unit codes to compare with "
                                                    "(default: the unit's region)")
    parser.add_argument("--format", choices=("pptx", "pdf", "html"),
                        help="default: from the output's suffix, else pptx; html = one self-contained "
                             "file for a room without network")
    parser.add_argument("--with-workbook", action="store_true",
                        help="also write the giải trình workbook beside the deck (NAME_giai_trinh.xlsx), "
                             "holding the full tables the slides cut short")
    parser.set_defaults(func=main_deck)
    return parser


def add_export_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("export", help="a table as .xlsx or CSV")
    _common(parser)
    parser.add_argument("--what", required=True, choices=EXPORTS)
    parser.add_argument("--unit", help="unit code or name (all but league)")
    parser.add_argument("--format", choices=("xlsx", "csv"), help="default: from the output's suffix, else xlsx")
    parser.add_argument("--vietnamese-csv", action="store_true",
                        help="CSV with decimal comma and ';' separator (Excel set to Vietnamese)")
    parser.set_defaults(func=main_export)
    return parser


def _database(args) -> Path:
    """The database of `deck`/`export`: the demo workspace, --db (created with the reference
    units when new, as every command does) or the app database built from data/."""
    if getattr(args, "demo", False):
        from analysis.demo import ensure_demo_database

        return ensure_demo_database()
    from analysis.__main__ import database

    return database(args, reading=True)


def _resolved(con, text: str, year: int) -> tuple[str, str]:
    """(geography, unit_code) of a unit given by code or name."""
    from analysis.catalog import UnknownUnit, resolve_unit

    try:
        return resolve_unit(con, text, year)
    except UnknownUnit as exc:
        raise CliError(str(exc)) from exc


def _unit(con, text: str, year: int) -> str:
    return _resolved(con, text, year)[1]


def _require_known_index(con, index_code: str) -> None:
    """Refuse an index code that names nothing (a typo): list the indices that have scores. An
    index, year or unit that is known but has no figures is refused by the export itself, with
    a sentence saying what to load (`context.NothingToShow`)."""
    from analysis import catalog
    from analysis.i18n import NATIONAL_INDICES

    known = [str(c) for c in catalog.indices(con)["index_code"]]
    if index_code not in known and index_code not in NATIONAL_INDICES:
        raise CliError(f"no scores for index {index_code} (indices with scores: {', '.join(known) or 'none'})")


def _check_output(path: Path) -> None:
    """Fail before the work, not after it, when the output's folder is missing."""
    if not path.parent.is_dir():
        from analysis.problems import Problem  # the text catalogue, only when there is something to say

        raise CliError(Problem("problem.no_folder", path.parent).cli_text())


def write_output(path: Path, data: bytes) -> None:
    """Write all of `data` to `path` or nothing: a full disk or a kill leaves no half file."""
    if path.exists() and not path.is_file():  # a device or a pipe: /dev/stdout, /dev/full
        try:
            with open(path, "wb") as fh:
                fh.write(data)
        except OSError as exc:  # a failed write names no file: name it for the message
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        return
    db.write_file(path, data)


def _parse(args, parser_factory) -> argparse.Namespace:
    if isinstance(args, argparse.Namespace):
        return args
    parser = argparse.ArgumentParser(prog="python -m analysis")
    parser_factory(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(list(args or []))


def _run(body) -> int:
    from analysis.export.context import NothingToShow

    try:
        body()
    except (CliError, NothingToShow) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def main_deck(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """`deck`: write the meeting deck; a .pdf output goes through LibreOffice."""
    if not isinstance(args, argparse.Namespace):
        args = _parse(["deck", *(args or [])], add_deck_parser)

    def body() -> None:
        from analysis.export.deck import build_deck, deck_workbook, workbook_name
        from analysis.export.html import build_html
        from analysis.export.slides import Request
        from analysis.export.pdf import PDF_UNAVAILABLE, deck_to_pdf

        _check_output(args.output)
        workbook = workbook_name(args.output) if args.with_workbook else None
        with db.open_read(_database(args)) as con:
            unit_code = _unit(con, args.unit, args.year)
            _require_known_index(con, args.index.upper())
            peers = tuple(_unit(con, p, args.year) for p in args.peers.split(",") if p.strip())
            request = Request(args.index.upper(), args.year, unit_code, peers, args.lang,
                              workbook.name if workbook else "")
            fmt = args.format or {".pdf": "pdf", ".html": "html", ".htm": "html"}.get(args.output.suffix.lower(), "pptx")
            data = build_html(con, request, lang=args.lang) if fmt == "html" else build_deck(con, request, lang=args.lang)
            book = deck_workbook(con, request) if workbook else None
        if fmt == "pdf":
            data = deck_to_pdf(data)
            if data is None:
                raise CliError(PDF_UNAVAILABLE)
        write_output(args.output, data)
        print(f"{args.output}: {len(data):,} bytes")
        if book is not None:
            write_output(workbook, book)
            print(f"{workbook}: {len(book):,} bytes")

    return _run(body)


def export_frame(con, what: str, index_code: str, year: int, unit_code: str | None):
    """The table behind an export, from the analysis function of the same view."""
    if what == "league":
        from analysis.compare import league_table
        return league_table(con, index_code, year)
    if what == "components":
        from analysis.headline import component_changes
        return component_changes(con, index_code, year, unit_code, depth=1)
    if what == "weakest":
        from analysis.ledger import weakest
        return weakest(con, index_code, year, unit_code)
    if what == "follow_up":
        from analysis.agencies import follow_up
        return follow_up(con, index_code, year, unit_code)
    if what == "ledger":
        from analysis.ledger import ledger
        return ledger(con, index_code, year, unit_code)
    if what == "agencies":
        from analysis.agencies import accountability_list
        return accountability_list(con, index_code, year, unit_code)
    if what == "plans":  # the stored plans answering that year's result, in the contract's columns
        from analysis.plans import all_plans
        return all_plans(con, index_code, year, unit_code)
    raise CliError(f"unknown export {what!r}")


def export_title(con, what: str, index_code: str, year: int, unit_code: str | None, lang: str) -> str:
    from analysis.export import context, labels
    from analysis.i18n import index_name

    key = {"league": "league_title", "components": "components_title", "weakest": "weakest_title",
           "follow_up": "follow_up_title", "ledger": "ledger_title", "agencies": "accountability_title",
           "plans": "plans_title"}[what]
    unit = context.unit_name(con, unit_code, year, lang) if unit_code else ""
    return labels.text(key, lang, index=index_name(index_code, lang), year=year, unit=unit)


def refuse_empty(con, what: str, index_code: str, year: int, unit_code: str | None, lang: str) -> None:
    """Raise `NothingToShow` (what is missing, how to load it) rather than write an empty table."""
    from analysis.export import context
    from analysis.i18n import index_name, t

    if unit_code:
        missing = context.missing_score(con, index_code, year, unit_code, lang)
        if missing:
            raise context.NothingToShow(missing)
    frame = export_frame(con, what, index_code, year, unit_code)
    names = {"unit": context.unit_name(con, unit_code, year, lang) if unit_code else "",
             "index": index_name(index_code, lang), "year": year}
    if what == "league" and frame.empty:
        raise context.NothingToShow(t("deck.refuse_no_index_year", lang, **names))
    if what == "agencies" and (frame.empty or frame["lead_name"].isna().all()):
        raise context.NothingToShow(t("deck.refuse_no_leads", lang, **names))
    if frame.empty:
        raise context.NothingToShow(t("deck.refuse_empty", lang, what=what, **names))


def export_bytes(con, what: str, index_code: str, year: int, unit_code: str | None, *,
                 fmt: str = "xlsx", lang: str = "vi", vietnamese_csv: bool = False) -> bytes:
    """One export as bytes: the shared body of the CLI and the app's buttons."""
    from analysis.export import context
    from analysis.export.tables import table_to_csv
    from analysis.export.xlsx import accountability_workbook, ledger_workbook, table_to_xlsx

    if what in _NEEDS_UNIT and not unit_code:
        raise CliError(f"--unit is required for {what}")
    refuse_empty(con, what, index_code, year, unit_code, lang)
    if fmt == "xlsx" and what == "ledger":
        return ledger_workbook(con, index_code, year, unit_code, lang=lang)
    if fmt == "xlsx" and what == "agencies":
        return accountability_workbook(con, index_code, year, unit_code, lang=lang)
    frame = export_frame(con, what, index_code, year, unit_code)
    if fmt == "xlsx" and what == "plans":
        from analysis.export.plan_sheet import plans_workbook
        return plans_workbook(frame)
    if fmt == "csv":
        return table_to_csv(frame, vietnamese=vietnamese_csv, lang=lang)
    version = context.data_version(con)
    sources = "; ".join(context.figure_sources(con, index_code, year, unit_code, lang)) if unit_code else None
    covered = context.coverage_note(con, index_code, year, lang)
    if covered:
        sources = f"{covered} {sources}" if sources else covered
    return table_to_xlsx(frame, title=export_title(con, what, index_code, year, unit_code, lang),
                         demo=version.is_demo, source_note=sources or None,
                         version_note=version.label(lang), lang=lang)


def main_export(args: argparse.Namespace | Sequence[str] | None = None) -> int:
    """`export`: write one table (.xlsx formatted for people, or CSV for programs)."""
    if not isinstance(args, argparse.Namespace):
        args = _parse(["export", *(args or [])], add_export_parser)

    def body() -> None:
        fmt = args.format or ("csv" if args.output.suffix.lower() == ".csv" else "xlsx")
        _check_output(args.output)
        with db.open_read(_database(args)) as con:
            unit_code = _unit(con, args.unit, args.year) if args.unit else None
            _require_known_index(con, args.index.upper())
            data = export_bytes(con, args.what, args.index.upper(), args.year, unit_code, fmt=fmt,
                                lang=args.lang, vietnamese_csv=args.vietnamese_csv)
        write_output(args.output, data)
        print(f"{args.output}: {len(data):,} bytes")

    return _run(body)
