"""Reading medical wording: stems, abbreviations by context, conditions pointing to specialties."""

import csv
import re
from importlib import resources

import pytest

from bot.matching.terms import did_you_mean, load_terms, read_concepts
from bot.matching.vocabulary import load_vocabulary

terms = load_terms()


def stems(text: str) -> set[str]:
    return set(terms.read(text).stems)


def test_inflected_forms_meet() -> None:
    assert stems("transplantation") == stems("transplant")
    assert stems("endoscopies") == stems("endoscopy")


def test_a_term_of_several_words_is_read_however_it_is_inflected() -> None:
    assert terms.read("ESP and TAP blocks for post op pain").evidence == {"anesthesiology": 1.0}
    assert [s.term for s in terms.read("manuscript got desk rejected").senses] == ["desk rejection"]


def test_a_short_typo_is_mended_where_the_next_word_expects_the_term() -> None:
    assert "neurosurgery" in terms.read("cuada equina syndrome, emergent decompression").evidence
    assert [s.term for s in terms.read("sicle cell crisis").senses] == ["sickle cell crisis"]
    assert terms.read("rental cell phone plan").evidence == {}


def test_a_long_word_of_icd10cm_titles_is_read_through_a_typo() -> None:
    # no curated term has these words: only the ICD-10-CM titles know them
    assert "ophthalmology" in terms.read("recurrent dacryocystits").evidence
    assert "urology" in terms.read("oligospermai workup").evidence


def test_an_ordinary_word_is_no_typo_of_a_term_that_starts_differently() -> None:
    assert terms.read("feedback w/o crushing them").evidence == {}
    assert [s.term for s in terms.read("hemophillia pts").senses] == ["hemophilia"]


def test_an_abbreviation_meaning_nothing_alone_offers_no_did_you_mean() -> None:
    assert did_you_mean("CAP fellowship, is it worth it") == ()
    assert "infectious_disease" in terms.read("CAP on CXR, which antibiotics").evidence


def test_mrcp_is_the_scan_unless_the_words_around_it_are_about_an_exam() -> None:
    assert "gastroenterology" in terms.read("incidental IPMN on MRCP").evidence
    assert terms.read("passing MRCP part 1 exam").evidence == {}


def test_a_one_word_term_is_read_in_the_plural_with_a_plain_s() -> None:
    assert terms.read("reading head CTs on nights").evidence == {"radiology": 1.0}
    assert "medical_genetics" in terms.read("suspected marfans").evidence
    assert terms.read("gas exchange").evidence == {}


def test_an_abbreviation_that_is_a_word_elsewhere_waits_for_its_context() -> None:
    assert "nephrology" in terms.read("eGFR 17, HD vs PD, when to plan access").evidence
    assert "hematology_oncology" not in terms.read("eGFR 17, HD vs PD").evidence
    assert "cardiothoracic_surgery" in terms.read("severe AS, valve replacement").evidence


def test_bili_is_a_newborns_only_beside_a_newborn() -> None:
    assert "neonatology" not in terms.read("CBD 12mm and rising bili, ERCP?").evidence
    assert "neonatology" in terms.read("newborn w/ rising bili, phototherapy?").evidence


def test_a_single_word_term_is_not_read_into_its_stems_other_words() -> None:
    assert terms.read("got rejected from my top residency").evidence == {}


def test_an_abbreviation_is_spelled_out_and_points_to_who_treats_it() -> None:
    reading = terms.read("COPD clinic")
    assert stems("chronic obstructive pulmonary disease") <= set(reading.stems)
    assert reading.evidence["pulmonary_critical_care"] == 1.0


def test_a_condition_named_in_icd10cm_points_to_its_specialty() -> None:
    assert "obstetrics_gynecology" in terms.read("endometriosis").evidence
    assert "rheumatology" in terms.read("gout flares").evidence


def test_everyday_words_point_nowhere() -> None:
    assert terms.read("stress and time management skills").evidence == {}


def test_ambiguous_abbreviations_resolve_by_context() -> None:
    assert terms.read("MS and mitral valve repair").senses[0].means == "mitral stenosis"
    assert did_you_mean("MS and mitral valve repair") == ()
    assert [s.means for s in terms.read("CA arrest and code team").senses] == ["cardiac arrest"]


def test_unsettled_abbreviations_are_offered_as_did_you_mean() -> None:
    (ambiguity,) = did_you_mean("MS clinic")
    assert ambiguity.term == "MS"
    assert ambiguity.chosen == "multiple sclerosis"
    assert "mitral stenosis" in ambiguity.others and "medical student" in ambiguity.others


