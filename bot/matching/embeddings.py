"""Optional scorer that also compares meaning through an embeddings API (the `openai` extra)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np

from bot.extras import install_hint, missing_extra
from bot.matching.circumstances import Matrix
from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.scoring import TEXT_FIT, DefaultScorer, Score, Scorer

log = logging.getLogger(__name__)

DEFAULT_MODEL = "text-embedding-3-small"


class EmbeddingsScorer:
    """Blends the default score with the cosine similarity of goal and offer embeddings.

    Any failure of the embeddings service (timeout, HTTP error, malformed answer) falls back
    to the default score, so matching never stops because the service is down.
    """

    def __init__(
        self,
        api_key: str,
        base_url: str | None = None,
        *,
        fallback: DefaultScorer | None = None,
        model: str = DEFAULT_MODEL,
        blend: float = 0.3,
        timeout_seconds: float = 5.0,
    ) -> None:
        from openai import OpenAI  # optional extra: only needed when embeddings are configured

        self.fallback = fallback or DefaultScorer()
        self.model = model
        self.blend = blend
        self._client: Any = OpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout_seconds, max_retries=0
        )
        self._vectors: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}

    def score(self, need: MenteeNeed, mentor: MentorProfile) -> Score:
        return self.score_pairs([need], [mentor])[0]

    def score_pairs(
        self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]
    ) -> list[Score]:
        base = self.fallback.score_pairs(needs, mentors)
        meanings = self._similarity(
            [n.goal for n in needs], [m.help_text for m in mentors], aligned=True
        )
        if meanings is None:
            return base
        return [
            Score(
                (1 - self.blend) * score.value + self.blend * float(meaning),
                (*score.reasons, "profile close in meaning to the request")
                if meaning >= TEXT_FIT
                else score.reasons,
                score.fits or meaning >= TEXT_FIT,
            )
            for score, meaning in zip(base, meanings, strict=True)
        ]

    def score_matrix(self, needs: Sequence[MenteeNeed], mentors: Sequence[MentorProfile]) -> Matrix:
        base = self.fallback.score_matrix(needs, mentors)
        similarity = self._similarity([n.goal for n in needs], [m.help_text for m in mentors])
        if similarity is None:
            return base
        return (1 - self.blend) * base + self.blend * similarity

    def _similarity(
        self, goals: Sequence[str], offers: Sequence[str], *, aligned: bool = False
    ) -> Matrix | None:
        """Cosine similarity clipped to [0, 1]; empty texts score 0; None if the service failed."""
        try:
            self._embed([t for t in {*goals, *offers} if t.strip() and t not in self._vectors])
        except Exception as error:  # the service is optional: any failure means "no opinion"
            log.warning("embeddings unavailable, using the default scorer: %s", error)
            return None
        goal_vectors = self._unit_vectors(goals)
        offer_vectors = self._unit_vectors(offers)
        if aligned:
            cosine = np.einsum("kd,kd->k", goal_vectors, offer_vectors)
        else:
            cosine = goal_vectors @ offer_vectors.T
        return np.asarray(np.clip(cosine, 0.0, 1.0), dtype=np.float64)

    def _embed(self, texts: list[str]) -> None:
        if not texts:
            return
        answer = self._client.embeddings.create(
            model=self.model, input=texts, encoding_format="float"
        )
        vectors = sorted(answer.data, key=lambda item: item.index)
        if len(vectors) != len(texts):
            raise ValueError(f"asked {len(texts)} embeddings, got {len(vectors)}")
        for text, item in zip(texts, vectors, strict=True):
            vector = np.asarray(item.embedding, dtype=np.float64)
            norm = float(np.linalg.norm(vector))
            self._vectors[text] = vector / norm if norm > 0 else vector

    def _unit_vectors(self, texts: Sequence[str]) -> Matrix:
        width = len(next(iter(self._vectors.values()))) if self._vectors else 1
        zero = np.zeros(width)
        return np.array([self._vectors.get(t, zero) for t in texts]).reshape(len(texts), width)


def make_scorer(openai_api_key: str | None, base_url: str | None = None) -> Scorer:
    """The embeddings scorer when an API key is set and the extra installed, else the default."""
    if not openai_api_key:
        return DefaultScorer()
    try:
        return EmbeddingsScorer(openai_api_key, base_url)
    except ImportError as error:
        if missing_extra(error) != "embeddings":
            raise
        log.warning(
            "OPENAI_API_KEY is set but the embeddings extra is missing, so matching compares "
            "words only; to compare meanings, %s",
            install_hint("embeddings"),
        )
        return DefaultScorer()
