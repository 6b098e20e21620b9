"""The grader's own words, in Korean and English, and how the language is chosen."""

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
    "passed": Text("통과", "passed"),
    "failed": Text("틀림", "failed"),
    "partial": Text("일부 통과", "partly passed"),
    "not_implemented": Text("아직 구현하지 않음", "not implemented yet"),
    "timeout": Text("시간 초과", "time limit exceeded"),
    "missing": Text("파일 없음", "file missing"),
    "crash": Text("프로세스 중단", "process crashed"),
    "error": Text("예외 발생", "raised an exception"),
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
    "missing_msg": Text("제출물에 {message}이(가) 없습니다.", "the submission has no {message}."),
    "crash_msg": Text("학생 코드가 프로세스를 끝냈습니다: {message}", "your code ended its process: {message}"),
    "grad_table": Text("기울기 검사 (매개변수별 상대 오차)", "gradient check (relative error per parameter)"),
    "public_hidden": Text("공개 {pp}/{pt} · 비공개 {hidden}", "public {pp}/{pt} · hidden {hidden}"),
    "hidden_not_run": Text("실행 안 함", "not run"),
    "seed": Text("비공개 시드", "hidden seed"),
}


def t(key: str, lang: str, **kw) -> str:
    return M[key](lang).format(**kw)
