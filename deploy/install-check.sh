#!/usr/bin/env bash
# The image's install steps, checked in CI: `docker build` where a Docker daemon answers;
# otherwise the Dockerfile's same steps in a fresh venv from requirements.lock (hashes
# required, nothing resolved), then that the service runs and carries no test tools.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}

if docker info >/dev/null 2>&1; then
  docker build --quiet --tag panelclerk:ci .
  docker run --rm --read-only panelclerk:ci --version
  exit 0
fi
echo "install-check: no Docker daemon; the Dockerfile's install steps in a fresh venv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the build context the image gets (.dockerignore): the lock, pyproject.toml, README, code
mkdir "$work/src"
cp requirements.lock pyproject.toml README.md "$work/src/"
cp -r panelclerk "$work/src/"
find "$work/src" -name __pycache__ -prune -exec rm -rf {} +
"$PYTHON" -m venv "$work/venv"
(cd "$work/src" \
  && "$work/venv/bin/pip" install --quiet --no-cache-dir --require-hashes -r requirements.lock \
  && "$work/venv/bin/pip" install --quiet --no-cache-dir --no-deps --no-build-isolation .)
"$work/venv/bin/pip" check
if "$work/venv/bin/pip" show pytest >/dev/null 2>&1; then
  echo "install-check: the runtime lock installed pytest" >&2
  exit 1
fi
(cd "$work" && "$work/venv/bin/panelclerk" --version)
