"""``proposal.docx``: the personnel proposal (tờ trình) a committee circulates (section 11).

Laid out as an Organization Committee lays one out for its standing committee: the two-column
heading (issuing body and the Party's motto, number and date left blank for the clerk), the title,
the basis (the regulations behind the targets), each group's non-local share before and after
against its target, the table of moves of plan 1 (seat, current holder, proposed holder, from
where, non-local, reason), the released incumbents with their reasons, the closing request and
signature block, and the alternatives in an annex. A4 portrait, the margins of Vietnamese
administrative documents, Times New Roman; tables repeat their header row on each page.

Like the other reports it is made from the output folder alone (:mod:`planner.report.folder`).
An infeasible run gets a proposal too: it says that no plan meets the targets, which groups fall
short by how much, and what would help (``infeasibility.json``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table

from planner.domain.words import level_word, reason_words, role_title, rule_name
from planner.i18n import N_, _
from planner.report.folder import RunFolder

FONT = "Times New Roman"

#: The regulations a proposal cites as its basis (Vietnamese titles are the catalog's).
BASIS = (
    N_(
        "Directive 45-CT/TW of 14 April 2025 on party congresses (commune secretaries basically "
        "all non-local)"
    ),
    N_("Regulation 65-QĐ/TW of 28 April 2022 on the rotation of cadres"),
    N_(
        "Regulation 114-QĐ/TW of 11 July 2023 on controlling power in cadre work "
        "(relatives in linked posts)"
    ),
    N_("Decree 33/2023/NĐ-CP on commune-level cadres (standards of the posts)"),
    N_("Labour Code 2019 and Decree 135/2020/NĐ-CP (retirement ages)"),
)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def _int(text: str | None) -> int:
    try:
        return int(float(text or 0))
    except ValueError:
        return 0


def _set_cell_background(cell: Any, color: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), color)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(table: Table) -> None:
    row = table.rows[0]._tr
    props = row.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _widths(table: Table, widths: Sequence[float]) -> None:
    """Fixed column widths (Word reads the cells', LibreOffice the grid's: set both)."""
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _no_split(table: Table) -> None:
    for row in table.rows:
        cant = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant)


class Proposal:
    """A Word document being written, with the few paragraph kinds a tờ trình uses."""

    def __init__(self) -> None:
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.orientation = WD_ORIENT.PORTRAIT
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(1.5)
        style = self.doc.styles["Normal"]
        style.font.name = FONT
        style.font.size = Pt(13)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(4)
        self._page_numbers(section)

    def _page_numbers(self, section: Any) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
            if kind:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            else:
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            run._r.append(element)
        run.font.size = Pt(11)

    def text(
        self,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        size: float = 13,
        align: str = "justify",
        indent: bool = False,
    ) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.alignment = {
            "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
            "center": WD_ALIGN_PARAGRAPH.CENTER,
            "left": WD_ALIGN_PARAGRAPH.LEFT,
            "right": WD_ALIGN_PARAGRAPH.RIGHT,
        }[align]
        if indent:
            paragraph.paragraph_format.first_line_indent = Cm(1)
        run = paragraph.add_run(text)
        run.bold, run.italic, run.font.size = bold, italic, Pt(size)

    def heading(self, text: str) -> None:
        paragraph = self.doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(8)
        paragraph.paragraph_format.keep_with_next = True
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(13)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float],
        *,
        size: float = 10.5,
    ) -> None:
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for cell, title in zip(table.rows[0].cells, header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(title)
            run.bold, run.font.size = True, Pt(size)
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
            _set_cell_background(cell, "E7E6E6")
        for values in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, values, strict=True):
                cell.text = ""
                run = cell.paragraphs[0].add_run(value)
                run.font.size = Pt(size)
        _widths(table, widths)
        _repeat_header(table)
        _no_split(table)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(2)

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _masthead(doc: Proposal, body: str) -> None:
    """The two-column heading of a Party document: issuing body left, the motto right."""
    table = doc.doc.add_table(rows=1, cols=2)
    table.autofit = False
    _widths(table, (7.5, 9))
    left, right = table.rows[0].cells
    for cell, lines in (
        (
            left,
            [
                (body.upper(), False),
                (_("ORGANIZATION COMMITTEE"), True),
                ("*", False),
                (_("No. ……/TTr-BTC"), False),
            ],
        ),
        (
            right,
            [
                (_("COMMUNIST PARTY OF VIETNAM"), True),
                ("", False),
                (_("……, day …… month …… year ……"), False),
            ],
        ),
    ):
        cell.text = ""
        first = True
        for text, bold in lines:
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            first = False
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(text)
            run.bold = bold
            run.italic = text.startswith("……,")
            run.font.size = Pt(12 if bold else 12.5)
    doc.doc.add_paragraph()


def _group_targets(run: RunFolder) -> list[list[str]]:
    names = run.group_names()
    rows = []
    for i, g in enumerate(run.group_rows(1), start=1):
        seats, before, after = (
            _int(g["seats"]),
            _int(g["nonlocal_before"]),
            _int(g["nonlocal_after"]),
        )
        required = _int(g["required"])
        rows.append(
            [
                str(i),
                names.get(g["group_id"], g["group_id"]),
                str(seats),
                f"{before} ({_pct(before, seats)})",
                f"{required} ({_pct(required, seats)})",
                f"{after} ({_pct(after, seats)})",
                str(_int(g["changes"])),
            ]
        )
    return rows


def _moves(run: RunFolder, plan: int) -> list[list[str]]:
    people = run.people()
    rows: list[list[str]] = []
    for r in run.seats(plan):
        if r.get("changed") != "1":
            continue
        role = role_title(r["role"]) if r.get("role") else r.get("role_vi", "")
        seat = f"{role} {r.get('unit_name') or r['unit_id']}".strip()
        before = people.get(r.get("previous_official_id", ""), "") or _("(vacant)")
        after = people.get(r.get("official_id", ""), "") or _("(vacant)")
        nonlocal_ = {"1": _("yes"), "0": _("no")}.get(r.get("nonlocal", ""), "")
        rows.append(
            [
                str(len(rows) + 1),
                seat,
                before,
                after,
                r.get("official_from", ""),
                nonlocal_,
                reason_words(r.get("reason", "")),
            ]
        )
    return rows


def _released(run: RunFolder, plan: int) -> list[list[str]]:
    people, seats = run.people(), run.seat_titles()
    return [
        [
            str(i),
            people.get(r["official_id"], r["official_id"]),
            seats.get(r["previous_seat_id"], r["previous_seat_id"]),
            reason_words(r.get("reason", "displaced")),
        ]
        for i, r in enumerate(run.released_rows(plan), start=1)
    ]


def _target_sentence(scenario: Mapping[str, Any]) -> str:
    target = scenario.get("target", {}) if isinstance(scenario.get("target"), dict) else {}
    ratio = target.get("min_nonlocal_ratio")
    level = target.get("level", "")
    if ratio is None:
        return ""
    return _(
        "Target: at least {pct} of the commune secretaries and chairmen in each {level} "
        "are not natives of the commune they lead."
    ).format(pct=f"{100 * float(ratio):g}%", level=level_word(str(level)) if level else _("group"))


def build_proposal(run: RunFolder, *, body: str | None = None) -> Proposal:
    """The proposal for the run in ``run`` (plan 1, alternatives in an annex)."""
    doc = Proposal()
    _masthead(doc, body or _("Party Committee of ……"))
    doc.text(_("PROPOSAL"), bold=True, size=14, align="center")
    doc.text(
        _(
            "on the plan to rotate and assign non-local commune Party secretaries and People's "
            "Committee chairmen"
        ),
        bold=True,
        align="center",
    )
    doc.text(run.name, italic=True, align="center")
    doc.text(_("To: the Standing Committee"), align="center")

    doc.heading(_("I. BASIS"))
    for line in BASIS:
        doc.text("– " + _(line), indent=True)

    doc.heading(_("II. TARGETS AND THE SITUATION TODAY"))
    sentence = _target_sentence(run.scenario)
    if sentence:
        doc.text(sentence, indent=True)
    as_of = run.scenario.get("as_of")
    if as_of:
        doc.text(_("Situation reckoned at {date}.").format(date=as_of), indent=True)
    doc.table(
        [
            _("No."),
            _("Unit"),
            _("Seats"),
            _("Non-local today"),
            _("Required"),
            _("Non-local after"),
            _("Changes"),
        ],
        _group_targets(run),
        [1, 4.2, 1.6, 2.6, 2.4, 2.6, 1.6],
    )

    plan = 1
    rank = run.rank(plan)
    doc.heading(_("III. THE PROPOSED PLAN"))
    doc.text(
        _(
            "The plan changes the holders of {changes} seats; {released} incumbents are "
            "released to other duties. Every rule has been checked for every placement."
        ).format(changes=_int(rank.get("changes")), released=len(run.released_rows(plan))),
        indent=True,
    )
    moves = _moves(run, plan)
    if moves:
        doc.table(
            [
                _("No."),
                _("Seat"),
                _("Current holder"),
                _("Proposed holder"),
                _("From"),
                _("Non-local"),
                _("Reason"),
            ],
            moves,
            [1.0, 3.0, 2.5, 2.5, 2.8, 2.0, 2.7],
            size=10,
        )
    else:
        doc.text(_("The plan keeps every current holder."), indent=True)

    doc.heading(_("IV. INCUMBENTS RELEASED TO OTHER DUTIES"))
    gone = _released(run, plan)
    if gone:
        doc.table(
            [_("No."), _("Name"), _("Seat today"), _("Reason")], gone, [1, 4.5, 6, 5], size=10.5
        )
    else:
        doc.text(_("No incumbent is released."), indent=True)

    doc.heading(_("V. REQUEST"))
    doc.text(
        _(
            "The Organization Committee respectfully submits this plan to the Standing "
            "Committee for consideration and decision."
        ),
        indent=True,
    )
    _signature(doc)
    _annex(doc, run)
    return doc


def _signature(doc: Proposal) -> None:
    table = doc.doc.add_table(rows=1, cols=2)
    _widths(table, (8, 8.5))
    left, right = table.rows[0].cells
    left.text = ""
    run = left.paragraphs[0].add_run(_("Recipients:"))
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in (_("– As above;"), _("– Filed.")):
        left.add_paragraph().add_run(line).font.size = Pt(11)
    right.text = ""
    paragraph = right.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    head = paragraph.add_run(_("FOR THE ORGANIZATION COMMITTEE\nHEAD"))
    head.bold, head.font.size = True, Pt(13)


def _annex(doc: Proposal, run: RunFolder) -> None:
    others = [p for p in run.plan_numbers() if p != 1]
    if not others:
        return
    doc.page_break()
    doc.text(_("ANNEX: ALTERNATIVE PLANS"), bold=True, align="center")
    doc.text(
        _(
            "Each alternative differs from the proposed plan in at least the number of seats "
            "set in the scenario; a higher cost means more changes, longer distances or fewer "
            "wishes met."
        ),
        indent=True,
        size=12,
    )
    rows = []
    for p in run.plan_numbers():
        rank = run.rank(p)
        rows.append(
            [
                str(p),
                rank.get("cost", ""),
                rank.get("changes", ""),
                rank.get("distance_km", ""),
                str(len(run.released_rows(p))),
                rank.get("differs_from_plan_1", ""),
            ]
        )
    doc.table(
        [
            _("Plan"),
            _("Cost"),
            _("Changes"),
            _("Distance (km)"),
            _("Released"),
            _("Seats differing from plan 1"),
        ],
        rows,
        [1.5, 2.5, 2.5, 3, 2.5, 4.5],
    )
    first = {r["seat_id"]: r.get("official_id", "") for r in run.seats(1)}
    people, seats = run.people(), run.seat_titles()
    for p in others:
        diff = [
            [
                seats.get(r["seat_id"], r["seat_id"]),
                people.get(first.get(r["seat_id"], ""), "") or _("(vacant)"),
                people.get(r.get("official_id", ""), "") or _("(vacant)"),
            ]
            for r in run.seats(p)
            if r.get("official_id", "") != first.get(r["seat_id"])
        ]
        doc.heading(_("Alternative {plan}").format(plan=p))
        doc.table([_("Seat"), _("Proposed plan"), _("This alternative")], diff, [6, 5, 5], size=10)


def build_no_plan(
    name: str,
    infeasibility: Mapping[str, Any],
    scenario: Mapping[str, Any],
    *,
    body: str | None = None,
) -> Proposal:
    """A report for a run with no plan: which groups fall short and what would help."""
    doc = Proposal()
    _masthead(doc, body or _("Party Committee of ……"))
    doc.text(_("REPORT"), bold=True, size=14, align="center")
    doc.text(_("on why no rotation plan meets the targets"), bold=True, align="center")
    doc.text(name, italic=True, align="center")
    sentence = _target_sentence(scenario)
    if sentence:
        doc.text(sentence, indent=True)
    doc.text(
        _(
            "No plan satisfies every rule and every target at once. The groups below cannot "
            "reach their target even when every other group's target is set aside."
        ),
        indent=True,
    )
    rows = []
    for i, g in enumerate(infeasibility.get("groups", []), start=1):
        role = g.get("role")
        rows.append(
            [
                str(i),
                str(g.get("group_name") or g.get("group_id")),
                role_title(str(role)) if role else _("all seats"),
                str(g.get("seats", "")),
                str(g.get("required", "")),
                str(g.get("max_reachable", "")),
            ]
        )
    if rows:
        doc.table(
            [
                _("No."),
                _("Unit"),
                _("Seats counted"),
                _("Seats"),
                _("Required"),
                _("Most reachable"),
            ],
            rows,
            [1, 5, 3, 2, 2.5, 3],
        )
    conflicts = infeasibility.get("conflicts") or []
    if conflicts:
        doc.text(
            _("Rules in conflict: {rules}.").format(
                rules=", ".join(rule_name(str(c)) for c in conflicts)
            ),
            indent=True,
        )
    levers = [lv for lv in infeasibility.get("levers") or [] if isinstance(lv, dict)]
    if levers:
        doc.heading(_("What would make a plan possible (each checked by solving again)"))
        for lever in levers:
            doc.text("– " + lever_words(lever), indent=True)
    return doc


def _setting_words(key: str, value: Any) -> str:
    if key == "target.min_nonlocal_ratio":
        return _("every group's target at {pct}").format(pct=f"{100 * float(value):g}%")
    if key.startswith("target.roles."):
        return _("the {role} target at {pct}").format(
            role=role_title(key.rsplit(".", 1)[1]), pct=f"{100 * float(value):g}%"
        )
    if key.startswith("target.groups."):
        return _("the target of {group} at {pct}").format(
            group=key.rsplit(".", 1)[1], pct=f"{100 * float(value):g}%"
        )
    if key == "rules.min_years_before_move":
        return _("incumbents may move after {years} years in post").format(years=value)
    if key == "rules.cross_group_moves" and value is True:
        return _("officials may be placed outside their own group")
    if key == "rules.allow_vacancies" and value is True:
        return _("seats may be left vacant")
    return f"{key} = {value}"


def lever_words(lever: Mapping[str, Any]) -> str:
    """One lever of ``infeasibility.json`` in a committee's words, with what it gave."""
    settings = lever.get("settings") or {}
    change = "; ".join(_setting_words(str(k), v) for k, v in settings.items())
    change = change or str(lever.get("options", ""))
    if lever.get("outcome") == "plan":
        return _("{change}: a plan exists ({changes} changes, cost {cost}).").format(
            change=change, changes=lever.get("changes"), cost=lever.get("cost")
        )
    if lever.get("outcome") == "no_plan":
        return _("{change}: still no plan.").format(change=change)
    return _("{change}: not settled in the time available.").format(change=change)


def write_proposal(path: Path, run: RunFolder) -> None:
    build_proposal(run).doc.save(str(path))
