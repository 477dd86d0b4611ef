#!/usr/bin/env bash
# Installs the real servers the tests start themselves (PostgreSQL, Dovecot IMAP) and the
# browser the console's tests drive (Chromium), from Debian's packages.
# Fails loudly rather than letting the tests skip: CI must run them.
set -euo pipefail

have_pg() {
  command -v initdb >/dev/null 2>&1 && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

missing=()
have_pg || missing+=(postgresql)
command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || missing+=(dovecot-imapd)
# the browser the console's tests drive through Playwright (never `playwright install`)
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: need ${missing[*]} (Debian packages); install them or run as root with apt-get" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
