"""Load benchmark of the public portal's report form (`/to-giac/`), as browsers use it.

Each virtual citizen does what a citizen's browser does: GET the form (which gives
the idempotency key, the proof-of-work challenge and the CSRF cookie and token),
solve the challenge, and POST the multipart form with one ~500 KB JPEG photo
carrying EXIF GPS data (which the server must strip) about a random commune of
Đà Nẵng, anonymously. A submission is *acknowledged* when the answer is 200 and
shows a tracking code and a secret. After each rate the database and the media
directory are checked: every acknowledged report is stored with exactly one
attachment whose file exists with the recorded size and no GPS data, the receipt's
secret matches, no refused request stored anything, and no file is orphaned.

Arrivals are open-loop: citizen *i* starts at `i / rate` seconds whatever the
server is doing, so a slow server faces a growing queue (as on the real Internet)
instead of being politely waited for, which is what closed-loop tools measure.

Why a small asyncio + httpx script rather than locust: locust's model is a fixed
number of users each waiting between tasks (closed loop; a fixed arrival rate needs
a custom load shape and still depends on how many users are spawned), it brings
gevent and a web UI, and the checks that matter here (idempotency keys matched
against the stored rows, files on disk) would be code around it anyway. The script
needs one dependency (httpx, BSD-3-Clause) in the `bench` dependency group:

    uv run --group bench python benchmarks/intake_load.py --help

Two settings are changed for the run, both for reasons of method, and both said in
docs/performance.md: BCD138_SUBMIT_RATE_PER_HOUR is set very high, because the limit
is per client address and all of this load comes from 127.0.0.1; and
BCD138_CHALLENGE_BITS is 8, because the proof of work costs the *client* (here the
load generator, which shares the two cores with the server) and not the server,
which checks it with one hash.

Without `--url` the script prepares everything: a fresh PostgreSQL database on
127.0.0.1:5432 (user postgres), `bcd138 demo --no-serve` on it (migrations,
administrative units, the demo province's agencies and reports), then
`bcd138 serve --workers N` with a SECRET_KEY and BCD138_IDENTITY_KEYS made for the
run; it drops the database and the data directory at the end unless `--keep`.
With `--url` it uses a running server: pass `--database-url` and `--data-dir` to
verify, and SECRET_KEY in the environment (the server's, to read the challenge).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime
import hashlib
import http.cookiejar
import io
import json
import os
import random
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
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import psycopg
from PIL import ExifTags, Image

# Solving reads the difficulty from the signed challenge, hence the server's
# SECRET_KEY in this process's Django settings (configure_django below).
from bcd138.core.challenge import challenge_solve

ROOT = Path(__file__).resolve().parent.parent
PROVINCE_NAME = "Đà Nẵng"
P95_TARGET_MS = 500.0
# Words of made-up descriptions, so that the duplicate check sees varied texts.
_WORDS = (
    "xe máy giật túi xách trước cổng chợ hai người đàn ông đội mũ bảo hiểm màu đen "
    "chạy về hướng cầu tối qua khoảng chín giờ tôi thấy nhóm thanh niên đánh bạc "
    "trong quán cà phê sau nhà văn hóa có người bán ma túy ở bãi giữ xe lừa đảo qua "
    "điện thoại chuyển khoản mất tiền trộm cắp tài sản điện thoại ví tiền xe đạp "
    "gây rối trật tự công cộng đêm khuya tụ tập đua xe trên đường ven biển"
)
WORDS = _WORDS.split()
CRIME_TYPES = ("theft", "robbery", "fraud", "drugs", "gambling", "public_order")


# ---- the photo -----------------------------------------------------------------


def make_photo(target_kb: int, seed: int = 138) -> bytes:
    """A 1600×1200 JPEG of about `target_kb` KB with EXIF GPS and camera data.

    The pixel count is a phone photo's after the usual "reduce size" step, so the
    server decodes and re-encodes as many pixels as it would in real use; gradients
    plus noise keep it from compressing to nothing. The noise level is searched so
    that the file has the wanted size."""
    rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
    width, height = 1600, 1200
    base = Image.linear_gradient("L").resize((width, height))
    rgb = Image.merge("RGB", (base, base.rotate(90).resize((width, height)), base))
    noise = Image.frombytes("L", (width, height), rng.randbytes(width * height))
    low, high, best = 0.0, 1.0, b""
    for _ in range(12):
        mix = (low + high) / 2
        layer = Image.merge("RGB", (noise, noise.rotate(180), noise))
        best = _encode_photo(Image.blend(rgb, layer, mix))
        if len(best) > target_kb * 1024:
            high = mix
        else:
            low = mix
        if abs(len(best) - target_kb * 1024) < 10 * 1024:
            break
    return best


def _encode_photo(image: Image.Image) -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.BodySerialNumber] = "SERIAL-0138"
    exif[ExifTags.Base.DateTimeOriginal] = "2026:11:27 21:05:00"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (16.0, 4.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (108.0, 13.0, 5.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def photo_variant(photo: bytes, offset: int, index: int) -> bytes:
    """The photo with the last four entries of its first quantisation table
    changed by ±8 according to `index`: still a valid JPEG, a different sha256,
    and since the server re-encodes with the photo's own tables, a different
    stored file too (65,536 variants)."""
    data = bytearray(photo)
    for k in range(4):
        digit = (index >> (4 * k)) & 0xF
        pos = offset + 60 + k
        data[pos] = max(1, min(255, photo[pos] - 8 + digit))
    return bytes(data)


def first_qtable_offset(photo: bytes) -> int:
    """Where the 64 values of the first 8-bit quantisation table start."""
    pos = photo.index(b"\xff\xdb")
    if photo[pos + 4] >> 4 != 0:
        raise ValueError("16-bit quantisation table")
    return pos + 5


def has_gps(path: Path) -> bool:
    with Image.open(path) as image:
        return bool(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


# ---- the citizen ---------------------------------------------------------------


@dataclasses.dataclass
class Outcome:
    index: int
    key: str = ""
    get_ms: float | None = None
    post_ms: float | None = None
    status: int | None = None
    error: str = ""
    code: str = ""
    secret: str = ""

    @property
    def acknowledged(self) -> bool:
        return bool(self.code)


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    if not found:
        raise ValueError(f"no {name} in the form")
    return found.group(1)


def _csrf_cookie(response: httpx.Response) -> str:
    # The cookie is Secure under `serve` (production), which cookie jars do not
    # send back over plain HTTP: carry it by hand, as each citizen's own browser.
    for header in response.headers.get_list("set-cookie"):
        found = re.match(r"csrftoken=([^;]+)", header)
        if found:
            return found.group(1)
    raise ValueError("no csrftoken cookie")


def _description(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))) + "."


class Citizen:
    """What one browser does, with the pieces shared by every citizen."""

    def __init__(self, client: httpx.AsyncClient, world: World, photo: bytes) -> None:
        self.client = client
        self.world = world
        self.photo = photo
        self.qtable = first_qtable_offset(photo)

    async def run(self, index: int) -> Outcome:
        out = Outcome(index)
        rng = random.Random(index)  # noqa: S311  (test data)
        try:
            started = time.perf_counter()
            page = await self.client.get("/to-giac/")
            out.get_ms = (time.perf_counter() - started) * 1000
            if page.status_code != 200:
                out.status, out.error = page.status_code, f"GET {page.status_code}"
                return out
            await self._post(out, page, rng)
        except httpx.TimeoutException:
            out.error = "POST timeout" if out.key else "GET timeout"
        except httpx.TransportError as exc:
            out.error = f"{'POST' if out.key else 'GET'} {type(exc).__name__}"
        except ValueError as exc:
            out.error = f"bad page: {exc}"
        except Exception as exc:  # counted and reported, never hidden
            out.error = f"exception: {type(exc).__name__}"
        return out

    async def _post(
        self, out: Outcome, page: httpx.Response, rng: random.Random
    ) -> None:
        html = page.text
        out.key = _field(html, "idempotency_key")
        challenge = _field(html, "challenge")
        nonce = challenge_solve(challenge)
        commune = rng.choice(self.world.communes)
        photo = photo_variant(self.photo, self.qtable, out.index)
        data = {
            "csrfmiddlewaretoken": _field(html, "csrfmiddlewaretoken"),
            "idempotency_key": out.key,
            "challenge": challenge,
            "nonce": nonce,
            "kind": rng.choice(("denunciation", "report")),
            "crime_type": rng.choice(CRIME_TYPES),
            "description": _description(rng),
            "occurred_on": "",
            "occurred_time": "khoảng 21 giờ",
            "province": str(self.world.province),
            "commune": str(commune),
            "address_line": f"Số {rng.randint(1, 300)} đường ven biển",
            "people_involved": "",
            "anonymous": "1",
            "website": "",
        }
        files = {"attachments": (f"IMG_{out.index:05d}.jpg", photo, "image/jpeg")}
        headers = {
            "Cookie": f"csrftoken={_csrf_cookie(page)}",
            "Origin": self.world.origin,
        }
        started = time.perf_counter()
        answer = await self.client.post(
            "/to-giac/", data=data, files=files, headers=headers
        )
        out.post_ms = (time.perf_counter() - started) * 1000
        out.status = answer.status_code
        code = re.search(r'data-testid="code">([^<]+)<', answer.text)
        secret = re.search(r'data-testid="secret">([^<]+)<', answer.text)
        if answer.status_code == 200 and code and secret:
            out.code, out.secret = code.group(1), secret.group(1)
        elif answer.status_code == 200:
            out.error = "200 without a receipt"
        else:
            out.error = f"POST {answer.status_code}"


# ---- the world (server, database, places) ---------------------------------------


@dataclasses.dataclass
class World:
    url: str
    database_url: str | None
    media_root: Path | None
    server_session: int | None = None
    province: int = 0
    communes: list[int] = dataclasses.field(default_factory=list)

    @property
    def origin(self) -> str:
        return self.url.rstrip("/")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


def run_pg(tool: str, pg: str, *args: str) -> None:
    """createdb or dropdb against `user@host:port`."""
    user, _, address = pg.rpartition("@")
    host, _, port = address.partition(":")
    command = [tool, "-h", host, "-p", port or "5432", "-U", user or "postgres"]
    subprocess.run([*command, *args], check=True)  # noqa: S603  (fixed tools)


class ManagedServer:
    """A fresh PostgreSQL database, the demo data, and `bcd138 serve`."""

    def __init__(self, *, workers: int, keep: bool, pg: str) -> None:
        self.workers, self.keep, self.pg = workers, keep, pg
        self.db = f"bcd138_bench_{os.getpid()}_{int(time.time())}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="bcd138-bench-"))
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.env: dict[str, str] = {}

    @property
    def database_url(self) -> str:
        return f"postgres://{self.pg}/{self.db}"

    def start(self) -> World:
        run_pg("createdb", self.pg, self.db)
        env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY"}}
        env.update(
            BCD138_DATA_DIR=str(self.data_dir),
            DATABASE_URL=self.database_url,
            BCD138_LOG_LEVEL="WARNING",
        )
        log(f"database {self.db}, data directory {self.data_dir}")
        log("bcd138 demo --no-serve (migrations, places, demo data)…")
        bcd138(["demo", "--no-serve"], env)
        keys = bcd138(["identity_keys", "generate"], env).strip()
        env.update(
            SECRET_KEY=secrets.token_urlsafe(50),
            BCD138_IDENTITY_KEYS=keys,
            BCD138_SUBMIT_RATE_PER_HOUR="1000000000",
            BCD138_CHALLENGE_BITS="8",
        )
        os.environ["SECRET_KEY"] = env["SECRET_KEY"]
        self.env = env
        log_file = (self.data_dir / "serve.log").open("wb")
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "bcd138",
                "serve",
                "--port",
                str(self.port),
                "--workers",
                str(self.workers),
            ],
            env=env,
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{self.port}"
        wait_for(url, self.process)
        # For profiling: py-spy record --subprocesses --pid <this pid>
        log(f"bcd138 serve on {url}, pid {self.process.pid}, {self.workers} workers")
        return World(url, self.database_url, self.data_dir / "media", self.process.pid)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        if self.keep:
            log(f"kept: DATABASE_URL={self.database_url} data {self.data_dir}")
            return
        run_pg("dropdb", self.pg, "--if-exists", self.db)
        shutil.rmtree(self.data_dir, ignore_errors=True)


def wait_for(url: str, process: subprocess.Popen[bytes] | None) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise SystemExit("bcd138 serve exited; see serve.log in the data directory")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/to-giac/", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within 120 s")


def find_places(world: World) -> None:
    """The province and its communes, read as the browser reads them."""
    page = httpx.get(f"{world.url}/to-giac/", timeout=30).text
    option = re.search(
        rf'<option value="(\d+)">[^<]*{PROVINCE_NAME}[^<]*</option>', page
    )
    if not option:
        raise SystemExit(f"{PROVINCE_NAME} is not offered by the form")
    world.province = int(option.group(1))
    communes = httpx.get(
        f"{world.url}/to-giac/xa/", params={"province": world.province}, timeout=30
    ).text
    world.communes = [int(v) for v in re.findall(r'<option value="(\d+)"', communes)]
    if not world.communes:
        raise SystemExit(f"no commune of {PROVINCE_NAME}")


# ---- one rate ------------------------------------------------------------------


TICK = os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_session: int | None) -> dict[str, Any]:
    """CPU seconds used so far: the whole machine (busy, all cores) and each
    process of the server (gunicorn's session) and of PostgreSQL."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    processes: dict[int, tuple[str, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended meanwhile
        comm = text[text.index("(") + 1 : text.rindex(")")]
        rest = text[text.rindex(")") + 2 :].split()
        if server_session is not None and int(rest[3]) == server_session:
            group = "server"
        elif comm.startswith("postgres"):
            group = "postgres"
        else:
            continue
        # With the children's time: PostgreSQL's postmaster collects that of the
        # connections that ended.
        used = sum(int(v) for v in rest[11:15]) / TICK
        processes[int(stat.parent.name)] = (group, used)
    return {
        "busy": (sum(fields[:8]) - fields[3] - fields[4]) / TICK,
        "loadgen": time.process_time(),
        "processes": processes,
    }


def cpu_used(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """CPU seconds between two snapshots. "other" is the rest of the machine's
    work (other programs on a shared machine, and processes that ended)."""
    used = {"server": 0.0, "postgres": 0.0}
    for pid, (group, seconds) in after["processes"].items():
        used[group] += seconds - before["processes"].get(pid, (group, 0.0))[1]
    used["loadgen"] = after["loadgen"] - before["loadgen"]
    used["busy"] = after["busy"] - before["busy"]
    used["other"] = used["busy"] - used["server"] - used["postgres"] - used["loadgen"]
    return {k: round(v, 1) for k, v in used.items()}


async def run_rate(
    world: World, citizen: Citizen, *, rate: float, duration: float, first: int
) -> tuple[list[Outcome], float]:
    """Start `rate × duration` citizens at fixed intervals; wait for all of them.
    Returns the outcomes and the wall time until the last answer."""
    count = round(rate * duration)
    tasks: list[asyncio.Task[Outcome]] = []
    start = time.perf_counter()
    for i in range(count):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(citizen.run(first + i)))
    outcomes = list(await asyncio.gather(*tasks))
    return outcomes, time.perf_counter() - start


async def drain(world: World, client: httpx.AsyncClient) -> float:
    """Wait until the server has worked off its queue: requests that clients gave
    up on are still processed (and may still be stored), so the checks wait for
    the count of reports and of files to stay put and the form to answer fast."""
    start = time.perf_counter()
    last: tuple[int, int] | None = None
    while time.perf_counter() - start < 600:
        await asyncio.sleep(2)
        began = time.perf_counter()
        with contextlib.suppress(httpx.HTTPError):
            await client.get("/to-giac/", timeout=30)
        quick = time.perf_counter() - began < 1
        state = stored_counts(world)
        if quick and state == last:
            break
        last = state
    return time.perf_counter() - start


def stored_counts(world: World) -> tuple[int, int]:
    if not world.database_url or not world.media_root:
        return (0, 0)
    with psycopg.connect(world.database_url) as conn:
        row = conn.execute("SELECT count(*) FROM intake_crimereport").fetchone()
    root = world.media_root
    files = sum(1 for p in root.rglob("*") if p.is_file()) if root.exists() else 0
    return (int(row[0]) if row else 0, files)


def percentile(values: list[float], q: int) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def latency(values: list[float]) -> dict[str, float | None]:
    return {
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "p99": percentile(values, 99),
        "max": max(values) if values else None,
    }


# ---- verification --------------------------------------------------------------


def report_watermark(database_url: str) -> int:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT coalesce(max(id), 0) FROM intake_crimereport"
        ).fetchone()
        return int(row[0]) if row else 0


