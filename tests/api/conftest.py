"""Black-box harness: every test talks HTTP to a real `anshin serve` process with its own data
directory, on a free port, on SQLite or on the real PostgreSQL started by scripts/pg-test.sh."""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("ANSHIN_BIN") or os.path.join(ROOT, "build", "anshin")
PG_URL = os.environ.get("ANSHIN_TEST_PG_URL", "")
# The backend of the shared `server` fixture and of make_server() by default: make test runs the
# whole API suite once on SQLite and once on PostgreSQL.
DRIVER = os.environ.get("ANSHIN_TEST_API_DRIVER", "sqlite")

# Fast hashing for tests: the production parameters are exercised by the benchmark.
FAST_HASH = {"ANSHIN_PASSWORD_ARGON2_MEMORY_KIB": "8192", "ANSHIN_PASSWORD_ARGON2_ITERATIONS": "1"}
# Every test logs in from 127.0.0.1: the login rate limits are off unless a test turns them on.
NO_RATE_LIMITS = {"ANSHIN_PASSWORD_LOGIN_RATE_PER_IP": "0", "ANSHIN_PASSWORD_LOGIN_RATE_PER_ACCOUNT": "0",
                  # Staff would otherwise set up TOTP first; test_mfa.py turns it on.
                  "ANSHIN_SECURITY_STAFF_MFA_REQUIRED": "false",
                  # Public forms (M6): off here; test_public_forms.py turns them on.
                  "ANSHIN_PUBLIC_WRITE_RATE_PER_IP": "0", "ANSHIN_PUBLIC_WRITE_RATE_GLOBAL": "0",
                  "ANSHIN_PUBLIC_MAIL_RATE_PER_RECIPIENT": "0",
                  # The 04:00 JST backup schedule would take a backup when each server starts
                  # (none taken yet today): off here; test_backup.py runs it.
                  "ANSHIN_BACKUP_SCHEDULE": "off"}
ADMIN_PASSWORD = "Anshin-Test-2026!"
# /metrics answers only to this bearer token (I1); test_edge.py also starts a server without one.
METRICS_TOKEN = "metrics-token-for-tests"


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "timed: asserts a latency bound; make test runs these after the other API tests, "
        "one backend after the other, so that nothing else on the machine weighs on one side of "
        "the comparison (scripts/test.sh)")


# libfaketime preloaded into the binary itself rather than through the `faketime` wrapper: the
# wrapper keeps a semaphore and a shared-memory object in /dev/shm named by its own PID, leaves
# them there when it does not get to clean up, and a later wrapper that happens to get the same
# PID (PIDs wrap at 32,768) refuses to start: exit 1 and nothing on stdout.
FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"


def faked_env(env, fake):
    """A copy of env that runs the binary with its clock moved by fake (libfaketime's FAKETIME:
    "-800d", "@2026-12-01 19:00:30" starting there and running on), or unchanged when fake is
    None."""
    e = dict(env)
    if fake:
        e["ASAN_OPTIONS"] = e.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"
        e["LD_PRELOAD"] = FAKETIME_LIB
        e["FAKETIME"] = fake
    return e


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Every server this process made, so that the session's end can remove what they left (see
# remove_leftovers): a run made about 1,000 data directories and 500 schemas, some 5 GB, and
# repeated runs filled the disk until the product's own disk probe failed.
MADE = []
# Directories made by scratch_dir(): removed with the servers' ones.
SCRATCH = []


def scratch_dir(prefix):
    """A new temporary directory named prefix*, removed when the session ends as the servers'
    data directories are (kept after a failure or with ANSHIN_TEST_KEEP=1)."""
    d = tempfile.mkdtemp(prefix=prefix)
    SCRATCH.append(d)
    return d


def pg_schema_url(schemas=None):
    """A fresh schema in the test database, so each server starts from an empty store; its name
    is appended to schemas, when given, for removal at the end."""
    schema = "t_" + uuid.uuid4().hex[:12]
    subprocess.run(["psql", PG_URL, "-qc", "CREATE SCHEMA %s" % schema], check=True,
                   capture_output=True)
    if schemas is not None:
        schemas.append(schema)
    sep = "&" if "?" in PG_URL else "?"
    return PG_URL + sep + "options=-csearch_path%3D" + schema


@pytest.fixture(scope="session", autouse=True)
def remove_leftovers(request):
    """After the whole session: stop any server still running, then remove the data directories
    (and those of scratch_dir) and drop the schemas the servers were given; when a test failed they are kept for reading
    (or always, with ANSHIN_TEST_KEEP=1). Each schema is dropped in its own transaction (one
    statement a line on psql's input): one transaction for all would need a lock per table."""
    yield
    for srv in MADE:
        srv.stop()
    if request.session.testsfailed or os.environ.get("ANSHIN_TEST_KEEP"):
        return
    schemas = [name for srv in MADE for name in srv.schemas]
    if schemas and PG_URL:
        script = "".join("DROP SCHEMA IF EXISTS %s CASCADE;\n" % name for name in schemas)
        subprocess.run(["psql", PG_URL, "-q", "-f", "-"], input=script, text=True,
                       capture_output=True)
    for d in [srv.dir for srv in MADE] + SCRATCH:
        shutil.rmtree(d, ignore_errors=True)


