"""The scenario file (contract section 3): what to plan, the targets, the rules, the costs.

A scenario is read from TOML, completed with the contract's defaults and checked key by key;
command-line overrides (``--target``, ``--set``) are applied to the raw TOML tree *before* the
check, so an override is validated exactly like the file. Unknown keys are errors with a
suggestion, because a misspelt key silently ignored would run the wrong batch.
"""

from __future__ import annotations

import codecs
import copy
import difflib
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from models.engines import ENGINES as MODEL_ENGINES
from models.instance import Weights
from planner.errors import BadInput, Collector, Problem
from planner.i18n import _
from planner.inputs.tables import is_workbook
from planner.roadmap.table import Roadmap, parse_roadmap

#: Dates a scenario may name (as_of, batches): anything else is a typing slip.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2200, 12, 31)
#: Every cost weight is at most this, so that a plan's total cost stays an exact integer in
#: float64 (2**53) for any realistic batch; consistency.cost_bound_problems checks the data.
MAX_WEIGHT = 10**9
#: The engines take a 32-bit seed (CP-SAT random_seed, HiGHS random_seed, SCIP seed shift).
MAX_SEED = 2**31 - 1
#: A week: longer is a typing slip, and inf/nan would leave run.json without strict JSON.
MAX_TIME_LIMIT_S = 7 * 24 * 3600.0
#: Scale bounds for counts and years (no rule reckons a century).
MAX_YEARS, MAX_COUNT = 100.0, 10**6
RETIREMENT_ROADMAPS = ("vn-2019",)


@dataclass(frozen=True)
class Scope:
    units: tuple[str, ...] = ()
    roles: tuple[str, ...] = ("secretary", "chairman")


@dataclass(frozen=True)
class Target:
    level: str = "district"
    min_nonlocal_ratio: float = 0.5
    groups: Mapping[str, float] = field(default_factory=dict)
    roles: Mapping[str, float] = field(default_factory=dict)
    #: per group, per-role ratios replacing ``roles`` inside that group (rule 5)
    group_roles: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def ratio_for(self, group_id: str) -> float:
        return self.groups.get(group_id, self.min_nonlocal_ratio)

    def roles_for(self, group_id: str) -> Mapping[str, float]:
        """The per-role ratios inside ``group_id``: its ``group_roles`` entry, else ``roles``."""
        return self.group_roles.get(group_id, self.roles)

    def all_roles(self) -> tuple[str, ...]:
        """Every role some group has a per-role target for, first mention first."""
        named = list(self.roles)
        for ratios in self.group_roles.values():
            named += list(ratios)
        return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Rules:
    locality_level: str = "commune"
    min_years_before_move: float = 3.0
    max_years_in_post: float = 10.0
    min_years_to_retirement: float = 5.0
    #: "vn-2019" or fixed ages by gender, e.g. {"M": 62, "F": 60}
    retirement: str | Mapping[str, float] = "vn-2019"
    max_distance_km: float = 0.0
    kinship_level: str = "commune"
    cross_group_moves: bool = False
    max_changes_per_group: int = 0
    one_new_head_per_unit: bool = False
    allow_vacancies: bool = False
    #: an incumbent whose retirement date is on or before as_of must leave the seat (rule 3)
    retire_at_age: bool = True


#: Weights of the named cost parts (contract section 5); the cost is minimised. The scenario's
#: ``[objective]`` section is the model's :class:`~models.instance.Weights`, defaults and all.
Objective = Weights


@dataclass(frozen=True)
class Plans:
    count: int = 5
    min_difference: int = 2
    time_limit_s: float = 60.0
    seed: int = 0


@dataclass(frozen=True)
class Solver:
    """Project addition: which engine and how many worker processes (0 = all cores)."""

    engine: str = "auto"
    workers: int = 0