def normalised_secret_digest(secret: str) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    cleaned = "".join(ch for ch in secret.upper() if ch in alphabet)
    grouped = "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))
    return hashlib.sha256(grouped.encode()).hexdigest()


def verify(world: World, outcomes: list[Outcome], after_id: int) -> dict[str, Any]:
    """Compare what the citizens were told with what the server stored."""
    assert world.database_url
    assert world.media_root
    with psycopg.connect(world.database_url) as conn:
        rows = conn.execute(
            "SELECT r.id, r.tracking_code, r.idempotency_digest, r.secret_digest,"
            " r.anonymous, count(a.id), array_agg(a.file), array_agg(a.size)"
            " FROM intake_crimereport r LEFT JOIN intake_attachment a"
            " ON a.report_id = r.id WHERE r.id > %s AND r.channel = 'portal'"
            " GROUP BY r.id",
            [after_id],
        ).fetchall()
        span = conn.execute(
            "SELECT extract(epoch FROM max(received_at) - min(received_at))"
            " FROM intake_crimereport WHERE id > %s AND channel = 'portal'",
            [after_id],
        ).fetchone()
        all_files = {
            row[0] for row in conn.execute("SELECT file FROM intake_attachment")
        }
    by_key = {hashlib.sha256(o.key.encode()).hexdigest(): o for o in outcomes if o.key}
    stored = {row[1]: row for row in rows}
    acked = [o for o in outcomes if o.acknowledged]
    problems: list[str] = []
    lost = [o.code for o in acked if o.code not in stored]
    unacked: list[str] = []
    unexpected: list[str] = []
    for code, (
        _id,
        _c,
        idem,
        secret_digest,
        anonymous,
        n,
        files,
        sizes,
    ) in stored.items():
        outcome = by_key.get(idem)
        if outcome is None:
            unexpected.append(code)
            continue
        if outcome.code != code:
            (unacked if outcome.error else unexpected).append(code)
        elif normalised_secret_digest(outcome.secret) != secret_digest:
            problems.append(f"{code}: the receipt's secret does not match")
        if not anonymous:
            problems.append(f"{code}: not anonymous")
        if n != 1:
            problems.append(f"{code}: {n} attachments")
            continue
        path = world.media_root / files[0]
        if not path.is_file():
            problems.append(f"{code}: file {files[0]} missing")
        elif path.stat().st_size != sizes[0]:
            problems.append(
                f"{code}: file is {path.stat().st_size} B, row says {sizes[0]}"
            )
        elif has_gps(path):
            problems.append(f"{code}: GPS data kept")
    root = world.media_root
    on_disk = (
        {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}
        if root.exists()
        else set()
    )
    orphans = sorted(on_disk - all_files)
    return {
        "stored": len(stored),
        # From the first to the last report stored: the server's own pace.
        "stored_span_seconds": float(span[0] or 0) if span else 0.0,
        "lost": len(lost),
        "lost_codes": lost[:20],
        "stored_unacknowledged": len(unacked),
        "unexpected": len(unexpected),
        "unexpected_codes": unexpected[:20],
        "half_stored_or_wrong": len(problems),
        "problems": problems[:20],
        "orphan_files": len(orphans),
        "orphans": orphans[:20],
    }


