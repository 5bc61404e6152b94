"""Property-based fuzzing (hypothesis) of the file inputs: mutated Turtle graphs and article texts
given to ``conflictkg validate``, ``extract`` and ``ingest --dry-run`` (in process, through the CLI's
own ``main``): each run ends with exit 0, 1 or 2 and a message — never a traceback, never a hang.
Inputs that once failed are kept in tests/data/fuzz-regressions/ (target "validate" / "extract")."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conflictkg.cli import main

ROOT = Path(__file__).parent.parent
SEED_SLUG = "2024-11-30-syrian-troops-withdraw-from-aleppo"
REGRESSIONS = Path(__file__).parent / "data" / "fuzz-regressions"
FUZZ = settings(max_examples=40, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
CASES = {"count": 0}
PIECES = ["<", ">", "\"", "'", "\"\"\"", ".", ";", ",", "@prefix", "a", "_:b", "^^", "@en", "\\", "\\u00", "\n", "\r",
          "\x00", "\ufeff", "é", "😀", "#", "[", "]", "(", ")", "ckg:", "<http://x y>", "1e999", "\"2024-02-30\"^^xsd:date"]


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzzrepo")
    for part in ("reference", "graphs", "articles"):
        shutil.copytree(ROOT / "data" / part, root / "data" / part)
    yield root
    print(f"\nFIGURE fuzz (files): {CASES['count']} runs")


def mutate(text: str, data) -> str:
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, max(0, len(text) - 1)))
        piece = data.draw(st.sampled_from(PIECES))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + piece + text[at + cut:]
    return text


def run_cli(*args: str, capsys=None) -> int:
    CASES["count"] += 1
    code = main(list(args))
    assert code in (0, 1, 2), code
    return code


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@FUZZ
@given(data=st.data())
def test_validate_mutated_turtle(repo, tmp_path_factory, data, capsys):
    seed = (ROOT / "data" / "graphs" / f"{SEED_SLUG}.ttl").read_text()
    text = mutate(seed, data)
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16"]))
    target = write(repo / "data" / "graphs" / f"{SEED_SLUG}.ttl", text.encode(encoding, errors="replace"))
    engine = data.draw(st.sampled_from(["sparql", "shacl"]))
    code = run_cli("--data", str(repo), "validate", str(target), "--jobs", "1", "--no-cache", "--engine", engine)
    err = capsys.readouterr().err
    if code == 2:
        assert err.strip(), "exit 2 must say what is wrong"
        assert "Traceback" not in err


@FUZZ
@given(data=st.data())
def test_extract_and_validate_mutated_articles(repo, tmp_path, data, capsys):
    seed = (ROOT / "data" / "articles" / f"{SEED_SLUG}.txt").read_text()
    text = mutate(seed, data) if data.draw(st.booleans()) else data.draw(st.text(max_size=400))
    raw = text.encode("utf-8", errors="replace")
    if data.draw(st.booleans()):
        raw = data.draw(st.binary(max_size=32)) + raw
    article = write(tmp_path / "fuzzed-article.txt", raw)
    out = tmp_path / "out.ttl"
    code = run_cli("--data", str(repo), "extract", str(article), "-o", str(out))
    err = capsys.readouterr().err
    if code == 2:
        assert err.strip() and "Traceback" not in err
    else:
        assert out.exists()
    text_target = write(repo / "data" / "articles" / f"{SEED_SLUG}.txt", raw)
    run_cli("--data", str(repo), "validate", str(text_target), "--jobs", "1", "--no-cache", "--engine", "sparql")
    capsys.readouterr()


def regressions() -> list[Path]:
    return [p for p in sorted(REGRESSIONS.glob("*.json")) if json.loads(p.read_text())["target"] in ("validate", "extract")]


@pytest.mark.parametrize("case", regressions(), ids=lambda p: p.stem)
def test_file_regressions(repo, tmp_path, case, capsys):
    entry = json.loads(case.read_text())
    path = write(tmp_path / entry["name"], entry["input"].encode(entry.get("encoding", "utf-8"), errors="surrogateescape"))
    if entry["target"] == "extract":
        run_cli("--data", str(repo), "extract", str(path), "-o", str(tmp_path / "out.ttl"))
    else:
        run_cli("--data", str(repo), "validate", str(path), "--jobs", "1", "--no-cache")
    assert "Traceback" not in capsys.readouterr().err