@dataclass(frozen=True)
class Scenario:
    name: str
    path: Path
    #: the data folder, or the Excel workbook that holds the tables (contract section 2)
    data_dir: Path
    as_of: date
    scope: Scope = Scope()
    target: Target = Target()
    rules: Rules = Rules()
    objective: Objective = field(default_factory=Objective)
    plans: Plans = Plans()
    solver: Solver = Solver()
    pins: Path | None = None
    #: the declared encoding of CSV files that are not UTF-8 (e.g. "cp1258"), or None
    encoding: str | None = None
    #: the [roadmap] table (contract section 10), None when it names no batches
    roadmap: Roadmap | None = None
    #: the complete scenario as run (defaults filled in, overrides applied), JSON-friendly
    effective: Mapping[str, Any] = field(default_factory=dict)


def _defaults(section: type) -> dict[str, Any]:
    """A section's defaults as TOML writes them; its dataclass above is their one owner."""
    out: dict[str, Any] = {}
    for f in fields(section):
        value = f.default_factory() if f.default is MISSING else f.default  # type: ignore[operator]
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


#: The contract's defaults, section by section, read off the section dataclasses (adding a key
#: is one line there); also the schema (a key not here is unknown).
DEFAULTS: Mapping[str, Any] = MappingProxyType(
    {
        "name": "",
        "data": "data",
        "encoding": "",
        "as_of": "",
        "pins": "",
        "scope": _defaults(Scope),
        "target": _defaults(Target),
        "rules": _defaults(Rules),
        "objective": _defaults(Objective),
        "plans": _defaults(Plans),
        "solver": _defaults(Solver),
        # contract section 10, read by planner.roadmap.table (only `planner roadmap` uses it)
        "roadmap": {"batches": [], "ramp": "linear"},
    }
)

#: The engines a scenario may name: ``auto`` and every engine :mod:`models.engines` offers.
ENGINES = ("auto", *MODEL_ENGINES)


# --------------------------------------------------------------------------------------------
# overrides


