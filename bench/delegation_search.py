"""Benchmark: "får jag besluta om …?" on the demo kommun's delegationsordningar.

    python bench/delegation_search.py [--database-url postgresql://…] [--rounds 3]

Seeds the demo kommun into a temporary SQLite database (or the given, empty PostgreSQL
database), then asks the fixed question set (testing/delegation_questions.py) ``--rounds``
times through the service: full-text candidates, then ranking. Prints progress; the last
line is one JSON object: ``{"backend", "points", "questions", "top3_share",
"top1_share", "ms_per_question"}``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from demo.seed import seed_if_empty  # noqa: E402
from services.mandate import ranked_points  # noqa: E402
from storage import delegation as store  # noqa: E402
from storage.db import make_async_engine, make_sessionmaker  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from testing.delegation_questions import QUESTIONS  # noqa: E402

NOW = datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


async def measure(url: str, rounds: int) -> dict[str, object]:
    engine = make_async_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            versions = store.versions_on(await store.load_versions(session), date(2026, 11, 4))
            points = {p.id: p for p in await store.load_points(session, versions)}
            top1 = top3 = 0
            started = time.perf_counter()
            for _ in range(rounds):
                top1 = top3 = 0
                for question, committee, number in QUESTIONS:
                    ids = await ranked_points(session, versions, question, 3)
                    found = [(points[i].committee, points[i].number) for i in ids]
                    top3 += (committee, number) in found
                    top1 += bool(found) and found[0] == (committee, number)
            elapsed = time.perf_counter() - started
    finally:
        await engine.dispose()
    asked = rounds * len(QUESTIONS)
    return {"backend": url.split(":")[0], "points": len(points), "questions": len(QUESTIONS),
            "top3_share": round(top3 / len(QUESTIONS), 3),
            "top1_share": round(top1 / len(QUESTIONS), 3),
            "ms_per_question": round(1000 * elapsed / asked, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None,
                        help="an empty PostgreSQL database (default: a temporary SQLite file)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"seeding the demo kommun into {url.split(':')[0]} …", flush=True)
        upgrade(url)
        seed_if_empty(url, now=NOW)
        print(f"asking {len(QUESTIONS)} questions × {args.rounds} …", flush=True)
        figures = asyncio.run(measure(url, max(1, args.rounds)))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
