from madang.boards.models.anchors import PageAnchor
from madang.boards.models.core import Access, Board, Category, Duplicates, Post
from madang.boards.models.notices import Notice, NoticeKind
from madang.boards.models.reading import HotScore, NoticeRead, ReadingPreferences, ViewBatch
from madang.boards.models.writing import Draft, PostRevision, Scrap, Vote

__all__ = [
    "Access",
    "Board",
    "Category",
    "Draft",
    "Duplicates",
    "HotScore",
    "Notice",
    "NoticeKind",
    "NoticeRead",
    "PageAnchor",
    "Post",
    "PostRevision",
    "ReadingPreferences",
    "Scrap",
    "ViewBatch",
    "Vote",
]
