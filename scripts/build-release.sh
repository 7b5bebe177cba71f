#!/usr/bin/env bash
# The release build (`make run` and the benchmarks run it): see build_release in lib.sh.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
ensure_rust_tools
ensure_wasm_opt
build_release
