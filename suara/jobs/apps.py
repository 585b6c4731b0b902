from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class Config(AppConfig):
    name = "suara.jobs"
    label = "jobs"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Each app declares its job kinds in its own `job_kinds.py` (suara.jobs.registry), or a sub-package
        # of the app in its own (the party membership checks: suara/parties/checks/job_kinds.py).
        autodiscover_modules("job_kinds", "checks.job_kinds")
