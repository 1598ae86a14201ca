#!/bin/sh
# Stand-in for the native schema engine: `prisma generate` needs the path to exist but never runs it.
echo "The native Prisma schema engine is not installed; migrations run through scripts/db-migrate.ts." >&2
exit 1
