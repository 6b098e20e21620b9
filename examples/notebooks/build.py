"""The practice notebooks' cells: `dlkit freeze` writes the notebooks from them.

One notebook per practice of the lecture (the book's ch04 scripts, plus the loss functions
of 4.2). Edit the cells here, never the .ipynb files: `dlkit freeze --check` (and
tests/test_generated.py) says when the committed notebooks are not exactly what this file
makes (no outputs, no execution counts); tests/test_notebooks.py runs each of them on
solutions/ and on the stubs. Which tasks a notebook checks is the catalogue's: each task
names its practice notebook (Task.practice).

Every notebook is: a title cell with the catalogue's table of its tasks, a set-up cell
(`ex = target()`: the student's exercises/), the lecture's cells, and a grader cell
(`check([...], strict=True)`) that fails unless every task of the notebook passes. Cells
that call the student's functions run inside `with attempt():`, so on the stubs they print
"아직 구현하지 않았습니다" and only the grader cell fails.
"""

# The cells are Korean prose and LaTeX, where a line is a paragraph: E501 does not apply.
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from textwrap import dedent

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from grader.tasks import BY_ID, TASKS

SELFCHECK_TAG = "dlkit-selfcheck"  # marks the grader cell


@dataclass(frozen=True)
class Page:
    name: str  # file name without .ipynb
    title: str  # first line of the notebook
    intro: str
    cells: tuple[tuple[str, str], ...]  # ("md" | "code", source)

    @property
    def tasks(self) -> tuple[str, ...]:
        """The catalogue ids the grader cell checks: the tasks whose practice this notebook is."""
        return tuple(task.id for task in TASKS if task.practice == self.name)


def md(text: str) -> tuple[str, str]:
    return ("md", dedent(text).strip())


def code(text: str) -> tuple[str, str]:
    return ("code", dedent(text).strip())


HOW_TO = (
    "이 노트북은 여러분이 `exercises/`에 작성한 함수를 실행합니다. 파일을 고친 뒤에는 **첫 코드 셀부터 다시 실행**하세요. "
    "아직 구현하지 않은 함수는 *아직 구현하지 않았습니다* 라고 한 줄만 출력하고, 마지막 채점 셀만 실패합니다."
)

SETUP = code("""
    %matplotlib inline
    import numpy as np
    import matplotlib.pyplot as plt

    from grader.notebook import attempt, target

    ex = target()  # 여러분의 exercises/ 폴더: 파일을 고쳤다면 이 셀부터 다시 실행하세요
    print("실행하는 코드 (code under test):", ex.folder)
""")

