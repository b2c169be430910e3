#!/usr/bin/env bash
# Builds the Debian packages and checks them the way IT staff use them:
#   1. control fields and contents (dpkg-deb), conffiles, maintainer scripts
#   2. lintian: no errors (the warnings left are explained in docs/it-guide.md)
#   3. systemd-analyze verify on the user unit
#   4. install all three as root; the system account and directories exist
#   5. from the installed files only: a headless console on loopback, a code,
#      enrollment of this machine's agent, approval, the agent started as a
#      learner account, lock and unlock confirmed, the agent killed and shown
#      lost, then restarted and locked again
#   6. purge all three; nothing of theirs is left
#
# Needs root (it installs and purges packages, and adds a learner account for
# the run). Used by 'installer/quickstart.sh test'; runs alone as well:
#   sudo bash installer/check-packages.sh
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CLASSROOM_DEB_BUILD_DIR:-$top/build-deb}
jobs=$(nproc 2> /dev/null || echo 2)
port=${CLASSROOM_CHECK_PORT:-47380}
learner=classroom-check-learner
learner2=classroom-check-learner2
work=$(mktemp -d /tmp/classroom-packages.XXXXXX)
chmod 755 "$work"
console_pid=""
agent_pid=""
installed=no

step() { echo "==> packages: $*"; }
fail() { echo "check-packages: FAILED: $*" >&2; exit 1; }

cleanup() {
  [ -n "$console_pid" ] && kill "$console_pid" 2> /dev/null || true
  exec 3>&- 2> /dev/null || true
  wait 2> /dev/null || true
  for account in "$learner" "$learner2"; do
    if id "$account" > /dev/null 2>&1; then
      pkill -9 -u "$account" 2> /dev/null || true
      sleep 0.5
      userdel -r "$account" > /dev/null 2>&1 || true
    fi
  done
  # A failed run leaves no package behind either.
  if [ "$installed" = yes ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq classroom-agent classroom-console classroom-admin \
      > /dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

[ "$(id -u)" -eq 0 ] || fail "run as root: it installs and purges the packages"
# It installs, then purges: never on a machine where any of it is in use
# (installed, or removed with its settings and key kept).
for package in classroom-console classroom-agent classroom-admin; do
  state=$(dpkg-query -W -f='${db:Status-Abbrev}' "$package" 2> /dev/null || true)
  case "$state" in
    ""|un*|pn*) ;;
    *) fail "$package is on this machine ($state); this check installs and purges it, so run it on a machine you can spare" ;;
  esac
done
for path in /etc/classroom /var/lib/classroom-agent /var/log/classroom-agent; do
  [ -e "$path" ] && fail "$path exists; this check would purge it, so run it on a machine you can spare"
done
getent passwd classroom-agent > /dev/null && fail "the classroom-agent account exists; run this check on a machine you can spare"

# --- build -------------------------------------------------------------------
tools=(dpkg-dev lintian help2man adduser passwd procps systemd)
missing=()
for tool in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$tool" 2> /dev/null | grep -q "install ok installed" || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

step "building in $build"
cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DCLASSROOM_PACKAGE=ON -DCLASSROOM_BUILD_TESTS=OFF > "$work/configure.log" 2>&1 || { cat "$work/configure.log"; exit 1; }
cmake --build "$build" -j"$jobs"
rm -rf "$build/packages"
cmake --build "$build" --target package > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
version=$(sed -n 's/^project(classroom VERSION \([0-9.]*\).*/\1/p' "$top/CMakeLists.txt")
arch=$(dpkg --print-architecture)
deb() { echo "$build/packages/$1_${version}_${arch}.deb"; }
for package in classroom-console classroom-agent classroom-admin; do
  [ -f "$(deb "$package")" ] || fail "$(deb "$package") was not built (see $work/cpack.log)"
done

# --- control fields and contents --------------------------------------------
step "control fields and contents"
field() { dpkg-deb -f "$(deb "$1")" "$2"; }
expect_field() {  # PACKAGE FIELD PATTERN
  field "$1" "$2" | grep -Eq "$3" || fail "$1: field $2 is '$(field "$1" "$2")', expected /$3/"
}
for package in classroom-console classroom-agent classroom-admin; do
  expect_field "$package" Package "^$package\$"
  expect_field "$package" Version "^$version\$"
  expect_field "$package" Architecture "^$arch\$"
  expect_field "$package" Maintainer "^.+ <.+@.+>\$"
  expect_field "$package" Section "^education\$"
  expect_field "$package" Description "."
  expect_field "$package" Depends "libc6"              # computed by dpkg-shlibdeps
