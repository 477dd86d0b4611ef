# syntax=docker/dockerfile:1
# panelclerk's image: `serve` as a non-root user on a read-only root file system, with the
# board's data (a SQLite store, a Maildir, the audit key if kept as a file) in the volume
# /var/lib/panelclerk. Every Python package comes from requirements.lock, checked against
# its hash; nothing is resolved at build time. The board file is mounted read-only at
# /etc/panelclerk/board.toml; secrets come from the environment (an env file, or NAME_FILE
# pointing at a mounted secret). Upgrades are explicit: `docker compose run --rm panelclerk
# migrate` with serve stopped (every other command refuses an out-of-date schema).
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/panelclerk
WORKDIR /src
COPY requirements.lock ./
RUN /opt/panelclerk/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY panelclerk ./panelclerk
# the project itself: its dependencies are all installed above (setuptools included)
RUN /opt/panelclerk/bin/pip install --no-deps --no-build-isolation . \
 && /opt/panelclerk/bin/pip check \
 && /opt/panelclerk/bin/python -m compileall -q /opt/panelclerk

FROM ${PYTHON_IMAGE}
ARG UID=10001
RUN groupadd --system --gid ${UID} panelclerk \
 && useradd --system --uid ${UID} --gid panelclerk --home-dir /var/lib/panelclerk \
      --no-create-home --shell /usr/sbin/nologin panelclerk \
 && install -d -o panelclerk -g panelclerk -m 0700 /var/lib/panelclerk \
 && install -d -m 0755 /etc/panelclerk
COPY --from=build /opt/panelclerk /opt/panelclerk
ENV PATH=/opt/panelclerk/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOME=/var/lib/panelclerk \
    MPLCONFIGDIR=/tmp/matplotlib \
    PANELCLERK_CONFIG=/etc/panelclerk/board.toml
# relative paths in the board file (the default store var/panelclerk.db, a Maildir) land in
# the volume
WORKDIR /var/lib/panelclerk
VOLUME ["/var/lib/panelclerk"]
USER 10001:10001
# Slack's requests (serve --port), Teams' activities (--teams-port), the console when
# `--console-port 8080` is added (with [console] host = "0.0.0.0" and public_url), and Graph's
# change notifications (--graph-port; nothing listens unless the board file sets
# mailbox.graph_notification_url). Each is published for the board's HTTPS proxy only.
EXPOSE 3000 3978 8080 8082
# /healthz on the health port, which serve binds to the container's own 127.0.0.1 (never
# published): 200 while the database answers and the mailbox pass is fresh. The slim image
# has no curl: Python's urllib, with no proxy from the environment; a 503 raises, so it fails.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["/opt/panelclerk/bin/python", "-c", "import urllib.request as u; u.build_opener(u.ProxyHandler({})).open('http://127.0.0.1:8081/healthz', timeout=8)"]
ENTRYPOINT ["/opt/panelclerk/bin/panelclerk"]
# --host 0.0.0.0: inside the container, so that the published ports reach the endpoints
CMD ["serve", "--host", "0.0.0.0", "--health-port", "8081", "--graph-port", "8082"]
