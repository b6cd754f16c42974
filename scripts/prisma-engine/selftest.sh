#!/usr/bin/env bash
# Self-test for the offline schema-engine stand-in (scripts/prisma-engine/schema-engine.mjs).
#
# Builds a tiny Prisma 7 project in a temporary directory and drives the real
# Prisma CLI through scripts/prisma.mjs against two scratch PostgreSQL databases,
# which it drops at the end.
#
#   bash scripts/prisma-engine/selftest.sh
#
# Env: SELFTEST_PG (default postgresql://postgres@127.0.0.1:5432) - server to use;
#      the role needs CREATEDB. KEEP_TMP=1 keeps the temporary project.
set -uo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PRISMA=(node "$REPO/scripts/prisma.mjs")
SERVER="${SELFTEST_PG:-postgresql://postgres@127.0.0.1:5432}"
SERVER="${SERVER%/}"
SUFFIX="$$_$(date +%s)"
DB_A="engine_selftest_${SUFFIX}_a"
DB_B="engine_selftest_${SUFFIX}_b"
URL_A="$SERVER/$DB_A"
URL_B="$SERVER/$DB_B"
TMP="$(mktemp -d "${TMPDIR:-/tmp}/prisma-engine-selftest.XXXXXX")"
FAILED=0
PASSED=0

unset PRISMA_SCHEMA_ENGINE_BINARY # test the stand-in, whatever the caller's environment

pass() { PASSED=$((PASSED + 1)); printf '  \033[32mok\033[0m   %s\n' "$1"; }
fail() { FAILED=$((FAILED + 1)); printf '  \033[31mFAIL\033[0m %s\n' "$1"; [ -n "${2:-}" ] && sed 's/^/         | /' "$2" | tail -40; }
step() { printf '\n== %s\n' "$1"; }

