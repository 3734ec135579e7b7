"""The words residents see for the values staff type: engagement levels, decisions, action statuses, formats.

One table each, read by the model, the pages and the open data alike.
"""

LEVELS = {
    # The participation spectrum, each with the one-line meaning residents see.
    "inform": ("Inform", "We tell you about a decision or change. You are not being asked for your views."),
    "consult": ("Consult", "We ask for your views before we decide, and tell you how they shaped the decision."),
    "involve": ("Involve", "We work with you throughout, so your concerns are understood and reflected in the options."),
    "collaborate": ("Collaborate", "We work with you as partners on each part of the decision, including the solution."),
    "empower": ("Empower", "You make the decision, and we carry out what you decide."),
}

DECISIONS = {
    "adopted": "Adopted",
    "partly-adopted": "Partly adopted",
    "not-adopted": "Not adopted",
    "under-review": "Under review",
    "no-change-needed": "No change needed",
}

ACTION_STATUSES = {
    "planned": "Planned",
    "in-progress": "In progress",
    "on-hold": "On hold",
    "done": "Done",
    "dropped": "Dropped",
}

FORMATS = {
    "easy-read": "Easy read",
    "large-print": "Large print",
    "braille": "Braille",
    "audio": "Audio",
    "bsl": "British Sign Language (BSL)",
    "other-languages": "Other languages",
}
