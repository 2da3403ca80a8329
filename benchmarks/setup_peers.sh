#!/usr/bin/env bash
# Install the peer tools that benchmarks/run.py compares cliniclint with.
#
#   ripgrep                       Debian package (apt-get; needs root)
#   textlint + textlint-rule-prh  npm, into benchmarks/.peers/node (local prefix)
#   proselint                     PyPI, into benchmarks/.peers/venv
#   GNU time                      Debian package `time`, used by run.py to read
#                                 peak RSS (not a peer; optional)
#
# Versions are pinned below. The script is idempotent: a peer that is already
# installed at the pinned version is left alone. A peer that fails to install is
# reported and the script carries on; run.py then reports it as "skipped (not
# installed)". Exit status is 0 when every peer is present, 1 otherwise.
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="$HERE/.peers"
NODE_PREFIX="$PEERS/node"
VENV="$PEERS/venv"

TEXTLINT_VERSION="15.8.0"
PRH_VERSION="6.1.0"
PROSELINT_VERSION="0.16.0"
PYTHON="${PYTHON:-python3}"

mkdir -p "$PEERS"
failed=()
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi

say() { printf '[setup_peers] %s\n' "$*"; }

# --- ripgrep (Debian) ------------------------------------------------------
if command -v rg >/dev/null 2>&1; then
    say "ripgrep: present ($(rg --version 2>/dev/null | sed -n 1p))"
else
    say "ripgrep: installing from Debian"
    if $SUDO apt-get update -qq && \
       DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq ripgrep >/dev/null; then
        say "ripgrep: installed ($(rg --version 2>/dev/null | sed -n 1p))"
    else
        say "ripgrep: FAILED to install"
        failed+=("ripgrep")
    fi
fi

# --- GNU time (Debian): run.py reads peak RSS from `/usr/bin/time -f %M` ------
if /usr/bin/time -f %M true >/dev/null 2>&1; then
    say "GNU time: present"
else
    say "GNU time: installing from Debian"
    if $SUDO apt-get install -y -qq time >/dev/null 2>&1 || \
       { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq time >/dev/null; }; then
        say "GNU time: installed"
    else
        say "GNU time: FAILED to install (run.py falls back to wait4() figures)"
    fi
fi

# --- textlint + textlint-rule-prh (npm, local prefix) ----------------------
installed_npm_version() {
    # prints the installed version of package $1 under the local prefix, or nothing
    local pj="$NODE_PREFIX/node_modules/$1/package.json"
    if [ -f "$pj" ]; then
        node -e 'process.stdout.write(require(process.argv[1]).version)' "$pj" 2>/dev/null
    fi
}

if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
    say "textlint: FAILED (node/npm not found)"
    failed+=("textlint")
elif [ "$(installed_npm_version textlint)" = "$TEXTLINT_VERSION" ] && \
     [ "$(installed_npm_version textlint-rule-prh)" = "$PRH_VERSION" ]; then
    say "textlint: present (textlint@$TEXTLINT_VERSION, textlint-rule-prh@$PRH_VERSION)"
else
    say "textlint: installing textlint@$TEXTLINT_VERSION textlint-rule-prh@$PRH_VERSION"
    mkdir -p "$NODE_PREFIX"
    if [ ! -f "$NODE_PREFIX/package.json" ]; then
        printf '{\n  "name": "cliniclint-bench-peers",\n  "private": true\n}\n' \
            >"$NODE_PREFIX/package.json"
    fi
    if npm install --prefix "$NODE_PREFIX" --save-exact --no-audit --no-fund \
            --loglevel=error \
            "textlint@$TEXTLINT_VERSION" "textlint-rule-prh@$PRH_VERSION" \
            2> >(grep -v 'Unknown user config' >&2); then
        say "textlint: installed"
    else
        say "textlint: FAILED to install"
        failed+=("textlint")
    fi
fi

# --- proselint (PyPI, venv) ------------------------------------------------
if [ -x "$VENV/bin/proselint" ] && \
   [ "$("$VENV/bin/python" -c 'import importlib.metadata as m; print(m.version("proselint"))' 2>/dev/null)" = "$PROSELINT_VERSION" ]; then
    say "proselint: present ($PROSELINT_VERSION)"
else
    say "proselint: installing proselint==$PROSELINT_VERSION"
    if { [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"; } && \
       "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
            "proselint==$PROSELINT_VERSION"; then
        say "proselint: installed"
    else
        say "proselint: FAILED to install"
        failed+=("proselint")
    fi
fi

if [ "${#failed[@]}" -gt 0 ]; then
    say "not installed: ${failed[*]} (run.py will report them as skipped)"
    exit 1
fi
say "all peers present"
