"""Activation and loss functions (chapter 4.2)."""

import numpy as np

DELTA = 1e-7  # keeps log() finite when a predicted probability is exactly 0


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """Derivative of sigmoid at the pre-activation x."""
    return (1.0 - sigmoid(x)) * sigmoid(x)


def softmax(x: np.ndarray) -> np.ndarray:
    """Softmax over the last axis; subtracting the max keeps exp() from overflowing."""
    x = x - np.max(x, axis=-1, keepdims=True)
    return np.exp(x) / np.sum(np.exp(x), axis=-1, keepdims=True)


def sum_squares_error(y: np.ndarray, t: np.ndarray) -> float:
    """[실습] 오차제곱합(SSE)을 계산하세요.
    Sum of squares error E = 0.5 * sum_k (y_k - t_k)^2, averaged over the batch.

    공식: E = 0.5 * Σ_k (y_k - t_k)². 배치(N개)이면 전체 합을 N으로 나눈 평균입니다.

    매개변수:
        y: 신경망의 출력. 샘플 하나면 (C,), 배치면 (N, C) 모양의 float 배열.
        t: 정답. y와 같은 모양의 원-핫 배열, 또는 정답 레이블 인덱스
           (샘플 하나면 정수 스칼라, 배치면 (N,) 정수 배열 → 원-핫으로 바꿔서 계산).

    반환값:
        float 스칼라 하나 (np.float64도 괜찮습니다).

    주의:
        - 슬라이드의 오타 `0.5*np.sum(y-t)**2`는 합을 먼저 구한 뒤 제곱합니다.
          제곱을 괄호로 묶으세요: `0.5 * np.sum((y - t)**2)`.
        - 배치 입력이면 합을 배치 크기 y.shape[0]으로 나누세요.
    """
    y = np.asarray(y)
    t = np.asarray(t)
    if t.size != y.size:  # label indices: turn them into one-hot rows
        t = np.eye(y.shape[-1])[t]
    n = y.shape[0] if y.ndim == 2 else 1  # the batch size; one example is a batch of one
    return 0.5 * np.sum((y - t) ** 2) / n


def cross_entropy_error(y: np.ndarray, t: np.ndarray) -> float:
    """[실습] 교차 엔트로피 오차(CEE)를 계산하세요.
    Cross-entropy error E = -sum_k t_k * log(y_k + delta), averaged over the batch.

    공식: E = -Σ_k t_k log(y_k + δ), δ = DELTA (1e-7).
    배치(N개)이면 E = -(1/N) Σ_n Σ_k t_nk log(y_nk + δ) 입니다.

    매개변수:
        y: 소프트맥스 출력(확률). 샘플 하나면 (C,), 배치면 (N, C) 모양의 float 배열.
        t: 정답. 세 가지 형태가 모두 들어옵니다.
           원-핫 (y와 같은 모양), 레이블 인덱스 (N,), 샘플 하나일 때의 정수 스칼라.

    반환값:
        float 스칼라 하나: 배치 평균 손실.

    주의:
        - log(0) = -inf 이므로 log 안에 δ를 더하세요: np.log(y + DELTA) (np.log(y) + DELTA 가 아님).
        - 샘플 하나 (C,)도 동작해야 합니다: 먼저 y와 t를 (1, C)/(1, …) 모양으로 바꾸면 편합니다.
        - t가 원-핫이면 argmax로 레이블로 바꾼 뒤 y[np.arange(N), t]로 정답 확률만 고르세요.
        - 합이 아니라 배치 평균입니다: N으로 나누세요.
    """
    y = np.atleast_2d(y)
    t = np.asarray(t)
    rows, k = y.shape
    if t.size != y.size:  # 정답 번호를 원-핫으로
        t = np.eye(k)[t.reshape(rows)]
    t = t.reshape(rows, k)
    return -np.sum(t * np.log(y + DELTA)) / rows
