"""`bcd138 hotspots simulate | evaluate`, and every kind of bad input ending in
a one-line error, never a traceback."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image

from bcd138.cli import main

SIMULATE = ["--days", "150", "--rate", "6", "--size-km", "3", "--hotspots", "4"]


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("hotspots", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sim") / "events.csv"
    _run("simulate", str(path), "--seed", "3", *SIMULATE)
    return path


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    return path


TEST = ["--test", "2024-01-15:2024-01-20"]
GOOD = (
    "lat,lon,occurred_at,category\n"
    "16.06,108.21,2024-01-01T08:00,theft\n"
    "16.07,108.22,2024-01-02 09:30,theft\n"
    "16.061,108.211,2024-01-20,robbery\n"
)


def test_simulate_writes_the_events_and_the_model(
    simulated: Path, tmp_path: Path
) -> None:
    header = simulated.read_text().splitlines()[0]
    assert header == "lat,lon,occurred_at,category"
    truth = json.loads(simulated.with_suffix(".truth.json").read_text())
    assert truth["zone"] == 49
    assert truth["days"] == 150
    again = tmp_path / "again.csv"
    output = _run("simulate", str(again), "--seed", "3", *SIMULATE)
    assert again.read_bytes() == simulated.read_bytes()  # seeded
    assert "near repeats" in output


def test_evaluate_prints_the_table_and_writes_json_and_plot(
    simulated: Path, tmp_path: Path
) -> None:
    out_json, out_png = tmp_path / "result.json", tmp_path / "result.png"
    output = _run(
        "evaluate",
        str(simulated),
        "--cell",
        "200",
        "--test",
        "2024-05-01:2024-05-29",
        "--horizon",
        "7d",
        "--coverages",
        "2,10",
        "--truth",
        str(simulated.with_suffix(".truth.json")),
        "--json",
        str(out_json),
        "--plot",
        str(out_png),
    )
    assert "UTM 49N" in output
    assert "4 periods of 7 days" in output
    for name in ("naive", "kde", "promap", "stkde", "sepp", "auto"):
        assert f"\n{name} " in output
    assert "fraction of the true-intensity oracle" in output
    assert "auto vs " in output
    data = json.loads(out_json.read_text())
    assert data["data"]["periods"] == 4
    auto = data["methods"]["auto"]
    assert [c["coverage"] for c in auto["coverages"]] == [0.02, 0.1]
    assert len(auto["coverages"][0]["per_period_hits"]) == 4
    assert 0 < auto["coverages"][1]["truth_fraction"] <= 1.0 + 1e-9
    assert "weight" in auto["parameters"]
    assert data["paired"]["a"] == "auto"
    with Image.open(out_png) as image:
        assert image.size == (900, 560)


def test_evaluate_filters_types_and_renames_columns(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "y,x,when,kind\n"
        + "".join(f"16.06,108.21,2024-01-{d:02d}T10:00,theft\n" for d in range(1, 29))
        + "16.06,108.21,2024-01-05,robbery\n",
    )
    output = _run(
        "evaluate",
        str(path),
        "--lat-column",
        "y",
        "--lon-column",
        "x",
        "--time-column",
        "when",
        "--type-column",
        "kind",
        "--types",
        "theft",
        "--test",
        "2024-01-20:2024-01-28",
        "--methods",
        "naive,auto",
    )
    assert "28 rows" not in output  # 29 rows were read, 28 kept
    assert "29 rows" in output
    assert "9 periods of 1 day, 9 events" in output


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("latitude,lon,occurred_at\n1,2,2024-01-01\n", [], "no column 'lat'"),
        (GOOD + "16.0,108.2,2024-13-45,theft\n", [], "row 5: occurred_at '2024-13-45'"),
        (GOOD + "116.0,108.2,2024-01-03,theft\n", [], "row 5: lat 116.0 is outside"),
        (GOOD + "16.0,,2024-01-03,theft\n", [], "row 5: lon '' is not a number"),
        ("lat,lon,occurred_at\n", [], "no rows"),
        ("", [], "empty"),
        (GOOD, ["--types", "arson"], "no rows left"),
        (GOOD, [], "give --test"),
        (GOOD, ["--test", "2024-03-01:2024-03-10"], "test period has no events"),
        (GOOD, ["--study-area-from", "2023-01-01:2023-01-31", *TEST], "no cells"),
        (GOOD, ["--cell", "0.001", *TEST], "--cell"),
        (GOOD, ["--horizon", "tomorrow", *TEST], "--horizon"),
        (GOOD, ["--coverages", "0,5", *TEST], "--coverages"),
        (GOOD, ["--methods", "crystal-ball", *TEST], "--methods"),
        (GOOD, ["--test", "2024-01-10"], "--test"),
        (
            GOOD,
            ["--train-from", "2024-02-01", "--test", "2024-01-10:2024-01-20"],
            "--train-from",
        ),
        (GOOD, ["--projection", "mercator", *TEST], "--projection"),
        (GOOD, ["--date-format", "%d/%m/%Y", *TEST], "row 2"),
    ],
)
def test_bad_input_is_a_one_line_error(
    tmp_path: Path, text: str, args: list[str], message: str
) -> None:
    path = _csv(tmp_path, text)
    with pytest.raises(CommandError) as info:
        _run("evaluate", str(path), *args)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_rows_can_be_skipped_on_request(tmp_path: Path) -> None:
    path = _csv(tmp_path, GOOD + ",,2024-01-03,theft\n")
    output = _run(
        "evaluate",
        str(path),
        "--skip-missing",
        "--cell",
        "1000",
        "--test",
        "2024-01-20:2024-01-20",
        "--methods",
        "naive",
    )
    assert "(1 skipped" in output


def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="cannot read"):
        _run("evaluate", str(tmp_path / "nowhere.csv"))


def test_the_cli_exits_non_zero_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _csv(tmp_path, "lat,lon,occurred_at\n16,108,yesterday\n")
    with pytest.raises(SystemExit) as info:
        main(["bcd138", "hotspots", "evaluate", str(path)])
    assert info.value.code != 0
    stderr = capsys.readouterr().err
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines() == [
        "CommandError: row 2: occurred_at 'yesterday' is not a date (ISO 8601, "
        "e.g. 2024-03-15 or 2024-03-15T08:30; see --date-format)"
    ]


def test_a_polygon_study_area_clips_the_grid(tmp_path: Path) -> None:
    square = [
        [108.205, 16.055],
        [108.215, 16.055],
        [108.215, 16.065],
        [108.205, 16.065],
    ]
    area = tmp_path / "area.geojson"
    area.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Polygon", "coordinates": [square]},
                    }
                ],
            }
        )
    )
    path = _csv(tmp_path, GOOD)
    output = _run(
        "evaluate",
        str(path),
        "--study-area",
        str(area),
        "--cell",
        "100",
        "--test",
        "2024-01-20:2024-01-20",
        "--methods",
        "naive",
    )
    # About 1.07 km × 1.11 km: some 120 cells of 100 m, whatever the events.
    cells = re.search(r"m cells, (\d+) in the study area", output)
    assert cells is not None
    assert 100 <= int(cells[1]) <= 140
    empty = tmp_path / "empty.geojson"
    empty.write_text('{"type": "Point", "coordinates": [108.2, 16.0]}')
    with pytest.raises(CommandError, match="no Polygon"):
        _run("evaluate", str(path), "--study-area", str(empty), *TEST)


def test_truth_from_another_zone_names_the_projection(simulated: Path) -> None:
    with pytest.raises(CommandError, match="--projection utm49n"):
        _run(
            "evaluate",
            str(simulated),
            "--projection",
            "utm48n",
            "--truth",
            str(simulated.with_suffix(".truth.json")),
        )
