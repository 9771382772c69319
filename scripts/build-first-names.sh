#!/usr/bin/env bash
# Rebuilds data/lang/en/first_names.tsv from the US Census 1990 first-name frequency files
# (public domain), which the PyPI package names 0.3.0 carries; only its data files are used.
# Needs python3 with pip and the package registry. Usage: bash scripts/build-first-names.sh
set -euo pipefail
cd "$(dirname "$0")/.."
sources=target/first-name-sources
mkdir -p "$sources"
if [ ! -f "$sources/dist.male.first" ] || [ ! -f "$sources/dist.female.first" ]; then
  echo "downloading names 0.3.0 from PyPI into $sources" >&2
  python3 -m pip download --quiet --no-deps --no-binary :all: names==0.3.0 -d "$sources"
  tar -xzf "$sources/names-0.3.0.tar.gz" -C "$sources" --strip-components=2 \
    names-0.3.0/names/dist.male.first names-0.3.0/names/dist.female.first
fi
cargo run --release --quiet -- build first-names \
  --male "$sources/dist.male.first" --female "$sources/dist.female.first" "$@"
