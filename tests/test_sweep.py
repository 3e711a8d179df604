"""``planner sweep`` and the what-if overrides shared by solve, explain and sweep.

On the tiny dataset each district has 3 seats: at ratio 1 D2 would need 3 non-locals, but O4
(local, 2 years in post) must keep S4, so at most 2 are reachable there; D1 can reach 3.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from conftest import run_cli as run
from hypothesis import given
from hypothesis import strategies as st

from planner.errors import BadInput
from planner.whatif.sweep import label, parse_targets


def table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


# ---------------------------------------------------------------------------------------------
# --targets


def test_range_includes_its_end_without_float_drift() -> None:
    assert parse_targets("0.3:0.7:0.05") == [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7]
    assert parse_targets("0.1:0.3:0.1") == [0.1, 0.2, 0.3]
    assert parse_targets("0.5, 0.3,0.4,0.5") == [0.3, 0.4, 0.5]
    assert parse_targets("0.2,0.6:0.7:0.05") == [0.2, 0.6, 0.65, 0.7]
    assert parse_targets("0.3:0.75:0.1") == [0.3, 0.4, 0.5, 0.6, 0.7]  # 0.8 would pass the end
    assert [label(r) for r in parse_targets("0:1:0.25")] == ["0", "0.25", "0.5", "0.75", "1"]


@given(st.integers(0, 100), st.integers(0, 100), st.integers(1, 50))
def test_range_is_exact_in_hundredths(a: int, b: int, step: int) -> None:
    lo, hi = min(a, b), max(a, b)
    got = parse_targets(f"{lo / 100}:{hi / 100}:{step / 100}")
    assert got == [k / 100 for k in range(lo, hi + 1, step)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.7", "ratio 1.7 is outside [0, 1]"),
        ("0.3,abc", '"abc" is not a number'),
        ("0.7:0.3:0.1", "the end is below the start"),
        ("0.3:0.7:0", "must be a number greater than 0"),
        ("0.3:0.7", "a range is FIRST:LAST:STEP"),
        (",", "no targets given"),
    ],
)
def test_bad_targets(text: str, message: str) -> None:
    with pytest.raises(BadInput) as raised:
        parse_targets(text)
    assert message in str(raised.value)
    assert raised.value.problems[0].file == "--targets"


# ---------------------------------------------------------------------------------------------
# the sweep


def test_sweep_writes_table_chart_and_variants(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tiny.parent / "sweep"
    code, stdout, err = run(
        ["sweep", str(tiny), "--targets", "0.3:1:0.35", "--out", str(out), "--plans", "2"],
        capsys,
        monkeypatch,
    )
    assert code == 0, err  # the sweep ran, although one target has no plan
    rows = table(out / "sweep.csv")
    assert [r["target"] for r in rows] == ["0.3", "0.65", "1"]
    assert [r["status"] for r in rows] == ["OPTIMAL", "OPTIMAL", "INFEASIBLE"]
    assert list(rows[0])[:8] == [
        "target",
        "status",
        "cost",
        "changes",
        "distance_km",
        "preference",
        "vacancies",
        "nonlocal",
    ]
    assert {"nonlocal_D1", "nonlocal_D2", "required_D1", "required_D2", "short_groups"} <= set(
        rows[0]
    )
    assert rows[1]["nonlocal_D1"] == "2" and rows[1]["required_D1"] == "2"
    assert rows[2]["short_groups"] == "D2 max 2 < 3"
    assert rows[2]["cost"] == "" and rows[2]["folder"] == ""
    assert int(rows[0]["cost"]) <= int(rows[1]["cost"])
    png = (out / "sweep.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000
    for target in ("0.3", "0.65"):
        assert (out / "variants" / target / "plans.csv").is_file()
        info = json.loads((out / "variants" / target / "run.json").read_text(encoding="utf-8"))
        assert info["scenario"]["target"]["min_nonlocal_ratio"] == float(target)
        assert info["scenario"]["plans"]["count"] == 2
    assert not (out / "variants" / "1").exists()
    info = json.loads((out / "sweep.json").read_text(encoding="utf-8"))
    assert info["targets"] == ["0.3", "0.65", "1"]
    assert info["max_reachable"] == [
        {"group_id": "D1", "role": None, "max_reachable": 3},
        {"group_id": "D2", "role": None, "max_reachable": 2},
    ]
    assert "from 1 there is no plan" in stdout
    assert "target 0.65: plan (proven best)" in err  # progress, one line per target


def test_a_sweep_variant_is_the_solve_of_that_target(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same scenario, same target, same overrides: the same plans and costs as planner solve
    (here the plans are unique at their cost, so even the holders must agree)."""
    sweep, solo = tiny.parent / "sweep", tiny.parent / "solo"
    common = ["--set", "objective.distance_km=3", "--target", "D1=0.6"]
    code, _, err = run(
        ["sweep", str(tiny), "--targets", "0.2,0.5", "--out", str(sweep), "--quiet", *common],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    code, _, err = run(
        ["solve", str(tiny), "--target", "0.5", "--out", str(solo), "--quiet", *common],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    for name in ("plans.csv", "ranking.csv", "groups.csv", "released.csv"):
        assert (sweep / "variants" / "0.5" / name).read_bytes() == (solo / name).read_bytes()
    rows = table(sweep / "sweep.csv")
    assert rows[0]["required_D1"] == rows[1]["required_D1"] == "2"  # D1 fixed at 0.6


def test_parallel_sweep_finds_the_same_costs(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, parallel = tiny.parent / "serial", tiny.parent / "parallel"
    args = ["--targets", "0.2,0.5,0.6,0.9", "--plans", "1", "--quiet"]
    code, _, err = run(["sweep", str(tiny), "--out", str(serial), *args], capsys, monkeypatch)
    assert code == 0, err
    code, stdout, err = run(
        ["sweep", str(tiny), "--out", str(parallel), "--workers", "2", *args], capsys, monkeypatch
    )
    assert code == 0, err
    assert "2 worker(s)" in stdout
    keep = ("target", "status", "cost", "changes", "nonlocal", "short_groups")
    assert [{k: r[k] for k in keep} for r in table(serial / "sweep.csv")] == [
        {k: r[k] for k in keep} for r in table(parallel / "sweep.csv")
    ]


def test_sweep_with_pins(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    pins = tiny.parent / "pins.csv"
    pins.write_text("seat_id,official_id,action\nS3,O1,keep\n", encoding="utf-8")
    out = tiny.parent / "sweep"
    code, _, err = run(
        ["sweep", str(tiny), "--targets", "0.5", "--out", str(out), "--pins", str(pins), "--quiet"],
        capsys,
        monkeypatch,
    )
    assert code == 0, err
    rows = table(out / "variants" / "0.5" / "plans.csv")
    assert all(r["official_id"] == "O1" for r in rows if r["seat_id"] == "S3")


# ---------------------------------------------------------------------------------------------
# bad overrides: exit 2, one clear line each, nothing written


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--set", "rules.max_year_in_post=3"],
            "unknown key; did you mean rules.max_years_in_post?",
        ),
        (["--target", "DX=0.5"], 'target.groups.DX: unknown unit "DX"'),
        (["--target", "1.7"], "ratio 1.7 is outside [0, 1]"),
        (["--target", "C1=0.5"], "is a commune, not a district"),
        (["--set", "plans.count=0"], "must be at least 1"),
        (["--set", "rules"], "expected SECTION.KEY=VALUE"),
    ],
)
@pytest.mark.parametrize("command", ["solve", "sweep", "explain"])
def test_bad_overrides_exit_2(
    tiny: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    command: str,
    options: list[str],
    message: str,
) -> None:
    out = tiny.parent / "out"
    extra = {
        "solve": ["--out", str(out)],
        "sweep": ["--targets", "0.5", "--out", str(out)],
        "explain": [],
    }[command]
    code, _, err = run([command, str(tiny), *extra, *options], capsys, monkeypatch)
    assert code == 2, err
    if command == "sweep" and options == ["--target", "1.7"]:
        message = "1.7: a sweep takes target.min_nonlocal_ratio from --targets"
    assert message in err
    assert "Traceback" not in err
    assert not out.exists()


def test_sweep_bad_targets_and_pins_exit_2(
    tiny: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tiny.parent / "out"
    code, _, err = run(
        ["sweep", str(tiny), "--targets", "0.5,1.7", "--out", str(out)], capsys, monkeypatch
    )
    assert code == 2 and "--targets: ratio 1.7 is outside [0, 1]" in err
    pins = tiny.parent / "pins.csv"
    pins.write_text("seat_id,official_id,action\nS1,O42,forbid\n", encoding="utf-8")
    code, _, err = run(
        ["sweep", str(tiny), "--targets", "0.5", "--out", str(out), "--pins", str(pins)],
        capsys,
        monkeypatch,
    )
    assert code == 2 and 'unknown official "O42"' in err
    assert not out.exists()
