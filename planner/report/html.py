"""``report.html``: one self-contained page a committee can open offline and print.

Everything is inline (CSS, the SVG chart), there is no script and no address outside the file,
so the page opens the same on a meeting-room laptop without internet as on the planner's desk.
Every text that comes from the data is escaped: names and ids are typed by people and must never
become markup. The page is made from the output folder alone (:mod:`planner.report.folder`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from pathlib import Path
from typing import Any

from planner.domain.levels import fold
from planner.inputs.pins import ACTIONS
from planner.inputs.scenario import Rules, Target
from planner.inputs.tables import CsvError, parse_csv
from planner.outputs.status import plan_quality
from planner.report.charts import GroupBar, group_bars_svg
from planner.report.folder import Row, RunFolder

ROLE_VI = {"secretary": "Bí thư Đảng ủy", "chairman": "Chủ tịch UBND"}

CSS = """
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1f2933;
       margin: 2rem auto; max-width: 1100px; padding: 0 1.2rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0 0 .2rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .6rem; border-bottom: 2px solid #d9e2ec;
     padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
.sub { color: #52606d; margin: 0 0 1rem; }
.vi { color: #52606d; font-weight: normal; font-size: .85em; }
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
.id { white-space: nowrap; color: #52606d; }
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


def _table(
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
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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


def scenario_words(s: Mapping[str, Any], group_names: Mapping[str, str]) -> list[str]:
    """The rules of the run as sentences (from run.json's scenario; missing keys are skipped)."""
    out: list[str] = []
    scope = s.get("scope") or {}
    target = s.get("target") or {}
    rules = s.get("rules") or {}
    cost = s.get("objective") or {}
    plans = s.get("plans") or {}
    level = target.get("level", Target.level)
    units = scope.get("units") or []
    roles = scope.get("roles") or []
    role_words = ", ".join(f"{r} ({ROLE_VI[r]})" if r in ROLE_VI else r for r in roles)
    out.append(
        f"Seats planned: {role_words or 'every role'} in "
        + (", ".join(group_names.get(u, u) for u in units) if units else "every unit")
        + "."
    )
    if "min_nonlocal_ratio" in target:
        out.append(
            f"Target: at least {_pct(target['min_nonlocal_ratio'])} of the seats of "
            f"every {level} held by officials who are not local to the seat "
            "(the required number is rounded up)."
        )
    for group, ratio in (target.get("groups") or {}).items():
        out.append(f"Target for {group_names.get(group, group)}: {_pct(ratio)}.")
    for role, ratio in (target.get("roles") or {}).items():
        out.append(f"And at least {_pct(ratio)} of the {role} seats in every {level}.")
    if rules:
        locality = rules.get("locality_level", Rules.locality_level)
        out.append(
            f"Local means that one of the official's home units (home, birthplace, "
            f"20 years of work) lies inside the seat's {locality}; nobody is newly posted "
            "to their own locality."
        )
        out.append(
            f"An incumbent with fewer than {_num(rules.get('min_years_before_move'))} "
            f"years in post keeps the seat; one with "
            f"{_num(rules.get('max_years_in_post'))} years or more must leave it."
        )
        retirement = rules.get("retirement")
        if isinstance(retirement, Mapping):
            ages = ", ".join(f"{k} {_num(v)}" for k, v in retirement.items())
            ret = f"retirement ages {ages}"
        else:
            ret = "retirement by the Labour Code 2019 roadmap"
        out.append(
            f"A newly appointed official needs at least "
            f"{_num(rules.get('min_years_to_retirement'))} years left to serve ({ret})."
        )
        km = rules.get("max_distance_km") or 0
        out.append(
            "No limit on the distance from home."
            if not km
            else f"A new holder lives at most {_num(km)} km from the seat."
        )
        out.append(f"Relatives do not both hold seats inside one {rules.get('kinship_level')}.")
        out.append(
            f"Officials may move to another {level}."
            if rules.get("cross_group_moves")
            else f"Officials stay in the {level} they work in today."
        )
        cap = rules.get("max_changes_per_group") or 0
        if cap:
            out.append(f"At most {cap} changes per {level} in this batch.")
        if rules.get("one_new_head_per_unit"):
            out.append("At most one new head per commune in this batch.")
        out.append(
            "Seats may be left vacant."
            if rules.get("allow_vacancies")
            else "Every seat gets a holder."
        )
    if cost:
        out.append(
            f"A plan costs {cost.get('change')} per change + {cost.get('distance_km')} per "
            f"km from the new holder's home − {cost.get('preference')} per point of "
            f"wish/fit score + {cost.get('vacancy')} per vacant seat; lower is better."
        )
    if plans and plans.get("count") == 1:
        out.append(f"One plan, the cheapest; {_num(plans.get('time_limit_s'))} s time limit.")
    elif plans:
        out.append(
            f"Up to {plans.get('count')} ranked plans, each differing from every better "
            f"plan in at least {plans.get('min_difference')} seats; "
            f"{_num(plans.get('time_limit_s'))} s time limit."
        )
    return out


def _pins(run: RunFolder, people: Mapping[str, str], seats: Mapping[str, str]) -> str:
    """The committee's pins, listed when the file is still the one the run used."""
    path_text = str(run.scenario.get("pins") or "")
    if not path_text:
        return "<p>No pins: every placement was left to the planner.</p>"
    path = Path(path_text)
    recorded = ((run.info.get("inputs") or {}).get("pins") or {}).get("sha256")
    if not path.is_file():
        return f"<p>Pins from {e(path)} (the file is no longer there; not listed).</p>"
    data = path.read_bytes()
    if recorded and hashlib.sha256(data).hexdigest() != recorded:
        return f"<p>Pins from {e(path)} (the file changed after this run; not listed).</p>"
    try:
        header, records = parse_csv(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, CsvError):
        return f"<p>Pins from {e(path)} (the file cannot be read; not listed).</p>"
    listed = []
    for record in records:
        r = dict(zip(header, record, strict=False))
        seat, official = r.get("seat_id", ""), r.get("official_id", "")
        if not seat and not official:
            continue
        action = r.get("action", "")
        keep = ACTIONS.get(fold(action))
        words = action if keep is None else "keep (giữ)" if keep else "forbid (cấm)"
        listed.append(
            [words, people.get(official, official), official, seats.get(seat, seat), seat]
        )
    return (
        f"<p>Committee pins ({e(path.name)}): every plan keeps or forbids these "
        "placements.</p>" + _table(["action", "official", "id", "seat", "seat id"], listed)
    )


# ---------------------------------------------------------------------------------------------
# sections


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


def _ranking(run: RunFolder) -> str:
    headers = [
        "plan",
        "cost",
        "changes",
        "km",
        "wish score",
        "vacancies",
        "non-local",
        "released",
        "differs from plan 1",
        "status",
    ]
    rows = []
    for r in run.ranking:
        status = plan_quality(r.get("status", ""))
        if r.get("status") == "FEASIBLE" and r.get("bound"):
            status += f"; bound {r['bound']}"
        rows.append(
            [
                r["plan"],
                r["cost"],
                r["changes"],
                r["distance_km"],
                r["preference"],
                r["vacancies"],
                r.get("nonlocal", ""),
                r.get("released", ""),
                r.get("differs_from_plan_1", ""),
                status,
            ]
        )
    return _table(headers, rows, numeric=range(9))


def _groups_table(run: RunFolder) -> str:
    plans = run.plan_numbers()
    by_group: dict[str, dict[int, Row]] = {}
    for r in run.groups:
        by_group.setdefault(r["group_id"], {})[int(r["plan"])] = r
    headers = ["group", "seats", "today", "target", "required", *[f"plan {p}" for p in plans]]
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
    return _table(headers, rows, numeric=range(1, len(headers)), row_class=classes)


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
                r.get("role_vi") or ROLE_VI.get(r["role"], r["role"]),
                r.get("unit_name") or r["unit_id"],
                _person(people, official),
                seats.get(origin, origin) if origin else "(new to a seat)",
                _person(people, r.get("previous_official_id", "")),
                "yes" if r.get("nonlocal") == "1" else "no",
                r.get("distance_km", ""),
                r.get("preference", ""),
                r.get("reason", ""),
            ]
        )
    if not rows:
        return "<p>No changes: every incumbent keeps the seat.</p>"
    return _table(
        [
            "#",
            "seat",
            "unit",
            "new holder",
            "from",
            "replaces",
            "non-local",
            "km",
            "wish score",
            "reason",
        ],
        rows,
        numeric=(0, 7, 8),
    )


def _released(
    run: RunFolder, plan: int, people: Mapping[str, str], seats: Mapping[str, str]
) -> str:
    rows = [
        [_person(people, r["official_id"]), seats.get(r["previous_seat_id"], r["previous_seat_id"])]
        for r in run.released_rows(plan)
    ]
    if not rows:
        return "<p>Nobody is released: every incumbent holds a seat in this plan.</p>"
    return (
        "<p>These incumbents hold no seat in this plan and are to be given other duties:</p>"
        + _table(["official", "seat held today"], rows)
    )


def _vacant(run: RunFolder, plan: int, seats: Mapping[str, str]) -> str:
    empty = [seats.get(r["seat_id"], r["seat_id"]) for r in run.seats(plan) if not r["official_id"]]
    if not empty:
        return ""
    return f"<p>Left vacant: {e(', '.join(empty))}.</p>"


def _differences(run: RunFolder, people: Mapping[str, str], seats: Mapping[str, str]) -> str:
    plans = run.plan_numbers()
    if len(plans) < 2:
        return "<p>Only one plan was asked for or found.</p>"
    first = {r["seat_id"]: r["official_id"] for r in run.seats(plans[0])}
    base_cost = _int(run.rank(plans[0])["cost"])
    out = []
    for p in plans[1:]:
        holders = {r["seat_id"]: r["official_id"] for r in run.seats(p)}
        differ = [s for s in holders if holders[s] != first.get(s)]
        cost = _int(run.rank(p)["cost"])
        out.append(
            f"<h3>Plan {p} against plan {plans[0]}: {len(differ)} seats differ, cost "
            f"{cost} ({cost - base_cost:+d})</h3>"
        )
        out.append(
            _table(
                ["seat", f"plan {plans[0]}", f"plan {p}"],
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


def render_report(run: RunFolder) -> str:
    """The whole page as one string."""
    s = run.scenario
    people = run.people()
    seats = run.seat_names()
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
            f"as of {s['as_of']}" if s.get("as_of") else "",
            f"run {info['finished_at']}" if info.get("finished_at") else "",
            f"planner {info['planner_version']}" if info.get("planner_version") else "",
        )
        if x
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(run.name)} — rotation plans</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(run.name)}</h1>",
        f'<p class="sub">Rotation plans <span class="vi">(phương án luân chuyển)</span>'
        f"{' · ' + e(sub) if sub else ''}</p>",
        "</header>",
        '<section id="summary"><div class="key">',
        f"<div>plans<b>{len(plans)}</b></div>",
        f"<div>changes in plan {first}<b>{e(rank['changes'])}</b></div>",
        f"<div>non-local today → plan {first}<b>{before} → {after} of {total}</b></div>",
        f"<div>released<b>{e(rank.get('released', ''))}</b></div>",
        f"<div>plan {first} is<b>{e(plan_quality(rank['status']))}</b></div>",
        "</div></section>",
        '<section id="scenario"><h2>Scenario and rules <span class="vi">(quy định)</span></h2>',
        '<ul class="rules">'
        + "".join(f"<li>{e(x)}</li>" for x in scenario_words(s, groups))
        + "</ul>",
        _pins(run, people, seats),
        "</section>",
        '<section id="targets"><h2>Non-local share per group '
        '<span class="vi">(tỷ lệ không là người địa phương)</span></h2>',
        group_bars_svg(bars, plan=first),
        _groups_table(run),
        "</section>",
        '<section id="ranking"><h2>Ranked plans <span class="vi">(xếp hạng phương án)</span></h2>',
        "<p>Lower cost is better. Plan 1 is the plan of least cost; each next plan is "
        "the cheapest that differs enough from the plans before it.</p>",
        _ranking(run),
        "</section>",
    ]
    for p in plans:
        r = run.rank(p)
        parts += [
            f'<section class="plan" id="plan-{p}"><h2>Plan {p} '
            f'<span class="vi">(phương án {p})</span></h2>',
            f"<p>Cost {e(r['cost'])}: {e(r['changes'])} changes, {e(r['distance_km'])} km, "
            f"wish score {e(r['preference'])}; "
            f"{e(plan_quality(r['status']))}.</p>",
            "<h3>Moves</h3>",
            _moves(run, p, people, seats, origins),
            _vacant(run, p, seats),
            "<h3>Released incumbents</h3>",
            _released(run, p, people, seats),
            "</section>",
        ]
    parts += [
        '<section id="differences"><h2>How the plans differ '
        '<span class="vi">(khác biệt giữa các phương án)</span></h2>',
        _differences(run, people, seats),
        "</section>",
        f"<footer>Made from the output folder {e(run.path.resolve())} (plans.csv, "
        "ranking.csv, groups.csv, released.csv, run.json) by planner report.</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
