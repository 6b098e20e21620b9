"""Known mistakes as mutants of the reference: each is a small edit of a solution file.

One module per section of the catalogue (grader/tasks/<section>.py names each mistake and
its hint); the module here says how to make the mistake from the reference, so the grader
can learn what that mistake outputs. grader.reference.mutants() reads every module of this
folder. Instructor-only, like the rest of solutions/.
"""
