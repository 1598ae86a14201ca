-- AfrikaPharma Console — first migration.
-- Hand-written parts (this preamble and the closing section) hold what schema.prisma cannot say:
-- the id generator, CHECK constraints, and the append-only, hash-chained audit log.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Prefixed, unguessable ids ("inst_3f2a9c0d4e5b6a7f8e9d0c1b"): 96 random bits from gen_random_uuid().
CREATE OR REPLACE FUNCTION afp_id(prefix text) RETURNS text
  LANGUAGE sql VOLATILE PARALLEL SAFE
  AS $$ SELECT prefix || '_' || substr(replace(gen_random_uuid()::text, '-', ''), 1, 24) $$;