def _parse_value(text: str) -> Any:
    """A TOML value (``0.6``, ``true``, ``["a","b"]``, ``{PT = 0.6}``); bare words stay text."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text.strip()


def _set_path(tree: dict[str, Any], dotted: str, value: Any) -> None:
    keys = dotted.split(".")
    node = tree
    for key in keys[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = {}
            node[key] = child
        node = child
    node[keys[-1]] = value


@dataclass(frozen=True)
class Setting:
    """One override with a typed value (a command's ``--plans 3``): set as it is, not parsed.

    The user's own ``--set SECTION.KEY=VALUE`` strings are parsed as TOML values instead; both
    are checked afterwards exactly like the file.
    """

    key: str  # dotted, e.g. "plans.count"
    value: Any


#: An override: the user's ``SECTION.KEY=VALUE`` text, or a typed :class:`Setting`.
Override = str | Setting


def apply_overrides(
    tree: dict[str, Any],
    targets: Sequence[str] = (),
    sets: Sequence[Override] = (),
    source: str = "",
) -> dict[str, Any]:
    """Apply ``--target R``, ``--target GROUP=R``, ``--set SECTION.KEY=VALUE`` and typed
    :class:`Setting` values to a raw tree.

    Returns a new tree; malformed overrides raise :class:`BadInput` naming the option.
    """
    tree = copy.deepcopy(tree)
    problems = Collector()
    for text in targets:
        if "=" in text:
            group, _sep, value = text.partition("=")
            group = group.strip()
            if not group:
                problems.add(
                    "--target", None, None, _("{text!r}: expected GROUP=RATIO").format(text=text)
                )
                continue
            _set_path(tree, "target.groups", {**tree.get("target", {}).get("groups", {})})
            tree["target"]["groups"][group] = _parse_value(value)
        else:
            _set_path(tree, "target.min_nonlocal_ratio", _parse_value(text))
    for item in sets:
        if isinstance(item, Setting):
            _set_path(tree, item.key, item.value)
            continue
        text = item
        key, eq, value = text.partition("=")
        key = key.strip()
        if not eq or not key:
            problems.add(
                "--set", None, None, _("{text!r}: expected SECTION.KEY=VALUE").format(text=text)
            )
            continue
        _set_path(tree, key, _parse_value(value))
    problems.raise_if_any()
    return tree


# --------------------------------------------------------------------------------------------
# checking


class _Checker:
    """Type- and range-checks one raw tree, collecting every problem with its dotted key."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems = Collector()

    def fail(self, key: str, message: str) -> None:
        self.problems.add(self.file, None, key, message)

    def unknown_keys(self, tree: Mapping[str, Any], schema: Mapping[str, Any], prefix: str) -> None:
        for key, value in tree.items():
            dotted = f"{prefix}{key}"
            if key not in schema:
                close = difflib.get_close_matches(key, list(schema), n=1, cutoff=0.6)
                self.fail(
                    dotted,
                    _("unknown key; did you mean {key}?").format(key=f"{prefix}{close[0]}")
                    if close
                    else _("unknown key"),
                )
            elif isinstance(schema[key], Mapping) and schema[key] and isinstance(value, dict):
                self.unknown_keys(value, schema[key], f"{dotted}.")
            elif isinstance(schema[key], Mapping) and schema[key] and not isinstance(value, dict):
                self.fail(dotted, _("must be a table of settings"))

    def number(
        self,
        key: str,
        value: Any,
        *,
        lo: float | None = None,
        hi: float | None = None,
        integer: bool = False,
        lo_open: bool = False,
    ) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.fail(key, _("{value!r} is not a number").format(value=value))  # NaN too
            return None
        if not math.isfinite(value):
            message = (
                _("{value!r} must be a whole number")
                if integer
                else _("{value!r} must be a finite number")
            )
            self.fail(key, message.format(value=value))
            return None
        if integer:
            if isinstance(value, float) and not value.is_integer():
                self.fail(key, _("{value!r} must be a whole number").format(value=value))
                return None
            value = int(value)
        elif hi is not None and value > hi:
            pass  # reported below, before float() could overflow on a huge integer
        else:
            value = float(value)
        if lo is not None and (value <= lo if lo_open else value < lo):
            message = (
                _("{value!r} must be greater than {bound}")
                if lo_open
                else _("{value!r} must be at least {bound}")
            )
            self.fail(key, message.format(value=value, bound=f"{lo:g}"))
            return None
        if hi is not None and value > hi:
            self.fail(
                key, _("{value!r} must be at most {bound}").format(value=value, bound=f"{hi:g}")
            )
            return None
        return value

    def encoding(self, key: str, value: Any) -> str | None:
        """A Python text codec name (``cp1258``), or None for the contract's UTF-8 only."""
        text = self.text(key, value)
        if not text:
            return None
        try:
            info = codecs.lookup(text)
        except LookupError:
            self.fail(
                key, _("{text!r} is not a known text encoding (e.g. cp1258)").format(text=text)
            )
            return None
        if not getattr(info, "_is_text_encoding", True):
            self.fail(key, _("{text!r} is not a text encoding (e.g. cp1258)").format(text=text))
            return None
        return info.name

    def ratio(self, key: str, value: Any) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(key, _("{value!r} is not a ratio between 0 and 1").format(value=value))
            return None
        if not 0 <= float(value) <= 1:
            self.fail(key, _("ratio {value!r} is outside [0, 1]").format(value=value))
            return None
        return float(value)

    def boolean(self, key: str, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        self.fail(key, _("{value!r} must be true or false").format(value=value))
        return None

    def text(self, key: str, value: Any, *, allow_empty: bool = True) -> str | None:
        if not isinstance(value, str):
            self.fail(key, _("{value!r} must be text").format(value=value))
            return None
        if not allow_empty and not value.strip():
            self.fail(key, _("must not be empty"))
            return None
        return value.strip()

    def text_list(self, key: str, value: Any) -> tuple[str, ...] | None:
        if isinstance(value, str):
            value = [v for v in value.split(";") if v.strip()] if value.strip() else []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, _("{value!r} must be a list of texts").format(value=value))
            return None
        return tuple(v.strip() for v in value)

    def ratio_table(self, key: str, value: Any) -> dict[str, float] | None:
        if not isinstance(value, dict):
            self.fail(
                key, _("{value!r} must be a table such as {{ PT = 0.6 }}").format(value=value)
            )
            return None
        out: dict[str, float] = {}
        for name, ratio in value.items():
            checked = self.ratio(f"{key}.{name}", ratio)
            if checked is not None:
                out[str(name)] = checked
        return out

    def as_of(self, key: str, value: Any) -> date | None:
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value.strip())
            except ValueError:
                pass
            else:
                return self.as_of(key, value)
        if isinstance(value, date) and not EARLIEST_DATE <= value <= LATEST_DATE:
            self.fail(
                key,
                _("{date} is outside the dates a plan can be for ({first} to {last})").format(
                    date=value.isoformat(),
                    first=EARLIEST_DATE.isoformat(),
                    last=LATEST_DATE.isoformat(),
                ),
            )
            return None
        if isinstance(value, date):
            return value
        self.fail(key, _("{value!r} is not a date YYYY-MM-DD").format(value=value))
        return None


