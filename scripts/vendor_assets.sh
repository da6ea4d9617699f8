#!/usr/bin/env bash
# Fetch the web app's third-party browser assets from the npm registry (npm pack, no install
# scripts run) and copy only their dist files and licences into src/svidok/web/static/vendor/.
# Run by a maintainer when upgrading; the results are committed so the app never downloads anything.
set -euo pipefail

LEAFLET=${LEAFLET:-1.9.4}
CLUSTER=${CLUSTER:-1.5.3}
HTMX=${HTMX:-2.0.4}
AXE=${AXE:-4.14.1}  # accessibility checks of the browser tests (tests/web), not used by the app itself

here=$(cd "$(dirname "$0")/.." && pwd)
dest="$here/src/svidok/web/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
for spec in "leaflet@$LEAFLET" "leaflet.markercluster@$CLUSTER" "htmx.org@$HTMX" "axe-core@$AXE"; do
  npm pack --silent "$spec" >/dev/null
done
for tgz in *.tgz; do
  mkdir "${tgz%.tgz}" && tar -xzf "$tgz" -C "${tgz%.tgz}"
done

rm -rf "$dest"
mkdir -p "$dest/leaflet/images" "$dest/leaflet.markercluster" "$dest/htmx" "$dest/axe-core"

p="leaflet-$LEAFLET/package"
cp "$p/dist/leaflet.js" "$p/dist/leaflet.css" "$dest/leaflet/"
cp "$p"/dist/images/*.png "$dest/leaflet/images/"
cp "$p/LICENSE" "$dest/leaflet/LICENSE"

p="leaflet.markercluster-$CLUSTER/package"
cp "$p/dist/leaflet.markercluster.js" "$p/dist/MarkerCluster.css" "$p/dist/MarkerCluster.Default.css" \
  "$dest/leaflet.markercluster/"
cp "$p"/MIT-LICENCE.txt "$dest/leaflet.markercluster/LICENSE" 2>/dev/null || cp "$p"/LICEN?E* "$dest/leaflet.markercluster/LICENSE"

p="htmx.org-$HTMX/package"
cp "$p/dist/htmx.min.js" "$dest/htmx/"
cp "$p/LICENSE" "$dest/htmx/LICENSE"

p="axe-core-$AXE/package"
cp "$p/axe.min.js" "$p/LICENSE" "$p/LICENSE-3RD-PARTY.txt" "$dest/axe-core/"

cat > "$dest/VERSIONS" <<VERS
leaflet $LEAFLET (BSD-2-Clause)
leaflet.markercluster $CLUSTER (MIT)
htmx.org $HTMX (0BSD)
axe-core $AXE (MPL-2.0; licence notice at the top of axe.min.js, LICENSE, LICENSE-3RD-PARTY.txt)
fetched with npm pack from the npm registry by scripts/vendor_assets.sh
VERS
chmod -R a-x+X "$dest"  # the tarballs mark some files executable
echo "vendored into $dest"
