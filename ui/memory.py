"""The server's memory budget: one setting, a gate for heavy work, a store bounded in bytes.

A class of 40 on tensors at the element cap would otherwise allocate together: each page's
computation on an 8M-element tensor needs a few hundred MB for a moment (measured with
tracemalloc: 14–36 bytes per element at the peak, the Sigmoid page the most), and 40 of
them at once took the server past 7 GB. So:

- BUDGET_ENV (NORMVIZ_MEMORY_MB, default DEFAULT_MB, sized for a 4 GB machine that also
  runs two training workers) is what the server's large arrays may use: half of it for work
  in flight (the gate), a quarter for kept results (the store), a quarter for uploads
  (ui.upload_store).
- gate(): a computation on a tensor of more than HEAVY_ELEMENTS elements is admitted with
  an estimate (BYTES_PER_ELEMENT per element); while the estimates in flight would pass the
  gate's capacity, it waits its turn (first come, first served), at most WAIT_SECONDS, then
  the page says the server is busy, in the session's language, instead of crashing.
- store(): the large cached results (the tensor, its normalization, the backward pass, the
  folding demo) live in one least-recently-used store bounded in bytes, owned by the app (a
  client's clear_cache cannot empty it; it never holds more than its share).
- tune_malloc(): freed arrays go back to the system at once, not into per-thread arenas.
- release(): after a burst (the gate idle again) and every COLLECT_EVERY seconds: a full
  garbage collection (what closed sessions left sits in reference cycles, and Streamlit's
  collection after every run is off: .streamlit/config.toml) and glibc's malloc_trim, which
  hands freed heap pages back to the system.

Deadlock-free by construction: a thread is admitted before it takes any per-key compute
lock (ui.compute admits in its public functions, which pages call at the top level, and the
gate is re-entrant), so a thread that waits at the gate holds no lock an admitted thread needs.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import gc
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from dataclasses import fields, is_dataclass
from typing import Any

import numpy as np

from normviz.i18n import InputError

BUDGET_ENV = "NORMVIZ_MEMORY_MB"
DEFAULT_MB = 1024
HEAVY_ELEMENTS = 1 << 20  # smaller tensors are never held at the gate
BYTES_PER_ELEMENT = 32  # a page's peak per element of its tensor (tracemalloc, see above)
WAIT_SECONDS = 60.0
COLLECT_EVERY = 60.0  # s between collections while the server is quiet
RELEASE_AFTER_BURST = 5.0  # s: the least time between two releases after bursts


def budget_bytes() -> int:
    """NORMVIZ_MEMORY_MB in bytes (a bad or missing value: the default)."""
    try:
        mb = float(os.environ.get(BUDGET_ENV, DEFAULT_MB))
    except ValueError:
        mb = DEFAULT_MB
    return int(max(mb, 64) * 2**20)


def _parts(value: Any) -> list[Any]:
    """What a result holds: a dataclass's fields, a dict's values, a sequence's items."""
    if is_dataclass(value) and not isinstance(value, type):
        return [getattr(value, f.name) for f in fields(value)]
    if isinstance(value, dict):
        return list(value.values())
    if isinstance(value, list | tuple):
        return list(value)
    return []


def nbytes(value: Any, depth: int = 3) -> int:
    """The bytes of the numpy arrays a result holds (fields, dict values, sequences)."""
    if isinstance(value, np.ndarray):
        return value.nbytes
    if depth == 0:
        return 0
    return sum(nbytes(part, depth - 1) for part in _parts(value))


# ---------------------------------------------------------------------------------------
# The gate


class Gate:
    """Admits work by its estimated bytes: at most `capacity` in flight, first come first
    served; one request larger than the capacity runs alone. Re-entrant per thread."""

    def __init__(self, capacity: int, on_idle: Callable[[], None] | None = None) -> None:
        self.capacity = capacity
        self._in_flight = 0
        self._queue: list[int] = []  # tickets waiting, in order of arrival
        self._tickets = 0
        self._cond = threading.Condition()
        self._local = threading.local()
        self._on_idle = on_idle

    @property
    def in_flight(self) -> int:
        with self._cond:
            return self._in_flight

    @property
    def waiting(self) -> int:
        with self._cond:
            return len(self._queue)

    def holds(self) -> bool:
        """Whether this thread is inside an admitted block."""
        return bool(getattr(self._local, "depth", 0))

    def would_wait(self, estimate: int) -> bool:
        with self._cond:
            return bool(self._queue) or not self._fits(min(estimate, self.capacity))

    def _fits(self, estimate: int) -> bool:
        return self._in_flight == 0 or self._in_flight + estimate <= self.capacity

    @contextlib.contextmanager
    def admit(self, estimate: int, timeout: float | None = None) -> Iterator[None]:
        """Hold `estimate` bytes of the capacity while the block runs. Raises InputError
        ("memory.busy") after `timeout` (default WAIT_SECONDS) seconds in line."""
        timeout = WAIT_SECONDS if timeout is None else timeout
        if getattr(self._local, "depth", 0):  # already admitted: the outer estimate holds
            self._local.depth += 1
            try:
                yield
            finally:
                self._local.depth -= 1
            return
        estimate = min(max(estimate, 0), self.capacity)
        with self._cond:
            self._tickets += 1
            ticket = self._tickets
            self._queue.append(ticket)
            deadline = time.monotonic() + timeout
            while self._queue[0] != ticket or not self._fits(estimate):
                left = deadline - time.monotonic()
                if left <= 0:
                    self._queue.remove(ticket)
                    self._cond.notify_all()
                    raise InputError("memory.busy", seconds=round(timeout))
                self._cond.wait(left)
            self._queue.pop(0)
            self._in_flight += estimate
            self._cond.notify_all()  # the next in line may fit beside this one
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            with self._cond:
                self._in_flight -= estimate
                idle = self._in_flight == 0 and not self._queue
                self._cond.notify_all()
            if idle and self._on_idle is not None:
                self._on_idle()