def _merge_defaults(tree: Mapping[str, Any]) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for key, default in DEFAULTS.items():
        if isinstance(default, Mapping) and default:
            section = tree.get(key, {})
            section = section if isinstance(section, dict) else {}
            merged[key] = {k: copy.deepcopy(section.get(k, v)) for k, v in default.items()}
        else:
            merged[key] = copy.deepcopy(tree.get(key, default))
    return merged


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _group_roles(check: _Checker, value: Any) -> dict[str, Mapping[str, float]]:
    """``target.group_roles = { TT = { chairman = 0.5 } }``: per group, a ratio table."""
    if not isinstance(value, dict):
        check.fail(
            "target.group_roles",
            _("{value!r} must be a table such as {{ TT = {{ chairman = 0.5 }} }}").format(
                value=value
            ),
        )
        return {}
    out: dict[str, Mapping[str, float]] = {}
    for group, ratios in value.items():
        table = check.ratio_table(f"target.group_roles.{group}", ratios)
        if table is not None:
            out[str(group)] = MappingProxyType(table)
    return out


def build_scenario(
    tree: Mapping[str, Any], path: Path, *, base_dir: Path | None = None, today: date | None = None
) -> Scenario:
    """Check a raw scenario tree (overrides already applied) and build the :class:`Scenario`.

    ``base_dir`` is the folder relative paths (``data``, ``pins``) are resolved against; it is
    the scenario file's folder unless given.
    """
    file = path.name
    check = _Checker(file)
    check.unknown_keys(tree, DEFAULTS, "")
    t = _merge_defaults(tree)
    base_dir = base_dir if base_dir is not None else path.parent

    name = check.text("name", t["name"]) or path.stem
    data_text = check.text("data", t["data"], allow_empty=False)
    data_dir = (base_dir / data_text).resolve() if data_text else base_dir
    if data_text and is_workbook(data_dir):
        if not data_dir.is_file():
            check.fail(
                "data",
                _("workbook {name!r} does not exist (looked in {path})").format(
                    name=data_text, path=data_dir
                ),
            )
    elif data_text and data_dir.is_file():
        check.fail(
            "data",
            _(
                "{name!r} is a file; data must be a folder of CSV files or an Excel workbook "
                "(.xlsx; save an .xls or .ods file as .xlsx)"
            ).format(name=data_text),
        )
    elif data_text and not data_dir.is_dir():
        check.fail(
            "data",
            _("data folder {name!r} does not exist (looked in {path})").format(
                name=data_text, path=data_dir
            ),
        )
    encoding = check.encoding("encoding", t["encoding"])
    if t["as_of"] in ("", None):
        as_of = today or date.today()
        t["as_of"] = as_of
    else:
        as_of = check.as_of("as_of", t["as_of"]) or date.today()
    pins_text = check.text("pins", t["pins"])
    pins = (base_dir / pins_text).resolve() if pins_text else None
    if pins is not None and not pins.is_file():
        check.fail(
            "pins",
            _("pins file {name!r} does not exist (looked in {path})").format(
                name=pins_text, path=pins
            ),
        )

    s = t["scope"]
    scope = Scope(
        units=check.text_list("scope.units", s["units"]) or (),
        roles=check.text_list("scope.roles", s["roles"]) or (),
    )

    g = t["target"]
    target = Target(
        level=check.text("target.level", g["level"], allow_empty=False) or Target.level,
        min_nonlocal_ratio=_or(
            check.ratio("target.min_nonlocal_ratio", g["min_nonlocal_ratio"]), 0.0
        ),
        groups=MappingProxyType(check.ratio_table("target.groups", g["groups"]) or {}),
        roles=MappingProxyType(check.ratio_table("target.roles", g["roles"]) or {}),
        group_roles=MappingProxyType(_group_roles(check, g["group_roles"])),
    )

    r = t["rules"]
    retirement: str | Mapping[str, float] = Rules.retirement
    if isinstance(r["retirement"], str):
        if r["retirement"] not in RETIREMENT_ROADMAPS:
            check.fail(
                "rules.retirement",
                _(
                    '{value!r} is not a known roadmap; use "vn-2019" or '
                    "fixed ages such as {{ M = 62, F = 60 }}"
                ).format(value=r["retirement"]),
            )
        retirement = r["retirement"]
    elif isinstance(r["retirement"], dict):
        ages: dict[str, float] = {}
        for gender in ("M", "F"):
            if gender not in r["retirement"]:
                check.fail(f"rules.retirement.{gender}", _("missing retirement age"))
                continue
            age = check.number(
                f"rules.retirement.{gender}", r["retirement"][gender], lo=0, lo_open=True, hi=100
            )
            if age is not None:
                ages[gender] = age
        for extra in set(r["retirement"]) - {"M", "F"}:
            check.fail(f"rules.retirement.{extra}", _("unknown gender; use M and F"))
        retirement = MappingProxyType(ages)
    else:
        check.fail(
            "rules.retirement",
            _('{value!r} must be "vn-2019" or a table').format(value=r["retirement"]),
        )

    rules = Rules(
        locality_level=check.text("rules.locality_level", r["locality_level"], allow_empty=False)
        or Rules.locality_level,
        min_years_before_move=_or(
            check.number(
                "rules.min_years_before_move", r["min_years_before_move"], lo=0, hi=MAX_YEARS
            ),
            0.0,
        ),
        max_years_in_post=_or(
            check.number("rules.max_years_in_post", r["max_years_in_post"], lo=0, hi=MAX_YEARS), 0.0
        ),
        min_years_to_retirement=_or(
            check.number(
                "rules.min_years_to_retirement", r["min_years_to_retirement"], lo=0, hi=MAX_YEARS
            ),
            0.0,
        ),
        retirement=retirement,
        max_distance_km=_or(
            check.number("rules.max_distance_km", r["max_distance_km"], lo=0, hi=MAX_WEIGHT), 0.0
        ),
        kinship_level=check.text("rules.kinship_level", r["kinship_level"], allow_empty=False)
        or Rules.kinship_level,
        cross_group_moves=bool(check.boolean("rules.cross_group_moves", r["cross_group_moves"])),
        max_changes_per_group=_or(
            check.number(
                "rules.max_changes_per_group",
                r["max_changes_per_group"],
                lo=0,
                hi=MAX_COUNT,
                integer=True,
            ),
            0,
        ),
        one_new_head_per_unit=bool(
            check.boolean("rules.one_new_head_per_unit", r["one_new_head_per_unit"])
        ),
        allow_vacancies=bool(check.boolean("rules.allow_vacancies", r["allow_vacancies"])),
        retire_at_age=bool(check.boolean("rules.retire_at_age", r["retire_at_age"])),
    )

    o = t["objective"]
    objective = Objective(
        **{
            key: _or(check.number(f"objective.{key}", o[key], lo=0, hi=MAX_WEIGHT, integer=True), 0)
            for key in DEFAULTS["objective"]
        }
    )

    p = t["plans"]
    plans = Plans(
        count=_or(check.number("plans.count", p["count"], lo=1, hi=MAX_COUNT, integer=True), 1),
        min_difference=_or(
            check.number(
                "plans.min_difference", p["min_difference"], lo=1, hi=MAX_COUNT, integer=True
            ),
            1,
        ),
        time_limit_s=_or(
            check.number(
                "plans.time_limit_s", p["time_limit_s"], lo=0, lo_open=True, hi=MAX_TIME_LIMIT_S
            ),
            Plans.time_limit_s,
        ),
        seed=_or(check.number("plans.seed", p["seed"], lo=0, hi=MAX_SEED, integer=True), 0),
    )

    v = t["solver"]
    engine = check.text("solver.engine", v["engine"]) or Solver.engine
    if engine not in ENGINES:
        check.fail(
            "solver.engine",
            _("{engine!r} is not one of {engines}").format(
                engine=engine, engines=", ".join(ENGINES)
            ),
        )
    solver = Solver(
        engine=engine,
        workers=_or(check.number("solver.workers", v["workers"], lo=0, hi=1024, integer=True), 0),
    )

    roadmap = parse_roadmap(t["roadmap"], as_of, check.fail)

    check.problems.raise_if_any()
    effective = _jsonable(t)
    if roadmap is None:
        effective.pop("roadmap", None)
    effective["name"] = name
    effective["data"] = str(data_dir)
    effective["pins"] = str(pins) if pins else ""
    return Scenario(
        name=name,
        path=path,
        data_dir=data_dir,
        as_of=as_of,
        scope=scope,
        target=target,
        rules=rules,
        objective=objective,
        plans=plans,
        solver=solver,
        pins=pins,
        encoding=encoding,
        roadmap=roadmap,
        effective=MappingProxyType(effective),
    )


