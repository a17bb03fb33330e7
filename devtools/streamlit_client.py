"""A minimal Streamlit client that speaks the browser's websocket protocol (Streamlit 1.67).

One `Session` is one browser tab: it connects to ws://host:port/_stcore/stream with the
subprotocol the frontend uses ("streamlit"), sends `BackMsg.rerun_script` protobufs carrying a
`ClientState` (query string, page, every widget's value), and parses the `ForwardMsg`s the
server sends back: `new_session` (the app's pages), `delta` (elements, widgets among them),
`navigation` (the pages: Streamlit runs a pages directory as st.navigation), `page_info_changed`
(the query string the app wrote), `script_finished`, `page_not_found`,
`session_event`, and `ref_hash` (an element the client said it had cached).

Widgets are discovered from the deltas, never by label: `Session.widgets` maps each widget id
to a `Widget` with its kind, range or options and current value, so a caller can pick a slider
and move it (`Session.set_widget`). Like the browser, each rerun sends the whole widget state
and the hashes of the large elements it has cached (the server then sends a reference).

    async with Session(port, query_string="seed=1") as s:
        run = await s.load()  # the main page
        slider = next(w for w in s.widgets.values() if w.kind == "slider")
        run = await s.set_widget(slider.id, slider.nudge(random.Random(0)))
        print(run.latency, run.metrics(), run.exceptions)
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
import urllib.request
import uuid
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState, UploadedFileInfo
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

SUBPROTOCOL = "streamlit"  # first entry of Sec-WebSocket-Protocol, as the frontend sends it
SIDEBAR = 1  # delta_path[0]: 0 is the main area, 1 the sidebar
DONE = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


class RunError(Exception):
    """A rerun that did not finish: kind is "timeout", "dropped" or "cache_miss"."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind


# ---------------------------------------------------------------------------------------
# Widgets


@dataclass
class Widget:
    """One widget drawn in the last run, with what a browser would know about it."""

    id: str
    kind: str  # slider, select_slider, number_input, checkbox, radio, selectbox, button
    path: tuple[int, ...]
    disabled: bool
    value: object  # as sent: list[float], list[str], float, int, bool or str
    minimum: float | None = None
    maximum: float | None = None
    step: float | None = None
    integer: bool = False
    options: tuple[str, ...] = ()

    @property
    def in_sidebar(self) -> bool:
        return bool(self.path) and self.path[0] == SIDEBAR

    @property
    def numeric(self) -> bool:
        """A widget with an ordered range of values that a test can move."""
        if self.kind == "select_slider":
            return len(self.options) > 1
        if self.kind in ("slider", "number_input"):
            return self.minimum is not None and self.maximum is not None
        return False

    def state(self) -> WidgetState:
        """The WidgetState a browser sends for this widget's current value."""
        ws = WidgetState(id=self.id)
        if self.kind == "slider":
            ws.double_array_value.data[:] = [float(v) for v in self.value]
        elif self.kind == "select_slider":
            ws.string_array_value.data[:] = list(self.value)
        elif self.kind == "number_input":
            if self.integer:
                ws.int_value = int(self.value)
            else:
                ws.double_value = float(self.value)
        elif self.kind == "checkbox":
            ws.bool_value = bool(self.value)
        elif self.kind == "button":  # a click is a trigger, true for one run only
            ws.trigger_value = bool(self.value)
        elif self.kind == "file_uploader":  # the files uploaded, by id (FileUploaderState)
            ws.file_uploader_state_value.CopyFrom(self.value or FileUploaderState())
        else:  # radio, selectbox: the formatted option
            ws.string_value = str(self.value)
        return ws

    def nudge(self, rng: random.Random, max_steps: int = 3) -> object:
        """A new valid value a few steps away from the current one (as a user would move it)."""
        if self.kind == "select_slider":
            now = [self.options.index(v) if v in self.options else 0 for v in self.value]
            moved = [_move(i, 0, len(self.options) - 1, 1, rng, max_steps) for i in now]
            return [self.options[int(i)] for i in sorted(moved)]
        if self.kind == "slider":
            moved = [
                _move(v, self.minimum, self.maximum, self.step, rng, max_steps) for v in self.value
            ]
            return sorted(moved)
        if self.kind == "number_input":
            step = self.step or 1.0
            lo = self.minimum if self.minimum is not None else self.value - 10 * step
            hi = self.maximum if self.maximum is not None else self.value + 10 * step
            moved = _move(self.value, lo, hi, step, rng, max_steps)
            return int(moved) if self.integer else moved
        raise ValueError(f"cannot move a {self.kind}")


