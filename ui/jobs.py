"""The training lab's jobs: runs and sweeps in worker processes, shared by every session.

A page never trains inside its own script: Train submits a job to the server's one
JobRunner, whose small pool (WORKERS processes, one per core, one torch thread each) runs it
while the page polls (st.fragment(run_every=...)). Processes, not threads: a training
thread would compete with every session's script for the interpreter lock (measured: the
Batch size page took 8 s instead of 1 s to draw during a run, and Stop took 0.8–1.5 s).
Jobs are keyed by their configuration: a second session that asks for a run already queued
or running joins it, and a finished result goes to the ResultStore, where every session
finds it (runs are deterministic: the whole class sees the same curves).

Stop sets the job's flag in shared memory; the training loop reads it before every step, so
a run ends within one step. Progress reports come back through a queue (light copies: the
accuracy curves, not the recorded arrays). The runner and the store are plain module
objects, not st.cache_resource: any client can clear Streamlit's caches, and running jobs
must survive that.

The queue is first come, first served (ProcessPoolExecutor's), and every page shows a
queued job's place in line. A job costs an estimate of the seconds of one core it needs
(normviz.training_cost): one above MAX_JOB_SECONDS is refused, and so is one that would take
a session past MAX_SESSION_SECONDS in SESSION_WINDOW (joining a job that is under way costs
nothing). A job that no page has looked at for ABANDON_SECONDS (the pages poll it while it
runs) is stopped: nobody is waiting for it any more. Workers with no job for
WORKERS_IDLE_SECONDS are shut down (each holds torch in memory); the lab and the pre-/post-LN
page start them again on their next visit.
"""

from __future__ import annotations

import atexit
import contextlib
import itertools
import multiprocessing
import os
import sys
import threading
import time
import types
from collections import OrderedDict, deque
from collections.abc import Hashable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np

from normviz.i18n import InputError, Message

MAX_RESULTS = 32
MAX_ENDED_JOBS = 64  # stopped or failed jobs remembered, so their sessions can say so
WORKERS = 2  # CPU-bound runs at once: one per core of the classroom server
MAX_JOB_SECONDS = 120.0  # estimated seconds of a core (normviz.training_cost) for one job
MAX_SESSION_SECONDS = 300.0  # … for all the jobs one session started in SESSION_WINDOW
SESSION_WINDOW = 1800.0
ABANDON_SECONDS = 90.0  # a job no page has looked at for this long stops (a hidden tab polls
# at least once a minute under Chrome's intensive timer throttling)
REAP_EVERY = 2.0  # seconds between checks for abandoned jobs and idle workers
WORKERS_IDLE_SECONDS = 180.0  # workers with no job for this long are shut down: each holds
# torch (~220 MB); the lab's next visit starts them again while its settings are read
KINDS = ("compare", "lr_sweep", "batch_sweep", "prepost")  # prepost: app_pages/10


class ResultStore:
    """A bounded, thread-safe map from a run's configuration to its finished result."""

    def __init__(self, capacity: int = MAX_RESULTS) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)


def finished(result) -> bool:
    """A comparison whose runs all ended by themselves, or a sweep that ran every value."""
    if hasattr(result, "histories"):
        return all(h.status in ("finished", "diverged") for h in result.histories)
    return result.status == "finished"


@dataclass(frozen=True, eq=False)
class LiveRun:
    """What a progress report carries of one run: enough for a live accuracy chart."""

    label: str
    eval_step: np.ndarray
    test_accuracy: np.ndarray


