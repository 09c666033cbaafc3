"""The fit cache stays under its size limit by dropping the fits used longest ago."""

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

from sim.cli import main
from sim.estimation import fit_cache
from sim.estimation.ideal_points import fit
from sim.inputs.errors import InputError

from .test_record_errors import LIKE, tiny_fit_record


def _name(label: str) -> str:
    """A fit's file name as the cache gives it (24 hex digits), standing for `label`."""
    return hashlib.sha256(label.encode()).hexdigest()[:24] + ".npz"


def _files(folder: Path, sizes: dict[str, int]) -> None:
    """Fit files of the given sizes, used in the order given (the first longest ago)."""
    for age, (name, size) in enumerate(sizes.items()):
        path = folder / _name(name)
        path.write_bytes(b"x" * size)
        os.utime(path, (1_000_000 + age, 1_000_000 + age))


def test_prune_drops_the_fits_used_longest_ago_until_under_the_limit(tmp_path):
    _files(tmp_path, {"old": 400, "mid": 400, "new": 400})
    (tmp_path / "notes.txt").write_bytes(b"y" * 10_000)  # not a fit: never counted or removed
    removed = fit_cache.prune(tmp_path, limit=850)
    assert [p.name for p in removed] == [_name("old")]
    assert {p.name for p in tmp_path.iterdir()} == {_name("mid"), _name("new"), "notes.txt"}
    assert fit_cache.prune(tmp_path, limit=800) == []


def test_prune_never_touches_what_the_cache_did_not_name(tmp_path):
    _files(tmp_path, {"fit": 400})
    others = ["my_results.npz", f"{_name('w')[:-4]}.123.abcd1234.tmp.npz"]  # a user's, a write
    for name in others:
        (tmp_path / name).write_bytes(b"z" * 10_000)
        os.utime(tmp_path / name, (1, 1))  # older than every fit
    assert fit_cache.prune(tmp_path, limit=0) == [tmp_path / _name("fit")]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(others)


def test_a_fit_that_cannot_be_removed_still_counts(tmp_path, monkeypatch):
    _files(tmp_path, {"locked": 400, "mid": 400, "new": 400})
    unlink = Path.unlink

    def refuse(path, *args, **kwargs):
        if path.name == _name("locked"):
            raise PermissionError("not ours")
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", refuse)
    assert fit_cache.prune(tmp_path, limit=850) == [tmp_path / _name("mid")]


def test_prune_never_drops_the_fit_just_written(tmp_path):
    _files(tmp_path, {"just-written": 500, "other": 500})
    fit_cache.prune(tmp_path, limit=0, keep=tmp_path / _name("just-written"))
    assert [p.name for p in tmp_path.iterdir()] == [_name("just-written")]


def test_reading_a_fit_counts_as_using_it(tmp_path):
    _files(tmp_path, {"read-again": 400, "written-later": 400})
    again = tmp_path / _name("read-again")
    with open(again, "wb") as fh:
        np.savez(fh, a=np.arange(3))
    os.utime(again, (1_000_000, 1_000_000))
    assert fit_cache.read(again, ("a",))["a"].tolist() == [0, 1, 2]
    fit_cache.prune(tmp_path, limit=os.path.getsize(again))
    assert [p.name for p in tmp_path.iterdir()] == [again.name]


def test_fits_beyond_the_limit_are_dropped_and_refitted_on_demand(tmp_path, monkeypatch):
    monkeypatch.setenv(fit_cache.SIZE_ENV, "0")  # room for the last fit only
    record = tiny_fit_record()
    first = fit(record, dims=1, cache=tmp_path)
    fit(record, dims=2, cache=tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 1
    again = fit(record, dims=1, cache=tmp_path)
    assert again.iterations > 0 and np.allclose(again.x, first.x)  # refitted, the same fit
    monkeypatch.delenv(fit_cache.SIZE_ENV)
    fit(record, dims=2, cache=tmp_path)
    assert len(list(tmp_path.glob("*.npz"))) == 2  # the default limit holds both


@pytest.mark.parametrize("value", ["lots", "-1", "nan", "inf"])
def test_a_bad_size_limit_is_one_error_naming_the_variable(value, monkeypatch):
    monkeypatch.setenv(fit_cache.SIZE_ENV, value)
    with pytest.raises(InputError, match="NEGSIM_CACHE_MB: expected a number of megabytes"):
        fit_cache.limit_bytes()


def test_a_bad_size_limit_stops_the_command_in_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEGSIM_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv(fit_cache.SIZE_ENV, "lots")
    out = tmp_path / "votes.csv"
    assert main(["predict", str(LIKE), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "NEGSIM_CACHE_MB" in err and "Traceback" not in err
    assert not out.exists()
