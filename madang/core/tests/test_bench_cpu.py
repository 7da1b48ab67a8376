"""The CPU time of a bench case, read from /proc (madang.core.bench_cpu)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from madang.core import bench, bench_cpu

# Waits for a line, spends 0.3 s of CPU, says so, then waits for its input to close.
BUSY = """
import sys, time
print("ready", flush=True)
sys.stdin.readline()
end = time.process_time() + 0.3
while time.process_time() < end:
    pass
print("done", flush=True)
sys.stdin.read()
"""
# The busy loop one level down, as gunicorn's workers are under the serving process.
PARENT = "import subprocess, sys; subprocess.run([sys.executable, '-c', sys.argv[1]])"


def busy(*command: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(  # noqa: S603 - this interpreter
        [sys.executable, "-c", *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "ready\n"
    return process


def run_both(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        assert process.stdout is not None and process.stdout.readline() == "done\n"


def test_the_app_is_the_server_and_its_descendants_only():
    tree, outside = busy(PARENT, BUSY), busy(BUSY)
    try:
        clock = bench_cpu.Clock(tree.pid)
        before = clock.read()
        run_both([tree, outside])  # both still running at the second reading
        after = clock.read()
    finally:
        for process in (tree, outside):
            process.communicate(timeout=10)
    cpu = bench_cpu.per_request(before, after, requests=10)
    assert cpu is not None
    # 0.3 s over 10 requests, in ticks of 10 ms; the outside loop's would make it 60.
    assert 25 <= cpu["app"] <= 45
    assert set(cpu) == {"app", "postgres", "redis", "wrk"}


def test_the_load_tool_is_counted_once_it_has_ended():
    clock = bench_cpu.Clock(-1)  # no app: -1 is no process
    before = clock.read()
    subprocess.run(  # noqa: S603 - this interpreter, as wrk is run and waited for
        [sys.executable, "-c", BUSY], input="go\n", capture_output=True, text=True, check=True
    )
    cpu = bench_cpu.per_request(before, clock.read(), requests=10)
    assert cpu is not None and cpu["wrk"] >= 25


def test_without_proc_there_are_no_figures(tmp_path: Path):
    clock = bench_cpu.Clock(1, proc=tmp_path / "proc")
    assert clock.read() is None
    assert bench_cpu.per_request(None, None, requests=100) is None


def test_a_name_with_spaces_and_parentheses_is_read(tmp_path: Path):
    stat = tmp_path / "4242" / "stat"
    stat.parent.mkdir()
    fields = ["S", "7", *["0"] * 9, "120", "30", "5", "5", *["0"] * 30]
    stat.write_text(f"4242 (odd (name) x) {' '.join(fields)}\n")
    process = bench_cpu.read_process(stat)
    assert process == bench_cpu.Process(4242, 7, "odd (name) x", 150, 10)


def test_the_cpu_table():
    page = bench.Result("anonymous board page 1", "", 800.0, 2.0, 5.0, 0)
    page.cpu_ms = {"app": 1.25, "postgres": 0.5, "redis": 0.0625, "wrk": 0.03125}
    other = bench.Result("nginx static file (as the list)", "", 20000.0, 0.1, 0.5, 0)
    assert bench.cpu_table([other]) == ""
    lines = bench.cpu_table([page, other]).splitlines()
    assert lines[0] == "CPU per request, ms: app / postgres / redis / wrk"
    assert lines[1].split() == ["case", "app", "postgres", "redis", "wrk"]
    assert lines[2].split()[-4:] == ["1.250", "0.500", "0.062", "0.031"]
    assert len(lines) == 3 and len(lines[1]) == len(lines[2])
