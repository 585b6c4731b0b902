"""What the benchmarks share: a scratch database of their own (never the one in DATABASE_URL), Django
set up against it, and the production server started on a free loopback port."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The session id of the last server `served` started: its gunicorn workers and recap worker share it.
server_session: int | None = None


@contextlib.contextmanager
def scratch_database(name: str, database_url: str) -> Iterator[tuple[str, str, Path]]:
    """Yields (url, engine, workdir). On PostgreSQL a database created for the run and dropped after it, on
    the server of ``database_url``: ``name``, prefixed with the given database's name unless that is
    ``postgres``, so that two runs given different databases never drop each other's; otherwise a
    temporary SQLite file."""
    workdir = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    admin = None
    if database_url.startswith(("postgres://", "postgresql://")):
        import psycopg

        parts = urlsplit(database_url)
        given = parts.path.strip("/")
        if given and given != "postgres":
            name = f"{given}_{name}"[:63]
        admin = psycopg.connect(
            urlunsplit(parts._replace(path="/postgres")).replace("postgres://", "postgresql://", 1), autocommit=True
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        template = migrated_template(admin, parts)
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url, engine = urlunsplit(parts._replace(path=f"/{name}")), "PostgreSQL"
    else:
        url, engine = f"sqlite:///{workdir / 'bench.sqlite3'}", "SQLite"
    try:
        yield url, engine, workdir
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if admin is not None:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _schema_fingerprint() -> str:
    """A digest of every migration file: a template migrated from other migrations is never reused."""
    digest = hashlib.sha256()
    for path in sorted((PROJECT_DIR / "suara").glob("**/migrations/*.py")):
        digest.update(str(path.relative_to(PROJECT_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def migrated_template(admin, parts) -> str:
    """The name of a PostgreSQL database already migrated to this checkout's schema, made once (by the
    `suara migrate` command in a subprocess) and kept: each benchmark's scratch database is copied from
    it, so the benchmarks' own `migrate` finds nothing to do. Migrating from scratch costs about 15 s,
    which thirty benchmarks paid each in CI. Two runs making it at once wait on an advisory lock."""
    given = parts.path.strip("/")
    prefix = f"{given}_" if given and given != "postgres" else ""  # as scratch_database names its own
    template = f"{prefix}suara_bench_template_{_schema_fingerprint()}"[:63]
    admin.execute("SELECT pg_advisory_lock(hashtext('suara_bench_template'))")
    try:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if not exists:
            building = f"{template[:55]}_build"
            admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{building}"')
            env = {
                **os.environ,
                "DATABASE_URL": urlunsplit(parts._replace(path=f"/{building}")),
                "SUARA_VAR_DIR": tempfile.mkdtemp(prefix="suara-bench-template-"),
                "SUARA_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 20,
                "DJANGO_SETTINGS_MODULE": "suara.settings",
            }
            subprocess.run(
                [sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
                env=env,
                cwd=PROJECT_DIR,
                check=True,
            )
            shutil.rmtree(env["SUARA_VAR_DIR"], ignore_errors=True)
            # Older templates (other migrations) go: one is kept per database prefix.
            stale = admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s",
                [f"{prefix}suara_bench_template_%", building],
            ).fetchall()
            for (old,) in stale:
                admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
            admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
    finally:
        admin.execute("SELECT pg_advisory_unlock(hashtext('suara_bench_template'))")
    return template


def django_setup(url: str, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SUARA_VAR_DIR"] = str(workdir / "var")
    os.environ.setdefault("SUARA_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 20)
    os.environ["DJANGO_SETTINGS_MODULE"] = "suara.settings"
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


def reference_seconds() -> float:
    """CPU seconds of a fixed pure-Python loop (ten million additions): this machine's speed now. The
    2-core machines these benchmarks run on have measured from about 0.9 s to 1.5 s within one day, which
    moves every throughput figure with it; printed beside them, it lets runs be compared."""
    started = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - started


def backend_cpu_reader():
    """A function that reads the CPU seconds used so far by the PostgreSQL backend of Django's connection
    (the server on this machine, through /proc; -1 when it cannot): with this process's own CPU time, what a
    one-process benchmark costs, which a loaded machine moves far less than the wall clock. None on SQLite,
    which runs inside this process."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    def read() -> float:
        fields = _proc_stat(str(pid))
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else -1.0

    return read


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(
    workers: int | None,
    extra_env: dict[str, str] | None = None,
    *,
    threads: int | None = None,
    background: bool = True,
) -> Iterator[int]:
    """`suara serve` on a free port, with this process's settings; serve's own number of processes and
    threads where ``workers`` or ``threads`` is None. With ``background`` false, gunicorn alone (serve's
    --no-worker): for a benchmark that needs no recap worker, task worker or scheduler, whose starting
    (each imports the whole site) took about 5 of the 8.6 s the server took to answer on two cores."""
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    log = open(Path(env["SUARA_VAR_DIR"]) / "serve.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-c", "from suara.cli import main; main()", "serve", "--port", str(port),
         *(["--workers", str(workers)] if workers else []), *(["--threads", str(threads)] if threads else []),
         *([] if background else ["--no-worker"])],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    global server_session
    server_session = server.pid
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/elections", timeout=5).read()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"server did not start; see {log.name}") from None
                time.sleep(0.3)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        if os.environ.get("BENCH_SHOW_SERVER_LOG"):
            print(Path(log.name).read_text()[-int(os.environ["BENCH_SHOW_SERVER_LOG"]) :])


