"""Rule 6 against relatives who hold seats outside the scope.

Scope = secretaries only. O2 chairs Xã Tam Hiệp (C1), a seat outside the scope, so O2 stays put;
O10 is O2's sibling. O10 may then not become secretary of C1 (S1), though C2's seat S3 is fine.
"""

from __future__ import annotations

from pathlib import Path

from conftest import TINY, write_dataset

from models.families import Family
from planner.rules.plain import placement_refusals, why
from planner.rules.validator import check_plan
from planner.solve.problem import load_problem

RELATIONS = "official_a,official_b,kind\nO1,O8,spouse\nO2,O10,sibling\n"


def _scenario(tmp_path: Path) -> Path:
    scenario = TINY["scenario"].replace(
        'roles = ["secretary", "chairman"]', 'roles = ["secretary"]'
    )
    return write_dataset(tmp_path, relations=RELATIONS, scenario=scenario)


def test_the_pair_is_refused_by_kinship_in_both_statements_of_the_rules(tmp_path: Path) -> None:
    problem = load_problem(_scenario(tmp_path), all_pairs=True)
    inst = problem.instance
    o10 = problem.official_ids.index("O10")
    s1, s3 = problem.seat_ids.index("S1"), problem.seat_ids.index("S3")
    assert inst.pair_refused[inst.pair_index(o10, s1)] & Family.KINSHIP
    assert not inst.pair_refused[inst.pair_index(o10, s3)] & Family.KINSHIP
    ctx = problem.rule_context()
    families = {r.family for r in placement_refusals(ctx, "O10", "S1")}
    assert Family.KINSHIP in families
    assert any("relative O2 (sibling) holds seat S2" in r for r in why(ctx, "O10", "S1"))
    assert Family.KINSHIP not in {r.family for r in placement_refusals(ctx, "O10", "S3")}


def test_the_validator_flags_a_plan_that_ignores_it(tmp_path: Path) -> None:
    problem = load_problem(_scenario(tmp_path))
    ctx = problem.rule_context()
    holders = {"S1": "O10", "S3": "O8", "S4": "O4"}
    report = check_plan(ctx, holders)
    kin = [v for v in report.violations if v.family is Family.KINSHIP]
    assert len(kin) == 1
    assert kin[0].seat_id == "S1" and kin[0].official_id == "O10"
