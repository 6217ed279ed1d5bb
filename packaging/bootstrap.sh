#!/usr/bin/env bash
# Installs what Article Editor needs on a Debian machine: system packages (when root or with
# sudo), a virtual environment in .venv, and the Python packages. Safe to run again: each step
# is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's xcb and offscreen platforms and QtWebEngine need these libraries; enchant and the
# Hunspell dictionaries serve spelling; xvfb, poppler-utils, pandoc and chromium (which opens
# the exported HTML in a real browser) serve the tests; nodejs and npm run citeproc-js, the CSL
# processor the citation tests compare with (tests/oracle); LibreOffice Writer opens the exported
# Word files in them (those tests skip without it).
APT_PACKAGES=(
    python3-venv
    libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libnss3 libxkbcommon0
    libxkbcommon-x11-0 libxkbfile1 libxshmfence1 libasound2 libxcomposite1 libxdamage1
    libxrandr2 libxtst6 libgbm1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-randr0 libxcb-xkb1
    fonts-dejavu-core fonts-liberation2 fonts-sil-charis
    libenchant-2-2 hunspell-en-gb hunspell-en-us hunspell-en-med
    xvfb xauth xdotool poppler-utils pandoc chromium desktop-file-utils appstream
    nodejs npm libreoffice-writer-nogui
)

missing=()
for package in "${APT_PACKAGES[@]}"; do
    # a node installed otherwise (nodesource, nvm) serves as well as Debian's
    case "$package" in nodejs | npm) command -v "${package%js}" >/dev/null && continue ;; esac
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
        || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
        echo "bootstrap: please install these Debian packages: ${missing[*]}" >&2
        exit 1
    fi
    echo "bootstrap: installing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "bootstrap: creating .venv"
    "$PYTHON" -m venv .venv
fi
stamp=.venv/.article-editor-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    echo "bootstrap: installing Python packages into .venv"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e '.[test]'
    touch "$stamp"
fi

# citeproc-js, pinned by tests/oracle/package-lock.json; reinstalled only when the lock changed
oracle=tests/oracle
if [ ! -f "$oracle/node_modules/.package-lock.json" ] \
    || [ "$oracle/package-lock.json" -nt "$oracle/node_modules/.package-lock.json" ]; then
    echo "bootstrap: installing citeproc-js for the tests (npm ci in $oracle)"
    (cd "$oracle" && npm ci --no-audit --no-fund --silent)
fi
