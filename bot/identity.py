import uuid
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

    @classmethod
    def teams(cls, tenant_id: str, aad_object_id: str) -> "PersonRef":
        """A Teams user in a Microsoft 365 tenant, by their Microsoft Entra object id."""
        return cls("teams", tenant_key(tenant_id), aad_object_id.lower())


def tenant_key(tenant_id: str) -> str:
    """A tenant GUID as 32 hex digits: the same tenant however its id was written."""
    return uuid.UUID(tenant_id).hex
