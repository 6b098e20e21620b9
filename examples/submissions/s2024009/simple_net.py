"""simpleNet: one weight matrix, softmax and cross-entropy (chapter 4.4.2)."""

import numpy as np

# Not used by the stubs yet: these are the helpers your predict/loss need.
from .functions import cross_entropy_error, softmax  # noqa: F401


class SimpleNet:
    def __init__(self) -> None:
        self.W = np.random.randn(2, 3)  # Gaussian initialisation, as in the book

    def predict(self, x: np.ndarray) -> np.ndarray:
        """[실습] 신경망에서의 기울기: 입력 x에 가중치 W를 곱한 점수를 돌려주세요.
        Scores of the one-layer net: z = x · W.

        공식: z = np.dot(x, self.W)

        매개변수:
            x: 입력. 샘플 하나면 (2,), 배치면 (N, 2) 모양의 float 배열.

        반환값:
            np.ndarray: 샘플 하나면 (3,), 배치면 (N, 3) 모양의 float 배열 (소프트맥스 전 점수).

        주의:
            - 곱하는 순서는 np.dot(x, self.W)입니다 (W는 (2, 3)).
        """
        return np.dot(x, self.W)

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        """[실습] 신경망에서의 기울기: 입력 x와 정답 t에 대한 손실을 구하세요.
        Loss of the net: cross_entropy_error(softmax(predict(x)), t).

        공식: z = predict(x), y = softmax(z), E = cross_entropy_error(y, t)

        매개변수:
            x: 입력, (2,) 또는 (N, 2).
            t: 정답. 원-핫 (예: np.array([0, 0, 1])) 또는 레이블 인덱스.

        반환값:
            float 스칼라 하나: 교차 엔트로피 오차.

        주의:
            - cross_entropy_error에는 점수 z가 아니라 softmax를 거친 확률 y를 넣어야 합니다.
            - numerical_gradient(lambda w: net.loss(x, t), net.W)는 인자 w를 무시하고 self.W를 읽습니다.
              그러니 loss 안에서는 반드시 self.W(predict)를 쓰세요.
        """
        z = self.predict(x)
        y = softmax(z)
        return cross_entropy_error(y, t)


simpleNet = SimpleNet  # the book's spelling
