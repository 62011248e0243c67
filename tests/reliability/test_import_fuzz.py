"""300 random CSV files (seeded): each one either loads or is refused with `ImportProblem`
messages; never an exception, and a refused load leaves the database byte for byte as it was
(issue 9, point 7)."""
from __future__ import annotations

import codecs
import random

import pytest

from analysis.importer import load_files
from analysis.importer.model import ImportProblem
from tests.unit.import_fixture import index_tree, reference_db, sha

SEED = 9
FILES = 300
HEADERS = ["index_code,year,unit_code,score", "chi_so;nam;Mã đơn vị;Điểm", "index_code\tyear\tunit_name\tscore",
           "index_code,year,unit_code,criterion_code,score,rank,source", "a,b,c", ""]
CELLS = ["PAR_INDEX", "SIPAS", "par index", "2023", "2024", "2025", "20", "01", "1", "Lạng Sơn", "Hà Nội",
         "85,57", "85.57", "1.234,5", "-1", "abc", "", " ", "\"quoted, with comma\"", "\"a \"\"b\"\" c\"",
         "\"open quote", "x\"y", "Đà Nẵng", "%", "12%", "\u0301", "\x00", "\r", "\n", "\"line\nbreak\""]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1258", "cp1252", "latin-1"]


def _valid_text(rnd: random.Random, index_code: str) -> str:
    """A well-formed scores file (its own index, so files never conflict) in random dress."""
    sep = rnd.choice([",", ";", "\t"])
    keys = rnd.sample([(y, c) for y in range(2015, 2025) for c in ("01", "20", "79", "48", "31")], rnd.randint(1, 12))
    lines = [sep.join(["index_code", "year", "unit_code", "score", "source"])]
    for year, code in keys:
        score = f"{rnd.uniform(0, 100):.2f}"
        score = f'"{score.replace(".", ",")}"' if rnd.random() < 0.5 else score
        note = rnd.choice(["", "QĐ 876", '"Phụ lục 2, mục 3"', '"a ""b"""'])
        lines.append(sep.join([index_code, str(year), code, score, note]))
    return "".join(line + rnd.choice(["\n", "\r\n"]) for line in lines)


def _text(rnd: random.Random) -> str:
    header = rnd.choice(HEADERS)
    sep = "\t" if "\t" in header else (";" if ";" in header else ",")
    ncol = max(1, header.count(sep) + 1)
    lines = [header]
    for _ in range(rnd.randint(0, 12)):
        width = ncol if rnd.random() < 0.8 else rnd.randint(1, ncol + 2)
        lines.append(sep.join(rnd.choice(CELLS) for _ in range(width)))
    out = []
    for line in lines:
        out.append(line + rnd.choice(["\n", "\r\n", "\r\n", "\r", ""]) if rnd.random() < 0.97 else line)
    return "".join(out)


def _bytes(rnd: random.Random, text: str, damage: bool = True) -> bytes:
    encoding = rnd.choice(ENCODINGS[:5] if not damage else ENCODINGS)
    data = text.encode(encoding, errors="replace") if not encoding.startswith("cp") else \
        codecs.encode(text, encoding, errors="replace")
    kind = rnd.random() if damage else 1.0
    if kind < 0.15 and data:        # random bytes somewhere
        pos = rnd.randrange(len(data))
        data = data[:pos] + bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 8))) + data[pos:]
    elif kind < 0.25 and data:      # cut short (odd-length UTF-16 among them)
        data = data[:rnd.randrange(len(data))]
    elif kind < 0.28:               # pure noise
        data = bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 300)))
    return data


@pytest.mark.fuzz
def test_random_csv_files_load_or_get_messages(tmp_path):
    rnd = random.Random(SEED)
    db = reference_db(tmp_path)
    outcomes = {"loaded": 0, "refused": 0}
    for i in range(FILES):
        valid = rnd.random() < 0.2
        name = "scores.csv" if valid else rnd.choice(["scores.csv", "diem.csv", "units.csv", "notes.csv"])
        path = tmp_path / f"f{i:03d}" / name
        path.parent.mkdir()
        text = _valid_text(rnd, f"FUZZ{i}") if valid else _text(rnd)
        path.write_bytes(_bytes(rnd, text, damage=not valid))
        before = sha(db)
        try:
            # a well-formed file's made-up index brings its tree (issue 10's rule)
            result = load_files(db, [index_tree(path.parent, f"FUZZ{i}"), path] if valid else [path])
        except Exception as exc:  # the property under test: no file may raise
            raise AssertionError(f"file {i} ({path.name}, {path.read_bytes()[:80]!r}) raised {exc!r}") from exc
        if valid:
            assert result.ok, (i, [str(p) for p in result.errors])
        if result.ok:
            outcomes["loaded"] += 1
        else:
            outcomes["refused"] += 1
            assert result.errors and all(isinstance(p, ImportProblem) for p in result.errors), i
            assert all(p.file.startswith(path.name) or p.file == "" for p in result.errors), result.errors
            assert sha(db) == before, f"file {i} was refused but the database changed"
    # the generator makes both kinds; the test would prove nothing if one side were empty
    assert outcomes["loaded"] > 10 and outcomes["refused"] > 100, outcomes
