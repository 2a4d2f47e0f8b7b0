import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.matching.normalize import concept_ids, normalize
from bot.matching.vocabulary import Vocabulary, VocabularyError, load_vocabulary

READS_AS = [
    ("pediatric cardiology", {"pediatric_cardiology"}),
    ("pediatirc cardiology", {"pediatric_cardiology"}),
    ("peds cards", {"pediatric_cardiology"}),
    ("Peds Cardiology fellowship", {"pediatric_cardiology", "fellowship_applications"}),
    ("fellowhsip apps", {"fellowship_applications"}),
    ("help with my fellowship application", {"fellowship_applications"}),
    ("ERAS and the match", {"residency_applications", "fellowship_applications"}),
    ("OB/GYN", {"obstetrics_gynecology"}),
    ("obgyn", {"obstetrics_gynecology"}),
    ("ob-gyn", {"obstetrics_gynecology"}),
    ("OB GYN", {"obstetrics_gynecology"}),
    ("heme-onc", {"hematology_oncology"}),
    ("heme/onc", {"hematology_oncology"}),
    ("hem onc", {"hematology_oncology"}),
    ("gen surg", {"general_surgery"}),
    ("PM&R", {"physical_medicine_rehabilitation"}),
    ("pm and r", {"physical_medicine_rehabilitation"}),
    ("physiatry", {"physical_medicine_rehabilitation"}),
    ("burn out", {"wellness"}),
    ("burnout", {"wellness"}),
    ("burnt out and exhausted", {"wellness"}),
    ("QI project", {"quality_improvement"}),
    ("quality improvment", {"quality_improvement"}),
    ("peds", {"pediatrics"}),
    ("EM", {"emergency_medicine"}),
    ("IM", {"internal_medicine"}),
    ("FM", {"family_medicine"}),
    ("neuro", {"neurology"}),
    ("nuerology", {"neurology"}),
    ("neurosurg", {"neurosurgery"}),
    ("psych", {"psychiatry"}),
    ("psychiatary", {"psychiatry"}),
    ("rads", {"radiology"}),
    ("gas", {"anesthesiology"}),
    ("anesthesia", {"anesthesiology"}),
    ("anesthesiolgy", {"anesthesiology"}),
    ("GI", {"gastroenterology"}),
    ("gastroentrology", {"gastroenterology"}),
    ("cards", {"cardiology"}),
    ("cardiolgy", {"cardiology"}),
    ("pulm/crit", {"pulmonary_critical_care"}),
    ("PCCM", {"pulmonary_critical_care"}),
    ("ID", {"infectious_disease"}),
    ("infectious diseases", {"infectious_disease"}),
    ("nephro", {"nephrology"}),
    ("endo", {"endocrinology"}),
    ("rheum", {"rheumatology"}),
    ("derm", {"dermatology"}),
    ("ophtho", {"ophthalmology"}),
    ("opthamology", {"ophthalmology"}),
    ("ENT", {"otolaryngology"}),
    ("uro", {"urology"}),
    ("path", {"pathology"}),
    ("IR", {"interventional_radiology"}),
    ("NICU", {"neonatology"}),
    ("neonatology", {"neonatology"}),
    ("PICU", {"pediatric_critical_care"}),
    ("palliative", {"palliative_care"}),
    ("geri", {"geriatrics"}),
    ("allergy", {"allergy_immunology"}),
    ("rad onc", {"radiation_oncology"}),
    ("plastics", {"plastic_surgery"}),
    ("vascular surgery", {"vascular_surgery"}),
    ("CT surg", {"cardiothoracic_surgery"}),
    ("EP", {"electrophysiology"}),
    ("interventional cards", {"interventional_cardiology"}),
    ("sports med", {"sports_medicine"}),
    ("addiction", {"addiction_medicine"}),
    ("famly medicine", {"family_medicine"}),
    ("residency applications", {"residency_applications"}),
    ("manuscripts and grants", {"research"}),
    ("med ed", {"medical_education"}),
    ("teaching", {"medical_education"}),
    ("leadership", {"leadership"}),
    ("parenting", {"parenting_work_life"}),
    ("work-life balance", {"parenting_work_life"}),
    ("academic vs private practice", {"academic_vs_private_practice"}),
    ("boards", {"board_preparation"}),
    ("ITE", {"board_preparation"}),
    ("in-training exam", {"board_preparation"}),
    ("USMLE step 2", {"board_preparation"}),
    ("procedures", {"procedures"}),
    ("global health", {"global_health"}),
    ("contract negotiation and loans", {"contracts_finances"}),
    ("job search", {"job_search"}),
    ("DEI", {"dei"}),
    ("URiM", {"dei"}),
    ("career planning", {"career_planning"}),
    ("career path", {"career_planning"}),
    ("what's the leadership path to chair", {"leadership"}),
    ("an academic path in medicine", {"academic_vs_private_practice"}),
    ("surg path fellowship", {"pathology", "fellowship_applications"}),
    ("movement disorders", {"neurology"}),
    ("movment disorders fellowship", {"neurology", "fellowship_applications"}),
    ("ERAS", {"residency_applications"}),
    ("advanced endoscopy", {"gastroenterology"}),
    ("networking", {"networking"}),
    ("public speaking", {"presentations"}),
    ("women in medicine", {"women_in_medicine"}),
    ("MD-PhD", {"physician_scientist"}),
    ("physician-scientist", {"physician_scientist"}),
]


