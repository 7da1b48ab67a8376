from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from madang.accounts.models import Member
from madang.boards.models import Board
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
        ("blind", _("가림 (자리는 두고 제목과 본문을 가림)")),
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
    """The fields of a banned word; the model checks a regular expression compiles."""

    class Meta:
        model = BannedWord
        fields = ["pattern", "is_regex", "exceptions", "board", "action"]
        widgets = {"exceptions": forms.Textarea(attrs={"rows": 2})}


class ModeratorForm(forms.Form):
    """Appoint a member, named by their username, to moderate a board."""

    board = forms.ModelChoiceField(
        label=_("게시판"), queryset=Board.objects.order_by("order", "pk")
    )
    username = forms.CharField(label=_("아이디"), max_length=150)
    reason = forms.CharField(label=_("사유"), max_length=500, required=False)

    def clean(self) -> dict[str, Any]:
        """``member``: the member the username names."""
        data = super().clean() or {}
        username = data.get("username", "").strip()
        if username:
            found = Member.objects.filter(username__iexact=username, is_active=True)
            data["member"] = found.first()
            if data["member"] is None:
                self.add_error("username", _("그런 아이디의 회원이 없습니다."))
        return data
