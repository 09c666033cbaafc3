"""Issue 42: a results folder proves itself (stray, foreign, damaged parts and a damaged
manifest are never read as results), and no worker outlives its batch."""

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.experiments.reading import read_runs

from .conftest import SCENARIOS
from .test_input_errors import GOOD

PARTS = "runs.parquet"


@pytest.fixture
def batch(tmp_path):
    """Factory: run the probe scenario into `tmp_path/name` (4 parts of 5 runs)."""
    probe = tmp_path / "probe.toml"
    probe.write_text(GOOD)

    def make(name, *extra):
        argv = ["run", str(probe), "--runs", "20", "--chunk", "5", "--workers", "1", "--quiet"]
        assert main([*argv, "--out", str(tmp_path / name), *extra]) == 0
        return tmp_path / name

    return make


def _parts(folder: Path) -> list[Path]:
    return sorted((folder / PARTS).glob("part-*.parquet"))


def _resume(folder: Path, *extra: str) -> int:
    """Resume the probe batch in `folder` (as the `batch` factory ran it)."""
    argv = ["run", str(folder.parent / "probe.toml"), "--runs", "20", "--chunk", "5"]
    return main([*argv, "--workers", "1", *extra, "--out", str(folder), "--resume"])


def _check(folder, capsys) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", str(folder)])
    return code, capsys.readouterr().out.splitlines()