PAGES = (
    Page(
        name="loss_functions",
        title="4.2 손실 함수 — Loss functions",
        intro="신경망 학습의 목표는 **손실 함수**의 값을 가장 작게 만드는 매개변수를 찾는 것입니다. "
              "이 노트북에서는 오차제곱합과 교차 엔트로피 오차를 구현하고, 미니배치로 손실을 구합니다.",
        cells=(
            code("""
                sum_squares_error = ex.functions.sum_squares_error      # 여러분이 구현할 함수
                cross_entropy_error = ex.functions.cross_entropy_error  # 여러분이 구현할 함수
                softmax = ex.functions.softmax                          # 주어진 함수
            """),
            md(r"""
                ## 오차제곱합 (sum of squares error)

                $$E = \frac{1}{2}\sum_k (y_k - t_k)^2$$

                $y_k$는 신경망의 출력(소프트맥스를 거친 확률), $t_k$는 정답 레이블(원-핫: 정답만 1), $k$는 데이터의 차원(클래스)입니다.
                배치($N$개)라면 합을 $N$으로 나눈 평균입니다.

                > 슬라이드의 `0.5*np.sum(y-t)**2`는 오타입니다: 합을 먼저 구한 뒤 제곱합니다. 제곱은 합 **안에서** 합니다.
            """),
            code("""
                t = np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0])                        # 정답은 '2'
                y1 = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])  # '2'일 확률이 가장 높다고 추정
                y2 = np.array([0.1, 0.05, 0.1, 0.0, 0.05, 0.1, 0.0, 0.6, 0.0, 0.0])  # '7'일 확률이 가장 높다고 추정

                with attempt():
                    print(sum_squares_error(y1, t))  # 책: 0.0975 (정답에 가까울수록 작습니다)
                    print(sum_squares_error(y2, t))  # 책: 0.5975
            """),
            md(r"""
                ## 교차 엔트로피 오차 (cross-entropy error)

                $$E = -\sum_k t_k \log y_k$$

                $t_k$가 원-핫이므로 실제로는 **정답 클래스의 확률** $y_{정답}$ 하나만 남아 $E = -\log y_{정답}$ 입니다.
                $y_{정답}$이 1에 가까울수록 $E$는 0에 가까워집니다.

                $y_k = 0$ 이면 $\log 0 = -\infty$ 가 되므로 아주 작은 값 $\delta = 10^{-7}$을 더합니다:
                $$E = -\sum_k t_k \log (y_k + \delta)$$
            """),
            code("""
                with attempt():
                    print(cross_entropy_error(y1, t))  # 책: 0.510825457099338
                    print(cross_entropy_error(y2, t))  # 책: 2.302584092994546
            """),
            md(r"""
                ## 미니배치 학습

                훈련 데이터 $N$개 전체의 손실은 평균으로 구합니다:

                $$E = -\frac{1}{N}\sum_n \sum_k t_{nk} \log y_{nk}$$

                데이터가 많으면 전부 계산하기 어려우므로 일부(**미니배치**)를 무작위로 골라 전체의 근사로 씁니다.
                MNIST는 `datasets/`에 들어 있어 인터넷 없이 읽습니다.
            """),
            code("""
                from datasets import load_mnist

                (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)
                print(x_train.shape, t_train.shape)  # (60000, 784) (60000, 10)

                train_size = x_train.shape[0]
                batch_size = 10
                batch_mask = np.random.choice(train_size, batch_size)  # 0 이상 60000 미만에서 무작위로 10개
                x_batch = x_train[batch_mask]
                t_batch = t_train[batch_mask]
                print(batch_mask)
            """),
            md(r"""
                아직 학습하지 않은 신경망의 출력이라고 생각하고, 무작위 점수에 소프트맥스를 적용한 확률로 배치의 손실을 구해 봅시다.
                정답이 원-핫이든 레이블(`2`처럼 정답의 번호)이든 같은 값이 나와야 합니다.
            """),
            code("""
                y_batch = softmax(np.random.randn(batch_size, 10))

                with attempt():
                    print("원-핫 정답 (one-hot):", cross_entropy_error(y_batch, t_batch))
                    print("레이블 정답 (labels):", cross_entropy_error(y_batch, t_batch.argmax(axis=1)))
            """),
            md(r"""
                ### 왜 정확도가 아니라 손실 함수인가?

                정확도는 매개변수를 조금 바꿔도 대부분 변하지 않고(100장 중 32장 → 32장), 변할 때는 불연속적으로 변합니다.
                그래서 미분(기울기)이 거의 모든 곳에서 0이 되어 어느 쪽으로 매개변수를 바꿀지 알 수 없습니다.
                손실 함수는 매개변수의 작은 변화에도 연속적으로 변하므로 기울기를 길잡이로 쓸 수 있습니다.
            """),
        ),
    ),
    Page(
        name="gradient_1d",
        title="4.3 수치 미분 — Numerical differentiation (gradient_1d.py)",
        intro="함수의 기울기(미분)를 아주 작은 차분으로 근사하는 **수치 미분**을 구현하고, 접선을 그립니다.",
        cells=(
            code("""
                function_1 = ex.gradient.function_1          # 주어진 함수: 0.01x² + 0.1x
                numerical_diff = ex.gradient.numerical_diff  # 여러분이 구현할 함수
                tangent_line = ex.gradient.tangent_line      # 여러분이 구현할 함수
                plots = ex.plots                             # 여러분이 구현할 그림 함수들
            """),
            md(r"""
                ## 미분

                미분은 한순간의 변화량입니다:

                $$\frac{df(x)}{dx} = \lim_{h \to 0} \frac{f(x+h) - f(x)}{h}$$

                컴퓨터로 $h \to 0$을 흉내 내려고 $h$를 너무 작게 잡으면 **반올림 오차**가 생깁니다.
                예를 들어 $10^{-50}$은 float32로 0이 되어 버립니다:
            """),
            code("""
                print(np.float32(1e-50))  # 0.0
            """),
            md(r"""
                또 $f(x+h) - f(x)$ (전방 차분)는 $x$와 $x+h$ 사이의 기울기라서 진짜 미분과 오차가 있습니다.
                그래서 $h = 10^{-4}$ 정도를 쓰고, $x$를 중심으로 앞뒤의 차분을 구합니다 (**중앙 차분**):

                $$\frac{df(x)}{dx} \approx \frac{f(x+h) - f(x-h)}{2h}, \qquad h = 10^{-4}$$
            """),
            md(r"""
                ## 수치 미분의 예

                $$f(x) = 0.01x^2 + 0.1x$$

                해석적 미분은 $\frac{df(x)}{dx} = 0.02x + 0.1$ 이므로 $x = 5$에서 0.2, $x = 10$에서 0.3 입니다.
                수치 미분은 이 값과 거의 같아야 합니다.
            """),
            code("""
                with attempt():
                    print(numerical_diff(function_1, 5))   # 책: 0.1999999999990898
                    print(numerical_diff(function_1, 10))  # 책: 0.2999999999986347
            """),
            md(r"""
                ## 접선

                $x$에서의 기울기를 $d = f'(x)$라고 하면, $x$에서의 접선은 점 $(x, f(x))$를 지나는 기울기 $d$의 직선입니다:

                $$y(t) = d \cdot t + \big(f(x) - d \cdot x\big)$$

                `tangent_line(f, x)`는 숫자가 아니라 **함수** $t \mapsto y(t)$를 돌려줍니다.
            """),
            code("""
                with attempt():
                    tf = tangent_line(function_1, 5)
                    print(tf(5), function_1(5))  # 접점에서는 f와 같은 값
                    print(tf(np.array([0.0, 10.0, 20.0])))
            """),
            md(r"""
                ## 그림: 함수와 접선

                슬라이드의 그림을 여러분의 `plots.plot_tangent(ax, f, x)`로 그립니다 ($x = 5$와 $x = 10$).
            """),
            code("""
                with attempt():
                    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
                    for ax, x in zip(axes, (5, 10)):
                        plots.plot_tangent(ax, function_1, x)
                        ax.set_title(f"tangent at x = {x}")
            """),
        ),
    ),
    Page(
        name="gradient_2d",
        title="4.4 기울기 — The gradient (gradient_2d.py)",
        intro="변수가 여럿인 함수의 편미분을 한데 묶은 **기울기**를 수치 미분으로 구하고, 기울기 벡터장을 그립니다.",
        cells=(
            code("""
                function_2 = ex.gradient.function_2                  # 주어진 함수: x0² + x1²
                numerical_gradient = ex.gradient.numerical_gradient  # 여러분이 구현할 함수
                plots = ex.plots
            """),
            md(r"""
                ## 편미분

                $$f(x_0, x_1) = x_0^2 + x_1^2$$

                변수가 둘이므로 어느 변수로 미분할지 정해야 합니다. 한 변수만 움직이고 나머지는 고정한 미분이 **편미분**
                $\frac{\partial f}{\partial x_0}$, $\frac{\partial f}{\partial x_1}$ 입니다. 해석적으로는 $\frac{\partial f}{\partial x_0} = 2x_0$.

                ## 기울기

                모든 변수의 편미분을 벡터로 묶은 것이 **기울기**(gradient)입니다:

                $$\nabla f = \left( \frac{\partial f}{\partial x_0}, \frac{\partial f}{\partial x_1} \right)$$

                각 성분은 그 원소 하나만 $\pm h$ 바꾼 중앙 차분입니다 ($e_i$는 $i$번째 원소만 1인 벡터):

                $$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}$$

                `numerical_gradient(f, x)`는 1차원 배열뿐 아니라 2차원 가중치 행렬처럼 **어떤 모양의 배열**에도 동작해야 하고,
                바꾼 원소는 반드시 원래 값으로 되돌려야 합니다.
            """),
            code("""
                with attempt():
                    print(numerical_gradient(function_2, np.array([3.0, 4.0])))  # 책: [6. 8.]
                    print(numerical_gradient(function_2, np.array([0.0, 2.0])))  # 책: [0. 4.]
                    print(numerical_gradient(function_2, np.array([3.0, 0.0])))  # 책: [6. 0.]
            """),
            md(r"""
                정수 배열 `np.array([3, 4])`에 $10^{-4}$를 더하면 다시 정수로 반올림되어 기울기가 0이 됩니다.
                이 키트의 `numerical_gradient`는 정수 배열에 **TypeError**를 일으켜 이유를 알려 줘야 합니다.
            """),
            code("""
                with attempt():
                    try:
                        numerical_gradient(function_2, np.array([3, 4]))
                        print("TypeError가 나야 합니다 (should raise TypeError)")
                    except TypeError as error:
                        print("TypeError:", error)
            """),
            md(r"""
                ## 그림: 기울기 벡터장

                각 점에서 $-\nabla f$ (기울기에 마이너스를 붙인 벡터)를 화살표로 그리면, 화살표는 함수의 가장 낮은 곳 $(0, 0)$을 향합니다.
                **기울기가 가리키는 쪽은 각 장소에서 함수의 출력 값을 가장 크게 줄이는 방향**입니다.
            """),
            code("""
                with attempt():
                    fig, ax = plt.subplots(figsize=(6, 6))
                    plots.plot_gradient_field(ax)
            """),
        ),
    ),
    Page(
        name="gradient_method",
        title="4.4.1 경사법 — Gradient descent (gradient_method.py)",
        intro="기울기를 길잡이로 함수의 최솟값을 찾아가는 **경사 하강법**을 구현하고, 지나간 경로를 그립니다.",
        cells=(
            code("""
                function_2 = ex.gradient.function_2
                gradient_descent = ex.gradient.gradient_descent  # 여러분이 구현할 함수
                plots = ex.plots
            """),
            md(r"""
                ## 경사법

                현 위치에서 기울어진 방향으로 일정 거리만큼 이동하고, 이동한 곳에서 다시 기울기를 구해 이동하기를 반복합니다:

                $$x_0 \leftarrow x_0 - \eta \frac{\partial f}{\partial x_0}, \qquad x_1 \leftarrow x_1 - \eta \frac{\partial f}{\partial x_1}$$

                한꺼번에 쓰면 $x \leftarrow x - \eta \frac{\partial f}{\partial x}$ 입니다. $\eta$(에타)는 **학습률**로,
                한 번에 얼마나 이동할지 정하는 하이퍼파라미터입니다.

                `gradient_descent(f, init_x, lr, step_num)`은 마지막 위치 `x`와 각 갱신 **전**의 위치를 모은 `x_history`를 돌려줍니다.
                (책의 코드와 달리 호출한 쪽의 `init_x`는 바꾸지 않습니다.)
            """),
            code("""
                init_x = np.array([-3.0, 4.0])
                with attempt():
                    x, x_history = gradient_descent(function_2, init_x, lr=0.1, step_num=100)
                    print(x)        # 책: [-6.11110793e-10  8.14814391e-10] — 최솟값 (0, 0)에 아주 가깝습니다
                    print(init_x)   # [-3.  4.] 그대로
            """),
            md(r"""
                ## 그림: 경사 하강 경로

                $(-3, 4)$에서 출발해 학습률 0.1로 20번 갱신한 경로입니다 (책의 `gradient_method.py`).
            """),
            code("""
                with attempt():
                    x, x_history = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=0.1, step_num=20)
                    fig, ax = plt.subplots(figsize=(5, 6))
                    plots.plot_descent_path(ax, x_history)
            """),
            md(r"""
                ## 학습률이 너무 크거나 작으면

                학습률이 너무 크면 큰 값으로 발산하고, 너무 작으면 거의 움직이지 않습니다.
            """),
            code("""
                with attempt():
                    for lr in (10.0, 1e-10):
                        x, _ = gradient_descent(function_2, np.array([-3.0, 4.0]), lr=lr, step_num=100)
                        print(f"lr={lr:g}:", x)
                # 책: lr=10 → [-2.58983747e+13 -1.29524862e+12], lr=1e-10 → [-2.99999994  3.99999992]
            """),
        ),
    ),
    Page(
        name="gradient_simplenet",
        title="4.4.2 신경망에서의 기울기 — Gradients of a neural network (gradient_simplenet.py)",
        intro="가중치 하나짜리 신경망 `simpleNet`의 손실 함수를 가중치로 미분한 기울기 $\\partial L / \\partial W$를 구합니다.",
        cells=(
            code("""
                SimpleNet = ex.simple_net.SimpleNet                  # predict와 loss를 여러분이 구현합니다
                numerical_gradient = ex.gradient.numerical_gradient  # 4.4에서 구현한 함수
            """),
            md(r"""
                ## 가중치에 대한 기울기

                형상이 $2 \times 3$인 가중치 $W$, 손실 함수 $L$에 대해 기울기는 $W$와 같은 형상입니다:

                $$W = \begin{pmatrix} w_{11} & w_{12} & w_{13} \\ w_{21} & w_{22} & w_{23} \end{pmatrix}, \qquad
                \frac{\partial L}{\partial W} = \begin{pmatrix}
                \frac{\partial L}{\partial w_{11}} & \frac{\partial L}{\partial w_{12}} & \frac{\partial L}{\partial w_{13}} \\
                \frac{\partial L}{\partial w_{21}} & \frac{\partial L}{\partial w_{22}} & \frac{\partial L}{\partial w_{23}}
                \end{pmatrix}$$

                `simpleNet`은 입력 $x$ (2개)에 $W$를 곱하고, 소프트맥스와 교차 엔트로피 오차로 손실을 구합니다:

                $$z = xW, \qquad y = \mathrm{softmax}(z), \qquad L = -\sum_k t_k \log y_k$$
            """),
            code("""
                net = SimpleNet()
                # 책과 같은 숫자를 보려고 책의 가중치를 넣습니다 (원래는 정규분포 난수로 초기화).
                net.W = np.array([[0.47355232, 0.9977393, 0.84668094],
                                  [0.85557411, 0.03563661, 0.69422093]])
                x = np.array([0.6, 0.9])
                t = np.array([0, 0, 1])  # 정답 레이블 (원-핫)

                with attempt():
                    p = net.predict(x)
                    print(p)             # 책: [1.05414809 0.63071653 1.1328074 ]
                    print(np.argmax(p))  # 최댓값의 인덱스: 2
            """),
            code("""
                with attempt():
                    print(net.loss(x, t))  # 약 0.928 (책에 인쇄된 W는 반올림한 값이라 책의 값과 끝자리가 조금 다릅니다)
            """),
            md(r"""
                ## 기울기 구하기

                `f(W)`는 `net.loss(x, t)`를 부르는 함수입니다. 인자 `w`는 쓰지 않습니다:
                `numerical_gradient`가 `net.W`의 원소를 **그 자리에서** $\pm h$ 바꾸면, `net.loss`가 바뀐 `net.W`를 읽습니다.
            """),
            code("""
                def f(W):
                    return net.loss(x, t)

                with attempt():
                    dW = numerical_gradient(f, net.W)
                    print(dW)
                # 책: [[ 0.21924763  0.14356247 -0.36281009]
                #      [ 0.32887144  0.2153437  -0.54421514]]  (W를 반올림한 만큼 끝자리가 다릅니다)
            """),
            md(r"""
                $\frac{\partial L}{\partial w_{11}} \approx 0.2$ 는 $w_{11}$을 $h$만큼 늘리면 손실이 $0.2h$만큼 커진다는 뜻이고,
                $\frac{\partial L}{\partial w_{23}} \approx -0.5$ 는 $w_{23}$을 늘리면 손실이 줄어든다는 뜻입니다.
                그러니 손실을 줄이려면 $w_{23}$은 양의 방향으로, $w_{11}$은 음의 방향으로 갱신합니다. 한 번에 얼마나 바뀌는지는
                $w_{23}$이 $w_{11}$보다 크게 기여합니다.
            """),
        ),
    ),
    Page(
        name="two_layer_net",
        title="4.5.1 2층 신경망 클래스 — TwoLayerNet (two_layer_net.py)",
        intro="MNIST 손글씨 숫자를 학습할 2층 신경망 클래스 `TwoLayerNet`을 구현합니다: 초기화, 순전파, 손실, 정확도, 기울기.",
        cells=(
            code("""
                TwoLayerNet = ex.two_layer_net.TwoLayerNet  # 여러분이 구현할 클래스
            """),
            md(r"""
                ## 매개변수

                `params`에는 1층과 2층의 가중치와 편향이 들어 있습니다. 가중치는 표준편차 `weight_init_std`(0.01)인 정규분포 난수,
                편향은 0으로 초기화합니다.

                | 키 | 형상 |
                |---|---|
                | `W1` | (입력 크기, 은닉층 크기) |
                | `b1` | (은닉층 크기,) |
                | `W2` | (은닉층 크기, 출력 크기) |
                | `b2` | (출력 크기,) |
            """),
            code("""
                with attempt():
                    net = TwoLayerNet(input_size=784, hidden_size=100, output_size=10)
                    for key, value in net.params.items():
                        print(key, value.shape)
                # 책: W1 (784, 100)  b1 (100,)  W2 (100, 10)  b2 (10,)
            """),
            md(r"""
                ## 순전파 (predict)

                $$a^{(1)} = x W^{(1)} + b^{(1)}, \qquad z^{(1)} = \sigma\big(a^{(1)}\big), \qquad
                a^{(2)} = z^{(1)} W^{(2)} + b^{(2)}, \qquad y = \mathrm{softmax}\big(a^{(2)}\big)$$

                $\sigma(a) = \frac{1}{1 + e^{-a}}$ 는 시그모이드, $\mathrm{softmax}(a)_k = \frac{e^{a_k}}{\sum_j e^{a_j}}$ 입니다.
                출력 $y$의 각 행은 열 개 숫자에 대한 확률이므로 합이 1입니다.
            """),
            code("""
                x = np.random.rand(100, 784)  # 더미 입력 100장
                with attempt():
                    net = TwoLayerNet(input_size=784, hidden_size=100, output_size=10)
                    y = net.predict(x)
                    print(y.shape)          # (100, 10)
                    print(y.sum(axis=1)[:5])  # 각 행의 합: 1
            """),
            md(r"""
                ## 손실과 정확도

                손실은 배치의 교차 엔트로피 오차 $L = -\frac{1}{N}\sum_n \sum_k t_{nk} \log y_{nk}$,
                정확도는 $\operatorname{argmax}_k y_{nk}$가 정답과 같은 비율입니다. 정답 `t`는 원-핫도, 레이블도 받습니다.
                학습 전에는 출력이 거의 고르게 $0.1$씩이라 손실은 약 $\log 10 \approx 2.3$, 정확도는 약 0.1 입니다.
            """),
            code("""
                t = np.eye(10)[np.random.randint(0, 10, size=100)]  # 무작위 정답 (원-핫)
                with attempt():
                    net = TwoLayerNet(input_size=784, hidden_size=100, output_size=10)
                    print("loss:", net.loss(x, t))
                    print("accuracy (one-hot):", net.accuracy(x, t))
                    print("accuracy (labels): ", net.accuracy(x, t.argmax(axis=1)))
            """),
            md(r"""
                ## 기울기: 수치 미분과 오차역전파

                `numerical_gradient(x, t)`는 네 매개변수 각각에 4.4의 수치 미분을 적용합니다. 정확하지만 매우 느립니다.
                `gradient(x, t)`는 같은 기울기를 **오차역전파법**(5장)으로 빠르게 구합니다:

                $$\delta^{(2)} = \frac{y - t}{N}, \qquad \frac{\partial L}{\partial W^{(2)}} = z^{(1)\top} \delta^{(2)}, \qquad
                \frac{\partial L}{\partial b^{(2)}} = \sum_n \delta^{(2)}_n$$

                $$\delta^{(1)} = \big(\delta^{(2)} W^{(2)\top}\big) \odot \sigma'\big(a^{(1)}\big), \qquad
                \frac{\partial L}{\partial W^{(1)}} = x^\top \delta^{(1)}, \qquad \frac{\partial L}{\partial b^{(1)}} = \sum_n \delta^{(1)}_n$$

                ($\sigma'(a) = \sigma(a)\big(1 - \sigma(a)\big)$, $\odot$는 원소별 곱.) 두 방법의 결과가 거의 같은지 확인하는 것을
                **기울기 확인**(gradient check)이라고 합니다. 수치 미분이 느리므로 은닉층을 10개로 줄인 작은 신경망과 3장의 이미지로 확인합니다.
            """),
            code("""
                from datasets import load_mnist

                (x_train, t_train), _ = load_mnist(normalize=True, one_hot_label=True)
                x_batch, t_batch = x_train[:3], t_train[:3]

                with attempt():
                    small = TwoLayerNet(input_size=784, hidden_size=10, output_size=10)
                    grad_numerical = small.numerical_gradient(x_batch, t_batch)
                    grad_backprop = small.gradient(x_batch, t_batch)
                    for key in grad_numerical:
                        diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
                        print(f"{key}: {diff:.3e}")  # 모두 1e-9보다 훨씬 작아야 합니다
            """),
        ),
    ),
    Page(
        name="train_neuralnet",
        title="4.5.2 미니배치 학습 — Training on MNIST (train_neuralnet.py)",
        intro="`TwoLayerNet`을 MNIST로 학습시키는 **확률적 경사 하강법**(SGD)을 구현하고, 에폭마다 시험 데이터로 평가합니다.",
        cells=(
            code("""
                from datasets import load_mnist
                from grader.notebook import training_settings

                train = ex.train.train  # 여러분이 구현할 함수
                plots = ex.plots
            """),
            md(r"""
                ## 학습 알고리즘 (SGD)

                1. **미니배치**: 훈련 데이터에서 $B$개(`batch_size`)를 무작위로 고릅니다.
                2. **기울기 산출**: 미니배치의 손실에 대한 각 매개변수의 기울기 $\frac{\partial L}{\partial W}$를 구합니다 (`network.gradient`).
                3. **매개변수 갱신**: 모든 매개변수 $W \in \{W^{(1)}, b^{(1)}, W^{(2)}, b^{(2)}\}$를 기울기 반대 방향으로 조금 옮깁니다:
                   $$W \leftarrow W - \eta \frac{\partial L}{\partial W}$$
                4. 1–3을 `iters_num`번 반복합니다.

                손실은 반복마다 기록합니다. **에폭**(epoch)은 훈련 데이터를 한 번 다 본 만큼의 반복,
                $\max(\lfloor N / B \rfloor, 1)$번입니다. 에폭마다(반복 $i$가 이 수의 배수일 때, $i = 0$ 포함) 훈련 데이터 전체와
                시험 데이터 전체의 정확도를 재어 기록합니다.
            """),
            md(r"""
                ## 설정

                책의 설정은 `iters_num=10000`, `batch_size=100`, `learning_rate=0.1`, `hidden_size=50`, 훈련 데이터 60000장 전부입니다.
                학습에 몇 분 걸립니다 (채점 셀은 같은 설정으로 한 번 더 학습합니다).

                키트의 자동 테스트는 이 노트북을 빨리 돌리려고 환경 변수 `DLKIT_TRAIN_ITERS`(반복 횟수), `DLKIT_TRAIN_SIZE`(훈련 데이터 수),
                `DLKIT_MIN_ACCURACY`(채점 기준 정확도)로 설정을 줄입니다. 여러분은 아무것도 설정하지 않으면 책의 설정으로 학습합니다.
            """),
            code("""
                (x_train, t_train), (x_test, t_test) = load_mnist(normalize=True, one_hot_label=True)

                settings = training_settings()  # 책의 설정 (환경 변수가 있으면 그 값으로 줄인 설정)
                train_size = settings["train_size"] or x_train.shape[0]  # 0이면 훈련 데이터 전부
                print(settings)
            """),
            code("""
                result = None
                with attempt():
                    result = train(x_train[:train_size], t_train[:train_size], x_test, t_test,
                                   iters_num=settings["iters_num"], batch_size=settings["batch_size"],
                                   learning_rate=settings["learning_rate"], hidden_size=settings["hidden_size"],
                                   seed=settings["seed"], verbose=True)
            """),
            md(r"""
                ## 손실 함수 값의 추이

                반복할수록 손실이 줄어듭니다: 신경망이 학습하고 있다는 뜻입니다.
            """),
            code("""
                if result is None:
                    print("train을 먼저 구현하세요 (implement train first)")
                else:
                    fig, ax = plt.subplots()
                    ax.plot(np.arange(len(result.train_loss_list)), result.train_loss_list)
                    ax.set_xlabel("iteration")
                    ax.set_ylabel("loss")
            """),
            md(r"""
                ## 시험 데이터로 평가하기

                훈련 데이터의 정확도만으로는 **오버피팅**(훈련 데이터에만 맞춰진 상태)을 알아챌 수 없습니다.
                에폭마다 잰 훈련 정확도와 시험 정확도가 함께 오르고 두 선이 거의 겹치면 오버피팅이 일어나지 않은 것입니다.
                그림은 여러분의 `plots.plot_training(ax, result)`로 그립니다.
            """),
            code("""
                if result is None:
                    print("train을 먼저 구현하세요 (implement train first)")
                else:
                    with attempt():
                        fig, ax = plt.subplots()
                        plots.plot_training(ax, result)
            """),
        ),
    ),
)