@pytest.mark.parametrize(("text", "expected"), READS_AS)
def test_real_world_spellings_read_as_the_intended_concepts(text: str, expected: set[str]) -> None:
    assert concept_ids(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "me",
        "in",
        "I'm in",
        "im tired",
        "id like to chat",
        "em",
        "ed",
        "contact me",
        "hello there, thanks",
        "the path forward",
        "I want some help",
        "",
        "   ",
        "!!!",
        "mentors mentees",
    ],
)
def test_ordinary_words_never_become_concepts(text: str) -> None:
    assert normalize(text) == []


def test_a_sentence_yields_each_concept_once_in_order_of_mention() -> None:
    text = "PGY-2 in peds, want help with fellowhsip apps for peds cards, and peds cards research"
    assert [c.id for c in normalize(text)] == [
        "pediatrics",
        "fellowship_applications",
        "pediatric_cardiology",
        "research",
    ]


def test_a_subspecialty_knows_its_parent_specialty() -> None:
    vocabulary = load_vocabulary()
    assert vocabulary.concept("pediatric_cardiology").parent == "pediatrics"
    assert vocabulary.lineage("electrophysiology") == (
        "electrophysiology",
        "cardiology",
        "internal_medicine",
    )
    assert vocabulary.distance("pediatric_cardiology", "neonatology") == 2
    assert vocabulary.distance("pediatrics", "psychiatry") is None


def test_the_vocabulary_is_loaded_once() -> None:
    assert load_vocabulary() is load_vocabulary()
    assert len(load_vocabulary().specialties) >= 40
    assert len(load_vocabulary().topics) >= 20


def test_an_alias_with_two_meanings_is_refused() -> None:
    data = {
        "specialties": [
            {"id": "a", "label": "Alpha", "abbreviations": ["ab"]},
            {"id": "b", "label": "Beta", "abbreviations": ["ab"]},
        ]
    }
    with pytest.raises(VocabularyError, match="ab"):
        Vocabulary.from_mapping(data)


def test_an_unknown_parent_is_refused() -> None:
    with pytest.raises(VocabularyError, match="parent"):
        Vocabulary.from_mapping({"specialties": [{"id": "a", "label": "A", "parent": "zz"}]})


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_only_known_concepts_once_each(text: str) -> None:
    concepts = normalize(text)
    known = load_vocabulary().concepts
    assert all(known[c.id] == c for c in concepts)
    assert len({c.id for c in concepts}) == len(concepts)


words = st.sampled_from(["peds", "cards", "fellowship", "ID", "me", "in", "the", "QI", "xyz", "em"])


@settings(max_examples=100, deadline=None)
@given(st.lists(words, max_size=12), st.sampled_from([" ", "/", "-", ", "]))
def test_concept_soup_never_crashes(parts: list[str], separator: str) -> None:
    assert all(c.id in load_vocabulary().concepts for c in normalize(separator.join(parts)))
