"""Script in a title or body never runs: escaped or stripped, and the CSP forbids it anyway."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

TITLE = '<script>window.__xss = "title"</script>关于<b>春耕</b>的通知'
BODY = (
    '<p>正文<img src="x" onerror="window.__xss = \'img\'"></p>'
    "<script>window.__xss = 'body'</script>"
    "<p><a href=\"javascript:window.__xss='link'\">链接</a></p>"
    "<svg onload=\"window.__xss='svg'\"></svg>"
)


def test_script_in_a_title_or_body_does_not_run_on_any_public_page(new_page, county_item):
    # With the CSP bypassed, only the escaping and the sanitiser stand between the text and a run.
    for page in (new_page(), new_page(bypass_csp=True)):
        for path in ["/", f"/columns/{county_item.column.slug}/", f"/items/{county_item.pk}/"]:
            page.goto(path)
            assert page.evaluate("() => window.__xss") is None, path
        expect(page.get_by_role("heading", level=1)).to_contain_text("<script>")
        expect(page.locator("main")).to_contain_text("链接")
        assert page.locator("[href^='javascript'], [onerror], [onload], main script").count() == 0


@pytest.fixture
def county_item(site):
    from gongkai.core.models import Department, User
    from gongkai.publishing import actions
    from gongkai.publishing.actions import ItemData

    column = actions.create_column(
        actor=None,
        name="通知公告",
        slug="tzgg",
        department=Department.objects.get(short_code="NYJ"),
        review_levels=1,
        is_news=True,
    )
    item = actions.create_item(
        actor=User.objects.get(username="editor"),
        column=column,
        data=ItemData(title=TITLE, body=BODY),
    )
    actions.submit_item(actor=User.objects.get(username="editor"), item=item)
    item.refresh_from_db()
    return item


POST_NAME = "<svg onload=window.__xss=1>"


def test_script_in_a_board_post_does_not_run_before_or_after_moderation(new_page, site):
    """A visitor writes a post holding script in its name, title and body; the moderator reads
    it in the queue and publishes it; the board and the post's page show it as text."""
    from gongkai.letters.models import Post
    from tests.browser.helpers import log_in
    from tests.letters_board_data import MODERATOR, make_moderator

    make_moderator()
    visitor = new_page()
    visitor.goto("/hudong/board/write/")
    visitor.get_by_label("昵称").fill(POST_NAME)
    visitor.get_by_label("标题").fill(TITLE)
    visitor.get_by_label("内容").fill(BODY)
    visitor.get_by_role("button", name="提交留言").click()
    expect(visitor.locator(".messages")).to_contain_text("审核通过后将在留言板公开")

    moderator = new_page(bypass_csp=True)
    log_in(moderator, MODERATOR)
    moderator.goto("/workbench/letters/board/moderation/")
    expect(moderator.get_by_role("heading", level=3)).to_contain_text("<script>")
    assert moderator.evaluate("() => window.__xss") is None
    moderator.get_by_role("button", name="通过并发布").click()
    expect(moderator.locator(".messages")).to_contain_text("留言已发布")

    post = Post.objects.get()
    for page in (new_page(), new_page(bypass_csp=True)):
        for path in ["/hudong/board/", f"/hudong/board/{post.pk}/"]:
            page.goto(path)
            expect(page.locator("main")).to_contain_text("<script>")
            expect(page.locator("main")).to_contain_text(POST_NAME)
            assert page.evaluate("() => window.__xss") is None, path
            assert page.locator("main [onerror], main [onload], main script").count() == 0


LETTER_SCRIPT = "<script>window.__xss=1</script><img src=x onerror=window.__xss=2>"


def test_script_in_a_letter_or_a_comment_does_not_run_on_any_page(new_page, site, demo_mode):
    """Script typed into every field of a letter, its reply and a consultation comment shows
    as text on the staff letter page, the writer's tracking page, the published letter, the
    lists, and the consultation's page, with the CSP on and off."""
    from gongkai.letters import actions
    from gongkai.letters.views.public_letters import letter_token
    from tests.browser.test_letters_staff import Departments, sign_in
    from tests.letters_consultations import People, comment, opened
    from tests.letters_data import Letters, letter_data
    from tests.pages import at

    people = Letters(Departments())
    letter, _code = actions.write_letter(
        mailbox=people.nyj_box,
        data=letter_data(
            subject=f"{LETTER_SCRIPT}路灯", body=f"内容{LETTER_SCRIPT}", writer_name=POST_NAME
        ),
    )
    actions.accept_letter(actor=people.nyj_triage, letter=letter, department=people.nyj)
    draft = actions.save_draft(actor=people.handler, letter=letter, text=f"答复{LETTER_SCRIPT}")
    actions.submit_draft(actor=people.handler, draft=draft)
    actions.review_draft(actor=people.reviewer, draft=draft, approve=True)
    actions.publish_letter(
        actor=people.nyj_triage,
        letter=letter,
        subject_public=f"{LETTER_SCRIPT}路灯",
        body_public=f"内容{LETTER_SCRIPT}",
        reply_public=f"答复{LETTER_SCRIPT}",
    )
    consultations = People(Departments())
    consultation = opened(consultations)
    shown = comment(consultation, name="王小明", body=f"意见{LETTER_SCRIPT}")
    with at("2025-11-11 10:00"):
        actions.moderate_comment(actor=consultations.editor, comment=shown, show=True)

    public = [
        "/hudong/",
        "/hudong/letters/",
        f"/hudong/letters/{letter.number}/",
        f"/hudong/track/?t={letter_token(letter)}",
        f"/hudong/consultations/{consultation.pk}/",
    ]
    for page in (new_page(), new_page(bypass_csp=True)):
        for path in public:
            page.goto(path)
            assert page.evaluate("() => window.__xss") is None, path
            assert page.locator("main script, main [onerror]").count() == 0, path
        expect(page.locator("main")).to_contain_text("<script>")  # the comment, as text
    staff = new_page(bypass_csp=True)
    sign_in(staff, people.nyj_triage)
    for path in [letter.get_absolute_url(), "/workbench/letters/?tab=finished", "/workbench/"]:
        staff.goto(path)
        assert staff.evaluate("() => window.__xss") is None, path
        assert staff.locator("main script, main [onerror]").count() == 0, path
