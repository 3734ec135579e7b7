"""Run one regular expression against adversarial strings and print the slowest, as JSON.

Run as a script in its own process (tests/helpers/patterns.py does), so a pattern that
backtracks for ever is stopped by the caller's timeout instead of hanging the tests.
Reads {"pattern", "flags", "lengths", "budget"} on stdin; prints one JSON line per length
(the slowest input at that length and its seconds) and stops after a length that broke
the budget.
"""

import json
import re
import sys
import time

# Each character class the project's patterns care about, and some they never allow.
CHARS = list("aZ09-._~%+/:@ \t'()[]!?#&=,*\\\"") + ["\n", "\r", "\x00", "\x7f", "é"]
# Runs of two characters, for patterns whose repeated part alternates (a.a.a., 1 1 1).
PAIRS = ["a.", "a-", "a/", "/a", "1 ", "a'", "a ", ". ", "a@", "-a", "a:", "0-", "a%", "a\n", "a[dot]",
         "a at ", "a dot ", "Aa "]
# What comes first: nothing, or the start a pattern needs before its repeated part.
PREFIXES = ["", "/", "a", "a@", "a@a.", "https://", "a:", "1", "a [at] a", "a-", "SW1A ", "a at a.", "Mrs Aa Aa of 1 ",
            "born on 1 "]
# The one character that makes the whole string fail (or nothing).
ENDINGS = ["", " ", "!", "?", "\n", "\nx", "\x00", "@", "/", "\\", "..", "--"]


def inputs(length):
    for unit in CHARS + PAIRS:
        run = (unit * (length // len(unit) + 1))[:length]
        for prefix in PREFIXES:
            for ending in ENDINGS:
                yield prefix + run + ending


def main():
    job = json.load(sys.stdin)
    pattern = re.compile(job["pattern"], job.get("flags", 0))
    for length in job["lengths"]:
        worst, worst_text = 0.0, ""
        for text in inputs(length):
            # CPU time, not wall time: a search that backtracks burns CPU, while on a busy
            # machine (the suite runs on every core) a linear search can wait its turn for
            # longer than the budget. The caller's timeout still stops a pattern that hangs.
            start = time.process_time()
            pattern.search(text)
            took = time.process_time() - start
            if took > worst:
                worst, worst_text = took, text
        print(json.dumps({"length": length, "seconds": worst, "input": worst_text[:60] + (
            f"... ({len(worst_text)} characters, ending {worst_text[-3:]!r})" if len(worst_text) > 60 else "")}),
              flush=True)
        if worst > job["budget"]:
            break


if __name__ == "__main__":
    main()
