# A snapshot's body is stored as `json` (suara.core.fields.DocumentField), compressed with lz4 where the
# PostgreSQL server has it: a fold writes a few hundred bodies of several kilobytes, and pglz, the
# default, took a third of that write.

import suara.core.fields
from django.db import migrations

LZ4_AVAILABLE = (
    "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
)


def compress_with_lz4(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(LZ4_AVAILABLE)
        if cursor.fetchone():
            cursor.execute("ALTER TABLE results_recapsnapshot ALTER COLUMN body SET COMPRESSION lz4")


class Migration(migrations.Migration):

    dependencies = [
        ('results', '0002_contest_keys_unenforced_on_hot_tables'),
    ]

    operations = [
        migrations.AlterField(
            model_name='recapsnapshot',
            name='body',
            field=suara.core.fields.DocumentField(),
        ),
        migrations.RunPython(compress_with_lz4, migrations.RunPython.noop),
    ]
