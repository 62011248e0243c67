"""`python -m analysis`: the command-line face of the dashboard (docs/data-contract.md §4).

Subcommands live in `COMMANDS`: name -> (add_arguments, run, help). A new subcommand is one
entry: a function adding its arguments and a function running it (returning the exit status).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {}


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: the app database, built from data/ if missing)")


def database(args: argparse.Namespace) -> Path:
    """The database a command works on: --db (created with the reference units if missing) or
    the app database (built or refreshed from the bundled data first)."""
    from analysis import bundle

    if args.db is None:
        return bundle.ensure_app_database().path
    if not args.db.exists():
        bundle.create_database(args.db)
    return args.db


# ---------------------------------------------------------------------------- load

def _load_args(p: argparse.ArgumentParser) -> None:
    _db_argument(p)
    p.add_argument("--replace", action="store_true", help="replace stored values that differ (kept in history)")
    p.add_argument("--source", default=None, help="where the figures come from (document, link)")
    _annex_arguments(p)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")


def _annex_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index", default=None, help="index of an annex whose sheet, title and file name do not say it")
    p.add_argument("--year", type=int, default=None, help="year of an annex whose sheet, title and file name do not say it")


def _files_of(paths: list[Path]) -> list[Path]:
    """Folders stand for every file in them (recursively, in name order)."""
    out = []
    for p in paths:
        out.extend(sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p])
    return out


def run_load(args: argparse.Namespace) -> int:
    from analysis.importer import annex_load

    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    done = annex_load.load(database(args), _files_of(args.files), index_code=args.index, year=args.year,
                           replace=args.replace, source=args.source)
    result = done.result
    for line in done.report_lines():  # every column of every annex sheet and what it became
        print(line)
    if not result.ok:
        for problem in result.errors:
            print(problem, file=sys.stderr)
        print(f"nothing was written ({len(result.errors)} problems)", file=sys.stderr)
        return 1
    for f in result.files:
        print(f"{f.label}: {f.table}: {f.rows} rows, {f.rows_added} added, {f.rows_replaced} replaced, "
              f"{f.rows_unchanged} unchanged")
    for name, reason in result.skipped:
        print(f"{name}: skipped ({reason})")
    print(result.message)
    return 0


# ---------------------------------------------------------------------------- inspect

def _inspect_args(p: argparse.ArgumentParser) -> None:
    _db_argument(p)
    _annex_arguments(p)
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")


def run_inspect(args: argparse.Namespace) -> int:
    """What `load` would do with the files: the mapping per column, the units matched and how,
    the rows recognised, the problems. Writes nothing."""
    from analysis.importer import annex_load

    missing = [str(f) for f in args.files if not f.exists()]
    if missing:
        print(f"no such file: {', '.join(missing)}", file=sys.stderr)
        return 1
    done = annex_load.inspect(database(args), _files_of(args.files), index_code=args.index, year=args.year)
    for line in done.report_lines(units=True):
        print(line)
    for f in done.result.files:
        print(f"{f.label}: {f.table}: {f.rows} rows would be read, {f.rows_added} new, {f.rows_replaced} replaced, "
              f"{f.rows_unchanged} unchanged")
    for problem in done.result.errors:
        print(problem)
    print("nothing was written" + (f" ({len(done.result.errors)} problems)" if done.result.errors else " (inspect)"))
    return 0 if done.result.ok else 1


# ---------------------------------------------------------------------------- summary

def _summary_args(p: argparse.ArgumentParser) -> None:
    _db_argument(p)
    p.add_argument("--index", required=True)
    p.add_argument("--year", required=True, type=int)
    p.add_argument("--unit", required=True, help="unit code or name")
    p.add_argument("--json", action="store_true")


def run_summary(args: argparse.Namespace) -> int:
    from analysis import db, summary

    unknown = tuple(e for e in (getattr(summary, "NoScore", None), getattr(summary, "UnknownUnit", None)) if e)
    try:
        from analysis.catalog import UnknownUnit
        unknown += (UnknownUnit,)
    except ImportError:
        pass
    with db.open_read(database(args)) as con:
        try:
            answer = summary.summary(con, args.index.upper(), args.year, args.unit)
        except unknown as exc:
            print(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__, file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(answer, ensure_ascii=False))
    else:
        print(answer.get("narrative") or json.dumps(answer, ensure_ascii=False, indent=1))
    return 0


# ---------------------------------------------------------------------------- history / undo / build

def run_history(args: argparse.Namespace) -> int:
    from analysis.importer import history

    for b in history(database(args)):
        state = " (undone)" if b["undone"] else ""
        files = ", ".join(b["files"])
        print(f"{b['batch_id']:>4}  {b['loaded_at']:%Y-%m-%d %H:%M:%S}  {b['kind']:<9} "
              f"+{b['rows_added']} ~{b['rows_replaced']}{state}  {files}"
              + (f"  [{b['source']}]" if b["source"] else ""))
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from analysis.importer import UndoError, undo_last

    try:
        done = undo_last(database(args))
    except UndoError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"batch {done['batch_id']} undone; {done['rows_restored']} replaced rows restored")
    return 0


def run_build(args: argparse.Namespace) -> int:
    from analysis import bundle

    print(bundle.ensure_app_database(args.db))
    return 0


COMMANDS.update({
    "load": (_load_args, run_load, "import CSV/xlsx files (one transaction)"),
    "inspect": (_inspect_args, run_inspect, "read files as load would, show the mapping and problems, write nothing"),
    "summary": (_summary_args, run_summary, "one unit's result for an index and year"),
    "history": (_db_argument, run_history, "the import batches, newest first"),
    "undo": (_db_argument, run_undo, "take back the newest import"),
    "build": (_db_argument, run_build, "build or refresh the app database from data/"),
})


def _run_demo(args: argparse.Namespace) -> int:
    from analysis.demo import main_demo

    return main_demo(args)


def _add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    from analysis.demo import add_demo_arguments

    add_demo_arguments(parser)


COMMANDS["demo"] = (_add_demo_arguments, _run_demo, "build the demo workspace (Dữ liệu minh họa)")


def build_parser() -> argparse.ArgumentParser:
    from analysis.export.cli import add_deck_parser, add_export_parser

    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_arguments, _run, help_text) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text))
    # The meeting outputs register their own parsers; they dispatch through `func`.
    add_deck_parser(sub)
    add_export_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in COMMANDS:
        return COMMANDS[args.command][1](args)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
