"""How long the deliberation page takes from a click on "solve" to the plans shown.

Drives the page through Starlette's test client exactly as the browser does: POST the settings
form with ``then=solve``, poll the run panel (``/run/ID``, as htmx does every 300 ms, here every
50 ms) until it is done, and GET the page with the plans. Then forbid the first move of plan 1
(a pin, as a click does) and solve again, close to the previous plan 1. Times are wall clock,
best of ``--repeat``; the scenario's data are read once per solve, as on the page.

    python benchmarks/serve.py                         # scenarios/hanoi-2023
    python benchmarks/serve.py --scenario scenarios/phuc-tho-2023/scenario.toml
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from starlette.testclient import TestClient

from planner.web import Session, create_app

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765


def _until_done(
    client: TestClient, session: Session, *, waiting: tuple[str, ...] = ("running", "ranking")
) -> float:
    """Poll the run panel while its status is one of ``waiting``; the time the plans show.
    ``waiting=("running",)`` stops once plan 1 is shown, while a re-solve ranks the rest."""
    run = session.current()
    assert run is not None
    while True:
        panel = client.get(f"/run/{run.id}", headers={"HX-Request": "true"})
        if not any(f'data-status="{status}"' in panel.text for status in waiting):
            break
        time.sleep(0.05)
    page = client.get("/")
    assert 'data-testid="plan-1"' in page.text, run.status + run.message
    return time.perf_counter()


def measure(scenario: Path) -> tuple[float, float, float, int]:
    session = Session(scenario)
    try:
        client = TestClient(create_app(session, port=PORT), base_url=f"http://127.0.0.1:{PORT}")
        start = time.perf_counter()
        client.post("/settings", data={"then": "solve"})
        first = _until_done(client, session) - start
        page = client.get("/").text
        move = re.search(r'data-seat="([^"]+)" data-official="([^"]+)"', page)
        assert move is not None
        client.post("/pin", data={"seat": move[1], "official": move[2], "action": "forbid"})
        start = time.perf_counter()
        client.post("/solve")
        shown = _until_done(client, session, waiting=("running",)) - start
        again = _until_done(client, session) - start
        run = session.current()
        differing = run.seats_differing if run and run.seats_differing is not None else -1
        return first, shown, again, differing
    finally:
        session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario", type=Path, default=ROOT / "scenarios/hanoi-2023/scenario.toml"
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = [measure(args.scenario) for _ in range(args.repeat)]
    best_first = min(r[0] for r in results)
    best_shown = min(r[1] for r in results)
    best_again = min(r[2] for r in results)
    print(f"{args.scenario}: click-solve to plans shown {best_first:.2f} s (best of {args.repeat})")
    print(
        f"  re-solve after one forbid pin: plan 1 shown {best_shown:.2f} s, every plan shown "
        f"{best_again:.2f} s; seats differing from the previous plan 1: {results[0][3]}"
    )
    for i, (a, b, c, _) in enumerate(results, 1):
        print(f"  run {i}: {a:.2f} s; re-solve {b:.2f} s, {c:.2f} s")


if __name__ == "__main__":
    main()