def task_table(tasks: tuple[str, ...]) -> str:
    """The notebook's tasks as the catalogue describes them."""
    rows = ["| 과제 (task) | 파일 (file) | 배점 (points) |", "|---|---|---:|"]
    for task_id in tasks:
        task = BY_ID[task_id]
        rows.append(f"| {task.title.ko} — {task.title.en} (`{task.id}`) | `exercises/{task.file}` | {task.points:g} |")
    return "\n".join(rows)


def grader_cell(tasks: tuple[str, ...]) -> tuple[tuple[str, str], tuple[str, str]]:
    ids = ", ".join(f'"{t}"' for t in tasks)
    return (
        md("""
            ## 채점 (self-check)

            이 노트북의 과제를 `pytest grader`와 같은 기준(공개 사례)으로 채점하고 같은 표를 출력합니다.
            틀린 과제가 있으면 무엇이 틀렸는지 보여 주고 이 셀이 실패합니다.
        """),
        ("code", f"from grader.selfcheck import check\n\nresults = check([{ids}], strict=True)"),
    )


def notebook(page: Page) -> nbformat.NotebookNode:
    header = md(f"# {page.title}\n\n{page.intro}\n\n{task_table(page.tasks)}\n\n{HOW_TO}")
    cells = (header, SETUP, *page.cells, *grader_cell(page.tasks))
    nb = new_notebook(metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "dlkit": {"tasks": list(page.tasks)},
    })
    for i, (kind, source) in enumerate(cells):
        cell = new_markdown_cell(source) if kind == "md" else new_code_cell(source)
        cell.id = f"{page.name}-{i:02d}"  # fixed ids: nbformat would draw random ones
        if i == len(cells) - 1:
            cell.metadata["tags"] = [SELFCHECK_TAG]
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


def render() -> dict[str, str]:
    """Every notebook's file name and text, as committed."""
    return {f"{page.name}.ipynb": nbformat.writes(notebook(page)) + "\n" for page in PAGES}
