"""The `normviz` command: `streamlit run app.py` from wherever the app is installed, with the
app warmed up first.

    normviz                                  # http://localhost:8501
    python -m ui.cli                         # the same, from the repository
    normviz --server.port 8600 --server.address 0.0.0.0

Its arguments go to `streamlit run`. The command runs in the app's folder, so Streamlit reads
the app's .streamlit/config.toml (the server's limits and settings) and finds app_pages/. Before
the server starts, ui.warmup imports the app and runs its kernels once: the first student
does not wait for them (the server answers its health check once that is done).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from streamlit.web import cli as streamlit_cli

APP_DIR = Path(__file__).resolve().parents[1]  # app.py, app_pages/, ui/, .streamlit/


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    os.chdir(APP_DIR)
    if str(APP_DIR) not in sys.path:  # installed: the pages import ui/ as `ui`, so does this
        sys.path.insert(0, str(APP_DIR))
    from ui.warmup import warm

    spent = warm()
    print("normviz: warmed up in " + ", ".join(f"{k} {v:.1f} s" for k, v in spent.items()))
    sys.argv = ["streamlit", "run", str(APP_DIR / "app.py"), *args]
    sys.exit(streamlit_cli.main())


if __name__ == "__main__":
    main()
