"""`said-and-done init DIR`: a new partnership's repository, made from skeleton/.

answers.py asks the questions (in a terminal) or reads them from flags (without one),
and never makes up a value a partnership must choose; write.py renders the files in
skeleton/ with the answers into an empty folder. The site it writes passes `check`
and builds with nothing but the installed engine.
"""