@dataclass(eq=False)
class Job:
    """One run or sweep: queued, running, then finished, stopped or failed."""

    key: tuple  # (kind, TrainConfig)
    ident: int = 0
    status: str = "queued"  # "queued", "running", "finished", "stopped", "failed"
    progress: object | None = None  # the latest normviz.training.Progress (light copy)
    result: object | None = None  # the result (partial when stopped)
    error: str = ""  # a normviz.i18n.Message when the page can translate it
    submitted: float = field(default_factory=time.monotonic)
    watched: float = field(default_factory=time.monotonic)  # a page last looked at it
    started: float = 0.0
    ended: float = 0.0
    stop_flag: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    slot: int = -1  # its stop flag: flags[slot], in memory shared with the workers
    flags: object = None

    @property
    def active(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def seconds(self) -> float:
        """Seconds spent running (so far, or in all)."""
        if not self.started:
            return 0.0
        return (self.ended or time.monotonic()) - self.started

    def stop(self, wait: float = 0.0) -> None:
        """Ask the job to stop; wait up to `wait` seconds for it to end."""
        self.stop_flag.set()
        if self.flags is not None and self.slot >= 0:
            self.flags[self.slot] = 1
        if wait > 0:
            self.done.wait(wait)


# --- the worker side (runs in the pool's processes) -------------------------------------------
_FLAGS = None  # the shared stop flags, one byte a slot
_QUEUE = None  # progress reports: (job ident, Progress) and ("start", ident)


WORKER_NICENESS = 10  # the server that draws every student's pages goes first


def _init_worker(flags, queue) -> None:
    """A worker process: one torch thread (WORKERS processes share the cores), at a lower
    priority than the server, so pages, Stop and the progress bar answer during a run."""
    global _FLAGS, _QUEUE
    _FLAGS, _QUEUE = flags, queue
    os.nice(WORKER_NICENESS)
    import torch

    from normviz.digits import load_digits

    torch.set_num_threads(1)
    load_digits()


def _ready() -> bool:
    """A task that only makes the pool start its workers (and import torch) ahead of time."""
    return True


def _light(progress):
    """The progress report without its recorded arrays (sent to the server every report)."""
    runs = tuple(LiveRun(h.label, h.eval_step, h.test_accuracy) for h in progress.histories)
    return replace(progress, histories=runs, sweep=None)


def _work(kind: str, config, ident: int, slot: int):
    """Run job `ident` in a worker: its flag is read before every training step."""
    from normviz import training

    def stop() -> bool:
        return bool(_FLAGS[slot])

    def report(progress) -> bool:
        _QUEUE.put((ident, _light(progress)))
        return not stop()

    _QUEUE.put((ident, "start"))
    if kind == "prepost":  # three small runs; its reports carry no arrays: sent as they are
        from normviz import prepost

        def report_prepost(progress) -> bool:
            _QUEUE.put((ident, progress))
            return not stop()

        return prepost.compare(config, report_prepost, stop)
    if kind == "compare":
        return training.compare(config, report, stop)
    if kind == "lr_sweep":
        return training.lr_sweep(config, progress=report, stop=stop)
    return training.batch_size_sweep(
        config, reference_batch=config.batch_size, progress=report, stop=stop
    )


# --- the server side ---------------------------------------------------------------------------
@contextlib.contextmanager
def _plain_main():
    """While the pool spawns a worker: a bare __main__, so the worker does not re-run it.

    Streamlit runs each page as the __main__ module, and a spawned process imports its
    parent's __main__ first: it would run the whole page script. The swap lasts a spawn.
    """
    saved = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = saved


class JobRunner:
    """A bounded pool of worker processes with a first-come queue, and the jobs it knows."""

    def __init__(self, store: ResultStore, workers: int = WORKERS, slots: int = 64) -> None:
        self.store = store
        self._workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._flags = self._context.Array("b", slots, lock=False)
        self._free_slots = list(range(slots))
        self._queue = None
        self._pool: ProcessPoolExecutor | None = None
        self._jobs: OrderedDict[Hashable, Job] = OrderedDict()
        self._by_ident: dict[int, Job] = {}
        self._idents = itertools.count(1)
        self._spent: dict[str, deque[tuple[float, float]]] = {}  # session → (time, seconds)
        self._lock = threading.Lock()
        self._used = time.monotonic()  # the last start, warm-up, submit or end of a job
        self._reaper: threading.Thread | None = None

    def _start(self) -> ProcessPoolExecutor:
        """The pool, started if it is not running (under self._lock)."""
        self._used = time.monotonic()
        if self._pool is None:
            self._queue = self._context.Queue()
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=self._context,
                initializer=_init_worker,
                initargs=(self._flags, self._queue),
            )
            threading.Thread(
                target=self._listen, args=(self._queue,), name="normviz-lab-progress", daemon=True
            ).start()
            if self._reaper is None:
                self._reaper = threading.Thread(
                    target=self._reap, name="normviz-lab-reaper", daemon=True
                )
                self._reaper.start()
                atexit.register(self.shutdown)
        return self._pool

    def running_workers(self) -> bool:
        """Whether the worker processes are up (or starting)."""
        return self._pool is not None

    def stop_idle_workers(self, idle_seconds: float = WORKERS_IDLE_SECONDS) -> bool:
        """Shut the workers down when no job is queued or running and none was started,
        warmed up for or ended in the last `idle_seconds`; True if they were."""
        with self._lock:
            busy = any(job.active for job in self._jobs.values())
            if self._pool is None or busy or time.monotonic() - self._used < idle_seconds:
                return False
            pool, queue = self._pool, self._queue
            self._pool = self._queue = None
        pool.shutdown(wait=False)  # nothing is queued: the workers exit now
        queue.put(None)  # ends that pool's progress listener
        return True

    def warm(self) -> None:
        """Start the worker processes now (importing torch takes seconds), not at Train; a
        visit while they run keeps them from being shut down as idle."""
        with self._lock:
            if self._pool is not None:
                self._used = time.monotonic()
                return
            pool = self._start()
            with _plain_main():
                for _ in range(self._workers):
                    pool.submit(_ready)

    def job(self, key: Hashable) -> Job | None:
        """The active job of `key`, or its last stopped or failed one (None if none). A page
        that asks is looking at the job: it is not abandoned."""
        with self._lock:
            job = self._jobs.get(key)
            if job is not None and job.active:
                job.watched = time.monotonic()
            return job

    def queued_before(self, job: Job) -> int:
        """How many queued jobs were submitted before `job` (0 once it runs)."""
        with self._lock:
            jobs = list(self._jobs.values())
        return sum(1 for j in jobs if j.status == "queued" and j.submitted < job.submitted)

    def submit(self, key: tuple, session: str = "") -> Job:
        """Start (or queue) the job `key` = (kind, TrainConfig) for `session`, or join the one
        under way. A refused job is a failed one whose error says why (see p8.failed)."""
        kind, config = key
        if kind not in KINDS:
            raise ValueError(f"unknown job kind {kind!r}")
        seconds = job_cost(kind, config)
        with self._lock:
            current = self._jobs.get(key)
            if current is not None and current.active and not current.stop_flag.is_set():
                current.watched = time.monotonic()
                return current
            job = Job(key, ident=next(self._idents))
            refusal = self._refusal(seconds, session, job.submitted)
            if refusal is None and not self._free_slots:  # every slot busy
                refusal = Message("p8.busy")
            if refusal is not None:
                job.status, job.error = "failed", refusal
                job.done.set()
                self._jobs[key] = job  # the page shows why
                self._jobs.move_to_end(key)
                self._forget_old()
                return job
            self._spent.setdefault(session, deque()).append((job.submitted, seconds))
            pool = self._start()
            job.slot = self._free_slots.pop(0)
            self._flags[job.slot] = 0
            job.flags = self._flags
            self._jobs[key] = job
            self._jobs.move_to_end(key)
            self._by_ident[job.ident] = job
            self._forget_old()
            with _plain_main():  # submit may spawn a worker
                future = pool.submit(_work, kind, config, job.ident, job.slot)
        future.add_done_callback(lambda f, job=job: self._finish(job, f))
        return job

    def _refusal(self, seconds: float, session: str, now: float) -> Message | None:
        """Why a new job of `seconds` may not run for `session` (None: it may)."""
        if seconds > MAX_JOB_SECONDS:
            return Message("p8.too_costly", seconds=round(seconds), limit=round(MAX_JOB_SECONDS))
        spent = self._spent.get(session, deque())
        while spent and spent[0][0] < now - SESSION_WINDOW:
            spent.popleft()
        used = sum(cost for _, cost in spent)
        if session and used + seconds > MAX_SESSION_SECONDS:
            wait = max(1, round((spent[0][0] + SESSION_WINDOW - now) / 60)) if spent else 1
            return Message(
                "p8.session_budget",
                used=round(used),
                limit=round(MAX_SESSION_SECONDS),
                window=round(SESSION_WINDOW / 60),
                minutes=wait,
            )
        return None

    def _reap(self) -> None:
        """Stop the jobs nobody has looked at for ABANDON_SECONDS."""
        while True:
            time.sleep(REAP_EVERY)
            self.stop_abandoned()
            self.stop_idle_workers()

    def stop_abandoned(self) -> list[Job]:
        """Stop every queued or running job no page has looked at for ABANDON_SECONDS."""
        now = time.monotonic()
        with self._lock:
            jobs = [j for j in self._jobs.values() if j.active and not j.stop_flag.is_set()]
        abandoned = [j for j in jobs if now - j.watched > ABANDON_SECONDS]
        for job in abandoned:
            job.stop()
        return abandoned

    def _forget_old(self) -> None:
        ended = [k for k, j in self._jobs.items() if not j.active]
        for key in ended[: max(0, len(ended) - MAX_ENDED_JOBS)]:
            del self._jobs[key]

    def _listen(self, queue) -> None:
        """Move progress reports from one pool's workers onto their jobs (until None)."""
        while True:
            try:
                report = queue.get()
            except (EOFError, OSError, ValueError):
                return
            if report is None:
                return
            ident, message = report
            job = self._by_ident.get(ident)
            if job is None:
                continue
            if message == "start":
                if job.status == "queued":
                    job.status, job.started = "running", time.monotonic()
            else:
                job.progress = message

    def _finish(self, job: Job, future: Future) -> None:
        try:
            job.result = future.result()
        except Exception as err:  # a bug must not kill the server; the page shows it
            if isinstance(err, InputError):  # a bad setting: its translated text
                job.error = Message(err.key, **err.params)
            else:
                job.error = f"{type(err).__name__}: {err}"
            self._end(job, "failed")
            return
        if finished(job.result):
            self.store.put(job.key, job.result)
            self._end(job, "finished")
        else:
            self._end(job, "stopped")

    def _end(self, job: Job, status: str) -> None:
        job.started = job.started or job.submitted
        job.status, job.ended = status, time.monotonic()
        with self._lock:
            self._used = job.ended
            self._by_ident.pop(job.ident, None)
            if job.slot >= 0:
                self._free_slots.append(job.slot)
        job.done.set()

    def shutdown(self) -> None:
        """Stop every job and the workers (at exit)."""
        for index in range(len(self._flags)):
            self._flags[index] = 1
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def job_cost(kind: str, config) -> float:
    """The estimated seconds of a core for job (kind, config); 0 for Pre-LN vs Post-LN,
    whose page offers only small settings (300 steps, at most 12 tiny layers)."""
    if kind == "prepost":
        return 0.0
    from normviz.training import job_runs
    from normviz.training_cost import job_seconds

    return job_seconds(job_runs(kind, config))


_STORE = ResultStore()
_RUNNER = JobRunner(_STORE)


def store() -> ResultStore:
    """The server's one store of finished results (the same object for every session)."""
    return _STORE


def runner() -> JobRunner:
    """The server's one job runner."""
    return _RUNNER
