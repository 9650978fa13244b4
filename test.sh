#!/usr/bin/env bash
# Installs what the tests need when it is missing (Chromium and Firefox with their WebDrivers,
# Java, the npm and Python dev tools), then runs the whole test suite.
# Usage: ./test.sh [cargo test args…]   e.g. ./test.sh --test suite browser
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# Headless browser tests: Debian's Chromium and its WebDriver.
if [ ! -x /usr/bin/chromium ] || ! command -v chromedriver >/dev/null; then
  echo "test.sh: installing chromium and chromium-driver" >&2
  apt_install chromium chromium-driver
fi

# And Debian's Firefox ESR, driven by geckodriver, which Debian does not package: cargo builds
# it (--locked: with the dependency versions of its own Cargo.lock).
if [ ! -x /usr/bin/firefox-esr ] && [ ! -x /usr/bin/firefox ]; then
  echo "test.sh: installing firefox-esr" >&2
  apt_install firefox-esr
fi
if ! command -v geckodriver >/dev/null && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/geckodriver" ]; then
  echo "test.sh: installing geckodriver (cargo install --locked)" >&2
  cargo install geckodriver --locked
fi

# Fonts with Arabic and Hebrew letters, for the right-to-left screenshots (DejaVu has both;
# Chinese and Japanese pages are not screenshot, so no CJK font is needed).
if ! fc-list ':charset=0627 05d0 06af' 2>/dev/null | grep -q .; then
  echo "test.sh: installing fonts-dejavu-core" >&2
  apt_install fontconfig fonts-dejavu-core
fi

# The Nu HTML checker (vnu.jar) runs on Java.
if ! command -v java >/dev/null; then
  echo "test.sh: installing a Java runtime" >&2
  apt_install default-jre-headless
fi

# npm dev tools (vnu-jar, axe-core), pinned in package-lock.json. --ignore-scripts: vnu-jar's
# install script would download its own Java runtime.
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -f node_modules/axe-core/axe.min.js ] \
  || [ ! -f node_modules/gift-pegjs/package.json ] || [ ! -f node_modules/scorm-again/package.json ]; then
  if ! command -v npm >/dev/null; then
    echo "test.sh: installing node and npm" >&2
    command -v node >/dev/null || apt_install nodejs
    command -v npm >/dev/null || apt_install npm # a nodesource nodejs already has npm
  fi
  if [ -f package-lock.json ]; then
    npm ci --ignore-scripts --no-audit --no-fund
  else
    npm install --ignore-scripts --no-audit --no-fund
  fi
fi

# Python tools the interchange tests compare against (text2qti, mkdocs-quiz, lxml),
# pinned in tests/python-requirements.txt, in a virtual environment of their own.
if [ ! -f .venv-tests/installed ] || ! cmp -s tests/python-requirements.txt .venv-tests/installed; then
  echo "test.sh: installing the Python test tools into .venv-tests" >&2
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
    apt_install python3 python3-venv
  fi
  rm -rf .venv-tests
  python3 -m venv .venv-tests
  .venv-tests/bin/pip install -q --disable-pip-version-check -r tests/python-requirements.txt
  cp tests/python-requirements.txt .venv-tests/installed
fi

cargo test --all-targets "$@"
