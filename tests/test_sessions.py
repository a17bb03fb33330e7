"""Two real sessions on one `streamlit run app.py` never see each other's tensor.

Speaks Streamlit's websocket protocol (devtools/streamlit_client.py): no browser needed. Two tabs
open the home page with different links, rerun and move widgets in turns and at the same time,
and each time the home page's metrics (shape, elements, mean, std, min, max) must be those of
the tab's own configuration, computed here directly with normviz, and not the other tab's.
Widgets are found by their keys (the sidebar's "_w_<field>"), never by their labels.
"""

from __future__ import annotations

import asyncio
import urllib.parse

import pytest

import normviz as nv
from devtools.server import streamlit_server
from devtools.streamlit_client import Session
from normviz.config import WORKED, from_query
from normviz.summaries import tensor_summary

pytestmark = pytest.mark.slow

LINK_A = "seed=1&method=batch"  # the worked example (its seed is not used)
LINK_B = "seed=2&method=layer&n=4"  # a generated 4×2×2×2 tensor, seed 2
TIMEOUT = 60.0


@pytest.fixture(scope="module")
def port():
    with streamlit_server() as (port, _pid):
        yield port


def expected_metrics(query_string: str) -> list[str]:
    """The home page's six metrics for the configuration a link describes."""
    cfg, _ = from_query(dict(urllib.parse.parse_qsl(query_string)))
    if cfg.preset == WORKED:  # as ui/compute.py builds it
        x = nv.worked_example()
    else:
        x = nv.make_tensor(cfg.shape, cfg.spec, cfg.seed)
    s = tensor_summary(x)
    return [
        "×".join(map(str, s.shape)),
        f"{s.size:,}",
        f"{s.mean:.4g}",
        f"{s.std:.4g}",
        f"{s.min:.4g}",
        f"{s.max:.4g}",
    ]


def in_order(expected: list[str], shown: list[str]) -> bool:
    """expected appear in shown, in this order (other metrics may come between)."""
    rest = iter(shown)
    return all(any(value == seen for seen in rest) for value in expected)


def check(run, own: str, other: str) -> None:
    """A run shows its own configuration's numbers, not the other session's."""
    assert not run.exceptions, run.exceptions
    shown = run.metric_values()
    mine, theirs = expected_metrics(own), expected_metrics(other)
    assert in_order(mine, shown), f"shown {shown}, expected {mine} for {own!r}"
    # mean and std tell the two tensors apart; neither may leak into this page
    for value in theirs[2:4]:
        if value not in mine:
            assert value not in shown, f"{value} of {other!r} shown to {own!r}: {shown}"


def widget(session: Session, key: str):
    found = [w for w in session.widgets.values() if w.id.endswith(f"-{key}")]
    assert found, f"no widget with key {key!r} among {[w.id for w in session.widgets.values()]}"
    return found[0]


def params(session: Session) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(session.query_string))


async def scenario(port: int) -> None:
    assert expected_metrics(LINK_A)[2:4] != expected_metrics(LINK_B)[2:4]
    async with Session(port, LINK_A) as a, Session(port, LINK_B) as b:
        run_a, run_b = await asyncio.gather(a.load(timeout=TIMEOUT), b.load(timeout=TIMEOUT))
        check(run_a, LINK_A, LINK_B)
        check(run_b, LINK_B, LINK_A)

        # both rerun at the same time, then in turns
        for _ in range(2):
            run_a, run_b = await asyncio.gather(a.rerun(timeout=TIMEOUT), b.rerun(timeout=TIMEOUT))
            check(run_a, a.query_string, b.query_string)
            check(run_b, b.query_string, a.query_string)
        check(await a.rerun(timeout=TIMEOUT), a.query_string, b.query_string)
        check(await b.rerun(timeout=TIMEOUT), b.query_string, a.query_string)

        # A moves its N slider to 4 (B's N) while B reruns: the tensors now differ only by seed
        n = widget(a, "_w_n")
        run_a, run_b = await asyncio.gather(
            a.set_widget(n.id, [4.0], timeout=TIMEOUT), b.rerun(timeout=TIMEOUT)
        )
        assert params(a).get("n") == "4" and params(a).get("seed") == "1", a.query_string
        assert params(b).get("n") == "4" and params(b).get("seed") == "2", b.query_string
        check(run_a, a.query_string, b.query_string)
        check(run_b, b.query_string, a.query_string)
        assert expected_metrics(a.query_string) != expected_metrics(b.query_string)

        # B changes its seed while A reruns; then both move a slider at once
        seed = widget(b, "_w_seed")
        run_a, run_b = await asyncio.gather(
            a.rerun(timeout=TIMEOUT), b.set_widget(seed.id, 7, timeout=TIMEOUT)
        )
        assert params(b).get("seed") == "7" and params(a).get("seed") == "1"
        check(run_a, a.query_string, b.query_string)
        check(run_b, b.query_string, a.query_string)

        h_a, c_b = widget(a, "_w_h"), widget(b, "_w_c")
        run_a, run_b = await asyncio.gather(
            a.set_widget(h_a.id, [3.0], timeout=TIMEOUT),
            b.set_widget(c_b.id, [3.0], timeout=TIMEOUT),
        )
        assert params(a).get("h") == "3" and "c" not in params(a), a.query_string
        assert params(b).get("c") == "3" and "h" not in params(b), b.query_string
        check(run_a, a.query_string, b.query_string)
        check(run_b, b.query_string, a.query_string)

        # a last pair of plain reruns: nothing drifted back
        run_a, run_b = await asyncio.gather(a.rerun(timeout=TIMEOUT), b.rerun(timeout=TIMEOUT))
        check(run_a, a.query_string, b.query_string)
        check(run_b, b.query_string, a.query_string)


def test_two_sessions_keep_their_own_tensor(port):
    asyncio.run(scenario(port))
