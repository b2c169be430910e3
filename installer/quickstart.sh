#!/usr/bin/env bash
# The README's two commands.
#   installer/quickstart.sh demo   install what is missing, build, run a demo classroom
#   installer/quickstart.sh test   install what is missing, build, run the whole test suite
# Works on a bare Debian 12 machine (as root, or as a user with sudo).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

packages=(
  build-essential cmake ninja-build pkg-config
  qt6-base-dev qt6-base-dev-tools libgl-dev
  libzmq3-dev cppzmq-dev libmsgpack-cxx-dev libspdlog-dev libsqlite3-dev libsystemd-dev libarchive-dev libssl-dev
  libgtest-dev libgmock-dev
  xvfb xauth procps
  poppler-utils
  clang libclang-rt-14-dev
)

install_missing() {
  local missing=() sudo=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  echo "==> installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# build DIR [cmake options...]
build() {
  local dir=$1; shift
  echo "==> building in $dir"
  cmake -S "$top" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" > "$dir.configure.log" 2>&1 ||
    { cat "$dir.configure.log"; return 1; }
  cmake --build "$dir" -j"$jobs"
}

run_tests() {
  install_missing
  build "$top/build"
  echo "==> test suite (release build)"
  ctest --test-dir "$top/build" --output-on-failure -j"$jobs" --timeout 300

  echo "==> test suite under AddressSanitizer and UndefinedBehaviorSanitizer"
  build "$top/build-asan" -DCLASSROOM_SANITIZE=ON
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
  LSAN_OPTIONS=suppressions="$top/tests/sanitizer/lsan.supp":print_suppressions=0 \
  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$top/build-asan" --output-on-failure -j"$jobs" --timeout 600

  if command -v clang++ > /dev/null; then
    echo "==> fuzzing the decoder for 60 s (libFuzzer, ASan, UBSan)"
    CC=clang CXX=clang++ build "$top/build-fuzz" -DCLASSROOM_FUZZ=ON
    local corpus
    corpus=$(mktemp -d)
    cp "$top"/tests/fuzz/corpus/decode/* "$corpus"/
    "$top/build-fuzz/tests/fuzz/fuzz_decode" -max_total_time=60 -rss_limit_mb=1024 -malloc_limit_mb=512 \
      -max_len=4096 -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
    rm -rf "$corpus"
  fi

  # The Debian packages, built, linted, installed, used and purged. It needs
  # root because it installs them (CI runs as root); it never takes sudo by
  # itself, and CLASSROOM_SKIP_PACKAGE_CHECK=1 leaves it out.
  if [ -n "${CLASSROOM_SKIP_PACKAGE_CHECK:-}" ]; then
    echo "==> package check left out (CLASSROOM_SKIP_PACKAGE_CHECK)"
  elif [ "$(id -u)" -eq 0 ]; then
    bash "$top/installer/check-packages.sh"
  else
    echo "==> package check left out: it installs and purges packages, so it runs only as root" \
         "(sudo bash installer/check-packages.sh on a machine you can spare)"
  fi

  echo "==> benchmark smoke run (figures are informative, not asserted)"
  "$top/build/tests/bench/classroom-bench" lock --agents 20 --rounds 2
  "$top/build/tests/bench/classroom-bench" idle --agents 20 --seconds 2
  "$top/build/tests/bench/classroom-bench" broadcast --agents 5 --size-mb 20
  "$top/build/tests/bench/classroom-bench" answers --agents 20 --per-agent 20
  echo "==> all tests passed"
}

run_demo() {
  install_missing
  build "$top/build"
  local seats=${CLASSROOM_DEMO_SEATS:-4} port=${CLASSROOM_DEMO_PORT:-47300}
  local dir console_bin agent_bin
  dir=$(mktemp -d /tmp/classroom-demo.XXXXXX)
  console_bin="${CLASSROOM_BUILD_DIR:-$top/build}/teacher-console/teacher-console"
  agent_bin="${CLASSROOM_BUILD_DIR:-$top/build}/student-agent/student-agent"
  echo "==> demo classroom with $seats seats in $dir"

  # IT staff's part: each PC makes its key; the console enrolls the list.
  : > "$dir/seats.txt"
  for i in $(seq 1 "$seats"); do
    echo "$("$agent_bin" --print-public-key --state-dir "$dir/pc$i") PC $i" >> "$dir/seats.txt"
  done
  "$console_bin" --print-public-key --data-dir "$dir/console" > /dev/null

  # Global: the EXIT trap runs after this function has returned.
  demo_agents=()
  trap 'if [ ${#demo_agents[@]} -gt 0 ]; then kill "${demo_agents[@]}" 2> /dev/null; wait "${demo_agents[@]}" 2> /dev/null; fi' EXIT

  # Headless, the demo's learners answer by themselves.
  local mode=(--headless --demo-auto-answer) console_mode=(--headless --demo-seats "$seats")
  if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CLASSROOM_DEMO_HEADLESS:-}" ]; then
    mode=(--demo-window)
    console_mode=()
    echo "==> a console window and $seats agents start; press Lock all, then Unlock all;"
    echo "    pick \"Staying safe online\" under Modules, Send to all, and turn the pages;"
    echo "    ask a question from the quiz panel and answer it in the PC windows; close the console to end"
  else
    echo "==> no display: running the scripted headless session"
  fi
  for i in $(seq 1 "$seats"); do
    local place=()
    # Demo lock windows in a column right of the console window (Qt's -geometry).
    [ "${mode[0]}" = --demo-window ] && place=(-geometry "460x200+920+$(( (i - 1) * 230 ))" -qwindowtitle "PC $i")
    "$agent_bin" "${mode[@]}" "${place[@]}" --state-dir "$dir/pc$i" --host-name "demo-pc-$i" --log-level warn \
      --console "tcp://127.0.0.1:$port" --console-key "$dir/console/console.key.pub" &
    demo_agents+=($!)
  done
  local status=0
  # The sample course module, assembled by the build (pictures drawn then).
  local module="${CLASSROOM_BUILD_DIR:-$top/build}/modules/staying-safe-online"
  "$console_bin" "${console_mode[@]}" --data-dir "$dir/console" --listen "tcp://127.0.0.1:$port" \
    --enrolled-seats "$dir/seats.txt" --import-module "$module" --log-level warn || status=$?
  return "$status"
}

case "${1:-}" in
  demo) run_demo ;;
  test) run_tests ;;
  *) echo "usage: $0 demo|test" >&2; exit 2 ;;
esac
