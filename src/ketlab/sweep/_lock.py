"""One writer per sweep store: an exclusive ``flock`` on ``<store>.lock`` beside the store.

The kernel releases a ``flock`` when its holder exits, however it exits (SIGKILL included), so a
lock left by a dead process is never in the way: the next writer simply takes it. The lock file
records who holds it (pid, host, start time, command) so that a second writer is refused with a
message naming the running one. The file is removed when the lock is released; a writer that
opened the file just before it was removed notices (the path no longer names the inode it
locked) and tries again.
"""

from __future__ import annotations

import datetime as _dt
import errno
import json
import os
import socket
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import StoreError

__all__ = ["StoreLock", "lock_path"]


def lock_path(store: Path) -> Path:
    """The lock file of ``store``: ``<store>.lock`` in the same directory.

    >>> lock_path(Path("runs/x.zarr")).as_posix()
    'runs/x.zarr.lock'
    """
    return store.with_name(store.name + ".lock")


def _holder_text(path: Path) -> str:
    info: dict[str, Any] = {}
    for _ in range(40):  # the holder writes its details just after locking
        try:
            info = json.loads(path.read_text() or "{}")
        except (OSError, ValueError):
            info = {}
        if info:
            break
        time.sleep(0.025)
    if not info:
        return "another process (it is starting up)"
    return (
        f"pid {info.get('pid', '?')} on {info.get('host', '?')}, started "
        f"{info.get('started_utc', '?')} ({info.get('command', '?')})"
    )


class StoreLock:
    """An exclusive, non-blocking write lock on a sweep store.

    >>> import tempfile, pathlib
    >>> store = pathlib.Path(tempfile.mkdtemp()) / "s.zarr"
    >>> with StoreLock(store):
    ...     try:
    ...         StoreLock(store).acquire()
    ...     except Exception as exc:
    ...         print(type(exc).__name__)
    StoreError
    """

    def __init__(self, store: Path) -> None:
        self.store = Path(store)
        self.path = lock_path(self.store)
        self._fd: int | None = None

    def acquire(self) -> StoreLock:
        import fcntl

        for _ in range(50):
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise StoreError(
                        f"sweep store {self.store} is being written by {_holder_text(self.path)}; "
                        "wait for it to finish (or stop it) before resuming or overwriting."
                    ) from None
                raise StoreError(
                    f"cannot lock sweep store {self.store} for writing ({exc}); the file system "
                    "must support flock."
                ) from None
            try:  # the lock must be on the file the path names now (not one just removed)
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if not same:
                os.close(fd)
                time.sleep(0.01)
                continue
            info = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "started_utc": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                "command": " ".join(os.path.basename(a) for a in sys.argv[:3]) or "python",
            }
            os.ftruncate(fd, 0)
            os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
            self._fd = fd
            return self
        raise StoreError(f"cannot lock sweep store {self.store}: its lock file keeps changing.")

    def release(self) -> None:
        if self._fd is None:
            return
        import fcntl

        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> StoreLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()
