#!/bin/sh
# Runs the packaged distribution's launcher the way a user does, through a symlink from another folder,
# and checks what it prints. Run by `mvn verify` (exec-maven-plugin, integration-test phase) with the
# distribution folder as $1; fails the build on any difference. Two JVM runs, a few seconds each.
set -u
dist=$(cd "$1" && pwd -P) || { echo "check-launcher: FAILED: no folder $1" >&2; exit 1; }
launcher=$dist/bin/covid-xray
fail() {
  echo "check-launcher: FAILED: $*" >&2
  exit 1
}
[ -x "$launcher" ] || fail "$launcher is missing or not executable"
work=$(mktemp -d) || fail "no temporary folder"
trap 'rm -rf "$work"' EXIT
ln -s "$launcher" "$work/covid-xray"
unset TF_CPP_MIN_LOG_LEVEL

# 1. --version: the versions on stdout, and nothing on stderr (TensorFlow's native INFO lines hidden)
"$work/covid-xray" --version >"$work/out" 2>"$work/err" || fail "--version exited with $?: $(cat "$work/err")"
grep -q '^covid-xray [0-9]' "$work/out" || fail "--version printed no 'covid-xray VERSION' line: $(cat "$work/out")"
grep -q '^TensorFlow [0-9]' "$work/out" || fail "--version printed no TensorFlow line: $(cat "$work/out")"
grep -q '^OpenCV [0-9]' "$work/out" || fail "--version printed no OpenCV line: $(cat "$work/out")"
[ ! -s "$work/err" ] || fail "--version wrote to stderr: $(cat "$work/err")"

# 2. --verbose --version: the same versions, and TensorFlow's INFO start-up line back on stderr where
#    TensorFlow prints one (its oneDNN notice, on x86-64)
"$work/covid-xray" --verbose --version >"$work/out2" 2>"$work/err2" || fail "--verbose --version exited with $?"
cmp -s "$work/out" "$work/out2" || fail "--verbose changed stdout: $(cat "$work/out2")"
if [ "$(uname -m)" = x86_64 ]; then
  grep -q '^[0-9-]* [0-9:.]*: I tensorflow/' "$work/err2" || fail "--verbose showed no TensorFlow INFO line: $(cat "$work/err2")"
fi
echo "check-launcher: $launcher --version OK ($(head -n 1 "$work/out")); stderr empty, $(wc -l <"$work/err2") line(s) with --verbose"
