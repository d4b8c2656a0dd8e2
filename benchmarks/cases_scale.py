"""Scale benchmark of the criminal cases: a unit's overdue list and the case page
with 1,000,000 cases in PostgreSQL, from a warm server.

What it does, in order:

1. A fresh PostgreSQL database (default `bcd138_bench_cases` on 127.0.0.1:5432,
   user postgres, trust authentication; dropped at the end unless `--keep`), the
   migrations, the administrative units.
2. Through the services: Đà Nẵng's city police and its 94 commune police units
   (95 investigating bodies), one procuracy, one court, and an officer of each
   of the `--units-measured` busiest units, a procuracy liaison and a standing
   office, with passwords made for the run.
3. Fast, in SQL (`INSERT … SELECT generate_series`, not the services, which take
   ~20 ms a step): `--cases` cases with their events, charges and accused. The
   rows are realistic: spread evenly over the 95 units, in every stage (mostly
   closed, as a four-year history is), ~6 events a case, each unit with some
   hundreds of cases past their limit, places entered as legacy communes for
   offences before 1 July 2025, one constant valid encrypted identity for every
   accused. Foreign keys are not checked during the load (the rows are made
   consistent); the secondary indexes are dropped for it and rebuilt from their
   own definitions afterwards, then VACUUM ANALYZE.
4. `bcd138 serve` (gunicorn, production settings) warmed up, then, one request
   at a time (closed loop: the latency of one page, not a throughput test),
   `--requests` each of: a unit's overdue list `/cases/?due=overdue&agency=<id>`
   as that unit's officer, the same list as the standing office, and a case page
   `/cases/<id>/` as the officer of its unit; p50/p95/p99. Target: p95 < 200 ms.
5. In this process (Django test client on the same database), the SQL each page
   runs, timed; the two slowest statements get `EXPLAIN (ANALYZE, BUFFERS)`.
   The services alone (`unit_overdue`, `cases_list(...)[:50]`, the case page's
   reads) are timed too, to separate the database from the rest.

    uv run --group bench python benchmarks/cases_scale.py --help
    uv run --group bench python benchmarks/cases_scale.py --json out.json

Prints a summary table; docs/performance.md ("Criminal cases at scale") has the
figures and the plans.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
P95_TARGET_MS = 200.0
PROVINCE_CODE = "48"  # Thành phố Đà Nẵng

# ---- the shape of the data -----------------------------------------------------

# Where each case is today: (template, share ‰). The templates' events are below;
# "over" ones are past their limit with no step since (the clock is checked only
# when a step is recorded), "ext" extended once, "ret" back from the procuracy.
TEMPLATES = [
    ("inv", 150),  # investigating, within the limit
    ("inv_ext", 40),  # investigating, extended
    ("inv_over", 22),  # investigating, past the limit: ~230 a unit at 1M
    ("susp", 120),  # investigation suspended, nobody identified
    ("term", 90),  # terminated during the investigation
    ("proc", 35),  # at the procuracy
    ("proc_over", 5),
    ("ret", 18),  # returned for supplementary investigation
    ("court", 35),  # trial preparation
    ("court_over", 5),
    ("trial", 10),  # brought to trial, judgment awaited
    ("judged", 420),
    ("appealed", 50),
]
# Event slots (the id of an event is case * 20 + slot; the order within a case).
SLOTS = [
    (0, "instituted"),
    (1, "accused_charged"),  # first accused
    (2, "accused_charged"),  # second accused
    (3, "investigation_extended"),
    (4, "investigation_suspended"),
    (5, "terminated"),
    (6, "investigation_concluded"),
    (7, "file_sent_to_procuracy"),
    (8, "file_received_by_procuracy"),
    (9, "return_sent"),
    (10, "returned_for_supplementary_investigation"),
    (11, "indicted"),
    (12, "file_sent_to_court"),
    (13, "file_received_by_court"),
    (14, "brought_to_trial"),
    (15, "judgment"),
    (16, "appealed"),
]
CHARGED = [0, 1, 2]
TO_PROCURACY = [*CHARGED, 6, 7, 8]
TO_COURT = [*TO_PROCURACY, 11, 12, 13]
TEMPLATE_SLOTS = {
    "inv": CHARGED,
    "inv_ext": [*CHARGED, 3],
    "inv_over": CHARGED,
    "susp": [0, 4],
    "term": [*CHARGED, 5],
    "proc": TO_PROCURACY,
    "proc_over": TO_PROCURACY,
    "ret": [*TO_PROCURACY, 9, 10],
    "court": TO_COURT,
    "court_over": TO_COURT,
    "trial": [*TO_COURT, 14],
    "judged": [*TO_COURT, 14, 15],
    "appealed": [*TO_COURT, 14, 15, 16],
}
PROCURACY_SLOTS = {3, 8, 9, 11, 12}
COURT_SLOTS = {13, 14, 15, 16}
NEEDS_REFERENCE = {0, 1, 2, 3, 4, 5, 6, 9, 11, 14, 15}
# Categories, and the days of their limits (approximately: 30-day months).
CATEGORIES = [
    # (category, share %, investigation, extension, prosecution, trial prep.)
    ("less_serious", 30, 60, 60, 20, 30),
    ("serious", 36, 90, 90, 20, 45),
    ("very_serious", 22, 120, 120, 30, 60),
    ("particularly_serious", 12, 120, 120, 30, 90),
]


# ---- PostgreSQL and the server -------------------------------------------------


def log(message: str) -> None:
    print(
        f"[{datetime.datetime.now().astimezone():%H:%M:%S}] {message}",
        file=sys.stderr,
        flush=True,
    )


def run_pg(tool: str, pg: str, *args: str) -> None:
    """createdb or dropdb against `user@host:port`."""
    user, _, address = pg.rpartition("@")
    host, _, port = address.partition(":")
    command = [tool, "-h", host, "-p", port or "5432", "-U", user or "postgres"]
    subprocess.run([*command, *args], check=True)  # noqa: S603  (fixed tools)


def bcd138(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(  # noqa: S603  (our own command, fixed arguments)
        [sys.executable, "-m", "bcd138", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=900,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"bcd138 {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Run:
    """The database, the data directory and the server of one run."""

    pg: str
    database: str
    keep: bool
    data_dir: Path | None = None  # made by create(), or given to reuse()
    env: dict[str, str] = field(default_factory=dict)
    server: subprocess.Popen[bytes] | None = None
    url: str = ""

    @property
    def database_url(self) -> str:
        return f"postgres://{self.pg}/{self.database}"

    @property
    def directory(self) -> Path:
        if self.data_dir is None:
            raise RuntimeError("no data directory yet")
        return self.data_dir

    def create(self) -> None:
        run_pg("dropdb", self.pg, "--if-exists", self.database)
        run_pg("createdb", self.pg, self.database)
        self.data_dir = Path(tempfile.mkdtemp(prefix="bcd138-cases-"))
        env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
        env.update(
            BCD138_DATA_DIR=str(self.data_dir),
            DATABASE_URL=self.database_url,
            BCD138_LOG_LEVEL="WARNING",
            SECRET_KEY=secrets.token_urlsafe(50),
        )
        env["BCD138_IDENTITY_KEYS"] = bcd138(["identity_keys", "generate"], env).strip()
        self.env = env
        os.environ.update(env)  # this process's Django uses the same settings

    def serve(self, workers: int) -> None:
        port = free_port()
        log_file = (self.directory / "serve.log").open("wb")
        command = ["serve", "--port", str(port), "--workers", str(workers)]
        self.server = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "bcd138", *command],
            env=self.env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise SystemExit(f"bcd138 serve exited; see {self.directory}/serve.log")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/accounts/login/", timeout=5).is_success:
                    log(f"bcd138 serve on {self.url}, pid {self.server.pid}")
                    return
            time.sleep(0.5)
        raise SystemExit(f"{self.url} did not answer within 180 s")

    def save(self, world: World, meta: dict[str, Any]) -> None:
        """What --reuse needs to measure again without loading again."""
        saved = {"env": self.env, "world": asdict(world), "meta": meta}
        (self.directory / "bench-run.json").write_text(json.dumps(saved, default=str))

    def reuse(self, data_dir: Path) -> tuple[World, dict[str, Any]]:
        saved = json.loads((data_dir / "bench-run.json").read_text())
        self.data_dir, self.env = data_dir, saved["env"]
        self.database = self.env["DATABASE_URL"].rsplit("/", 1)[1]
        os.environ.update(self.env)
        world = World(**saved["world"])
        world.officers = {int(k): v for k, v in world.officers.items()}
        return world, saved["meta"]

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
        if self.keep:
            log(f"kept: DATABASE_URL={self.database_url} data {self.data_dir}")
            return
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        run_pg("dropdb", self.pg, "--if-exists", self.database)
        if self.data_dir is not None:
            shutil.rmtree(self.data_dir, ignore_errors=True)


# ---- the world, through the services ---------------------------------------------


@dataclass
class World:
    province: int
    police: list[int]  # the 95 investigating bodies, city police first
    procuracy: int
    court: int
    officers: dict[int, str] = field(default_factory=dict)  # unit → username
    password: str = field(default_factory=lambda: "B-" + secrets.token_urlsafe(12))
    standing_office: str = "bench.thuongtruc"
    prosecutor: str = "bench.vks"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bcd138.settings")
    import django

    django.setup()


def build_world(units_measured: int) -> World:
    """Agencies and accounts through the services, as an administrator would."""
    from bcd138.agencies import services as agencies
    from bcd138.agencies.models import AgencyKind, Role
    from bcd138.core.access import SYSTEM
    from bcd138.places.models import Place

    province = Place.objects.current().provinces().get(code=PROVINCE_CODE)

    def agency(name: str, kind: str, place: Place, **extra: Any) -> Any:
        return agencies.agency_create(
            by=SYSTEM, name=name, kind=kind, place=place, **extra
        )

    def account(username: str, role: str, body: Any, where: Place) -> str:
        user = agencies.user_create(
            by=SYSTEM, username=username, password=world.password
        )
        agencies.role_grant(
            by=SYSTEM, user=user, role=role, agency=body, jurisdiction=where
        )
        return username

    city = agency("Công an thành phố Đà Nẵng", AgencyKind.PROVINCIAL_POLICE, province)
    procuracy = agency("VKSND thành phố Đà Nẵng", AgencyKind.PROCURACY, province)
    court = agency("TAND thành phố Đà Nẵng", AgencyKind.COURT, province)
    communes = Place.objects.current().communes().filter(parent=province)
    units = [
        agency(f"Công an {c.kind.lower()} {c.short_name}", AgencyKind.COMMUNE_POLICE, c)
        for c in communes.order_by("code")
    ]
    world = World(
        province.pk, [city.pk, *[u.pk for u in units]], procuracy.pk, court.pk
    )
    account(world.standing_office, Role.STANDING_OFFICE, city, province)
    account(world.prosecutor, Role.PROCURACY_LIAISON, procuracy, province)
    for unit in units[:units_measured]:
        world.officers[unit.pk] = account(
            f"bench.ca{unit.pk}", Role.COMMUNE_POLICE, unit, unit.place
        )
    return world


def identity_token() -> tuple[str, str]:
    """One valid encrypted identity for every accused (decrypts like a real one)."""
    from bcd138.core import crypto

    token = crypto.encrypt_json(
        {
            "full_name": "Nguyễn Văn Mẫu",
            "birth_date": "1990-05-17",
            "gender": "male",
            "id_number": "048090000138",
            "address": "Tổ 5, phường Hải Châu",
        }
    )
    return token, crypto.primary_key_id()


# ---- the bulk load, in SQL --------------------------------------------------------


def charge_pool() -> list[tuple[str, str, int, str, str, bool]]:
    """(category, article, clause, title, chapter, social order) of every clause
    of the common crimes in the Penal Code in force."""
    from bcd138.law import penal_code

    code = penal_code.catalogue(datetime.date(2026, 1, 1))
    articles = [code.article(a) for a in ("134", "168", "171", "173", "174", "178")]
    articles += [code.article(a) for a in ("249", "250", "251", "318", "321", "322")]
    return [
        (
            str(clause.category),
            article.number,
            clause.khoan,
            article.title,
            article.chapter,
            code.is_social_order(article.number),
        )
        for article in articles
        for clause in article.clauses
    ]


def staging_sql(
    conn: psycopg.Connection[Any], world: World, n: int, today: datetime.date
) -> None:
    """Small lookup tables, then one row per case with its dates and template."""
    conn.execute("CREATE TEMP TABLE bench_template (name text, lo float, hi float)")
    low = 0
    for name, share in TEMPLATES:
        conn.execute(
            "INSERT INTO bench_template VALUES (%s, %s, %s)",
            [name, low / 1000, (low + share) / 1000],
        )
        low += share
    conn.execute(
        "CREATE TEMP TABLE bench_category (name text, lo float, hi float, inv int,"
        " ext int, pros int, court int)"
    )
    low = 0
    for name, share, inv, ext, pros, court in CATEGORIES:
        conn.execute(
            "INSERT INTO bench_category VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [name, low / 100, (low + share) / 100, inv, ext, pros, court],
        )
        low += share
    conn.execute(
        "CREATE TEMP TABLE bench_pool (category text, k int, article text,"
        " clause int, title text, chapter text, social_order bool)"
    )
    counters: dict[str, int] = defaultdict(int)
    for category, article, clause, title, chapter, social in charge_pool():
        conn.execute(
            "INSERT INTO bench_pool VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [category, counters[category], article, clause, title, chapter, social],
        )
        counters[category] += 1
    conn.execute(
        "CREATE TEMP TABLE bench_unit AS SELECT (row_number() OVER (ORDER BY a.id))"
        " - 1 AS k, a.id AS agency_id, CASE WHEN p.level = 'commune' THEN p.id END"
        " AS commune_id FROM agencies_agency a JOIN places_place p ON p.id ="
        " a.place_id WHERE a.id = ANY(%s)",
        [world.police],
    )
    # Legacy communes by today's commune, for offences before 1 July 2025.
    conn.execute(
        "CREATE TEMP TABLE bench_legacy AS SELECT current_commune_id AS commune_id,"
        " array_agg(id ORDER BY id) AS ids, count(*) AS n FROM places_place"
        " WHERE era = 'legacy' AND level = 'commune' AND current_province_id = %s"
        " GROUP BY current_commune_id",
        [world.province],
    )
    conn.execute(
        "CREATE TEMP TABLE bench_pool_n AS SELECT category, count(*) AS n"
        " FROM bench_pool GROUP BY category"
    )
    conn.execute("SELECT setseed(0.138)")
    conn.execute(
        STAGING,
        {"n": n, "units": len(world.police), "p": world.province, "today": today},
    )
    conn.execute("CREATE INDEX ON bench_case (i)")
    conn.execute("ANALYZE bench_case")


# The per-case draws (u*) and the dates of every slot; the institution date is
# chosen so that today falls where the template says (within or past a limit).
STAGING = """
CREATE TEMP TABLE bench_case AS
WITH draws AS (
  SELECT i, random() AS ut, random() AS uc, random() AS un, random() AS ua,
         random() AS u1, random() AS u2, random() AS u3, random() AS u4
  FROM generate_series(1, %(n)s) AS i
), communes AS (
  SELECT array_agg(id ORDER BY id) AS ids, count(*) AS n FROM places_place
  WHERE era = '2025' AND level = 'commune' AND parent_id = %(p)s
), picked AS (
  SELECT d.*, t.name AS template, c.name AS category, c.inv, c.ext, c.pros,
         c.court AS court_days, u.agency_id AS body,
         coalesce(u.commune_id, cm.ids[1 + (d.i / %(units)s) %% cm.n]) AS commune,
         (CASE WHEN d.un < 0.18 THEN 0 WHEN d.un < 0.85 THEN 1 ELSE 2 END) AS n_acc,
         (d.i * 7 + 3) %% pn.n AS pool_k,
         1 + floor(d.u1 * 25)::int AS d_charge,
         1 + floor(d.u2 * 10)::int AS d_pros_gap,
         10 + floor(d.u3 * 30)::int AS d_court_gap
  FROM draws d
  JOIN bench_template t ON d.ut >= t.lo AND d.ut < t.hi
  JOIN bench_category c ON d.uc >= c.lo AND d.uc < c.hi
  JOIN bench_pool_n pn ON pn.category = c.name
  JOIN bench_unit u ON u.k = d.i %% %(units)s
  CROSS JOIN communes cm
), offsets AS (
  SELECT p.*,
    CASE WHEN template = 'susp' THEN 0
         WHEN template IN ('inv', 'inv_ext', 'inv_over', 'term') THEN n_acc
         ELSE greatest(1, n_acc) END AS n_accused,
    greatest(d_charge + 5, inv - 5 - floor(u2 * 30)::int) AS d_concl,
    greatest(1, pros - d_pros_gap) AS d_pros,
    greatest(1, court_days - d_court_gap / 2) AS d_court
  FROM picked p
), aged AS (
  SELECT o.*,
    -- days from the institution to the last step of the template
    CASE template
      WHEN 'inv' THEN d_charge + 1 + floor(u4 * greatest(1, inv - 2 - d_charge))::int
      WHEN 'inv_ext' THEN inv - 12 + floor(u4 * ext)::int
      WHEN 'inv_over' THEN inv + 1 + floor(u4 * 300)::int
      WHEN 'susp' THEN inv + 1 + floor(u4 * 1300)::int
      WHEN 'proc' THEN d_concl + 2 + floor(u4 * pros)::int
      WHEN 'proc_over' THEN d_concl + 2 + pros + 1 + floor(u4 * 60)::int
      WHEN 'ret' THEN d_concl + 2 + d_pros + 2 + floor(u4 * 55)::int
      WHEN 'court' THEN d_concl + 6 + d_pros + floor(u4 * court_days)::int
      WHEN 'court_over' THEN d_concl + 6 + d_pros + court_days + 1
                             + floor(u4 * 60)::int
      WHEN 'trial' THEN d_concl + 6 + d_pros + d_court + floor(u4 * 9)::int
      ELSE 0
    END AS age
  FROM offsets o
)
SELECT a.*,
  CASE WHEN template IN ('term', 'judged', 'appealed')
    THEN DATE '2023-01-02' + floor(ua * (%(today)s - DATE '2023-01-02'
         - (d_concl + d_pros + d_court + 40)))::int
    ELSE %(today)s - age
  END AS inst
