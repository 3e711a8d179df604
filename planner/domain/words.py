"""The words a person reads for the codes the files use: roles, levels, rule families, reasons.

One owner for each (contract section 11): the files keep the codes (``secretary``, ``district``,
``tenure``), every table, report and message shows these words, translated through the catalog
(:mod:`planner.i18n`). The English texts here are the catalog's source texts.
"""

from __future__ import annotations

import re

from planner.i18n import N_, current_language, translate

#: Roles of the contract (section 1). The English interface uses the code words (the glossary
#: in docs/domain.md); the Vietnamese catalog has the titles: Bí thư Đảng ủy, Chủ tịch UBND.
ROLE_TITLES = {
    "secretary": N_("secretary"),
    "chairman": N_("chairman"),
}

#: Levels of the administrative tree.
LEVEL_WORDS = {
    "province": N_("province"),
    "district": N_("district"),
    "commune": N_("commune"),
}

#: Rule families (models.families labels) as a committee names the rule.
RULE_NAMES = {
    "planning": N_("planning list"),
    "qualification": N_("standards of the post"),
    "discipline": N_("discipline"),
    "locality": N_("no posting to one's own locality"),
    "retirement": N_("time left before retirement"),
    "distance": N_("distance from home"),
    "cross_group": N_("staying in one's own group"),
    "tenure": N_("time in post"),
    "pin": N_("the committee's pins"),
    "seat_filled": N_("every seat filled"),
    "one_seat": N_("one seat per official"),
    "target": N_("non-local target"),
    "kinship": N_("relatives"),
    "batch_cap": N_("changes per group in the batch"),
    "one_new_head": N_("one new head per unit"),
}


#: A roadmap's ramps (``roadmap.ramp``, contract section 10).
RAMP_WORDS = {
    "linear": N_("the batches in between climb step by step"),
    "none": N_("only the last batch must meet the targets"),
}

#: The levers of a roadmap with no plan, as infeasibility.json names them (``lever``).
LEVER_WORDS = {
    "one more batch": N_("one more batch"),
    "a later final date": N_("a later final date"),
    "a lower intermediate ramp": N_("no intermediate targets"),
}


#: The ``reason`` values of plans.csv (why a seat changes holder) and released.csv (why an
#: incumbent holds no seat). The files keep these English values in both languages; every page,
#: document and sheet shows these words.
REASON_WORDS = {
    # plans.csv
    "retirement": N_("reaches retirement age"),
    "non-local target": N_("to reach the non-local target"),
    "rotation": N_("rotation"),
    "vacant seat filled": N_("vacant seat filled"),
    "vacancy": N_("left vacant"),
    # released.csv ("retirement" as above)
    "tenure": N_("two terms in the post (tenure limit)"),
    "displaced": N_("rotated out; other duties to be assigned"),
}

#: plans.csv's reason for a seat whose incumbent is at ``max_years_in_post``:
#: ``tenure limit (10 years)`` (the incumbent's years in post, written with ``:g``).
TENURE_LIMIT = re.compile(r"tenure limit \((?P<years>[0-9.]+) years\)")
TENURE_LIMIT_WORDS = N_("tenure limit reached ({years} years in post)")


def _word(table: dict[str, str], code: str, language: str | None) -> str:
    text = table.get(code)
    return code if text is None else translate(text, language or current_language())


def role_title(role: str, language: str | None = None) -> str:
    """``secretary`` -> "Bí thư Đảng ủy" (Vietnamese) / "secretary" (English); a role the
    contract does not name is shown as written."""
    return _word(ROLE_TITLES, role, language)


def level_word(level: str, language: str | None = None) -> str:
    return _word(LEVEL_WORDS, level, language)


def rule_name(label: str, language: str | None = None) -> str:
    """A rule family's label (``tenure``) as words; unknown labels as written."""
    return _word(RULE_NAMES, label, language)


def ramp_words(ramp: str, language: str | None = None) -> str:
    """A roadmap's ramp (``linear``) as words; unknown ramps as written."""
    return _word(RAMP_WORDS, ramp, language)


def lever_words(lever: str, language: str | None = None) -> str:
    """A roadmap lever of infeasibility.json as words; unknown levers as written."""
    return _word(LEVER_WORDS, lever, language)


def reason_words(reason: str, language: str | None = None) -> str:
    """A ``reason`` of plans.csv or released.csv as words (``tenure limit (10 years)`` keeps
    its number); an unknown value is shown as written."""
    limit = TENURE_LIMIT.fullmatch(reason)
    if limit:
        return translate(TENURE_LIMIT_WORDS, language or current_language()).format(
            years=limit["years"]
        )
    return _word(REASON_WORDS, reason, language)
