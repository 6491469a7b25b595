#!/bin/sh
# Install what the app (and, with "test", the test suite) needs on Debian 12, then
# build the virtual environment and the translation catalogs. Safe to run again:
# each step is skipped when it is already done.
#
#   scripts/setup.sh        what running the app needs
#   scripts/setup.sh test   ... and what the tests need (Chromium, poppler, nginx, Redis, test packages)
set -eu
cd "$(dirname "$0")/.."

want_test=${1:-}
# Pango renders the PDF; libharfbuzz-subset0 keeps it fast; Noto covers many scripts (the
# core set Arabic and Devanagari, the CJK set Chinese); gettext's msgfmt compiles and
# checks the translation catalogs.
packages="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk fonts-dejavu-core gettext"
# redis-server: the shared PDF limit's test; wrk: bench/pages.py;
# nginx: tests/test_deploy.py runs deploy/nginx.conf in front of gunicorn.
[ "$want_test" = test ] && packages="$packages chromium poppler-utils redis-server wrk nginx"

missing=""
for package in $packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" \
        || missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "setup: installing system packages:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    # nginx's postinst starts the service on port 80 when the port is free. Without systemd
    # (a container, a chroot) that leaves a root nginx running, or fails the install when
    # it cannot start. The tests run their own nginx, so while installing, a policy-rc.d
    # (see invoke-rc.d(8)) tells invoke-rc.d not to start services; one already there
    # (Docker images have one) is left as it is. On a machine with systemd, the same keeps
    # nginx installed but stopped: nothing of this project serves port 80.
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        policy=/usr/sbin/policy-rc.d
        trap '$sudo rm -f "$policy"' EXIT
        printf '#!/bin/sh\n# scripts/setup.sh: no service starts while it installs.\nexit 101\n' \
            | $sudo tee "$policy" >/dev/null
        $sudo chmod 755 "$policy"
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q $missing
    if [ -n "$policy" ]; then
        $sudo rm -f "$policy"
        trap - EXIT
    fi
fi

stamp=.venv/.installed-$want_test
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    [ -x .venv/bin/python ] || python3 -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
    extras=""
    [ "$want_test" = test ] && extras="[test]"
    .venv/bin/python -m pip install -q -e ".$extras"
    touch "$stamp"
fi

# Compile every locale's catalog (English is the source language and needs none) with
# GNU msgfmt --check (decisionaid/catalog.py: compile_catalogs says why not pybabel).
.venv/bin/python -m decisionaid.catalog compile
