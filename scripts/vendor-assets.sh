#!/usr/bin/env bash
# Vendor the front-end assets pinned in package.json/package-lock.json into
# bcd138/static/vendor/. Nothing is loaded from a CDN at run time, so the copied
# files are committed; rerun this after changing a version in package.json
# (`npm install --save-exact PKG@VERSION` first, to update the lock file).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

# --ignore-scripts: none of these packages needs an install script, and we do
# not want to run any.
npm ci --ignore-scripts --no-audit --no-fund

nm="$root/node_modules"
vendor="$root/bcd138/static/vendor"

# Start from empty folders so that files a new version dropped do not linger.
rm -rf "$vendor/bootstrap" "$vendor/bootstrap-icons" "$vendor/htmx" "$vendor/leaflet"
mkdir -p "$vendor/bootstrap/css" "$vendor/bootstrap/js" \
    "$vendor/bootstrap-icons/fonts" "$vendor/htmx" "$vendor/leaflet/images"

# The source maps are copied because the minified files reference them and
# ManifestStaticFilesStorage (collectstatic in production) fails on a
# sourceMappingURL that points at a missing file.
cp "$nm/bootstrap/dist/css/bootstrap.min.css" \
    "$nm/bootstrap/dist/css/bootstrap.min.css.map" "$vendor/bootstrap/css/"
cp "$nm/bootstrap/dist/js/bootstrap.bundle.min.js" \
    "$nm/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$vendor/bootstrap/js/"
cp "$nm/bootstrap/LICENSE" "$vendor/bootstrap/LICENSE"

cp "$nm/bootstrap-icons/font/bootstrap-icons.min.css" "$vendor/bootstrap-icons/"
cp "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff2" \
    "$nm/bootstrap-icons/font/fonts/bootstrap-icons.woff" "$vendor/bootstrap-icons/fonts/"
cp "$nm/bootstrap-icons/LICENSE" "$vendor/bootstrap-icons/LICENSE"

cp "$nm/htmx.org/dist/htmx.min.js" "$vendor/htmx/htmx.min.js"
cp "$nm/htmx.org/LICENSE" "$vendor/htmx/LICENSE"

# The hot-spot map. Only the library: no tiles, no world outlines (the
# deployment configures its own tile server and boundary file, if any).
cp "$nm/leaflet/dist/leaflet.js" "$nm/leaflet/dist/leaflet.js.map" \
    "$nm/leaflet/dist/leaflet.css" "$vendor/leaflet/"
cp "$nm/leaflet/dist/images/"*.png "$vendor/leaflet/images/"
cp "$nm/leaflet/LICENSE" "$vendor/leaflet/LICENSE"

# Record what was vendored, so a reader of the tree can tell without npm.
node -e '
const lock = require(process.argv[1]);
for (const name of ["bootstrap", "bootstrap-icons", "htmx.org", "leaflet"]) {
  console.log(name + " " + lock.packages["node_modules/" + name].version);
}' "$root/package-lock.json" > "$vendor/VERSIONS.txt"

echo "Vendored into $vendor:"
cat "$vendor/VERSIONS.txt"
