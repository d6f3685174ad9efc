#!/usr/bin/env bash
# The project uses no SwiftPM package dependencies (DESIGN.md §1): fail if Package.swift names one.
set -euo pipefail
if grep -nE '\.package\(|dependencies:[[:space:]]*\[[[:space:]]*\.package' Package.swift; then
  echo "Package.swift must not depend on SwiftPM packages" >&2
  exit 1
fi
echo "Package.swift: no package dependencies"
