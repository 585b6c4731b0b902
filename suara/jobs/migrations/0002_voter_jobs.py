"""The register's jobs (voters.VoterJob) become jobs of the kernel, with the same ids: their folders
(PRIVATE_DIR/jobs/<id>/) and their old addresses (/petugas/pemilih/tugas/<id>/, which redirect) stay
right. A queued job's task row in django-tasks' table is pointed at the kernel's task (same argument)."""

from django.core.management.color import no_style
from django.db import migrations

OLD_TASK = "suara.voters.tasks.run_voter_job"
NEW_TASK = "suara.jobs.tasks.run_job"


def forwards(apps, schema_editor):
    VoterJob = apps.get_model("voters", "VoterJob")
    Job = apps.get_model("jobs", "Job")
    rows = [
        Job(
            pk=old.pk,
            kind=old.kind,
            state=old.status,
            started_by=old.started_by,
            role=old.role,
            scope=old.region_code,
            params=old.params,
            progress_done=old.progress,
            progress_total=100,
            created_at=old.created_at,
            started_at=old.started_at,
            heartbeat_at=old.started_at,
            finished_at=old.finished_at,
            upload_name=old.upload_name,
            result_name=old.result_name,
            summary=old.summary,
            error_code=old.error_code,
            error_message=old.error_message,
            task_id=old.task_id,
        )
        for old in VoterJob.objects.order_by("pk").iterator()
    ]
    Job.objects.bulk_create(rows, batch_size=1000)
    if rows:  # ids were given: the sequence must move past them
        connection = schema_editor.connection
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [Job]):
                cursor.execute(sql)
    DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
    DBTaskResult.objects.filter(task_path=OLD_TASK).update(task_path=NEW_TASK)


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0001_initial"),
        ("voters", "0004_voter_job"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
