"""The pages' forms, reused for the API's fields: the same checks, the same messages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.api.models import ApiToken


def form_errors(form: forms.Form) -> dict[str, list[str]]:
    """A bound form's errors by field (``__all__`` for the form's own)."""
    return {name: [str(message) for message in errors] for name, errors in form.errors.items()}


class TokenForm(forms.Form):
    """A new personal access token, on /me/tokens/."""

    name = forms.CharField(
        label=_("이름"),
        max_length=60,
        help_text=_("어디에 쓰는 토큰인지 알아볼 수 있게 적으세요. 예: 휴대폰 앱"),
        error_messages={"required": _("토큰 이름을 적어 주세요.")},
    )
    scope = forms.ChoiceField(
        label=_("권한"),
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    lifetime = forms.TypedChoiceField(
        label=_("기한"),
        choices=[
            ("30", _("30일")),
            ("90", _("90일")),
            ("365", _("1년")),
            ("", _("기한 없음 (취소할 때까지)")),
        ],
        initial="90",
        required=False,
        coerce=int,
        empty_value=None,
    )
