"""Names no list knows, towns of the gazetteer, and the capitalized words of notes that are
neither. Hand-written notes; none taken from any evaluation set."""

from __future__ import annotations

from confide.privacy.detect import detect
from confide.privacy.spans import PhiLabel


def values(text: str, label: PhiLabel) -> list[str]:
    return [text[s.start : s.end] for s in detect(text) if s.label is label]


def found(text: str) -> list[str]:
    return [text[s.start : s.end] for s in detect(text)]


def test_unknown_capitalized_word_mid_sentence_is_a_name() -> None:
    text = "Drove Ngozika to the pantry, then checked on Oyelaran."
    assert values(text, PhiLabel.NAME) == ["Ngozika", "Oyelaran"]


def test_unknown_word_at_sentence_start_needs_context() -> None:
    assert values("Thabiso said the meeting helped.", PhiLabel.NAME) == ["Thabiso"]
    assert values("Oyelaran Thabiso came by.", PhiLabel.NAME) == ["Oyelaran Thabiso"]


def test_unknown_name_with_apostrophe_or_hyphen_is_a_name() -> None:
    text = "Met with O'Dwyer-Kealoha about the lease."
    assert values(text, PhiLabel.NAME) == ["O'Dwyer-Kealoha"]


def test_medicines_and_services_are_not_names() -> None:
    text = (
        "He is on Suboxone and keeps Narcan in the car; she stopped Seroquel and Klonopin. "
        "We met on Zoom, then she took an Uber to Walgreens."
    )
    assert found(text) == []


def test_nationality_language_and_faith_are_not_names() -> None:
    text = "Prefers Spanish or Tagalog; attends a Pentecostal church with Haitian friends."
    assert found(text) == []


def test_contractions_and_capitalized_words_are_not_names() -> None:
    text = "Didn't go. Couldn't sleep. Follow-up scheduled. I'll call. Check-in went well."
    assert found(text) == []


def test_word_written_lowercase_elsewhere_is_not_a_name() -> None:
    text = "Started Telehealth groups; telehealth suits her schedule."
    assert values(text, PhiLabel.NAME) == []


def test_days_clean_scores_and_money_stay_with_unknown_words_around() -> None:
    text = "Peer has 120 days clean, PHQ-9 of 11, owes $340; BARC-10 went to 41."
    assert found(text) == []


def test_town_of_the_gazetteer_is_a_location() -> None:
    text = "Her cousin stays near Lynchburg; the bus to Grand Rapids leaves at nine."
    assert values(text, PhiLabel.LOCATION) == ["Lynchburg", "Grand Rapids"]


def test_town_with_an_abbreviated_saint_is_one_location() -> None:
    assert values("She grew up outside St. Louis.", PhiLabel.LOCATION) == ["St. Louis"]


def test_states_and_countries_are_not_towns() -> None:
    assert found("Her family moved from Honduras to Texas, then to Ohio.") == []


def test_town_names_that_are_english_words_need_more_than_the_list() -> None:
    assert found("Reading helps her relax. Mobile crisis came by.") == []


def test_lowercase_first_name_and_surname_are_a_name() -> None:
    text = "talked w/ marisol quintanilla after group, she was upbeat"
    assert values(text, PhiLabel.NAME) == ["marisol quintanilla"]


def test_lowercase_words_that_are_also_names_stay() -> None:
    text = "she has hope, joy and grace; will and mark the date."
    assert values(text, PhiLabel.NAME) == []


def test_word_name_at_sentence_start_followed_by_a_past_tense_is_a_name() -> None:
    assert values("Grace needed a ride to court.", PhiLabel.NAME) == ["Grace"]
    assert values("Grace periods on rent are short.", PhiLabel.NAME) == []


def test_unknown_word_heading_a_label_is_not_a_name() -> None:
    assert values("Telehealth: yes. Location: home.", PhiLabel.NAME) == []


def test_school_is_an_organization_not_a_name() -> None:
    text = "Her son started at Eastbrook Elementary this fall."
    assert values(text, PhiLabel.ORGANIZATION) == ["Eastbrook Elementary"]
    assert values(text, PhiLabel.NAME) == []


def test_devices_and_brands_are_not_names() -> None:
    assert found("Needs a Chromebook for classes; her Samsung broke.") == []


def test_a_field_label_before_a_name_makes_it_one() -> None:
    assert values("Emergency contact - Ottoline", PhiLabel.NAME) == ["Ottoline"]
    assert values("Sponsor: Hope", PhiLabel.NAME) == ["Hope"]
    assert values("Dear Wrenna,", PhiLabel.NAME) == ["Wrenna"]


def test_an_unknown_word_with_an_aside_or_an_age_after_it_is_a_name() -> None:
    assert values("Kestutis (sponsor) drove her.", PhiLabel.NAME) == ["Kestutis"]
    assert values("Zdravka, 52, came in late.", PhiLabel.NAME) == ["Zdravka"]
    assert values("Aurelijus - no show again.", PhiLabel.NAME) == ["Aurelijus"]
    assert values("Will (her brother) called.", PhiLabel.NAME) == ["Will"]


