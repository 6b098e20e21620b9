"""Every word the kit prints, in Korean and English, and how the language is chosen.

One table for the terminal reports, the feedback pages, the notebooks' cells and the
nbgrader course; what a task is called and its hints are catalogue data (grader/tasks/).
"""

from __future__ import annotations

import locale
import os

from .model import Text

LANG_ENV = "DLKIT_LANG"


def choose_lang(option: str | None = None) -> str:
    """--lang, else $DLKIT_LANG, else the locale: 'ko' or 'en'."""
    for value in (option, os.environ.get(LANG_ENV)):
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not loc:
        try:
            loc = locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


M = {
    # ---------------------------------------------------------------- statuses (TaskResult.status)
    "passed": Text("통과", "passed"),
    "failed": Text("틀림", "failed"),
    "partial": Text("일부 통과", "partly passed"),
    "not_implemented": Text("아직 구현하지 않음", "not implemented yet"),
    "timeout": Text("시간 초과", "time limit exceeded"),
    "missing": Text("파일 없음", "file missing"),
    "crash": Text("프로세스 중단", "process crashed"),
    "error": Text("예외 발생", "raised an exception"),
    "upstream": Text("앞 과제 때문에 틀림", "fails because of an upstream task"),
    "import": Text("파일을 불러올 수 없음", "file does not import"),
    # ---------------------------------------------------------------- across a task's cases (report.status_text)
    "mix_of": Text("{n}개 사례 중 {part}", "{part} of {n} cases"),
    "mix_passed": Text("{n}개 사례 중 {k}개 통과", "passed {k} of {n} cases"),
    "mix_wrong": Text("{k}개 틀림", "wrong on {k}"),
    "mix_share": Text("{k}개는 {outputs}만 틀림", "only {outputs} wrong on {k}"),
    "mix_exception": Text("{k}개 예외", "an exception on {k}"),
    "mix_timeout": Text("{k}개 시간 초과", "out of time on {k}"),
    "mix_not_implemented": Text("{k}개 구현 안 됨", "not implemented on {k}"),
    "mix_crash": Text("{k}개 프로세스 중단", "a crash on {k}"),
    "mix_kept": Text("{k}개는 {tasks} 때문에만 틀림", "wrong only because of {tasks} on {k}"),
    "mix_sep": Text(", ", ", "),
    "mix_then": Text("; ", "; "),
    # ---------------------------------------------------------------- the terminal report (report.py)
    "task": Text("과제", "task"),
    "points": Text("점수", "points"),
    "status": Text("상태", "status"),
    "hint": Text("힌트", "hint"),
    "total": Text("합계", "total"),
    "case": Text("사례", "case"),
    "input": Text("입력", "input"),
    "expected": Text("기대값", "expected"),
    "got": Text("받은 값", "got"),
    "shape": Text("모양", "shape"),
    "dtype": Text("자료형", "dtype"),
    "max_abs": Text("최대 절대 오차", "max abs error"),
    "max_rel": Text("최대 상대 오차", "max rel error"),
    "tolerance": Text("허용 오차", "tolerance"),
    "first_diff": Text("처음 다른 원소", "first differing entries"),
    "where": Text("학생 코드 위치", "in your code"),
    "missing_output": Text("출력 '{name}'이(가) 없습니다", "output '{name}' is missing"),
    "raises": Text("이 입력에서는 {expected}가 발생해야 하는데 {got}이(가) 나왔습니다",
                   "this input must raise {expected}, but got {got}"),
    "not_implemented_msg": Text("아직 구현하지 않았습니다 (NotImplementedError). 과제 설명: {message}",
                                "not implemented yet (NotImplementedError): {message}"),
    "timeout_msg": Text("사례마다 {seconds:g}초 제한을 넘었습니다: 무한 루프가 없는지 확인하세요.",
                        "took longer than the {seconds:g} s limit per case: look for an endless loop."),
    "timeout_after_msg": Text("앞 사례가 시간 제한을 넘겨 이 사례에는 {seconds:g}초만 주었는데, 그 안에도 "
                              "끝나지 않았습니다: 무한 루프가 없는지 확인하세요.",
                              "an earlier case ran out of time, so this one had {seconds:g} s, and it did not "
                              "finish either: look for an endless loop."),
    "timeout_budget_msg": Text("앞의 과제들이 이 제출물에 주어진 시간({seconds:g}초)을 다 써서 이 과제는 실행되지 "
                               "않았습니다: 무한 루프나 import할 때 멈추는 코드가 없는지 확인하세요.",
                               "the earlier tasks used up the submission's time ({seconds:g} s for all its tasks), "
                               "so this one did not run: look for endless loops, or code that hangs on import."),
    "missing_msg": Text("제출물에 {message}이(가) 없습니다.", "the submission has no {message}."),
    "crash_msg": Text("학생 코드가 프로세스를 끝냈습니다: {message}", "your code ended its process: {message}"),
    "grad_table": Text("기울기 검사 (매개변수별 상대 오차)", "gradient check (relative error per parameter)"),
    "public_hidden": Text("공개 {pp}/{pt} · 비공개 {hidden}", "public {pp}/{pt} · hidden {hidden}"),
    "hidden_not_run": Text("실행 안 함", "not run"),
    "seed": Text("비공개 시드", "hidden seed"),
    "of_total": Text("(전체 {total:g}점 중)", "(of {total:g})"),
    "import_msg": Text("{file}을(를) 불러올 수 없습니다: {type}: {message}. 이 파일을 읽는 과제는 모두 이 오류로 "
                       "실패하니 먼저 고치세요.",
                       "{file} does not import: {type}: {message}. Every task that reads it fails with this error: "
                       "fix it first."),
    # ---------------------------------------------------------------- why a task fails (report.describe_task)
    "causes": Text("사례별 원인", "which mistake, case by case"),
    "cause_both": Text("{a} + {b} (함께)", "{a} + {b} together"),
    "not_explained": Text("알려진 실수로 설명되지 않는 사례: {cases}", "not explained by a known mistake: {cases}"),
    "upstream_kept": Text(
        "이 과제는 여러분의 {tasks}을(를) 씁니다. 그 과제가 틀려서 ({mistakes}) 이 과제도 틀립니다: 먼저 {tasks}을(를) "
        "고치세요. {k}개 사례는 그 실수 위에서 올바른 코드가 내는 값과 같으므로 점수를 잃지 않습니다.",
        "This task uses your {tasks}, which fails ({mistakes}): fix that first. On {k} case(s) your code gives "
        "what correct code gives on top of that mistake, so they keep their points."),
    "upstream_kept_cascade": Text(
        "이 과제는 여러분의 {tasks}을(를) 씁니다. 그 과제가 틀려서 ({mistakes}) 이 과제도 틀립니다: 먼저 {tasks}을(를) "
        "고치세요. {k}개 사례는 그 실수 위에서 올바른 코드가 내는 값과 같습니다 (연쇄 채점 설정이라 점수는 잃습니다).",
        "This task uses your {tasks}, which fails ({mistakes}): fix that first. On {k} case(s) your code gives "
        "what correct code gives on top of that mistake (the cascade setting scores them as failed all the same)."),
    "upstream_unknown": Text(
        "이 과제는 여러분의 {tasks}을(를) 씁니다. 그 과제가 틀려서 이 과제도 틀릴 수 있습니다: 먼저 {tasks}을(를) "
        "고치세요 (이 과제의 코드는 맞을 수도 있습니다).",
        "This task uses your {tasks}, which fails: fix that first (this task's own code may be right)."),
    "upstream_short": Text("먼저 {tasks}을(를) 고치세요", "fix {tasks} first"),
    "kinds": Text("어떤 입력이 틀리는지", "which kinds of input fail"),
    "kinds_fail": Text("{tag} 사례는 모두 실패 ({k}개)", "fails on every {tag} case ({k} of {k})"),
    "kinds_pass": Text("{tag} 사례는 모두 통과 ({k}개)", "passes every {tag} case ({k} of {k})"),
    "kinds_none": Text("{n}개 사례 중 {k}개 실패 ({cases}): 어느 한 종류의 입력만 실패하지는 않습니다",
                       "fails on {k} of {n} cases ({cases}); no one kind of input fails alone"),
    # ---------------------------------------------------------------- kinds of input (model.Tag)
    "tag_one_example": Text("샘플 하나", "one-example"),
    "tag_batch": Text("배치", "batch"),
    "tag_one_hot": Text("원-핫 t", "one-hot t"),
    "tag_labels": Text("레이블 인덱스 t", "label-index t"),
    "tag_float32": Text("float32", "float32"),
    "tag_zero_probability": Text("정답 확률이 0인", "zero-probability"),
    "tag_x_1d": Text("1차원 x", "1-D x"),
    "tag_x_2d": Text("2차원 x", "2-D x"),
    "tag_x_3d": Text("3차원 x", "3-D x"),
    "tag_separable": Text("변수별로 나뉘는 f", "separable-f"),
    "tag_coupled": Text("변수가 얽힌 f", "coupled-f"),
    "tag_closure": Text("인자를 무시하는 클로저 f", "closure (f ignores its argument)"),
    "tag_integer": Text("정수 배열", "integer-array"),
    "tag_polynomial": Text("다항식 f", "polynomial-f"),
    "tag_sine": Text("sin", "sin"),
    "tag_converging": Text("수렴하는 lr", "converging-lr"),
    "tag_diverging": Text("발산하는 lr (lr = 10)", "diverging-lr (lr = 10)"),
    "tag_tiny_lr": Text("아주 작은 lr (1e-10)", "tiny-lr (1e-10)"),
    "tag_default_std": Text("기본 weight_init_std", "default weight_init_std"),
    "tag_given_std": Text("weight_init_std를 준", "given weight_init_std"),
    "tag_half_right": Text("절반만 맞는", "half-right"),
    "tag_all_right": Text("모두 맞는", "all-right"),
    "tag_book_example": Text("책의 예", "book-example"),
    "tag_other_example": Text("책 밖의 입력", "other-input"),
    # ---------------------------------------------------------------- what the comparators and rules say
    "kind_numbers": Text("숫자가 와야 하는데 {got}이(가) 왔습니다.", "numbers are expected here, but got {got}."),
    "kind_text": Text("문자열이 와야 하는데 {got}이(가) 왔습니다.", "text is expected here, but got {got}."),
    "kind_ndim": Text("{ndim}차원 배열이어야 하는데 모양이 {shape}입니다.",
                      "an array of {ndim} dimension(s) is expected, but its shape is {shape}."),
    "narrower_dtype": Text("답의 자료형 {got}은(는) 이 사례의 정밀도({case})보다 좁습니다: "
                           "{case} 정밀도로 채점했습니다. 계산을 {case}로 하세요.",
                           "your answer's dtype {got} is narrower than this case's precision ({case}): it is "
                           "judged at {case}'s precision. Compute in {case}."),
    "plot_line_missing": Text("참조 그림의 선(점 {points}개, 처음 점 {start})이 그려지지 않았습니다.",
                              "a line of the reference figure ({points} points, starting at {start}) is not drawn."),
    "plot_no_quiver": Text("화살표(quiver)가 없습니다.", "no quiver (arrows) drawn."),
    "plot_axis_unnamed": Text("축 이름이 없습니다 ({axes}축): 그림이 무엇을 보여 주는지 축에 이름을 붙이세요.",
                              "no name on the {axes} axis: name what the figure shows."),
    "plot_legend_entries": Text("범례 항목이 {got}개입니다: 선 {want}개를 구별하려면 선마다 label을 붙이고 "
                                "ax.legend()를 부르세요 (말은 자유).",
                                "the legend has {got} entries: to tell the {want} lines apart, label each line and "
                                "call ax.legend() (any words)."),
    "train_accuracy_below": Text(
        "채점기가 반환된 매개변수로 잰 시험 정확도는 {test:.4f}로, 기준 {need:.2f}에 못 미칩니다.",
        "The test accuracy the grader measured from the returned parameters is {test:.4f}, "
        "below the required {need:.2f}."),
    "train_loss_per_iteration": Text("손실은 반복마다 한 번씩 기록해야 합니다.",
                                     "the loss is recorded once per iteration."),
    "train_loss_not_falling": Text("손실이 줄지 않았습니다 (처음 10% 평균 {first:.4g}, 마지막 10% 평균 {last:.4g}).",
                                   "the loss does not fall (first 10% mean {first:.4g}, last 10% mean {last:.4g})."),
    "train_accuracy_per_epoch": Text("정확도는 에폭마다 한 번 (i % iter_per_epoch == 0) 기록합니다.",
                                     "accuracy is recorded once per epoch (i % iter_per_epoch == 0)."),
    "train_accuracy_not_measured": Text(
        "마지막으로 기록한 정확도 {reported:.4f}가 채점기가 최종 매개변수로 잰 {measured:.4f}와 맞지 않습니다.",
        "the last recorded accuracy {reported:.4f} does not match the {measured:.4f} the grader "
        "measured from the final parameters."),
    "train_same_network": Text("사례 {other}과(와) 똑같은 신경망입니다.", "the very same network as case {other}."),
    # ---------------------------------------------------------------- why the probe stopped a training (grader/pace.py)
    "train_numerical_gradient_too_slow": Text(
        "network.numerical_gradient로 기울기를 구하면 {iters:,}회 반복에 약 {projected:,.0f}초가 걸려 이 사례에 남은 "
        "{budget:,.0f}초 안에 끝나지 않으므로 학습을 멈췄습니다",
        "with network.numerical_gradient for the gradients, {iters:,} iterations would take about "
        "{projected:,.0f} s, more than the {budget:,.0f} s this case has left: training stopped"),
    "train_accuracy_too_often": Text(
        "{done:,}회 반복에 network.accuracy를 {accuracies:,}번 불렀습니다: 이 속도면 {iters:,}회 반복에 약 "
        "{projected:,.0f}초가 걸려 이 사례에 남은 {budget:,.0f}초 안에 끝나지 않으므로 학습을 멈췄습니다",
        "network.accuracy was called {accuracies:,} times in {done:,} iterations: at this pace {iters:,} "
        "iterations would take about {projected:,.0f} s, more than the {budget:,.0f} s this case has left: "
        "training stopped"),
    "train_too_slow": Text(
        "이 속도면 ({done:,}회 반복까지) {iters:,}회 반복에 약 {projected:,.0f}초가 걸려 이 사례에 남은 "
        "{budget:,.0f}초 안에 끝나지 않으므로 학습을 멈췄습니다. 반복 한 번은 미니배치 하나에 network.gradient를 "
        "한 번 부르는 정도의 시간이면 됩니다",
        "at this pace ({done:,} iterations so far) {iters:,} iterations would take about {projected:,.0f} s, "
        "more than the {budget:,.0f} s this case has left: training stopped. An iteration should cost about "
        "one network.gradient call on one mini-batch"),
    "train_too_many_iterations": Text(
        "iters_num = {iters:,}인데 train()이 {calls:,}번째 기울기를 구하려 하므로 학습을 멈췄습니다: iters_num보다 "
        "많이 반복합니다",
        "train() asked for gradient number {calls:,} with iters_num = {iters:,}: it runs more iterations "
        "than iters_num, training stopped"),
    # ---------------------------------------------------------------- what the runner says of returned values
    "not_plain_array": Text("ndarray의 하위 클래스 대신 일반 배열을 돌려주세요",
                            "a subclass of numpy.ndarray: return a plain array, np.asarray(...)"),
    "not_a_number": Text("숫자나 numpy.ndarray를 돌려주세요", "expected a number or a numpy.ndarray"),
    # ---------------------------------------------------------------- notebooks (selfcheck.py, notebook.py)
    "selfcheck_failed": Text("{count}개 과제를 통과하지 못했습니다", "{count} task(s) failed"),
    "no_such_folder": Text("폴더가 없습니다", "no such folder"),
    "not_implemented_short": Text("아직 구현하지 않았습니다", "not implemented yet"),
    # ---------------------------------------------------------------- the batch grader's pages (batch/reports.py)
    "feedback": Text("채점 결과", "Feedback"),
    "student": Text("학생", "student"),
    "score": Text("점수", "score"),
    "summary": Text("과제별 점수", "Score per task"),
    "public": Text("공개 사례", "public cases"),
    "hidden": Text("비공개 사례", "hidden cases"),
    "hidden_tag": Text("비공개", "hidden"),
    "not_run": Text("실행 안 함", "not run"),
    "record": Text("채점 기록", "Grading record"),
    "submission_hash": Text("제출물 해시", "submission hash"),
    "grader_hash": Text("채점기 해시", "grader hash"),
    "sandbox": Text("샌드박스", "sandbox"),
    "details": Text("불일치 내용 (pytest grader와 같은 설명)", "Mismatch details (as `pytest grader` prints them)"),
    "cases": Text("사례별 결과", "Cases"),
    "result": Text("결과", "result"),
    "seconds": Text("초", "seconds"),
    "error_column": Text("오류", "error"),
    "parameter": Text("매개변수", "parameter"),
    "rel_error": Text("상대 오차", "relative error"),
    "threshold": Text("기준", "threshold"),
    "ok": Text("통과", "ok"),
    "wrong": Text("틀림", "wrong"),
    "curve": Text("학습 곡선 (제출한 코드가 기록한 값)", "Training curve (as your code recorded it)"),
    "figures": Text("제출한 코드가 그린 그림", "The figures your code drew"),
    "all_passed": Text("모든 과제를 통과했습니다.", "Every task passed."),
    "class_report": Text("반 전체 보고서", "Class report"),
    "students": Text("학생 수", "students"),
    "mean": Text("평균", "mean"),
    "median": Text("중앙값", "median"),
    "min": Text("최저", "min"),
    "max": Text("최고", "max"),
    "histogram": Text("점수 분포", "Score distribution"),
    "pass_rate": Text("과제별 통과율", "Pass rate per task"),
    "passed_count": Text("통과", "passed"),
    "rate": Text("통과율", "pass rate"),
    "mean_score": Text("평균 점수", "mean score"),
    "statuses": Text("상태별 학생 수", "students by status"),
    "mistakes": Text("원인별 집계 (학생마다 원인 하나를 한 번씩)", "Root causes (each student counted once per cause)"),
    "mistake": Text("원인", "cause"),
    "count": Text("학생 수", "students"),
    "points_lost": Text("잃은 점수 (반 전체)", "points lost (class)"),
    "per_student": Text("학생당", "per student"),
    "origin": Text("출처", "origin"),
    "origin_slip": Text("실수", "slip"),
    "origin_lecture": Text("강의 코드", "the lecture's code"),
    "origin_extension": Text("강의 코드 (이 과제는 더 요구)", "the lecture's code (the kit asks more)"),
    "upstream_task": Text("앞 과제", "upstream"),
    "unrecognised": Text("알려진 실수로 설명되지 않는 실패", "a failure no known mistake explains"),
    "no_mistakes": Text("알려진 실수가 발견되지 않았습니다.", "No catalogued mistake was recognised."),
    "slowest": Text("오래 걸린 과제", "Slowest tasks"),
    "median_s": Text("중앙값 (초)", "median (s)"),
    "max_s": Text("최대 (초)", "max (s)"),
    "slowest_student": Text("가장 느린 학생", "slowest student"),
    "grid": Text("학생별 결과", "Students"),
    "feedback_link": Text("피드백", "feedback"),
    # ---------------------------------------------------------------- the similarity page (grader/batch/similarity/)
    "sim_title": Text("유사도 보고서", "Similarity"),
    "sim_intro": Text(
        "학생 {students}명. 반 전체가 공유하는 코드(스텁, 참고 풀이, 카탈로그의 실수, 책과 강의 코드)를 빼고도 코드가 "
        "유난히 비슷한 쌍, 그리고 같은 공개 사례에서 카탈로그에 없는 같은 오답을 낸 쌍입니다. 표시는 살펴볼 이유일 뿐 "
        "판정이 아닙니다: 코드를 나란히 읽고 학생과 이야기하세요.",
        "{students} students. Pairs whose code is unusually alike once the code the whole class shares is removed "
        "(the stubs, the reference, the catalogued mistakes, the book's and the lecture's code), and pairs whose code "
        "gives the same uncatalogued wrong outputs on the same public cases. A flag is a reason to look, not a "
        "finding: read the code side by side and talk to the students."),
    "sim_pair": Text("학생 쌍", "students"),
    "sim_flag": Text("표시", "flag"),
    "sim_flag_code": Text("코드", "code"),
    "sim_flag_behaviour": Text("같은 오답", "behaviour"),
    "sim_flag_code_behaviour": Text("코드 + 같은 오답", "code + behaviour"),
    "sim_flag_review": Text("검토", "review"),
    "sim_tokens": Text("공통 코드 토큰", "code tokens"),
    "sim_share": Text("비율", "share"),
    "sim_functions": Text("함수", "functions"),
    "sim_wrong_cases": Text("같은 오답 사례", "identical wrong cases"),
    "sim_none": Text("눈에 띄는 쌍이 없습니다.", "No pair stands out."),
    "sim_code_evidence": Text(
        "코드: 드문 코드 {tokens}토큰이 같습니다 (토큰마다 그것을 가진 학생이 적을수록 무겁게), 작은 쪽 고유 코드의 "
        "{share}, 함수 {units}개.",
        "Code: {tokens} tokens of rare code in common (each weighted by how few students share it), {share} of the "
        "smaller student's own code, in {units} functions."),
    "sim_panel": Text("{tokens}토큰, {share}", "{tokens} tokens, {share}"),
    "sim_docstring": Text("독스트링 {n}줄", "{n} lines of docstring"),
    "sim_wrong_title": Text("같은 오답", "Identical wrong outputs"),
    "sim_case": Text("공개 사례", "public case"),
    "sim_digest": Text("오답 지문", "wrong output (digest)"),
    "sim_holders": Text("같은 답을 낸 학생 수", "students with it"),
    "sim_students": Text("학생", "students"),
    "sim_wrong_note": Text(
        "어떤 카탈로그 실수도 이 출력을 내지 않고, 이 과제가 쓰는 함수는 두 학생 모두 통과했습니다.",
        "No catalogued mistake gives these outputs, and every function these tasks use passed for both students."),
    "sim_common_title": Text("여러 학생이 낸, 카탈로그에 없는 오답",
                             "Uncatalogued wrong outputs several students share"),
    "sim_common_note": Text(
        "여러 학생이 따로 같은 실수를 한 것으로 보입니다: 증거로 쓰지 않습니다. 카탈로그에 변이(mutant)와 힌트를 "
        "더할 만합니다.",
        "Several students seem to make this mistake on their own: it is no evidence. Each is worth a mutant and a "
        "hint in the catalogue."),
    "sim_common_none": Text("없습니다.", "None."),
    "sim_how": Text("쌍을 고르는 방법", "How pairs are chosen"),
    "sim_how_units": Text(
        "채점하는 함수마다 따로 비교합니다. 주석, 독스트링, 서식을 지우고 지역 이름을 쓰인 순서대로 바꾸며, "
        "학생이 만든 보조 함수는 부르는 자리에 펼칩니다.",
        "Each graded function is compared on its own, after removing comments, docstrings and formatting, renaming "
        "its local names in order of use, and inlining the student's own helpers it calls."),
    "sim_how_fingerprints": Text(
        "지문: 토큰 {k}개씩, 창 {window}로 winnowing (같은 {guarantee}토큰 구간은 반드시 찾습니다).",
        "Fingerprints: runs of {k} tokens, winnowed with a window of {window} (a shared run of {guarantee} tokens is "
        "always seen)."),
    "sim_how_removed": Text(
        "공유 코드({sources}개 출처)에 있는 구간과 반의 {common_share}보다 많은 학생이 가진 구간은 뺍니다.",
        "Removed: every run found in the shared code ({sources} sources), and every run more than {common_share} of "
        "the class has."),
    "sim_how_flags": Text(
        "'코드': 가중 토큰 {min_tokens}개 이상, 작은 쪽 고유 코드의 {min_share} 이상, 함수 {min_units}개 이상에서 "
        "(함수마다 {guarantee}토큰 이상). '검토': {review_tokens}토큰 이상. '같은 오답': 드물고 카탈로그에 없는 같은 "
        "오답이 공개 사례 {min_cases}개 이상.",
        "Flag 'code': at least {min_tokens} weighted tokens and {min_share} of the smaller student's own code in "
        "common, in at least {min_units} functions ({guarantee} tokens or more each). 'review': at least "
        "{review_tokens} tokens. Flag 'behaviour': at least {min_cases} public cases with the same rare, "
        "uncatalogued wrong output."),
    "sim_link": Text("유사도 보고서", "Similarity report"),
    # ---------------------------------------------------------------- the late policy (grader/batch/late.py)
    "late_unknown": Text("제출 시각을 알 수 없어 지각 감점을 적용하지 않았습니다.",
                         "Submission time unknown: no late penalty applied."),
    "late_on_time": Text("제출 {when} (마감 {deadline}): 기한 내 제출.",
                         "Submitted {when} (deadline {deadline}): on time."),
    "late_late": Text("제출 {when}, 마감 {deadline}: {late} 늦음 ({units}{unit_ko}).",
                      "Submitted {when}, deadline {deadline}: {late} late ({units} {unit_en})."),
    "late_tokens": Text("지각 토큰 {n}개 사용.", "Late tokens used: {n}."),
    "late_penalty": Text("감점 {penalty}점: {raw} → {final}.", "Penalty {penalty} points: {raw} → {final}."),
    "late_title": Text("제출 시각", "Submission time"),
    "raw_score": Text("채점 점수 (감점 전)", "score before the late penalty"),
    # ---------------------------------------------------------------- the nbgrader course (grader/nbgrader/)
    "nb_intro": Text("`raise NotImplementedError`가 있는 자리를 채우세요. 채점 셀을 실행하면 받은 점수가 나옵니다 "
                     "(일부 사례만 맞으면 부분 점수). 잠긴 셀은 고치지 마세요: 채점할 때 원래대로 돌아갑니다.",
                     "Fill in where it says `raise NotImplementedError`. Run a grading cell to see your points "
                     "(partial credit when some cases pass). Do not edit the locked cells: grading restores them."),
    "nb_imports_others": Text("앞 노트북에 쓴 코드를 가져다 씁니다: 그 노트북을 저장한 뒤 이 노트북을 실행하세요.",
                              "This notebook uses the code of the earlier notebooks: save them before you run it."),
    "nb_code_stub": Text("여기에 코드를 작성하세요", "YOUR CODE HERE"),
    "nb_not_implemented": Text("아직 구현하지 않았습니다", "not implemented yet"),
    "nb_do_not_edit": Text("고치지 마세요: 이 노트북이 쓰는 모듈", "Do not edit: what this notebook imports"),
    "nb_other_notebooks": Text("이 폴더의 다른 노트북들", "your other notebooks in this folder, as `notebooks`"),
    "nb_exercise": Text("실습", "Exercise"),
    "nb_points": Text("{points:g}점", "{points:g} points"),
    "nb_grading": Text("채점", "grading"),
    "nb_title": Text("4장 신경망 학습", "Chapter 4, neural network training"),
    # ---------------------------------------------------------------- the docs' generated tables (grader/authoring/)
    "doc_task": Text("실습 과제", "task"),
}


def t(key: str, lang: str, **kw) -> str:
    """The message `key` in `lang`, with its fields filled in."""
    return M[key](lang).format(**kw)


def text(key: str, **kw) -> Text:
    """The message `key` in both languages, with its fields filled in."""
    return Text(M[key].ko.format(**kw), M[key].en.format(**kw))


def both(key: str, sep: str = " / ", **kw) -> str:
    """Korean and English side by side, for text read in either language (exceptions, stubs)."""
    return t(key, "ko", **kw) + sep + t(key, "en", **kw)
