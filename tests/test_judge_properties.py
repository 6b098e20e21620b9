"""Properties of the judge, with Hypothesis: whatever values a child reports for a task — any
plain dtype, any shape, nan and inf, outputs missing or extra — judging never raises, the
score stays within the task's points, result.json and Gradescope's results.json can always be
written as strict JSON; and a verdict depends on an answer's values, never on its dtype."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.batch.gradescope import task_tests
from grader.batch.job import judge_safely
from grader.batch.journal import json_bytes
from grader.judge import judge_task
from grader.model import REFERENCE, Outcome
from grader.reference import Reference
from grader.results import task_json
from grader.session import select_tasks
from grader.tasks import task_cases

TASKS = {t.id: t for t in select_tasks(training={"iters_num": 41, "train_size": 600, "min_accuracy": 0.3})}
DTYPES = st.sampled_from([np.float64, np.float32, np.float16, np.int64, np.uint8, np.bool_, np.dtype("U3")])


@cache
def setup(task_id: str):
    """Two of the task's cases and its reference (the training task's has no outputs)."""
    task = TASKS[task_id]
    cases = task_cases(task, None)[:2]
    return task, cases, Reference(task, cases)


def output_names(task, reference, case) -> list[str]:
    want = reference.get(REFERENCE, {}).get(case.id) if not task.training else None
    names = sorted(want.values) if want is not None and want.values else [n for n, _ in task.outputs]
    return names + ["extra", "line9"]


def random_values(draw, names: list[str]) -> dict:
    arrays = hnp.arrays(DTYPES, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4))
    return draw(st.dictionaries(st.sampled_from(names), arrays, max_size=len(names)))


def strict(data: bytes):
    return json.loads(data, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))


@given(st.data())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_judging_any_values_never_raises_and_always_writes_strict_json(data):
    task, cases, reference = setup(data.draw(st.sampled_from(sorted(TASKS))))
    outcomes = {case.id: Outcome(values=random_values(data.draw, output_names(task, reference, case)),
                                 seconds=data.draw(st.floats(0, 1e6))) for case, _ in cases}
    result = judge_task(task, cases, outcomes, reference, None)  # no backstop: the kind checks hold
    assert 0 <= result.score <= task.points
    strict(json_bytes(task_json(result)))
    json.dumps(task_tests(result, "ko"), allow_nan=False)
    again = judge_safely(task, cases, outcomes, None, "en")
    assert again.score == result.score and again.status == result.status


def perturbed(draw, expected: np.ndarray) -> np.ndarray:
    """Near the reference, or the reference itself: where a verdict could go either way."""
    scale = draw(st.sampled_from([0.0, 1e-12, 1e-9, 1e-6, 1e-3, 1e-1]))
    noise = draw(hnp.arrays(np.float64, expected.shape, elements=st.floats(-1, 1)))
    return expected.astype(np.float64) * (1 + scale * noise)


NUMERIC_TASKS = sorted(t for t, task in TASKS.items() if not task.training and not task.figure)


@given(st.data(), st.sampled_from([np.float16, np.float32]))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_an_answer_s_dtype_never_changes_its_verdict(data, narrow):
    """A float16 or float32 answer is judged as the same values in float64 would be: its
    rounding is an error like any other, never a wider tolerance (the catalogued forward
    difference used to pass as float16)."""
    task, cases, reference = setup(data.draw(st.sampled_from(NUMERIC_TASKS)))
    ref = reference[REFERENCE]
    answers = {}
    for case, _ in cases:
        want = ref[case.id]
        if want.values is None:
            continue
        answers[case.id] = {k: perturbed(data.draw, v) if v.dtype.kind == "f" else v for k, v in want.values.items()}
    narrowed = {c: Outcome(values={k: v.astype(narrow) if v.dtype.kind == "f" else v for k, v in vals.items()})
                for c, vals in answers.items()}
    widened = {c: Outcome(values={k: v.astype(narrow).astype(np.float64) if v.dtype.kind == "f" else v
                                  for k, v in vals.items()}) for c, vals in answers.items()}
    judged = [(case, hidden) for case, hidden in cases if case.id in answers]
    if not judged:
        return
    as_narrow = judge_task(task, judged, narrowed, reference, None)
    as_wide = judge_task(task, judged, widened, reference, None)
    assert [c.passed for c in as_narrow.cases] == [c.passed for c in as_wide.cases]
