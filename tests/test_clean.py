import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skillgap.clean import _hangul_syllables, clean_text, detect_language, fold_case


@pytest.mark.parametrize("raw, expected", [
    ("주요업무\r\n\r\n\r\n\r\n• 파이썬   개발", "주요업무\n\n• 파이썬 개발"),
    ("Responsibilities\r\n\r\n\r\n*  Build\u00a0pipelines ", "Responsibilities\n\n* Build pipelines"),
    ("\ufeffSQLㆍPython", "SQL·Python"),
    ("Ｐｙｔｈｏｎ　３년", "Python 3년"),
    ("zero\u200bwidth", "zerowidth"),
])
def test_clean_text_normalises_spacing_width_and_bullets(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize("text, lang", [
    ("쿠버네티스 기반 서비스 운영 경험이 필요해요", "ko"),
    ("Experience operating services on Kubernetes", "en"),
    ("대용량 데이터 처리 경험 (Spark, Hadoop, Kafka, Airflow, Kubernetes, Docker, Terraform, Python and more tools)", "mixed"),
    ("", "en"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


# Around the Hangul syllables' bounds in UTF-16 (high bytes AC and D7), and beyond the BMP.
NEAR_HANGUL = st.text(st.sampled_from("가힣\uabff\ud7a4\ud7ff\uac00\ud7a3\ud800\U0001f600a 한글ㄱ\u1100"))


@given(st.one_of(st.text(), NEAR_HANGUL))
def test_hangul_syllables_are_counted_exactly(text):
    assert _hangul_syllables(text) == len(re.findall("[가-힣]", text))


def test_horizontal_space_is_every_white_space_character_but_the_newline():
    from skillgap.clean import _HSPACE_CHARS

    listed = re.compile(f"[{_HSPACE_CHARS}]")
    for code in range(0x110000):
        ch = chr(code)
        assert bool(listed.fullmatch(ch)) == (ch.isspace() and ch != "\n"), hex(code)


@pytest.mark.parametrize("raw", ["a  b\t\tc \u3000d\u00a0 e", " \x1c\x1d x \u2028y\u2029", "\t", "a \n  b  \n c"])
def test_white_space_runs_become_one_space(raw):
    assert clean_text(raw) == "\n".join(" ".join(line.split()) for line in raw.split("\n")).strip()


def test_fold_case_turns_what_ignorecase_equates_with_an_ascii_letter_into_it():
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        ch = chr(code)
        if letter.fullmatch(ch):
            assert re.fullmatch(fold_case(ch), ch, re.IGNORECASE) and fold_case(ch) in string.ascii_lowercase, hex(code)


def test_fold_case_keeps_word_and_space_characters_what_they_are():  # so that \b, \w and \s read it as the text
    word, space = re.compile(r"\w"), re.compile(r"\s")
    for code in range(0x110000):
        ch = chr(code)
        assert bool(word.fullmatch(ch)) == bool(word.fullmatch(fold_case(ch))), hex(code)
        assert bool(space.fullmatch(ch)) == bool(space.fullmatch(fold_case(ch))), hex(code)


@pytest.mark.parametrize("text", ["İstanbul ſtakeholders ıntegration \u212a", "ΣΑΣ 파이썬 Python", "plain ascii", ""])
def test_fold_case_keeps_the_length(text):
    assert len(fold_case(text)) == len(text)
