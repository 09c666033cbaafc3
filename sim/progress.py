"""Progress of long commands: a tqdm bar on a terminal, plain lines otherwise, or nothing."""

import sys
import time


class Progress:
    """Counts finished runs; shows throughput and ETA on stderr."""

    def __init__(self, total: int, label: str, quiet: bool = False, done: int = 0):
        self.total, self.label, self.done = total, label, done
        self.quiet = quiet
        self.bar = None
        self.started = self.last = time.monotonic()
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(
                total=total,
                initial=done,
                desc=label,
                unit="run",
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
        return (
            f"{self.label}: {self.done}/{self.total} runs ({self.done / self.total:.0%}), "
            f"{rate:.0f} runs/s, ETA {eta:.0f} s"
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
