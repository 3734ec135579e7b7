"""The plain English settings: one PLAIN_ENGLISH dict in pelicanconf.py, with checked defaults."""

from __future__ import annotations

from dataclasses import dataclass

from said_and_done.api import SettingsError, merged_settings

DEFAULTS = {
    # A sentence longer than this is a warning naming it. GOV.UK aims for 25 words
    # or fewer; past 30 most readers lose the thread, and warning on every 26-word
    # sentence would bury the ones that matter. Set 25 to be stricter.
    "max_sentence_words": 30,
    # Flesch reading ease, 0 (very hard) to 100 (very easy). Under 50 is "fairly
    # difficult" and harder: most adults read 60 to 70 comfortably.
    "min_reading_ease": 50,
    # The score means little for a line or two, so text shorter than this many words
    # gets only the sentence-length check.
    "min_words_for_score": 30,
    # The language the formulas and syllable counts assume.
    "language": "en_GB",
}


@dataclass(frozen=True)
class PlainEnglishOptions:
    max_sentence_words: int
    min_reading_ease: float
    min_words_for_score: int
    language: str


def plain_english_options(settings: dict) -> PlainEnglishOptions:
    merged = merged_settings(settings, "PLAIN_ENGLISH", DEFAULTS)
    for key, low, high in (("max_sentence_words", 5, 200), ("min_words_for_score", 1, 10000)):
        value = merged[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(f"PLAIN_ENGLISH['{key}']: expected a whole number from {low} to {high}, found {value!r}")
    ease = merged["min_reading_ease"]
    if isinstance(ease, bool) or not isinstance(ease, (int, float)) or not 0 <= ease <= 100:
        raise SettingsError(f"PLAIN_ENGLISH['min_reading_ease']: expected a Flesch reading ease score from 0 to 100, found {ease!r}")
    if merged["language"] not in ("en_GB", "en_US"):
        raise SettingsError(f"PLAIN_ENGLISH['language']: expected 'en_GB' or 'en_US', found {merged['language']!r}")
    return PlainEnglishOptions(merged["max_sentence_words"], float(ease), merged["min_words_for_score"],
                               merged["language"])
