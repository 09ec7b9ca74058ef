#!/usr/bin/env bash
# Rebuilds internal/web/static/editor.js from entry.js with the versions
# pinned in package-lock.json. Needs Node and npm; only for changing the
# editor, never for building or running Rehearse.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --silent
npx esbuild entry.js --bundle --minify --format=iife --target=es2020 --legal-comments=none --banner:js="/* Rehearse editor bundle: CodeMirror 6 and Lezer (MIT License, Copyright (C) 2018-2021 Marijn Haverbeke and others); style-mod, w3c-keyname, crelt (MIT). Built by web-src/editor/build.sh. */" --outfile=../../internal/web/static/editor.js
