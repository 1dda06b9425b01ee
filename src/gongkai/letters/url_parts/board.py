"""URL patterns of one part of 政民互动 (see letters/urls.py): `public` and `staff` lists.

This part: the message board (留言板): the published posts, one post, writing and reporting
a post; the moderation queue and the blocked words in the workbench.
"""

from django.urls import path

from gongkai.letters.views import board, board_staff

public: list = [
    path("hudong/board/", board.board, name="board"),
    path("hudong/board/write/", board.board_write, name="board_write"),
    path("hudong/board/<int:pk>/", board.board_post, name="board_post"),
    path("hudong/board/<int:pk>/report/", board.board_report, name="board_report"),
]
staff: list = [
    path("board/moderation/", board_staff.moderation, name="moderation"),
    path("board/moderation/<int:pk>/moderate/", board_staff.moderate, name="moderate_post"),
    path("board/moderation/<int:pk>/review/", board_staff.review, name="review_post"),
    path("board/blocked-words/", board_staff.blocked_words, name="blocked_words"),
    path(
        "board/blocked-words/remove/", board_staff.blocked_word_remove, name="blocked_word_remove"
    ),
]
