"""Optional extras: which one a missing module belongs to, and how to install it."""

EXTRA_MODULES = {"teams": ("microsoft_agents",), "embeddings": ("openai",)}


def install_hint(extra: str) -> str:
    return (
        f"install the `{extra}` extra: `uv sync --extra {extra}` in a clone of Rounds, or "
        f"`pip install 'rounds[{extra}]'`"
    )


def missing_extra(error: ImportError) -> str | None:
    """The extra whose absence raised ``error``, if it is one of ours."""
    root = (error.name or "").split(".")[0]
    return next((extra for extra, roots in EXTRA_MODULES.items() if root in roots), None)
