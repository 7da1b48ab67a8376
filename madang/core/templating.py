"""The Jinja2 environment of madang's templates (docs/architecture.md: why Jinja2).

Templates see what Django's templates gave them: ``url`` and ``static``,
Django's translations (Korean message ids, ``{% trans %}`` blocks with the same
``%(name)s`` placeholders as ``blocktranslate``), Django's ``date``,
``urlencode``, ``truncatechars`` and friends under their usual names, and
madang's own filters, which live here.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static as django_static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]
from jinja2 import (
    ChainableUndefined,
    Environment,
    StrictUndefined,
    Template,
    Undefined,
    pass_context,
)
from jinja2.runtime import Context
from markupsafe import Markup

from madang.core import formatting, fragments
from madang.core.sanitize import render_plain_text


def list_date(moment: datetime | None) -> str:
    return formatting.list_date(moment) if moment else ""


def comment_time(moment: datetime | None) -> str:
    return formatting.comment_time(moment) if moment else ""


def full_datetime(moment: datetime | None) -> str:
    return formatting.full_datetime(moment) if moment else ""


def machine_time(moment: datetime | None) -> str:
    return formatting.machine_time(moment) if moment else ""


def thousands(value: int | None) -> str:
    return formatting.thousands(value)


def plain_text(text: str) -> SafeString:
    """Comment text: escaped, line breaks kept, addresses linked."""
    return mark_safe(render_plain_text(text or ""))  # noqa: S308 - render_plain_text escapes


def date(value: datetime | None, arg: str | None = None) -> str:
    """Django's ``date`` filter, in the site's time zone as Django's templates show it."""
    return defaultfilters.date(template_localtime(value), arg)


# The addresses of static files and of named URLs, kept in the process: the manifest and
# the URL patterns do not change while it runs, and every page asks for the same dozen
# (a lookup costs tens of microseconds). Both depend on the script prefix of a site
# served under a path; a change of settings (in tests) forgets them.
_addresses: dict[Hashable, str] = {}
ADDRESSES_KEPT = 4096


def _address(key: Hashable, make: Callable[[], str]) -> str:
    found = _addresses.get(key)
    if found is None:
        found = make()
        if len(_addresses) >= ADDRESSES_KEPT:
            _addresses.clear()
        _addresses[key] = found
    return found


@receiver(setting_changed)
def _forget_addresses(**kwargs: Any) -> None:
    _addresses.clear()


def static(path: str) -> str:
    return _address(("static", get_script_prefix(), path), lambda: django_static(path))


def url(name: str, *args: Any, **kwargs: Any) -> str:
    def make() -> str:
        return reverse(name, args=args or None, kwargs=kwargs or None)

    key = ("url", get_script_prefix(), get_urlconf(), name, args, tuple(sorted(kwargs.items())))
    try:
        hash(key)
    except TypeError:  # an argument that cannot be a key: looked up every time
        return make()
    return _address(key, make)


@pass_context
def csrf_field(context: Context) -> Markup:
    """The form's CSRF field. A page rendered once for every member (boards.memberpages)
    names a placeholder instead, which each member's copy replaces with their token;
    the real token must never reach that page."""
    token = context.get("csrf_placeholder") or context.get("csrf_token", "")
    return Markup('<input type="hidden" name="csrfmiddlewaretoken" value="{}">').format(token)


def korean_lang() -> Markup:
    """` lang="ko"` for what people wrote (titles, bodies, comments, board and category
    names) on a page in another language, so that a screen reader reads it as Korean.
    On a Korean page the element inherits the page's own language."""
    language = _language() or "ko"
    return Markup("") if language.startswith("ko") else Markup(' lang="ko"')


# The pages' labels, by language: a page asks for the same few dozen labels on each
# render (two or three for every row and comment), and Django's lookup of each costs
# ten microseconds. The catalogs are compiled and loaded once; they do not change
# while a process runs. The page's language is read once per page (PageTemplate).
_labels: dict[tuple[str | None, str, str, int], str] = {}
LABELS_KEPT = 4096  # about a megabyte
_page_language: ContextVar[str | None] = ContextVar("page_language", default=None)
# What every kept piece of the page is keyed by besides its own key (``kept``): read on
# the page's first piece, not on each of its hundred comment lines.
_page_state: ContextVar[tuple[Any, ...] | None] = ContextVar("page_state", default=None)