FROM aged a
"""

CASES = """
INSERT INTO cases_case (
  id, number, title, occurred_on, address_line, code_version, created_at,
  instituted_on, initial_category, category, social_order, stage, phase, holder,
  stage_started_on, deadline, solved, solved_on, closed_on, last_event_on,
  investigation_days, prosecution_days, court_days, court_id, holding_agency_id,
  investigating_body_id, place_id, procuracy_id)
SELECT
  b.i, b.i || '/' || extract(year FROM b.inst) || '/VA', pool.title, b.occurred,
  '', DATE '2018-01-01', b.inst + TIME '09:00', b.inst, b.category, b.category,
  pool.social_order, s.stage, s.phase, s.holder, s.started, s.deadline,
  b.n_accused > 0, CASE WHEN b.n_accused > 0 THEN b.inst + b.d_charge END,
  s.closed, s.last, least(b.d_concl, s.last - b.inst),
  CASE WHEN s.holder IN ('procuracy', 'court', 'closed') THEN b.d_pros ELSE 0 END,
  CASE WHEN b.template IN ('judged', 'appealed', 'trial') THEN b.d_court + 10
       ELSE 0 END,
  CASE WHEN s.slot_court THEN %(court)s END,
  CASE s.holder WHEN 'police' THEN b.body WHEN 'procuracy' THEN %(procuracy)s
       WHEN 'court' THEN %(court)s END,
  b.body,
  CASE WHEN b.occurred < DATE '2025-07-01' AND l.n > 0
       THEN l.ids[1 + b.i %% l.n] ELSE b.commune END,
  %(procuracy)s