def summarise(
    rate: float, outcomes: list[Outcome], wall: float, cpu: dict[str, float]
) -> dict[str, Any]:
    acked = [o for o in outcomes if o.acknowledged]
    errors = Counter(o.error for o in outcomes if o.error)
    return {
        "offered_rate": rate,
        "sent": len(outcomes),
        "acknowledged": len(acked),
        "throughput": round(len(acked) / wall, 2) if wall else 0.0,
        "wall_seconds": round(wall, 1),
        # Of the POSTs answered in time; the others are counted as errors.
        "post_ms": latency([o.post_ms for o in outcomes if o.post_ms is not None]),
        "get_ms": latency([o.get_ms for o in outcomes if o.get_ms is not None]),
        "errors": dict(errors),
        "statuses": dict(Counter(str(o.status) for o in outcomes)),
        # CPU seconds during the rate; "other" is the rest of the machine's work.
        "cpu_seconds": cpu,
    }


def per_stored(row: dict[str, Any]) -> None:
    """What the server achieved, from what it stored (acknowledged or not)."""
    stored = row["verification"]["stored"]
    span = row["verification"]["stored_span_seconds"]
    cpu = row["cpu_seconds"]
    row["stored_per_second"] = round(stored / span, 1) if span else 0.0
    row["server_cpu_ms_per_submission"] = round(
        1000 * (cpu["server"] + cpu["postgres"]) / max(1, stored)
    )


