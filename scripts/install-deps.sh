#!/usr/bin/env bash
# Installs what sncheck needs on Debian 12, only what is missing.
#   scripts/install-deps.sh          build and run sncheck (and the demo's fake instance)
#   scripts/install-deps.sh --test   also what the test suite needs (sanitizers, clang-format)
set -euo pipefail

packages=(g++ cmake make pkg-config ca-certificates
  libcurl4-openssl-dev rapidjson-dev libfmt-dev libcli11-dev
  libcpp-httplib-dev libgtest-dev libgmock-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(clang-format clang libclang-rt-14-dev openssl python3)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: everything needed is installed"
  exit 0
fi

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
