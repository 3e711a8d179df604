"""``report.html`` for a run with no plan: which groups fall short, by how much, what would help.

Made from ``infeasibility.json`` and ``run.json`` alone, like every report; printable on A4.
The words for the levers are the proposal's (:func:`planner.report.proposal.lever_words`).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from planner.domain.words import role_title, rule_name
from planner.i18n import _, current_language
from planner.report.proposal import lever_words

CSS = """
body { font-family: "Times New Roman", serif; max-width: 48em; margin: 2em auto; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #999; padding: 0.3em 0.5em; text-align: left; }
th { background: #eee; }
@page { size: A4; margin: 2cm 1.5cm 2cm 3cm; }
@media print { body { margin: 0; max-width: none; } }
"""


def render_no_plan(name: str, answer: Mapping[str, Any]) -> str:
    rows = []
    for g in answer.get("groups", []):
        role = g.get("role")
        cells = [
            g.get("name") or g.get("group_id"),
            role_title(str(role)) if role else _("all seats"),
            g.get("seats"),
            g.get("required"),
            g.get("max_reachable"),
        ]
        rows.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
    head = [_("Unit"), _("Seats counted"), _("Seats"), _("Required"), _("Most reachable")]
    levers = [lv for lv in answer.get("levers") or [] if isinstance(lv, dict)]
    conflicts = ", ".join(rule_name(str(c)) for c in answer.get("conflicts") or [])
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{current_language()}"><head><meta charset="utf-8">',
        f"<title>{escape(name)}</title><style>{CSS}</style></head><body>",
        f"<h1>{escape(name)}</h1>",
        "<h2>" + escape(_("No plan meets every rule and every target")) + "</h2>",
        "<p>"
        + escape(
            _(
                "The groups below cannot reach their target even when every other group's "
                "target is set aside."
            )
        )
        + "</p>",
        "<table><thead><tr>"
        + "".join(f"<th>{escape(h)}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>",
    ]
    if conflicts:
        parts.append(
            "<p>" + escape(_("Rules in conflict: {rules}.").format(rules=conflicts)) + "</p>"
        )
    if levers:
        parts.append(
            "<h2>"
            + escape(_("What would make a plan possible (each checked by solving again)"))
            + "</h2><ul>"
            + "".join(f"<li>{escape(lever_words(lv))}</li>" for lv in levers)
            + "</ul>"
        )
    parts.append("</body></html>")
    return "\n".join(parts)
