"""The administrative tree and the three distance sources, on the tiny dataset and by hand."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY, write_dataset
from hypothesis import given
from hypothesis import strategies as st

from planner.domain.distance import NO_DISTANCES, Distances, whole_km, whole_km_array
from planner.domain.records import Dataset, Road, Unit
from planner.domain.tree import AdminTree
from planner.inputs.tables import read_dataset


@pytest.fixture
def data(tmp_path: Path) -> Dataset:
    write_dataset(tmp_path)
    return read_dataset(tmp_path / "data")


@pytest.fixture
def tree(data: Dataset) -> AdminTree:
    return AdminTree(data.units)


def test_tree_queries(tree: AdminTree) -> None:
    assert tree.levels() == ("province", "district", "commune")
    assert tree.unit_ids == ("P", "D1", "C1", "C2", "D2", "C3", "C4")
    assert tree.ancestor_at("C3", "district") == "D2"
    assert tree.ancestor_at("D2", "district") == "D2"
    assert tree.ancestor_at("C3", "province") == "P"
    assert tree.ancestor_at("D1", "commune") is None
    assert tree.ancestor_at("C1", "ward") is None
    assert tree.ancestor_array(["C1", "C4", "P", "C1"], "district") == ["D1", "D2", None, "D1"]
    assert tree.is_within("C1", "D1") and tree.is_within("C1", "P") and tree.is_within("D1", "D1")
    assert not tree.is_within("C1", "D2") and not tree.is_within("D1", "C1")
    assert tree.descendants("D2") == {"D2", "C3", "C4"}
    assert tree.descendants("C1") == {"C1"}
    assert tree.level_of("C2") == "commune" and tree.name_of("C2") == "Xã Long Xuyên"
    assert tree.parent_of("P") is None and tree.parent_of("C4") == "D2"
    assert tree.children_of("D1") == ("C1", "C2")
    assert tree.units_at("district") == ("D1", "D2")
    assert list(tree.ancestors("C4")) == ["C4", "D2", "P"]
    assert "C4" in tree and "X" not in tree and len(tree) == 7
    with pytest.raises(KeyError):
        tree.ancestor_at("X", "district")


def test_levels_of_a_mixed_two_and_three_tier_forest() -> None:
    units = [
        Unit("HN", "Hà Nội", "province", None, row=2),
        Unit("W1", "Phường Ba Đình", "commune", "HN", row=3),  # two tiers
        Unit("HT", "Hà Tây", "province", None, row=4),
        Unit("PT", "Phúc Thọ", "district", "HT", row=5),
        Unit("X1", "Xã Tam Hiệp", "commune", "PT", row=6),
    ]
    tree = AdminTree(units)
    assert tree.levels() == ("province", "district", "commune")
    assert tree.roots() == ("HN", "HT")
    assert tree.ancestor_at("W1", "district") is None
    assert tree.ancestor_at("X1", "district") == "PT"


def test_tree_refuses_a_cycle() -> None:
    with pytest.raises(ValueError):
        AdminTree([Unit("A", "A", "x", "B"), Unit("B", "B", "x", "A")])


# --------------------------------------------------------------------------------------------
# distances


def test_roads_shortest_path(data: Dataset, tree: AdminTree) -> None:
    d = Distances.from_dataset(data, tree)
    assert d.source == "roads" and d.warning is None
    assert d.km("C1", "C2") == 4.5
    assert d.km("C2", "C1") == 4.5  # undirected
    assert d.km("C1", "C1") == 0.0
    # C1 -3- D1 -30- P -12- D2 -5.5- C3: 50.5; C4 via C3 -2-: 52.5 is longer than D2 -6- C4: 51
    assert d.km("C1", "C3") == pytest.approx(50.5)
    assert d.km("C1", "C4") == pytest.approx(51.0)
    m = d.matrix(["C1", "C2", "C1"], ["C3", "C1", "C4"])
    assert m.shape == (3, 3) and m.dtype == np.float64
    np.testing.assert_allclose(m, [[50.5, 0, 51], [55, 4.5, 55.5], [50.5, 0, 51]])
    # more distinct sources than targets: Dijkstra runs from the targets, result not transposed
    np.testing.assert_allclose(
        d.matrix(["C1", "C2", "C3", "C1"], ["C4", "C2"]), [[51, 4.5], [55.5, 0], [2, 55], [51, 4.5]]
    )
    assert d.matrix([], ["C1"]).shape == (0, 1)


def test_roads_listed_twice_keep_the_shortest_and_unreachable_is_inf(tmp_path: Path) -> None:
    adjacency = TINY["adjacency"] + "C2,C1,2.5\nC1,C2,7\n"
    adjacency = adjacency.replace("P,D2,12\n", "")  # D2 side is cut off from D1 side
    write_dataset(tmp_path, adjacency=adjacency)
    data = read_dataset(tmp_path / "data")
    d = Distances.from_dataset(data, AdminTree(data.units))
    assert d.km("C1", "C2") == 2.5
    assert d.km("C1", "C3") == math.inf
    assert d.matrix(["C1"], ["C3", "C2"]).tolist() == [[math.inf, 2.5]]


def test_great_circle_when_no_adjacency(data: Dataset, tree: AdminTree) -> None:
    data = Dataset(data.folder, data.units, data.seats, data.officials, roads=None)
    d = Distances.from_dataset(data, tree)
    assert d.source == "great-circle" and d.warning is None
    # one degree of latitude on the 6,371 km sphere: 6371 * pi / 180 = 111.19 km
    units = (
        Unit("A", "A", "commune", None, 20.0, 105.0),
        Unit("B", "B", "commune", None, 21.0, 105.0),
    )
    one = Distances.from_dataset(Dataset(data.folder, units, (), ()), AdminTree(units))
    assert one.km("A", "B") == pytest.approx(6371 * math.pi / 180)
    assert d.km("C3", "C3") == 0.0
    assert d.km("C1", "C2") == pytest.approx(d.km("C2", "C1"))
    m = d.matrix(["C1", "C3"], ["C2", "C4", "C1"])
    assert (
        m[0, 0] == pytest.approx(d.km("C1", "C2"))
        and m[1, 1] == pytest.approx(d.km("C3", "C4"))
        and m[0, 2] == 0.0
    )


def test_great_circle_inherits_ancestor_coordinates() -> None:
    units = (
        Unit("P", "P", "province", None, 21.0, 105.0),
        Unit("D", "D", "district", "P", 22.0, 105.0),
        Unit("C", "C", "commune", "D"),  # at D's point
        Unit("Q", "Q", "province", None),  # no coordinates anywhere above
        Unit("E", "E", "commune", "Q"),
    )
    d = Distances.from_dataset(Dataset(Path("."), units, (), ()), AdminTree(units))
    assert d.km("C", "D") == 0.0
    assert d.km("C", "P") == pytest.approx(6371 * math.pi / 180)
    assert d.km("E", "P") == 0.0 and d.km("Q", "C") == 0.0
    assert d.warning == (
        "3 unit(s) without lat/lon take their nearest ancestor's; 2 have none "
        "above them either and are 0 km from every unit"
    )


def test_no_source_means_zero_and_a_warning() -> None:
    units = (Unit("A", "A", "commune", None), Unit("B", "B", "commune", None))
    d = Distances.from_dataset(Dataset(Path("."), units, (), ()), AdminTree(units))
    assert d.source == "none" and d.warning == NO_DISTANCES
    assert NO_DISTANCES == "no adjacency.csv and no lat/lon: every distance is 0"
    assert d.km("A", "B") == 0.0 and d.matrix(["A"], ["A", "B"]).tolist() == [[0.0, 0.0]]


def test_roads_win_over_coordinates_and_empty_roads_warn() -> None:
    units = (
        Unit("A", "A", "commune", None, 20.0, 105.0),
        Unit("B", "B", "commune", None, 21.0, 105.0),
    )
    d = Distances.from_dataset(Dataset(Path("."), units, (), (), roads=()), AdminTree(units))
    assert d.source == "roads" and d.km("A", "B") == math.inf and d.warning is not None
    roads = (Road("A", "B", 7.0),)
    d = Distances.from_dataset(Dataset(Path("."), units, (), (), roads=roads), AdminTree(units))
    assert d.km("A", "B") == 7.0


def test_matrix_on_a_larger_grid_matches_km() -> None:
    """A 30 × 30 grid road network: matrix agrees with km, and repeated sources are cheap."""
    n = 30
    units = [Unit("R", "R", "province", None)] + [
        Unit(f"U{i}_{j}", "x", "commune", "R") for i in range(n) for j in range(n)
    ]
    roads = [Road(f"U{i}_{j}", f"U{i}_{j + 1}", 1.0) for i in range(n) for j in range(n - 1)]
    roads += [Road(f"U{i}_{j}", f"U{i + 1}_{j}", 2.0) for i in range(n - 1) for j in range(n)]
    d = Distances.from_dataset(
        Dataset(Path("."), tuple(units), (), (), roads=tuple(roads)), AdminTree(units)
    )
    sources = [f"U{i}_{i}" for i in range(n)] * 3
    targets = [f"U{n - 1}_{j}" for j in range(n)]
    m = d.matrix(sources, targets)
    assert m[0, n - 1] == (n - 1) * 2 + (n - 1) * 1
    assert m[5, 7] == d.km("U5_5", f"U{n - 1}_7") == (n - 1 - 5) * 2 + 2
    assert d.km("R", "U0_0") == math.inf


# --------------------------------------------------------------------------------------------
# rounding


@pytest.mark.parametrize(
    ("km", "whole"),
    [
        (0.0, 0),
        (0.49, 0),
        (0.5, 1),
        (12.5, 13),
        (12.4999, 12),
        (13.5, 14),
        (2.5, 3),
        (4.5 + 3 + 5.0, 13),
        (0.1 + 0.2 + 12.2, 13),
        (math.inf, 0),
    ],
)
def test_whole_km_rounds_halves_up(km: float, whole: int) -> None:
    assert whole_km(km) == whole
    assert whole_km_array([km]).tolist() == [whole]


def test_whole_km_unreachable_value() -> None:
    assert whole_km(math.inf, unreachable=-1) == -1
    out = whole_km_array(np.array([[1.5, math.inf], [2.49, 7.0]]), unreachable=-1)
    assert out.dtype == np.int64 and out.tolist() == [[2, -1], [2, 7]]


@given(st.floats(min_value=0, max_value=1e6, allow_nan=False))
def test_whole_km_array_agrees_with_scalar(km: float) -> None:
    assert whole_km_array([km])[0] == whole_km(km)
    assert abs(whole_km(km) - km) <= 0.5 + 1e-9