def test_a_word_with_several_specialties_takes_the_one_its_neighbours_name() -> None:
    assert set(terms.read("botox for cervical dystonia").evidence) == {"neurology"}
    assert set(terms.read("botox").evidence) == {"neurology", "dermatology"}
    assert [c.id for c in read_concepts("neuro ICU")] == ["neurology"]
    assert stems("grant funding") <= stems("K08 application")
    assert [c.id for c in read_concepts("CT surgery")] == ["cardiothoracic_surgery"]
    assert set(terms.read("cecal intubation").evidence) == {"gastroenterology"}
    assert set(terms.read("abx stewardship").evidence) == {"infectious_disease"}
    assert set(terms.read("family meeting about code status").evidence) == {"palliative_care"}


def test_case_marked_abbreviations_are_read_only_as_typed() -> None:
    assert terms.read("ms").senses == ()
    assert terms.read("pt").senses == ()
    assert terms.read("PT after knee surgery").senses[0].means == "physical therapy"


def test_typos_are_corrected_towards_medical_words_only() -> None:
    assert stems("colonscopy") == stems("colonoscopy")
    assert stems("regression") != stems("depression")


def _rows(name: str) -> list[list[str]]:
    text = resources.files("bot.data").joinpath(name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.reader(lines, delimiter="\t"))


def test_every_curated_term_names_known_specialties_and_a_source() -> None:
    concepts = load_vocabulary().concepts
    for row in _rows("medical_terms.tsv"):
        assert len(row) == 6, row
        _term, match, _means, specialties, _context, source = row
        assert match in {"any", "caps"}, row
        assert all(s in concepts for s in specialties.split(",") if s), row
        assert re.fullmatch(r"icd10cm:[A-Z0-9.-]+|mesh:.+|usage", source), row


def test_icd10cm_sources_and_the_chapter_map_name_real_codes() -> None:
    cm = pytest.importorskip("simple_icd_10_cm")
    concepts = load_vocabulary().concepts
    cited = [row[5].removeprefix("icd10cm:") for row in _rows("medical_terms.tsv")]
    for code in [c for c in cited if not c.startswith(("mesh:", "usage"))]:
        assert cm.is_valid_item(code), code
    for code, specialties in _rows("icd10cm_specialties.tsv"):
        assert cm.is_valid_item(code) or code.isdigit() or "-" in code, code
        assert all(s in concepts for s in specialties.split(",") if s), code
    for word, spread, _codes in _rows("icd10cm_words.tsv"):
        assert all(part.rsplit(":", 1)[0] in concepts for part in spread.split(",")), word


def test_prep_for_an_interview_is_not_pre_exposure_prophylaxis() -> None:
    assert terms.read("interview prep for residency").senses == ()
    assert terms.read("board prep").evidence == {}
    (sense,) = terms.read("PrEP clinic").senses
    assert sense.means == "pre exposure prophylaxis hiv"
    assert terms.read("PrEP clinic").evidence == {"infectious_disease": 1.0}


def test_british_spellings_read_as_the_american_ones() -> None:
    for british, american in [
        ("haematology", "hematology"),
        ("paediatric anaesthesia", "pediatric anesthesia"),
        ("oesophageal cancer", "esophageal cancer"),
        ("gynaecological oncology", "gynecological oncology"),
        ("leukaemia", "leukemia"),
        ("orthopaedic surgery", "orthopedic surgery"),
    ]:
        assert stems(british) == stems(american), british
        assert terms.read(british).evidence == terms.read(american).evidence, british
    assert {"toe", "poem", "advis"} <= stems("toe and poem advising")


def test_a_drug_class_says_nothing_about_the_emergency_department() -> None:
    assert "emergency_medicine" not in terms.read("antibiotic choice").evidence
    assert "emergency_medicine" not in terms.read("anesthetics").evidence
    assert terms.read("antibiotic stewardship").evidence == {"infectious_disease": 1.0}


def test_everyday_senses_of_clinical_words_need_clinical_words_around_them() -> None:
    assert terms.read("hearing back from programs").evidence == {}
    assert terms.read("hearing loss and cochlear implants").evidence["otolaryngology"] == 1.0
    assert terms.read("an eye on academic jobs").evidence == {}
    assert terms.read("labor market for new attendings").evidence == {}
    assert "obstetrics_gynecology" in terms.read("labour ward and epidural").evidence
    assert terms.read("tee time").senses == ()


def test_only_abbreviations_are_questioned_and_only_when_nothing_settles_them() -> None:
    assert did_you_mean("kids in the ER") == ()
    assert did_you_mean("ED shifts and resus") == ()
    (ambiguity,) = did_you_mean("PT and rehab")
    assert (ambiguity.term, ambiguity.chosen, ambiguity.others) == (
        "PT",
        "physical therapy",
        ("patient",),
    )
