"""The journal writers (card claims, and the turn log) as a supervised process next to the HTTP workers (no GIL
shared with them)."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
from multiprocessing.synchronize import Event

from bangwo import bootstrap as boot
from bangwo.config import Settings

NICENESS = 10


def _main(settings_json: str, stop: Event) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)    # the parent says when to stop, after the workers
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    os.nice(NICENESS)   # under a crowd the HTTP workers come first; the writer catches up in bigger batches
    boot.run_journal(Settings.model_validate_json(settings_json), stop.is_set)


class JournalProcess:
    """Runs the writer in a child process and starts a new one whenever it dies, until stopped."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ctx = mp.get_context("spawn")
        self.stop_event = self.ctx.Event()
        self.restarts = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name="bangwo-journal-supervisor", daemon=True)

    def _spawn(self) -> mp.process.BaseProcess:
        proc = self.ctx.Process(target=_main, args=(self.settings.model_dump_json(), self.stop_event),
                                name="bangwo-journal", daemon=True)
        proc.start()
        return proc

    def _supervise(self) -> None:
        proc = self._spawn()
        while not self._done.is_set():
            proc.join(timeout=0.5)
            if proc.exitcode is not None and not self._done.is_set():
                self.restarts += 1
                proc = self._spawn()
        proc.join(timeout=30)
        if proc.is_alive():
            proc.kill()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Let the writer finish its batch and exit (after the HTTP workers are gone)."""
        self.stop_event.set()
        self._done.set()
        self._thread.join(timeout=35)
