"""4장 '신경망 학습' 실습 과제: `# TODO:` 표시가 있는 함수를 채워 제출하세요.

Student exercises for chapter 4 (neural network training). Fill in every function
that raises NotImplementedError; the given helpers already work. 이 폴더를 통째로
복사해 제출하므로 모듈 사이의 import는 상대 경로(`from .functions import softmax`)를 유지하세요.
"""
