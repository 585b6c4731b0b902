from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.results"
    label = "results"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from suara.elections import signals
        from suara.results import receivers

        signals.contest_counted.connect(receivers.contest_counted, dispatch_uid="results.contest_counted")
        signals.candidates_changed.connect(
            receivers.republish_after_candidates, dispatch_uid="results.republish_after_candidates"
        )
