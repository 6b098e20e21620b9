"""A two-layer network trained by numerical gradients or backprop (chapter 4.5)."""

import numpy as np  # noqa: F401 - used by the code you write

# Not used by the stubs yet: these are the helpers your methods need.
from .functions import cross_entropy_error, sigmoid, sigmoid_grad, softmax  # noqa: F401
from .gradient import numerical_gradient  # noqa: F401


class TwoLayerNet:
    def __init__(
        self, input_size: int, hidden_size: int, output_size: int, weight_init_std: float = 0.01
    ) -> None:
        """[실습] 2층 신경망 클래스: 가중치와 편향을 초기화해 self.params에 저장하세요.
        Initialise self.params: W1, W2 = weight_init_std * np.random.randn(...), b1, b2 = zeros.

        self.params는 다음 네 키를 가진 dict입니다 (모두 float64 np.ndarray):
            "W1": (input_size, hidden_size)   = weight_init_std * np.random.randn(input_size, hidden_size)
            "b1": (hidden_size,)              = np.zeros(hidden_size)
            "W2": (hidden_size, output_size)  = weight_init_std * np.random.randn(hidden_size, output_size)
            "b2": (output_size,)              = np.zeros(output_size)

        매개변수:
            input_size: 입력 크기 (MNIST는 784).
            hidden_size: 은닉층 뉴런 수 (책은 50).
            output_size: 출력 크기 = 클래스 수 (MNIST는 10).
            weight_init_std: 가중치 초기값의 표준편차.

        반환값:
            없음 (None). self.params를 만듭니다.

        주의:
            - 균등분포 np.random.rand가 아니라 정규분포 np.random.randn을 쓰세요.
              전역 난수 생성기를 써야 train(seed=...)의 결과가 재현됩니다.
            - 편향은 0으로 초기화합니다. 난수를 쓰지 마세요.
        """
        self.params = {
            "W1": weight_init_std * np.random.randn(input_size, hidden_size),
            "b1": np.zeros(hidden_size),
            "W2": weight_init_std * np.random.randn(hidden_size, output_size),
            "b2": np.zeros(output_size),
        }

    def predict(self, x: np.ndarray) -> np.ndarray:
        """[실습] 2층 신경망 클래스: 순전파로 각 클래스의 확률을 구하세요.
        Forward pass: a1 = x·W1 + b1, z1 = sigmoid(a1), a2 = z1·W2 + b2, y = softmax(a2).

        매개변수:
            x: 입력 배치, (N, input_size) 모양의 float 배열.

        반환값:
            np.ndarray: (N, output_size) 모양의 확률. 각 행의 합은 1입니다.

        주의:
            - 은닉층에는 sigmoid, 출력층에는 softmax를 씁니다 (제공된 함수를 쓰세요).
            - 편향 b1, b2를 더하는 것을 잊지 마세요.
        """
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        return softmax(a2)

    def loss(self, x: np.ndarray, t: np.ndarray) -> float:
        """[실습] 2층 신경망 클래스: 배치의 교차 엔트로피 오차를 구하세요.
        Loss: cross_entropy_error(predict(x), t), averaged over the batch.

        매개변수:
            x: 입력 배치, (N, input_size).
            t: 정답. 원-핫 (N, output_size) 또는 레이블 인덱스 (N,).

        반환값:
            float 스칼라 하나: 배치 평균 손실.

        주의:
            - predict가 이미 softmax를 적용하므로 한 번 더 적용하지 마세요.
        """
        y = self.predict(x)
        return cross_entropy_error(y, t)

    def accuracy(self, x: np.ndarray, t: np.ndarray) -> float:
        """[실습] 2층 신경망 클래스: 정확도(맞힌 샘플의 비율)를 구하세요.
        Accuracy: the fraction of rows where argmax(predict(x)) equals the true label.

        공식: accuracy = (argmax(y, axis=1) == 정답 레이블인 행의 수) / N

        매개변수:
            x: 입력 배치, (N, input_size).
            t: 정답. 원-핫 (N, output_size) 또는 레이블 인덱스 (N,). 둘 다 받아야 합니다.

        반환값:
            float: 0.0 이상 1.0 이하의 값.

        주의:
            - t가 원-핫(2차원)일 때만 np.argmax(t, axis=1)로 레이블로 바꾸세요.
              레이블 (N,)에 argmax를 하면 숫자 하나가 되어 버립니다.
            - 정수 나눗셈이 되지 않도록 float(x.shape[0])으로 나누세요.
        """
        y = np.argmax(self.predict(x), axis=1)
        t = np.argmax(t, axis=1)
        return np.sum(y == t) / float(x.shape[0])

    def numerical_gradient(self, x: np.ndarray, t: np.ndarray) -> dict:
        """[실습] 2층 신경망 클래스: 수치 미분으로 모든 매개변수의 기울기를 구하세요.
        Gradients of the loss w.r.t. W1, b1, W2, b2 by numerical_gradient (the module function).

        공식: loss_W = lambda W: self.loss(x, t)
              grads[key] = numerical_gradient(loss_W, self.params[key]), key = "W1", "b1", "W2", "b2"

        매개변수:
            x: 입력 배치, (N, input_size).
            t: 정답, 원-핫 또는 레이블.

        반환값:
            dict: 키 "W1", "b1", "W2", "b2". 각 값은 self.params[key]와 같은 모양의 배열.

        주의:
            - self.params[key] 배열 자체를 넘기세요 (복사본이 아니라). loss_W는 인자를 무시하고
              self.params를 읽기 때문에, 복사본을 바꾸면 손실이 변하지 않아 기울기가 0이 됩니다.
            - 매우 느립니다. 작은 신경망에서 gradient를 검증하는 용도로만 쓰세요.
        """
        loss_W = lambda W: self.loss(x, t)  # noqa: E731 - the book's idiom
        return {key: numerical_gradient(loss_W, self.params[key]) for key in ("W1", "b1", "W2", "b2")}

    def gradient(self, x: np.ndarray, t: np.ndarray) -> dict:
        """[실습] 2층 신경망 클래스: 오차역전파법으로 기울기를 빠르게 구하세요.
        Backprop gradients of the loss w.r.t. W1, b1, W2, b2 (same result as numerical_gradient).

        공식 (순전파의 a1, z1, y를 다시 계산한 뒤):
            dy  = (y - t) / N
            W2: z1.T · dy          b2: dy를 axis=0으로 합
            da1 = dy · W2.T
            dz1 = sigmoid_grad(a1) * da1
            W1: x.T · dz1          b1: dz1을 axis=0으로 합

        매개변수:
            x: 입력 배치, (N, input_size).
            t: 정답. 원-핫 (N, output_size) 또는 레이블 (N,). 레이블이면 먼저 원-핫으로 바꾸세요.

        반환값:
            dict: 키 "W1", "b1", "W2", "b2". 각 값은 self.params[key]와 같은 모양의 배열.

        주의:
            - dy를 배치 크기 N으로 나누세요 (손실이 배치 평균이므로).
            - sigmoid_grad에는 활성화 전 값 a1을 넣습니다 (sigmoid를 통과한 z1이 아님).
            - 편향의 기울기는 배치 방향(axis=0)으로 합하세요: 모양이 (hidden_size,), (output_size,)가 됩니다.
        """
        W1, W2 = self.params["W1"], self.params["W2"]
        b1, b2 = self.params["b1"], self.params["b2"]
        batch_num = x.shape[0]

        a1 = np.dot(x, W1) + b1
        z1 = sigmoid(a1)
        a2 = np.dot(z1, W2) + b2
        y = softmax(a2)

        dy = (y - t) / batch_num
        grads = {"W2": np.dot(z1.T, dy), "b2": np.sum(dy, axis=0)}
        da1 = np.dot(dy, W2.T)
        dz1 = sigmoid_grad(a1) * da1
        grads["W1"] = np.dot(x.T, dz1)
        grads["b1"] = np.sum(dz1, axis=0)
        return grads
