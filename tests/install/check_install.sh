#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `cmake --install` lays out the binary, the man page, the three shell completions and the docs;
# the completions are valid shell and name every subcommand, flag and check id. Usage:
#   check_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
fail=0
for path in bin/sncheck share/man/man1/sncheck.1.gz share/bash-completion/completions/sncheck \
  share/zsh/vendor-completions/_sncheck share/fish/vendor_completions.d/sncheck.fish \
  share/doc/sncheck/README.md share/doc/sncheck/LICENSE share/doc/sncheck/CHANGELOG.md \
  share/doc/sncheck/docs/architecture.md share/doc/sncheck/docs/checks/oauth.registry.app_user.md; do
  if [[ ! -s "$prefix/$path" ]]; then
    echo "missing after cmake --install: $path"
    fail=1
  fi
done
# A Release build installs a stripped binary (the package ships it); other builds keep symbols.
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
described=$(file -b "$prefix/bin/sncheck")
if [[ $build_type == Release && $described != *", stripped"* ]]; then
  echo "a Release install left bin/sncheck unstripped: $described"
  fail=1
fi
"$prefix/bin/sncheck" --version | grep -q '^sncheck ' || { echo "installed sncheck --version failed"; fail=1; }
# Decompressed once: `gzip -dc | grep -q` fails under pipefail when grep stops reading early and
# gzip gets SIGPIPE (seen: "man page without the flags" on a man page that has them).
man=$(gzip -dc "$prefix/share/man/man1/sncheck.1.gz")
grep -q '^\.SH DESCRIPTION' <<<"$man" || { echo "man page without DESCRIPTION"; fail=1; }
grep -qF 'client\-id' <<<"$man" || { echo "man page without the flags"; fail=1; }
bash -n "$prefix/share/bash-completion/completions/sncheck" || { echo "bash completion is not valid bash"; fail=1; }
completion=$(cat "$prefix/share/bash-completion/completions/sncheck")
for word in oauth checks explain diff --client-id --format junit sarif oauth.registry.app_user; do
  grep -q -- "$word" <<<"$completion" || { echo "bash completion lacks $word"; fail=1; }
done
grep -q 'oauth.registry.app_user' "$prefix/share/fish/vendor_completions.d/sncheck.fish" || { echo "fish completion lacks check ids"; fail=1; }
grep -q '^#compdef sncheck' "$prefix/share/zsh/vendor-completions/_sncheck" || { echo "zsh completion lacks #compdef"; fail=1; }
if [[ $fail -eq 0 ]]; then echo "install layout: ok"; fi
exit $fail