def write_geography_slice(
    data_dir: Path, out_dir: Path, prefixes: tuple[str, ...], overseas: tuple[str, ...] = ()
) -> tuple[Path, Path, Path | None]:
    """The rows of the 2024 geography files under ``prefixes`` (with the provinces above them), and of
    the overseas file for the ``overseas`` countries, written to ``out_dir``; the paths of the three
    (None for overseas when no country is asked for)."""
    provinces = {p[:2] for p in prefixes}
    wanted = [
        ("pemilu2024_wilayah.csv", "kode", lambda c: c in provinces or c.startswith(prefixes)),
        ("pemilu2024_tps.csv", "kode_desa", lambda c: c.startswith(prefixes)),
    ]
    if overseas:
        wanted.append(("pemilu2024_tps_luar_negeri.csv", "kode_negara", lambda c: c in overseas))
    paths: list[Path | None] = []
    for name, column, keep in wanted:
        with open(data_dir / name, encoding="utf-8", newline="") as src, open(out_dir / name, "w", newline="") as dst:
            reader = csv.DictReader(src)
            writer = csv.DictWriter(dst, reader.fieldnames)
            writer.writeheader()
            writer.writerows(row for row in reader if keep(row[column]))
        paths.append(out_dir / name)
    paths += [None] * (3 - len(paths))
    return paths[0], paths[1], paths[2]


def _proc_stat(pid: str) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def session_cpu_seconds(session: int) -> float:
    """CPU seconds used so far by the processes of a session (Linux /proc): a figure that says more than
    the wall clock on a machine shared with other work."""
    ticks = 0
    for pid in os.listdir("/proc"):
        fields = _proc_stat(pid) if pid.isdigit() else None
        if fields and int(fields[3]) == session:  # fields[3]: the session id (stat field 6)
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


class BackendsCpu:
    """CPU seconds of the PostgreSQL backends connected to ``database`` (a server on this machine, read
    through /proc) over a stretch of time. Read by sampling while the load runs: Django closes a
    connection older than CONN_MAX_AGE and opens another, so a backend may end before a last reading
    could see it and start after a first one. Each backend counts from the first sample (or from its
    start, if it began later) to the last sample that saw it. ``seconds`` is -1 when they cannot be
    read."""

    def __init__(self, database: str):
        import psycopg
        from django.conf import settings

        params = settings.DATABASES["default"]
        conninfo = (
            f"host={params['HOST'] or '127.0.0.1'} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
        )
        self.database = database
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.readable = True
        try:
            self.admin = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error:
            self.admin, self.readable = None, False
        self._started = False

    def sample(self) -> None:
        if not self.readable:
            return
        pids = [pid for (pid,) in self.admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
        )]  # fmt: skip
        read = 0
        for pid in pids:
            fields = _proc_stat(str(pid))
            if fields is None:  # ended since the query; its count stays at its last sample
                continue
            read += 1
            ticks = int(fields[11]) + int(fields[12])
            self.first.setdefault(pid, ticks if not self._started else 0)
            self.last[pid] = ticks
        if pids and not read:  # none on this machine: a server elsewhere
            self.readable = False
        self._started = True

    @property
    def seconds(self) -> float:
        if not self.readable:
            return -1.0
        return sum(self.last[pid] - self.first[pid] for pid in self.last) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        if self.admin is not None:
            self.admin.close()


def backend_cpu_seconds() -> float:
    """CPU seconds of this process's own PostgreSQL backend so far (a server on this machine), or -1."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return -1.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = _proc_stat(str(pid))
    return -1.0 if fields is None else (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
