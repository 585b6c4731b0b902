from django.apps import AppConfig


class Config(AppConfig):
    name = "suara.parties"
    label = "parties"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The membership checks re-check a party after each upload of its list (parties.checks).
        from suara.parties.checks.services import member_list_changed_receiver
        from suara.parties.signals import member_list_changed

        member_list_changed.connect(member_list_changed_receiver, dispatch_uid="parties.checks.after_upload")