def saturated(row: dict[str, Any]) -> bool:
    p95 = row["post_ms"]["p95"]
    return bool(row["errors"]) or p95 is None or p95 > P95_TARGET_MS


# ---- output --------------------------------------------------------------------


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| offered/s | acknowledged/s | stored/s | POST p50 | p95 | p99 | max (ms) "
        "| GET p95 | acknowledged | stored | lost | stored unack. | half-stored "
        "| orphans | errors | CPU s app/pg/gen/other | app+pg CPU ms/sub. |"
    )
    lines = [head, "|" + "|".join("---" for _ in range(head.count("|") - 1)) + "|"]
    for r in rows:
        v = r.get("verification", {})
        errors = ", ".join(f"{k}: {n}" for k, n in sorted(r["errors"].items())) or "0"
        c = r["cpu_seconds"]
        lines.append(
            f"| {r['offered_rate']:g} | {r['throughput']:.1f} "
            f"| {r.get('stored_per_second', '?')} "
            f"| {ms(r['post_ms']['p50'])} "
            f"| {ms(r['post_ms']['p95'])} | {ms(r['post_ms']['p99'])} "
            f"| {ms(r['post_ms']['max'])} | {ms(r['get_ms']['p95'])} "
            f"| {r['acknowledged']}/{r['sent']} | {v.get('stored', '?')} "
            f"| {v.get('lost', '?')} | {v.get('stored_unacknowledged', '?')} "
            f"| {v.get('half_stored_or_wrong', '?')} | {v.get('orphan_files', '?')} "
            f"| {errors} | {c['server']:g}/{c['postgres']:g}/{c['loadgen']:g}/"
            f"{c['other']:g} | {r.get('server_cpu_ms_per_submission', '?')} |"
        )
    return "\n".join(lines)


