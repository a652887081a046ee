#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs what sncheck needs on Debian 12, only what is missing.
#   scripts/install-deps.sh          build and run sncheck (and the demo's fake instance)
#   scripts/install-deps.sh --test   also what the test suite needs (sanitizers, clang-format,
#                                    nghttpd as an HTTP/2 server, dpkg-shlibdeps for the .deb,
#                                    JSON Schema validation, the SARIF 2.1.0 schema, chromium to
#                                    render the HTML report headless)
set -euo pipefail

# The published SARIF 2.1.0 JSON schema (2.1.0-rtm.5), as shipped in an MIT-licensed npm package;
# the SARIF report test validates against it. Kept in a cache, not in the repository.
sarif_package=@microsoft/jest-sarif@1.0.0-beta.0
sarif_member=package/lib/schemas/sarif-2.1.0-rtm.5.json
sarif_cache=${SNCHECK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/sncheck}
fetch_sarif_schema() {
  local target="$sarif_cache/sarif-schema-2.1.0.json"
  [[ -s "$target" ]] && return 0
  mkdir -p "$sarif_cache"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "$sarif_package" >/dev/null && tar xzf ./*.tgz "$sarif_member")
  mv "$tmp/$sarif_member" "$target"
  rm -rf "$tmp"
  echo "install-deps: SARIF 2.1.0 schema in $target"
}

packages=(g++ cmake make pkg-config ca-certificates help2man
  libcurl4-openssl-dev rapidjson-dev libfmt-dev libcli11-dev
  libcpp-httplib-dev libgtest-dev libgmock-dev libre2-dev)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(clang-format clang libclang-rt-14-dev openssl python3 python3-jsonschema
    nghttp2-server dpkg-dev file chromium)
  # Debian's npm, unless an npm is already there (a NodeSource nodejs ships its own and
  # conflicts with Debian's).
  command -v npm >/dev/null || packages+=(npm)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: everything needed is installed"
else
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "install-deps: installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [[ "${1:-}" == "--test" ]]; then
  fetch_sarif_schema
fi