# sql <url> <statement>: prints rows as tab-separated lines (uses pg from the repo).
sql() {
  (cd "$TMP" && node -e '
    const { Client } = require("pg");
    const c = new Client({ connectionString: process.argv[1] });
    c.connect()
      .then(() => c.query({ text: process.argv[2], rowMode: "array" }))
      .then((r) => { for (const row of r.rows || []) console.log(row.join("\t")); return c.end(); })
      .catch((e) => { console.error(e.message); c.end().catch(() => {}); process.exit(1); });
  ' "$1" "$2")
}

shadow_dbs() { sql "$SERVER/postgres" "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%' ORDER BY 1"; }

# prisma <logfile> <args...>: runs the CLI non-interactively in the temp project.
prisma() {
  local out="$1"; shift
  (cd "$TMP" && CI=1 DATABASE_URL="${DATABASE_URL:-$URL_A}" "${PRISMA[@]}" "$@" </dev/null >"$out" 2>&1)
}

expect_rc() { # <name> <expected> <actual> <log>
  if [ "$3" = "$2" ]; then pass "$1 (exit $3)"; else fail "$1: expected exit $2, got $3" "$4"; fi
}
expect_grep() { # <name> <regex> <file>
  if grep -Eq -- "$2" "$3"; then pass "$1"; else fail "$1: /$2/ not found" "$3"; fi
}
expect_no_grep() {
  if grep -Eq -- "$2" "$3"; then fail "$1: /$2/ found" "$3"; else pass "$1"; fi
}
expect_eq() { # <name> <expected> <actual>
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: expected '$2', got '$3'"; fi
}

cleanup() {
  step "cleanup"
  for db in "$DB_A" "$DB_B"; do
    sql "$SERVER/postgres" "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null && echo "  dropped $db"
  done
  if [ "${KEEP_TMP:-}" = 1 ]; then echo "  kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT

# --- the tiny project --------------------------------------------------------
ln -s "$REPO/node_modules" "$TMP/node_modules" # so prisma.config.ts can import prisma/config
cat >"$TMP/schema.prisma" <<'EOF'
generator client {
  provider = "prisma-client"
  output   = "./generated"
}

datasource db {
  provider = "postgresql"
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
}
EOF
cat >"$TMP/prisma.config.ts" <<'EOF'
import { defineConfig, env } from 'prisma/config'

export default defineConfig({
  schema: 'schema.prisma',
  migrations: {
    path: 'migrations',
  },
  datasource: {
    url: env('DATABASE_URL'),
  },
})
EOF

echo "temp project: $TMP"
echo "databases:    $DB_A, $DB_B on $SERVER"
SHADOW_BEFORE="$(shadow_dbs)"

step "engine binary basics"
v="$(node "$REPO/scripts/prisma-engine/schema-engine.mjs" --version)"
if [[ "$v" =~ ^schema-engine-cli\ [0-9a-f]{40}$ ]]; then pass "--version prints '$v'"; else fail "--version printed '$v'"; fi
[ -x "$REPO/scripts/prisma-engine/schema-engine.mjs" ] && pass "schema-engine.mjs is executable" || fail "schema-engine.mjs is not executable"

step "migrate dev --name init (creates $DB_A, creates + applies a migration)"
prisma "$TMP/1.log" migrate dev --name init; rc=$?
expect_rc "migrate dev --name init" 0 $rc "$TMP/1.log"
expect_grep "database was created" "database $DB_A created" "$TMP/1.log"
expect_grep "init migration created and applied" "_init/" "$TMP/1.log"
expect_grep "in sync" "Your database is now in sync with your schema" "$TMP/1.log"
init_sql="$(ls "$TMP"/migrations/*_init/migration.sql 2>/dev/null | head -1)"
[ -n "$init_sql" ] && grep -q 'CREATE TABLE "User"' "$init_sql" && pass "migration.sql creates User" || fail "no init migration.sql with CREATE TABLE \"User\""
[ -f "$TMP/migrations/migration_lock.toml" ] && pass "migration_lock.toml written" || fail "migration_lock.toml missing"
expect_eq "1 migration recorded in _prisma_migrations" "1" "$(sql "$URL_A" 'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL')"

step "model change + migrate dev --create-only"
cat >>"$TMP/schema.prisma" <<'EOF'

model Booking {
  id       Int      @id @default(autoincrement())
  room     Int
  startsAt DateTime
  endsAt   DateTime
}
EOF
prisma "$TMP/2.log" migrate dev --create-only --name bookings; rc=$?
expect_rc "migrate dev --create-only --name bookings" 0 $rc "$TMP/2.log"
expect_grep "reported as created, not applied" "created the following migration without applying it" "$TMP/2.log"
bookings_sql="$(ls "$TMP"/migrations/*_bookings/migration.sql 2>/dev/null | head -1)"
[ -n "$bookings_sql" ] && grep -q 'CREATE TABLE "Booking"' "$bookings_sql" && pass "draft migration creates Booking" || fail "no bookings migration.sql"
expect_eq "draft not applied yet" "1" "$(sql "$URL_A" 'SELECT count(*) FROM _prisma_migrations')"

step "hand-edit the draft (btree_gist EXCLUDE constraint) + migrate dev"
cat >>"$bookings_sql" <<'EOF'

-- Hand-written: a room cannot be booked twice for overlapping periods.
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE "Booking" ADD CONSTRAINT "Booking_room_no_overlap"
  EXCLUDE USING gist ("room" WITH =, tsrange("startsAt", "endsAt") WITH &&);
EOF
prisma "$TMP/3.log" migrate dev; rc=$?
expect_rc "migrate dev (applies the edited draft)" 0 $rc "$TMP/3.log"
expect_grep "bookings migration applied" "_bookings/" "$TMP/3.log"
expect_no_grep "no drift reported" "[Dd]rift" "$TMP/3.log"
expect_no_grep "no reset requested" "need to reset" "$TMP/3.log"
expect_eq "EXCLUDE constraint exists" "x" "$(sql "$URL_A" "SELECT contype FROM pg_constraint WHERE conname = 'Booking_room_no_overlap'")"
sql "$URL_A" "INSERT INTO \"Booking\" (room, \"startsAt\", \"endsAt\") VALUES (1, '2026-01-01 10:00', '2026-01-01 12:00')" >/dev/null
if sql "$URL_A" "INSERT INTO \"Booking\" (room, \"startsAt\", \"endsAt\") VALUES (1, '2026-01-01 11:00', '2026-01-01 13:00')" >"$TMP/overlap.log" 2>&1; then
  fail "overlapping booking was accepted"
else
  expect_grep "overlapping booking rejected by the constraint" "exclusion constraint" "$TMP/overlap.log"
fi

prisma "$TMP/4.log" migrate dev; rc=$?
expect_rc "migrate dev again" 0 $rc "$TMP/4.log"
expect_grep "already in sync, nothing new generated" "Already in sync" "$TMP/4.log"
expect_no_grep "still no drift" "[Dd]rift" "$TMP/4.log"
expect_eq "exactly 2 migration directories" "2" "$(ls -d "$TMP"/migrations/*/ | wc -l | tr -d ' ')"

step "empty draft + hand-written SQL with ';' inside a function body, a comment and a string"
prisma "$TMP/4b.log" migrate dev --create-only --name trigger; rc=$?
expect_rc "migrate dev --create-only --name trigger (empty draft)" 0 $rc "$TMP/4b.log"
trigger_sql="$(ls "$TMP"/migrations/*_trigger/migration.sql 2>/dev/null | head -1)"
[ -n "$trigger_sql" ] && pass "empty draft written" || fail "no trigger migration.sql"
cat >>"$trigger_sql" <<'EOF'

-- Hand-written; this comment has a semicolon; so does the function body.
CREATE FUNCTION booking_normalize() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."endsAt" := greatest(NEW."endsAt", NEW."startsAt");
  RETURN NEW;
END;
$$;
CREATE TRIGGER booking_normalize BEFORE INSERT ON "Booking" FOR EACH ROW EXECUTE FUNCTION booking_normalize();
COMMENT ON TABLE "Booking" IS 'rooms; bookings';
EOF
prisma "$TMP/4c.log" migrate dev; rc=$?
expect_rc "migrate dev (applies the trigger migration)" 0 $rc "$TMP/4c.log"
expect_no_grep "no drift reported" "[Dd]rift" "$TMP/4c.log"
expect_eq "trigger exists" "booking_normalize" "$(sql "$URL_A" "SELECT tgname FROM pg_trigger WHERE tgname = 'booking_normalize'")"
expect_eq "comment with ';' kept intact" "rooms; bookings" "$(sql "$URL_A" "SELECT obj_description('\"Booking\"'::regclass)")"

step "migrate status"
prisma "$TMP/5.log" migrate status; rc=$?
expect_rc "migrate status" 0 $rc "$TMP/5.log"
expect_grep "up to date" "Database schema is up to date" "$TMP/5.log"

step "migrate diff --from-migrations (shadow database) --to-schema --exit-code"
prisma "$TMP/6.log" migrate diff --from-migrations migrations --to-schema schema.prisma --exit-code; rc=$?
expect_rc "migrations and schema agree (exit 0 = empty diff)" 0 $rc "$TMP/6.log"

step "migrate deploy on a second, empty database ($DB_B)"
DATABASE_URL="$URL_B" prisma "$TMP/7.log" migrate deploy; rc=$?
expect_rc "migrate deploy" 0 $rc "$TMP/7.log"
expect_grep "all migrations applied" "All migrations have been successfully applied" "$TMP/7.log"
expect_eq "3 migrations recorded in $DB_B" "3" "$(sql "$URL_B" 'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL')"
expect_eq "EXCLUDE constraint exists in $DB_B" "x" "$(sql "$URL_B" "SELECT contype FROM pg_constraint WHERE conname = 'Booking_room_no_overlap'")"
DATABASE_URL="$URL_B" prisma "$TMP/8.log" migrate status; rc=$?
expect_rc "migrate status on $DB_B" 0 $rc "$TMP/8.log"
expect_grep "$DB_B up to date" "Database schema is up to date" "$TMP/8.log"
DATABASE_URL="$URL_B" prisma "$TMP/9.log" migrate deploy; rc=$?
expect_rc "migrate deploy again (nothing to do)" 0 $rc "$TMP/9.log"
expect_grep "no pending migrations" "No pending migrations to apply" "$TMP/9.log"

step "migrate deploy into a non-default schema (?schema=tenant)"
DATABASE_URL="$URL_B?schema=tenant" prisma "$TMP/9d.log" migrate deploy; rc=$?
expect_rc "migrate deploy ?schema=tenant" 0 $rc "$TMP/9d.log"
expect_eq "tables created in schema tenant" "Booking User _prisma_migrations" "$(sql "$URL_B" "SELECT string_agg(table_name, ' ' ORDER BY table_name) FROM information_schema.tables WHERE table_schema = 'tenant'")"
DATABASE_URL="$URL_B?schema=tenant" prisma "$TMP/9e.log" migrate status; rc=$?
expect_rc "migrate status ?schema=tenant" 0 $rc "$TMP/9e.log"

step "migrate diff --from-config-datasource --to-schema --exit-code"
DATABASE_URL="$URL_B" prisma "$TMP/9b.log" migrate diff --from-config-datasource --to-schema schema.prisma --exit-code; rc=$?
expect_rc "$DB_B matches the schema (exit 0 = empty diff)" 0 $rc "$TMP/9b.log"

step "db execute --file"
echo "INSERT INTO \"Booking\" (room, \"startsAt\", \"endsAt\") VALUES (7, '2026-02-01 10:00', '2026-02-01 09:00');" >"$TMP/exec.sql"
DATABASE_URL="$URL_B" prisma "$TMP/9c.log" db execute --file exec.sql; rc=$?
expect_rc "db execute --file" 0 $rc "$TMP/9c.log"
expect_eq "row inserted (and normalized by the trigger)" "1" "$(sql "$URL_B" "SELECT count(*) FROM \"Booking\" WHERE room = 7 AND \"endsAt\" = \"startsAt\"")"

step "migrate diff --from-empty --to-schema schema.prisma --script"
prisma "$TMP/10.log" migrate diff --from-empty --to-schema schema.prisma --script; rc=$?
expect_rc "migrate diff --script" 0 $rc "$TMP/10.log"
expect_grep "prints CREATE TABLE \"User\"" 'CREATE TABLE "User"' "$TMP/10.log"
expect_grep "prints CREATE TABLE \"Booking\"" 'CREATE TABLE "Booking"' "$TMP/10.log"
expect_grep "prints the unique index" 'CREATE UNIQUE INDEX "User_email_key"' "$TMP/10.log"

step "migrate reset --force"
prisma "$TMP/11.log" migrate reset --force; rc=$?
expect_rc "migrate reset --force" 0 $rc "$TMP/11.log"
expect_grep "reset reported" "Database reset successful" "$TMP/11.log"
expect_eq "data gone after reset" "0" "$(sql "$URL_A" 'SELECT count(*) FROM "Booking"')"
expect_eq "migrations re-applied after reset" "3" "$(sql "$URL_A" 'SELECT count(*) FROM _prisma_migrations WHERE finished_at IS NOT NULL')"
expect_eq "EXCLUDE constraint back after reset" "x" "$(sql "$URL_A" "SELECT contype FROM pg_constraint WHERE conname = 'Booking_room_no_overlap'")"
prisma "$TMP/12.log" migrate status; rc=$?
expect_rc "migrate status after reset" 0 $rc "$TMP/12.log"

step "failure reporting"
mkdir -p "$TMP/migrations/29991231000000_broken"
echo 'ALTER TABLE "Nope" ADD COLUMN x int;' >"$TMP/migrations/29991231000000_broken/migration.sql"
DATABASE_URL="$URL_B" prisma "$TMP/13.log" migrate deploy; rc=$?
expect_rc "migrate deploy with a broken migration fails" 1 $rc "$TMP/13.log"
expect_grep "P3018 reported" 'P3018' "$TMP/13.log"
expect_grep "error names the failed migration" 'Migration name: 29991231000000_broken' "$TMP/13.log"
expect_grep "database error message is passed through" 'relation "Nope" does not exist' "$TMP/13.log"
DATABASE_URL="$URL_B" prisma "$TMP/14.log" migrate status; rc=$?
expect_rc "migrate status sees the failed migration" 1 $rc "$TMP/14.log"
DATABASE_URL="$URL_B" prisma "$TMP/15.log" migrate resolve --rolled-back 29991231000000_broken; rc=$?
expect_rc "migrate resolve --rolled-back" 0 $rc "$TMP/15.log"
rm -rf "$TMP/migrations/29991231000000_broken"
DATABASE_URL="$URL_B" prisma "$TMP/16.log" migrate status; rc=$?
expect_rc "migrate status after resolve" 0 $rc "$TMP/16.log"
expect_grep "up to date after resolve" "Database schema is up to date" "$TMP/16.log"

step "no shadow databases left behind"
expect_eq "prisma_migrate_shadow_db_* unchanged" "$SHADOW_BEFORE" "$(shadow_dbs)"

printf '\n%d passed, %d failed\n' "$PASSED" "$FAILED"
[ "$FAILED" -eq 0 ]
