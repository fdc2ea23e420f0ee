#!/usr/bin/env bash
# The Python that the PyTorch export tests (check_export.py) run with: a virtual environment
# outside the repository, so every clone on a machine shares one copy of torch (about 5 GB).
#
#   python-env.sh --install        create it and install what is missing (CI runs this)
#   python-env.sh --run MINIRNN    run the tests with it; without the packages, print one line
#                                  and succeed, except under CI=true, where that is an error
#
# MINIRNN_VENV names the environment; the default is ~/.cache/minirnn/venv.
set -euo pipefail
venv="${MINIRNN_VENV:-$HOME/.cache/minirnn/venv}"
packages=(torch nbformat nbclient ipykernel numpy)
here="$(cd "$(dirname "$0")" && pwd)"

# Cheap enough for every 'make test': finds the packages without importing torch.
present() {
  [ -x "$venv/bin/python" ] && "$venv/bin/python" -c '
import importlib.util, sys
sys.exit(any(importlib.util.find_spec(name) is None for name in sys.argv[1:]))' "${packages[@]}" \
    2>/dev/null
}

case "${1:-}" in
  --install)
    if present; then
      echo "PyTorch test packages: already in $venv"
      exit 0
    fi
    started=$(date +%s)
    if [ ! -x "$venv/bin/python" ]; then
      mkdir -p "$(dirname "$venv")"
      if ! python3 -m venv "$venv" 2>/dev/null; then
        # Debian's python3 needs python3-venv for ensurepip.
        rm -rf "$venv"
        SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
        $SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-venv >/dev/null
        python3 -m venv "$venv"
      fi
    fi
    echo "installing ${packages[*]} from PyPI into $venv (torch is a download of several GB)"
    "$venv/bin/python" -m pip install --disable-pip-version-check -q "${packages[@]}"
    "$venv/bin/python" -c 'import torch, nbformat, nbclient, ipykernel; print("torch", torch.__version__)'
    echo "PyTorch test packages installed in $(($(date +%s) - started)) s"
    ;;
  --run)
    minirnn="${2:?usage: python-env.sh --run PATH/TO/minirnn}"
    if ! present; then
      if [ "${CI:-}" = true ]; then
        echo "error: the PyTorch export tests need ${packages[*]} in $venv; run Tests/Torch/python-env.sh --install" >&2
        exit 1
      fi
      echo "skipping the PyTorch export tests: no torch, nbformat, nbclient and ipykernel in $venv (Tests/Torch/python-env.sh --install puts them there)"
      exit 0
    fi
    exec "$venv/bin/python" "$here/check_export.py" --minirnn "$minirnn"
    ;;
  *)
    echo "usage: python-env.sh --install | --run PATH/TO/minirnn" >&2
    exit 2
    ;;
esac
