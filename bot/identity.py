from dataclasses import dataclass


@dataclass(frozen=True)
class PersonRef:
    """Who someone is on a platform: people are keyed by platform, workspace and user id."""

    platform: str
    workspace_id: str
    user_id: str

    @classmethod
    def slack(cls, team_id: str, user_id: str) -> "PersonRef":
        return cls("slack", team_id, user_id)