done
expect_field classroom-console Depends "libqt6widgets6"
expect_field classroom-console Depends "libzmq5"
expect_field classroom-console Depends "classroom-admin \\(= $version\\)"
expect_field classroom-agent Depends "libqt6widgets6"
expect_field classroom-agent Depends "adduser"
expect_field classroom-agent Depends "classroom-admin \\(= $version\\)"
expect_field classroom-admin Depends "libsqlite3-0"

expect_files() {  # PACKAGE PATH...
  local package=$1; shift
  dpkg-deb -c "$(deb "$package")" | awk '{print $6}' > "$work/$package.files"
  for path in "$@"; do
    grep -qx "\\.$path" "$work/$package.files" || fail "$package lacks $path"
  done
}
expect_files classroom-console /usr/bin/teacher-console /etc/classroom/console.conf \
  /usr/share/applications/classroom-console.desktop /usr/share/man/man1/teacher-console.1.gz \
  /usr/share/doc/classroom-console/copyright /usr/share/doc/classroom-console/changelog.gz \
  /usr/share/doc/classroom-console/module-format.md \
  /usr/share/classroom/modules/staying-safe-online/module.txt \
  /usr/share/classroom/modules/staying-safe-online/images/padlock.png
expect_files classroom-agent /usr/bin/student-agent /etc/classroom/agent.conf \
  /etc/xdg/autostart/classroom-agent.desktop /usr/lib/systemd/user/classroom-agent.service \
  /usr/libexec/classroom/classroom-agent-session /usr/share/man/man1/student-agent.1.gz \
  /usr/share/doc/classroom-agent/copyright /usr/share/doc/classroom-agent/changelog.gz
expect_files classroom-admin /usr/bin/classroom-admin /usr/share/man/man1/classroom-admin.1.gz \
  /usr/share/doc/classroom-admin/it-guide.md /usr/share/doc/classroom-admin/copyright
