"""Does the scenario fit the data? Names of units, roles and levels checked against the files.

A scenario and a data folder can each be fine alone and still not fit: a misspelt level would
make every seat its own group, a misspelt role would silently plan nothing. These checks run
before any model is built, and every misfit is reported with the spelling that exists.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import fields
from datetime import date
from pathlib import Path

from planner.domain.records import Dataset, Seat
from planner.domain.tree import AdminTree
from planner.errors import BadInput, Problem
from planner.i18n import _
from planner.inputs.bulk import paused_gc
from planner.inputs.scenario import Override, Scenario, load_scenario
from planner.inputs.tables import REFERENCE_KINDS, SEATS, UNITS, read_dataset

#: Seats listed by name when a level is missing above them; the rest are counted.
MAX_LISTED = 10


def _suggest(name: str, existing: Iterable[str], what: str) -> str:
    """The closest spelling, if any, and every spelling that exists (``what`` names them, in
    the reader's language)."""
    existing = list(existing)
    close = difflib.get_close_matches(name, existing, n=1, cutoff=0.6)
    hint = _(' (did you mean "{name}"?)').format(name=close[0]) if close else ""
    return _("{hint}; {what}: {names}").format(
        hint=hint, what=what, names=", ".join(existing) or _("none")
    )


def _roles_in_seats() -> str:
    return _("roles in {file}").format(file=SEATS)


def _no_role(role: str, roles: Sequence[str]) -> str:
    return _('no seat has role "{role}"{suggestion}').format(
        role=role, suggestion=_suggest(role, roles, _roles_in_seats())
    )


def _not_in_units(unit_id: str) -> str:
    return _('unknown {kind} "{value}" (not in {file})').format(
        kind=_(REFERENCE_KINDS["unit"]), value=unit_id, file=UNITS
    )


def _wrong_level(tree: AdminTree, group: str, level: str) -> str:
    return _('"{group}" ({name}) is a {level}, not a {target} (target.level)').format(
        group=group, name=tree.name_of(group), level=tree.level_of(group), target=level
    )


def seats_in_scope(scenario: Scenario, dataset: Dataset, tree: AdminTree) -> tuple[Seat, ...]:
    """Seats under one of ``scope.units`` (all when empty) with a role in ``scope.roles`` (all
    when empty), in file order. Unknown scope units select nothing (the cross-check says so)."""
    roles = set(scenario.scope.roles)
    scope_units = [u for u in scenario.scope.units if u in tree]
    inside: set[str] | None = None
    if scenario.scope.units:
        inside = set().union(*(tree.descendants(u) for u in scope_units))
    return tuple(
        s
        for s in dataset.seats
        if (not roles or s.role in roles) and (inside is None or s.unit_id in inside)
    )


def check_scenario_against_data(
    scenario: Scenario, dataset: Dataset, tree: AdminTree
) -> list[Problem]:
    """Every misfit between the scenario's names and the data, located at the scenario key
    (or at the seat's row in seats.csv when a seat has no unit above it at a needed level)."""
    file = scenario.path.name
    problems: list[Problem] = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(file, None, key, message))

    for unit_id in scenario.scope.units:
        if unit_id not in tree:
            add("scope.units", _not_in_units(unit_id))

    roles = sorted({s.role for s in dataset.seats})
    # a role of scope.roles that no seat has is a warning (scope_warnings), not a stop
    for role in scenario.target.roles:
        if role not in roles:
            add(f"target.roles.{role}", _no_role(role, roles))
    for group, ratios in scenario.target.group_roles.items():
        key = f"target.group_roles.{group}"
        if group not in tree:
            add(key, _not_in_units(group))
        elif tree.level_of(group) != scenario.target.level:
            add(key, _wrong_level(tree, group, scenario.target.level))
        for role in ratios:
            if role not in roles:
                add(f"{key}.{role}", _no_role(role, roles))

    levels = tree.levels()
    named_levels = {
        "target.level": scenario.target.level,
        "rules.locality_level": scenario.rules.locality_level,
        "rules.kinship_level": scenario.rules.kinship_level,
    }
    known_levels: dict[str, str] = {}
    for key, level in named_levels.items():
        if level in levels:
            known_levels[key] = level
        else:
            in_units = _("levels in {file}").format(file=UNITS)
            add(
                key,
                _('no unit has level "{level}"{suggestion}').format(
                    level=level, suggestion=_suggest(level, levels, in_units)
                ),
            )

    target_level = scenario.target.level
    for group in scenario.target.groups:
        key = f"target.groups.{group}"
        if group not in tree:
            add(key, _not_in_units(group))
        elif tree.level_of(group) != target_level and target_level in levels:
            add(key, _wrong_level(tree, group, target_level))

    in_scope = seats_in_scope(scenario, dataset, tree)
    if not in_scope and not any(p.column and p.column.startswith("scope") for p in problems):
        scope = ", ".join(scenario.scope.units) or _("all units")
        which = ", ".join(scenario.scope.roles) or _("any role")
        add(
            "scope",
            _("selects no seats (units: {units}; roles: {roles})").format(units=scope, roles=which),
        )
    for key, level in known_levels.items():
        problems.extend(_seats_without(in_scope, tree, key, level))
    return problems


