"""``madang makemessages``: Django's, reading madang's Jinja2 templates as Jinja2.

Django's extractor understands Django's template language only: in a Jinja2
template it would miss every ``{% trans %}`` block. Files under a Jinja2
engine's folders are therefore handed to xgettext as Python made from Jinja2's
own extractor: each message becomes a ``gettext`` or ``ngettext`` call on the
line where the template has it, so the catalog's references keep their line
numbers. Every other file goes through Django's extractor as before.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management.commands import makemessages
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from jinja2.ext import GETTEXT_FUNCTIONS, babel_extract

# As madang's environment (core/templating.py) sets it up: a {% trans %} block
# keeps "%%" in its message id, as Django's {% blocktranslate %} did.
EXTRACT_OPTIONS = {"newstyle_gettext": "true", "silent": "false"}


def jinja2_template_dirs() -> list[Path]:
    return [
        Path(folder).resolve()
        for engine in engines.all()
        if isinstance(engine, Jinja2)
        for folder in engine.template_dirs
    ]


def messages_as_python(source: str) -> str:
    """The template's messages as gettext calls for xgettext, each on its template line."""
    lines: dict[int, list[str]] = {}
    found = babel_extract(
        io.BytesIO(source.encode()), GETTEXT_FUNCTIONS, ["Translators:"], EXTRACT_OPTIONS
    )
    for lineno, function, message, comments in found:
        strings = list(message) if isinstance(message, tuple) else [message]
        while strings and strings[-1] is None:
            strings.pop()  # a {% trans %} block's variables
        if not strings or None in strings:
            continue  # _(variable): nothing to extract
        name = "gettext" if function == "_" else function
        arguments = [repr(text) for text in strings] + (["n"] if "ngettext" in name else [])
        lines.setdefault(lineno, []).append(f"{name}({', '.join(arguments)})")
        if comments:  # "Translators: ..." right above the call, where xgettext looks
            lines.setdefault(lineno - 1, []).append("# Translators: " + " ".join(comments))
    last = max(lines, default=0)
    return "".join("; ".join(lines.get(number, [])) + "\n" for number in range(1, last + 1))


class BuildFile(makemessages.BuildFile):
    def preprocess(self) -> None:
        path = Path(self.path).resolve()
        jinja2 = any(path.is_relative_to(folder) for folder in jinja2_template_dirs())
        if not self.is_templatized or not jinja2:
            super().preprocess()
            return
        Path(self.work_path).write_text(messages_as_python(path.read_text()), encoding="utf-8")


class Command(makemessages.Command):
    build_file_class = BuildFile
