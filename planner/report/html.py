"""``report.html``: one self-contained page a committee can open offline and print.

Everything is inline (CSS, the SVG chart), there is no script and no address outside the file,
so the page opens the same on a meeting-room laptop without internet as on the planner's desk.
Every text that comes from the data is escaped: names and ids are typed by people and must never
become markup. The page is made from the output folder alone (:mod:`planner.report.folder`).

The page is in the reader's language (:mod:`planner.i18n`), one language per page: the words for
the codes of the files (roles, levels, reasons) come from :mod:`planner.domain.words`, the
column titles from :data:`planner.report.xlsx.COLUMN_TITLES`, so that the page, the workbook
and the proposal name a column the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

from planner.domain.levels import fold
from planner.domain.words import level_word, reason_words, role_title
from planner.i18n import _, current_language, ngettext
from planner.inputs.pins import ACTIONS
from planner.inputs.scenario import Rules, Target
from planner.inputs.tables import CsvError, parse_csv
from planner.outputs.status import plan_quality
from planner.outputs.tables import RANKING_COLUMNS
from planner.report.charts import GroupBar, group_bars_svg
from planner.report.folder import Row, RunFolder
from planner.report.xlsx import column_title

CSS = """
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1f2933;
       margin: 2rem auto; max-width: 1100px; padding: 0 1.2rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #d9e2ec;
     padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.sub { color: #52606d; margin: 0 0 1rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: .92rem; }
th, td { border: 1px solid #d9e2ec; padding: .28rem .55rem; text-align: left;
         vertical-align: top; }
th { background: #f0f4f8; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.short td { background: #fff1ec; }
.key { display: flex; gap: 1rem; flex-wrap: wrap; margin: 1rem 0; }
.key div { background: #f0f4f8; border-radius: 6px; padding: .6rem .9rem; min-width: 9rem; }
.key b { display: block; font-size: 1.4rem; }
ul.rules li { margin: .15rem 0; }
.chart text { font-family: inherit; fill: #1f2933; }
.chart .label { font-size: 13px; }
.chart .value { font-size: 12px; }
.chart .note, .chart .tick { font-size: 11px; fill: #52606d; }
.muted { color: #7b8794; }
img.chart { max-width: 100%; height: auto; }
.id { white-space: nowrap; color: #52606d; }
.nowrap { white-space: nowrap; }
footer { margin-top: 3rem; color: #7b8794; font-size: .85rem; }
@media print {
  body { margin: 0; max-width: none; }
  section.plan { page-break-before: always; }
  h2 { page-break-after: avoid; }
  tr { page-break-inside: avoid; }
}
"""


class Html(str):
    """Markup made here from escaped parts; every other cell text is escaped when written."""


def e(value: Any) -> str:
    if isinstance(value, Html):
        return value
    return escape("" if value is None else str(value))


def _int(value: str | None) -> int:
    try:
        return int(float(value or 0))
    except ValueError:
        return 0


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    numeric: Sequence[int] = (),
    row_class: Sequence[str] | None = None,
) -> str:
    head = "".join(
        f'<th class="num">{e(h)}</th>' if i in numeric else f"<th>{e(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = []
    for n, row in enumerate(rows):
        cells = "".join(
            f'<td class="num">{e(c)}</td>' if i in numeric else f"<td>{e(c)}</td>"
            for i, c in enumerate(row)
        )
        cls = f' class="{row_class[n]}"' if row_class and row_class[n] else ""
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _num(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def when(text: Any) -> str:
    """run.json's ``finished_at`` (ISO 8601) as ``2023-06-01 14:05 UTC``; else as written."""
    try:
        moment = datetime.fromisoformat(str(text))
    except ValueError:
        return str(text)
    if moment.utcoffset() == timedelta(0):
        return f"{moment:%Y-%m-%d %H:%M} UTC"
    return f"{moment:%Y-%m-%d %H:%M}"


def _pct(value: Any) -> str:
    try:
        return (
            f"{float(value):.0%}"
            if float(value) * 100 == round(float(value) * 100)
            else f"{float(value):.1%}"
        )
    except (TypeError, ValueError):
        return str(value)


# ---------------------------------------------------------------------------------------------
# the scenario in words


def _level(level: Any) -> str:
    return level_word(str(level)) if level else _("group")


def scenario_words(s: Mapping[str, Any], group_names: Mapping[str, str]) -> list[str]:
    """The rules of the run as sentences (from run.json's scenario; missing keys are skipped)."""
    out: list[str] = []
    scope = s.get("scope") or {}
    target = s.get("target") or {}
    rules = s.get("rules") or {}
    cost = s.get("objective") or {}
    plans = s.get("plans") or {}
    level = _level(target.get("level", Target.level))
    units = scope.get("units") or []
    roles = scope.get("roles") or []
    out.append(
        _("Seats planned: {roles} in {units}.").format(
            roles=", ".join(role_title(str(r)) for r in roles) or _("every role"),
            units=", ".join(group_names.get(u, u) for u in units) if units else _("every unit"),
        )
    )
    if "min_nonlocal_ratio" in target:
        out.append(
            _(
                "Target: at least {pct} of the seats of every {level} held by officials who "
                "are not local to the seat (the required number is rounded up)."
            ).format(pct=_pct(target["min_nonlocal_ratio"]), level=level)
        )
    for group, ratio in (target.get("groups") or {}).items():
        out.append(
            _("Target for {group}: {pct}.").format(
                group=group_names.get(group, group), pct=_pct(ratio)
            )
        )
    for role, ratio in (target.get("roles") or {}).items():
        out.append(
            _("And at least {pct} of the {role} seats in every {level}.").format(
                pct=_pct(ratio), role=role_title(str(role)), level=level
            )
        )
    if rules:
        out += _rules_words(rules, level)
    if cost:
        out.append(
            _(
                "A plan costs {change} per change + {km} per km from the new holder's home "
                "− {preference} per point of wish/fit score + {vacancy} per vacant seat; lower "
                "is better."
            ).format(
                change=_num(cost.get("change")),
                km=_num(cost.get("distance_km")),
                preference=_num(cost.get("preference")),
                vacancy=_num(cost.get("vacancy")),
            )
        )
    if plans and plans.get("count") == 1:
        out.append(
            _("One plan, the cheapest; {seconds} s time limit.").format(
                seconds=_num(plans.get("time_limit_s"))
            )
        )
    elif plans:
        out.append(
            _(
                "Up to {count} ranked plans, each differing from every better plan in at least "
                "{difference} seats; {seconds} s time limit."
            ).format(
                count=_num(plans.get("count")),
                difference=_num(plans.get("min_difference")),
                seconds=_num(plans.get("time_limit_s")),
            )
        )
    return out


def _rules_words(rules: Mapping[str, Any], level: str) -> list[str]:
    out = [
        _(
            "Local means that one of the official's home units (home, birthplace, 20 years of "
            "work) lies inside the seat's {level}; nobody is newly posted to their own locality."
        ).format(level=_level(rules.get("locality_level", Rules.locality_level))),
        _(
            "An incumbent with fewer than {min} years in post keeps the seat; one with {max} "
            "years or more must leave it."
        ).format(
            min=_num(rules.get("min_years_before_move")), max=_num(rules.get("max_years_in_post"))
        ),
    ]
    retirement = rules.get("retirement")
    if isinstance(retirement, Mapping):
        ages = _("men {men}, women {women}").format(
            men=_num(retirement.get("M", "?")), women=_num(retirement.get("F", "?"))
        )
        ret = _("retirement ages: {ages}").format(ages=ages)
    else:
        ret = _("retirement by the Labour Code 2019 roadmap")
    out.append(
        _(
            "A newly appointed official needs at least {years} years left to serve ({retirement})."
        ).format(years=_num(rules.get("min_years_to_retirement")), retirement=ret)
    )
    km = rules.get("max_distance_km") or 0
    out.append(
        _("No limit on the distance from home.")
        if not km
        else _("A new holder lives at most {km} km from the seat.").format(km=_num(km))
    )
    out.append(
        _("Relatives do not both hold seats inside one {level}.").format(
            level=_level(rules.get("kinship_level"))
        )
    )
    out.append(
        _("Officials may move to another {level}.").format(level=level)
        if rules.get("cross_group_moves")
        else _("Officials stay in the {level} they work in today.").format(level=level)
    )
    cap = rules.get("max_changes_per_group") or 0
    if cap:
        out.append(
            _("At most {n} changes per {level} in this batch.").format(n=_num(cap), level=level)
        )
    if rules.get("one_new_head_per_unit"):
        out.append(_("At most one new head per commune in this batch."))
    out.append(
        _("Seats may be left vacant.")
        if rules.get("allow_vacancies")
        else _("Every seat gets a holder.")
    )
    return out


def _pins(run: RunFolder, people: Mapping[str, str], seats: Mapping[str, str]) -> str:
    """The committee's pins, listed when the file is still the one the run used."""
    path_text = str(run.scenario.get("pins") or "")
    if not path_text:
        return _p(_("No pins: every placement was left to the planner."))
    path = Path(path_text)
    recorded = ((run.info.get("inputs") or {}).get("pins") or {}).get("sha256")
    if not path.is_file():
        return _p(
            _("Pins from {path} (the file is no longer there; not listed).").format(path=path)
        )
    data = path.read_bytes()
    if recorded and hashlib.sha256(data).hexdigest() != recorded:
        return _p(
            _("Pins from {path} (the file changed after this run; not listed).").format(path=path)
        )
    try:
        header, records = parse_csv(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, CsvError):
        return _p(_("Pins from {path} (the file cannot be read; not listed).").format(path=path))
    listed = []
    for record in records:
        r = dict(zip(header, record, strict=False))
        seat, official = r.get("seat_id", ""), r.get("official_id", "")
        if not seat and not official:
            continue
        action = r.get("action", "")
        keep = ACTIONS.get(fold(action))
        words = action if keep is None else _("keep") if keep else _("forbid")
        listed.append(
            [words, people.get(official, official), official, seats.get(seat, seat), seat]
        )
    return _p(
        _("Committee pins ({file}): every plan keeps or forbids these placements.").format(
            file=path.name
        )
    ) + table(
        [
            _("Action"),
            column_title("official_name"),
            column_title("official_id"),
            _("Seat"),
            column_title("seat_id"),
        ],
        listed,
    )


# ---------------------------------------------------------------------------------------------
# sections


def _p(text: str) -> str:
    return f"<p>{e(text)}</p>"


def _person(people: Mapping[str, str], official: str) -> Html:
    """ "Name (id)", the id kept on one line (ids like CB-PT-0067 break at hyphens)."""
    if not official:
        return Html("—")
    name = people.get(official, official)
    tag = f'<span class="id">{escape(official)}</span>'
    return Html(
        tag if name == official else f'{escape(name)} <span class="id">({escape(official)})</span>'
    )


def _bars(run: RunFolder, plan: int) -> list[GroupBar]:
    bars = []
    for r in run.group_rows(plan):
        seats = _int(r.get("seats"))
        required = _int(r.get("required"))
        try:
            ratio = float(r["ratio"]) if r.get("ratio") else required / max(seats, 1)
        except ValueError:
            ratio = required / max(seats, 1)
        bars.append(
            GroupBar(
                r.get("group_name") or r["group_id"],
                seats,
                _int(r.get("nonlocal_before")),
                _int(r.get("nonlocal_after")),
                required,
                ratio,
            )
        )
    return bars


#: The columns of ranking.csv the ranking table shows: every column but the bound, the status
#: last (shown in words).
SHOWN_RANKING_COLUMNS = (
    *(c for c in RANKING_COLUMNS if c not in ("status", "bound")),
    "status",
)


def _ranking(run: RunFolder) -> str:
    rows = []
    for r in run.ranking:
        status = plan_quality(r.get("status", ""))
        if r.get("status") == "FEASIBLE" and r.get("bound"):
            status = _("{quality}; bound {bound}").format(quality=status, bound=r["bound"])
        rows.append([*(r.get(c, "") for c in SHOWN_RANKING_COLUMNS[:-1]), status])
    headers = [column_title(c) for c in SHOWN_RANKING_COLUMNS]
    return table(headers, rows, numeric=range(len(SHOWN_RANKING_COLUMNS) - 1))


def _groups_table(run: RunFolder) -> str:
    plans = run.plan_numbers()
    by_group: dict[str, dict[int, Row]] = {}
    for r in run.groups:
        by_group.setdefault(r["group_id"], {})[int(r["plan"])] = r
    headers = [
        column_title("group_name"),
        column_title("seats"),
        column_title("nonlocal_before"),
        column_title("ratio"),
        column_title("required"),
        *[_("Plan {plan}").format(plan=p) for p in plans],
    ]
    rows, classes = [], []
    for plans_rows in by_group.values():
        first = plans_rows[min(plans_rows)]
        ratio = _pct(first["ratio"]) if first.get("ratio") else ""
        after = [plans_rows[p]["nonlocal_after"] if p in plans_rows else "" for p in plans]
        rows.append(
            [
                first.get("group_name") or first["group_id"],
                first["seats"],
                first["nonlocal_before"],
                ratio,
                first["required"],
                *after,
            ]
        )
        short = any(_int(a) < _int(first["required"]) for a in after if a != "")
        classes.append("short" if short else "")
    return _p(_("Non-local holders per group: today, required, and in each plan.")) + table(
        headers, rows, numeric=range(1, len(headers)), row_class=classes
    )


def _moves(
    run: RunFolder,
    plan: int,
    people: Mapping[str, str],
    seats: Mapping[str, str],
    origins: Mapping[str, str],
) -> str:
    rows: list[list[Any]] = []
    for r in run.seats(plan):
        if r.get("changed") != "1":
            continue
        official = r["official_id"]
        origin = origins.get(official)
        rows.append(
            [
                len(rows) + 1,
                role_title(r["role"]) if r.get("role") else r.get("role_vi", ""),
                r.get("unit_name") or r["unit_id"],
                _person(people, official),
                seats.get(origin, origin) if origin else _("(new to a seat)"),
                _person(people, r.get("previous_official_id", "")),
                _("yes") if r.get("nonlocal") == "1" else _("no"),
                r.get("distance_km", ""),
                r.get("preference", ""),
                reason_words(r.get("reason", "")),
            ]
        )
    if not rows:
        return _p(_("No changes: every incumbent keeps the seat."))
    return table(
        [
            _("No."),
            column_title("role_vi"),
            column_title("unit_name"),
            _("New holder"),
            _("From"),
            _("Replaces"),
            column_title("nonlocal"),
            column_title("distance_km"),
            column_title("preference"),
            column_title("reason"),
        ],
        rows,
        numeric=(0, 7, 8),
    )


def _released(
    run: RunFolder, plan: int, people: Mapping[str, str], seats: Mapping[str, str]
) -> str:
    rows = [
        [
            _person(people, r["official_id"]),
            seats.get(r["previous_seat_id"], r["previous_seat_id"]),
            reason_words(r.get("reason", "")),
        ]
        for r in run.released_rows(plan)
    ]
    if not rows:
        return _p(_("Nobody is released: every incumbent holds a seat in this plan."))
    return _p(
        _("These incumbents hold no seat in this plan and are to be given other duties:")
    ) + table(
        [column_title("official_name"), column_title("previous_seat_id"), column_title("reason")],
        rows,
    )


def _vacant(run: RunFolder, plan: int, seats: Mapping[str, str]) -> str:
    empty = [seats.get(r["seat_id"], r["seat_id"]) for r in run.seats(plan) if not r["official_id"]]
    if not empty:
        return ""
    return _p(_("Left vacant: {seats}.").format(seats=", ".join(empty)))


def _differences(run: RunFolder, people: Mapping[str, str], seats: Mapping[str, str]) -> str:
    plans = run.plan_numbers()
    if len(plans) < 2:
        return _p(_("Only one plan was asked for or found."))
    first = {r["seat_id"]: r["official_id"] for r in run.seats(plans[0])}
    base_cost = _int(run.rank(plans[0])["cost"])
    out = []
    for p in plans[1:]:
        holders = {r["seat_id"]: r["official_id"] for r in run.seats(p)}
        differ = [s for s in holders if holders[s] != first.get(s)]
        cost = _int(run.rank(p)["cost"])
        heading = ngettext(
            "Plan {plan} against plan {first}: {n} seat differs, cost {cost} ({difference})",
            "Plan {plan} against plan {first}: {n} seats differ, cost {cost} ({difference})",
            len(differ),
        ).format(
            plan=p, first=plans[0], n=len(differ), cost=cost, difference=f"{cost - base_cost:+d}"
        )
        out.append(f"<h3>{e(heading)}</h3>")
        out.append(
            table(
                [
                    _("Seat"),
                    _("Plan {plan}").format(plan=plans[0]),
                    _("Plan {plan}").format(plan=p),
                ],
                [
                    [
                        seats.get(s, s),
                        _person(people, first.get(s, "")),
                        _person(people, holders[s]),
                    ]
                    for s in differ
                ],
            )
        )
    return "\n".join(out)


def page(title: str, body: Sequence[str]) -> str:
    """A whole self-contained page in the reader's language, with the report's style."""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{current_language()}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def render_report(run: RunFolder) -> str:
    """The whole page as one string."""
    s = run.scenario
    people = run.people()
    seats = run.seat_titles()
    origins = run.origins()
    groups = run.group_names()
    plans = run.plan_numbers()
    first = plans[0]
    rank = run.rank(first)
    bars = _bars(run, first)
    total = sum(b.seats for b in bars)
    before = sum(b.before for b in bars)
    after = sum(b.after for b in bars)
    info = run.info
    sub = " · ".join(
        x
        for x in (
            _("Rotation plans"),
            _("as of {date}").format(date=s["as_of"]) if s.get("as_of") else "",
            _("run {time}").format(time=when(info["finished_at"]))
            if info.get("finished_at")
            else "",
            _("planner {version}").format(version=info["planner_version"])
            if info.get("planner_version")
            else "",
        )
        if x
    )

    def key(label: str, value: Any) -> str:
        return f"<div>{e(label)}<b>{e(value)}</b></div>"

    body = [
        "<header>",
        f"<h1>{e(run.name)}</h1>",
        f'<p class="sub">{e(sub)}</p>',
        "</header>",
        '<section id="summary"><div class="key">',
        key(_("Plans"), len(plans)),
        key(_("Changes in plan {plan}").format(plan=first), rank["changes"]),
        key(
            _("Non-local: today → plan {plan}").format(plan=first),
            _("{before} → {after} of {seats}").format(before=before, after=after, seats=total),
        ),
        key(column_title("released"), rank.get("released", "")),
        key(_("Quality of plan {plan}").format(plan=first), plan_quality(rank["status"])),
        "</div></section>",
        '<section id="scenario"><h2>' + e(_("Scenario and rules")) + "</h2>",
        '<ul class="rules">'
        + "".join(f"<li>{e(x)}</li>" for x in scenario_words(s, groups))
        + "</ul>",
        _pins(run, people, seats),
        "</section>",
        '<section id="targets"><h2>' + e(_("Non-local share per group")) + "</h2>",
        group_bars_svg(bars, plan=first),
        _groups_table(run),
        "</section>",
        '<section id="ranking"><h2>' + e(_("Ranked plans")) + "</h2>",
        _p(
            _(
                "Lower cost is better. Plan 1 is the plan of least cost; each next plan is the "
                "cheapest that differs enough from the plans before it."
            )
        ),
        _ranking(run),
        "</section>",
    ]
    for p in plans:
        r = run.rank(p)
        body += [
            f'<section class="plan" id="plan-{p}"><h2>'
            + e(_("Plan {plan}").format(plan=p))
            + "</h2>",
            _p(
                _(
                    "Cost {cost}: {changes} changes, {km} km, wish score {preference}; {quality}."
                ).format(
                    cost=r["cost"],
                    changes=r["changes"],
                    km=r["distance_km"],
                    preference=r["preference"],
                    quality=plan_quality(r["status"]),
                )
            ),
            "<h3>" + e(_("Moves")) + "</h3>",
            _moves(run, p, people, seats, origins),
            _vacant(run, p, seats),
            "<h3>" + e(_("Released incumbents")) + "</h3>",
            _released(run, p, people, seats),
            "</section>",
        ]
    body += [
        '<section id="differences"><h2>' + e(_("How the plans differ")) + "</h2>",
        _differences(run, people, seats),
        "</section>",
        "<footer>"
        + e(
            _(
                "Made from the output folder {folder} (plans.csv, ranking.csv, groups.csv, "
                "released.csv, run.json) by planner report."
            ).format(folder=run.path.resolve())
        )
        + "</footer>",
    ]
    return page(_("{name} — rotation plans").format(name=run.name), body)
