#!/usr/bin/env bash
# Installs a fresh clone of this repository the ways the README promises, on a machine with only
# Node and npm: the newest pnpm installed globally (in a throwaway prefix), `npx pnpm` (newest),
# `npx pnpm@<pinned>`, the corepack that comes with Node, and corepack's newest release from npm.
# Each must finish with every dependency build run (Node 24, Deno, Bun, workerd, esbuild),
# checked by running what they installed.
#   bash scripts/check-install.sh [global|npx|pinned|corepack|corepack-latest]...  (default: all)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pin="$(node -p "require('$root/package.json').packageManager.split('+')[0].split('@')[1]")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_HOME="$work/corepack-home"
ways=("$@"); [ ${#ways[@]} -eq 0 ] && ways=(global npx pinned corepack corepack-latest)
failed=0

verify() { # $1: clone
  local bin="$1/node_modules/.bin" ok=0
  "$bin/node" --version >/dev/null 2>&1 || { echo "  node (24) did not install"; ok=1; }
  "$1/packages/deno/node_modules/.bin/deno" --version >/dev/null 2>&1 || { echo "  deno did not install"; ok=1; }
  "$1/packages/bun/node_modules/.bin/bun" --version >/dev/null 2>&1 || { echo "  bun did not install"; ok=1; }
  local w found=0
  for w in "$1"/node_modules/.pnpm/workerd@*/node_modules/workerd/bin/workerd; do
    found=1; "$w" --version >/dev/null 2>&1 || { echo "  $w does not run"; ok=1; }
  done
  [ $found -eq 1 ] || { echo "  workerd did not install"; ok=1; }
  (cd "$1/packages/cloudflare" && "$bin/node" -e "require('esbuild').transformSync('let a: number = 1', { loader: 'ts' })") >/dev/null 2>&1 \
    || { echo "  esbuild did not install"; ok=1; }
  return $ok
}

for way in "${ways[@]}"; do
  clone="$work/$way"
  git clone -q "$root" "$clone" || exit 1
  log="$work/$way.log"
  start=$SECONDS
  case "$way" in
    global)
      npm install -g --silent --prefix "$work/pnpm-latest" pnpm@latest >"$log" 2>&1
      version="$("$work/pnpm-latest/bin/pnpm" --version 2>>"$log")"
      (cd "$clone" && PATH="$work/pnpm-latest/bin:$PATH" pnpm install --frozen-lockfile) >>"$log" 2>&1 ;;
    npx)
      version="$(npm view pnpm@latest version 2>/dev/null)"
      (cd "$clone" && npx --yes pnpm install --frozen-lockfile) >"$log" 2>&1 ;;
    pinned)
      version="$pin"
      (cd "$clone" && npx --yes "pnpm@$pin" install --frozen-lockfile) >"$log" 2>&1 ;;
    corepack)
      command -v corepack >/dev/null || { echo "install with corepack: no corepack with this Node (Node 25+ ships none); see corepack-latest"; continue; }
      version="corepack $(corepack --version)"
      (cd "$clone" && corepack pnpm install --frozen-lockfile) >"$log" 2>&1 ;;
    corepack-latest)
      npm install -g --silent --prefix "$work/corepack" corepack@latest >"$log" 2>&1
      version="corepack $("$work/corepack/bin/corepack" --version 2>>"$log")"
      (cd "$clone" && "$work/corepack/bin/corepack" pnpm install --frozen-lockfile) >>"$log" 2>&1 ;;
    *) echo "unknown way: $way"; exit 2 ;;
  esac
  rc=$?
  if [ $rc -eq 0 ] && verify "$clone"; then
    echo "install with $way ($version): ok in $((SECONDS - start))s"
  else
    echo "install with $way ($version): FAILED (exit $rc); last lines:"
    tail -n 15 "$log" | sed 's/^/  /'
    failed=1
  fi
  rm -rf "$clone"
done
exit $failed
