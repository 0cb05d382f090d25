#!/usr/bin/env bash
echo "args: $*"
echo "pack=$ST2_ACTION_PACK_NAME execution=$ST2_ACTION_EXECUTION_ID api=$ST2_ACTION_API_URL debug=$ST2_ACTION_DEBUG"
if [[ -n "$ST2_ACTION_AUTH_TOKEN" ]]; then echo "has-token"; fi
echo "reflex_env=${REFLEX_TEST_MODULE:-none}"
echo "to stderr" >&2