FROM (
  SELECT bc.*, bc.inst - 1 - floor(bc.u3 * 15)::int AS occurred,
         bc.inst + bc.d_concl AS e_concl,
         bc.inst + bc.d_concl + 2 AS e_recv,
         bc.inst + bc.d_concl + 2 + bc.d_pros AS e_dec,
         bc.inst + bc.d_concl + 6 + bc.d_pros AS e_court,
         bc.inst + bc.d_concl + 6 + bc.d_pros + bc.d_court AS e_trial
  FROM bench_case bc
) b
JOIN bench_pool pool ON pool.category = b.category AND pool.k = b.pool_k
LEFT JOIN bench_legacy l ON l.commune_id = b.commune
CROSS JOIN LATERAL (
  SELECT * FROM (VALUES
    ('inv', 'investigation', 'running', 'police', b.inst, b.inst + b.inv, NULL::date,
     b.inst + CASE WHEN b.n_accused > 0 THEN b.d_charge + b.n_accused - 1 ELSE 0 END,
     false),
    ('inv_ext', 'investigation', 'running', 'police', b.inst, b.inst + b.inv + b.ext,
     NULL, b.inst + b.inv - 12, false),
    ('inv_over', 'investigation', 'running', 'police', b.inst, b.inst + b.inv, NULL,
     b.inst + CASE WHEN b.n_accused > 0 THEN b.d_charge + b.n_accused - 1 ELSE 0 END,
     false),
    ('susp', 'investigation', 'suspended', 'police', b.inst, NULL, NULL,
     b.inst + b.inv, false),
    ('term', 'closed', 'closed', 'closed', b.inst + b.inv - 20, NULL,
     b.inst + b.inv - 20, b.inst + b.inv - 20, false),
    ('proc', 'prosecution', 'running', 'procuracy', b.e_recv, b.e_recv + b.pros, NULL,
     b.e_recv, false),
    ('proc_over', 'prosecution', 'running', 'procuracy', b.e_recv, b.e_recv + b.pros,
     NULL, b.e_recv, false),
    ('ret', 'investigation', 'running', 'police', b.e_dec + 2, b.e_dec + 62, NULL,
     b.e_dec + 2, false),
    ('court', 'trial_preparation', 'running', 'court', b.e_court,
     b.e_court + b.court_days, NULL, b.e_court, true),
    ('court_over', 'trial_preparation', 'running', 'court', b.e_court,
     b.e_court + b.court_days, NULL, b.e_court, true),
    ('trial', 'trial', 'running', 'court', b.e_trial, NULL, NULL, b.e_trial, true),
    ('judged', 'closed', 'closed', 'closed', b.e_trial + 10, NULL, b.e_trial + 10,
     b.e_trial + 10, true),
    ('appealed', 'closed', 'closed', 'closed', b.e_trial + 10, NULL, b.e_trial + 10,
     b.e_trial + 17, true)
  ) AS v(template, stage, phase, holder, started, deadline, closed, last, slot_court)
  WHERE v.template = b.template
) s
"""

ACCUSED = """
INSERT INTO cases_accused (id, case_id, ordinal, token, key_id, name_index, created_at)
SELECT b.i * 2 + o - 1, b.i, o, %(token)s, %(key_id)s,
       encode(sha256(('bench' || b.i || '-' || o)::bytea), 'hex'),
       b.inst + b.d_charge + TIME '10:00'