def _move(value, lo, hi, step, rng: random.Random, max_steps: int):
    """value ± 1..max_steps steps inside [lo, hi] (bounces off the ends), on the step grid."""
    step = step or 1.0
    count = int(math.floor((hi - lo) / step + 1e-9))
    if count <= 0:
        return value
    index = round((value - lo) / step)
    for _ in range(20):
        target = index + rng.choice((-1, 1)) * rng.randint(1, max_steps)
        target = min(max(target, 0), count)
        if target != index:
            break
    moved = lo + target * step
    if float(step).is_integer() and float(lo).is_integer():
        return float(round(moved))
    return round(moved, 10)


def _widget(element: Element, path: tuple[int, ...], known: dict[str, Widget]) -> Widget | None:
    """The Widget an element draws (None for other elements), with its value as a browser
    would hold it: the value the server set, else the value the browser last sent, else the
    default."""
    kind = element.WhichOneof("type")
    if kind not in (
        "slider",
        "number_input",
        "checkbox",
        "radio",
        "selectbox",
        "button",
        "file_uploader",
    ):
        return None
    proto = getattr(element, kind)
    old = known.get(proto.id)
    if kind == "file_uploader":  # the browser keeps what it uploaded
        value = old.value if old is not None else None
        return Widget(proto.id, "file_uploader", path, proto.disabled, value)
    if kind == "button":  # st.button and st.form_submit_button; label in options
        return Widget(proto.id, "button", path, proto.disabled, False, options=(proto.label,))
    if kind == "slider":
        if proto.type == Slider.SELECT_SLIDER:
            options = tuple(proto.options)
            if proto.set_value:
                value = list(proto.raw_value)
            elif old is not None and old.kind == "select_slider":
                value = list(old.value)
            else:
                value = [options[int(i)] for i in proto.default]
            return Widget(proto.id, "select_slider", path, proto.disabled, value, options=options)
        if proto.data_type not in (Slider.INT, Slider.FLOAT):
            return None  # date and time sliders: not driven here
        if proto.set_value:
            value = list(proto.value)
        elif old is not None:
            value = list(old.value)
        else:
            value = list(proto.default)
        return Widget(
            proto.id,
            "slider",
            path,
            proto.disabled,
            value,
            minimum=proto.min,
            maximum=proto.max,
            step=proto.step,
            integer=proto.data_type == Slider.INT,
        )
    if kind == "number_input":
        integer = proto.data_type == NumberInput.INT
        if proto.set_value and proto.HasField("value"):
            value = proto.value
        elif old is not None:
            value = old.value
        elif proto.HasField("default"):
            value = proto.default
        else:
            return None  # an empty number input: the browser sends nothing either
        return Widget(
            proto.id,
            "number_input",
            path,
            proto.disabled,
            int(value) if integer else float(value),
            minimum=proto.min if proto.has_min else None,
            maximum=proto.max if proto.has_max else None,
            step=proto.step or (1.0 if integer else 0.01),
            integer=integer,
        )
    if kind == "checkbox":
        if proto.set_value:
            value = proto.value
        elif old is not None:
            value = old.value
        else:
            value = proto.default
        return Widget(proto.id, "checkbox", path, proto.disabled, bool(value))
    # radio, selectbox: the value is the formatted option
    options = tuple(proto.options)
    if proto.set_value:
        if not proto.raw_value:
            return None
        value = proto.raw_value
    elif old is not None:
        value = old.value
    elif 0 <= proto.default < len(options):
        value = options[proto.default]
    else:
        return None
    return Widget(proto.id, kind, path, proto.disabled, value, options=options)


# ---------------------------------------------------------------------------------------
# Runs


