"""The scenario loader's messages for the mistakes planners make in scenario files."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TINY, write_dataset

from models.engines import ENGINES as MODEL_ENGINES
from models.instance import Weights
from planner.errors import BadInput
from planner.inputs.scenario import DEFAULTS, Rules, Setting, load_scenario


def problems(path: Path, *sets: str, targets: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(BadInput) as raised:
        load_scenario(path, sets=sets, targets=targets)
    return [str(p) for p in raised.value.problems]


def test_tiny_scenario_loads(tmp_path: Path) -> None:
    scenario = load_scenario(write_dataset(tmp_path))
    assert scenario.name == "Tỉnh thử — đợt 1"
    assert scenario.data_dir == (tmp_path / "data").resolve()
    assert scenario.target.ratio_for("D1") == 0.5


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    text = TINY["scenario"] + "max_year_in_post = 8\n"  # lands in [rules], the last table
    assert problems(write_dataset(tmp_path, scenario=text)) == [
        "scenario.toml rules.max_year_in_post: unknown key; did you mean rules.max_years_in_post?",
    ]


def test_ratio_outside_unit_interval(tmp_path: Path) -> None:
    text = TINY["scenario"].replace("min_nonlocal_ratio = 0.5", "min_nonlocal_ratio = 1.7")
    assert problems(write_dataset(tmp_path, scenario=text)) == [
        "scenario.toml target.min_nonlocal_ratio: ratio 1.7 is outside [0, 1]",
    ]
    assert problems(write_dataset(tmp_path), targets=("D1=-0.2",)) == [
        "scenario.toml target.groups.D1: ratio -0.2 is outside [0, 1]",
    ]


def test_missing_data_folder(tmp_path: Path) -> None:
    text = TINY["scenario"].replace('data = "data"', 'data = "dữ liệu"')
    path = write_dataset(tmp_path, scenario=text)
    assert problems(path) == [
        f"scenario.toml data: data folder 'dữ liệu' does not exist (looked in "
        f"{(tmp_path / 'dữ liệu').resolve()})",
    ]


def test_broken_toml(tmp_path: Path) -> None:
    path = write_dataset(tmp_path, scenario=TINY["scenario"] + "[rules\n")
    found = problems(path)
    assert len(found) == 1 and found[0].startswith("scenario.toml: not valid TOML: ")


def test_missing_scenario_file(tmp_path: Path) -> None:
    assert problems(tmp_path / "nope.toml") == [
        f"nope.toml: scenario file '{tmp_path / 'nope.toml'}' does not exist",
    ]


def test_non_finite_numbers_are_refused_not_crashing(tmp_path: Path) -> None:
    path = write_dataset(tmp_path)
    assert problems(path, "plans.count=inf", "rules.max_years_in_post=nan") == [
        "scenario.toml rules.max_years_in_post: nan is not a number",
        "scenario.toml plans.count: inf must be a whole number",
    ]


def test_scenario_with_byte_order_mark(tmp_path: Path) -> None:
    path = write_dataset(tmp_path)
    path.write_text(TINY["scenario"], encoding="utf-8-sig")
    assert load_scenario(path).name == "Tỉnh thử — đợt 1"


def test_run_json_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "run.json").write_text("[1]", encoding="utf-8")
    found = problems(tmp_path / "run.json")
    assert len(found) == 1 and found[0].startswith("run.json: not a run.json: ")


@pytest.mark.parametrize("engine", ("auto", *MODEL_ENGINES))
def test_every_model_engine_is_a_scenario_engine(tmp_path: Path, engine: str) -> None:
    scenario = load_scenario(write_dataset(tmp_path), sets=[f'solver.engine="{engine}"'])
    assert scenario.solver.engine == engine


def test_unknown_engine_names_the_model_engines(tmp_path: Path) -> None:
    [problem] = problems(write_dataset(tmp_path), 'solver.engine="gurobi"')
    assert problem.endswith("is not one of auto, " + ", ".join(MODEL_ENGINES))


def test_defaults_are_the_section_dataclasses(tmp_path: Path) -> None:
    scenario = load_scenario(write_dataset(tmp_path), sets=["objective.change=7"])
    assert scenario.objective == Weights(change=7)
    assert DEFAULTS["rules"]["max_years_in_post"] == Rules().max_years_in_post == 10
    assert DEFAULTS["objective"] == {
        "change": 100,
        "distance_km": 1,
        "preference": 10,
        "vacancy": 10000,
        "release": 100,
    }


def test_typed_settings_are_set_as_they_are_and_checked(tmp_path: Path) -> None:
    path = write_dataset(tmp_path)
    scenario = load_scenario(path, sets=[Setting("plans.count", 3), "plans.seed=4"])
    assert (scenario.plans.count, scenario.plans.seed) == (3, 4)
    odd = tmp_path / 'pins "quoted" \\ dir.csv'  # no TOML string could carry this path
    odd.write_text("seat_id,official_id,action\n", encoding="utf-8")
    assert load_scenario(path, sets=[Setting("pins", str(odd))]).pins == odd.resolve()
    [problem] = problems(path, Setting("plans.count", 0))
    assert problem == "scenario.toml plans.count: 0 must be at least 1"
