#!/usr/bin/env bash
# qtchat's one entry point on Debian and Ubuntu:
#
#   ./build.sh run  [server options]   install what is missing, build, start the server
#   ./build.sh test [ctest options]    install what is missing, build, run every test
#
# Packages come from apt (through sudo when not run as root) and only the
# missing ones are installed. Builds go to build/app and build/test; the test
# command then builds the suite again with AddressSanitizer and UBSan (clang,
# build/sanitize), runs it, and runs each libFuzzer target for a minute.
set -euo pipefail

cd "$(dirname "$0")"

usage() {
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

mode=${1:-}
[ $# -gt 0 ] && shift
case "$mode" in
    run | test) ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
esac

# What building and testing need: qt6-tools-dev and qt6-l10n-tools compile the
# translations (ui/translations), qt6-translations-l10n has Qt's own (built
# into the programs), libsqlite3-dev keeps the history, libqt6sql6-sqlite
# lets tests read history files on their own, libssl-dev makes the server's
# TLS certificate and speaks TLS, python3 runs the seed tutorial's client in tests.
packages=(cmake ninja-build g++ qt6-base-dev qt6-base-dev-tools libsqlite3-dev libqt6sql6-sqlite libssl-dev
          qt6-tools-dev qt6-l10n-tools qt6-translations-l10n python3)
# The test suite also checks the Linux package: its validators, and CPack's
# .deb (dpkg-shlibdeps from dpkg-dev, and file); and runs the input line's
# test on a real X server (xvfb-run, which needs xauth); openssl is a TLS
# client in tests, and iproute2 (ip) sets up the network namespace of tests
# that connect from another address (tests/support/in-network-namespace.sh).
# clang and its runtime (libclang-rt-N-dev) build the sanitizer suite and the fuzzers.
# Discovery is tested against third-party DNS-SD: python3-zeroconf, and
# avahi-daemon with avahi-utils (avahi-browse, avahi-publish-service) on a
# D-Bus of the test's own (dbus), all inside network namespaces.
# Real IRC clients chat on the IRC port: ii, and irssi driven in tmux.
if [ "$mode" = test ]; then
    packages+=(desktop-file-utils appstream dpkg-dev file xvfb xauth openssl iproute2 clang
               python3-zeroconf avahi-daemon avahi-utils dbus ii irssi tmux)
fi

install_missing() {
    missing=()
    for package in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$package")
        fi
    done
    if [ ${#missing[@]} -gt 0 ]; then
        if ! command -v apt-get >/dev/null; then
            echo "build.sh: missing ${missing[*]}, and this is not a Debian or Ubuntu system (no apt-get)." >&2
            exit 1
        fi
        sudo=()
        if [ "$(id -u)" -ne 0 ]; then
            if ! command -v sudo >/dev/null; then
                echo "build.sh: missing ${missing[*]}; run as root or install sudo." >&2
                exit 1
            fi
            sudo=(sudo)
        fi
        echo "build.sh: installing ${missing[*]}" >&2
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}
install_missing "${packages[@]}"
if [ "$mode" = test ]; then
    # The sanitizers' and libFuzzer's runtime, for the clang just installed (14 on Debian 12).
    clang_major=$(clang -dumpversion | cut -d. -f1)
    install_missing "libclang-rt-${clang_major}-dev"
fi

case "$mode" in
    run)
        # Only the programs, with the compiler's warnings shown but not fatal.
        cmake -S . -B build/app -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DQTCHAT_BUILD_TESTS=OFF
        cmake --build build/app --parallel "$(nproc)"
        # The control window where there is a display; the terminal otherwise.
        if [[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]]; then
            exec build/app/src/server/qtchat-server "$@"
        fi
        exec build/app/src/server/qtchat-server --no-gui "$@"
        ;;
    test)
        # Everything, with warnings as errors, as CI builds it: optimised as
        # shipped, without debug information, one unity source per 16 files
        # (the whole build in under six minutes on 2 cores; the sanitizer
        # build below keeps line tables for its reports).
        cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Release \
            -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
            -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 -DQTCHAT_WARNINGS_AS_ERRORS=ON
        cmake --build build/test --parallel "$(nproc)"
        ctest --test-dir build/test --output-on-failure --parallel "$(nproc)" "$@"
        # The same suite with AddressSanitizer and UBSan, and the fuzzers (label
        # "fuzz", QTCHAT_FUZZ_SECONDS each). -O0 and one unity source per 16
        # files keep this build short; any sanitizer report fails its test.
        cmake -S . -B build/sanitize -G Ninja -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
            -DCMAKE_BUILD_TYPE=Sanitize -DCMAKE_CXX_FLAGS_SANITIZE="-O0 -gline-tables-only" \
            -DCMAKE_C_FLAGS_SANITIZE="-O0 -gline-tables-only" -DCMAKE_UNITY_BUILD=ON \
            -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 -DQTCHAT_FUZZ=ON -DQTCHAT_BUILD_BENCH=OFF \
            -DQTCHAT_WARNINGS_AS_ERRORS=ON
        cmake --build build/sanitize --parallel "$(nproc)"
        export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
        export LSAN_OPTIONS="suppressions=$PWD/tests/support/lsan.supp:print_suppressions=0"
        exec ctest --test-dir build/sanitize --output-on-failure --parallel "$(nproc)" "$@"
        ;;
esac