def _or(value: Any, default: Any) -> Any:
    return default if value is None else value


def read_tree(path: Path) -> dict[str, Any]:
    """The raw TOML tree of a scenario file; unreadable files become :class:`BadInput`."""
    if not path.is_file():
        raise BadInput(
            _file_problem(
                path.name, _("scenario file {path!r} does not exist").format(path=str(path))
            )
        )
    try:
        # utf-8-sig: Windows editors (Notepad) may save the file with a byte order mark
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except tomllib.TOMLDecodeError as error:
        raise BadInput(
            _file_problem(path.name, _("not valid TOML: {error}").format(error=error))
        ) from None
    except UnicodeDecodeError:
        raise BadInput(_file_problem(path.name, _("not UTF-8 text"))) from None


def _file_problem(file: str, message: str) -> Problem:
    return Problem(file, None, None, message)


def load_scenario(
    path: str | Path,
    *,
    targets: Sequence[str] = (),
    sets: Sequence[Override] = (),
    today: date | None = None,
) -> Scenario:
    """Read, override and check a scenario file (TOML, or a previous run's ``run.json``)."""
    path = Path(path)
    if path.is_dir() and (path / "run.json").is_file():
        path = path / "run.json"
    if path.suffix == ".json":
        import json

        try:
            tree = json.loads(path.read_text(encoding="utf-8"))["scenario"]
            if not isinstance(tree, dict):
                raise TypeError(_("its scenario is not an object"))
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise BadInput(
                _file_problem(path.name, _("not a run.json: {error}").format(error=error))
            ) from None
    else:
        tree = read_tree(path)
    tree = apply_overrides(tree, targets, sets)
    return build_scenario(tree, path, today=today)
