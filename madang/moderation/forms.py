from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.moderation.models import Ban, BannedWord, Report


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("사유"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("감사 기록에 영구히 남습니다. 요청 문서나 신고 번호를 구체적으로 적어 주세요."),
    )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(label=_("신고 사유"), choices=Report.Reason.choices)
    text = forms.CharField(
        label=_("설명"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionForm(forms.Form):
    """One form for every moderator action; the action decides which fields matter."""

    ACTIONS = [
        ("approve", _("승인")),
        ("hide", _("숨김")),
        ("delete", _("삭제")),
        ("lock", _("댓글 잠금")),
        ("unlock", _("댓글 잠금 풀기")),
        ("move", _("카테고리 이동")),
        ("pin", _("공지로 고정")),
        ("ban", _("글쓴이 차단")),
    ]
    action = forms.ChoiceField(label=_("처리"), choices=ACTIONS)
    targets = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("사유"), max_length=500, required=False)
    category = forms.IntegerField(required=False)
    notice_kind = forms.IntegerField(required=False)
    site_wide = forms.BooleanField(required=False)
    ban_kind = forms.ChoiceField(choices=Ban.Kind.choices, required=False)
    ban_days = forms.IntegerField(required=False, min_value=1, max_value=36500)
    ban_everywhere = forms.BooleanField(required=False)
    next = forms.CharField(required=False)


class BannedWordForm(forms.ModelForm):
    class Meta:
        model = BannedWord
        fields = ["pattern", "is_regex", "exceptions", "board", "action"]
        widgets = {"exceptions": forms.Textarea(attrs={"rows": 2})}

    def clean_pattern(self) -> str:
        pattern = self.cleaned_data["pattern"].strip()
        if self.data.get("is_regex"):
            import regex

            try:
                regex.compile(pattern)
            except regex.error as error:
                raise forms.ValidationError(
                    _("정규식이 올바르지 않습니다: %(error)s"), params={"error": error}
                ) from error
        return pattern
