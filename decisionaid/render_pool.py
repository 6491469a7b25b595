"""PDFs rendered in a few processes of their own, so that they cannot starve the site.

WeasyPrint works in Python: a sheet takes about a second of CPU, and a render in the web
worker would hold it, and its interpreter lock, from every other page. Here each web
worker keeps ``PDF_RENDERERS`` renderer processes (started on first use, at a lower CPU
priority than the pages, each keeping its laid-out details as ``PdfRenderer`` does).

- At most ``PDF_RENDERERS`` renders run at once per worker; at most ``PDF_QUEUE`` more
  requests wait, each for at most ``PDF_QUEUE_SECONDS``. Any other gets ``RenderersBusy``
  (the page answers 503 with ``Retry-After``), never a worker timeout.
- A render may use ``PDF_TIME_LIMIT_SECONDS`` of CPU time: the renderer stops it itself
  (a timer on its own CPU time, so that a busy machine does not fail renders that other
  processes slowed down). If a renderer does not answer within twice that, plus
  time to start, it is killed (it hangs) and a new one started.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType

from flask import Flask

from decisionaid.pdf import PdfRenderer, PdfResourceError

RENDERER_NICENESS = 5
"""How much lower than the pages' the renderers' CPU priority is (see nice(2))."""
GRACE_SECONDS = 5
"""How long a stopped renderer may take to exit."""
HANG_FACTOR = 2
"""A renderer that takes this many times the CPU time limit in wall time is hanging."""
START_SECONDS = 10
"""Time a new renderer may take to import WeasyPrint before its first render."""
ORPHAN_CHECK_SECONDS = 5
"""How often an idle renderer checks that the worker that started it is still there."""


class RenderersBusyError(RuntimeError):
    """Every renderer is busy and the queue is full, or the wait was too long."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("every PDF renderer is busy")
        self.retry_after = retry_after


class RenderTooSlowError(RuntimeError):
    """A render went over its time limit and was stopped."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("the PDF took longer than its time limit")
        self.retry_after = retry_after


@dataclass(frozen=True)
class PoolSettings:
    static_folder: Path
    static_url_path: str
    renderers: int
    queue: int
    queue_seconds: float
    time_limit_seconds: float


class _TimeLimitExceeded(Exception):  # raised only inside a renderer
    pass


def _stop_render(signal_number: int, frame: FrameType | None) -> None:
    raise _TimeLimitExceeded


def _serve(connection: Connection, settings: PoolSettings, parent: int) -> None:
    """A renderer process: render what it is sent, one document at a time, until the
    worker that started it closes the pipe or is gone."""
    os.nice(RENDERER_NICENESS)
    renderer = PdfRenderer(settings.static_folder, settings.static_url_path)
    # The modules live as long as the process: keep the collector from walking them.
    gc.freeze()
    signal.signal(signal.SIGPROF, _stop_render)
    while True:
        if not connection.poll(ORPHAN_CHECK_SECONDS):
            if os.getppid() != parent:
                return
            continue
        try:
            html, followed_by = connection.recv()
        except EOFError:
            return
        layouts_before = renderer.layouts
        try:
            signal.setitimer(signal.ITIMER_PROF, settings.time_limit_seconds)
            try:
                reply = ("pdf", renderer.render(html, followed_by=followed_by))
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
        except _TimeLimitExceeded:  # also when the timer rings as the render ends
            reply = ("too-slow", None)
        except PdfResourceError as error:
            reply = ("resource", str(error))
        except Exception as error:  # reported to the worker, which logs it
            reply = ("error", f"{type(error).__name__}: {error}")
        connection.send((*reply, renderer.layouts - layouts_before))


class _Renderer:
    """One renderer process and the worker's end of its pipe."""

    def __init__(self, settings: PoolSettings) -> None:
        # spawn, not fork: the web worker runs threads, and a forked child would inherit
        # whatever locks they held.
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(child_end, settings, os.getpid()), daemon=True
        )
        self.process.start()
        child_end.close()

    def stop(self) -> None:
        self.connection.close()
        self.process.kill()
        self.process.join(timeout=GRACE_SECONDS)


class RenderPool:
    """The worker's renderers; ``render`` has PdfRenderer's signature."""

    def __init__(self, settings: PoolSettings) -> None:
        self.settings = settings
        self._idle: list[_Renderer | None] = [None] * max(settings.renderers, 1)
        self._free = threading.Condition()
        self._waiting = 0
        self.layouts = 0
        """How many documents the renderers have laid out (for tests and benchmarks)."""

    def _take(self) -> _Renderer | None:
        """A free renderer (None: one still to start), waiting in the queue if need be."""
        settings = self.settings
        with self._free:
            if not self._idle and self._waiting >= settings.queue:
                raise RenderersBusyError(self._retry_after())
            self._waiting += 1
            try:
                if not self._free.wait_for(lambda: self._idle, timeout=settings.queue_seconds):
                    raise RenderersBusyError(self._retry_after())
                return self._idle.pop()
            finally:
                self._waiting -= 1

    def _give_back(self, renderer: _Renderer | None) -> None:
        with self._free:
            self._idle.append(renderer)
            self._free.notify()

    def _retry_after(self) -> int:
        """Seconds after which a render is likely to find a free renderer."""
        return max(5, round(self.settings.time_limit_seconds / 3))

    def start(self) -> None:
        """Start the renderers now (gunicorn.conf.py does, as a worker boots), so that the
        first PDFs do not wait for WeasyPrint to be imported."""
        with self._free:
            self._idle = [
                _Renderer(self.settings) if renderer is None else renderer
                for renderer in self._idle
            ]

    def render(self, html: str, *, followed_by: str | None = None) -> bytes:
        renderer = self._take()
        try:
            if renderer is None or not renderer.process.is_alive():
                renderer = _Renderer(self.settings)
            renderer.connection.send((html, followed_by))
            deadline = self.settings.time_limit_seconds * HANG_FACTOR + START_SECONDS
            if not renderer.connection.poll(deadline):
                renderer.stop()
                renderer = None
                raise RenderTooSlowError(self._retry_after())
            kind, value, layouts = renderer.connection.recv()
        except (EOFError, OSError) as error:
            if renderer is not None:
                renderer.stop()
            renderer = None
            raise RuntimeError(f"the PDF renderer stopped: {error}") from error
        finally:
            self._give_back(renderer)
        self.layouts += layouts
        if kind == "pdf":
            return value
        if kind == "too-slow":
            raise RenderTooSlowError(self._retry_after())
        if kind == "resource":
            raise PdfResourceError(value)
        raise RuntimeError(f"the PDF renderer failed: {value}")


def init_app(app: Flask) -> None:
    """The worker's pool, as ``pdf_renderer``: every PDF of the app is rendered by it."""
    config = app.config
    app.extensions["pdf_renderer"] = RenderPool(
        PoolSettings(
            static_folder=Path(app.static_folder),
            static_url_path=app.static_url_path,
            renderers=config["PDF_RENDERERS"],
            queue=config["PDF_QUEUE"],
            queue_seconds=config["PDF_QUEUE_SECONDS"],
            time_limit_seconds=config["PDF_TIME_LIMIT_SECONDS"],
        )
    )