@dataclass
class Run:
    """What one rerun request produced, up to its final script_finished."""

    sent: float
    page_script_hash: str = ""
    elements: list[tuple[tuple[int, ...], Element]] = field(default_factory=list)
    status: int | None = None
    finished: float | None = None
    page_not_found: str | None = None
    compile_error: str | None = None
    fragment_id: str = ""  # a fragment's own rerun (its elements only)
    script_starts: int = 0  # more than 1 when the app called st.rerun
    bytes_received: int = 0

    @property
    def latency(self) -> float:
        return (self.finished or time.perf_counter()) - self.sent

    def of_kind(self, kind: str) -> list[Element]:
        return [e for _, e in self.elements if e.WhichOneof("type") == kind]

    @property
    def exceptions(self) -> list[str]:
        """Uncaught exceptions the page showed (type: message)."""
        out = [f"{e.exception.type}: {e.exception.message}" for e in self.of_kind("exception")]
        if self.compile_error:
            out.append(self.compile_error)
        return out

    @property
    def error_alerts(self) -> list[str]:
        """st.error boxes (expected input errors the page explains)."""
        return [e.alert.body for e in self.of_kind("alert") if e.alert.format == 1]

    def metrics(self) -> dict[str, str]:
        """st.metric elements as label → shown value, in page order."""
        return {e.metric.label: e.metric.body for e in self.of_kind("metric")}

    def metric_values(self) -> list[str]:
        return [e.metric.body for e in self.of_kind("metric")]


