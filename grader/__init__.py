"""dlkit's grader: one catalogue of tasks, a runner for student code and a judge.

- tasks/      : what each task is (points, cases, tolerances, known mistakes): data
- run.py      : runs a submission on a task's cases and returns plain data (student side)
- judge.py    : compares that data with the reference and names mistakes (judge side)
- session.py  : a grading session, the start of every front end
docs/architecture.md has the whole map.
"""
