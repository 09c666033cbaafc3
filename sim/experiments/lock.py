"""An exclusive lock on a results folder: one writer at a time.

The lock is an OS lock (`fcntl.flock`) on `<folder>/.lock`, a file that also holds the
writer's PID so that a second writer can say who holds it. The kernel drops the lock when
its holder dies, however it dies, so a stale `.lock` left by a killed batch is simply taken
over by the next writer (its PID is overwritten).
"""

import fcntl
import os
from pathlib import Path

from sim.inputs.errors import InputError, writable

LOCK = ".lock"


class FolderLock:
    """Holds the exclusive lock on one results folder until `release()`."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, creating the folder; an InputError naming the holder's PID if
        another process writes here."""
        if self._fd is not None:
            return
        with writable(self.folder):
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(fd)
            raise InputError(
                self.folder,
                "",
                f"another negsim (PID {holder}) is writing this folder; wait for it to finish "
                "or choose another --out",
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Let the lock go (explicitly, so that forked workers holding the file cannot keep
        it)."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
