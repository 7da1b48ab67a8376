from madang.boards.models.core import (
    Access,
    Board,
    Category,
    Duplicates,
    Notice,
    NoticeKind,
    PageAnchor,
    Post,
)
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
