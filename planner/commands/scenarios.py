"""``planner scenarios [NAME DIR]``: the bundled scenarios, also after a plain ``pip install``.

Without arguments, lists them with the first line of each one's README; with a name and a
folder, copies that scenario (``scenario.toml`` and ``data/``) into the folder, which must not
exist yet, so that a planner can open, edit and solve it.
"""

from __future__ import annotations

import re
import shutil
import tomllib
from importlib.resources import as_file, files
from pathlib import Path
from typing import Annotated

import typer

from planner.errors import BadInput, Problem
from planner.i18n import N_, _

HELP = N_("List the bundled scenarios, or copy one into a new folder.")


def bundled_root() -> Path:
    """The folder of bundled scenarios (inside the installed package)."""
    with as_file(files("planner") / "scenarios") as path:
        return Path(path)


def bundled_names() -> list[str]:
    root = bundled_root()
    return sorted(p.name for p in root.iterdir() if (p / "scenario.toml").is_file())


def copy_scenario(folder: Path, out_dir: Path) -> None:
    """Copy a scenario folder; a data folder it shares with a sibling (``data = "../x/data"``)
    is copied in as ``data/`` and the copy's ``data`` key points at it."""
    shutil.copytree(folder, out_dir)
    toml = out_dir / "scenario.toml"
    data = tomllib.loads(toml.read_text(encoding="utf-8")).get("data", "data")
    source = (folder / data).resolve()
    if source.is_dir() and folder.resolve() not in source.parents:
        shutil.copytree(source, out_dir / "data")
        text = re.sub(
            r'^data\s*=\s*"[^"]*"', 'data = "data"', toml.read_text(encoding="utf-8"), flags=re.M
        )
        toml.write_text(text, encoding="utf-8")


def scenarios(
    name: Annotated[str | None, typer.Argument(help=N_("a bundled scenario to copy"))] = None,
    out_dir: Annotated[Path | None, typer.Argument(help=N_("the folder to copy it into"))] = None,
) -> None:
    """List the bundled scenarios, or copy one into a new folder."""
    names = bundled_names()
    if name is None:
        for item in names:
            typer.echo(f"{item}  {bundled_root() / item / 'scenario.toml'}")
        return
    if name not in names:
        raise BadInput(
            Problem(
                "NAME",
                None,
                None,
                _("no bundled scenario {name!r}; one of: {names}").format(
                    name=name, names=", ".join(names)
                ),
            )
        )
    if out_dir is None:
        raise BadInput(Problem("DIR", None, None, _("give the folder to copy it into")))
    if out_dir.exists():
        raise BadInput(
            Problem(
                str(out_dir),
                None,
                None,
                _("already exists; nothing was copied. Choose a new folder"),
            )
        )
    copy_scenario(bundled_root() / name, out_dir)
    typer.echo(
        _("Copied {name} to {folder}; solve it with: planner solve {scenario} --out OUT").format(
            name=name, folder=out_dir, scenario=out_dir / "scenario.toml"
        )
    )
