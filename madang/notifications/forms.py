from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.notifications.models import Kind


class KindsForm(forms.Form):
    """The kinds of notification a member wants; a box left empty turns its kind off."""

    wanted = forms.MultipleChoiceField(
        label=_("받을 알림"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