FROM bench_case b CROSS JOIN generate_series(1, 2) AS o
WHERE o <= b.n_accused
"""

EVENTS = """
INSERT INTO cases_caseevent (
  id, case_id, kind, at, "on", actor_id, agency_id, to_agency_id, until,
  requested_on, supreme, category, accused_id, reference, reason, details)
SELECT
  b.i * 20 + t.slot, b.i, t.kind, e.d + TIME '09:30', e.d, NULL,
  CASE WHEN t.slot IN (3, 8, 9, 11, 12) THEN %(procuracy)s
       WHEN t.slot IN (13, 14, 15, 16) THEN %(court)s ELSE b.body END,
  CASE t.slot WHEN 0 THEN %(procuracy)s WHEN 7 THEN %(procuracy)s
              WHEN 12 THEN %(court)s END,
  CASE WHEN t.slot = 3 THEN b.inst + b.inv + b.ext END,
  CASE WHEN t.slot = 3 THEN b.inst + b.inv - 20 END,
  false,
  CASE WHEN t.slot IN (0, 1, 2) THEN b.category ELSE '' END,
  CASE WHEN t.slot IN (1, 2) THEN b.i * 2 + t.slot - 1 END,
  CASE WHEN t.needs_reference THEN (b.i %% 400 + 1) || '/QĐ' ELSE '' END,
  '',
  CASE WHEN t.slot = 15 THEN jsonb_build_object('outcomes', (
    SELECT jsonb_agg(jsonb_build_object('accused', b.i * 2 + o - 1,
           'outcome', 'convicted', 'sentence', '2 năm tù'))
    FROM generate_series(1, b.n_accused) AS o)) ELSE '{}'::jsonb END
