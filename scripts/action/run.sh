#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The action's run step (action.yml), also usable from any CI: reads INPUT_* variables, runs
# sncheck once with the text report on stdout and the other reports as files, and publishes the
# exit code and file names to $GITHUB_OUTPUT and the Markdown report to $GITHUB_STEP_SUMMARY.
# Credentials come from the environment sncheck reads (SN_USERNAME/SN_PASSWORD or SN_TOKEN), never
# from inputs. A run that could not audit (exit 2) writes no SARIF (sncheck withholds it unless
# --sarif-on-error is in `args`): an empty SARIF upload would close every open code-scanning alert.
set -uo pipefail

: "${INPUT_INSTANCE:?the instance input is required}"
sncheck=${SNCHECK:-sncheck}
suite=${INPUT_SUITE:-oauth}
args=("$suite" --instance "$INPUT_INSTANCE" --format text)
[[ -n ${INPUT_CHECKS:-} ]] && args+=(--checks "$INPUT_CHECKS")
[[ -n ${INPUT_TAGS:-} ]] && args+=(--tags "$INPUT_TAGS")
[[ -n ${INPUT_SEVERITY_THRESHOLD:-} ]] && args+=(--severity-threshold "$INPUT_SEVERITY_THRESHOLD")
[[ -n ${INPUT_FAIL_ON:-} ]] && args+=(--fail-on "$INPUT_FAIL_ON")
[[ -n ${INPUT_WAIVERS:-} ]] && args+=(--waivers "$INPUT_WAIVERS")
[[ -n ${INPUT_JUNIT:-} ]] && args+=(--report "junit=$INPUT_JUNIT")
[[ -n ${INPUT_MARKDOWN:-} ]] && args+=(--report "markdown=$INPUT_MARKDOWN")
[[ -n ${INPUT_SARIF:-} ]] && args+=(--report "sarif=$INPUT_SARIF")
if [[ -n ${INPUT_ARGS:-} ]]; then
  read -r -a extra <<<"$INPUT_ARGS"
  args+=("${extra[@]}")
fi

"$sncheck" "${args[@]}"
code=$?

sarif=""
[[ -n ${INPUT_SARIF:-} && -f $INPUT_SARIF ]] && sarif=$INPUT_SARIF
output=${GITHUB_OUTPUT:-/dev/null}
{
  echo "exit-code=$code"
  echo "sarif=$sarif"
  echo "junit=${INPUT_JUNIT:-}"
} >>"$output"
if [[ -n ${INPUT_MARKDOWN:-} && -f $INPUT_MARKDOWN && -n ${GITHUB_STEP_SUMMARY:-} ]]; then
  cat "$INPUT_MARKDOWN" >>"$GITHUB_STEP_SUMMARY"
fi
if [[ ${INPUT_FAIL:-true} == "true" ]]; then
  exit "$code"
fi
exit 0
