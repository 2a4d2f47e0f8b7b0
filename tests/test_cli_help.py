import importlib

from click.testing import CliRunner

from handlers.cli import LAZY_COMMANDS, main


def test_rounds_help_lists_each_lazy_command_by_its_own_short_help() -> None:
    listed = CliRunner().invoke(main, ["--help"]).output
    for name, (target, kept_help) in LAZY_COMMANDS.items():
        module_name, attribute = target.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        assert command.get_short_help_str(200) == kept_help, name
        assert name in listed