class Session:
    """One browser tab on a Streamlit server."""

    def __init__(
        self,
        port: int,
        query_string: str = "",
        host: str = "127.0.0.1",
        use_message_cache: bool = True,
        locale: str = "en-US",
        cookie: str = "",
    ) -> None:
        self.url = f"ws://{host}:{port}/_stcore/stream"
        self.origin = f"http://{host}:{port}"
        self.query_string = query_string
        self.use_message_cache = use_message_cache
        self.locale = locale
        self.cookie = cookie  # sent with the websocket and uploads (e.g. nginx's replica cookie)
        self.pages: list = []  # AppPage protos from new_session
        self.main_script_hash = ""
        self.page_script_hash = ""
        self.session_id = ""
        self.widgets: dict[str, Widget] = {}
        self.auto_reruns: dict[str, float] = {}  # fragment id → seconds (st.fragment(run_every))
        self.runs = 0
        self.closed_reason: str | None = None
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._run: Run | None = None
        self._done: asyncio.Future | None = None
        self._cache: dict[str, tuple[ForwardMsg, int]] = {}  # hash → (message, run index)
        self._max_cache_age = 2
        self._connected = asyncio.Event()
        self._file_urls: dict[str, asyncio.Future] = {}  # request id → FileURLsResponse

    # --- connection ---

    async def __aenter__(self) -> Session:
        await self.connect()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.close()

    async def connect(self, timeout: float = 30.0) -> None:
        self._ws = await asyncio.wait_for(
            connect(
                self.url,
                subprotocols=[SUBPROTOCOL],
                origin=self.origin,
                additional_headers={"Cookie": self.cookie} if self.cookie else None,
                max_size=None,
                open_timeout=timeout,
                ping_interval=None,
            ),
            timeout,
        )
        self._reader = asyncio.create_task(self._read())

    @property
    def connected(self) -> bool:
        return self._ws is not None and self.closed_reason is None

    async def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader
        if self.closed_reason is None:
            self.closed_reason = "closed"

    # --- reruns ---

    def page(self, index_or_name: int | str):
        """An AppPage by position or by its URL path name (e.g. "Step_by_step")."""
        if isinstance(index_or_name, int):
            return self.pages[index_or_name]
        for p in self.pages:
            if index_or_name in (p.url_pathname, p.page_name):
                return p
        raise KeyError(index_or_name)

    async def load(self, page=None, query_string: str | None = None, timeout: float = 60.0) -> Run:
        """Open a page (an AppPage, its url_pathname, or None for the main page), as a click
        on the navigation does: the page's widgets start from scratch and, as in the
        browser, a page change drops the URL's query parameters unless query_string is given
        (the app keeps its state in the session and writes the URL again)."""
        if page is None:
            page_hash, page_name = self.main_script_hash, ""
        elif isinstance(page, str):
            page_hash, page_name = (
                ("", page) if not self.pages else (self.page(page).page_script_hash, "")
            )
        else:
            page_hash, page_name = page.page_script_hash, ""
        if query_string is not None:
            self.query_string = query_string
        elif self.page_script_hash and page_hash != self.page_script_hash:
            self.query_string = ""
        self.widgets, self.auto_reruns = {}, {}
        return await self.rerun(page_script_hash=page_hash, page_name=page_name, timeout=timeout)

    def widget(self, key: str) -> Widget:
        """The widget the app keyed `key` (its id ends with "-<key>")."""
        found = [w for w in self.widgets.values() if w.id.endswith(f"-{key}")]
        if len(found) != 1:
            raise KeyError(f"{key}: {len(found)} widgets")
        return found[0]

    def button(self, label: str) -> Widget:
        """The button (or form submit button) labelled `label`."""
        found = [w for w in self.widgets.values() if w.kind == "button" and w.options == (label,)]
        if len(found) != 1:
            raise KeyError(f"{label}: {len(found)} buttons")
        return found[0]

    async def click(self, label: str, timeout: float = 60.0, **values) -> Run:
        """Press a button, after setting widgets by key (a form's fields are sent with its
        submit button, as the browser does)."""
        for key, value in values.items():
            self.widget(key).value = value
        return await self.set_widget(self.button(label).id, True, timeout=timeout)

    async def rerun_fragment(self, fragment_id: str, timeout: float = 60.0) -> Run:
        """What the browser sends every run_every seconds: a rerun of one fragment."""
        return await self.rerun(fragment_id=fragment_id, timeout=timeout)

    async def set_widget(self, widget_id: str, value, timeout: float = 60.0) -> Run:
        """Give one widget a new value and rerun with every widget's state, as a browser does."""
        self.widgets[widget_id].value = value
        return await self.rerun(timeout=timeout)

    async def rerun(
        self,
        page_script_hash: str | None = None,
        page_name: str = "",
        timeout: float = 60.0,
        fragment_id: str = "",
    ) -> Run:
        """Send rerun_script and wait for the run's final script_finished.

        Raises RunError("dropped") if the connection closes, RunError("timeout") on timeout.
        """
        if not self.connected:
            raise RunError("dropped", self.closed_reason or "not connected")
        if self._done is not None and not self._done.done():
            raise RuntimeError("one rerun at a time per session")
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query_string
        cs.page_script_hash = (
            self.page_script_hash if page_script_hash is None else page_script_hash
        )
        cs.page_name = page_name
        if fragment_id:
            cs.fragment_id, cs.is_auto_rerun = fragment_id, True
        cs.widget_states.widgets.extend(w.state() for w in self.widgets.values())
        if self.use_message_cache:
            cs.cached_message_hashes.extend(self._cache)
        ctx = cs.context_info
        ctx.timezone, ctx.timezone_offset, ctx.locale = "UTC", 0, self.locale
        ctx.url = f"{self.origin}/?{self.query_string}" if self.query_string else self.origin
        ctx.color_scheme = "light"
        self._run = Run(sent=time.perf_counter(), fragment_id=fragment_id)
        self._done = asyncio.get_running_loop().create_future()
        try:
            await self._ws.send(msg.SerializeToString())
        except ConnectionClosed as exc:
            self.closed_reason = f"send failed: {exc}"
            raise RunError("dropped", self.closed_reason) from exc
        try:
            run = await asyncio.wait_for(asyncio.shield(self._done), timeout)
        except TimeoutError:
            raise RunError("timeout", f"no script_finished within {timeout} s") from None
        self.runs += 1
        return run

    # --- uploads and other messages ---

    async def put_file(self, name: str, data: bytes, timeout: float = 120.0) -> UploadedFileInfo:
        """Upload a file as st.file_uploader does (ask for a URL, then PUT it) without telling
        any widget: the server keeps it for this session. The server must run with
        server.enableXsrfProtection=false (this client sends no XSRF token)."""
        request_id = uuid.uuid4().hex
        msg = BackMsg()
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.file_names.append(name)
        msg.file_urls_request.session_id = self.session_id
        waiting = self._file_urls[request_id] = asyncio.get_running_loop().create_future()
        try:
            await self._ws.send(msg.SerializeToString())
            response = await asyncio.wait_for(waiting, timeout)
        finally:
            self._file_urls.pop(request_id, None)
        if response.error_msg:
            raise RunError("upload", response.error_msg)
        urls = response.file_urls[0]
        await asyncio.wait_for(asyncio.to_thread(self._put, urls.upload_url, name, data), timeout)
        info = UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id)
        info.file_urls.CopyFrom(urls)
        return info

    def _put(self, upload_url: str, name: str, data: bytes) -> None:
        boundary = uuid.uuid4().hex
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
        ).encode()
        body = head + data + f"\r\n--{boundary}--\r\n".encode()
        url = upload_url if upload_url.startswith("http") else self.origin + upload_url
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                **({"Cookie": self.cookie} if self.cookie else {}),
            },
        )
        with urllib.request.urlopen(request, timeout=120) as reply:
            reply.read()

    async def upload(self, key: str, name: str, data: bytes, timeout: float = 120.0) -> Run:
        """Upload a file into the st.file_uploader keyed `key` and rerun, as a browser does."""
        info = await self.put_file(name, data, timeout)
        widget = self.widget(key)
        return await self.set_widget(
            widget.id, FileUploaderState(uploaded_file_info=[info]), timeout=timeout
        )

    async def clear_cache(self) -> None:
        """What the app menu's "Clear cache" sends (any client may send it)."""
        msg = BackMsg()
        msg.clear_cache = True
        await self._ws.send(msg.SerializeToString())

    # --- receiving ---

    async def _read(self) -> None:
        try:
            async for frame in self._ws:
                if isinstance(frame, str):
                    continue
                msg = ForwardMsg()
                msg.ParseFromString(frame)
                if self._run is not None:
                    self._run.bytes_received += len(frame)
                self._handle(msg)
            self.closed_reason = "closed by server"
        except ConnectionClosed as exc:
            self.closed_reason = f"connection closed: {exc}"
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug in this client: surface it to the waiting run
            self.closed_reason = f"client error: {exc!r}"
        finally:
            if self._done is not None and not self._done.done():
                self._done.set_exception(RunError("dropped", self.closed_reason or ""))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        run = self._run
        if kind == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                self._fail(RunError("cache_miss", msg.ref_hash))
                return
            self._cache[msg.ref_hash] = (cached[0], self.runs)
            full = ForwardMsg()
            full.CopyFrom(cached[0])
            full.metadata.CopyFrom(msg.metadata)
            msg, kind = full, "delta"
        elif msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = (msg, self.runs)
        if kind == "new_session":
            ns = msg.new_session
            if ns.HasField("initialize"):
                self.session_id = ns.initialize.session_id
            if ns.config.max_cached_message_age:
                self._max_cache_age = ns.config.max_cached_message_age
            if ns.app_pages:
                self.pages = list(ns.app_pages)
            self.main_script_hash = ns.main_script_hash
            self.page_script_hash = ns.page_script_hash
            if run is not None:
                run.script_starts += 1
                run.page_script_hash = ns.page_script_hash
                run.elements = []  # a new script run (e.g. after st.rerun) redraws the page
        elif kind == "delta":
            if run is not None and msg.delta.WhichOneof("type") == "new_element":
                run.elements.append((tuple(msg.metadata.delta_path), msg.delta.new_element))
        elif kind == "navigation":  # pages (the pages directory is run as st.navigation)
            if msg.navigation.app_pages:
                self.pages = list(msg.navigation.app_pages)
            if msg.navigation.page_script_hash:
                self.page_script_hash = msg.navigation.page_script_hash
                if run is not None:
                    run.page_script_hash = self.page_script_hash
        elif kind == "file_urls_response":
            waiting = self._file_urls.get(msg.file_urls_response.response_id)
            if waiting is not None and not waiting.done():
                waiting.set_result(msg.file_urls_response)
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            if run is not None:
                run.page_not_found = msg.page_not_found.page_name or "?"
        elif kind == "session_event":
            event = msg.session_event
            if run is not None and event.HasField("script_compilation_exception"):
                exc = event.script_compilation_exception
                run.compile_error = f"{exc.type}: {exc.message}"
        elif kind == "script_finished" and run is not None and msg.script_finished in DONE:
            run.status = msg.script_finished
            run.finished = time.perf_counter()
            self._finish(run)

    def _finish(self, run: Run) -> None:
        known = self.widgets
        # a fragment's run redraws only the fragment: the page's other widgets stay
        widgets = dict(known) if run.fragment_id else {}
        for w in widgets.values():
            if w.kind == "button":
                w.value = False  # a trigger lasts one run
        for path, element in run.elements:
            w = _widget(element, path, known)
            if w is not None:
                widgets[w.id] = w
        self.widgets = widgets
        # the browser forgets cached elements not used in the last max_cached_message_age runs
        oldest = self.runs + 1 - self._max_cache_age
        self._cache = {h: (m, i) for h, (m, i) in self._cache.items() if i >= oldest}
        if self._done is not None and not self._done.done():
            self._done.set_result(run)

    def _fail(self, error: RunError) -> None:
        if self._done is not None and not self._done.done():
            self._done.set_exception(error)
