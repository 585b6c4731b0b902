from django.dispatch import Signal

member_list_changed = Signal()
