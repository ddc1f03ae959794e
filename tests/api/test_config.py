"""Configuration: defaults, INI file, ANSHIN_* overrides; unknown keys and bad values refused."""
import os

import requests


def write(srv, text):
    path = os.path.join(srv.dir, "custom.conf")
    with open(path, "w") as f:
        f.write(text)
    return path


def test_unknown_key_in_file_is_refused(make_server):
    srv = make_server()
    path = write(srv, "[server]\nlisten = 127.0.0.1:1\nthreadz = 4\n")
    r = srv.cli("migrate", "--config", path)
    assert r.returncode != 0
    assert "threadz" in r.stderr


def test_bad_value_is_refused_naming_the_key(make_server):
    srv = make_server()
    path = write(srv, "[server]\nthreads = many\n")
    r = srv.cli("serve", "--config", path)
    assert r.returncode != 0 and "[server] threads" in r.stderr
    srv.env["ANSHIN_STORE_DRIVER"] = "oracle"
    r = srv.cli("migrate")
    assert r.returncode != 0 and "ANSHIN_STORE_DRIVER" in r.stderr


def test_unknown_environment_override_is_refused(make_server):
    srv = make_server()
    srv.env["ANSHIN_SERVER_LISTNE"] = "127.0.0.1:9"
    r = srv.cli("migrate")
    assert r.returncode != 0 and "listne" in r.stderr


def test_environment_overrides_the_file(make_server):
    srv = make_server()
    path = write(srv, "[server]\nlisten = 127.0.0.1:1\n[log]\nlevel = warn\n")
    srv.env["ANSHIN_CONFIG_UNUSED"] = ""
    del srv.env["ANSHIN_CONFIG_UNUSED"]
    # The file says port 1; the environment (set by the harness) wins.
    with open(os.path.join(srv.dir, "anshin.conf"), "w") as f:
        f.write(open(path).read())
    srv.start()
    assert requests.get(srv.url + "/healthz").status_code == 200


def test_master_key_file_is_private(make_server):
    srv = make_server()
    assert srv.cli("migrate").returncode == 0
    mode = os.stat(os.path.join(srv.dir, "master.key")).st_mode & 0o777
    assert mode == 0o600
    os.chmod(os.path.join(srv.dir, "master.key"), 0o644)
    r = srv.cli("migrate")
    assert r.returncode != 0 and "master.key" in r.stderr


def test_help_for_each_command(make_server):
    srv = make_server()
    for cmd in (["--help"], ["serve", "--help"], ["migrate", "--help"], ["admin", "--help"],
                ["audit", "--help"]):
        r = srv.cli(*cmd)
        assert r.returncode == 0 and "usage" in r.stdout.lower(), cmd