FROM bench_case b
JOIN bench_slot t ON t.template = b.template
  AND NOT (t.slot IN (1, 2) AND t.slot > b.n_accused)
CROSS JOIN LATERAL (SELECT CASE t.slot
  WHEN 0 THEN b.inst
  WHEN 1 THEN b.inst + b.d_charge
  WHEN 2 THEN b.inst + b.d_charge + 1
  WHEN 3 THEN b.inst + b.inv - 12
  WHEN 4 THEN b.inst + b.inv
  WHEN 5 THEN b.inst + b.inv - 20
  WHEN 6 THEN b.inst + b.d_concl
  WHEN 7 THEN b.inst + b.d_concl + 1
  WHEN 8 THEN b.inst + b.d_concl + 2
  WHEN 9 THEN b.inst + b.d_concl + 2 + b.d_pros
  WHEN 10 THEN b.inst + b.d_concl + 4 + b.d_pros
  WHEN 11 THEN b.inst + b.d_concl + 2 + b.d_pros
  WHEN 12 THEN b.inst + b.d_concl + 4 + b.d_pros
  WHEN 13 THEN b.inst + b.d_concl + 6 + b.d_pros
  WHEN 14 THEN b.inst + b.d_concl + 6 + b.d_pros + b.d_court
  WHEN 15 THEN b.inst + b.d_concl + 16 + b.d_pros + b.d_court
  WHEN 16 THEN b.inst + b.d_concl + 23 + b.d_pros + b.d_court
  END AS d) e
"""

CHARGES = """
INSERT INTO cases_charge (
  id, case_id, accused_id, article, clause, title, category, chapter, social_order,
  added_by_id)
SELECT b.i * 4 + o, b.i, CASE WHEN o > 0 THEN b.i * 2 + o - 1 END,
       pool.article, pool.clause, pool.title, pool.category, pool.chapter,
       pool.social_order, b.i * 20 + o
FROM bench_case b
CROSS JOIN generate_series(0, 2) AS o
JOIN bench_pool pool ON pool.category = b.category AND pool.k = b.pool_k
WHERE o <= b.n_accused
"""

TABLES = ("cases_case", "cases_accused", "cases_caseevent", "cases_charge")


def slots_table(conn: psycopg.Connection[Any]) -> None:
    conn.execute(
        "CREATE TEMP TABLE bench_slot (template text, slot int, kind text,"
        " needs_reference bool)"
    )
    kinds = dict(SLOTS)
    for template, slots in TEMPLATE_SLOTS.items():
        for slot in slots:
            conn.execute(
                "INSERT INTO bench_slot VALUES (%s, %s, %s, %s)",
                [template, slot, kinds[slot], slot in NEEDS_REFERENCE],
            )


def secondary_indexes(conn: psycopg.Connection[Any]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes not backing a constraint."""
    rows = conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename ="
        " ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname ="
        " i.indexname)",
        [list(TABLES)],
    ).fetchall()
    return [(str(name), str(definition)) for name, definition in rows]


