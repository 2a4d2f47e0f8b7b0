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

    idle, idle_kinds, loaded, loaded_kinds, ratio, verdict = printed.splitlines()
    assert idle.startswith("idle     n=10 ") and loaded.startswith("loaded   n=10 ")
    assert "request form" in idle_kinds and "App Home opened" in loaded_kinds
    assert "loaded/idle p99" in ratio and verdict.startswith("every ack under 1 s: idle ")