def scope_warnings(scenario: Scenario, dataset: Dataset) -> tuple[str, ...]:
    """Roles named in ``scope.roles`` that no seat in the data has: the run goes on without
    them (a batch of secretaries only is a real batch), but says so."""
    roles = sorted({s.role for s in dataset.seats})
    return tuple(
        _('scope.roles: no seat has role "{role}"{hint}; planning the other roles').format(
            role=role, hint=_suggest(role, roles, _roles_in_seats())
        )
        for role in scenario.scope.roles
        if role not in roles
    )


def _seats_without(seats: Sequence[Seat], tree: AdminTree, key: str, level: str) -> list[Problem]:
    lacking = [s for s in seats if tree.ancestor_at(s.unit_id, level) is None]
    problems = [
        Problem(
            SEATS,
            s.row,
            "unit_id",
            _(
                'seat "{seat}" is in "{unit}" ({name}), which has no {level} above it ({key})'
            ).format(
                seat=s.seat_id, unit=s.unit_id, name=tree.name_of(s.unit_id), level=level, key=key
            ),
        )
        for s in lacking[:MAX_LISTED]
    ]
    if len(lacking) > MAX_LISTED:
        problems.append(
            Problem(
                SEATS,
                None,
                "unit_id",
                _("{count} more seats in scope have no {level} above them ({key})").format(
                    count=len(lacking) - MAX_LISTED, level=level, key=key
                ),
            )
        )
    return problems


#: Integers up to this are exact in float64, which the LP/MIP engines compute costs in.
EXACT_COST = 2**53
#: Half the Earth's circumference: no great-circle distance is longer.
MAX_GREAT_CIRCLE_KM = 20_038


def cost_bound_problems(scenario: Scenario, dataset: Dataset) -> list[Problem]:
    """A weight too large to cost exactly (contract section 8): the largest cost any plan could
    have, summed over every part with its largest count, must stay an exact integer. The
    problem names the scenario key whose part is largest."""
    seats, officials = len(dataset.seats), len(dataset.officials)
    if dataset.roads is not None:
        longest = math.ceil(sum(road.km for road in dataset.roads)) + 1
    elif any(unit.lat is not None for unit in dataset.units):
        longest = MAX_GREAT_CIRCLE_KM
    else:
        longest = 0
    # the largest count each part can be multiplied by; a part added later counts per official
    reach = {
        "change": seats,
        "distance_km": seats * longest,
        "preference": seats * 10,
        "vacancy": seats,
    }
    parts = {
        f"objective.{f.name}": int(getattr(scenario.objective, f.name))
        * reach.get(f.name, officials)
        for f in fields(scenario.objective)
    }
    if sum(parts.values()) < EXACT_COST:
        return []
    key = max(parts, key=lambda k: parts[k])
    return [
        Problem(
            scenario.path.name,
            None,
            key,
            _(
                "is too large to cost plans exactly: with {seats} seats and {officials} "
                "officials a plan's cost could reach {total}, beyond 2^53; lower the weights"
            ).format(seats=seats, officials=officials, total=sum(parts.values())),
        )
    ]


def load_checked(
    path: str | Path,
    *,
    targets: Sequence[str] = (),
    sets: Sequence[Override] = (),
    today: date | None = None,
) -> tuple[Scenario, Dataset, AdminTree]:
    """Scenario (with overrides), data and tree, all checked; the start of every command."""
    with paused_gc():
        scenario = load_scenario(path, targets=targets, sets=sets, today=today)
        dataset = read_dataset(scenario.data_dir, encoding=scenario.encoding)
        tree = AdminTree(dataset.units)
    problems = check_scenario_against_data(scenario, dataset, tree)
    problems += cost_bound_problems(scenario, dataset)
    if problems:
        raise BadInput(problems)
    return scenario, dataset, tree
