"""The deliberation page through Starlette's test client: what keeps it local and safe, and
what it does with a planner's clicks (the browser tests drive the same page in Chromium)."""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from planner.web import Session, create_app

PORT = 8765
HOME = f"http://127.0.0.1:{PORT}"


def _tree(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def page(tiny: Path) -> Iterator[tuple[Session, TestClient]]:
    session = Session(tiny)
    client = TestClient(create_app(session, port=PORT, max_upload=10_000), base_url=HOME)
    yield session, client
    session.wait()
    session.close()


def test_the_page_names_the_scenario(page: tuple[Session, TestClient]) -> None:
    _, client = page
    response = client.get("/")
    assert response.status_code == 200
    assert "Tỉnh thử — đợt 1" in response.text
    assert "Huyện Phúc Thọ" in response.text  # a group, with its share today
    assert "1/3 (33%)" in response.text
    assert "http://" not in response.text.replace(HOME, "")  # no outside script or style


@pytest.mark.parametrize(
    "host", ["evil.example:8765", "127.0.0.1:9999", "127.0.0.1", "localhost.evil:8765", ""]
)
def test_foreign_host_is_refused(page: tuple[Session, TestClient], host: str) -> None:
    _, client = page
    response = client.get("/", headers={"host": host})
    assert response.status_code == 421
    assert "Tỉnh thử" not in response.text


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765"])
def test_loopback_hosts_are_served(page: tuple[Session, TestClient], host: str) -> None:
    _, client = page
    assert client.get("/", headers={"host": host}).status_code == 200


def test_post_from_another_site_is_refused(page: tuple[Session, TestClient]) -> None:
    session, client = page
    response = client.post("/solve", headers={"origin": "http://evil.example"})
    assert response.status_code == 403
    assert not session.runs


def test_upload_above_the_limit_is_refused(page: tuple[Session, TestClient]) -> None:
    session, client = page
    big = b"x" * 200_000
    response = client.post("/upload", files={"file": ("big.zip", big, "application/zip")})
    assert response.status_code == 413
    assert session.opened is not None  # the open scenario is untouched


def test_upload_of_a_zip_opens_it_in_the_working_folder(
    page: tuple[Session, TestClient], tiny: Path, tmp_path: Path
) -> None:
    import shutil

    session, _client = page
    archive = shutil.make_archive(str(tmp_path / "case"), "zip", tiny.parent, ".")
    data = Path(archive).read_bytes()
    session_limit = TestClient(create_app(session, port=PORT), base_url=HOME)
    response = session_limit.post("/upload", files={"file": ("case.zip", data)})
    assert response.status_code == 200
    assert session.opened is not None
    assert session.opened.path.is_relative_to(session.work)


def test_zip_that_escapes_its_folder_is_refused(page: tuple[Session, TestClient]) -> None:
    import io
    import zipfile

    session, client = page
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../outside.txt", "x")
    response = client.post("/upload", files={"file": ("bad.zip", buffer.getvalue())})
    assert "cannot be unpacked" in response.text
    assert not (session.work.parent / "outside.txt").exists()


def test_solve_pin_resolve_downloads_and_inputs_untouched(
    page: tuple[Session, TestClient], tiny: Path
) -> None:
    session, client = page
    before = _tree(tiny.parent)
    assert client.post("/settings", data={"then": "solve"}).status_code == 200
    session.wait()
    first = session.current()
    assert first is not None and first.status == "plans", first and first.message
    text = client.get("/").text
    move = re.search(r'data-seat="([^"]+)" data-official="([^"]+)"', text)
    assert move is not None
    seat, official = move.groups()
    pinned = client.post("/pin", data={"seat": seat, "official": official, "action": "forbid"})
    # the pins list names the official and the seat, not only their ids
    person = next(o for o in session.opened.dataset.officials if o.official_id == official)
    assert f"{person.name} ({official})" in pinned.text
    assert f"→ {session.seat_title(seat)}" in pinned.text and session.seat_title(seat) != seat
    client.post("/solve")
    session.wait()
    second = session.current()
    assert second is not None and second.status == "plans"
    assert second.folder_read is not None
    assert all(
        not (r["seat_id"] == seat and r["official_id"] == official)
        for r in second.folder_read.plans
    )
    assert second.kept_close_to == first.id
    text = client.get("/").text
    assert 'data-testid="compare"' in text
    # each released incumbent comes with a reason (after the pin, plan 1 may swap O3 instead)
    released = first.released(1) + second.released(1)
    assert released and all(r["reason"] for r in released)
    for name in ("zip", "run.json", "report.html", "plans.xlsx"):
        response = client.get(f"/download/{second.id}/{name}")
        assert response.status_code == 200, name
    assert _tree(tiny.parent) == before  # the scenario's folder is only read


@pytest.mark.parametrize(
    "path",
    [
        "/download/r1/..%2F..%2Fscenario.toml",
        "/download/r1/scenario.toml",
        "/download/r1/plans.csv",
        "/download/..%2Fr1/run.json",
        "/download/r99/run.json",
        "/static/..%2F..%2F__init__.py",
    ],
)
def test_downloads_only_by_run_id_and_name(page: tuple[Session, TestClient], path: str) -> None:
    session, client = page
    client.post("/solve")
    session.wait()
    response = client.get(path)
    assert response.status_code == 404
    assert "Traceback" not in response.text


def test_no_plan_shows_why_and_a_lever_applies(page: tuple[Session, TestClient]) -> None:
    session, client = page
    client.post("/settings", data={"target.min_nonlocal_ratio": "1", "then": "solve"})
    session.wait()
    run = session.current()
    assert run is not None and run.status == "no_plan"
    text = client.get("/").text
    assert "No plan meets every rule" in text
    assert run.explanation.levers
    assert client.post(f"/lever/{run.id}/0").status_code == 200
    session.wait()
    after = session.current()
    assert after is not None and after.id != run.id
    assert after.status == "plans"


def test_a_second_click_starts_no_second_solve(
    page: tuple[Session, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    session, client = page
    release = threading.Event()

    def slow(run: Any, opened: Any) -> None:
        release.wait(10)
        run.status, run.message = "out_of_time", "stopped by the test"

    monkeypatch.setattr(session, "_solve", slow)
    client.post("/solve")
    client.post("/solve")
    assert len(session.runs) == 1
    assert re.search(r'data-testid="solve"[^>]*disabled', client.get("/").text)
    running = client.get(f"/run/{session.runs[0].id}", headers={"HX-Request": "true"})
    assert 'data-status="running"' in running.text and "hx-trigger" in running.text
    release.set()
    session.wait()
    done = client.get(f"/run/{session.runs[0].id}", headers={"HX-Request": "true"})
    assert done.headers["HX-Retarget"] == "#main"  # the whole part again: solve enabled
    assert not re.search(r'data-testid="solve"[^>]*disabled', done.text)


def test_no_traceback_reaches_the_page(
    page: tuple[Session, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    session, client = page

    def broken() -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(session, "start_solve", broken)
    client = TestClient(client.app, base_url=HOME, raise_server_exceptions=False)
    response = client.post("/solve")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "secret internals" not in response.text
    bad = client.post("/settings", data={"target.min_nonlocal_ratio": "half"})
    assert "is not a number" in bad.text and "Traceback" not in bad.text


def test_bad_data_lists_every_problem_with_file_row_column(
    tmp_path: Path,
) -> None:
    from tests.conftest import TINY, write_dataset

    scenario = write_dataset(tmp_path, officials=TINY["officials"].replace("S2,,4", "S2,,x"))
    session = Session(scenario)
    try:
        client = TestClient(create_app(session, port=PORT), base_url=HOME)
        text = client.get("/").text
        assert 'data-testid="problems"' in text
        assert "officials.csv" in text and "years_in_post" in text and "<td>3</td>" in text
    finally:
        session.close()


def test_the_working_folder_is_removed_on_close(tiny: Path) -> None:
    session = Session(tiny)
    session.start_solve()
    session.wait()
    assert session.work.is_dir()
    session.close()
    assert not session.work.exists()


def test_sweep_shows_its_chart(page: tuple[Session, TestClient]) -> None:
    session, client = page
    client.post("/sweep", data={"targets": "0.3,0.5"})
    session.wait()
    run = session.current()
    assert run is not None and run.kind == "sweep" and run.status == "plans", run and run.message
    text = client.get("/").text
    assert 'data-testid="sweep-chart"' in text
    chart = client.get(f"/chart/{run.id}")
    assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"


def test_workbook_upload_goes_to_the_working_folder(page: tuple[Session, TestClient]) -> None:
    session, client = page
    response = client.post("/upload", files={"file": ("canbo.xlsx", b"PK\x03\x04 not really")})
    assert response.status_code == 200
    assert "Traceback" not in response.text
    uploads = list(session.work.glob("upload-*/data.xlsx"))
    assert len(uploads) == 1
    # the scenario written for it names the workbook as its data (contract section 2)
    assert 'data = "data.xlsx"' in (uploads[0].parent / "scenario.toml").read_text("utf-8")


def test_serve_refuses_a_bad_language(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run_cli

    code, _, err = run_cli(["serve", "--lang", "fr"], capsys, monkeypatch)
    assert code == 2
    assert "--lang" in err and "Traceback" not in err


def test_serve_binds_loopback_only_and_cleans_up(
    tiny: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    from tests.conftest import run_cli

    seen: dict[str, Any] = {}

    def fake_run(self: Any, sockets: list[Any]) -> None:
        seen["address"] = sockets[0].getsockname()
        app = self.config.app
        client = TestClient(app, base_url=f"http://127.0.0.1:{seen['address'][1]}")
        seen["page"] = client.get("/").text
        seen["work"] = list(Path(tempfile_dir()).glob("planner-serve-*"))

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    before = set(Path(tempfile_dir()).glob("planner-serve-*"))
    code, out, err = run_cli(
        ["serve", str(tiny), "--port", "0", "--lang", "en"], capsys, monkeypatch
    )
    assert code == 0, err
    assert seen["address"][0] == "127.0.0.1"
    assert f"http://127.0.0.1:{seen['address'][1]}/" in out
    assert "Tỉnh thử — đợt 1" in seen["page"]
    assert set(seen["work"]) - before  # a working folder while serving ...
    assert set(Path(tempfile_dir()).glob("planner-serve-*")) == before  # ... removed after


def tempfile_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


def test_the_page_offers_the_scenarios_shipped_in_the_package() -> None:
    # the same list as `planner scenarios`, read from the installed package, not a checkout
    from planner.commands.scenarios import bundled_names, bundled_root
    from planner.commands.serve import examples

    offered = examples()
    assert [p.parent.name for p in offered] == bundled_names()
    assert all(p.parent.parent == bundled_root() for p in offered)


# --------------------------------------------------------------------------------------------
# the roadmap (contract section 10) on the page

ROADMAP = Path(__file__).resolve().parents[1] / "scenarios" / "phuc-tho-roadmap" / "scenario.toml"


def _rows(text: str, testid: str) -> list[dict[str, str]]:
    """The data-* attributes of every element with ``data-testid=testid``."""
    tags = re.findall(rf'<[a-z]+ data-testid="{testid}"([^>]*)>', text)
    return [dict(re.findall(r'data-([a-z-]+)="([^"]*)"', tag)) for tag in tags]


def _csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_parse_dates_reads_day_month_year_and_iso() -> None:
    from datetime import date

    from planner.web.session import parse_dates

    dates, problems = parse_dates(" 15/11/2021, 1/6/2022;2023-03-01  01.09.2023 ")
    assert dates == [date(2021, 11, 15), date(2022, 6, 1), date(2023, 3, 1), date(2023, 9, 1)]
    assert problems == []
    dates, problems = parse_dates("31/02/2025, 2025-6-1, mai")
    assert dates == [] and len(problems) == 3


def test_roadmap_panel_shows_every_batch_chart_and_zip() -> None:
    import io
    import json
    import zipfile

    session = Session(ROADMAP)
    client = TestClient(create_app(session, port=PORT), base_url=HOME)
    inputs = [ROADMAP.parent, (ROADMAP.parent / "../phuc-tho-2023/data").resolve()]
    before = [_tree(folder) for folder in inputs]
    try:
        assert session.opened is not None and session.opened.roadmap is not None
        batches = session.opened.roadmap.batches
        groups = session.opened.groups
        page = client.get("/").text
        assert 'data-testid="roadmap-section"' in page
        shown = re.search(r'data-testid="roadmap-dates"[^>]*value="([^"]*)"', page)
        assert shown is not None  # the scenario's dates, as a cadre writes them
        assert shown.group(1) == ", ".join(d.strftime("%d/%m/%Y") for d in batches)

        response = client.post("/roadmap", data={"batches": shown.group(1), "ramp": "linear"})
        assert response.status_code == 200
        session.wait()
        run = session.current()
        assert run is not None and run.kind == "roadmap"
        assert run.status == "plans", (run.message, run.problems)
        text = client.get("/").text
        rows = _rows(text, "roadmap-row")
        assert len(rows) == len(batches) * len(groups)
        assert {int(r["batch"]) for r in rows} == set(range(1, len(batches) + 1))
        # the page shows roadmap.csv as written (the same library call as planner roadmap)
        written = _csv(run.folder / "roadmap.csv")
        keys = ("batch", "group_id", "seats", "nonlocal_before", "nonlocal_after", "required")
        assert [{k: r[k] for k in keys} for r in written] == [
            {
                "batch": r["batch"],
                "group_id": r["group"],
                "seats": r["seats"],
                "nonlocal_before": r["before"],
                "nonlocal_after": r["after"],
                "required": r["required"],
            }
            for r in rows
        ]
        assert all(int(r["after"]) >= int(r["required"]) for r in rows)
        info = json.loads((run.folder / "run.json").read_text(encoding="utf-8"))
        (cost,) = _rows(text, "roadmap-cost")
        assert int(cost["total"]) == info["total_cost"]
        assert cost["one-at-a-time"] == str(info["one_at_a_time_cost"] or "")
        (status,) = _rows(text, "roadmap-status")
        assert status["status"] == info["status"] == "OPTIMAL"

        assert f'src="/chart/{run.id}"' in text
        chart = client.get(f"/chart/{run.id}")
        assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
        assert chart.content.startswith(b"\x89PNG")
        archive = zipfile.ZipFile(io.BytesIO(client.get(f"/download/{run.id}/zip").content))
        names = set(archive.namelist())
        assert {"roadmap.csv", "roadmap.png", "run.json"} <= names
        for k in range(1, len(batches) + 1):
            assert f"batch-{k}/scenario.toml" in names and f"batch-{k}/plans.csv" in names
        for name in ("roadmap.csv", "roadmap.png", "run.json"):
            assert client.get(f"/download/{run.id}/{name}").status_code == 200, name
        assert [_tree(folder) for folder in inputs] == before  # the scenario is only read
    finally:
        session.wait()
        session.close()


def test_roadmap_typed_on_the_page_is_the_commands_roadmap_with_pins(
    page: tuple[Session, TestClient],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A scenario without [roadmap]: the dates typed on the page, a changed target and a pin
    give the folder ``planner roadmap --set ... --pins ...`` writes (pins on batch 1 only)."""
    from tests.conftest import run_cli

    session, client = page
    assert session.opened is not None and session.opened.roadmap is None
    assert 'data-testid="roadmap"' in client.get("/").text  # offered, with an empty field
    client.post("/settings", data={"target.min_nonlocal_ratio": "0.6"})
    client.post("/pin", data={"seat": "S3", "official": "O8", "action": "forbid"})
    client.post("/roadmap", data={"batches": "01/09/2024  2025-06-01", "ramp": "none"})
    session.wait()
    run = session.current()
    assert run is not None and run.status == "plans", (run.message, run.problems)
    assert session.roadmap_field() == "01/09/2024, 01/06/2025"
    pins = tmp_path / "pins.csv"
    pins.write_text("seat_id,official_id,action\nS3,O8,forbid\n", encoding="utf-8")
    out = tmp_path / "cli"
    args = ["roadmap", str(session.opened.path), "--out", str(out), "--quiet", "--pins", str(pins)]
    args += [
        "--set",
        'roadmap.batches=["2024-09-01", "2025-06-01"]',
        "--set",
        'roadmap.ramp="none"',
    ]
    args += ["--set", "target.min_nonlocal_ratio=0.6"]
    code, _, err = run_cli(args, capsys, monkeypatch)
    assert code == 0, err
    assert _csv(run.folder / "roadmap.csv") == _csv(out / "roadmap.csv")
    for k in (1, 2):
        assert _csv(run.folder / f"batch-{k}/plans.csv") == _csv(out / f"batch-{k}/plans.csv")
    assert (run.folder / "batch-1" / "pins.csv").is_file()
    assert not (run.folder / "batch-2" / "pins.csv").exists()
    first = _csv(run.folder / "batch-1/plans.csv")
    assert not any(r["seat_id"] == "S3" and r["official_id"] == "O8" for r in first)


def test_roadmap_dates_that_cannot_be_used_are_shown_and_nothing_runs(
    page: tuple[Session, TestClient],
) -> None:
    session, client = page
    for typed in ("", "31/02/2025", "01/06/2025, 01/12/2024", "01/01/2020"):
        client.post("/roadmap", data={"batches": typed, "ramp": "linear"})
        text = client.get("/").text
        assert 'data-testid="roadmap-problems"' in text, typed
        shown = re.search(r'data-testid="roadmap-dates"[^>]*value="([^"]*)"', text)
        assert shown is not None and shown.group(1) == typed  # kept as typed, to correct
    assert not session.runs


def test_no_roadmap_shows_shortfalls_and_a_lever_applies(
    page: tuple[Session, TestClient],
) -> None:
    """Tiny at 100%: Thanh Trì (D2) cannot have 3 of 3 non-local by 01/06/2025; a final batch a
    year later gives a roadmap."""
    import json

    session, client = page
    client.post("/settings", data={"target.min_nonlocal_ratio": "1"})
    client.post("/roadmap", data={"batches": "01/09/2024, 01/06/2025", "ramp": "linear"})
    session.wait()
    run = session.current()
    assert run is not None and run.kind == "roadmap" and run.status == "no_plan", run.message
    text = client.get("/").text
    assert 'data-testid="no-roadmap"' in text
    data = json.loads((run.folder / "infeasibility.json").read_text(encoding="utf-8"))
    short = _rows(text, "shortfall")
    assert short and [(r["batch"], r["group"], r["required"], r["reachable"]) for r in short] == [
        (str(g["batch"]), g["group_id"], str(g["required"]), str(g["max_reachable"]))
        for g in data["groups"]
    ]
    assert all(int(r["reachable"]) < int(r["required"]) for r in short)
    levers = _rows(text, "roadmap-lever")
    assert len(levers) == len(data["levers"])
    works = next(i for i, lever in enumerate(data["levers"]) if lever["feasible"])
    assert f'data-testid="roadmap-lever-{works}"' in text
    assert client.get(f"/download/{run.id}/infeasibility.json").status_code == 200
    client.post(f"/roadmap/lever/{run.id}/{works}")
    session.wait()
    after = session.current()
    assert after is not None and after.id != run.id and after.kind == "roadmap"
    assert after.status == "plans", after.message
    assert session.roadmap_batches() == tuple(
        __import__("datetime").date.fromisoformat(d) for d in data["levers"][works]["batches"]
    )
    assert client.post(f"/roadmap/lever/{run.id}/99").status_code == 200
    assert session.current() is after  # no such lever: nothing runs


def test_a_second_click_starts_no_second_roadmap(
    page: tuple[Session, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    session, client = page
    release = threading.Event()

    def slow(run: Any, opened: Any) -> None:
        release.wait(10)
        run.status, run.message = "out_of_time", "stopped by the test"

    monkeypatch.setattr(session, "_roadmap", slow)
    client.post("/roadmap", data={"batches": "01/09/2024, 01/06/2025"})
    client.post("/roadmap", data={"batches": "01/09/2024, 01/06/2025"})
    client.post("/solve")
    assert len(session.runs) == 1 and session.runs[0].kind == "roadmap"
    text = client.get("/").text
    assert re.search(r'data-testid="roadmap"[^>]*disabled', text)
    running = client.get(f"/run/{session.runs[0].id}", headers={"HX-Request": "true"})
    assert 'data-status="running"' in running.text and "hx-trigger" in running.text
    assert client.get("/").status_code == 200  # the page answers while it runs
    release.set()
    session.wait()
    done = client.get(f"/run/{session.runs[0].id}", headers={"HX-Request": "true"})
    assert not re.search(r'data-testid="roadmap"[^>]*disabled', done.text)


def test_the_chart_route_takes_no_path(page: tuple[Session, TestClient]) -> None:
    session, client = page
    client.post("/solve")
    session.wait()
    run = session.current()
    assert run is not None and run.kind == "solve"
    assert client.get(f"/chart/{run.id}").status_code == 404  # a solve has no chart
    assert client.get("/chart/..%2F..%2Froadmap.png").status_code == 404


def test_a_re_solve_shows_plan_1_while_the_alternatives_are_ranked(
    page: tuple[Session, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a pin, plan 1 (close to the previous one) is on the page before plans 2..K are
    ranked; the same solve with every plan then replaces it."""
    import planner.solve.run as run_module

    session, client = page
    client.post("/solve")
    session.wait()
    first = session.current()
    assert first is not None and first.status == "plans"
    seen: list[tuple[int | None, str, list[int]]] = []
    solve = run_module.solve_problem

    def watched(*args: object, **kwargs: object) -> object:
        run = session.current()
        assert run is not None
        shown = run.folder_read.plan_numbers() if run.folder_read is not None else []
        seen.append((kwargs.get("count"), run.status, shown))  # type: ignore[arg-type]
        return solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(run_module, "solve_problem", watched)
    move = next(r for r in first.folder_read.plans if r["changed"] == "1")  # type: ignore[union-attr]
    client.post(
        "/pin", data={"seat": move["seat_id"], "official": move["official_id"], "action": "forbid"}
    )
    client.post("/solve")
    session.wait()
    second = session.current()
    assert second is not None and second.status == "plans"
    # plan 1 alone first, nothing shown yet; then every plan, with plan 1 on the page meanwhile
    assert seen == [(1, "running", []), (None, "ranking", [1])]
    assert len(second.folder_read.plan_numbers()) == len(first.folder_read.plan_numbers())  # type: ignore[union-attr]
    assert second.kept_close_to == first.id
