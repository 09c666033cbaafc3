"""Progress of long commands: a tqdm bar on a terminal or in a notebook (a widget there), plain
lines otherwise, or nothing."""

import importlib.util
import sys
import time


def in_notebook() -> bool:
    """Whether we run inside a Jupyter kernel (where stderr is no terminal but a bar shows)."""
    return "ipykernel" in sys.modules


class Progress:
    """Counts finished runs (or other `unit`s); shows throughput and ETA on stderr."""

    def __init__(
        self, total: int, label: str, quiet: bool = False, done: int = 0, unit: str = "run"
    ):
        self.total, self.label, self.done, self.unit = total, label, done, unit
        self.quiet = quiet
        self.bar = None
        self.started = self.last = time.monotonic()
        if not quiet and (sys.stderr.isatty() or in_notebook()):
            if in_notebook() and importlib.util.find_spec("ipywidgets"):
                from tqdm.notebook import tqdm
            else:  # a text bar (Jupyter without ipywidgets shows it as well)
                from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                initial=done,
                desc=label,
                unit=unit,
                file=sys.stderr,
                dynamic_ncols=True,
            )

    def update(self, n: int) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
        elif not self.quiet:
            now = time.monotonic()
            if now - self.last >= 2.0 or self.done >= self.total:
                self.last = now
                print(self.line(now), file=sys.stderr, flush=True)

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        eta = (self.total - self.done) / rate if rate > 0 else float("inf")
        speed = f"{rate:.0f}" if rate >= 10 else f"{rate:.2g}"  # slow units: 0.17 draws/s
        return (
            f"{self.label}: {self.done}/{self.total} {self.unit}s "
            f"({self.done / self.total:.0%}), {speed} {self.unit}s/s, ETA {eta:.0f} s"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
