"""What ``planner validate`` shows: the batch as the data describes it today, before planning.

The planner's first questions are "did it read what I meant?" and "how far is each group from
its target today?"; the summary answers both in a screenful. Groups that fall short today come
first, since a national run has hundreds of groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from planner.domain.distance import Distances
from planner.domain.records import Dataset, Seat
from planner.domain.targets import required_count
from planner.domain.tree import AdminTree
from planner.domain.words import level_word, role_title
from planner.i18n import N_, _
from planner.inputs.scenario import Scenario
from planner.outputs.printable import printable

_SOURCES = {
    "roads": N_("shortest road km over adjacency.csv"),
    "great-circle": N_("great-circle km from units.csv lat/lon"),
    "none": N_("none"),
}
#: Group rows printed before the rest are only counted.
MAX_GROUP_ROWS = 40


@dataclass(frozen=True)
class GroupCount:
    """Today's position of one group, or of one role inside it (``role`` not None)."""

    group_id: str
    name: str
    role: str | None
    ratio: float
    seats: int
    nonlocal_today: int
    required: int
    vacant: int

    @property
    def short(self) -> int:
        return max(0, self.required - self.nonlocal_today)


@dataclass(frozen=True)
class Summary:
    name: str
    as_of: date
    folder: str
    files: tuple[str, ...]
    units_by_level: tuple[tuple[str, int], ...]
    seats_total: int
    seats_by_role: tuple[tuple[str, int], ...]
    officials: int
    holders_in_scope: int
    distance_source: str
    distance_warning: str | None
    target_level: str
    groups: tuple[GroupCount, ...]
    role_targets: tuple[GroupCount, ...]
    #: how the reader read the data (date forms, decimal marks), one line per column
    notes: tuple[str, ...] = ()


def summarise(
    scenario: Scenario,
    dataset: Dataset,
    tree: AdminTree,
    distances: Distances,
    seats: Sequence[Seat],
) -> Summary:
    """Count today's position of the seats in scope
    (:func:`planner.inputs.consistency.seats_in_scope`)."""
    holder = {o.current_seat_id: o for o in dataset.officials if o.current_seat_id}
    level_counts = Counter(u.level for u in dataset.units)
    target = scenario.target
    locality = scenario.rules.locality_level

    tally: dict[tuple[str, str | None], list[int]] = {}  # seats, non-local, vacant
    for seat in seats:
        group = tree.ancestor_at(seat.unit_id, target.level)
        if group is None:
            continue
        official = holder.get(seat.seat_id)
        nonlocal_ = official is not None and not tree.is_local(
            official.home_unit_ids, seat.unit_id, locality
        )
        keys: list[tuple[str, str | None]] = [(group, None)]
        if seat.role in target.roles_for(group):
            keys.append((group, seat.role))
        for key in keys:
            counts = tally.setdefault(key, [0, 0, 0])
            counts[0] += 1
            counts[1] += nonlocal_
            counts[2] += official is None

    def count(group: str, role: str | None, numbers: list[int]) -> GroupCount:
        ratio = target.ratio_for(group) if role is None else target.roles_for(group)[role]
        return GroupCount(
            group,
            tree.name_of(group),
            role,
            ratio,
            numbers[0],
            numbers[1],
            required_count(ratio, numbers[0]),
            numbers[2],
        )

    order = {u: i for i, u in enumerate(tree.unit_ids)}
    ordered = sorted(tally.items(), key=lambda kv: (order[kv[0][0]], kv[0][1] or ""))
    return Summary(
        name=scenario.name,
        as_of=scenario.as_of,
        folder=str(dataset.folder),
        files=tuple(dataset.files),
        units_by_level=tuple((lv, level_counts[lv]) for lv in tree.levels()),
        seats_total=len(dataset.seats),
        seats_by_role=tuple(sorted(Counter(s.role for s in seats).items())),
        officials=len(dataset.officials),
        holders_in_scope=sum(1 for s in seats if s.seat_id in holder),
        distance_source=distances.source,
        distance_warning=distances.warning,
        target_level=target.level,
        groups=tuple(count(g, r, n) for (g, r), n in ordered if r is None),
        role_targets=tuple(count(g, r, n) for (g, r), n in ordered if r is not None),
        notes=dataset.notes,
    )


