"""The benchmark scripts run end to end on a tiny workload and print their figures as the
last line (one JSON object). Only that they work and report is checked here - the speed
targets are read from full runs of the scripts, never asserted in tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.timeout(240)


def _run(script: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=200)
    assert done.returncode == 0, done.stderr[-2000:]
    last = done.stdout.strip().splitlines()[-1]
    figures = json.loads(last)
    assert isinstance(figures, dict)
    return figures


def test_report_turns_prints_latency_throughput_and_the_echo_ratio() -> None:
    figures = _run("report_turns.py", "--rate", "10", "--duration", "1", "--clients", "2",
                   "--closed-duration", "1", "--managers", "4", "--goals", "3")
    assert {"rate", "p50_ms", "p95_ms", "p99_ms", "max_steps_per_s", "echo_turns_per_s",
            "ratio_to_echo", "errors"} <= set(figures)
    assert figures["errors"] == 0
    assert 0 < figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    assert figures["max_steps_per_s"] > 0 and figures["echo_turns_per_s"] > 0
    # The servers' own CPU per answered turn, from /proc: a step costs more than an echo.
    assert figures["bot_cpu_ms_per_step"] > figures["echo_cpu_ms_per_turn"] > 0
    # ... and during the open loop, for the bot and the load generator, with the steal
    # the machine suffered meanwhile (a share: 0 on a machine of its own)
    assert figures["open_bot_cpu_ms_per_step"] > 0
    assert figures["open_client_cpu_ms_per_step"] > 0
    assert 0 <= figures["steal_pct"] <= 100
    assert figures["database"] == "sqlite" and figures["tls"] is False
    # Replies share the pool; the stock echo opens a connection per reply.
    assert 1 <= figures["connections_opened"] <= 2 < figures["echo_connections_opened"]


@pytest.mark.skipif(not os.environ.get("TEST_POSTGRES_URL"), reason="TEST_POSTGRES_URL not set")
def test_report_turns_in_production_shape() -> None:
    """PostgreSQL, HTTPS to the fake connector, JWT validation on, pooled connections."""
    figures = _run("report_turns.py", "--production", "--rate", "10", "--duration", "1",
                   "--clients", "2", "--closed-duration", "1", "--managers", "4",
                   "--goals", "3")
    assert figures["errors"] == 0
    assert (figures["database"], figures["tls"], figures["jwt"]) == ("postgresql", True, True)
    assert figures["driver"] == "asyncpg"  # storage.db: the server's PostgreSQL driver
    assert 1 <= figures["connections_opened"] <= 2 < figures["echo_connections_opened"]


def test_fanout_delivers_everything_once() -> None:
    figures = _run("fanout.py", "--n", "30", "--rate", "40", "--new-chats", "3",
                   "--slow-rate", "0")
    assert figures["duplicates"] == 0 and figures["lost"] == 0
    assert figures["messages_per_s"] > 0


def test_rollup_and_import_benchmarks_report_their_timings() -> None:
    rollup = _run("rollup.py", "--units", "20", "--goals", "2", "--months", "3",
                  "--repeat", "2")
    assert rollup and all(not isinstance(v, str) or v for v in rollup.values())
    # With employees it times the dialog's use case: the card ends with their aggregates.
    with_people = _run("rollup.py", "--units", "20", "--goals", "2", "--months", "3",
                       "--repeat", "2", "--employees", "60")
    assert with_people["checkins"] > 0 and with_people["root_p95_ms"] > 0
    imported = _run("import_goals.py", "--rows", "200", "--units", "10")
    assert imported["rows"] == 200 and imported["seconds"] > 0


def test_admin_startup_prints_times_and_heavy_imports() -> None:
    figures = _run("admin_startup.py", "--runs", "1")
    assert {"--help", "import --help", "calendar 2027"} <= set(figures)
    assert figures["--help"]["median_ms"] > 0
    assert figures["--help"]["heavy"] == []


def test_document_bench_prints_pages_time_memory_and_size() -> None:
    figures = _run("document.py", "--units", "12", "--small", "0")
    assert {"units", "pages", "seconds", "peak_rss_mb", "bytes", "cpu_seconds"} <= set(figures)
    assert figures["units"] == 12 and figures["pages"] > 3 and figures["bytes"] > 10_000


def test_economy_prints_rows_import_time_and_rollup_latency() -> None:
    figures = _run("economy.py", "--units", "12", "--forvaltningar", "3", "--months", "3",
                   "--accounts", "4", "--rollups", "3")
    assert figures["rows"] == 12 * 3 * 4
    assert figures["unit_months"] == 12 * 3
    assert figures["import_s"] > 0 and figures["rollup_p95_ms"] > 0


def test_delegation_search_prints_its_quality_and_speed() -> None:
    figures = _run("delegation_search.py", "--rounds", "1")
    assert figures["points"] >= 150 and figures["questions"] >= 40
    assert 0 < figures["top1_share"] <= figures["top3_share"] <= 1
    assert figures["ms_per_question"] > 0
