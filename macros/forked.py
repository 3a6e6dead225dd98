"""Work shared between the cores: processes forked from this one.

A forked process inherits the data already loaded (nothing is copied to it); only each job's result comes back.
`start` returns at once, so that a job can run while the generator builds the pages on the other core.
"""
from __future__ import annotations

import multiprocessing
import os
import traceback


class JobFailed(Exception):
    """A job failed in its process without an exception that could be sent back."""


def _child(conn, func, args) -> None:
    try:
        conn.send((True, func(*args)))
    except BaseException as exc:  # sent back to the parent, raised there
        try:
            conn.send((False, exc))
        except Exception:  # an exception that cannot be pickled
            conn.send((False, JobFailed(traceback.format_exc())))
    finally:
        conn.close()


class Started:
    """Jobs running in their processes; `results` waits for them and raises the first job's exception."""

    def __init__(self, jobs):
        context = multiprocessing.get_context("fork")
        self.running = []
        for func, *args in jobs:
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(send, func, args), daemon=True)
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


def start(jobs) -> Started:
    """Start each job (function, arguments…) in a process of its own."""
    return Started(jobs)


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
