from django import forms
from django.utils.translation import gettext_lazy as _


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("사유"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("감사 기록에 영구히 남습니다. 요청 문서나 신고 번호를 구체적으로 적어 주세요."),
    )
