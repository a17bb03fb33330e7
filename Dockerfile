# normviz, served by Streamlit on port 8501 as a non-root user, CPU only.
#
#   docker build -t normviz .
#   docker run --rm -p 8501:8501 normviz        # then open http://localhost:8501
#
# Nothing is downloaded at run time: the dependencies, the shipped data (normviz/data/) and
# numba's compiled kernels are all in the image.

ARG PYTHON_IMAGE=python:3.11-slim
FROM ${PYTHON_IMAGE}

# Where pip gets torch. PyPI's torch for x86_64 Linux is a CUDA build of several GB; this
# index holds the CPU build. To install from elsewhere, e.g. a mirror or a local wheel server:
#   --build-arg TORCH_SOURCE="--index-url https://mirror.example/whl/cpu"
#   --build-arg TORCH_SOURCE="--find-links http://127.0.0.1:8000/"   (with --network host)
ARG TORCH_SOURCE="--index-url https://download.pytorch.org/whl/cpu"

# The server never reloads (no file watcher), and prints no welcome banner: with
# server.headless, the banner looks up the machine's external IP on the internet.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    NUMBA_CACHE_DIR=/tmp/numba-cache \
    STREAMLIT_SERVER_FILE_WATCHER_TYPE=none \
    STREAMLIT_LOGGER_HIDE_WELCOME_MESSAGE=true

# libgomp1: numba's OpenMP threading layer, which normviz.kernels asks for first
# (without it numba falls back to its slower "workqueue" layer).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libgomp1 \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin normviz \
    && mkdir /rooms && chown normviz /rooms   # compose.yaml's shared rooms volume

WORKDIR /app

# requirements.txt is the one place requirements live, and it applies constraints.txt, the
# exact versions of everything: torch's pin is read from it and torch alone (--no-deps) is
# installed from TORCH_SOURCE; the second pip install finds torch already satisfied and
# installs the rest, torch's own dependencies included, at the versions of constraints.txt.
COPY requirements.txt constraints.txt ./
RUN torch_pin="$(sed -n 's/^\(torch==[^ #]*\).*/\1/p' requirements.txt)" \
    && test -n "$torch_pin" \
    && pip install --no-deps $TORCH_SOURCE "$torch_pin" \
    && pip install -r requirements.txt \
    && python -c "import torch; assert torch.version.cuda is None, 'CUDA build of torch'"

COPY .streamlit/ .streamlit/
COPY normviz/ normviz/
COPY ui/ ui/
COPY app_pages/ app_pages/
COPY app.py .
# The app files stay root-owned and read-only to the server; bytecode is compiled here.
RUN python -m compileall -q normviz ui

USER normviz

# Compile numba's kernels now, into NUMBA_CACHE_DIR, for float32 and float64 input: the
# same warm-up (ui/warmup.py) that `python -m ui.cli` runs before it serves, which also
# imports every module of the app. The cache must stay writable (kernels.py has cache=True):
# on a CPU unlike the build machine's numba compiles once more at start-up and writes there.
# With `docker run --read-only`, add `--tmpfs /tmp`: it starts empty, so the kernels then
# compile in each container's warm-up, a few seconds before its health check answers.
RUN python -c "import numba; from ui.warmup import warm; print(warm()); \
print('numba threading layer:', numba.threading_layer())"

EXPOSE 8501
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=4)"]
# ui.cli: streamlit run app.py, after importing the app and loading its kernels (ui/warmup.py)
CMD ["python", "-m", "ui.cli", "--server.address=0.0.0.0", "--server.port=8501"]
