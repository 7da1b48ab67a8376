"""The pages' labels are kept by language (core/templating.py): each page gets its own."""

from __future__ import annotations

from django.template import engines
from django.utils import translation


def test_a_label_is_given_in_the_language_of_each_page():
    template = engines["jinja2"].from_string(
        '{{ _("글쓰기") }} {% trans counter=2 %}댓글 {{ counter }}개{% pluralize %}'
        "댓글 {{ counter }}개{% endtrans %}"
    )
    for _ in range(2):  # the second time from what was kept
        with translation.override("en"):
            english = template.render({})
        with translation.override("ko"):
            korean = template.render({})
        assert english == "Write a post 2 comments"
        assert korean == "글쓰기 댓글 2개"