def test_courtesy_titles_of_other_languages_make_a_name() -> None:
    text = "Spoke with Herr Quandtke and Sra. Villaquirán about the room."
    assert values(text, PhiLabel.NAME) == ["Quandtke", "Villaquirán"]


def test_names_in_capitals_are_names_and_acronyms_are_not() -> None:
    text = "RELEASE SIGNED BY MARISOL QUINTERO-BALDEON. NA AND AA MEETINGS, MAT VIA SUD CLINIC."
    assert values(text, PhiLabel.NAME) == ["MARISOL QUINTERO-BALDEON"]


def test_lowercase_surname_no_word_knows_is_a_name() -> None:
    assert values("ran into gonzalez at the bus stop", PhiLabel.NAME) == ["gonzalez"]
    assert values("walked to the store and back", PhiLabel.NAME) == []


def test_headings_and_common_words_of_notes_stay() -> None:
    text = (
        "Housing: stable. Faith: attends church weekly. Mood - better. Goals (2) reviewed. "
        "Telehealth: yes. Will follow up Tuesday. Grace period for rent ends soon."
    )
    assert values(text, PhiLabel.NAME) == []


def test_surnames_of_more_locales_are_names_at_a_sentence_start() -> None:
    # Finnish, Japanese and Turkish surnames from Faker's name lists: no verb of speech after
    # them, so only the list can tell.
    text = "Virtanen brought her daughter to group. Nakamura brought the sign-in sheet."
    assert values(text, PhiLabel.NAME) == ["Virtanen", "Nakamura"]


def test_names_of_more_locales_that_are_english_words_stay_words() -> None:
    # "Bent" and "Line" are Danish first names; as English words they are left out of the list.
    text = "Bent over the sink, she felt dizzy. Line up for the van at noon."
    assert found(text) == []


def test_legal_abbreviations_in_capitals_are_not_names() -> None:
    assert found("Court date for the DWI and the old DUI moved again.") == []


def test_unknown_word_before_an_action_verb_is_a_name() -> None:
    text = "Oyelaran brought the signed release back. Ndukwe also drove her to the clinic."
    assert values(text, PhiLabel.NAME) == ["Oyelaran", "Ndukwe"]


def test_word_names_before_action_verbs_stay_words() -> None:
    text = "Hope kept her going through detox. Faith gave her a reason to stay."
    assert values(text, PhiLabel.NAME) == []


def test_an_adverb_between_a_word_name_and_its_speech_verb_keeps_it_a_name() -> None:
    assert values("Hope also said she would come.", PhiLabel.NAME) == ["Hope"]


def test_last_name_comma_first_name_is_a_name_at_a_sentence_start() -> None:
    text = "Contacts listed. Oyelaran, Teresa is her mother."
    assert values(text, PhiLabel.NAME) == ["Oyelaran", "Teresa"]


def test_unknown_word_signing_off_a_text_is_a_name() -> None:
    text = "Will call Tuesday about the bed.\nNdukwe"
    assert values(text, PhiLabel.NAME) == ["Ndukwe"]


def test_speaker_label_before_quoted_words_is_a_name() -> None:
    text = 'Oyelaran: "I want to go back to school."'
    assert values(text, PhiLabel.NAME) == ["Oyelaran"]


def test_unknown_word_before_a_noun_at_a_sentence_start_stays_a_word() -> None:
    assert found("Psychoeducation topics were coping skills and sleep.") == []


def test_lone_first_name_at_a_sentence_start_before_a_verb_is_a_name() -> None:
    text = "Tasha said she was tired. Marcus called about the bed. Renata brought the form."
    assert values(text, PhiLabel.NAME) == ["Tasha", "Marcus", "Renata"]


def test_name_that_is_also_a_word_before_a_verb_only_a_person_takes_is_a_name() -> None:
    text = "Crystal drove me to the clinic. Mike paid the rent. Amber texted at six."
    assert values(text, PhiLabel.NAME) == ["Crystal", "Mike", "Amber"]


def test_words_that_are_names_stay_words_before_verbs_things_also_take() -> None:
    text = (
        "Will quit smoking next month. Art spoke to her in treatment. "
        "Crystal sold for less than pills. Faith brought her back to meetings."
    )
    assert values(text, PhiLabel.NAME) == []


def test_first_name_that_is_also_a_state_or_country_is_a_person_in_context() -> None:
    text = (
        "Jordan said she was tired. Her sister Georgia drove her. "
        "Dakota called about the bed. Met with India after group."
    )
    assert values(text, PhiLabel.NAME) == ["Jordan", "Georgia", "Dakota", "India"]


def test_states_and_countries_named_as_places_stay() -> None:
    text = (
        "Georgia has strict laws and Virginia requires a form. She moved from Virginia to "
        "Georgia, and visited Jordan and India last year."
    )
    assert values(text, PhiLabel.NAME) == []


def test_a_state_named_person_is_one_everywhere_in_the_text() -> None:
    text = "Jordan said she was tired. Jordan is at group now."
    assert values(text, PhiLabel.NAME) == ["Jordan", "Jordan"]
