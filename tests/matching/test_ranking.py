"""Ranking that understands medicine: who comes first for requests as residents type them."""

from bot.matching.profiles import MenteeNeed, MentorProfile
from bot.matching.scoring import DefaultScorer, value_matrix
from bot.profiles import mentee_need

scorer = DefaultScorer()


def faculty(person_id: str, specialty: str | None, about: str, *topics: str) -> MentorProfile:
    return MentorProfile(
        person_id,
        specialties=frozenset({specialty} if specialty else set()),
        topics=frozenset(topics),
        help_text=about,
        capacity=2,
    )


def asking(goal: str) -> MenteeNeed:
    return mentee_need(None, None, goal, (), None)


def ranked(goal: str, mentors: list[MentorProfile]) -> list[str]:
    values = value_matrix(scorer, [asking(goal)], mentors)[0]
    return [m.person_id for _, m in sorted(zip(-values, mentors, strict=True), key=lambda p: p[0])]


GASTRO = faculty("gi", "gastroenterology", "IBD clinic, Crohn's and ulcerative colitis")
HEPATOLOGY = faculty("liver", "gastroenterology", "Cirrhosis and liver transplant evaluation")
PULMONARY = faculty("lung", "pulmonary_critical_care", "")
GYNECOLOGY = faculty("gyn", "obstetrics_gynecology", "")
DERMATOLOGY = faculty("derm", "dermatology", "")
ONCOLOGY = faculty("onc", "hematology_oncology", "Breast cancer, chemotherapy")
PEDIATRIC_ONCOLOGY = faculty("peds-onc", "pediatric_hematology_oncology", "")
UROLOGY = faculty("uro", "urology", "Kidney stones, robotic and minimally invasive surgery")
GENERAL_SURGERY = faculty("gen-surg", "general_surgery", "")


def test_a_named_condition_finds_who_treats_it_even_unnamed_in_the_profile() -> None:
    assert ranked("endometriosis", [DERMATOLOGY, GYNECOLOGY, PULMONARY])[0] == "gyn"
    assert ranked("COPD exacerbations", [DERMATOLOGY, GYNECOLOGY, PULMONARY])[0] == "lung"
    assert not scorer.score(asking("endometriosis"), DERMATOLOGY).fits


def test_the_word_in_a_profile_decides_between_colleagues_of_one_specialty() -> None:
    assert ranked("ascites and varices in cirrhotics", [GASTRO, HEPATOLOGY])[0] == "liver"
    assert ranked("ulcerative colitis biologics", [HEPATOLOGY, GASTRO])[0] == "gi"


def test_a_rare_specialty_outweighs_a_topic_many_mentors_share() -> None:
    infectious = faculty("id", "infectious_disease", "")
    others = [
        faculty(f"f{k}", specialty, "fellowship applications", "fellowship_applications")
        for k, specialty in enumerate(["cardiology", "nephrology", "neurology", "urology"])
    ]
    assert ranked("ID fellowship", [*others, infectious])[0] == "id"


def test_the_declared_specialty_wins_over_what_free_text_suggests() -> None:
    assert ranked("general surgery residency", [UROLOGY, GENERAL_SURGERY])[0] == "gen-surg"
    reasons = scorer.score(asking("general surgery residency"), UROLOGY).reasons
    assert not any("general surgery" in r for r in reasons)


def test_an_exact_word_counts_whatever_the_profile_length() -> None:
    long_profile = faculty(
        "long",
        "general_surgery",
        "Acute care surgery, trauma, emergency general surgery, laparoscopic cholecystectomy, "
        "appendectomy, hernia, teaching residents in the operating room, surgical education",
    )
    short_profile = faculty("short", "general_surgery", "Colon surgery.")
    assert ranked("hernia repair", [short_profile, long_profile])[0] == "long"


def test_a_childhood_condition_goes_to_the_pediatric_subspecialist() -> None:
    assert ranked("childhood cancer", [ONCOLOGY, PEDIATRIC_ONCOLOGY])[0] == "peds-onc"


def test_reasons_say_in_plain_words_what_is_treated_and_shared() -> None:
    reasons = scorer.score(asking("IBD clinic, peds cards"), GASTRO).reasons
    assert "treats inflammatory bowel disease (IBD)" in reasons
    both = scorer.score(
        asking("peds cards fellowship"),
        faculty("kim", "pediatric_cardiology", "", "fellowship_applications"),
    ).reasons
    assert "both: fellowship applications · pediatric cardiology" in both
    assert not any("%" in r for r in [*reasons, *both])


def test_a_need_reads_its_goal_with_the_vocabulary() -> None:
    need = asking("peds cards fellowship")
    assert need.specialty == "pediatric_cardiology"
    assert "fellowship_applications" in need.topics


