"""好差评 through HTTP: the rating form on the applicant's progress page (opened by the signed
proof, refused without it, bad input shown next to the field and kept, a flat query count)
and the window's rating pad (the department's clerk only, five buttons with nothing chosen,
a second screen for a bad grade), and the pad's link on the case page. The rules themselves:
tests/test_services_ratings.py."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.core.models import AuditEvent
from gongkai.services.models import Evaluation, Grade, Rectification
from gongkai.services.rules import RatingReason
from gongkai.services.views.applications import case_token
from tests.pages import assert_login_required, at, field_errors, page, textarea
from tests.services_cases import Window, published_item
from tests.services_public import applied_online, status_of
from tests.services_ratings import NOW, PHONE, granted, rate
from tests.services_window import fresh, sign_in, url

pytestmark = pytest.mark.django_db

RATE = "/zwfw/track/rate/"
TRACK_PAGE = "/zwfw/track/"


@pytest.fixture
def window(county):
    return Window(county)


@pytest.fixture
def item(window):
    return published_item(window.department)


def post_rating(client, case, token=None, **data):
    with at(NOW):
        return client.post(RATE, {"t": case_token(case) if token is None else token, **data})


def follow(client, response) -> str:
    """The page a rating post went back to (read while its proof is fresh)."""
    with at(NOW):
        return page(client.get(response["Location"]))


def radios(html: str, name: str) -> list[str]:
    return re.findall(rf'<input type="(?:radio|checkbox)" name="{name}" value="([^"]+)"', html)


# ---------------------------------------------------------------- online, on the progress page


def test_the_progress_page_of_a_finished_case_offers_the_rating_form(client, item, window):
    html = page(status_of(client, granted(item, window)))
    form = html[html.index('id="rating"') :]
    assert f'action="{RATE}"' in form and "<legend>您对本次服务的评价</legend>" in form
    assert radios(form, "grade") == ["5", "4", "3", "2", "1"]
    assert " checked" not in form.split("</fieldset>")[0]  # nothing chosen for the applicant
    assert "非常满意" in form and "非常不满意" in form
    assert radios(form, "reasons") == [
        "overall", "efficiency", "guide_accuracy", "convenience", "platform",
        "one_time_notice", "materials",
    ]  # fmt: skip


def test_a_case_still_being_handled_shows_no_rating_form(client, item):
    with at(NOW):
        case, _code = applied_online(item, skip=())
    html = page(status_of(client, case))
    assert 'id="rating"' not in html and RATE not in html


def test_the_applicant_rates_and_the_page_shows_the_rating_instead_of_the_form(
    client, item, window
):
    case = granted(item, window)
    response = post_rating(
        client, case, grade="4", reasons=["efficiency"], comment=f"请回电 {PHONE}"
    )
    assert response.status_code == 302 and response["Location"].startswith("/zwfw/track/?t=")
    evaluation = Evaluation.objects.get(case=case)
    assert (evaluation.grade, evaluation.channel) == (Grade.SATISFIED, Evaluation.Channel.ONLINE)
    html = follow(client, response)
    assert "感谢您的评价" in html
    assert re.search(r'id="my-rating">您的评价：满意', html)
    assert "评价内容：办事效率" in html
    # The applicant's own page shows the comment as the public would see it.
    assert PHONE not in html and "138****5678" in html
    assert f'action="{RATE}"' not in html


def test_a_bad_rating_shows_its_rectification_on_the_progress_page(client, item, window):
    case = granted(item, window)
    response = post_rating(client, case, grade="1", reasons=["materials"])
    assert response.status_code == 302
    assert Rectification.objects.filter(evaluation__case=case).exists()
    html = follow(client, response)
    assert re.search(r'id="my-rating">您的评价：非常不满意', html)
    assert "评价内容：材料要求" in html


def test_a_forged_or_foreign_token_is_refused_and_nothing_is_rated(client, item, window):
    case = granted(item, window)
    other = granted(published_item(window.department, code="T-520000-DFY-002"), window)
    forged = case_token(case)[:-2] + "xx"
    assert post_rating(client, case, token=forged, grade="5").status_code == 403
    assert post_rating(client, case, token="", grade="5").status_code == 403
    # A real token names its own case: the post cannot rate another.
    response = post_rating(client, case, token=case_token(other), grade="5")
    assert response.status_code == 302
    assert list(Evaluation.objects.values_list("case_id", flat=True)) == [other.pk]


def test_bad_input_is_shown_next_to_the_field_and_kept(client, item, window):
    case = granted(item, window)
    comment = "等了很久，窗口说材料不全。"
    response = post_rating(client, case, grade="2", comment=comment)
    assert response.status_code == 200
    assert "至少勾选一项" in field_errors(response, "reasons")
    assert textarea(response, "comment") == comment
    assert re.search(r'value="2" id="id_grade_3" checked', page(response))
    assert 'id="form-errors"' in page(response)

    response = post_rating(client, case, comment=comment)
    assert "请选择评价等级" in field_errors(response, "grade")
    response = post_rating(client, case, grade="9")
    assert "请选择评价等级" in field_errors(response, "grade")
    response = post_rating(client, case, grade="3", reasons=["attitude"])  # a window indicator
    assert "可选范围" in field_errors(response, "reasons")
    response = post_rating(client, case, grade="3", comment="长" * 501)
    assert "500" in field_errors(response, "comment")
    assert not Evaluation.objects.exists()


def test_a_second_rating_is_refused_with_a_message(client, item, window):
    case = granted(item, window)
    assert post_rating(client, case, grade="5").status_code == 302
    response = post_rating(client, case, grade="1", reasons=["efficiency"])
    assert response.status_code == 302
    assert "已评价" in follow(client, response)
    assert Evaluation.objects.get().grade == Grade.VERY_SATISFIED


def test_the_rating_address_takes_only_posts(client, item, window):
    case = granted(item, window)
    assert client.get(RATE, {"t": case_token(case), "grade": "5"}).status_code == 405
    assert not Evaluation.objects.exists()


def test_the_progress_page_reads_as_many_queries_with_the_form_or_the_rating(client, item, window):
    """The rating is read with the case (one join), so neither the form nor the rating given
    costs a query; a bad rating adds nothing either (its rectification comes in that join)."""
    client.get(TRACK_PAGE)  # the site's per-process caches filled
    good, bad = (
        granted(item, window),
        granted(published_item(window.department, code="T-520000-DFY-002"), window),
    )

    def count(case) -> int:
        with at(NOW), CaptureQueriesContext(connection) as queries:
            assert status_of(client, case).status_code == 200
        return len(queries)

    with_form = count(good)
    rate(fresh(good), Grade.SATISFIED)
    rate(fresh(bad), Grade.DISSATISFIED, [RatingReason.EFFICIENCY])
    assert count(good) == with_form
    assert count(bad) == with_form


# ---------------------------------------------------------------- the window's rating pad


@pytest.fixture
def login(client):
    return lambda user: sign_in(client, user)


def test_the_pad_needs_a_login_and_a_clerk_of_the_department(client, item, window, login):
    case = granted(item, window)
    pad = url(case, "rate/")
    assert_login_required(client.get(pad), pad)
    stranger = login(window.stranger)
    assert stranger.get(pad).status_code == 403
    assert stranger.post(pad, {"grade": "5"}).status_code == 403
    assert not Evaluation.objects.exists()


def test_the_pad_shows_five_large_buttons_and_nothing_chosen(item, window, login):
    case = granted(item, window)
    html = page(login(window.clerk).get(url(case, "rate/") + "?grade=1"))
    buttons = re.findall(r'<button type="submit" name="grade" value="(\d)"', html)
    assert buttons == ["5", "4", "3", "2", "1"]
    assert "checked" not in html and "selected" not in html
    assert 'class="wb-nav"' not in html  # no staff menu under the applicant's finger
    assert "请您对本次服务作出评价" in html


def test_a_good_grade_pressed_is_recorded_for_the_window_by_the_clerk(item, window, login):
    case = granted(item, window)
    client = login(window.clerk2)
    response = client.post(url(case, "rate/"), {"step": "grade", "grade": "5"})
    assert response.status_code == 302 and response["Location"] == url(case, "rate/")
    evaluation = Evaluation.objects.get(case=case)
    assert (evaluation.grade, evaluation.channel) == (5, Evaluation.Channel.WINDOW)
    event = AuditEvent.objects.get(action="services.rate")
    assert event.actor_id == window.clerk2.pk and event.data["channel"] == "window"
    html = page(client.get(response["Location"]))
    assert "感谢您的评价" in html and "本办件已评价：非常满意" in html
    # Pressed again (or by the back button): refused, nothing changes.
    response = client.post(url(case, "rate/"), {"step": "grade", "grade": "1"})
    assert response.status_code == 409
    assert Evaluation.objects.get().grade == 5


def test_a_bad_grade_asks_what_went_wrong_before_recording(item, window, login):
    case = granted(item, window)
    client = login(window.clerk)
    response = client.post(url(case, "rate/"), {"step": "grade", "grade": "2"})
    assert response.status_code == 200 and not Evaluation.objects.exists()
    html = page(response)
    assert "您选择了“不满意”" in html and 'class="errorlist"' not in html
    assert radios(html, "reasons") == [
        "overall", "service_efficiency", "service_level", "attitude", "one_time_notice",
        "materials",
    ]  # fmt: skip
    assert '<input type="hidden" name="grade" value="2"' in html

    response = client.post(url(case, "rate/"), {"step": "reasons", "grade": "2", "comment": "慢"})
    assert response.status_code == 200 and not Evaluation.objects.exists()
    assert "至少勾选一项" in field_errors(response, "reasons")
    assert textarea(response, "comment") == "慢"

    response = client.post(
        url(case, "rate/"), {"step": "reasons", "grade": "2", "reasons": ["attitude"]}
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(case=case)
    assert evaluation.reason_list() == ["attitude"] and evaluation.is_bad
    assert Rectification.objects.filter(evaluation=evaluation).exists()


def test_a_forged_grade_on_the_pad_is_refused(item, window, login):
    case = granted(item, window)
    client = login(window.clerk)
    for data in ({"grade": "9"}, {"grade": "满意"}, {}):
        response = client.post(url(case, "rate/"), data)
        assert response.status_code == 400 and "请按下一个评价按钮" in page(response)
    assert not Evaluation.objects.exists()


def test_the_pad_of_a_case_still_being_handled_says_so(item, window, login):
    with at(NOW):
        case, _code = applied_online(item, skip=())
    client = login(window.clerk)
    assert "暂不能评价" in page(client.get(url(case, "rate/")))
    assert client.post(url(case, "rate/"), {"grade": "5"}).status_code == 409
    assert not Evaluation.objects.exists()


def test_the_case_page_links_to_the_pad_only_while_the_case_may_be_rated(item, window, login):
    case = granted(item, window)
    client = login(window.clerk)
    assert f'href="{url(case, "rate/")}"' in page(client.get(url(case)))
    rate(fresh(case), Grade.BASIC)
    html = page(client.get(url(case)))
    assert f'href="{url(case, "rate/")}"' not in html
    assert re.search(r'id="case-rating">基本满意', html)
    with at(NOW):
        open_case, _code = applied_online(item, skip=())
    assert url(open_case, "rate/") not in page(client.get(url(open_case)))
