"""P3 without a global lock (issue 12): an event is appended with an insertion number (id)
and no place in the chain yet; the chaining step gives it seq, prev_hash and hash after
commit.  On PostgreSQL the triggers now allow exactly that one change, protect the chain
head the same way, and refuse TRUNCATE of either table to every role but a superuser (who
can switch triggers off anyway; the test runner empties tables as one)."""

from django.db import migrations, models

from zhicheng.audit.retention import MINIMUM_MONTHS

DROP_OLD = """
DROP TRIGGER audit_event_append_only ON audit_event;
DROP FUNCTION audit_event_append_only();
"""

CONTENT = (
    "occurred_at", "actor_id", "actor_name", "actor_role", "actor_unit", "action", "subject_type",
    "subject_id", "from_state", "to_state", "opinion", "address", "details",
)
OLD_CONTENT = ", ".join(f"OLD.{c}" for c in CONTENT)
NEW_CONTENT = ", ".join(f"NEW.{c}" for c in CONTENT)

CREATE = f"""
CREATE FUNCTION audit_refuse(what text) RETURNS void AS $$
BEGIN
    RAISE EXCEPTION USING MESSAGE = '审计记录只能追加，不能修改或删除（' || what || '）';
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION audit_event_guard() RETURNS trigger AS $$
DECLARE
    head audit_chainhead%ROWTYPE;
BEGIN
    SELECT * INTO head FROM audit_chainhead WHERE id = 1;
    IF TG_OP = 'INSERT' THEN
        -- an event comes in unchained: only the chaining step gives it a place
        IF NEW.seq IS NOT NULL OR NEW.hash <> '' OR NEW.prev_hash <> '' THEN
            PERFORM audit_refuse('新记录不能自带序号或哈希');
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        -- chaining, once: an unchained row gets seq and hashes past the head, nothing else
        IF OLD.seq IS NOT NULL OR NEW.seq IS NULL OR NEW.id <> OLD.id
           OR ({OLD_CONTENT}) IS DISTINCT FROM ({NEW_CONTENT})
           OR NEW.seq <= COALESCE(head.last_seq, 0) THEN
            PERFORM audit_refuse('UPDATE');
        END IF;
        RETURN NEW;
    ELSE
        -- the purge: only events already behind the purge boundary and past the minimum retention
        IF OLD.seq IS NULL OR OLD.seq > COALESCE(head.purged_through, 0)
           OR OLD.occurred_at >= now() - interval '{MINIMUM_MONTHS} months' THEN
            PERFORM audit_refuse('DELETE');
        END IF;
        RETURN OLD;
    END IF;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION audit_chainhead_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        IF NEW.last_seq <> 0 OR NEW.purged_through <> 0 THEN
            PERFORM audit_refuse('链头只能从头开始');
        END IF;
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        -- the head moves forward only, to an event that is there with that hash
        IF NEW.id <> OLD.id OR NEW.last_seq < OLD.last_seq OR NEW.purged_through < OLD.purged_through
           OR (NEW.last_seq > 0 AND NOT EXISTS (
                SELECT 1 FROM audit_event WHERE seq = NEW.last_seq AND hash = NEW.last_hash))
           OR (NEW.purged_through <> OLD.purged_through AND NOT EXISTS (
                SELECT 1 FROM audit_event WHERE seq = NEW.purged_through AND hash = NEW.purged_hash)) THEN
            PERFORM audit_refuse('链头 UPDATE');
        END IF;
        RETURN NEW;
    ELSE
        PERFORM audit_refuse('链头 DELETE');
        RETURN NULL;
    END IF;
END
$$ LANGUAGE plpgsql;

CREATE FUNCTION audit_truncate_guard() RETURNS trigger AS $$
BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        PERFORM audit_refuse('TRUNCATE');
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_event_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_guard();
CREATE TRIGGER audit_event_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate_guard();
CREATE TRIGGER audit_chainhead_guard BEFORE INSERT OR UPDATE OR DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_chainhead_guard();
CREATE TRIGGER audit_chainhead_truncate BEFORE TRUNCATE ON audit_chainhead
    FOR EACH STATEMENT EXECUTE FUNCTION audit_truncate_guard();
"""

DROP = """
DROP TRIGGER audit_event_guard ON audit_event;
DROP TRIGGER audit_event_truncate ON audit_event;
DROP TRIGGER audit_chainhead_guard ON audit_chainhead;
DROP TRIGGER audit_chainhead_truncate ON audit_chainhead;
DROP FUNCTION audit_event_guard();
DROP FUNCTION audit_chainhead_guard();
DROP FUNCTION audit_truncate_guard();
DROP FUNCTION audit_refuse(text);
"""

# The events chained so far keep their number: id continues from seq.
COPY_SEQ = "UPDATE audit_event SET seq = id"
RESTART_IDS = "SELECT setval(pg_get_serial_sequence('audit_event', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM audit_event"


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, None)  # no parameters: the % in the SQL is plpgsql

    return run


def copy_seq(apps, schema_editor):
    schema_editor.execute(COPY_SEQ, None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [
        migrations.RunPython(on_postgresql(DROP_OLD), migrations.RunPython.noop),
        migrations.RenameField("event", "seq", "id"),
        migrations.AlterField("event", "id", models.BigAutoField(primary_key=True, serialize=False)),
        migrations.RunPython(on_postgresql(RESTART_IDS), migrations.RunPython.noop),
        migrations.AddField(
            "event", "seq", models.BigIntegerField(blank=True, null=True, unique=True, verbose_name="序号"),
        ),
        migrations.RunPython(copy_seq, migrations.RunPython.noop),
        migrations.AlterField("event", "prev_hash", models.CharField(blank=True, max_length=64, verbose_name="前一条哈希")),
        migrations.AlterField("event", "hash", models.CharField(blank=True, max_length=64, verbose_name="哈希")),
        migrations.AlterModelOptions(
            "event", options={"ordering": ["id"], "verbose_name": "审计事件", "verbose_name_plural": "审计事件"},
        ),
        migrations.AddIndex(
            "event", models.Index(condition=models.Q(seq__isnull=True), fields=["id"], name="audit_event_unchained"),
        ),
        migrations.AddField("chainhead", "purged_through", models.BigIntegerField(default=0, verbose_name="已清理至序号")),
        migrations.AddField(
            "chainhead", "purged_hash",
            models.CharField(default="0" * 64, max_length=64, verbose_name="清理边界哈希"),
        ),
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
