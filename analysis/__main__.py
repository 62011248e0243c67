"""`python -m analysis`: the command-line face of the dashboard (docs/data-contract.md §4).

Subcommands live in `COMMANDS`: name -> (add_arguments, run, help). A new subcommand is one
entry: a function adding its arguments and a function running it (returning the exit status).
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path

COMMANDS: dict[str, tuple[Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int], str]] = {}


def _db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, default=None,
                        help="database file (default: the app database, built from data/ if missing)")


def database(args: argparse.Namespace, *, reading: bool = False) -> Path:
    """The database a command works on: --db (created with the reference units if missing) or
    the app database (built or refreshed from the bundled data first). When a rebuild is
    refused (`bundle.RebuildRefused`, handled by `main`) a command that only reads warns and
    reads the database as it was."""
    from analysis import bundle

    if args.db is None:
        try:
            return bundle.ensure_app_database().path
        except bundle.RebuildRefused as refused:
            if not reading:
                raise
            print(f"warning: {refused}", file=sys.stderr)
            return refused.path
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

    with db.open_read(database(args, reading=True)) as con:
        try:
            answer = summary.summary(con, args.index.upper(), args.year, args.unit)
        except (summary.NoScore, summary.UnknownUnit) as exc:
            print(str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__, file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(answer, ensure_ascii=False))
    else:
        print(answer.get("narrative") or json.dumps(answer, ensure_ascii=False, indent=1))
    return 0


# ---------------------------------------------------------------------------- history / undo / build

def run_history(args: argparse.Namespace) -> int:
    from analysis import bundle, db, fmt
    from analysis.importer import history

    path = database(args, reading=True)
    for b in history(path):
        state = " (undone)" if b["undone"] else ""
        files = ", ".join(b["files"])
        print(f"{b['batch_id']:>4}  {b['loaded_at']:%Y-%m-%d %H:%M:%S}  {b['kind']:<9} "
              f"+{b['rows_added']} ~{b['rows_replaced']}{state}  {files}"
              + (f"  [{b['source']}]" if b["source"] else ""))
    with db.open_read(path) as con:
        outranked = bundle.overridden(con)
    if len(outranked):
        print(f"\nbundled scores outranked by your imports ({len(outranked)}): yours is in force")
    for r in outranked.itertuples():
        where = f"{r.index_code} {r.year} {r.unit_name} ({r.unit_code})" + (f" {r.criterion_code}" if r.criterion_code else "")
        print(f"  {where}: yours {fmt.number(r.user_score)} (batch {r.user_batch}, {r.user_source or 'no source'})"
              f"; bundled {fmt.number(r.bundled_score)} ({r.bundled_source or 'no source'})")
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from analysis.importer import UndoError, undo_last

    try:
        done = undo_last(database(args), args.batch)
    except UndoError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"batch {done['batch_id']} undone; {done['rows_restored']} replaced rows restored")
    return 0


def _undo_args(p: argparse.ArgumentParser) -> None:
    _db_argument(p)
    p.add_argument("batch", nargs="?", type=int, default=None, metavar="BATCH",
                   help="the batch you mean (see history); refused when the newest batch in force "
                        "is another one. Without it: the newest")


def run_build(args: argparse.Namespace) -> int:
    from analysis import bundle, paths
    from analysis.demo.guard import is_demo_workspace

    # The real data is never built into the demo workspace's file, nor over it.
    target = Path(args.db) if args.db else paths.app_db_path()
    if is_demo_workspace(target) or target.resolve() == paths.demo_db_path().resolve():
        print(f"{target}: the demo workspace (Dữ liệu minh họa) is not a build target; "
              "use `python -m analysis demo`", file=sys.stderr)
        return 1

    print(bundle.ensure_app_database(args.db))
    return 0


def _restore_args(p: argparse.ArgumentParser) -> None:
    _db_argument(p)
    how = p.add_mutually_exclusive_group()
    how.add_argument("--previous", action="store_true",
                     help="roll back to the copy kept before the last import or rebuild")
    how.add_argument("--drop-unreplayable", action="store_true",
                     help="rebuild even if some imports cannot be replayed (they are marked undone)")


def run_restore(args: argparse.Namespace) -> int:
    from analysis import bundle

    try:
        if args.previous:
            gone = bundle.restore_previous(args.db)
            path = args.db or bundle.paths.app_db_path()
            print(f"{path}: rolled back to the copy kept before the last import or rebuild"
                  + (f"; batch {', '.join(map(str, gone))} marked undone" if gone else ""))
        else:
            print(bundle.restore_rebuild(args.db, drop_unreplayable=args.drop_unreplayable))
    except bundle.RestoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0


COMMANDS.update({
    "load": (_load_args, run_load, "import CSV/xlsx files (one transaction)"),
    "inspect": (_inspect_args, run_inspect, "read files as load would, show the mapping and problems, write nothing"),
    "summary": (_summary_args, run_summary, "one unit's result for an index and year"),
    "history": (_db_argument, run_history, "the import batches, newest first"),
    "undo": (_undo_args, run_undo, "take back the newest import (the one named, if given)"),
    "build": (_db_argument, run_build, "build or refresh the app database from data/"),
    "restore": (_restore_args, run_restore,
                "rebuild from data/ plus the archived imports, or roll back with --previous"),
})


# ---------------------------------------------------------------------------- editor access

def run_hash_password(args: argparse.Namespace) -> int:
    """Print the `editor_password_hash = "..."` line for .streamlit/secrets.toml (asked twice at a
    terminal, read from the first line of stdin otherwise); the password itself is never printed."""
    import getpass

    from analysis.access import hash_password

    if sys.stdin.isatty():
        password = getpass.getpass("editor password: ")
        if password != getpass.getpass("again: "):
            print("the two passwords differ; nothing was printed", file=sys.stderr)
            return 1
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print("an empty password cannot be used", file=sys.stderr)
        return 1
    print(f'editor_password_hash = "{hash_password(password)}"')
    return 0


def run_serve_address(args: argparse.Namespace) -> int:
    """The address scripts/run.sh listens on: every interface only when editors must sign in."""
    import os

    from analysis.access import default_secrets_paths, serve_address

    address, why = serve_address(os.environ, default_secrets_paths())
    print(why, file=sys.stderr)
    print(address)
    return 0


COMMANDS.update({
    "hash-password": (lambda p: None, run_hash_password,
                      "print a salted hash of the editor password for .streamlit/secrets.toml"),
    "serve-address": (lambda p: None, run_serve_address,
                      "the address scripts/run.sh listens on (127.0.0.1 unless editors must sign in)"),
})


def _run_demo(args: argparse.Namespace) -> int:
    from analysis.demo import main_demo

    return main_demo(args)


def _add_demo_arguments(parser: argparse.ArgumentParser) -> None:
    from analysis.demo import add_demo_arguments

    add_demo_arguments(parser)


COMMANDS["demo"] = (_add_demo_arguments, _run_demo, "build the demo workspace (Dữ liệu minh họa)")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser. Given the `command` about to run, the other subcommands are
    listed without their options: defining some imports their modules (the demo generator),
    which a quick `summary --json` should not pay for."""
    from analysis.export.cli import add_deck_parser, add_export_parser

    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, (add_arguments, _run, help_text) in COMMANDS.items():
        subparser = sub.add_parser(name, help=help_text)
        if command in (None, name):
            add_arguments(subparser)
    # The meeting outputs register their own parsers; they dispatch through `func`.
    add_deck_parser(sub)
    add_export_parser(sub)
    return parser