# ---------------------------------------------------------------------------------------
# The store of large results


_MISSING = object()


class ArrayStore:
    """A thread-safe least-recently-used map bounded in bytes (numpy arrays it holds), which
    computes a missing value once however many threads ask for it at the same time."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._computing: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, default: Any = None) -> Any:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return default
            self._items.move_to_end(key)
            return item[0]

    def put(self, key: Hashable, value: Any) -> None:
        """Keep `value`, dropping the least recently used until the bytes fit (a value
        larger than the whole store is not kept)."""
        size = nbytes(value)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            if size > self.max_bytes:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        value = self.get(key, _MISSING)
        if value is not _MISSING:
            return value
        with self._lock:
            lock = self._computing.setdefault(key, threading.Lock())
        with lock:  # one thread computes; the others wait for its result
            value = self.get(key, _MISSING)
            if value is _MISSING:
                value = compute()
                _read_only(value)
                self.put(key, value)
        with self._lock:
            self._computing.pop(key, None)
        return value

    @property
    def nbytes(self) -> int:
        with self._lock:
            return self._bytes

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0


def _read_only(value: Any, depth: int = 3) -> None:
    """Shared results: no caller may change them."""
    if isinstance(value, np.ndarray):
        value.flags.writeable = False
    elif depth > 0:
        for part in _parts(value):
            _read_only(part, depth - 1)


# ---------------------------------------------------------------------------------------
# Giving memory back


def _libc_function(name: str) -> Callable[..., int] | None:
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c")), name)
    except (OSError, AttributeError, TypeError):  # not glibc: nothing to tune
        return None


_MALLOC_TRIM = _libc_function("malloc_trim")
_MALLOPT = _libc_function("mallopt")
M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # glibc's malloc.h
MMAP_THRESHOLD = 1 << 20
ARENA_MAX = 2


def tune_malloc() -> None:
    """Make freed arrays go back to the system at once. glibc serves an allocation below its
    mmap threshold from a per-thread arena, and raises that threshold (up to 32 MB) each time
    a larger block is freed; each session's thread then kept its own arena's worth of freed
    arrays: measured, 8 sessions on cap-size tensors peaked 1.39 GB over the warm server, and
    0.40 GB with the threshold fixed at 1 MB and 2 arenas (the same as MALLOC_MMAP_THRESHOLD_
    and MALLOC_ARENA_MAX in the environment)."""
    if _MALLOPT is not None:
        _MALLOPT(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        _MALLOPT(M_ARENA_MAX, ARENA_MAX)


def _trim() -> None:
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


_last_release = 0.0
_release_lock = threading.Lock()


def release(force: bool = False) -> bool:
    """Collect what is unreachable and give freed heap back, at most every
    RELEASE_AFTER_BURST seconds (unless forced). True if it ran."""
    global _last_release
    with _release_lock:
        now = time.monotonic()
        if not force and now - _last_release < RELEASE_AFTER_BURST:
            return False
        _last_release = now
    gc.collect()
    _trim()
    return True


def _housekeeping() -> None:
    while True:
        time.sleep(COLLECT_EVERY)
        release()


_started = False
_start_lock = threading.Lock()


def start_housekeeping() -> None:
    """Once per server process: tune malloc and start the periodic release (a daemon thread)."""
    global _started
    with _start_lock:
        if _started:
            return
        _started = True
    tune_malloc()
    threading.Thread(target=_housekeeping, name="normviz-memory", daemon=True).start()


def _release_soon() -> None:
    threading.Thread(target=release, name="normviz-release", daemon=True).start()


# ---------------------------------------------------------------------------------------
# The server's one gate and one store (module objects: every session shares them)

_GATE = Gate(budget_bytes() // 2, on_idle=_release_soon)
_STORE = ArrayStore(budget_bytes() // 4)


def gate() -> Gate:
    return _GATE


def store() -> ArrayStore:
    return _STORE


def estimate(elements: int) -> int:
    """What a page's computation on a tensor of `elements` elements may allocate at once."""
    return elements * BYTES_PER_ELEMENT


def heavy(elements: int) -> bool:
    return elements > HEAVY_ELEMENTS


def kept(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Cache fn's results in the server's byte-bounded store, keyed on its (hashable)
    arguments; its arrays become read-only (shared by every session)."""

    @functools.wraps(fn)
    def wrapper(*args: Hashable) -> Any:
        return _STORE.get_or_compute((fn.__qualname__, args), lambda: fn(*args))

    return wrapper
