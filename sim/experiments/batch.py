"""Run the cells of an experiment in chunks, locally or on a Dask cluster, into a Store.

Run `r` of every cell gets the seed `run_seed(master_seed, r)`: designs share their seeds
(common random numbers) and a chunk's rows depend only on (cell, runs, seed), never on the
executor, the number of workers or the order chunks finish in.
"""

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from threadpoolctl import threadpool_limits

from sim.experiments.experiment import Cell, Experiment
from sim.experiments.progress import Progress
from sim.experiments.results import content_hash, manifest, now
from sim.experiments.runner import design_columns, run_range
from sim.experiments.shutdown import end_workers, sigterm_interrupts, watch_parent
from sim.experiments.store import Store
from sim.inputs.calibrated import plan_entry
from sim.inputs.errors import Interrupted, WorkersLost

DEFAULT_CHUNK = 250


@dataclass(frozen=True)
class Chunk:
    """Runs `start .. start+count-1` of one cell."""

    cell: int
    start: int
    count: int


def chunks(n_cells: int, replications: int, size: int = DEFAULT_CHUNK) -> list[Chunk]:
    """Every chunk of a batch, in run order.

    >>> [(c.cell, c.start, c.count) for c in chunks(2, 5, 3)]
    [(0, 0, 3), (0, 3, 2), (1, 0, 3), (1, 3, 2)]
    """
    return [
        Chunk(cell, start, min(size, replications - start))
        for cell in range(n_cells)
        for start in range(0, replications, size)
    ]