def log(message: str) -> None:
    print(
        f"[{datetime.datetime.now().astimezone():%H:%M:%S}] {message}",
        file=sys.stderr,
        flush=True,
    )


# ---- main ----------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Open-loop load benchmark of the portal's report form "
        "(GET /to-giac/, solve the challenge, POST with a ~500 KB photo), "
        "with a check of every stored report after each rate.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument(
        "--rates", default="10,20,40,60,80", help="Submissions per second, in turn."
    )
    parser.add_argument("--duration", type=float, default=60, help="Seconds per rate.")
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn workers of the started server."
    )
    parser.add_argument("--timeout", type=float, default=30, help="Client timeout (s).")
    parser.add_argument("--photo-kb", type=int, default=500, help="Photo size (KB).")
    parser.add_argument("--json", type=Path, help="Write the results here.")
    parser.add_argument(
        "--url", help="Use this running server instead of starting one."
    )
    parser.add_argument(
        "--database-url",
        help="With --url: its PostgreSQL database, to verify what was stored.",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="With --url: its BCD138_DATA_DIR (media files)."
    )
    parser.add_argument(
        "--pg",
        default="postgres@127.0.0.1:5432",
        help="user@host:port of the PostgreSQL server for the fresh database.",
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the database and data directory."
    )
    parser.add_argument(
        "--continue-after-saturation",
        type=int,
        default=1,
        help="How many rates to run after the first saturated one (-1: all).",
    )
    return parser.parse_args(argv)