if grep -Eq '^\./(var|home|tmp|usr/local)/' "$work"/*.files; then
  fail "a package ships files under /var, /home, /tmp or /usr/local"
fi
control() { dpkg-deb --ctrl-tarfile "$(deb "$1")" | tar -xO "./$2"; }
control classroom-agent conffiles | grep -qx /etc/classroom/agent.conf || fail "agent.conf is not a conffile"
control classroom-agent conffiles | grep -qx /etc/xdg/autostart/classroom-agent.desktop ||
  fail "the autostart entry is not a conffile"
control classroom-console conffiles | grep -qx /etc/classroom/console.conf || fail "console.conf is not a conffile"
for script in postinst prerm postrm; do
  control classroom-agent "$script" | head -n 1 | grep -qx '#!/bin/sh' || fail "agent $script is not a /bin/sh script"
done
if dpkg-deb -c "$(deb classroom-agent)" | awk '{print $2}' | grep -vqx 'root/root'; then
  fail "the agent package has files not owned by root"
fi
echo "    control fields, dependencies, files and conffiles as expected"

# --- lintian ----------------------------------------------------------------
step "lintian"
lintian --fail-on error --tag-display-limit 0 "$(deb classroom-console)" "$(deb classroom-agent)" "$(deb classroom-admin)" | tee "$work/lintian.log" ||
  fail "lintian found errors (above)"
echo "    lintian: no errors, $(grep -c '^W:' "$work/lintian.log" || true) warnings (docs/it-guide.md explains any)"

# --- systemd unit -------------------------------------------------------------
step "systemd-analyze verify"
mkdir -p "$work/unpacked"
dpkg-deb -x "$(deb classroom-agent)" "$work/unpacked"
# The unit names /usr/bin/student-agent: verify it against the unpacked tree.
mkdir -p "$work/verify"
sed "s|/usr/bin/student-agent|$work/unpacked/usr/bin/student-agent|" \
  "$work/unpacked/usr/lib/systemd/user/classroom-agent.service" > "$work/verify/classroom-agent.service"
# A user unit, verified by a user manager's rules; systemd-analyze exits 0 even
# on unknown keys, so any line it prints is a failure.
mkdir -m 700 "$work/runtime"
XDG_RUNTIME_DIR=$work/runtime systemd-analyze --user verify --man=no "$work/verify/classroom-agent.service" \
  > "$work/verify.log" 2>&1 || { cat "$work/verify.log"; fail "systemd-analyze verify failed"; }
if [ -s "$work/verify.log" ]; then
  cat "$work/verify.log"
  fail "systemd-analyze verify reported problems"
fi
echo "    systemd-analyze verify: no problems"

# --- install ----------------------------------------------------------------
step "installing"
installed=yes
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(deb classroom-admin)" "$(deb classroom-console)" \
  "$(deb classroom-agent)" > "$work/install.log" 2>&1 || { cat "$work/install.log"; fail "apt-get install failed"; }
getent passwd classroom-agent > /dev/null || fail "postinst did not create the classroom-agent account"
getent group classroom-agent > /dev/null || fail "postinst did not create the classroom-agent group"
for dir in /var/lib/classroom-agent /var/log/classroom-agent; do
  [ "$(stat -c '%a %U:%G' "$dir")" = "3770 classroom-agent:classroom-agent" ] ||
    fail "$dir is $(stat -c '%a %U:%G' "$dir"), expected 3770 classroom-agent:classroom-agent"
done
classroom-admin check-config agent /etc/classroom/agent.conf > /dev/null || fail "the shipped agent.conf does not check"
classroom-admin check-config console /etc/classroom/console.conf > /dev/null || fail "the shipped console.conf does not check"
teacher-console --check-module /usr/share/classroom/modules/staying-safe-online > "$work/check-module.log" 2>&1 ||
  { cat "$work/check-module.log"; fail "the shipped sample module does not check"; }
echo "    installed; account, group, directories and shipped settings as expected"

# --- run from the installed files ---------------------------------------------
step "console, enrollment, agent, lock and unlock from the installed files"
for account in "$learner" "$learner2"; do
  if id "$account" > /dev/null 2>&1; then   # left by an interrupted run
    pkill -9 -u "$account" || true
    sleep 0.5
    userdel -r "$account" > /dev/null 2>&1 || true
  fi
  useradd --create-home --groups classroom-agent --shell /usr/sbin/nologin "$account"
done
console_data=$work/console
mkfifo "$work/console.in"
teacher-console --headless --data-dir "$console_data" --listen "tcp://127.0.0.1:$port" --log-level warn \
  < "$work/console.in" > "$work/console.out" 2>&1 &
console_pid=$!
exec 3> "$work/console.in"
for _ in $(seq 50); do [ -f "$console_data/console.db" ] && break; sleep 0.2; done

wait_for() {  # SECONDS FILE TEXT [COUNT]: until TEXT is on COUNT lines (default 1)
  local deadline=$((SECONDS + $1)) count=${4:-1}
  until [ "$(grep -cF -- "$3" "$2" 2> /dev/null)" -ge "$count" ]; do
    [ $SECONDS -lt $deadline ] || { cat "$2" >&2; fail "waited $1 s for '$3' (${count}x) in $2"; }
    sleep 0.2
  done
}

code=$(classroom-admin code new --seats 1 --minutes 5 --data-dir "$console_data" | grep -Eo '[0-9A-Z]{5}-[0-9A-Z]{5}' | head -n 1 || true)
[ -n "$code" ] || fail "classroom-admin code new printed no code"
enrolled=no
for attempt in 1 2 3; do   # the running console opens the enrollment port within a second
  if classroom-admin enroll --console "127.0.0.1:$port" --code "$code" --host-name check-pc --timeout 5 \
      > "$work/enroll.out" 2>&1; then
    enrolled=yes
    break
  fi
  sleep 1
done
[ $enrolled = yes ] || { cat "$work/enroll.out"; fail "enrollment with the code failed"; }
[ "$(stat -c '%a %U:%G' /var/lib/classroom-agent/agent.key)" = "640 root:classroom-agent" ] ||
  fail "agent.key is $(stat -c '%a %U:%G' /var/lib/classroom-agent/agent.key), expected 640 root:classroom-agent"
classroom-admin seats approve --all-waiting --name "Check PC" --data-dir "$console_data" > /dev/null ||
  fail "approving the PC failed"

# The agent as the learner's session would start it (the unit's ExecStart).
runuser -u "$learner" -- student-agent --headless --config /etc/classroom/agent.conf > "$work/agent.out" 2>&1 &
agent_pid=$!
wait_for 15 "$work/console.out" "Check PC is online"
echo "lock" >&3
wait_for 10 "$work/console.out" "Check PC confirmed locked"
echo "unlock" >&3
wait_for 10 "$work/console.out" "Check PC confirmed unlocked"
echo "lock" >&3
wait_for 10 "$work/console.out" "Check PC confirmed locked" 2
runuser -u "$learner" -- classroom-admin agent-status > "$work/status.out" || { cat "$work/status.out"; fail "agent-status failed"; }
grep -Eq '^connection +connected ' "$work/status.out" || { cat "$work/status.out"; fail "agent-status does not say connected"; }
grep -Eq '^screen +locked' "$work/status.out" || { cat "$work/status.out"; fail "agent-status does not say locked"; }

# A learner kills the agent: the console shows it lost; the restarted agent is locked again.
pkill -9 -u "$learner" -x student-agent   # the agent itself, not runuser
wait "$agent_pid" 2> /dev/null || true
agent_pid=""
wait_for 10 "$work/console.out" "Check PC: agent lost"
runuser -u "$learner" -- student-agent --headless --config /etc/classroom/agent.conf > "$work/agent2.out" 2>&1 &
agent_pid=$!
wait_for 10 "$work/agent2.out" "this PC was locked before it stopped; locking again"
wait_for 10 "$work/console.out" "Check PC is online" 2
grep -q "agent.*started" /var/log/classroom-agent/agent.log || fail "the agent wrote no log in /var/log/classroom-agent"
pkill -u "$learner" -x student-agent; wait "$agent_pid" 2> /dev/null || true; agent_pid=""
wait_for 10 "$work/console.out" "Check PC: agent lost" 2

# Another learner account on the same PC is the same seat, in the same state:
# it reads the key and enrollment root wrote, and writes the shared state.
runuser -u "$learner2" -- student-agent --headless --config /etc/classroom/agent.conf > "$work/agent3.out" 2>&1 &
agent_pid=$!
wait_for 15 "$work/console.out" "Check PC is online" 3
wait_for 10 "$work/agent3.out" "this PC was locked before it stopped; locking again"
echo "unlock" >&3
wait_for 10 "$work/console.out" "Check PC confirmed unlocked" 2
runuser -u "$learner2" -- classroom-admin agent-status > "$work/status2.out" || { cat "$work/status2.out"; fail "agent-status failed"; }
grep -Eq '^connection +connected ' "$work/status2.out" || { cat "$work/status2.out"; fail "the second account's agent-status does not say connected"; }
pkill -u "$learner2" -x student-agent; wait "$agent_pid" 2> /dev/null || true; agent_pid=""
echo "quit" >&3
wait "$console_pid" 2> /dev/null || true
console_pid=""
exec 3>&-
echo "    enrolled with code $code, approved, locked and unlocked, killed agent shown lost, relocked on restart,"
echo "    a second learner account on the same seat"

# --- remove and purge ---------------------------------------------------------
step "removing and purging"
for account in "$learner" "$learner2"; do userdel -r "$account" > /dev/null 2>&1 || true; done
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq classroom-agent classroom-console classroom-admin \
  > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; fail "apt-get purge failed"; }
left=()
for path in /etc/classroom /var/lib/classroom-agent /var/log/classroom-agent /usr/bin/teacher-console \
    /usr/bin/student-agent /usr/bin/classroom-admin /usr/libexec/classroom /usr/lib/systemd/user/classroom-agent.service \
    /etc/xdg/autostart/classroom-agent.desktop /usr/share/doc/classroom-agent /usr/share/doc/classroom-console \
    /usr/share/doc/classroom-admin; do
  [ -e "$path" ] && left+=("$path")
done
[ ${#left[@]} -eq 0 ] || fail "left behind after purge: ${left[*]}"
getent passwd classroom-agent > /dev/null && fail "the classroom-agent account is left after purge"
getent group classroom-agent > /dev/null && fail "the classroom-agent group is left after purge"
dpkg-query -W -f='${Status}\n' classroom-agent classroom-console classroom-admin 2> /dev/null | grep -q "installed" &&
  fail "dpkg still lists a package"
installed=no
echo "    purged; no file, directory, account or group left"
step "all package checks passed"