CHILD_PSYCHIATRY = faculty("cap", "child_psychiatry", "ADHD, autism, eating disorders")
ADULT_PSYCHIATRY = faculty("psych", "psychiatry", "Depression, bipolar, psychosis")
PEDIATRICS = faculty("peds", "pediatrics", "Primary care for kids, vaccines")
PEDIATRIC_EMERGENCY = faculty("pem", "pediatric_emergency_medicine", "Pediatric emergency medicine")
EMERGENCY = faculty("em", "emergency_medicine", "Resuscitation, airway, POCUS")
PEDIATRIC_ICU = faculty("picu", "pediatric_critical_care", "PICU: sepsis in children, ECMO")
ADULT_ICU = faculty("micu", "pulmonary_critical_care", "COPD, ICU attending")
MATERNAL_FETAL = faculty("mfm", "maternal_fetal_medicine", "High-risk pregnancy")
ENDOCRINOLOGY = faculty("endo", "endocrinology", "Diabetes, insulin pumps, thyroid")
HEMATOLOGY = faculty("heme", "hematology_oncology", "Hematology: sickle cell, bleeding disorders")
GYNECOLOGIC_ONCOLOGY = faculty("gyn-onc", "gynecologic_oncology", "Hysterectomy, endometriosis")
INFECTIOUS = faculty("id", "infectious_disease", "HIV care, antimicrobial stewardship")
EDUCATOR = faculty("pd", None, "Residency program director: residency applications, interviews")


def test_a_british_spelling_ranks_the_right_specialist_first() -> None:
    assert ranked("haematology fellowship", [ONCOLOGY, PEDIATRICS, HEMATOLOGY])[0] == "heme"
    assert ranked("paediatric haem onc", [HEMATOLOGY, PEDIATRIC_ONCOLOGY])[0] == "peds-onc"
    assert (
        ranked("gynaecological oncology", [ONCOLOGY, GYNECOLOGY, GYNECOLOGIC_ONCOLOGY])[0]
        == "gyn-onc"
    )


def test_subspecialty_names_as_people_write_them() -> None:
    mentors = [PEDIATRICS, ADULT_PSYCHIATRY, CHILD_PSYCHIATRY]
    assert ranked("child and adolescent psychiatrist", mentors)[0] == "cap"
    assert ranked("CAMHS rotation", mentors)[0] == "cap"


def test_children_in_a_setting_ask_for_its_pediatric_subspecialty() -> None:
    assert ranked("kids in the ER", [PEDIATRICS, EMERGENCY, PEDIATRIC_EMERGENCY])[0] == "pem"
    assert ranked("kids in the ICU", [PEDIATRICS, ADULT_ICU, PEDIATRIC_ICU])[0] == "picu"


def test_interview_prep_is_not_hiv_prevention() -> None:
    assert ranked("interview prep", [INFECTIOUS, EDUCATOR])[0] == "pd"
    assert ranked("PrEP", [EDUCATOR, INFECTIOUS])[0] == "id"


def test_a_generic_drug_word_does_not_pull_to_emergency_medicine() -> None:
    assert ranked("antibiotic choice", [EMERGENCY, INFECTIOUS])[0] == "id"


def test_a_named_condition_of_several_words_is_not_the_specialty_of_one_of_them() -> None:
    need = asking("gestational diabetes")
    assert need.specialty != "endocrinology"
    assert ranked("gestational diabetes", [ENDOCRINOLOGY, MATERNAL_FETAL])[0] == "mfm"
    assert asking("diabetes and insulin pumps").specialty == "endocrinology"


def test_colleagues_of_one_specialty_are_told_apart_by_the_conditions_they_name() -> None:
    stroke = faculty("stroke", "neurology", "Stroke, thrombolysis and thrombectomy")
    epilepsy = faculty("epilepsy", "neurology", "Multiple sclerosis and epilepsy, EEG")
    assert ranked("intracerebral haemorrhage", [epilepsy, stroke])[0] == "stroke"
    assert ranked("iron deficiency anaemia", [ONCOLOGY, HEMATOLOGY])[0] == "heme"
    assert not any(
        "icd" in reason.lower()
        for reason in scorer.score(asking("intracerebral haemorrhage"), stroke).reasons
    )


def test_a_fellowship_in_a_field_goes_to_someone_in_that_field() -> None:
    peds_cardiologist = faculty(
        "peds-cards",
        "pediatric_cardiology",
        "Pediatric cardiologist. Fetal echo, congenital heart disease. Happy to talk fellowship.",
        "fellowship_applications",
    )
    cardiologists = [
        faculty("cards", "cardiology", "Cardiologist: heart failure clinic and echo"),
        faculty("cath", "interventional_cardiology", "Interventional cardiology, cath lab, TAVR"),
        faculty("ep", "electrophysiology", "Electrophysiology: ablation, afib, pacemakers"),
    ]
    # As in most programs, fellowship applications sit on many profiles.
    others = [
        faculty(
            f"{field}-pd",
            field,
            "Program director, fellowship applications",
            "fellowship_applications",
        )
        for field in ("nephrology", "rheumatology", "infectious_disease", "endocrinology")
    ]
    mentors = [peds_cardiologist, *cardiologists, *others, GASTRO, HEPATOLOGY]

    first = ranked("applying to cardiology fellowship next cycle, general advice pls", mentors)[0]
    assert first in {"cards", "cath", "ep"}
    assert ranked("peds cards fellowship", mentors)[0] == "peds-cards"


