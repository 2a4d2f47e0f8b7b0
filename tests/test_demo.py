from click.testing import CliRunner

from handlers.cli import main


def test_the_demo_plays_every_journey_without_slack() -> None:
    result = CliRunner().invoke(main, ["demo"])

    assert result.exit_code == 0, result.output
    assert "Ana Ruiz sees (only visible to them)" in result.output
    assert "Ana Ruiz's App Home" in result.output
    assert "Mentors who fit your request" in result.output
    assert "Meet your mentoring match" in result.output
    assert "Reminder: a mentoring request" in result.output
    assert "A request needs a person" in result.output
    assert "Demo finished" in result.output