def _database_of(args: argparse.Namespace) -> Path:
    """The database file a command works on, to name it when something goes wrong."""
    from analysis import paths

    if getattr(args, "db", None) is not None:
        return Path(args.db)
    return paths.demo_db_path() if getattr(args, "demo", False) else paths.app_db_path()


def _pipe_closed() -> int:
    """The reader of our output is gone (`history | head`): stop quietly, as a process killed
    by SIGPIPE would, and keep Python from complaining while it flushes stdout at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return 128 + signal.SIGPIPE


def main(argv: list[str] | None = None) -> int:
    from analysis.bundle import DatabaseUnreadable, RebuildRefused

    argv = sys.argv[1:] if argv is None else list(argv)
    named = argv[0] if argv and argv[0] in COMMANDS else None
    args = build_parser(named).parse_args(argv)
    run = COMMANDS[args.command][1] if args.command in COMMANDS else args.func
    try:
        status = run(args)
        sys.stdout.flush()  # a closed pipe shows here, not in Python's exit
        return status
    except BrokenPipeError:
        return _pipe_closed()
    except (RebuildRefused, DatabaseUnreadable) as refused:
        print(str(refused), file=sys.stderr)
        return 1
    except Exception as exc:
        from analysis.problems import explain

        problem = explain(exc, _database_of(args))
        if problem is None:
            raise  # a bug: its traceback is what a developer needs
        print(f"error: {problem.cli_text()}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