def bulk_load(
    database_url: str, world: World, n: int, today: datetime.date
) -> dict[str, float]:
    """Insert the cases and their rows; returns the seconds of each phase."""
    token, key_id = identity_token()
    params = {
        "procuracy": world.procuracy,
        "court": world.court,
        "token": token,
        "key_id": key_id,
    }
    timings: dict[str, float] = {}
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("SET session_replication_role = replica")  # no FK triggers
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET work_mem = '256MB'")
        indexes = secondary_indexes(conn)
        step = time.perf_counter()
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        staging_sql(conn, world, n, today)
        slots_table(conn)
        timings["staging"] = time.perf_counter() - step
        for name, sql in (
            ("cases", CASES),
            ("accused", ACCUSED),
            ("events", EVENTS),
            ("charges", CHARGES),
        ):
            started = time.perf_counter()
            count = conn.execute(sql, params).rowcount
            timings[name] = time.perf_counter() - started
            log(f"  {name}: {count:,} rows in {timings[name]:.0f} s")
        started = time.perf_counter()
        for table in TABLES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"  # noqa: S608
                f" (SELECT max(id) FROM {table}))"  # (fixed table names)
            )
        for _name, definition in indexes:
            conn.execute(definition)
        timings["indexes"] = time.perf_counter() - started
        log(f"  {len(indexes)} indexes rebuilt in {timings['indexes']:.0f} s")
        started = time.perf_counter()
        for table in TABLES:
            conn.execute(f"VACUUM (ANALYZE) {table}")
        timings["vacuum_analyze"] = time.perf_counter() - started
    return timings


def data_profile(
    database_url: str, world: World, today: datetime.date
) -> dict[str, Any]:
    """What was loaded: counts, stages, overdue per unit."""
    with psycopg.connect(database_url) as conn:

        def one(sql: str, *args: Any) -> Any:
            row = conn.execute(sql, list(args)).fetchone()
            return row[0] if row else None

        overdue = conn.execute(
            "SELECT holding_agency_id, count(*) FROM cases_case WHERE deadline < %s"
            " AND closed_on IS NULL GROUP BY 1",
            [today],
        ).fetchall()
        per_unit = [c for a, c in overdue if a in set(world.police)]
        stages = conn.execute(
            "SELECT stage, count(*) FROM cases_case GROUP BY 1 ORDER BY 2 DESC"
        ).fetchall()
        cases = one("SELECT count(*) FROM cases_case")
        events = one("SELECT count(*) FROM cases_caseevent")
        return {
            "cases": cases,
            "events": events,
            "events_per_case": round(events / max(1, cases), 2),
            "charges": one("SELECT count(*) FROM cases_charge"),
            "accused": one("SELECT count(*) FROM cases_accused"),
            "legacy_places": one(
                "SELECT count(*) FROM cases_case c JOIN places_place p ON p.id ="
                " c.place_id WHERE p.era = 'legacy'"
            ),
            "stages": dict(stages),
            "overdue_per_police_unit": {
                "min": min(per_unit, default=0),
                "median": statistics.median(per_unit) if per_unit else 0,
                "max": max(per_unit, default=0),
            },
            "database_size": one(
                "SELECT pg_size_pretty(pg_database_size(current_database()))"
            ),
        }


# ---- measuring through HTTP ------------------------------------------------------


def _cookie(response: httpx.Response, name: str) -> str:
    # The cookies are Secure under `serve`; over plain HTTP they are carried by
    # hand, as in intake_load.py.
    for header in response.headers.get_list("set-cookie"):
        found = re.match(rf"{name}=([^;]*)", header)
        if found:
            return found.group(1)
    raise SystemExit(f"no {name} cookie from {response.request.url}")


def login(url: str, username: str, password: str) -> str:
    """Sign in through the login page; the Cookie header of the session."""
    with httpx.Client(base_url=url, timeout=30) as client:
        page = client.get("/accounts/login/")
        csrf = _cookie(page, "csrftoken")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if token is None:
            raise SystemExit("no CSRF token on the login page")
        answer = client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1),
                "username": username,
                "password": password,
            },
            headers={"Cookie": f"csrftoken={csrf}", "Origin": url},
        )
        if answer.status_code != 302:
            raise SystemExit(f"{username} could not sign in: {answer.status_code}")
        return f"csrftoken={csrf}; sessionid={_cookie(answer, 'sessionid')}"


@dataclass
class Target:
    """One kind of request: its label, and (path, Cookie header) to ask next."""

    label: str
    next: Callable[[int], tuple[str, str]]
    expect: str  # a text the page must contain
    headers: dict[str, str] = field(default_factory=dict)


def measure(
    url: str, target: Target, count: int, warmup: int, budget: float
) -> dict[str, Any]:
    """`count` requests after `warmup`, or fewer if `budget` seconds run out (a
    page far off the target need not be asked 200 times to show it)."""
    timings: list[float] = []
    errors = warm = 0
    began = time.monotonic()
    with httpx.Client(base_url=url, timeout=60) as client:
        for k in range(warmup + count):
            spent = time.monotonic() - began
            if spent > budget and len(timings) >= 20:
                break
            path, cookie = target.next(k)
            started = time.perf_counter()
            answer = client.get(path, headers={"Cookie": cookie, **target.headers})
            elapsed = (time.perf_counter() - started) * 1000
            ok = answer.status_code == 200 and target.expect in answer.text
            if not ok and not timings:
                log(f"{path}: {answer.status_code} during warm-up; not measured")
                return {
                    "label": target.label,
                    "failed": answer.status_code,
                    "errors": 1,
                    **latency([]),
                }
            # The warm-up is cut short (after 3) when the page is slow.
            if warm < warmup and (warm < 3 or spent < budget / 10):
                warm += 1
                continue
            timings.append(elapsed)
            errors += not ok
    return {"label": target.label, "errors": errors, **latency(timings)}


