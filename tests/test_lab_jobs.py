"""The lab's job runner (ui.jobs): shared jobs, a bounded pool, Stop, and the shared store."""

from __future__ import annotations

import pickle
import time
from concurrent.futures import Future

from normviz.i18n import InputError, message, t
from normviz.training import TrainConfig
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
        key = ("compare", TrainConfig(steps=100_000, seed=42))
        job = runner.submit(key)
        deadline = time.monotonic() + 180
        while job.progress is None or job.progress.params["step"] < 25:  # it is training
            assert time.monotonic() < deadline
            time.sleep(0.05)
        clicked = time.monotonic()
        job.stop(wait=5)
        assert job.status == "stopped" and time.monotonic() - clicked < 0.5
        assert 0 < job.result.normalized.steps_done < 100_000
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
        first = runner.submit(("compare", TrainConfig(steps=100_000, seed=43)))
        refused = runner.submit(("compare", TrainConfig(steps=100_000, seed=44)))
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
