#!/usr/bin/env bash
# Where CI needs a Fluent Bit, a missing one is a failure, never a skip; and
# the vendored tarball is found beside a clone as CI places it.
#   tests/package/test_fluent_bit_required.sh WORK_DIR
#  * scripts/fluent-bit.sh in a clone with no ../shared and nothing set
#    exits 1 and says which variable to set;
#  * the same clone beside shared/vendor (and a worktree one level deeper,
#    beside ../../shared/vendor) finds the tarball with nothing set: a
#    stand-in tarball that is no Fluent Bit tree gets as far as unpacking
#    and is refused for that, so no build is started;
#  * a configure without a Fluent Bit, with CI=true in the environment:
#    integration-fluent-bit, -k8s and -site-policy fail and say why; without CI they are reported skipped, with the same reason.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$1
rm -rf "$work"
mkdir -p "$work"
fail=0
ok() { echo "ok   $*"; }
bad() { echo "FAILED $*"; fail=1; }
unset PHISCRUB_FLB_TARBALL PHISCRUB_VENDOR_DIR PHISCRUB_SHARED_DIR
export PHISCRUB_FLB_CACHE=$work/flb-cache

clone() {  # a checkout holding only the script, at $1
  mkdir -p "$1/scripts"
  cp "$root/scripts/fluent-bit.sh" "$1/scripts/"
}

clone "$work/alone/phiscrub"
if "$work/alone/phiscrub/scripts/fluent-bit.sh" >"$work/alone.out" 2>"$work/alone.err"; then
  bad "fluent-bit.sh without a tarball succeeded"
elif grep -q "no fluent-bit-5.1.1.tar.xz: set PHISCRUB_VENDOR_DIR" "$work/alone.err" &&
     [[ ! -s "$work/alone.out" ]]; then
  ok "fluent-bit.sh without a tarball fails and names PHISCRUB_VENDOR_DIR"
else
  bad "fluent-bit.sh without a tarball: $(cat "$work/alone.err")"
fi

# A stand-in: a valid .tar.xz that holds no Fluent Bit source.
mkdir -p "$work/fake/fluent-bit-5.1.1"
echo "not Fluent Bit" >"$work/fake/fluent-bit-5.1.1/README"
for layout in beside/phiscrub:beside/shared deeper/wt/phiscrub:deeper/shared; do
  checkout=$work/${layout%%:*} shared=$work/${layout##*:}
  clone "$checkout"
  mkdir -p "$shared/vendor"
  tar -cJf "$shared/vendor/fluent-bit-5.1.1.tar.xz" -C "$work/fake" fluent-bit-5.1.1
  name=${layout%%:*}
  if "$checkout/scripts/fluent-bit.sh" >"$work/${name%%/*}.out" 2>"$work/${name%%/*}.err"; then
    bad "$name: the stand-in tarball was taken for a Fluent Bit tree"
  elif grep -q "building Fluent Bit from $shared/vendor/fluent-bit-5.1.1.tar.xz" \
         "$work/${name%%/*}.err" && grep -q "is not a Fluent Bit source tree" "$work/${name%%/*}.err"; then
    ok "${name%%/*}: the tarball in ${shared#"$work"/}/vendor is found with nothing set"
  else
    bad "$name: $(cat "$work/${name%%/*}.err")"
  fi
done

# The tests' registration, with no Fluent Bit given to the build.
build=$work/build
if ! CI=true cmake -S "$root" -B "$build" >"$work/configure-ci.log" 2>&1; then
  bad "configure with CI=true:"; tail -n 20 "$work/configure-ci.log"; exit 1
fi
grep -q "PHISCRUB_REQUIRE_FLUENT_BIT is on and no Fluent Bit is configured" "$work/configure-ci.log" &&
  ok "CI=true: the configure warns that the Fluent Bit tests will fail" ||
  bad "CI=true: no warning at configure"
if ctest --test-dir "$build" -R '^integration-fluent-bit' --output-on-failure >"$work/ctest-ci.log" 2>&1; then
  bad "CI=true without a Fluent Bit: the Fluent Bit tests passed"
elif [[ $(grep -c -- '\*\*\*Failed' "$work/ctest-ci.log") == 3 ]] &&
     grep -q "FAILED: no Fluent Bit configured" "$work/ctest-ci.log" &&
     ! grep -q "Skipped" "$work/ctest-ci.log"; then
  ok "CI=true without a Fluent Bit: all three Fluent Bit tests fail, saying why"
else
  bad "CI=true without a Fluent Bit:"; cat "$work/ctest-ci.log"
fi
# The option's default follows CI only while it is not set: forget it.
if ! env -u CI cmake -UPHISCRUB_REQUIRE_FLUENT_BIT "$build" >"$work/configure.log" 2>&1; then
  bad "configure without CI:"; tail -n 20 "$work/configure.log"; exit 1
fi
if ! ctest --test-dir "$build" -R '^integration-fluent-bit' -V >"$work/ctest.log" 2>&1; then
  bad "without CI and a Fluent Bit: the Fluent Bit tests failed"; cat "$work/ctest.log"
elif [[ $(grep -c -- '\*\*\*Skipped' "$work/ctest.log") == 3 ]] &&
     grep -q "SKIPPED: no Fluent Bit configured" "$work/ctest.log"; then
  ok "without CI: all three Fluent Bit tests are reported skipped, saying why"
else
  bad "without CI:"; cat "$work/ctest.log"
fi
exit $fail
