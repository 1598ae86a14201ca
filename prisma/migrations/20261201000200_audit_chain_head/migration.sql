-- The audit chain's head, kept for the rest of the transaction in a transaction-local setting.
-- Reading the newest row through a plan cached by PL/pgSQL chose a sequential scan when the table
-- was small, which made a big set-based insert quadratic (measured: 7,000 rows in 5 s). Now each
-- transaction reads the head once (with a freshly planned query) and chains the rest in memory.
CREATE OR REPLACE FUNCTION afp_audit_chain() RETURNS trigger
  LANGUAGE plpgsql
  AS $$
  DECLARE
    head text;
  BEGIN
    PERFORM pg_advisory_xact_lock(7305001);
    NEW.id := nextval(pg_get_serial_sequence('audit_logs', 'id'));
    head := current_setting('afp.audit_head', true);
    IF head IS NULL OR head = '' THEN
      EXECUTE 'SELECT hash FROM audit_logs ORDER BY id DESC LIMIT 1' INTO head;
    END IF;
    NEW.prev_hash := head;
    NEW.hash := afp_audit_row_digest(NEW);
    PERFORM set_config('afp.audit_head', NEW.hash, true);
    RETURN NEW;
  END
  $$;
