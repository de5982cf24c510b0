#!/usr/bin/env bash
# Builds the web app into web/dist (type check, Vite bundle, .gz files, size check).
set -euo pipefail
cd "$(dirname "$0")/../web"
npm run --silent build
