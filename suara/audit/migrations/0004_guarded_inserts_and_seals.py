"""On PostgreSQL the audit table now guards INSERT too, and checks every seal.

The application's role may INSERT and UPDATE this table (docs/deployment.md), so before this migration
a stolen or misused application connection could freeze the chain for good: insert a "pre-sealed" event
(a seq far beyond the head, a hash of its own choosing) or seal an event out of order, and the sealer
either fails on every run or builds on a forged head, while the role cannot delete or repair anything.

Now, whoever asks:
- INSERT takes only an unsealed, well-formed event, as ``audit.services.audit_record`` writes it: seq,
  hash and prev_hash empty, an ISO 8601 UTC time with microseconds, an actor and an action. Its id is
  always the table's own sequence's, so no insert can take the ids the application's next events will
  get (which would make every write of the system fail on the primary key).
- UPDATE is only a seal: an unsealed event, its content unchanged, given the place right after the
  chain's head (seq = head + 1), the head's hash as prev_hash, and exactly the hash ``audit.chain``
  computes (the canonical JSON is rebuilt here; ``test_chain_postgresql`` checks both agree).
- DELETE is refused, as before; TRUNCATE is left to the table's owner (no grant gives it to the app).

So the worst a misused application role can do to the log is add events the application could have
written; every event, once sealed, stays in a chain that ``suara audit verify`` proves intact. SQLite
has no such guard (whoever can write the file owns the system); there ``audit verify`` finds tampering.
"""

from django.db import migrations

GENESIS = "0" * 64

GUARDED = f"""
CREATE OR REPLACE FUNCTION audit_event_insert_guard() RETURNS trigger AS $$
BEGIN
    IF NEW.seq IS NOT NULL OR NEW.hash IS NOT NULL OR NEW.prev_hash IS DISTINCT FROM '' THEN
        RAISE EXCEPTION 'audit_auditevent: events are written unsealed (seq, hash and prev_hash empty)'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NEW.created_at !~ '^[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}T[0-9]{{2}}:[0-9]{{2}}:[0-9]{{2}}[.][0-9]{{6}}[+]00:00$'
       OR NEW.actor = '' OR NEW.action = '' THEN
        RAISE EXCEPTION 'audit_auditevent: malformed event refused (time, actor or action)'
            USING ERRCODE = 'check_violation';
    END IF;
    NEW.id := nextval('{{sequence}}'::regclass);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
DECLARE
    head_seq bigint;
    head_hash text;
    canonical text;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL
       AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND NEW.id = OLD.id AND NEW.created_at = OLD.created_at AND NEW.actor = OLD.actor
       AND NEW.role = OLD.role AND NEW.action = OLD.action AND NEW.object_code = OLD.object_code
       AND NEW.summary = OLD.summary THEN
        SELECT seq, hash INTO head_seq, head_hash
            FROM audit_auditevent WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1;
        IF head_seq IS NULL THEN
            head_seq := 0;
            head_hash := '{GENESIS}';
        END IF;
        -- audit.chain.event_hash: JSON with sorted keys, no whitespace, UTF-8 as is (to_json escapes
        -- quotes, backslashes and control characters exactly as Python's json does).
        canonical := '{{"action":' || to_json(NEW.action)::text
            || ',"actor":' || to_json(NEW.actor)::text
            || ',"created_at":' || to_json(NEW.created_at)::text
            || ',"object_code":' || to_json(NEW.object_code)::text
            || ',"prev_hash":' || to_json(NEW.prev_hash)::text
            || ',"role":' || to_json(NEW.role)::text
            || ',"seq":' || NEW.seq::text
            || ',"summary":' || to_json(NEW.summary)::text || '}}';
        IF NEW.seq = head_seq + 1 AND NEW.prev_hash = head_hash
           AND NEW.hash = encode(sha256(convert_to(canonical, 'UTF8')), 'hex') THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit_auditevent: a seal must follow the head (#%) with its hash and the event''s own',
            head_seq USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_guard_insert
    BEFORE INSERT ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_insert_guard();
"""

# 0003's function: any seal of an unsealed event, content unchanged; no guard on INSERT.
UNGUARDED = """
DROP TRIGGER IF EXISTS audit_event_guard_insert ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_insert_guard();
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL
       AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL
       AND NEW.id = OLD.id AND NEW.created_at = OLD.created_at AND NEW.actor = OLD.actor
       AND NEW.role = OLD.role AND NEW.action = OLD.action AND NEW.object_code = OLD.object_code
       AND NEW.summary = OLD.summary THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit_auditevent is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def guard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:  # looked up once here, not on every insert
            cursor.execute("SELECT pg_get_serial_sequence('audit_auditevent', 'id')")
            sequence = cursor.fetchone()[0]
        schema_editor.execute(GUARDED.replace("{sequence}", sequence), params=None)


def unguard(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARDED, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_sealed_chain")]
    operations = [migrations.RunPython(guard, unguard)]
