"""ffmpeg and ffprobe, run so that a hostile file can do little.

Arguments go as a list, never through a shell; the tools read no standard
input (``-nostdin``), open only local files (``-protocol_whitelist file``,
and every path is an absolute ``file:`` URL the server made), are told the
input's format (so a playlist or a ``concat:`` list posing as a video is read
as the container it claims to be, and fails), and run in a session of their
own with limits on time, memory, CPU seconds and the size of what they write,
killed whole when the time is up. No network: the only protocol is ``file``.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

MEMORY_BYTES = 1536 * 1024 * 1024
OUTPUT_BYTES = 1024 * 1024 * 1024


class ToolMissing(RuntimeError):
    """ffmpeg or ffprobe is not installed here."""


class ToolFailed(RuntimeError):
    def __init__(self, tool: str, message: str) -> None:
        super().__init__(f"{tool}: {message}")
        self.message = message


def available() -> bool:
    return bool(shutil.which("ffmpeg") and shutil.which("ffprobe"))


def file_url(path: Path) -> str:
    return "file:" + str(path.resolve())


def _limits(seconds: float) -> None:
    cpu = int(seconds * 4) + 5  # two cores' worth, and some
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    resource.setrlimit(resource.RLIMIT_FSIZE, (OUTPUT_BYTES, OUTPUT_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run(tool: str, args: Sequence[str], *, seconds: float) -> bytes:
    """Run ``tool`` (``ffmpeg`` or ``ffprobe``) with ``args``; its standard output."""
    executable = shutil.which(tool)
    if executable is None:
        raise ToolMissing(tool)
    command = [executable, "-nostdin", "-hide_banner", "-loglevel", "error", *args]
    if tool == "ffprobe":
        command.remove("-nostdin")  # ffprobe reads no input of its own
    process = subprocess.Popen(  # noqa: S603 (a list, no shell, a fixed executable)
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"},
        preexec_fn=lambda: _limits(seconds),  # only limits, before exec
    )
    try:
        out, err = process.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ToolFailed(tool, f"took longer than {seconds:.0f} s") from None
    if process.returncode != 0:
        last = err.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise ToolFailed(tool, f"exit {process.returncode}: {last[0][:200]}")
    return out
