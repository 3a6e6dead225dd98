"""Work shared between the cores: processes forked from this one.

A forked process inherits the data already loaded (nothing is copied to it); only each job's result comes back.
`start` returns at once, so that a job can run while the generator builds the pages on the other core; a `Stream`
sends its results one by one, while it goes on.
"""
from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import traceback


class JobFailed(Exception):
    """A job failed in its process without an exception that could be sent back."""


def _send_failure(conn, exc: BaseException) -> None:
    try:
        conn.send((False, exc))
    except Exception:  # an exception that cannot be pickled
        conn.send((False, JobFailed(traceback.format_exc())))


BACKGROUND = 10  # niceness of a job run during the build: the generator's process keeps its core


def _child(conn, func, args, background=False) -> None:
    if background:
        os.nice(BACKGROUND)
    try:
        conn.send((True, func(*args)))
    except BaseException as exc:  # sent back to the parent, raised there
        _send_failure(conn, exc)
    finally:
        conn.close()


def _stream_child(conn, func, args) -> None:
    os.nice(BACKGROUND)
    try:
        for item in func(*args):
            conn.send((True, item))
        conn.send((True, None))
    except BaseException as exc:
        _send_failure(conn, exc)
    finally:
        conn.close()


class Stream:
    """A generator run in its own process, in the background (see `start`): `next` returns each item it yields, in
    turn (None after the last), and raises its exception. Items wait in the pipe (1 Mo at most on Linux), so the
    job runs ahead of its reader."""

    def __init__(self, func, *args):
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        with contextlib.suppress(OSError, AttributeError):  # a larger pipe where the system allows it
            fcntl.fcntl(send.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)
        self.process = context.Process(target=_stream_child, args=(send, func, args), daemon=True)
        self.process.start()
        send.close()

    def next(self):
        try:
            ok, value = self.receive.recv()
        except EOFError:
            raise JobFailed(f"processus arrêté sans résultat (code {self.process.exitcode})") from None
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """Stops the job if it has not ended (a build that stopped before reading everything)."""
        self.receive.close()
        if self.process.exitcode is None:
            self.process.terminate()
        self.process.join()


class Started:
    """Jobs running in their processes; `results` waits for them and raises the first job's exception."""

    def __init__(self, jobs, background=False):
        context = multiprocessing.get_context("fork")
        self.running = []
        for func, *args in jobs:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, func, args, background), daemon=True)
            process.start()
            send.close()
            self.running.append((process, receive))

    def results(self) -> list:
        outcomes = []
        for process, receive in self.running:
            try:
                outcomes.append(receive.recv())
            except EOFError:
                outcomes.append((False, JobFailed(f"processus arrêté sans résultat (code {process.exitcode})")))
            receive.close()
            process.join()
        self.running = []
        for ok, value in outcomes:
            if not ok:
                raise value
        return [value for _, value in outcomes]


def start(jobs, background: bool = False) -> Started:
    """Start each job (function, arguments…) in a process of its own; `background`: with a lower priority, so that
    it uses the core the generator leaves idle without slowing the generator down."""
    return Started(jobs, background)


def map_shared(func, items: list, parts: int) -> list:
    """func(list of items) → one result per item, the items shared between `parts` processes (see `run`); the
    results in the order of `items`."""
    shares = run([(func, items[i::parts]) for i in range(parts)])
    return [shares[i % parts][i // parts] for i in range(len(items))]


def run(jobs) -> list:
    """Run the jobs in parallel and return their results in order; the last one runs in this process."""
    if len(jobs) == 1 or (os.cpu_count() or 1) == 1:
        return [func(*args) for func, *args in jobs]
    others = start(jobs[:-1])
    try:
        func, *args = jobs[-1]
        last = func(*args)
    finally:
        results = others.results()
    return [*results, last]