def test_a_whole_folder_checks_clean(batch, capsys):
    folder = batch("a")
    code, lines = _check(folder, capsys)
    assert code == 0 and lines == [f"{folder}: 4 parts verified (20 runs); the batch finished"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert sorted(manifest["parts"]) == [f"{PARTS}/{p.name}" for p in _parts(folder)]
    assert {e["rows"] for e in manifest["parts"].values()} == {5}


def test_a_stray_copy_of_a_part_is_named_and_never_read(batch, capsys):
    folder = batch("a")
    whole = read_runs(folder)
    stray = folder / PARTS / "part-00000-000000000 (copy).parquet"
    shutil.copy(_parts(folder)[0], stray)
    assert _check(folder, capsys) == (1, [f"{stray}: not listed in manifest.json"])
    pd.testing.assert_frame_equal(read_runs(folder), whole)  # 20 runs, not 25
    assert stray.name in capsys.readouterr().err  # one warning naming it
    assert _resume(folder, "--quiet", "--format", "json") == 0
    assert json.loads((folder / "summary.json").read_text())["runs"] == 20


def test_a_part_of_another_batch_is_never_read(batch, capsys):
    folder, other = batch("a"), batch("b", "--seed", "9")
    whole = read_runs(folder)
    foreign = folder / PARTS / "part-00000-000000020.parquet"  # a name this batch never wrote
    shutil.copy(_parts(other)[0], foreign)
    code, lines = _check(folder, capsys)
    assert code == 1 and lines == [f"{foreign}: not listed in manifest.json"]
    pd.testing.assert_frame_equal(read_runs(folder), whole)
    shutil.copy(_parts(other)[1], _parts(folder)[1])  # replacing one of its own parts
    code, lines = _check(folder, capsys)
    assert code == 1 and f"{_parts(folder)[1]}: damaged or replaced" in lines[0]
    assert main(["plot", str(folder)]) == 2
    err = capsys.readouterr().err
    lines = err.splitlines()  # the error (after the warning naming the foreign part, once)
    assert "damaged or replaced" in lines[-1] and len(lines) <= 2 and "Traceback" not in err
    assert not (folder / "figures").exists()


@pytest.mark.parametrize("offset", [200, 600, -40])
def test_flipped_bytes_in_a_part_are_found_and_run_again(batch, offset, capsys):
    folder, whole = batch("a"), None
    whole = read_runs(folder)
    part = _parts(folder)[2]
    data = bytearray(part.read_bytes())
    data[offset : offset + 4] = b"\xde\xad\xbe\xef" if data[offset] != 0xDE else b"\x00" * 4
    part.write_bytes(bytes(data))
    code, lines = _check(folder, capsys)
    assert code == 1 and lines == [
        f"{part}: damaged or replaced: its SHA-256 differs from the one in manifest.json"
    ]
    assert main(["plot", str(folder)]) == 2
    assert "damaged or replaced" in capsys.readouterr().err
    code = _resume(folder)
    assert code == 0 and "1 damaged part(s) will be run again" in capsys.readouterr().err
    pd.testing.assert_frame_equal(read_runs(folder), whole)
    assert _check(folder, capsys)[0] == 0


def test_a_truncated_manifest_is_a_fault_not_a_traceback(batch, capsys):
    folder = batch("a")
    manifest = folder / "manifest.json"
    manifest.write_text(manifest.read_text()[:300])
    code, lines = _check(folder, capsys)
    assert code == 1 and len(lines) == 1 and "not valid JSON" in lines[0]
    assert main(["plot", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(manifest) in err and "Traceback" not in err


def test_a_missing_listed_part_is_a_fault(batch, capsys):
    folder = batch("a")
    gone = _parts(folder)[0]
    gone.unlink()
    code, lines = _check(folder, capsys)
    assert code == 1 and lines == [f"{gone}: listed in manifest.json but missing"]


@pytest.mark.parametrize("name", ["delegations.parquet", "summary.json"])
def test_a_damaged_table_beside_the_runs_is_a_fault(name, batch, capsys):
    folder = batch("a")
    (folder / name).write_text("xx")
    code, lines = _check(folder, capsys)
    assert code == 1 and lines == [f"{folder / name}: damaged (it does not read)"]
    if name == "delegations.parquet":  # the figures read it
        assert main(["plot", str(folder)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "not a readable Parquet file" in err


def test_figures_cut_short_or_gone_are_a_fault_until_drawn_again(batch, capsys):
    folder = batch("a")
    figures = folder / "figures"
    assert main(["plot", str(folder)]) == 0
    assert _check(folder, capsys)[0] == 0
    (figures / "figures.json").unlink()  # as Ctrl-C while drawing leaves it
    code, lines = _check(folder, capsys)
    assert code == 1 and lines == [
        f"{figures}: no figures.json (drawing was cut short, or the folder predates the "
        f"index): negsim plot {folder} draws them again"
    ]
    assert main(["plot", str(folder)]) == 0
    (figures / "outcomes.png").unlink()
    code, lines = _check(folder, capsys)
    assert code == 1 and lines[0].startswith(f"{figures / 'outcomes.png'}: listed in figures.json")
    assert main(["plot", str(folder)]) == 0 and _check(folder, capsys)[0] == 0


def test_plotting_an_unfinished_batch_says_so(batch, capsys):
    folder = batch("a")
    manifest = folder / "manifest.json"
    meta = json.loads(manifest.read_text())
    meta["finished"] = None  # as a batch stopped half-way leaves it
    manifest.write_text(json.dumps(meta))
    capsys.readouterr()
    assert main(["plot", str(folder)]) == 0
    assert "the batch did not finish: the figures show only the runs" in capsys.readouterr().err


def test_a_resumed_batch_keeps_how_it_was_started(batch):
    folder = batch("a")
    first = json.loads((folder / "manifest.json").read_text())
    _parts(folder)[-1].unlink()  # as if stopped before its last chunk
    meta = json.loads((folder / "manifest.json").read_text())
    meta["parts"] = {k: v for k, v in meta["parts"].items() if not k.endswith("part-0-15.parquet")}
    (folder / "manifest.json").write_text(json.dumps(meta))
    assert _resume(folder) == 0
    after = json.loads((folder / "manifest.json").read_text())
    assert (after["started"], after["command"]) == (first["started"], first["command"])
    (resumed,) = after["resumed"]
    assert set(resumed) == {"command", "at"} and resumed["at"] >= first["started"]


@pytest.mark.parametrize(
    "extra, named",
    [
        (("--seed", "3"), "--seed differs (the folder's: 0, this one: 3)"),
        (("--chunk", "4"), "--chunk"),
    ],
)
def test_a_resume_refused_names_what_differs(extra, named, batch, capsys):
    folder = batch("a")
    capsys.readouterr()
    argv = ["run", str(folder.parent / "probe.toml"), "--runs", "20", "--workers", "1", *extra]
    assert main([*argv, "--out", str(folder), "--resume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and named in err


def _children(pid: int) -> set[int]:
    """Every descendant of `pid` (from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rpartition(")")[2].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start_batch(tmp_path) -> tuple[subprocess.Popen, set[int]]:
    probe = tmp_path / "probe.toml"
    probe.write_text(GOOD)
    folder = tmp_path / "r"
    cmd = [
        sys.executable,
        "-m",
        "sim.cli",
        "--scenarios",
        str(SCENARIOS),
        "run",
        str(probe),
        "--runs",
        "2000000",
        "--chunk",
        "20",
        "--workers",
        "2",
        "--quiet",
        "--out",
        str(folder),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list((folder / PARTS).glob("part-*")):
        time.sleep(0.1)
    workers = _children(proc.pid)
    assert len(workers) >= 2, "the pool did not start"
    return proc, workers


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_no_worker_survives_its_parent_killed_with_sigkill(tmp_path):
    proc, workers = _start_batch(tmp_path)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    time.sleep(10)
    survivors = [pid for pid in workers if _alive(pid)]
    for pid in survivors:  # do not leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert not survivors


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_the_batch_and_its_workers(tmp_path):
    proc, workers = _start_batch(tmp_path)
    os.kill(proc.pid, signal.SIGTERM)
    # about a second on an idle machine; generous for a loaded CI runner (it once took > 10 s
    # with another test suite on the same 2 cores); communicate() never blocks on a full pipe
    try:
        _, err = proc.communicate(timeout=60)
    finally:  # a batch that did not stop must not outlive the test
        if proc.poll() is None:
            for pid in [proc.pid, *workers]:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
    err, code = err.decode(), proc.returncode
    time.sleep(1)
    assert not [pid for pid in workers if _alive(pid)]
    assert code == 130 and "runs finished and are kept in" in err, err


HALF_A_RESULT = """
import os, struct, time
from concurrent.futures import ProcessPoolExecutor
from sim.experiments.shutdown import end_workers

if __name__ == "__main__":
    pool = ProcessPoolExecutor(1)
    pool.submit(int, "1").result()  # the pool's manager thread now waits on the result pipe
    # half a message in the pipe, as a worker ended while it sent its result leaves it
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)
    time.sleep(0.2)
    end_workers(pool)
    pool.shutdown(wait=True, cancel_futures=True)
    print("shut down")
"""


def test_ending_the_workers_never_leaves_the_pool_waiting_for_half_a_result(tmp_path):
    """A SIGTERM once left a batch hanging for good: a worker ended mid-send, and the pool's
    manager thread waited in recv() for the rest of its result (so did shutdown)."""
    script = tmp_path / "half.py"
    script.write_text(HALF_A_RESULT)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1])}
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.stdout.strip() == "shut down", done.stderr
