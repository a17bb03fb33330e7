"""What `pip install .` installs, checked from pyproject.toml without building anything: the
dependencies match requirements.txt and cover every import, constraints.txt pins them, and the
wheel's packages and package data hold the library's data and the whole app."""

from __future__ import annotations

import ast
import os
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import ui.cli

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
FIRST_PARTY = {"normviz", "ui"}


def requirement_lines(path: Path) -> list[str]:
    """A requirements file's requirements, without comments, options (-c, -r) or spaces."""
    lines = (line.split("#")[0].replace(" ", "") for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("-")]


def canonical(name: str) -> str:
    return name.lower().replace("_", "-")


def package_dir(package: str) -> Path:
    """Where setuptools takes a package from (tool.setuptools.package-dir, else its name)."""
    mapping = SETUPTOOLS.get("package-dir", {})
    parts = package.split(".")
    for i in range(len(parts), 0, -1):
        if ".".join(parts[:i]) in mapping:
            return ROOT / mapping[".".join(parts[:i])] / Path(*parts[i:])
    return ROOT / Path(*parts)


def shipped_files() -> set[Path]:
    """Every file the wheel carries: the packages' modules and their package data."""
    files = set()
    for package in SETUPTOOLS["packages"]:
        files |= set(package_dir(package).glob("*.py"))
    for package, patterns in SETUPTOOLS["package-data"].items():
        for pattern in patterns:
            matched = set(package_dir(package).glob(pattern))
            assert matched, f"{package}: {pattern} matches nothing"
            files |= matched
    return {f.resolve() for f in files}


def imported_top_levels(paths) -> set[str]:
    """Top-level names of the absolute imports in these files, standard library excluded."""
    names = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - FIRST_PARTY - {"__future__"}


def library_modules() -> list[Path]:
    return sorted(p for p in shipped_files() if p.suffix == ".py" and ROOT / "normviz" in p.parents)


def test_dependencies_are_requirements_txt():
    """One list of requirements: pyproject.toml says what requirements.txt says."""
    declared = [d.replace(" ", "") for d in PYPROJECT["project"]["dependencies"]]
    assert sorted(declared) == sorted(requirement_lines(ROOT / "requirements.txt"))


def test_constraints_pin_every_requirement_within_its_range():
    pins = {}
    for line in requirement_lines(ROOT / "constraints.txt"):
        name, version = line.split("==")
        pins[canonical(name)] = version
    assert "-cconstraints.txt" in (ROOT / "requirements.txt").read_text().replace(" ", "")
    for path in ("requirements.txt", "requirements-dev.txt"):
        for line in requirement_lines(ROOT / path):
            requirement = Requirement(line)
            version = pins[canonical(requirement.name)]
            assert requirement.specifier.contains(version), (line, version)
            assert "+" not in version, line  # a local tag (+cpu) matches one build only


def test_every_import_of_the_library_and_the_app_is_a_declared_dependency():
    declared = {Requirement(d).name for d in PYPROJECT["project"]["dependencies"]}
    app = [p for p in shipped_files() if p.suffix == ".py" and p not in library_modules()]
    for paths in (library_modules(), app):
        imported = imported_top_levels(paths)
        assert imported, paths
        assert imported <= declared, imported  # import names are distribution names here


def test_the_library_does_not_import_streamlit():
    assert "streamlit" not in imported_top_levels(library_modules())


def test_every_package_is_shipped():
    """Each folder with an __init__.py under normviz/ and ui/ is in the packages list."""
    packages = set(SETUPTOOLS["packages"])
    for top, name in (("normviz", "normviz"), ("ui", "normviz_app.ui")):
        for init in (ROOT / top).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / top).parts
            assert ".".join((name, *relative)) in packages, init


def test_the_wheel_carries_the_data_and_the_whole_app():
    from normviz.digits import DIGITS_PATH
    from ui.pages import ICON

    shipped = shipped_files()
    app = [ROOT / "app.py", ROOT / ".streamlit" / "config.toml", *(ROOT / "app_pages").glob("*.py")]
    for path in (DIGITS_PATH, DIGITS_PATH.with_name("digits_PROVENANCE.md"), ICON, *app):
        assert path.resolve() in shipped, path
    assert not {p for p in shipped if "tests" in p.parts or "bench" in p.parts}


def test_the_command_runs_the_app_from_its_folder(monkeypatch):
    script = PYPROJECT["project"]["scripts"]["normviz"]
    assert script == "normviz_app.ui.cli:main"  # ui/ is shipped as normviz_app.ui
    seen = {}

    def fake_streamlit_main():
        seen.update(cwd=os.getcwd(), argv=list(sys.argv))
        return 0

    monkeypatch.chdir("/")
    monkeypatch.setattr(sys, "argv", ["normviz"])
    monkeypatch.setattr(ui.cli.streamlit_cli, "main", fake_streamlit_main)
    with pytest.raises(SystemExit) as done:
        ui.cli.main(["--server.port", "8599"])
    assert done.value.code == 0
    assert seen["cwd"] == str(ui.cli.APP_DIR) == str(ROOT)
    assert seen["argv"] == ["streamlit", "run", str(ROOT / "app.py"), "--server.port", "8599"]
