"""The lab's job runner (ui.jobs): shared jobs, a bounded pool, Stop, and the shared store."""

from __future__ import annotations

import pickle
import time
from concurrent.futures import Future

from normviz.i18n import InputError, message, t
from normviz.training import TrainConfig
from ui import jobs
from ui.jobs import WORKERS, Job, JobRunner, ResultStore


def test_two_sessions_asking_for_the_same_run_share_one_job_and_its_result():
    runner = JobRunner(ResultStore(), workers=1)
    try:
        key = ("compare", TrainConfig(steps=20, batch_size=32, lr=1.0, seed=41))
        first, second = runner.submit(key), runner.submit(key)
        assert first is second
        assert first.done.wait(180), first.status
        assert first.status == "finished"
        assert runner.store.get(key) is first.result
        assert first.result.normalized.steps_done == 20
    finally:
        runner.shutdown()


def test_stop_ends_a_running_job_within_half_a_second_and_keeps_the_partial_run():
    runner = JobRunner(ResultStore(), workers=1)
    try:
        key = ("compare", TrainConfig(steps=50_000, seed=42))
        job = runner.submit(key)
        deadline = time.monotonic() + 180
        while job.progress is None or job.progress.params["step"] < 25:  # it is training
            assert time.monotonic() < deadline
            time.sleep(0.05)
        clicked = time.monotonic()
        job.stop(wait=5)
        assert job.status == "stopped" and time.monotonic() - clicked < 0.5
        assert 0 < job.result.normalized.steps_done < 50_000
        assert runner.store.get(key) is None  # a stopped run is not shared as finished
        assert runner.submit(key) is not job  # Train again starts a new job
    finally:
        runner.shutdown()


def test_the_pool_runs_no_more_jobs_than_cores():
    assert WORKERS == 2


def test_a_busy_server_and_a_bad_setting_fail_with_translated_texts():
    """Every slot busy: p8.busy, not raw English; an InputError from a worker (pickled across
    the process boundary) keeps its key, so p8.failed shows it in the page's language."""
    runner = JobRunner(ResultStore(), workers=1, slots=1)
    try:
        first = runner.submit(("compare", TrainConfig(steps=50_000, seed=43)))
        refused = runner.submit(("compare", TrainConfig(steps=50_000, seed=44)))
        assert refused.status == "failed"
        assert message(refused.error, "zh") == t("p8.busy", "zh")
        assert message(refused.error, "en") == t("p8.busy", "en")
        first.stop(wait=5)
        job = Job(("compare", TrainConfig(steps=20, seed=45)))
        future: Future = Future()
        future.set_exception(pickle.loads(pickle.dumps(InputError("errors.models.instance_mlp"))))
        runner._finish(job, future)
        assert job.status == "failed"
        assert message(job.error, "zh") == t("errors.models.instance_mlp", "zh")
        assert message(job.error, "zh") != t("errors.models.instance_mlp", "en")
    finally:
        runner.shutdown()


EXPENSIVE = TrainConfig(model="cnn", depth=6, steps=5000, batch_size=256)  # ≈ 350 s of a core


def test_a_job_that_would_hold_a_core_for_minutes_is_refused_with_what_to_change():
    runner = JobRunner(ResultStore(), workers=1)
    job = runner.submit(("compare", EXPENSIVE), "a student")
    assert job.status == "failed" and job.error.key == "p8.too_costly"
    assert job.error.params["seconds"] > jobs.MAX_JOB_SECONDS
    assert message(job.error, "zh") != message(job.error, "en")
    assert runner.job(("compare", EXPENSIVE)) is job  # the page finds it and says why
    assert runner._pool is None  # nothing was started


def test_a_session_that_used_its_budget_waits_and_others_do_not(monkeypatch):
    monkeypatch.setattr(jobs, "MAX_SESSION_SECONDS", 5.0)  # the default run costs ≈ 2.9 s
    runner = JobRunner(ResultStore(), workers=1)
    try:
        first = runner.submit(("compare", TrainConfig(steps=1500, seed=51)), "a")
        assert first.status in ("queued", "running")
        joined = runner.submit(("compare", TrainConfig(steps=1500, seed=51)), "a")
        assert joined is first  # joining a job under way costs nothing
        second = runner.submit(("compare", TrainConfig(steps=1500, seed=52)), "a")
        assert second.status == "failed" and second.error.key == "p8.session_budget"
        other = runner.submit(("compare", TrainConfig(steps=1500, seed=52)), "b")
        assert other.status in ("queued", "running")
    finally:
        runner.shutdown()


def test_a_job_nobody_looks_at_is_stopped_and_one_that_is_watched_is_not(monkeypatch):
    monkeypatch.setattr(jobs, "ABANDON_SECONDS", 0.5)
    runner = JobRunner(ResultStore(), workers=2)
    try:
        left = runner.submit(("compare", TrainConfig(steps=50_000, seed=61)))
        kept = runner.submit(("compare", TrainConfig(steps=50_000, seed=62)))
        time.sleep(0.7)
        runner.job(kept.key)  # a page polls it
        assert runner.stop_abandoned() == [left]
        deadline = time.monotonic() + 120
        while not left.done.is_set():  # meanwhile the page keeps polling the other one
            assert time.monotonic() < deadline
            runner.job(kept.key)
            time.sleep(0.1)
        assert left.status == "stopped"
        assert kept.active and not kept.stop_flag.is_set()
    finally:
        runner.shutdown()


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_idle_workers_are_shut_down_and_the_next_run_starts_them_again():
    """Each worker holds torch (~220 MB): a class that is not training gets that back."""
    runner = JobRunner(ResultStore(), workers=1)
    try:
        runner.warm()
        deadline = time.monotonic() + 120
        while not runner._pool._processes:  # the warm-up task spawns the worker
            assert time.monotonic() < deadline
            time.sleep(0.05)
        (pid,) = runner._pool._processes
        assert not runner.stop_idle_workers(idle_seconds=60)  # just warmed up: kept
        job = runner.submit(("compare", TrainConfig(steps=50_000, seed=71)))
        assert not runner.stop_idle_workers(idle_seconds=0)  # a job is running: kept
        job.stop(wait=30)
        assert job.status == "stopped"
        assert runner.stop_idle_workers(idle_seconds=0) and not runner.running_workers()
        while _alive(pid):  # the worker process exits
            assert time.monotonic() < deadline
            time.sleep(0.05)
        again = runner.submit(("compare", TrainConfig(steps=20, seed=72)))
        assert again.done.wait(120) and again.status == "finished"
        assert runner.running_workers()
    finally:
        runner.shutdown()
