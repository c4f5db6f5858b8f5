#!/usr/bin/env bash
# Installs the Debian 12 packages leakgate builds and runs with. Idempotent: a no-op when all are present.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache zstd
  libtorch-dev libopenblas0-pthread libeigen3-dev
  libsimdjson-dev libxxhash-dev libyaml-cpp-dev libre2-dev libutf8proc-dev libzstd-dev libssl-dev zlib1g-dev
  libcli11-dev nlohmann-json3-dev libcpp-httplib-dev libopenmpi-dev openmpi-bin
  libgtest-dev libgmock-dev libbenchmark-dev
  chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
