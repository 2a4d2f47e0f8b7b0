import click


@click.group()
def main() -> None:
    """Rounds: micro-mentoring for medicine."""
