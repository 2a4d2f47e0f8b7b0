import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench" / "acks.py"


def load_bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_acks", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_the_ack_benchmark_prints_its_figures_for_a_tiny_program(tmp_path: Path) -> None:
    acks = load_bench()

    printed = acks.measure(f"sqlite:///{tmp_path / 'acks.db'}", people=30, users=2, actions=5)

    lines = printed.splitlines()
    assert lines[0].startswith("idle     n=10 ") and lines[1].startswith("loaded   n=10 ")
    assert "loaded/idle p99" in lines[2] and lines[3].startswith("every ack under 1 s: idle ")
