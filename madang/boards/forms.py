from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from madang.accounts.pii import Finding, find_personal_data
from madang.boards.models import Board, Category


class PostForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("카테고리"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("고르세요"),
    )
    title = forms.CharField(
        label=_("제목"),
        max_length=300,
        error_messages={
            "required": _("제목을 적어 주세요."),
            "max_length": _("제목은 300자까지 쓸 수 있습니다."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-draft": "title"}),
    )
    body = forms.CharField(
        label=_("본문"),
        required=False,
        strip=False,
        widget=forms.HiddenInput(attrs={"data-draft": "body"}),
    )
    source_url = forms.URLField(
        label=_("출처"),
        required=False,
        max_length=2000,
        assume_scheme="https",
        error_messages={
            "invalid": _("출처 주소가 올바르지 않습니다. https://로 시작하는 주소를 적어 주세요.")
        },
        widget=forms.URLInput(attrs={"placeholder": "https://", "data-draft": "source_url"}),
    )
    # "mask" once the writer has seen the personal data found and chose to hide it.
    personal_data = forms.CharField(required=False, widget=forms.HiddenInput)
    # The browser's token for this submission (writing/idempotency.py), sent again on a retry.
    submission = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args: Any, board: Board, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.board = board
        field = self.fields["category"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Category.objects.filter(board=board).order_by("order", "id")
        field.widget.attrs["data-draft"] = "category"
        field.widget.attrs["data-requires-source"] = ",".join(
            str(category.pk) for category in categories if category.requires_source
        )
        if categories:
            field.required = True
            field.error_messages["required"] = _("카테고리를 골라 주세요.")
        else:
            del self.fields["category"]
        if self.source_required():
            self.fields["source_url"].widget.attrs["required"] = True

    def source_required(self) -> bool:
        """Whether the category chosen (typed, or given in the write link) asks for a source:
        the page then shows the field as 필수 before the editor's script runs, or without it."""
        if "category" not in self.fields:
            return False
        needing = self.fields["category"].widget.attrs["data-requires-source"].split(",")
        return str(self["category"].value()) in needing

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("제목을 적어 주세요."), code="required")
        return title

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        limit = self.board.max_body_length
        if len(body) > limit:
            raise forms.ValidationError(
                _("본문은 %(limit)s자까지 쓸 수 있습니다. 지금 %(length)s자입니다."),
                code="too_long",
                params={"limit": f"{limit:,}", "length": f"{len(body):,}"},
            )
        return body

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        category = cleaned.get("category")
        if category is not None and category.requires_source and not cleaned.get("source_url"):
            self.add_error(
                "source_url",
                forms.ValidationError(
                    _("%(category)s 글에는 출처 주소를 적어 주세요."),
                    code="source_required",
                    params={"category": category.name},
                ),
            )
        return cleaned

    def personal_data_found(self) -> list[Finding]:
        data = self.cleaned_data
        text = "\n".join([data.get("title", ""), strip_tags(data.get("body", ""))])
        return find_personal_data(text)


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("댓글"),
        max_length=3000,
        error_messages={
            "required": _("댓글을 적어 주세요."),
            "max_length": _("댓글은 3,000자까지 쓸 수 있습니다."),
        },
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": _("댓글을 남겨 주세요")}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    personal_data = forms.CharField(required=False, widget=forms.HiddenInput)
    submission = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
    # An uploaded picture's key (madang.media), where the board takes pictures in comments.
    picture = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].required = False  # a picture alone is a comment too

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        body = (cleaned.get("body") or "").strip()
        cleaned["body"] = body
        if not body and not cleaned.get("picture") and "body" not in self.errors:
            self.add_error("body", forms.ValidationError(_("댓글을 적어 주세요."), code="required"))
        return cleaned

    def personal_data_found(self) -> list[Finding]:
        return find_personal_data(self.cleaned_data.get("body", ""))


class CategoryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Category) -> str:  # type: ignore[override]
        return f"{obj.board.name} · {obj.name}"


class PreferencesForm(forms.Form):
    excluded_categories = CategoryChoices(
        label=_("목록에서 숨길 카테고리"),
        queryset=Category.objects.select_related("board").order_by(
            "board__order", "board_id", "order"
        ),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    muted_words = forms.CharField(
        label=_("제목에서 가릴 단어"),
        required=False,
        max_length=5000,
        help_text=_("한 줄에 하나씩 적으세요. 제목에 이 단어가 든 글은 내 목록에 나오지 않습니다."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
