"""A piece of work done in a thread of its own whenever it is asked for: requests that come
while it runs make one more run, not one each (pushing, a render per audience, full builds)."""

from __future__ import annotations

import logging
import threading
import time

log = logging.getLogger("playbook.server")


class WhenAsked:
    """Runs :meth:`run_once` in a daemon thread after each :meth:`request` (and at
    :meth:`start`); also every ``every`` seconds when given. ``settle``: seconds to wait
    after being asked, so that requests close together make one run."""

    def __init__(self, name: str, every: float | None = None, settle: float = 0.0) -> None:
        self.thread_name = name
        self.every = every
        self.settle = settle
        self._wanted = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def run_once(self) -> None:  # pragma: no cover (each kind of work says what it does)
        raise NotImplementedError

    def start(self) -> None:
        self._wanted.set()
        self._thread.start()

    def request(self) -> None:
        """Run soon (once, however many requests come before the run begins)."""
        self._wanted.set()

    def stop(self) -> None:
        self._stopping.set()
        self._wanted.set()
        self.stopped()
        self._thread.join(timeout=30)

    def stopped(self) -> None:
        """What the work does to end at once when it is stopped (a child process …)."""

    def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wanted.wait(self.every)
            if self._stopping.is_set():
                return
            if self.settle:
                time.sleep(self.settle)
            self._wanted.clear()
            try:
                self.run_once()
            except Exception:  # the thread must go on: the next run tries again
                log.exception("%s: unexpected failure", self.thread_name)
