#!/usr/bin/env bash
# Deploy the console to Vercel (production).
#   1. check the production configuration (every variable present, no local drivers unless allowed)
#   2. apply pending migrations to the production database (DATABASE_URL)
#   3. deploy with the Vercel CLI
# Usage: bash scripts/deploy-multi-tenant.sh [--allow-local-drivers] [--skip-deploy]
set -euo pipefail
cd "$(dirname "$0")/.."

allow=""
skip_deploy=""
for arg in "$@"; do
  case "$arg" in
    --allow-local-drivers) allow="--allow-local-drivers" ;;
    --skip-deploy) skip_deploy=1 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if [ -z "${DATABASE_URL:-}" ] && ! grep -qs '^DATABASE_URL=' .env.production .env.production.local; then
  echo "error: DATABASE_URL is not set: production needs its own PostgreSQL." >&2
  exit 1
fi

echo "→ Checking the production configuration"
npx tsx scripts/check-config.ts $allow

echo "→ Applying migrations to the production database"
NODE_ENV=production npx tsx scripts/db-migrate.ts

if [ -n "$skip_deploy" ]; then
  echo "→ Skipping the Vercel deployment (--skip-deploy)"
  exit 0
fi

echo "→ Deploying to Vercel"
if [ -n "${VERCEL_DEPLOY_TOKEN:-}" ]; then
  npx --yes vercel@latest deploy --prod --token "$VERCEL_DEPLOY_TOKEN"
else
  npx --yes vercel@latest deploy --prod
fi