class Server:
    def __init__(self, driver="sqlite", env=None, tls=False):
        self.dir = tempfile.mkdtemp(prefix="anshin-api-")
        self.schemas = []
        MADE.append(self)
        self.port = free_port()
        self.driver = driver
        self.tls = tls
        self.env = dict(os.environ)
        self.env.update(FAST_HASH)
        self.env.update(NO_RATE_LIMITS)
        self.env.update({
            "ANSHIN_SERVER_LISTEN": "127.0.0.1:%d" % self.port,
            "ANSHIN_STORE_DRIVER": driver,
            "ANSHIN_STORE_PATH": os.path.join(self.dir, "anshin.db"),
            "ANSHIN_KEYS_MASTER_KEY_FILE": os.path.join(self.dir, "master.key"),
            "ANSHIN_WEB_ROOT": os.path.join(ROOT, "web"),
            "ANSHIN_LOG_ACCESS_LOG": "false",
            "ANSHIN_SERVER_METRICS_TOKEN": METRICS_TOKEN,
        })
        if driver == "postgres":
            self.env["ANSHIN_STORE_URL"] = pg_schema_url(self.schemas)
        if env:
            self.env.update(env)
        self.proc = None
        self.log = None

    @property
    def url(self):
        return "%s://127.0.0.1:%d" % ("https" if self.tls else "http", self.port)

    def sql(self, query, *args):
        """Runs one SQL statement ("?" placeholders) on the server's database, either backend;
        returns the rows. For tests that look behind the API (time travel, stored hashes)."""
        if self.driver == "postgres":
            import psycopg2
            conn = psycopg2.connect(self.env["ANSHIN_STORE_URL"])
            try:
                with conn, conn.cursor() as cur:
                    cur.execute(query.replace("?", "%s"), args)
                    return cur.fetchall() if cur.description else []
            finally:
                conn.close()
        import sqlite3
        db = sqlite3.connect(os.path.join(self.dir, "anshin.db"))
        try:
            rows = db.execute(query, args).fetchall()
            db.commit()
            return rows
        finally:
            db.close()

    def cli(self, *args, stdin="", fake=None, env=None, timeout=120):
        """Runs `anshin ARGS` on the server's data; with fake, under a moved clock (faked_env)."""
        e = faked_env(self.env, fake)
        e.update(env or {})
        return subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True,
                              env=e, cwd=self.dir, timeout=timeout)

    def outbox(self, to=None, template=None):
        """The mail outbox opened, oldest first, as dicts (id, tenant_id, to_addr, subject,
        body_text, template, lang, status), optionally only mail to `to` / of `template`. The
        address, subject and body are sealed per tenant (SLA-15, issue 14 item 1), so tests read
        them through `anshin seal outbox` rather than the table."""
        r = self.cli("seal", "outbox")
        assert r.returncode == 0, r.stderr
        return [m for m in json.loads(r.stdout)
                if (to is None or m["to_addr"] == to) and
                (template is None or m["template"] == template)]

    def create_staff(self, login, password=ADMIN_PASSWORD, roles="admin"):
        r = self.cli("admin", "create", "--login", login, "--roles", roles,
                     stdin=(password + "\n") if password else "")
        assert r.returncode == 0, r.stderr
        return r.stdout

    def start(self, _tries=5):
        self.log = open(os.path.join(self.dir, "server.log"), "ab")
        self.proc = subprocess.Popen([BIN, "serve"], env=self.env, cwd=self.dir,
                                     stdout=self.log, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                # free_port() only found the port free: another process (the other suite's
                # server, or any client's outgoing connection, which draws from the same range)
                # can take it before the server binds. Then the server says so and a new port is
                # tried, as a person would.
                if _tries > 1 and "cannot start the HTTP server" in self.read_log():
                    self.log.close()
                    self.port = free_port()
                    self.env["ANSHIN_SERVER_LISTEN"] = "127.0.0.1:%d" % self.port
                    return self.start(_tries - 1)
                raise RuntimeError("server exited: " + self.read_log())
            try:
                requests.get(self.url + "/healthz", timeout=1, verify=False)
                return self
            except requests.RequestException:
                time.sleep(0.05)
        raise RuntimeError("server did not start: " + self.read_log())

    def read_log(self):
        with open(os.path.join(self.dir, "server.log"), "rb") as f:
            return f.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.log:
            self.log.close()
            self.log = None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        self.log.close()
        self.log = None

    def login(self, login, password=ADMIN_PASSWORD):
        s = requests.Session()
        s.verify = False
        r = s.post(self.url + "/api/v1/auth/login", json={"login": login, "password": password})
        assert r.status_code == 200, r.text
        s.headers["X-CSRF-Token"] = r.json()["csrf_token"]
        return s


def drivers():
    return ["sqlite", "postgres"]


@pytest.fixture(scope="module")
def server(request):
    """The module's server; a module may set SERVER_ENV (a dict) for settings of its own."""
    if DRIVER == "postgres" and not PG_URL:
        pytest.skip("PostgreSQL is not available (ANSHIN_TEST_PG_URL unset)")
    srv = Server(driver=DRIVER, env=getattr(request.module, "SERVER_ENV", None))
    srv.create_staff("admin")
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture
def make_server():
    """Factory for servers a test configures itself; all are stopped afterwards."""
    made = []

    def make(driver=None, **kw):
        driver = driver or DRIVER
        if driver == "postgres" and not PG_URL:
            pytest.skip("PostgreSQL is not available (ANSHIN_TEST_PG_URL unset)")
        srv = Server(driver=driver, **kw)
        made.append(srv)
        return srv

    yield make
    for s in made:
        s.stop()


@pytest.fixture
def admin(server):
    return server.login("admin")


def unique(prefix="u"):
    return "%s%s" % (prefix, secrets.token_hex(4))
