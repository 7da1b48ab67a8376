"""In the suite a template fails on a value its view did not pass; the site shows nothing."""

from __future__ import annotations

import pytest
from django.template import engines
from jinja2 import UndefinedError

from madang.core.templating import environment


@pytest.mark.parametrize(
    "source",
    [
        "{{ missing }}",
        "{% if missing %}x{% endif %}",
        "{{ missing.name }}",
        "{% for item in missing %}{% endfor %}",
        "{{ post.nothing_by_that_name }}",
        "{{ none.pk }}",
    ],
)
def test_the_suites_templates_fail_on_a_missing_value(source):
    template = engines["jinja2"].from_string(source)
    with pytest.raises(UndefinedError):
        template.render({"post": object(), "none": None})


def test_a_template_may_ask_whether_a_value_was_passed():
    template = engines["jinja2"].from_string(
        "[{% if flag is defined and flag %}on{% endif %}|{{ label|default('-') }}]"
    )
    assert template.render({}) == "[|-]"
    assert template.render({"flag": True, "label": "x"}) == "[on|x]"


def test_the_site_shows_nothing_for_a_missing_value():
    site = environment(undefined=None)  # Django's backend always passes a default of its own
    rendered = site.from_string("[{{ missing }}|{{ missing.name }}|{{ none.pk }}]").render(
        none=None
    )
    assert rendered == "[||]"
