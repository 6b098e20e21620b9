"""dlkit's grader: one catalogue of tasks, a runner for student code and a judge.

- catalogue.py : what each task is (points, cases, tolerances, known mistakes): data
- run.py       : runs a submission on a task's cases and returns plain data (student side)
- judge.py     : compares that data with the reference and names mistakes (judge side)
- reference.py : the reference outcomes, frozen for public cases, live for hidden ones
"""