def configure_django() -> None:
    """Enough of Django for `challenge_solve` (it reads the signed challenge)."""
    from django.conf import settings

    if not os.environ.get("SECRET_KEY"):
        raise SystemExit("SECRET_KEY (the server's) is needed to read the challenges")
    if not settings.configured:
        settings.configure(SECRET_KEY=os.environ["SECRET_KEY"])


async def bench(args: argparse.Namespace, world: World) -> list[dict[str, Any]]:
    find_places(world)
    log(f"{len(world.communes)} communes of {PROVINCE_NAME}; making the photo…")
    photo = make_photo(args.photo_kb)
    log(f"photo: {len(photo) / 1024:.0f} KB, 1600×1200, with EXIF GPS")
    # No cookie is ever stored: each citizen is a new browser (see _csrf_cookie).
    jar = http.cookiejar.CookieJar(
        http.cookiejar.DefaultCookiePolicy(allowed_domains=[])
    )
    limits = httpx.Limits(max_connections=5000, max_keepalive_connections=200)
    rows: list[dict[str, Any]] = []
    after_saturation = -1
    async with httpx.AsyncClient(
        base_url=world.url, timeout=args.timeout, limits=limits, cookies=jar
    ) as client:
        citizen = Citizen(client, world, photo)
        first = 0
        for rate in [float(r) for r in args.rates.split(",")]:
            after_id = report_watermark(world.database_url) if world.database_url else 0
            log(f"rate {rate:g}/s for {args.duration:g} s…")
            cpu0 = cpu_snapshot(world.server_session)
            outcomes, wall = await run_rate(
                world, citizen, rate=rate, duration=args.duration, first=first
            )
            drained = await drain(world, client)
            cpu = cpu_used(cpu0, cpu_snapshot(world.server_session))
            first += len(outcomes)
            row = summarise(rate, outcomes, wall, cpu)
            row["drain_seconds"] = round(drained, 1)
            if world.database_url and world.media_root:
                row["verification"] = verify(world, outcomes, after_id)
                per_stored(row)
            rows.append(row)
            print(table([row]).splitlines()[-1], flush=True)
            if saturated(row) and after_saturation < 0:
                after_saturation = 0
            elif after_saturation >= 0:
                after_saturation += 1
            if 0 <= args.continue_after_saturation <= after_saturation:
                break
    return rows


