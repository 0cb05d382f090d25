#!/usr/bin/env bash
# Named arguments come first (--greeting=..., --shout), positional ones last (name, times).
set -euo pipefail
greeting=Hello
shout=0
while [[ $# -gt 0 && $1 == --* ]]; do
  case $1 in
    --greeting=*) greeting=${1#--greeting=} ;;
    --shout) shout=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
name=${1:?name is required}
times=${2:-1}
# a number, checked before bash arithmetic sees it (arithmetic would run $(...) hidden in a value)
if [[ ! $times =~ ^[0-9]+$ ]]; then
  echo "times must be a whole number, not '$times'" >&2
  exit 2
fi
[[ $shout == 1 ]] && greeting=${greeting^^}
for ((i = 0; i < times; i++)); do
  echo "$greeting, $name!"
done
