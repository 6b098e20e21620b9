"""4.2 Loss functions: sum of squares error and cross-entropy error (functions.py)."""

from __future__ import annotations

import numpy as np

from ..compare import Close
from ..model import Case, Mistake, Task, Text
from ..numerics import DELTA, one_hot, softmax_rows

BOOK_T = one_hot(2, 10)
BOOK_Y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
BOOK_Y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
BATCH_Y = np.stack([BOOK_Y1, BOOK_Y2, softmax_rows(np.linspace(-1, 2, 10))])
BATCH_LABELS = np.array([2, 2, 9])


def probe_loss(name: str):
    def probe(sub, inp):
        return {"loss": getattr(sub.functions, name)(inp["y"], inp["t"])}

    return probe


def loss_cases_hidden(rng: np.random.Generator, with_zero: bool) -> list[Case]:
    n, c = int(rng.integers(2, 7)), int(rng.integers(3, 11))
    labels = rng.integers(0, c, size=n)
    y = softmax_rows(rng.normal(size=(n, c)))
    # keep the correct class likely enough that every way of guarding log() agrees
    y[np.arange(n), labels] += 0.2
    y /= y.sum(axis=1, keepdims=True)
    cases = [
        Case.of("hidden_single", y=y[0], t=one_hot(labels[0], c)),
        Case.of("hidden_batch_one_hot", y=y, t=one_hot(labels, c)),
        Case.of("hidden_batch_labels", y=y, t=labels),
    ]
    if with_zero:
        z = y.copy()
        z[0, labels[0]] = 0.0
        z[0] /= z[0].sum()
        cases.append(Case.of("hidden_zero_probability", y=z, t=labels))
    return cases


def ce_tolerance(case: Case) -> tuple[float, float]:
    """Where delta goes (log(y+δ), log(max(y, δ)), clip) changes each term by at most
    about δ/y for the correct class's y, so that is the tolerance."""
    y, t = case.inputs["y"], case.inputs["t"]
    y2 = y.reshape(-1, y.shape[-1])
    labels = t.reshape(-1, y.shape[-1]).argmax(axis=1) if t.size == y.size else t.reshape(-1)
    p = y2[np.arange(y2.shape[0]), labels]
    p = p[p > 0]
    return 1e-9, (2 * DELTA / p.min() if p.size else 0.0)


SUM_SQUARES_ERROR = Task(
    id="sum_squares_error",
    title=Text("오차제곱합 (SSE)", "Sum of squares error"),
    points=5,
    file="functions.py",
    grades=("functions.sum_squares_error",),
    practice="loss_functions",
    probe=probe_loss("sum_squares_error"),
    compare=Close(rtol=1e-10),
    tolerance="rtol 1e-10 (64 ulps of float32 on float32 data)",
    why="a handful of float64 roundings; `np.sum(np.square(y−t))/2`, `np.mean(np.sum(…, axis=1))/2` differ by ulps",
    public=(
        Case.of("book_y1", y=BOOK_Y1, t=BOOK_T),
        Case.of("book_y2", y=BOOK_Y2, t=BOOK_T),
        Case.of("batch_one_hot", y=BATCH_Y, t=one_hot(BATCH_LABELS, 10)),
        Case.of("batch_labels", y=BATCH_Y, t=BATCH_LABELS),
        Case.of("float32_batch", y=BATCH_Y.astype(np.float32), t=one_hot(BATCH_LABELS, 10).astype(np.float32)),
    ),
    hidden=lambda rng: loss_cases_hidden(rng, with_zero=False),
    mistakes=(
        Mistake("sse_slide_typo", Text(
            "슬라이드의 오타 `0.5*np.sum(y-t)**2`를 그대로 옮겼습니다: 제곱은 합 안에서, (y - t)**2 로 해야 합니다.",
            "You copied the slide's typo `0.5*np.sum(y-t)**2`: square inside the sum, (y - t)**2.")),
        Mistake("sse_no_half", Text(
            "0.5를 빠뜨렸습니다: E = ½ Σ (y − t)² 입니다.",
            "The factor 0.5 is missing: E = ½ Σ (y − t)².")),
        Mistake("sse_no_batch_mean", Text(
            "배치일 때 배치 크기로 나누지 않았습니다: 값이 N배 큽니다. y.shape[0]으로 나누세요.",
            "For a batch you did not divide by the batch size: the loss is N times too large.")),
    ),
)

CROSS_ENTROPY_ERROR = Task(
    id="cross_entropy_error",
    title=Text("교차 엔트로피 오차 (CEE)", "Cross-entropy error"),
    points=8,
    file="functions.py",
    grades=("functions.cross_entropy_error",),
    practice="loss_functions",
    probe=probe_loss("cross_entropy_error"),
    compare=Close(tolerance=ce_tolerance),
    tolerance="rtol 1e-9, atol 2δ/p_min (`ce_tolerance`)",
    why="see *delta* below",
    public=(
        Case.of("book_y1", y=BOOK_Y1, t=BOOK_T),
        Case.of("book_y2", y=BOOK_Y2, t=BOOK_T),
        Case.of("single_label", y=BOOK_Y1, t=2),
        Case.of("batch_one_hot", y=BATCH_Y, t=one_hot(BATCH_LABELS, 10)),
        Case.of("batch_labels", y=BATCH_Y, t=BATCH_LABELS),
        Case.of("zero_probability", y=BATCH_Y[:2], t=np.array([3, 2])),
        Case.of("float32_batch", y=BATCH_Y.astype(np.float32), t=BATCH_LABELS),
    ),
    hidden=lambda rng: loss_cases_hidden(rng, with_zero=True),
    mistakes=(
        Mistake("ce_no_delta", Text(
            "log 안에 delta(1e-7)를 더하지 않아, 정답 확률이 0일 때 inf가 됩니다: np.log(y + 1e-7).",
            "No delta inside the log: when the correct class has probability 0 the loss is inf. "
            "Use np.log(y + 1e-7).")),
        Mistake("ce_no_batch_mean", Text(
            "배치 크기로 나누지 않았습니다: 배치 손실은 평균입니다 (합 / N).",
            "You did not divide by the batch size: a batch's loss is the mean (sum / N).")),
        Mistake("ce_one_hot_only", Text(
            "t가 정답 레이블(인덱스)일 때를 처리하지 않았습니다: t.size == y.size가 아니면 "
            "y[np.arange(N), t]를 쓰세요.",
            "Label-index t is not handled: when t.size != y.size, use y[np.arange(N), t].")),
    ),
)

TASKS = (SUM_SQUARES_ERROR, CROSS_ENTROPY_ERROR)