def report(rows: list[dict[str, Any]], meta: dict[str, Any], out: Path | None) -> int:
    print("\n" + table(rows))
    sat = next((r for r in rows if saturated(r)), None)
    ok = all(
        r.get("verification", {}).get(k, 0) == 0
        for r in rows
        for k in ("lost", "half_stored_or_wrong", "unexpected", "orphan_files")
    )
    print(
        f"\nsaturation: {sat['offered_rate']:g}/s "
        f"(p95 > {P95_TARGET_MS:.0f} ms or errors)"
        if sat
        else "\nno saturation within the rates tried"
    )
    if not all("verification" in r for r in rows):
        print("integrity: NOT verified (give --database-url and --data-dir)")
    else:
        print("integrity: " + ("no loss, nothing half-stored" if ok else "PROBLEMS"))
    if out:
        out.write_text(json.dumps({"meta": meta, "rates": rows}, indent=2) + "\n")
        print(f"results written to {out}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    server: ManagedServer | None = None
    if args.url:
        media = args.data_dir / "media" if args.data_dir else None
        world = World(args.url, args.database_url, media)
        wait_for(args.url, None)
    else:
        server = ManagedServer(workers=args.workers, keep=args.keep, pg=args.pg)
    try:
        if server is not None:
            world = server.start()
        configure_django()
        meta = {
            "url": world.url,
            "workers": args.workers if server else None,
            "duration": args.duration,
            "photo_kb": args.photo_kb,
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "started": datetime.datetime.now(datetime.UTC).isoformat(),
        }
        rows = asyncio.run(bench(args, world))
    finally:
        if server is not None:
            server.stop()
    return report(rows, meta, args.json)


if __name__ == "__main__":
    sys.exit(main())
