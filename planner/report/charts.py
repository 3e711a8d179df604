"""Charts for the committee: an inline SVG bar chart (report) and a PNG (sweep).

The report's chart is hand-written SVG rather than an image so that it stays text: Vietnamese
names render with the reader's own fonts, the page needs nothing from outside, and a browser
(or a test) can read every label. The sweep chart is a matplotlib PNG, because it is a file
people paste into slides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from planner.i18n import _

TODAY_COLOUR = "#9aa5b1"
PLAN_COLOUR = "#1f6fd1"
SHORT_COLOUR = "#c2410c"
TARGET_COLOUR = "#b91c1c"


@dataclass(frozen=True)
class GroupBar:
    name: str
    seats: int
    before: int
    after: int
    required: int
    ratio: float  # the group's target ratio


def _pct(count: int, seats: int) -> str:
    return f"{count / seats:.0%}" if seats else "–"


def group_bars_svg(groups: Sequence[GroupBar], *, plan: int = 1) -> str:
    """Per group: today's and the plan's non-local share, and the target as a red mark."""
    label_w, bar_w, text_w = 190, 420, 190
    row_h, top, bottom = 40, 34, 40
    width = label_w + bar_w + text_w
    height = top + row_h * len(groups) + bottom
    x0 = label_w
    chart_label = _("non-local share per group")
    parts = [
        f'<svg class="chart" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{escape(chart_label)}">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = x0 + bar_w * tick / 100
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" '
            f'y2="{top + row_h * len(groups)}" stroke="#e3e7ec"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{top - 12}" text-anchor="middle" class="tick">{tick}%</text>'
        )
    for i, g in enumerate(groups):
        y = top + i * row_h
        seats = max(g.seats, 1)
        w_before = bar_w * g.before / seats
        w_after = bar_w * g.after / seats
        x_target = x0 + bar_w * g.ratio
        short = g.after < g.required
        colour = SHORT_COLOUR if short else PLAN_COLOUR
        title = _(
            "{name}: today {before}/{seats} ({before_pct}), plan {plan} {after}/{seats} "
            "({after_pct}), target {target} = {required} required"
        ).format(
            name=g.name,
            before=g.before,
            seats=g.seats,
            before_pct=_pct(g.before, g.seats),
            plan=plan,
            after=g.after,
            after_pct=_pct(g.after, g.seats),
            target=f"{g.ratio:.0%}",
            required=g.required,
        )
        parts.append(f'<g class="group"><title>{escape(title)}</title>')
        parts.append(
            f'<text x="{label_w - 10}" y="{y + 20}" text-anchor="end" '
            f'class="label">{escape(g.name)}</text>'
        )
        parts.append(
            f'<rect x="{x0}" y="{y + 6}" width="{w_before:.1f}" height="12" fill="{TODAY_COLOUR}"/>'
        )
        parts.append(
            f'<rect x="{x0}" y="{y + 20}" width="{w_after:.1f}" height="12" fill="{colour}"/>'
        )
        parts.append(
            f'<line x1="{x_target:.1f}" y1="{y + 2}" x2="{x_target:.1f}" y2="{y + 36}" '
            f'stroke="{TARGET_COLOUR}" stroke-width="2.5"/>'
        )
        verdict = _("short") if short else _("meets target")
        parts.append(
            f'<text x="{x0 + bar_w + 10}" y="{y + 16}" class="value">'
            + escape(
                _("{before} → {after} of {seats}").format(
                    before=g.before, after=g.after, seats=g.seats
                )
            )
            + "</text>"
        )
        parts.append(
            f'<text x="{x0 + bar_w + 10}" y="{y + 31}" class="note">'
            + escape(_("{required} required").format(required=g.required))
            + f" · {escape(verdict)}</text></g>"
        )
    y = top + row_h * len(groups) + 16
    legend = [(TODAY_COLOUR, _("today")), (PLAN_COLOUR, _("plan {plan}").format(plan=plan))]
    x = x0
    for colour, text in legend:
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="{y + 11}" class="note">{escape(text)}</text>')
        x += 110
    parts.append(
        f'<line x1="{x + 7}" y1="{y - 2}" x2="{x + 7}" y2="{y + 14}" '
        f'stroke="{TARGET_COLOUR}" stroke-width="2.5"/>'
    )
    target = _("target")
    parts.append(f'<text x="{x + 20}" y="{y + 11}" class="note">{escape(target)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


@dataclass(frozen=True)
class SweepPoint:
    ratio: float
    status: str
    changes: int | None
    cost: int | None


def sweep_chart(path: Path, points: Sequence[SweepPoint], title: str) -> None:
    """Changes (left axis) and cost (right axis) against the target; points without a plan
    are marked on the axis, and the range where the target is out of reach is shaded."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    solved = [p for p in points if p.changes is not None and p.cost is not None]
    lost = [p for p in points if p.status == "INFEASIBLE"]
    unknown = [p for p in points if p.changes is None and p.status != "INFEASIBLE"]
    fig, left = plt.subplots(figsize=(8, 4.5), dpi=120)
    right = left.twinx()
    handles = []
    if solved:
        handles += left.plot(
            [p.ratio for p in solved],
            [p.changes or 0 for p in solved],
            "o-",
            color=PLAN_COLOUR,
            label=_("changes (plan 1)"),
        )
        handles += right.plot(
            [p.ratio for p in solved],
            [p.cost or 0 for p in solved],
            "s--",
            color="#6b7280",
            label=_("cost (plan 1)"),
        )
    if lost:
        first = min(p.ratio for p in lost)
        last = max(p.ratio for p in points)
        pad = (last - first) * 0.02 or 0.01
        left.axvspan(first - pad, last + pad, color=TARGET_COLOUR, alpha=0.08, lw=0)
        handles += left.plot(
            [p.ratio for p in lost],
            [0] * len(lost),
            "x",
            color=TARGET_COLOUR,
            markersize=10,
            mew=2.5,
            clip_on=False,
            label=_("no plan"),
        )
    if unknown:
        handles += left.plot(
            [p.ratio for p in unknown],
            [0] * len(unknown),
            "D",
            color="#a16207",
            clip_on=False,
            label=_("no plan found in time"),
        )
    left.set_xlabel(_("non-local target (target.min_nonlocal_ratio)"))
    left.set_ylabel(_("changes"), color=PLAN_COLOUR)
    right.set_ylabel(_("cost"), color="#6b7280")
    left.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    left.set_xticks([p.ratio for p in points])
    if len(points) > 12:
        for tick in left.get_xticklabels():
            tick.set_rotation(45)
    left.set_ylim(bottom=0)
    left.grid(True, axis="y", color="#e5e7eb")
    left.set_title(title)
    if handles:
        left.legend(handles=handles, loc="upper left", frameon=False)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