class PageTemplate(Template):
    """A template that reads the language of the page it renders once, for its labels."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        token = _page_language.set(translation.get_language())
        state = _page_state.set(None)
        try:
            return super().render(*args, **kwargs)
        finally:
            _page_state.reset(state)
            _page_language.reset(token)


def _language() -> str | None:
    found = _page_language.get()
    return found if found is not None else translation.get_language()


def _label(key: tuple[str | None, str, str, int], translate: Any) -> str:
    found = _labels.get(key)
    if found is None:
        found = escape(translate())
        if len(_labels) >= LABELS_KEPT:
            _labels.clear()
        _labels[key] = found
    return found


def gettext(message: str) -> str:
    # Escaped like Django's {% translate %}: a translation is text, not markup.
    return _label((_language(), message, "", 0), lambda: translation.gettext(message))


def ngettext(singular: str, plural: str, number: int) -> str:
    key = (_language(), singular, plural, number)
    return _label(key, lambda: translation.ngettext(singular, plural, number))


def pgettext(context: str, message: str) -> str:
    """A message whose Korean serves two English words ("게시판": a board, the boards)."""
    return _label(
        (_language(), message, context, -1), lambda: translation.pgettext(context, message)
    )


def _state_of_page() -> tuple[Any, ...]:
    state = _page_state.get()
    if state is None:
        today = formatting.local(timezone.now()).date()
        state = (_language(), timezone.get_default_timezone_name(), today)
        _page_state.set(state)
    return state


@pass_context
def kept(context: Context, name: str, key: Hashable | None, **values: Any) -> Markup:
    """The template ``name`` rendered with this page's context and ``values``, kept in
    the process under ``key`` when there is one (core/fragments.py), with what every
    render reads besides: the page's language, the site's zone and its day."""
    if key is not None:
        key = (name, key, *_state_of_page())
        if (found := fragments.get(key)) is not None:
            return found
    template = context.environment.get_template(name)
    rendered = template.root_render_func(template.new_context(context.get_all(), True, values))
    piece = Markup("".join(rendered))  # noqa: S704 - the template's own escaped output
    if key is not None:
        fragments.put(key, piece)
    return piece


def environment(**options: Any) -> Environment:
    # A missing value shows as nothing, as it did in Django's templates.
    return _environment(options, ChainableUndefined)


def strict_environment(**options: Any) -> Environment:
    """The test suite's (settings_test): a template that uses a value its view did not
    pass fails the test, where the site would show nothing. A value a template may
    go without is asked for with ``is defined`` or ``default``."""
    return _environment(options, StrictUndefined)


def _environment(options: dict[str, Any], undefined: type[Undefined]) -> Environment:
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options["undefined"] = undefined  # Django's backend passes its own default
    options["keep_trailing_newline"] = True  # fragments end as Django's templates ended
    options.pop("autoescape", None)
    env = Environment(autoescape=True, **options)
    env.template_class = PageTemplate
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext, ngettext, newstyle=True, pgettext=pgettext
    )
    env.globals.update(
        static=static,
        url=url,
        csrf_field=csrf_field,
        is_veiled=formatting.is_veiled,
        media_window=formatting.media_window,
        korean_lang=korean_lang,
        kept=kept,
    )
    env.filters.update(
        list_date=list_date,
        comment_time=comment_time,
        full_datetime=full_datetime,
        machine_time=machine_time,
        thousands=thousands,
        plain_text=plain_text,
        shown_title=formatting.shown_title,
        summary=formatting.summary,
        media_url=formatting.media_url,
        date=date,
        # Django's, where Jinja has none or a different one (Jinja's urlencode keeps no "/")
        urlencode=defaultfilters.urlencode,
        default_if_none=defaultfilters.default_if_none,
        truncatechars=defaultfilters.truncatechars,
        linebreaksbr=defaultfilters.linebreaksbr,
        floatformat=defaultfilters.floatformat,
    )
    return env
