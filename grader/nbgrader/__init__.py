"""The nbgrader bridge (instructor only): the chapter as an nbgrader course (authoring.py)
and nbgrader's gradebook filled from the kit's isolated grader (scores.py). The notebooks'
own cells call grader.nbcheck, the part that ships to students. `dlkit nbgrader` is
grader/commands/nbgrader.py.
"""
