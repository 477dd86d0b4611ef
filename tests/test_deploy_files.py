"""The deployment files read as IT will use them: every variable the code reads is in
.env.example, the unit is hardened and takes its secrets as credentials, the image installs
from the lock alone and checks its health with a command that exists, and the lock files pin
every dependency with hashes (the runtime one without test tools). The files are read, not
run: CI exercises the same install steps from the lock (`make test` installs from
requirements-dev.lock with --require-hashes)."""

from __future__ import annotations

import ast
import json
import re
import shlex
import tomllib
from pathlib import Path

import pytest
from typer.main import get_command

from panelclerk import secrets
from panelclerk.cli import app as cli_app

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "panelclerk"
ENV_NAME = re.compile(r"^(PANELCLERK|SLACK|TEAMS|DATABASE|BOARD)_[A-Z0-9_]+$")


def _string_constants() -> set[str]:
    """Every string constant in the product's code shaped like one of its variables' names
    (calls, options' envvar=, module constants and the mailbox's *_env defaults alike)."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
            if is_text and ENV_NAME.match(node.value):
                names.add(node.value)
    return names


def _example_names() -> set[str]:
    text = (ROOT / ".env.example").read_text("utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.M))


def test_every_variable_the_code_reads_is_in_the_env_example():
    read = _string_constants()
    assert {"DATABASE_URL", "PANELCLERK_AUDIT_KEY", "SLACK_BOT_TOKEN"} <= read  # the scan works
    # the Graph certificate's thumbprint is read as f"{name}_THUMBPRINT"
    read.add("PANELCLERK_GRAPH_CERTIFICATE_THUMBPRINT")
    missing = sorted(read - _example_names())
    assert missing == [], f"add to .env.example: {missing}"


def test_the_env_example_sets_no_secret():
    for line in (ROOT / ".env.example").read_text("utf-8").splitlines():
        if line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        assert value == "", f"{name} is given a value in .env.example"


def _unit() -> list[tuple[str, str]]:
    settings = []
    for line in (ROOT / "deploy" / "panelclerk.service").read_text("utf-8").splitlines():
        if line and not line.startswith(("#", "[")) and "=" in line:
            key, value = line.split("=", 1)
            settings.append((key.strip(), value.strip()))
    return settings


def _serve_options() -> set[str]:
    """Every option `panelclerk serve` takes, as its --help shows them."""
    serve = get_command(cli_app).commands["serve"]  # type: ignore[attr-defined]
    return {name for param in serve.params for name in getattr(param, "opts", [])}


def _serve_line_is_real(words: list[str]) -> dict[str, str]:
    """`serve` and its options as a deployment file runs them: each option one serve takes,
    with --health-port given. The options with their values."""
    assert words[0] == "serve", words
    given = {}
    rest = words[1:]
    while rest:
        option = rest.pop(0)
        assert option in _serve_options(), f"serve has no option {option}"
        given[option] = rest.pop(0) if rest and not rest[0].startswith("--") else ""
    assert given.get("--health-port", "").isdigit()
    return given


def test_the_unit_is_hardened_and_writes_only_its_data_directory():
    unit = _unit()
    single = dict(unit)
    assert single["ProtectSystem"] == "strict"
    assert single["ReadWritePaths"] == "/var/lib/panelclerk"
    assert single["UMask"] == "0077"
    assert single["NoNewPrivileges"] == "yes"
    assert single["PrivateTmp"] == "yes"
    assert single["Restart"] == "on-failure"
    assert single["User"] not in ("root", "0")
    assert single["CapabilityBoundingSet"] == ""
    start = shlex.split(single["ExecStart"])
    assert start[0] == "/opt/panelclerk/bin/panelclerk"
    _serve_line_is_real(start[1:])
    assert not any("migrate" in value for key, value in unit if key.startswith("Exec"))


def test_the_unit_checks_the_board_for_a_deployment_before_serve_starts():
    checks = [shlex.split(v) for k, v in _unit() if k == "ExecStartPre"]
    assert ["/opt/panelclerk/bin/panelclerk", "check-config", "--deployment"] in [
        words[:3] for words in checks
    ]
    check_config = get_command(cli_app).commands["check-config"]  # type: ignore[attr-defined]
    assert "--deployment" in {o for p in check_config.params for o in getattr(p, "opts", [])}


def test_the_unit_gives_secrets_as_credentials_not_environment():
    unit = _unit()
    credentials = [v.split(":", 1)[0] for k, v in unit if k == "LoadCredential"]
    assert "PANELCLERK_AUDIT_KEY" in credentials
    environment = [v for k, v in unit if k == "Environment"]
    assert "PANELCLERK_AUDIT_KEY_FILE=%d/PANELCLERK_AUDIT_KEY" in environment
    assert not any(v.startswith(("PANELCLERK_AUDIT_KEY=", "DATABASE_URL=")) for v in environment)
    # the commented pairs name only variables the code reads
    text = (ROOT / "deploy" / "panelclerk.service").read_text("utf-8")
    named = set(re.findall(r"Environment=([A-Z0-9_]+?)(?:_FILE)?=%d/", text))
    assert named <= _string_constants()


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text("utf-8")


def test_the_image_installs_from_the_runtime_lock_only_and_runs_unprivileged():
    text = _dockerfile()
    assert re.search(r"python:3\.11-slim", text)
    assert "--require-hashes -r requirements.lock" in text
    assert "requirements-dev.lock" not in text
    assert "--no-deps" in text
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.M)
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert 'VOLUME ["/var/lib/panelclerk"]' in text
    assert re.search(r"^WORKDIR /var/lib/panelclerk$", text, flags=re.M)
    ignored = (ROOT / ".dockerignore").read_text("utf-8")
    assert "!requirements.lock" in ignored and "!panelclerk/" in ignored


def _exec_form(text: str, instruction: str) -> list[str]:
    """The words of the Dockerfile's last `CMD [...]` (instruction "CMD") or of its
    `HEALTHCHECK [--option ...] CMD [...]` (instruction "HEALTHCHECK"), in exec form."""
    prefix = r"^CMD " if instruction == "CMD" else r"^HEALTHCHECK(?:\s+--\S+)*\s+\\\n\s*CMD "
    found = re.findall(prefix + r"(\[.*\])$", text, flags=re.M)
    assert found, f"no {instruction} in exec form"
    words = json.loads(found[-1])
    assert all(isinstance(w, str) for w in words)
    return words


def test_the_image_serves_with_its_health_port_and_checks_health_there():
    text = _dockerfile()
    assert re.search(r'^ENTRYPOINT \["/opt/panelclerk/bin/panelclerk"\]$', text, flags=re.M)
    served = _serve_line_is_real(_exec_form(text, "CMD"))
    port = served["--health-port"]
    # the check is the image's own Python (the slim image has no curl) asking /healthz on
    # that port: a 503 raises, so an unhealthy service fails the check
    check = _exec_form(text, "HEALTHCHECK")
    assert check[:2] == ["/opt/panelclerk/bin/python", "-c"]
    compile(check[2], "<healthcheck>", "exec")
    assert f"http://127.0.0.1:{port}/healthz" in check[2]
    assert "curl" not in check[2] and "wget" not in check[2]
    exposed = {p for line in re.findall(r"^EXPOSE (.+)$", text, re.M) for p in line.split()}
    assert port not in exposed  # serve binds it to 127.0.0.1: never published
    # Slack's, Teams' and Graph's endpoints, on an address the published ports reach
    assert served["--host"] == "0.0.0.0"  # inside the container
    for option, default in (("--port", "3000"), ("--teams-port", "3978"), ("--graph-port", "")):
        assert served.get(option, default) in exposed, option


def test_compose_runs_serve_with_postgresql_read_only_and_secrets_from_an_env_file():
    yaml = pytest.importorskip("yaml")
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text("utf-8"))
    service = compose["services"]["panelclerk"]
    served = _serve_line_is_real(service["command"])
    published = [str(p) for p in service["ports"]]
    assert all(p.startswith("127.0.0.1:") for p in published)  # for the proxy on the host
    assert not any(p.endswith(f":{served['--health-port']}") for p in published)
    assert service["env_file"] == ".env"
    assert service["read_only"] is True
    assert service["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "data:/var/lib/panelclerk" in service["volumes"]
    assert compose["services"]["db"]["image"].startswith("postgres:")
    assert "POSTGRES_PASSWORD" in _example_names()


def _locked(name: str) -> dict[str, str]:
    """name -> version of every package pinned in a lock file, each checked to carry hashes."""
    text = (ROOT / name).read_text("utf-8")
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=[a-z0-9])", text):
        first = block.split("\n", 1)[0]
        match = re.match(r"^([A-Za-z0-9._-]+)==(\S+)", first)
        if not match:
            continue
        assert "--hash=sha256:" in block, f"{match.group(1)} in {name} has no hash"
        pins[re.sub(r"[-_.]+", "-", match.group(1).lower())] = match.group(2)
    return pins


def _requirement_names(requirements: list[str]) -> set[str]:
    names = set()
    for requirement in requirements:
        name = re.match(r"^[A-Za-z0-9._-]+", requirement)
        assert name is not None
        names.add(re.sub(r"[-_.]+", "-", name.group(0).lower()))
    return names - {"panelclerk"}


def test_the_locks_pin_every_dependency_with_hashes_and_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    runtime, dev = _locked("requirements.lock"), _locked("requirements-dev.lock")
    extras = project["optional-dependencies"]
    assert _requirement_names(project["dependencies"] + extras["postgres"]) <= set(runtime)
    assert _requirement_names(extras["dev"]) <= set(dev)
    assert {k: v for k, v in dev.items() if k in runtime} == runtime
    # the project is installed with --no-build-isolation from the lock's setuptools
    assert "setuptools" in runtime and "setuptools" in dev


def test_the_runtime_lock_pulls_no_test_tools():
    runtime = _locked("requirements.lock")
    tools = {"pytest", "hypothesis", "ruff", "mypy", "bandit", "atheris", "playwright", "uv"}
    assert tools & set(runtime) == set()


def test_make_installs_from_the_dev_lock_with_hashes():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    stamp = makefile.split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes -r requirements-dev.lock" in stamp
    assert "--no-deps" in stamp
    assert "\nlock:" in makefile


def test_a_secret_comes_from_the_variable_its_file_or_the_systemd_credential(tmp_path):
    credentials = tmp_path / "credentials"
    credentials.mkdir()
    (credentials / "PANELCLERK_SMTP_PASSWORD").write_text("from-systemd\n")
    named = tmp_path / "mounted"
    named.write_text("from-a-file\n")
    systemd = {"CREDENTIALS_DIRECTORY": str(credentials)}
    assert secrets.secret("PANELCLERK_SMTP_PASSWORD", systemd) == "from-systemd"
    assert secrets.secret("PANELCLERK_SMTP_PASSWORD", {}) is None
    with_file = {**systemd, "PANELCLERK_SMTP_PASSWORD_FILE": str(named)}
    assert secrets.secret("PANELCLERK_SMTP_PASSWORD", with_file) == "from-a-file"
    direct = {**with_file, "PANELCLERK_SMTP_PASSWORD": "given"}
    assert secrets.secret("PANELCLERK_SMTP_PASSWORD", direct) == "given"
    # a name cannot reach outside the credentials directory
    (tmp_path / "outside").write_text("no")
    assert secrets.credential_path("../outside", systemd) is None
    assert secrets.secret_path("PANELCLERK_SMTP_PASSWORD", systemd) == (
        credentials / "PANELCLERK_SMTP_PASSWORD"
    )
    missing = {"PANELCLERK_SMTP_PASSWORD_FILE": str(tmp_path / "absent")}
    with pytest.raises(secrets.SecretError, match="PANELCLERK_SMTP_PASSWORD_FILE names"):
        secrets.secret("PANELCLERK_SMTP_PASSWORD", missing)