def _table(header: Sequence[str], rows: Sequence[Sequence[object]], numeric_from: int) -> list[str]:
    """Columns padded to width; text left-aligned, numbers (from ``numeric_from`` on) right."""
    cells = [[str(c) for c in header], *[[printable(c) for c in row] for row in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    return [
        "  "
        + "  ".join(
            c.rjust(w) if i >= numeric_from else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in cells
    ]


def _group_rows(counts: Sequence[GroupCount], with_role: bool) -> list[str]:
    shown = (
        sorted(counts, key=lambda g: -g.short)[:MAX_GROUP_ROWS]
        if len(counts) > MAX_GROUP_ROWS
        else list(counts)
    )
    header = [
        _("Group"),
        _("Name"),
        *([_("Role")] if with_role else []),
        _("Ratio"),
        _("Seats"),
        _("Non-local today"),
        _("Required"),
        _("Short"),
        _("Vacant"),
    ]
    rows = [
        [
            g.group_id,
            g.name,
            *([role_title(g.role or "")] if with_role else []),
            f"{g.ratio:g}",
            g.seats,
            f"{g.nonlocal_today} / {g.seats}",
            g.required,
            g.short or "",
            g.vacant or "",
        ]
        for g in shown
    ]
    lines = _table(header, rows, numeric_from=3 if with_role else 2)
    if len(counts) > len(shown):
        lines.append(
            "  "
            + _("... and {more} more (the {shown} furthest from their target are shown)").format(
                more=len(counts) - len(shown), shown=len(shown)
            )
        )
    return lines


def format_summary(summary: Summary) -> str:
    """Plain aligned text, Vietnamese names as they are."""
    units = ", ".join(f"{level_word(level)} {n}" for level, n in summary.units_by_level)
    roles = ", ".join(f"{role_title(role)} {n}" for role, n in summary.seats_by_role)
    in_scope = sum(n for _role, n in summary.seats_by_role)
    source = _SOURCES.get(summary.distance_source)
    distance = summary.distance_source if source is None else _(source)
    if summary.distance_warning:
        distance += " " + _("(warning: {warning})").format(warning=summary.distance_warning)
    groups = summary.groups
    short = sum(1 for g in groups if g.short)
    nonlocal_ = sum(g.nonlocal_today for g in groups)
    seats = sum(g.seats for g in groups)
    facts = [
        (_("Scenario"), printable(summary.name)),
        (_("As of"), summary.as_of.isoformat()),
        (_("Data"), f"{summary.folder}: {', '.join(summary.files)}"),
        (_("Units"), f"{sum(n for _level, n in summary.units_by_level)}: {units}"),
        (
            _("Seats"),
            _("{n} in scope of {total}: {roles}").format(
                n=in_scope, total=summary.seats_total, roles=roles or _("none")
            ),
        ),
        (
            _("Officials"),
            _("{n}, {holders} of whom hold a seat in scope").format(
                n=summary.officials, holders=summary.holders_in_scope
            ),
        ),
        (_("Distances"), distance),
        (
            _("Groups"),
            _(
                "{n} at level {level}; {short} short of their target today; "
                "non-local today {nonlocal_} / {seats}"
            ).format(
                n=len(groups),
                level=level_word(summary.target_level),
                short=short,
                nonlocal_=nonlocal_,
                seats=seats,
            ),
        ),
    ]
    width = max(len(label) for label, _value in facts) + 2
    lines = [
        *(f"{label.ljust(width)}{value}" for label, value in facts),
        *(_("Read as").ljust(width) + note for note in summary.notes),
        "",
        *_group_rows(groups, with_role=False),
    ]
    if summary.role_targets:
        lines += ["", _("Role targets inside groups"), *_group_rows(summary.role_targets, True)]
    return "\n".join(lines)