def percentile(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return values[0] if values else None
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def latency(values: list[float]) -> dict[str, Any]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values) if values else None,
    }


def sample_cases(database_url: str, units: list[int], per_unit: int) -> list[int]:
    """Random cases of the measured units, every stage (seeded)."""
    with psycopg.connect(database_url) as conn:
        conn.execute("SELECT setseed(0.5)")
        rows = conn.execute(
            "SELECT id, investigating_body_id FROM (SELECT id, investigating_body_id,"
            " row_number() OVER (PARTITION BY investigating_body_id ORDER BY random())"
            " AS r FROM cases_case WHERE investigating_body_id = ANY(%s)) s"
            " WHERE r <= %s ORDER BY id",
            [units, per_unit],
        ).fetchall()
    return [int(case_id) for case_id, _unit in rows]


def http_targets(run: Run, world: World, cases: list[int]) -> list[Target]:
    cookies = {
        unit: login(run.url, name, world.password)
        for unit, name in world.officers.items()
    }
    office = login(run.url, world.standing_office, world.password)
    units = list(world.officers)
    with psycopg.connect(run.database_url) as conn:
        rows = conn.execute(
            "SELECT id, investigating_body_id FROM cases_case WHERE id = ANY(%s)",
            [cases],
        ).fetchall()
    body_of: dict[int, int] = {int(case): int(body) for case, body in rows}

    def overdue(k: int) -> tuple[str, str]:
        unit = units[k % len(units)]
        return f"/cases/?due=overdue&agency={unit}", cookies[unit]

    def overdue_office(k: int) -> tuple[str, str]:
        return overdue(k)[0], office

    def case_page(k: int) -> tuple[str, str]:
        case = cases[(k * 7919) % len(cases)]
        return f"/cases/{case}/", cookies[body_of[case]]

    return [
        Target("overdue list, unit officer", overdue, "/cases/"),
        # What the page fetches when a filter changes: the results only.
        Target(
            "overdue list (htmx results), unit officer",
            overdue,
            "/cases/",
            {"HX-Request": "true"},
        ),
        Target("overdue list, standing office", overdue_office, "/cases/"),
        Target("case page, unit officer", case_page, "/cases/"),
    ]


# ---- in this process: the SQL of each page, the services alone --------------------


def _plain(sql: str) -> str:
    """The statement without the server-side cursor Django wraps it in."""
    return re.sub(r"^DECLARE \S+ NO SCROLL CURSOR WITH HOLD FOR ", "", sql)


def _normalised(sql: str) -> str:
    return re.sub(r"\d+|'[^']*'", "?", sql)


