"""4.2 Loss functions: sum of squares error and cross-entropy error (functions.py)."""

from __future__ import annotations

import numpy as np

from ..compare import Close
from ..model import Case, Mistake, Origin, Tag, Task, Text
from ..numerics import DELTA, one_hot, softmax_rows

BOOK_T = one_hot(2, 10)
BOOK_Y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
BOOK_Y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])
BATCH_Y = np.stack([BOOK_Y1, BOOK_Y2, softmax_rows(np.linspace(-1, 2, 10))])
BATCH_LABELS = np.array([2, 2, 9])
# a batch with no zero probability: where delta is missing, the book's rows give nan whatever else is wrong
POSITIVE_Y = softmax_rows(np.linspace(-1, 2, 10) * np.array([[1.0], [-0.5]]))


def loss_case(case_id: str, *extra: Tag, **inputs) -> Case:
    """A loss case, tagged by what its inputs are: one example or a batch, one-hot or label t,
    float32, a zero probability for the correct class."""
    y, t = np.asarray(inputs["y"]), np.asarray(inputs["t"])
    y2 = y.reshape(-1, y.shape[-1])
    labels = t.reshape(-1, y.shape[-1]).argmax(axis=1) if t.size == y.size else t.reshape(-1).astype(int)
    tags = [Tag.ONE_EXAMPLE if y.ndim == 1 else Tag.BATCH, Tag.ONE_HOT if t.size == y.size else Tag.LABELS]
    tags += [Tag.FLOAT32] if y.dtype == np.float32 else []
    tags += [Tag.ZERO_PROBABILITY] if np.any(y2[np.arange(y2.shape[0]), labels] == 0) else []
    return Case.of(case_id, tags=(*tags, *extra), **inputs)


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
        loss_case("hidden_single", Tag.OTHER_EXAMPLE, y=y[0], t=one_hot(labels[0], c)),
        loss_case("hidden_batch_one_hot", Tag.OTHER_EXAMPLE, y=y, t=one_hot(labels, c)),
        loss_case("hidden_batch_labels", Tag.OTHER_EXAMPLE, y=y, t=labels),
    ]
    if with_zero:
        z = y.copy()
        z[0, labels[0]] = 0.0
        z[0] /= z[0].sum()
        cases.append(loss_case("hidden_zero_probability", Tag.OTHER_EXAMPLE, y=z, t=labels))
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
        loss_case("book_y1", Tag.BOOK_EXAMPLE, y=BOOK_Y1, t=BOOK_T),
        loss_case("book_y2", Tag.BOOK_EXAMPLE, y=BOOK_Y2, t=BOOK_T),
        loss_case("batch_one_hot", y=BATCH_Y, t=one_hot(BATCH_LABELS, 10)),
        loss_case("batch_labels", y=BATCH_Y, t=BATCH_LABELS),
        loss_case("float32_batch", y=BATCH_Y.astype(np.float32), t=one_hot(BATCH_LABELS, 10).astype(np.float32)),
    ),
    hidden=lambda rng: loss_cases_hidden(rng, with_zero=False),
    mistakes=(
        Mistake("sse_slide_typo", Text(
            "슬라이드의 오타 `0.5*np.sum(y-t)**2`를 옮겼습니다: 합을 먼저 구한 뒤 제곱하면, 확률 벡터와 원-핫 "
            "정답에서는 Σy − Σt = 0이라 손실이 늘 0입니다. 제곱은 합 안에서: 0.5 * np.sum((y - t)**2).",
            "You copied the slides' typo `0.5*np.sum(y-t)**2`: it squares the sum, and for a probability vector "
            "against a one-hot t, Σy − Σt = 0, so the loss is always 0. Square inside the sum: "
            "0.5 * np.sum((y - t)**2)."), origin=Origin.LECTURE),
        Mistake("sse_slides_code", Text(
            "슬라이드의 코드 `0.5*np.sum(y-t)**2`를 그대로 옮겼습니다. 두 가지가 다릅니다. (1) 합을 먼저 구한 뒤 "
            "제곱합니다: 확률 벡터와 원-핫 정답이면 Σy − Σt = 0이라 손실이 늘 0입니다 (슬라이드의 0.0975는 올바른 식의 "
            "값). 제곱은 합 안에서: 0.5 * np.sum((y - t)**2). (2) 샘플 하나용입니다: 이 과제는 배치 (N, C)면 N으로 "
            "나눈 평균을, t가 레이블 인덱스면 원-핫으로 바꾼 값을 요구합니다.",
            "This is the slides' code `0.5*np.sum(y-t)**2` as shown. Two things differ. (1) It squares the sum: for "
            "a probability vector against a one-hot t, Σy − Σt = 0, so the loss is always 0 (the slide's 0.0975 is "
            "the value of the correct formula); square inside the sum, 0.5 * np.sum((y - t)**2). (2) It is for one "
            "example: this task also takes a batch (N, C), averaged over N, and label-index t, as one-hot rows."),
            origin=Origin.LECTURE),
        Mistake("sse_book_single_example", Text(
            "책의 한 샘플용 오차제곱합 0.5 * np.sum((y-t)**2) 입니다 (샘플 하나에는 맞습니다; 워크스루도 같습니다). "
            "이 과제는 책보다 더 요구합니다: 배치 (N, C)이면 합을 N으로 나눈 평균을 (교차 엔트로피처럼 배치 크기와 "
            "상관없는 값이 되도록), t가 레이블 인덱스 (N,)이면 np.eye(C)[t]로 원-핫으로 바꿔 계산하세요.",
            "This is the book's single-example SSE, 0.5 * np.sum((y-t)**2) (the walk-through's too): right for one "
            "example. This task asks more than the book: for a batch (N, C) divide the sum by N (so the loss does "
            "not grow with the batch, like the cross-entropy), and turn label-index t (N,) into one-hot rows with "
            "np.eye(C)[t]."), origin=Origin.EXTENSION),
        Mistake("sse_no_half", Text(
            "0.5를 빠뜨렸습니다: E = ½ Σ (y − t)² 입니다.",
            "The factor 0.5 is missing: E = ½ Σ (y − t)².")),
        Mistake("sse_no_batch_mean", Text(
            "배치일 때 배치 크기로 나누지 않았습니다: 값이 N배 큽니다. y.shape[0]으로 나누세요.",
            "For a batch you did not divide by the batch size: the loss is N times too large.")),
        Mistake("sse_one_hot_only", Text(
            "t가 정답 레이블(인덱스)일 때를 처리하지 않았습니다: (N, C) − (N,)은 모양이 맞지 않습니다. "
            "t.size != y.size 이면 t = np.eye(y.shape[-1])[t]로 원-핫으로 바꾸세요.",
            "Label-index t is not handled: (N, C) − (N,) does not broadcast. When t.size != y.size, turn it into "
            "one-hot rows: t = np.eye(y.shape[-1])[t].")),
        Mistake("sse_divides_single", Text(
            "샘플 하나 (C,)도 y.shape[0]으로 나눴습니다: 그때 y.shape[0]은 배치 크기가 아니라 클래스 수입니다. "
            "2차원 배치일 때만 나누세요 (y.ndim == 2).",
            "A single example (C,) is divided by y.shape[0] too, which is then the number of classes, not a "
            "batch size. Divide only for a 2-D batch (y.ndim == 2).")),
        Mistake("sse_np_mean", Text(
            "np.mean은 클래스 방향까지 평균을 내서 값이 C배 작아집니다 (슬라이드 제목은 '평균 제곱 오차'지만 식은 "
            "½ Σ (y − t)²). 원소를 모두 더해 0.5를 곱하고, 배치일 때만 N으로 나누세요.",
            "np.mean also averages over the classes, so the loss is C times too small (the slide is titled 'mean "
            "square error', but its formula is ½ Σ (y − t)²). Sum the entries, multiply by 0.5, and divide by N "
            "for a batch only.")),
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
        loss_case("book_y1", Tag.BOOK_EXAMPLE, y=BOOK_Y1, t=BOOK_T),
        loss_case("book_y2", Tag.BOOK_EXAMPLE, y=BOOK_Y2, t=BOOK_T),
        loss_case("single_label", y=BOOK_Y1, t=2),
        loss_case("batch_one_hot", y=BATCH_Y, t=one_hot(BATCH_LABELS, 10)),
        loss_case("positive_batch_one_hot", y=POSITIVE_Y, t=one_hot([9, 0], 10)),
        loss_case("batch_labels", y=BATCH_Y, t=BATCH_LABELS),
        loss_case("zero_probability", y=BATCH_Y[:2], t=np.array([3, 2])),
        loss_case("float32_batch", y=BATCH_Y.astype(np.float32), t=BATCH_LABELS),
    ),
    hidden=lambda rng: loss_cases_hidden(rng, with_zero=True),
    mistakes=(
        Mistake("ce_no_delta", Text(
            "log 안에 delta(1e-7)를 더하지 않아, 정답 확률이 0일 때 inf가 됩니다 (np.log(y) + delta처럼 log 밖에서 "
            "더해도 같습니다): np.log(y + 1e-7).",
            "No delta inside the log: when the correct class has probability 0 the loss is inf (adding it outside, "
            "np.log(y) + delta, does the same). Use np.log(y + 1e-7).")),
        Mistake("ce_no_batch_mean", Text(
            "배치 크기로 나누지 않았습니다: 배치 손실은 평균입니다 (합 / N).",
            "You did not divide by the batch size: a batch's loss is the mean (sum / N).")),
        Mistake("ce_book_single_example", Text(
            "책 4.2.2절의 한 샘플용 교차 엔트로피 -np.sum(t * np.log(y + delta)) 입니다 (원-핫 샘플 하나에는 맞습니다; "
            "워크스루의 첫 목록). 이 과제는 4.2.4절의 배치용을 요구합니다: y가 1차원이면 (1, C)로 바꾸고, 원-핫이면 "
            "argmax로 레이블로 바꾼 뒤 y[np.arange(N), t]로 정답 확률을 골라 N으로 나눈 평균을 구하세요. t가 "
            "레이블(예: 2)이면 t * log(y)는 모든 log에 2를 곱할 뿐입니다.",
            "This is the book's §4.2.2 single-example cross-entropy, -np.sum(t * np.log(y + delta)) (the "
            "walk-through's first listing): right for one one-hot example. This task asks for §4.2.4's batch "
            "version: reshape a 1-D y to (1, C), turn one-hot t into labels with argmax, pick y[np.arange(N), t] "
            "and average over N. With a label t (e.g. 2), t * log(y) merely multiplies every log by 2."),
            origin=Origin.EXTENSION),
        Mistake("ce_one_hot_only", Text(
            "책 4.2.4절의 원-핫용 배치 교차 엔트로피 -np.sum(t * np.log(y + 1e-7)) / batch_size 입니다 (워크스루의 "
            "마지막 목록): 원-핫 t에는 맞습니다. 이 과제는 정답 레이블(인덱스) t도 받습니다: t.size == y.size이면 "
            "t = t.argmax(axis=1)로 레이블로 바꾸고, y[np.arange(N), t]로 정답 확률을 고르세요 (책의 "
            "common/functions.py).",
            "This is the book's §4.2.4 one-hot batch cross-entropy, -np.sum(t * np.log(y + 1e-7)) / batch_size "
            "(the walk-through's last listing): right for one-hot t. This task also takes label-index t: when "
            "t.size == y.size turn t into labels with t = t.argmax(axis=1), then pick y[np.arange(N), t] (the "
            "book's common/functions.py)."), origin=Origin.EXTENSION),
        Mistake("ce_labels_only", Text(
            "책 4.2.4절의 레이블용 교차 엔트로피입니다: t가 레이블 인덱스일 때는 맞지만, 원-핫 t이면 "
            "y[np.arange(N), t]가 0과 1을 인덱스로 씁니다. t.size == y.size 이면 먼저 t = t.argmax(axis=1) 하세요 "
            "(책의 common/functions.py처럼).",
            "This is the book's §4.2.4 label-index cross-entropy: right for label t, but with one-hot t, "
            "y[np.arange(N), t] indexes with the 0s and 1s. When t.size == y.size, first do t = t.argmax(axis=1) "
            "(as the book's common/functions.py does)."), origin=Origin.EXTENSION),
        Mistake("ce_no_reshape", Text(
            "샘플 하나 (C,)를 (1, C)로 바꾸지 않았습니다: 1차원 y에는 y[np.arange(N), t]도 argmax(axis=1)도 쓸 수 "
            "없습니다. y.ndim == 1이면 먼저 t = t.reshape(1, t.size), y = y.reshape(1, y.size) 하세요.",
            "A single example (C,) is not made a batch of one: y[np.arange(N), t] and argmax(axis=1) need 2-D y. "
            "When y.ndim == 1, first t = t.reshape(1, t.size) and y = y.reshape(1, y.size).")),
        Mistake("ce_argmax_no_axis", Text(
            "t.argmax()는 배열 전체에서 가장 큰 원소 하나의 위치입니다: 원-핫 배치의 행마다 정답을 고르려면 "
            "t.argmax(axis=1)입니다.",
            "t.argmax() is the position of the largest entry of the whole array: to pick each row's label of a "
            "one-hot batch, use t.argmax(axis=1).")),
        Mistake("ce_mean_over_classes", Text(
            "np.mean은 N·C개 원소 전체의 평균이라 손실이 C배 작습니다: 정답 클래스의 −log(y + δ)를 더한 뒤 N으로 "
            "나누세요.",
            "np.mean averages over all N·C entries, so the loss is C times too small: sum −log(y + δ) over the "
            "correct classes and divide by N.")),
    ),
)

TASKS = (SUM_SQUARES_ERROR, CROSS_ENTROPY_ERROR)