def test_a_newborn_at_home_asks_about_parenting_not_neonatology() -> None:
    neonatologist = faculty("nicu", "neonatology", "NICU, prematurity, neonatal resuscitation")
    wellbeing = faculty("wellbeing", None, "Work-life balance, parenting", "parenting_work_life")

    assert ranked("work life balance with a newborn", [neonatologist, wellbeing])[0] == "wellbeing"
    assert ranked("newborn resuscitation", [neonatologist, wellbeing])[0] == "nicu"


RADIOLOGY = faculty("rads", "radiology", "Body MRI and CT")
VASCULAR = faculty("vasc", "vascular_surgery", "")
NEUROLOGY = faculty("neuro", "neurology", "")


def test_a_scanner_or_a_room_beside_a_condition_says_where_not_who() -> None:
    assert ranked("pancreatitis on CT, when to do ERCP", [RADIOLOGY, GASTRO])[0] == "gi"
    assert (
        ranked("new seizure, MRI negative, starting keppra", [RADIOLOGY, NEUROLOGY])[0] == "neuro"
    )
    assert ranked("ruptured triple A in the ED", [EMERGENCY, VASCULAR])[0] == "vasc"
    assert ranked("reading MRI and CT", [UROLOGY, RADIOLOGY])[0] == "rads"
    assert ranked("kids in the ER", [PEDIATRICS, EMERGENCY, PEDIATRIC_EMERGENCY])[0] == "pem"


def test_a_place_that_is_part_of_a_specialtys_name_still_names_it() -> None:
    allergy = faculty("allergy", "allergy_immunology", "Food allergy, anaphylaxis")
    mentors = [PEDIATRICS, allergy, PEDIATRIC_EMERGENCY]
    assert ranked("anaphylaxis in a kid in the peds ED, epi dosing", mentors)[0] == "pem"


def test_work_in_a_country_abroad_is_global_health_but_training_there_is_not() -> None:
    global_health = faculty("gh", None, "Global health: low-resource settings", "global_health")
    visas = faculty("img", None, "IMG advising: visas, ECFMG", "international_medical_graduates")
    assert ranked("medical mission trip to Guatemala", [visas, global_health])[0] == "gh"
    assert ranked("working in Kenya for 3 months, what to pack", [visas, global_health])[0] == "gh"
    assert ranked("IMG from India, J-1 visa questions", [global_health, visas])[0] == "img"


def test_an_adult_patient_is_not_the_pediatric_subspecialists() -> None:
    goal = "acute chest syndrome in adult sickle cell, exchange transfusion"
    assert ranked(goal, [PEDIATRIC_ONCOLOGY, HEMATOLOGY])[0] == "heme"
    assert ranked("sickle cell crisis in a 6yo", [HEMATOLOGY, PEDIATRIC_ONCOLOGY])[0] == "peds-onc"


def test_the_field_most_of_a_requests_terms_point_to_comes_first() -> None:
    rheumatology = faculty("rheum", "rheumatology", "")
    goal = "chrons pt failing humira, switch to skyrizi or stelara?"
    assert ranked(goal, [rheumatology, DERMATOLOGY, GASTRO])[0] == "gi"


def test_a_surgical_field_shortened_to_surg_is_still_that_field() -> None:
    thoracic = faculty("ct", "cardiothoracic_surgery", "")
    lobectomy = "VATS lobectomy, who does thoracic surg here"
    assert ranked(lobectomy, [GENERAL_SURGERY, thoracic])[0] == "ct"
    prostatectomy = "want to scrub robotic cases, who does GU surg"
    assert ranked(prostatectomy, [GENERAL_SURGERY, UROLOGY])[0] == "uro"


def test_operating_room_flow_and_ehr_builds_reach_who_runs_them() -> None:
    anesthesia = faculty("anes", "anesthesiology", "Regional anesthesia, OR efficiency")
    informatics = faculty("cmio", None, "CMIO: EHR optimization", "clinical_informatics")
    turnover = "first case starts always late, how to fix OR turnover"
    assert ranked(turnover, [EDUCATOR, anesthesia])[0] == "anes"
    assert ranked("building a sepsis alert in Epic", [PULMONARY, informatics])[0] == "cmio"


def test_a_child_in_the_ed_is_pediatric_emergency_medicines_even_beside_a_condition() -> None:
    anesthesia = faculty("anes", "anesthesiology", "")
    goal = "kid w/ displaced forearm fx in the ED, ketamine sedation for reduction"
    assert ranked(goal, [anesthesia, EMERGENCY, PEDIATRIC_EMERGENCY])[0] == "pem"


def test_sleep_complaints_go_to_the_sleep_physician() -> None:
    sleep = faculty("sleep", "sleep_medicine", "")
    assert ranked("chronic insomnia on ambien for years, CBT-I?", [PULMONARY, sleep])[0] == "sleep"