def page_queries(
    world: World, cases: list[int], count: int, budget: float
) -> list[dict[str, Any]]:
    """Every statement the two pages run, timed over `count` requests each (fewer
    if `budget` seconds run out)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bcd138.agencies.models import User

    stats: dict[tuple[str, str], list[float]] = defaultdict(list)
    failures: dict[str, str] = {}
    examples: dict[tuple[str, str], str] = {}
    units = list(world.officers)
    clients = {}
    for unit, username in world.officers.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        clients[unit] = client
    from bcd138.cases.models import Case

    body_of = dict(
        Case.objects.filter(pk__in=cases).values_list("pk", "investigating_body_id")
    )
    stop_at = time.monotonic() + budget
    for k in range(count):
        if k >= 3 and time.monotonic() > stop_at:
            break
        unit = units[k % len(units)]
        case = cases[(k * 7919) % len(cases)]
        for page, client, path in (
            ("overdue list", clients[unit], f"/cases/?due=overdue&agency={unit}"),
            ("case page", clients[body_of[case]], f"/cases/{case}/"),
        ):
            with CaptureQueriesContext(connection) as captured:
                try:
                    status = str(client.get(path).status_code)
                except Exception as exc:  # a page being written: said, not hidden
                    status = f"{type(exc).__name__}: {exc}"
            if status != "200":
                failures[page] = status
                continue
            for query in captured.captured_queries:
                sql = _plain(query["sql"])
                key = (page, _normalised(sql))
                took = float(query["time"]) * 1000
                if not stats[key] or took > max(stats[key]):
                    examples[key] = sql  # the slowest instance gets explained
                stats[key].append(took)
    rows = [
        {
            "page": page,
            "sql": examples[(page, sql)],
            "count": len(times),
            "mean_ms": statistics.fmean(times),
            "max_ms": max(times),
        }
        for (page, sql), times in stats.items()
    ]
    for page, failure in failures.items():
        log(f"{page} failed in this process: {failure[:200]}")
    return sorted(rows, key=lambda r: -float(r["mean_ms"]))


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(str(row[0]) for row in cursor.fetchall())


def service_timings(world: World, cases: list[int], count: int) -> list[dict[str, Any]]:
    """The services the pages call, without HTTP, templates or middleware."""
    from bcd138.agencies.models import Agency, User
    from bcd138.cases.services.access import case_get_for
    from bcd138.cases.services.clock import case_clock
    from bcd138.cases.services.queries import CaseFilters, cases_list, unit_overdue

    officers = {u: User.objects.get(username=n) for u, n in world.officers.items()}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=officers)}
    from bcd138.cases.models import Case

    body_of = dict(
        Case.objects.filter(pk__in=cases).values_list("pk", "investigating_body_id")
    )
    units = list(officers)
    times: dict[str, list[float]] = defaultdict(list)
    for k in range(count):
        unit = units[k % len(units)]
        started = time.perf_counter()
        list(unit_overdue(agency=agencies[unit])[:50])
        times["unit_overdue(agency=)[:50]"].append(time.perf_counter() - started)
        started = time.perf_counter()
        filters = CaseFilters(agency=agencies[unit], due="overdue")
        listed = cases_list(user=officers[unit], filters=filters)
        listed.count()
        list(listed[:50])
        times["cases_list(overdue, agency) count + [:50]"].append(
            time.perf_counter() - started
        )
        case_id = cases[(k * 7919) % len(cases)]
        user = officers[body_of[case_id]]
        started = time.perf_counter()
        case = case_get_for(user=user, pk=case_id)
        events = list(case.events.order_by("on", "id"))
        list(case.charges.all())
        list(case.accused.all())
        case_clock(case, events)
        times["case_get_for + events, charges, accused, case_clock"].append(
            time.perf_counter() - started
        )
    return [
        {"label": label, **latency([1000 * v for v in values])}
        for label, values in times.items()
    ]


# ---- output and main -----------------------------------------------------------


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.1f}"


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| request | n | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} | {r['n']} | {ms(r['p50'])} | {ms(r['p95'])} "
            f"| {ms(r['p99'])} | {ms(r['max'])} | {r.get('errors', '-')} |"
        )
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Load 1,000,000 criminal cases into PostgreSQL and measure a "
        "unit's overdue list and the case page from a warm server.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=250, help="Per kind.")
    parser.add_argument("--warmup", type=int, default=20, help="Per kind, not kept.")
    parser.add_argument(
        "--budget",
        type=float,
        default=150,
        help="Seconds per kind of request at most (at least 20 requests are made).",
    )
    parser.add_argument(
        "--units-measured", type=int, default=20, help="Units with an officer."
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers.")
    parser.add_argument(
        "--pg", default="postgres@127.0.0.1:5432", help="user@host:port."
    )
    parser.add_argument("--database", default="bcd138_bench_cases")
    parser.add_argument(
        "--explain", type=int, default=2, help="How many slow statements to EXPLAIN."
    )
    parser.add_argument("--json", type=Path, help="Write the results here.")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Keep the database and data directory (to measure again with --reuse).",
    )
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DATA_DIR",
        help="Measure again on a database kept by --keep (its data directory).",
    )
    return parser.parse_args(argv)


def prepare(args: argparse.Namespace, run: Run) -> tuple[World, dict[str, Any]]:
    from django.core.management import call_command
    from django.utils import timezone

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("places", "load", verbosity=0)
    world = build_world(args.units_measured)
    setup = time.perf_counter() - started
    log(f"migrations, places, agencies and accounts in {setup:.0f} s")
    log(f"loading {args.cases:,} cases…")
    started = time.perf_counter()
    today = timezone.localdate()
    timings = bulk_load(run.database_url, world, args.cases, today)
    timings["total"] = time.perf_counter() - started
    log(f"loaded in {timings['total']:.0f} s")
    profile = data_profile(run.database_url, world, today)
    log(f"data: {json.dumps(profile, ensure_ascii=False)}")
    return world, {"setup_seconds": setup, "load_seconds": timings, "data": profile}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = Run(args.pg, args.database, args.keep or args.reuse is not None)
    began = time.perf_counter()
    try:
        if args.reuse:
            world, meta = run.reuse(args.reuse)
            setup_django()
        else:
            run.create()
            setup_django()
            world, meta = prepare(args, run)
            if args.keep:
                run.save(world, meta)
        cases = sample_cases(run.database_url, list(world.officers), 40)
        run.serve(args.workers)
        results = []
        meta["load_average_before"] = os.getloadavg()
        for target in http_targets(run, world, cases):
            log(f"{target.label}: {args.requests} requests…")
            results.append(
                measure(run.url, target, args.requests, args.warmup, args.budget)
            )
            print(table(results[-1:]).splitlines()[-1], flush=True)
        meta["load_average_after"] = os.getloadavg()
        log("the SQL of each page, in this process…")
        queries = page_queries(world, cases, min(40, args.requests), args.budget)
        services = service_timings(world, cases, args.requests)
        plans = [{**q, "plan": explain(q["sql"])} for q in queries[: args.explain]]
    finally:
        run.stop()
    meta["wall_seconds"] = time.perf_counter() - began
    print("\nThrough HTTP (bcd138 serve, one request at a time):\n" + table(results))
    print("\nThe services alone, in this process:\n" + table(services))
    print("\nSlowest statements (mean ms over the sampled requests):")
    for q in queries[:6]:
        print(
            f"  {q['mean_ms']:7.2f} ms ×{q['count']:<4} {q['page']}: {q['sql'][:160]}"
        )
    for plan in plans:
        print(f"\nEXPLAIN (ANALYZE, BUFFERS) — {plan['page']}:\n{plan['sql']}\n")
        print(plan["plan"])
    ok = all(
        r["errors"] == 0 and r["p95"] is not None and r["p95"] < P95_TARGET_MS
        for r in results
    )
    print(f"\ntarget p95 < {P95_TARGET_MS:.0f} ms: {'met' if ok else 'NOT met'}")
    print(f"whole run: {meta['wall_seconds'] / 60:.1f} min")
    loads = meta["load_average_before"], meta["load_average_after"]
    print(f"load average (1, 5, 15 min) before / after the HTTP runs: {loads}")
    if args.json:
        out = {
            **meta,
            "http": results,
            "services": services,
            "queries": queries,
            "plans": plans,
        }
        args.json.write_text(json.dumps(out, indent=2, default=str) + "\n")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
