"""Turning a :class:`~planner.generate.presets.Spec` and a seed into the contract's tables.

Everything is drawn from one ``numpy.random.Generator`` in a fixed order, so a seed gives the
same files byte for byte (the bundled scenarios are checked against a fresh generation). The
per-official attributes are drawn as whole arrays: the national presets have ~40,000 people and
must generate in seconds. Only the few relation pairs and the per-block names loop in Python.

The numbers are chosen so that feasible presets are feasible with room to spare (see the
checks in :mod:`planner.generate.audit`): every commune has deputies on the planning list, every
group has cadres of its own, qualifications mostly meet the seats' minima, and the incumbents
who must stay (under 3 years in post) and are local are capped well below the group's slack.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.generate.layout import build_layout, make_roads, make_seats
from planner.generate.people import (
    draw_officials,
    make_preferences,
    make_relations,
    officials_frame,
)
from planner.generate.presets import Spec


@dataclass(frozen=True)
class GeneratedData:
    """The contract's tables as DataFrames (column names exactly the CSV headers).

    Optional text cells are empty strings, never NaN, so the frames write as they read.
    ``adjacency`` is None when the spec asks for distances from lat/lon only.
    """

    spec: Spec
    seed: int
    units: pd.DataFrame
    seats: pd.DataFrame
    officials: pd.DataFrame
    relations: pd.DataFrame
    preferences: pd.DataFrame
    adjacency: pd.DataFrame | None


def generate(spec: Spec, seed: int) -> GeneratedData:
    """Draw one synthetic data folder for ``spec``; the same seed gives the same tables."""
    rng = np.random.default_rng(seed)
    lay = build_layout(spec, rng)
    seats, seat_commune, seat_role, seat_tag = make_seats(spec, lay, rng)
    off = draw_officials(spec, lay, seat_commune, seat_role, seat_tag, rng)
    relations = make_relations(spec, lay, off, rng)
    preferences = make_preferences(spec, lay, off, rng)
    officials = officials_frame(spec, lay, seats, off, rng)
    adjacency = make_roads(lay, rng) if spec.adjacency else None
    units = pd.DataFrame(
        lay.unit_rows, columns=["unit_id", "name", "level", "parent_id", "lat", "lon"]
    )
    if spec.former:  # drawn last, so that the other presets' seeds give the same bytes
        from planner.generate.real import with_former_units

        units, officials = with_former_units(units, officials, spec.former, rng)
    return GeneratedData(
        spec=spec,
        seed=seed,
        units=units,
        seats=seats,
        officials=officials,
        relations=relations,
        preferences=preferences,
        adjacency=adjacency,
    )
