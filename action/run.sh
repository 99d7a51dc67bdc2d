#!/usr/bin/env bash
# The composite action's run step: inputs (INPUT_*) become `run` flags; the token travels only as
# SCIM_TOKEN. The harness itself writes the annotations, the job summary and the step outputs
# (--reporter github), so this script stays a mapping of inputs to flags.
set -uo pipefail

args=(run --target "$INPUT_TARGET" --out "$INPUT_OUT" --reporter github)
[ -n "${INPUT_PROFILE:-}" ] && args+=(--profile "$INPUT_PROFILE")
[ -n "${INPUT_MAPPING:-}" ] && args+=(--mapping "$INPUT_MAPPING")
for scenario in ${INPUT_SCENARIO:-}; do args+=(--scenario "$scenario"); done
[ -n "${INPUT_SHARD:-}" ] && args+=(--shard "$INPUT_SHARD")
[ -n "${INPUT_FAIL_ON:-}" ] && args+=(--fail-on "$INPUT_FAIL_ON")
[ -n "${INPUT_WAIVERS:-}" ] && args+=(--waivers "$INPUT_WAIVERS")
[ -n "${INPUT_RATE_LIMIT:-}" ] && args+=(--rate-limit "$INPUT_RATE_LIMIT")
[ -n "${INPUT_TIMEOUT:-}" ] && args+=(--timeout "$INPUT_TIMEOUT")
[ "${INPUT_HTML:-true}" = "false" ] && args+=(--no-html)
[ -n "${INPUT_TOKEN_URL:-}" ] && args+=(--token-url "$INPUT_TOKEN_URL")
[ -n "${INPUT_CLIENT_ID:-}" ] && args+=(--client-id "$INPUT_CLIENT_ID")
[ -n "${INPUT_SCOPE:-}" ] && args+=(--scope "$INPUT_SCOPE")
[ -n "${INPUT_CA:-}" ] && args+=(--ca "$INPUT_CA")
[ -n "${INPUT_CERT:-}" ] && args+=(--cert "$INPUT_CERT")
[ -n "${INPUT_KEY:-}" ] && args+=(--key "$INPUT_KEY")
[ "${INPUT_INSECURE:-false}" = "true" ] && args+=(--insecure)
[ -z "${SCIM_TOKEN:-}" ] && unset SCIM_TOKEN
[ -z "${SCIM_CLIENT_SECRET:-}" ] && unset SCIM_CLIENT_SECRET

if [ -n "${INPUT_CLI:-}" ]; then
  read -r -a cli <<<"$INPUT_CLI"
else
  version=$(node -p "require(process.argv[1]).version" "$GITHUB_ACTION_PATH/package.json")
  cli=(npx --yes "scim-conformance@$version")
fi
"${cli[@]}" "${args[@]}"
