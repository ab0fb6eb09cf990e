#!/bin/sh
# expect_exit.sh CODE TEXT COMMAND...: passes when COMMAND exits with CODE and its standard
# output contains TEXT (a crash or a different exit fails the test).
want=$1
text=$2
shift 2
out=$("$@")
rc=$?
if [ "$rc" -ne "$want" ]; then
  echo "exit $rc, expected $want"
  exit 1
fi
printf '%s\n' "$out" | grep -qF -- "$text"