def run_chunk(
    cell: Cell, chunk: Chunk, master_seed: int, record_sessions: bool
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The runs (and, if asked, per-session rows) of one chunk, on one BLAS thread.

    One thread wherever the chunk runs (this process, a pool worker, a Dask worker): the
    engine's 193 x 193 products gain nothing from more on this size, and the BLAS threads of
    two worker processes that wait by spinning take each other's cores.
    """
    ident = {
        "cell": cell.index,
        "design": cell.label(),
        **design_columns(cell.scenario),
        **{f"lever_{k}": cell.show(k) for k in cell.levers},
        **{f"u_{k}": v for k, v in cell.factors.items()},
    }
    runs = range(chunk.start, chunk.start + chunk.count)
    with threadpool_limits(limits=1):
        rows, sessions = run_range(cell.scenario, runs, master_seed, ident, record_sessions)
    return (
        pd.DataFrame.from_records(rows),
        pd.DataFrame.from_records(sessions) if record_sessions else None,
    )


def plan_hash(experiment: Experiment, chunk_size: int, record_sessions: bool) -> str:
    """Identifies a batch: same hash, same rows (what --resume checks)."""
    text = json.dumps(
        {
            "input": content_hash(experiment.source)
            if Path(experiment.source).is_file()
            else experiment.source,
            "base": content_hash(experiment.base.path)
            if Path(experiment.base.path).is_file()
            else None,
            "levers": experiment.levers,
            "samples": experiment.samples,
            "replications": experiment.replications,
            "seed": experiment.seed,
            "chunk": chunk_size,
            "sessions": record_sessions,
            **plan_entry(experiment.base.calibration),
        },
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _local(cells, todo, seed, record, workers) -> Iterator[tuple[Chunk, tuple]]:
    if workers <= 1 or len(todo) <= 1:  # a pool would only add its start-up time
        for chunk in todo:
            yield chunk, run_chunk(cells[chunk.cell], chunk, seed, record)
        return
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=watch_parent, initargs=(os.getpid(),)
    )
    try:
        futures = {pool.submit(run_chunk, cells[c.cell], c, seed, record): c for c in todo}
        for future in as_completed(futures):
            yield futures.pop(future), future.result()
    except BaseException:  # an interrupt: end the workers now; finished chunks are on disk
        end_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(cells, todo, seed, record, address) -> Iterator[tuple[Chunk, tuple]]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    with Client(address) as client:
        shared = client.scatter(cells, broadcast=True)
        futures = {
            client.submit(run_chunk, shared[c.cell], c, seed, record, pure=False): c for c in todo
        }
        for future in dask_completed(list(futures)):
            chunk = futures.pop(future)
            result = future.result()
            future.release()
            yield chunk, result


def execute(
    experiment: Experiment,
    store: Store,
    *,
    kind: str,
    resume: bool = False,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    record_sessions: bool = False,
    quiet: bool = False,
) -> list[Cell]:
    """Run every unfinished chunk of the experiment into `store`; return its cells."""
    cells = experiment.cells()
    meta = manifest(
        kind,
        experiment.source,
        experiment.seed,
        now(),
        experiment.base.calibration,
        plan_sha256=plan_hash(experiment, chunk_size, record_sessions),
        runs=len(cells) * experiment.replications,
        cells=len(cells),
        replications=experiment.replications,
        uncertainty_method=experiment.method,
        chunk_size=chunk_size,
        sessions_table=record_sessions,
        finished=None,
    )
    store.prepare(meta, resume)
    store.write_table("delegations.parquet", delegations_table(experiment))
    run_cells(
        cells,
        store,
        meta,
        experiment.replications,
        experiment.seed,
        label=experiment.name,
        workers=workers,
        scheduler=scheduler,
        chunk_size=chunk_size,
        record_sessions=record_sessions,
        quiet=quiet,
    )
    return cells


def run_cells(
    cells: list[Cell],
    store: Store,
    meta: dict,
    replications: int,
    seed: int,
    *,
    label: str,
    workers: int = 1,
    scheduler: str | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    record_sessions: bool = False,
    quiet: bool = False,
) -> None:
    """Run the chunks of `cells` not yet in the prepared `store`, then stamp its manifest
    (`meta`) finished and release the folder's lock. Each finished chunk is on disk and
    listed at once: an interrupt (Ctrl-C or SIGTERM) loses none, ends the workers and raises
    `Interrupted`, which names the folder to resume."""
    every = chunks(len(cells), replications, chunk_size)
    todo = [c for c in every if not store.done(c.cell, c.start, c.count, record_sessions)]
    if store.redone and not quiet:
        print(
            f"{store.folder}: {len(store.redone)} damaged part(s) will be run again: "
            + ", ".join(store.redone[:3])
            + (", ..." if len(store.redone) > 3 else ""),
            file=sys.stderr,
        )
    total = len(cells) * replications
    progress = Progress(total, label, quiet, done=total - sum(c.count for c in todo))
    results = (
        _dask(cells, todo, seed, record_sessions, scheduler)
        if scheduler
        else _local(cells, todo, seed, record_sessions, workers)
    )
    try:
        with sigterm_interrupts():
            for chunk, (runs, sessions) in results:
                store.write_chunk(chunk.cell, chunk.start, runs, sessions)
                progress.update(chunk.count)
        store.write_manifest({**meta, "finished": now()})
    except KeyboardInterrupt:
        results.close()  # ends the workers before the message
        raise Interrupted(store.folder, store.finished_runs(), total) from None
    except BrokenProcessPool:
        raise WorkersLost(store.folder, store.finished_runs(), total) from None
    finally:
        progress.close()
        store.close()  # the folder's lock: its runs are written


def delegations_table(experiment: Experiment) -> pd.DataFrame:
    """Who takes part in the base scenario: group, ideal point and whether it chairs; and, for
    the figures, each issue's status quo, zero draft (NaN without one) and end labels."""
    s = experiment.base
    chair = s.institution.chair.iso3
    table = pd.DataFrame({"iso3": s.delegations, "group": s.groups})
    table["chair"] = [code == chair for code in s.delegations]
    for j, issue in enumerate(s.issues):
        table[issue.name] = s.ideal[:, j]
        table[f"status_quo_{issue.name}"] = s.status_quo[j]
        draft = s.zero_draft[j] if s.zero_draft is not None else float("nan")
        table[f"zero_draft_{issue.name}"] = float(draft)
        table[f"low_{issue.name}"] = issue.low
        table[f"high_{issue.name}"] = issue.high
    return table
