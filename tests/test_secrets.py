"""The Neo4j password: read from the environment, never printed, logged or put on a command line.

Each CLI run below is a real process (``python -m talentgraph``), so everything it could
leak is caught: stdout, stderr, driver log lines, --debug tracebacks. The secret is a
fresh unique string, so a hit can only be a leak. Runs against the suite's Neo4j
(NEO4J_URI), a port where nothing listens, and a URI that carries a password. The load
with the right (random) password against a server of its own is in test_faults.py.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO

DOWN = "bolt://127.0.0.1:7714"  # nothing listens there (the suite's own range: 7711-7715)


def secret() -> str:
    return "sekret-" + secrets.token_hex(12)


def talentgraph(*args: str, password: str | None, uri: str | None = None, timeout: float = 120):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TALENTGRAPH_"))}
    if password is not None:
        env["NEO4J_PASSWORD"] = password
    if uri is not None:
        env["NEO4J_URI"] = uri
    return subprocess.run([sys.executable, "-m", "talentgraph", *args],
                          env=env, capture_output=True, text=True, timeout=timeout, check=False)


def assert_no_leak(done: subprocess.CompletedProcess, *leaks: str) -> None:
    for leak in leaks:
        assert leak not in done.stdout and leak not in done.stderr, (done.stdout, done.stderr)


@pytest.fixture
def data_dir(tmp_path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "orgs.yaml").write_bytes((FIXTURES / "orgs.yaml").read_bytes())
    (folder / "moves.csv").write_bytes((FIXTURES / "merge_moves.csv").read_bytes())
    return folder


@pytest.fixture
def relocks(neo4j_server):
    """After wrong passwords Neo4j locks the user for ~5 s: wait until the right one works again."""
    yield
    from neo4j import GraphDatabase

    deadline = time.monotonic() + 30
    while True:
        try:
            with GraphDatabase.driver(neo4j_server.uri, auth=("neo4j", os.environ.get("NEO4J_PASSWORD"))) as d:
                d.verify_connectivity()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.neo4j
@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_a_wrong_password_is_refused_without_echoing_it(neo4j_server, relocks, data_dir, debug):
    wrong = secret()
    for args in (["load", "--neo4j", neo4j_server.uri], ["query", "flows", "--neo4j", neo4j_server.uri]):
        done = talentgraph(*debug, "--data", str(data_dir), *args, password=wrong)
        assert done.returncode == 1, done.stderr
        # The third wrong password in a row locks the user for a while: a message of its own.
        assert "refused the credentials of user 'neo4j'" in done.stderr
        assert_no_leak(done, wrong)
        if not debug:
            assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_a_server_that_is_down_gets_no_password_in_the_message(data_dir, debug):
    pw = secret()
    done = talentgraph(*debug, "--data", str(data_dir), "load", "--neo4j", DOWN, password=pw)
    assert done.returncode == 1
    assert f"cannot reach Neo4j at {DOWN}" in done.stderr
    assert_no_leak(done, pw)


@pytest.mark.neo4j
def test_a_successful_load_with_debug_prints_no_password(neo4j_server, data_dir):
    real = os.environ.get("NEO4J_PASSWORD") or pytest.fail("NEO4J_PASSWORD must be set for the Neo4j tests")
    try:
        done = talentgraph("--debug", "--data", str(data_dir), "load", "--neo4j", neo4j_server.uri, password=real)
        assert done.returncode == 0, done.stderr
        assert "written to Neo4j at" in done.stdout
        assert_no_leak(done, real)
        done = talentgraph("--debug", "--data", str(data_dir), "query", "flows", "--neo4j", neo4j_server.uri,
                           password=real)
        assert done.returncode == 0 and "OpenAI" in done.stdout
        assert_no_leak(done, real)
    finally:
        neo4j_server.clear()


def test_a_password_in_the_uri_option_is_refused_and_not_echoed(data_dir):
    pw = secret()
    for verb in (["load"], ["query", "flows"], ["export", "--to", "csv", str(data_dir / "out")]):
        done = talentgraph("--data", str(data_dir), *verb, "--neo4j", f"bolt://neo4j:{pw}@127.0.0.1:7714",
                           password=None)
        assert done.returncode == 2, (verb, done.stderr)
        assert "never put the password in the URI" in done.stderr
        assert_no_leak(done, pw)


@pytest.mark.parametrize("uri", ["bolt://neo4j:{pw}@127.0.0.1:7714", "neo4j://neo4j:{pw}@127.0.0.1:7714/db",
                                 "bolt+s://x:{pw}@127.0.0.1:7714"])
def test_a_password_in_NEO4J_URI_is_refused_and_not_echoed(data_dir, uri):
    pw = secret()
    for debug in ([], ["--debug"]):
        done = talentgraph(*debug, "--data", str(data_dir), "query", "flows", "--neo4j", password=None,
                           uri=uri.format(pw=pw))
        assert done.returncode in (1, 2), done.stderr
        assert_no_leak(done, pw)
    done = talentgraph("--data", str(data_dir), "query", "flows", password=None, uri=uri.format(pw=pw))
    assert done.returncode in (1, 2) and "holds a password" in done.stderr
    assert_no_leak(done, pw)


def _java_servers() -> list[tuple[int, bytes]]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if b"talentgraph.neo4jserver.Main" in cmdline:
                found.append((int(proc.name), cmdline))
    return found


@pytest.mark.neo4j
def test_the_servers_command_line_holds_no_password(neo4j_server):
    port = neo4j_server.uri.rsplit(":", 1)[1].encode()
    ours = [(pid, cmd) for pid, cmd in _java_servers() if cmd.split(b"\0")[-2:-1] == [port]]
    if not ours and os.environ.get("CI") != "true":
        pytest.skip("the suite's Neo4j is not a local talentgraph launcher (NEO4J_URI names another server)")
    assert ours, "CI starts the suite's Neo4j with scripts/neo4j.sh: its launcher must be found"
    password = os.environ["NEO4J_PASSWORD"].encode()
    for _, cmdline in ours:
        assert password not in cmdline


def test_the_launcher_passes_the_password_by_environment_only():
    script = (REPO / "scripts" / "neo4j.sh").read_text(encoding="utf-8")
    [java_call] = re.findall(r'setsid "\$jhome/bin/java"[^\n]*\n[^\n]*', script)
    assert "PASSWORD" not in java_call
    main = (REPO / "neo4j-server" / "src" / "main" / "java" / "talentgraph" / "neo4jserver" / "Main.java")
    assert 'System.getenv("NEO4J_PASSWORD")' in main.read_text(encoding="utf-8")


def test_a_running_load_shows_no_password_in_the_process_list(data_dir):
    pw = secret()
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | {"NEO4J_PASSWORD": pw}
    proc = subprocess.Popen([sys.executable, "-m", "talentgraph", "--data", str(data_dir), "load", "--neo4j", DOWN],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    looked = 0
    try:
        while proc.poll() is None:  # every process on the machine, while the load runs
            ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=True).stdout
            if proc.poll() is None:
                looked += 1
            assert pw not in ps
    finally:
        proc.kill()
        _, err = proc.communicate()
    assert looked >= 1
    assert pw.encode() not in err
