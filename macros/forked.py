"""The derived files that take time (PDFs, clause files) made on every core, by processes forked from this one.

One switch: ACHATS_PARALLELE=0 makes every job in this process. Jobs also run here by themselves where forking
is unavailable or unsafe: one core; a system whose default is not fork (Windows has none, macOS may crash after
it); inside a worker (its jobs stay in it; a daemonic process may not even have children); while other threads run (`mkdocs serve`,
pytest-xdist: a fork may then deadlock). A job that fails, here or in a worker, becomes a DeriveError naming
the output it was making.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from .errors import DeriveError
from .settings import parallel_allowed


def fork_safe() -> bool:
    if not parallel_allowed() or (os.cpu_count() or 1) < 2:
        return False
    if sys.platform != "linux" or multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
        return False
    return multiprocessing.parent_process() is None and threading.active_count() == 1


def _failed(name: str, exc: BaseException) -> str:
    return f"{name} : {exc.args[0]}" if isinstance(exc, DeriveError) else f"{name} : {type(exc).__name__} : {exc}"


def run(jobs: list[tuple]) -> list:
    """Each job (name of the output, function, arguments…) run, in parallel where it is safe; the results in the
    order of `jobs`. Give the longest jobs first: each worker takes the next one when it is free."""
    if len(jobs) < 2 or not fork_safe():
        results = []
        for name, func, *args in jobs:
            try:
                results.append(func(*args))
            except Exception as exc:
                raise DeriveError(_failed(name, exc)) from exc
        return results
    workers = min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [(name, pool.submit(func, *args)) for name, func, *args in jobs]
        results, failures = [], []
        for name, future in futures:
            try:
                results.append(future.result())
            except BrokenProcessPool:
                failures.append(f"{name} : processus arrêté avant la fin (mémoire épuisée ?)")
            except Exception as exc:
                failures.append(_failed(name, exc))
    if failures:
        raise DeriveError("\n".join(failures))
    return results
