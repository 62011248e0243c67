"""`load_files`: one call, one transaction, all files validated together."""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from analysis import config, db, paths
from analysis.demo.guard import refused_files
from analysis.importer import plans, read, validate, write
from analysis.importer.headers import TABLE_WORDS, TABLES, map_header
from analysis.importer.recognise import recognise, refusal
from analysis.importer.model import FileReport, ImportProblem, LoadResult, TableCounts
from analysis.queries import load_cells as q_cells
from analysis.queries import load_stage as q_stage
from analysis.queries import load_validate as q_validate
from analysis.queries import load_write as q_write
from analysis.queries import load_stream

MAX_PROBLEMS_PER_FILE = 200
# Problems about a derived column are reported on the column the user wrote.
_COLUMN_OF = {"lead_code": "lead_unit", "lead_geography": "lead_unit", "support_codes": "support_units",
              "plan_status": "status"}


class _Stop(db.WriteAborted):
    """Leave the database untouched and return `result`."""

    def __init__(self, result: LoadResult):
        super().__init__(result.message)
        self.result = result


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(8 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _first_row(ws) -> list[str]:
    for row in ws.iter_rows(max_row=1, values_only=True):
        return [str(v) if v is not None else "" for v in row]
    return []


class _Load:
    def __init__(self, con, files, display_names, tmp: Path, progress):
        self.con = con
        self.files = files
        self.names = display_names
        self.tmp = tmp
        self.progress = progress or (lambda fraction, message: None)
        self.staged: list[read.Staged] = []
        self.headers: dict[int, dict[str, str]] = {}
        self.problems: list[tuple[int, int | None, str, str]] = []   # file_id, line, column, message
        self.labels: dict[int, str] = {}
        self.skipped: list[tuple[str, str]] = []
        self.tableless: list[int] = []
        self.refusals: dict[int, str] = {}
        self.next_id = 0

    # ------------------------------------------------------------------ staging
    def _new_id(self, label: str) -> int:
        self.next_id += 1
        self.labels[self.next_id] = label
        self.con.execute(q_stage.INSERT_FILE, [self.next_id, label])
        return self.next_id

    def stage_all(self) -> None:
        for n, path in enumerate(self.files):
            name = self.names.get(path, path.name)
            self.progress(0.05 + 0.35 * n / max(len(self.files), 1), f"reading {name}")
            ext = path.suffix.lower()
            if ext == ".csv":
                self._stage_csv(path, name, None)
            elif ext == ".xlsx":
                self._stage_xlsx(path, name)
            else:
                self.skipped.append((name, "not a .csv or .xlsx file"))

    def _stage_csv(self, path: Path, name: str, table: str | None) -> None:
        fid = self._new_id(name)
        stage = f"imp_stage_{fid}"
        try:
            header, rows, first = read.stage_csv(self.con, path, stage, self.tmp)
        except read.ReadError as exc:
            self._read_problems(fid, exc)
            return
        except OSError as exc:  # unreadable (permissions, vanished): a file-level message
            self.problems.append((fid, 1, "", f"cannot read the file: {exc.strerror or exc}"))
            return
        found = recognise(Path(name).stem, header)  # by its columns, else by its name
        if found.table is None:
            # listed as skipped; an error only when no file of the load holds a table
            self.skipped.append((name, refusal(found.closest)))
            self.tableless.append(fid)
            self.refusals[fid] = refusal(found.closest)
            return
        table = found.table
        self._add(read.Staged(fid, name, path, None, table, stage, header, rows, first))

    def _read_problems(self, fid: int, exc: "read.ReadError") -> None:
        for problem in exc.problems:
            line, message, column = (*problem, "")[:3]
            self.problems.append((fid, line, column, message))

    def _stage_xlsx(self, path: Path, name: str) -> None:
        try:
            book = read.open_workbook(path)
        except read.ReadError as exc:  # not a workbook, or not one we may read
            self._read_problems(self._new_id(name), exc)
            return
        except OSError as exc:
            self.problems.append((self._new_id(name), 1, "", f"cannot read the file: {exc.strerror or exc}"))
            return
        try:
            found = False
            for ws in book.worksheets:
                label = f"{name}[{ws.title}]"
                if getattr(ws, "sheet_state", "visible") != "visible":
                    # hidden and very hidden sheets: what the author chose not to show is not imported
                    self.skipped.append((label, "hidden sheet"))
                    continue
                found_table = recognise(ws.title, _first_row(ws))  # by its columns, else its name
                table = found_table.table
                if found_table.how == "name" and plans.is_template(book):
                    # the giải trình workbook's other sheets are named after agencies, and
                    # "Sở Kế hoạch và Đầu tư" names the plans table: only columns count there
                    table = None
                if table is None:
                    self.skipped.append((label, "neither the sheet name nor its columns name a table"))
                    continue
                found = True
                fid = self._new_id(label)
                stage = f"imp_stage_{fid}"
                try:
                    header, body = read.sheet_rows(ws)
                    if table == "plans" and plans.is_template(book):
                        body = plans.blank_unfilled(header, body)
                    rows, first = read.stage_rows(self.con, stage, header, body)
                except read.ReadError as exc:
                    self._read_problems(fid, exc)
                    continue
                self._add(read.Staged(fid, label, path, ws.title, table, stage, header, rows, first))
            if not found:
                fid = self._new_id(name)
                sheets = ", ".join(f'"{ws.title}"' for ws in book.worksheets)
                self.problems.append((fid, 1, "", f"no sheet names a table (sheets: {sheets}); "
                                                  f"name a sheet {TABLE_WORDS}"))
        finally:
            book.close()

    def _add(self, staged: read.Staged) -> None:
        try:
            self._copy_staged(staged)
        finally:
            # its rows are now in the typed or raw tables: the text copy would only hold memory
            self.con.execute(load_stream.drop_staged(staged.stage))

    def _copy_staged(self, staged: read.Staged) -> None:
        fid = staged.file_id
        hm = map_header(staged.table, staged.header)
        self.headers[fid] = dict(hm.headers)
        if hm.problems:
            for column, message in hm.problems:
                self.problems.append((fid, 1, column, message))
            return
        if staged.rows == 0:
            self.problems.append((fid, 1, "", "no data rows"))
            return
        self.staged.append(staged)
        keys = [c.key for c in TABLES[staged.table]]
        sources = {k: (f"c{hm.columns[k]}" if k in hm.columns else "cnull") for k in keys}
        n_cols = len(staged.header)
        if staged.table == "scores":
            self._add_scores(staged, hm, sources, n_cols)
        elif hm.wide:
            for pos, code, header in hm.wide:
                self.con.execute(q_stage.insert_wide(staged.stage, keys, sources, f"c{pos}"),
                                 [fid, staged.first_rowid, code, code == "", header])
        else:
            self.con.execute(q_stage.insert_raw(validate.RAW[staged.table], staged.stage,
                                                [sources[k] for k in keys], n_cols, False),
                             [fid, staged.first_rowid, None])

    def _add_scores(self, staged: read.Staged, hm, sources: dict[str, str], n_cols: int) -> None:
        """Scores are typed in one pass per file (or wide column) into `imp_scores`; only rows
        whose cells are not all plain go, as text, to the raw table for the generic cell checks."""
        fid, first = staged.file_id, staged.first_rowid
        keys = [c.key for c in TABLES["scores"]]
        if hm.wide:
            for pos, code, header in hm.wide:
                wide_sources = dict(sources, score=f"c{pos}", rank=sources["rank"] if code == "" else "cnull")
                self.con.execute(q_stage.insert_scores(staged.stage, wide_sources, n_cols, True),
                                 [fid, first, header, code])
                if self.con.execute(q_stage.SUSPECT_LINES, [fid]).fetchall()[0][0]:
                    self.con.execute(q_stage.only_suspect(q_stage.insert_wide(staged.stage, keys, sources, f"c{pos}")),
                                     [fid, first, code, code == "", header, first, fid, header])
            return
        self.con.execute(q_stage.insert_scores(staged.stage, sources, n_cols, False), [fid, first, None])
        if self.con.execute(q_stage.SUSPECT_LINES, [fid]).fetchall()[0][0]:
            self.con.execute(q_stage.only_suspect(q_stage.insert_raw(validate.RAW["scores"], staged.stage,
                                                                     [sources[k] for k in keys], n_cols, False)),
                             [fid, first, None, first, fid, None])

    # ------------------------------------------------------------------ problems
    def collect_problems(self) -> list[ImportProblem]:
        rows = self.con.execute(q_validate.PROBLEMS, [MAX_PROBLEMS_PER_FILE]).fetchall()
        found = [(fid, line, self._header(fid, col, header), message) for fid, line, col, header, message, _ in rows]
        totals = {fid: n for fid, *_rest, n in rows}
        found += self.problems
        found.sort(key=lambda p: (p[0], p[1] if p[1] is not None else 0))
        out: list[ImportProblem] = []
        shown: dict[int, int] = {}
        for fid, line, column, message in found:
            shown[fid] = shown.get(fid, 0) + 1
            if shown[fid] <= MAX_PROBLEMS_PER_FILE:
                out.append(ImportProblem(self.labels[fid], line, column, message))
        for fid, n in sorted(shown.items()):
            total = max(n, totals.get(fid, 0) + sum(1 for p in self.problems if p[0] == fid))
            if total > MAX_PROBLEMS_PER_FILE:
                out.append(ImportProblem(self.labels[fid], None, "", f"... and {total - MAX_PROBLEMS_PER_FILE} more"))
        return out

    def _header(self, fid: int, col: str, header: str | None) -> str:
        if header:
            return header
        col = _COLUMN_OF.get(col, col)
        written = self.headers.get(fid, {})
        if col in written:
            return written[col]
        if col == "unit_code" and "unit_name" in written:
            return written["unit_name"]
        return col


def load_files(db_path: Path, files: list[Path], *, replace: bool = False, source: str | None = None,
               kind: str = "user", display_names: dict[Path, str] | None = None,
               progress: Callable[[float, str], None] | None = None, batch_id: int | None = None) -> LoadResult:
    """Import `files` into `db_path` in one transaction; see docs/data-contract.md §1.
    `batch_id` is given only by a rebuild replaying an import under its original number. A
    user's own import keeps the database it replaces as the previous copy (`db.previous_path`)."""
    db_path = Path(db_path)
    files = [Path(f) for f in files]
    names = {Path(k): v for k, v in (display_names or {}).items()}
    # Demo data ("Dữ liệu minh họa") never enters a real database (issue 12).
    refused = refused_files(db_path, files, kind=kind, names=names)
    if refused:
        return LoadResult(False, [ImportProblem(*r) for r in refused],
                          message=f"{len(refused)} problems")
    with tempfile.TemporaryDirectory(prefix="pardash-import-") as tmp:
        try:
            with db.write_transaction(db_path, keep_before=kind == "user" and batch_id is None) as con:
                with _autocommit(con):
                    return _load(con, db_path, files, names, Path(tmp), replace, source, kind, progress, batch_id)
        except _Stop as stop:
            return stop.result


@contextlib.contextmanager
def _autocommit(con):
    """Run the import statement by statement (each its own transaction) on the private copy.

    DuckDB 2.0.0, inside one explicit transaction, loses every row of an `INSERT ... SELECT` that
    fills a whole row group (122,880 rows) when an earlier `INSERT ... SELECT` into the same table
    in that transaction inserted nothing: the rows stay counted in the table's statistics but no
    scan returns them. The importer inserts into `imp_problem` once per rule, so a rule that fired
    on that many rows after rules that found nothing lost all its problems and the load was stored
    (issue 9, point 3). Atomicity does not need the transaction: the copy is private and the
    rename in `write_transaction` is the commit point. (Fixed in DuckDB 2.0.1.)"""
    con.execute("COMMIT")
    try:
        yield
    finally:
        # `write_transaction` commits an open transaction (or throws the copy away)
        con.execute("BEGIN TRANSACTION")


def _load(con, db_path, files, names, tmp, replace, source, kind, progress, batch_id=None) -> LoadResult:
    for sql in q_cells.MACROS + q_stage.SETUP:
        con.execute(sql)
    for sql, value in zip(load_stream.LIMIT_MEMORY, (config.IMPORT_MEMORY_LIMIT, str(tmp))):
        con.execute(sql, [value])
    validate.create_raw_tables(con)
    load = _Load(con, files, names, tmp, progress)
    load.stage_all()
    con.execute(load_stream.ANY_ORDER)
    if not load.staged and not load.problems:
        for fid in load.tableless:
            load.problems.append((fid, 1, "", load.refusals.get(fid) or f"names no table: the file or sheet name must contain {TABLE_WORDS}"))
        if not load.tableless:
            raise _Stop(LoadResult(False, [ImportProblem("", None, "", "no .csv or .xlsx file given")],
                                   skipped=load.skipped, message="nothing to load"))
    load.progress(0.45, "checking")
    validate.validate_all(con, {s.table for s in load.staged}, False)
    errors = load.collect_problems()
    if not errors:
        counts = write.compare_all(con, replace)
        errors = load.collect_problems()
    if errors:
        raise _Stop(LoadResult(False, errors, skipped=load.skipped, message=f"{len(errors)} problems"))
    reports, stored = _reports(load, counts)
    if not any(r.rows_added or r.rows_replaced for r in reports):
        raise _Stop(LoadResult(True, [], stored, load.skipped, None, reports,
                               "nothing new: every row is already stored"))
    load.progress(0.7, "writing")
    batch_id = batch_id or con.execute(q_write.NEXT_BATCH).fetchall()[0][0]
    added = sum(r.rows_added for r in reports)
    replaced = sum(r.rows_replaced for r in reports)
    con.execute(q_write.INSERT_BATCH, [batch_id, kind, source, replace, added, replaced])
    hashes = {}
    for staged, report in zip(load.staged, reports):
        sha = hashes.setdefault(staged.path, sha256_of(staged.path))
        file_name = names.get(staged.path, staged.path.name)
        con.execute(q_write.INSERT_BATCH_FILE, [batch_id, file_name, staged.sheet, staged.table, sha,
                                                staged.rows, report.rows_added + report.rows_replaced])
    pairs = write.write_all(con, batch_id, source)
    load.progress(0.85, "computing ranks")
    from analysis.derive import refresh_facts

    refresh_facts(con, sorted(pairs))
    if kind == "user":
        _archive(db_path, batch_id, load, names, hashes, replace, source)
    load.progress(1.0, "done")
    return LoadResult(True, [], stored, load.skipped, batch_id, reports,
                      f"batch {batch_id}: {added} rows added, {replaced} replaced")


def _reports(load: _Load, counts) -> tuple[list[FileReport], dict[str, TableCounts]]:
    reports = []
    stored: dict[str, TableCounts] = {}
    for staged in load.staged:
        a, r, u = counts[staged.table].get(staged.file_id, (0, 0, 0))
        reports.append(FileReport(staged.label, staged.table, staged.rows, a, r, u))
        old = stored.get(staged.table, TableCounts())
        stored[staged.table] = TableCounts(old.rows_added + a, old.rows_replaced + r, old.rows_unchanged + u)
    return reports, stored


def _archive(db_path: Path, batch_id: int, load: _Load, names, hashes, replace, source) -> None:
    """Keep a copy of every imported file, so the database can be rebuilt and replayed."""
    folder = paths.import_archive_dir(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for path, sha in hashes.items():
        target = folder / f"{sha}{path.suffix.lower()}"
        # a copy cut short by a crash must never pass for the archived file: write under a
        # temporary name and rename, and re-copy an existing copy whose content is not the file
        if not target.exists() or sha256_of(target) != sha:
            _write_atomically(target, source_path=path)
        entries.append({"name": names.get(path, path.name), "sha256": sha, "archived": target.name})
    manifest = {"batch_id": batch_id, "loaded_at": dt.datetime.now().isoformat(timespec="seconds"),
                "replace": replace, "source": source, "files": entries}
    _write_atomically(folder / f"batch-{batch_id:05d}.json",
                      json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))


def _write_atomically(target: Path, data: bytes = b"", *, source_path: Path | None = None) -> None:
    """`data` (or a copy of `source_path`, streamed) at `target`, complete or not at all."""
    db.write_file(target, data, source_path=source_path)
