"""The fast paths read and rank exactly as the plain algorithm they replace.

The reference below reads a text the plain way: every phrase on its own, typos searched one
phrase at a time among all typo keys. The packaged reader caches phrases, reads a roster's
phrases in one batch, skips long phrases that start no alias and looks typos up by length.
"""

from importlib import resources

import numpy as np
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import process
from rapidfuzz.distance import OSA

from bench.cohort_roster import roster_rows
from bench.matching_gold import load_gold, mentor_profile, need_of
from bot.matching.normalize import (
    _MAX_FUZZY_WORDS,
    _MIN_TYPO_LENGTH,
    _MISSING,
    _index_for,
    _normalized,
    allowed_typos,
    normalize,
    read_ahead,
)
from bot.matching.scoring import DefaultScorer
from bot.matching.vocabulary import SAFE_LOADER, Vocabulary, load_vocabulary, words_of


def reference_normalize(text: str, vocabulary: Vocabulary) -> list[str]:
    index = _index_for(vocabulary)
    words = words_of(text)
    candidates = []
    for length in range(1, min(index.max_words, len(words)) + 1):
        for start in range(len(words) - length + 1):
            phrase = words[start : start + length]
            hit = index.exact(phrase)
            if hit is not _MISSING:
                concept = hit if isinstance(hit, str) else None
                candidates.append((-length, 0, start, length, concept))
            elif length <= _MAX_FUZZY_WORDS:
                typo = _reference_typo(vocabulary, [w.lower() for w in phrase])
                if typo is not None:
                    concept_id, distance = typo
                    candidates.append((distance / 2 - length, distance, start, length, concept_id))
    taken = [False] * len(words)
    chosen = []
    for *_, start, length, concept_id in sorted(candidates):
        if not any(taken[start : start + length]):
            taken[start : start + length] = [True] * length
            chosen.append((start, concept_id))
    return list(dict.fromkeys(c for _, c in sorted(chosen, key=lambda s: s[0]) if c is not None))


def _reference_typo(vocabulary: Vocabulary, phrase: list[str]) -> tuple[str, int] | None:
    stopwords = vocabulary.stopwords
    if phrase[0] in stopwords or phrase[-1] in stopwords or any(w.isdigit() for w in phrase):
        return None
    if len(phrase) == 1 and phrase[0] in vocabulary.not_typos:
        return None
    compact = "".join(phrase)
    if len(compact) < _MIN_TYPO_LENGTH:
        return None
    index = _index_for(vocabulary)
    best = process.extractOne(
        compact, index.typo_keys, scorer=OSA.distance, score_cutoff=allowed_typos(len(compact))
    )
    return None if best is None else (index.typo_ids[best[2]], best[1])


def ids(text: str) -> list[str]:
    return [concept.id for concept in normalize(text)]


def test_every_gold_goal_and_profile_reads_as_the_plain_algorithm_reads_it() -> None:
    goals, mentors = load_gold()
    vocabulary = load_vocabulary()
    for text in [goal.text for goal in goals] + list(mentors.values()):
        assert ids(text) == reference_normalize(text, vocabulary), text


def test_a_roster_read_ahead_in_one_batch_reads_as_text_by_text() -> None:
    rows = roster_rows(400, 100, seed=11)
    texts = sorted({row.get(column, "") for row in rows for column in ("specialty", "text")})
    _normalized.cache_clear()  # so that each text is read as read_ahead prepared it
    read_ahead(texts)
    vocabulary = load_vocabulary()
    for text in texts:
        assert ids(text) == reference_normalize(text, vocabulary), text


ALIAS_WORDS = sorted({word for alias in load_vocabulary().aliases for word in alias.words})


def _typed(word: str, cut: int) -> str:
    """A word as a hurried resident types it: two letters swapped, one dropped, or capitals."""
    if len(word) < 4:
        return word.upper()
    k = cut % (len(word) - 2)
    return [word[:k] + word[k + 1] + word[k] + word[k + 2 :], word[:k] + word[k + 1 :]][cut % 2]


hurried_text = st.lists(
    st.one_of(
        st.sampled_from(ALIAS_WORDS),
        st.builds(_typed, st.sampled_from(ALIAS_WORDS), st.integers(0, 50)),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyzIMΣσς0123456789", min_size=1, max_size=9),
    ),
    max_size=14,
).map(" ".join)


@settings(max_examples=50, deadline=None)
@given(texts=st.lists(hurried_text, min_size=1, max_size=4))
def test_free_text_reads_as_the_plain_algorithm_reads_it(texts: list[str]) -> None:
    vocabulary = load_vocabulary()
    read_ahead(texts[1:])
    for text in texts:
        assert ids(text) == reference_normalize(text, vocabulary)


def test_the_vocabulary_reads_the_same_with_libyaml_as_with_pure_python() -> None:
    text = resources.files("bot.data").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    assert yaml.load(text, Loader=SAFE_LOADER) == yaml.safe_load(text)


def test_a_ranking_reads_each_gold_pair_as_scoring_that_pair_alone_does() -> None:
    goals, mentors = load_gold()
    profiles = [mentor_profile(person_id, text) for person_id, text in mentors.items()]
    needs = [need_of(k, goal.text) for k, goal in enumerate(goals[:60])]
    scorer = DefaultScorer()
    ranking = scorer.score_matrix(needs, profiles)
    matrix = scorer.components(needs, profiles)
    pairs = [(i, j) for i in range(len(needs)) for j in range(len(profiles))]
    pair_needs, pair_mentors = [needs[i] for i, _ in pairs], [profiles[j] for _, j in pairs]
    alone = scorer.components(pair_needs, pair_mentors, aligned=True)
    for part in ("concepts", "text"):
        assert np.array_equal(matrix[part].ravel(), alone[part])
    values = np.array([score.value for score in scorer.score_pairs(pair_needs, pair_mentors)])
    assert np.allclose(ranking.ravel(), values, rtol=0, atol=1e-12)
