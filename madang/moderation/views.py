"""/mod/: the moderators' desk. Every action goes through moderation.actions and is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from madang.accounts.models import Member
from madang.boards.models import Board, Category, NoticeKind, Post
from madang.comments.models import Comment
from madang.moderation import actions
from madang.moderation.actions import target_label
from madang.moderation.audit import events_for
from madang.moderation.bans import ban_author, lift_ban
from madang.moderation.forms import ActionForm, BannedWordForm, RevealForm
from madang.moderation.models import Ban, BannedWord, Reason, Report
from madang.moderation.permissions import (
    check_audit_view_permission,
    check_desk_permission,
    check_reveal_permission,
    moderated_board_ids,
)
from madang.moderation.words import add_banned_word, remove_banned_word

QUEUE_SIZE = 100


def _member(request: HttpRequest) -> Member:
    assert isinstance(request.user, Member)
    return request.user


def _scope(member: Member, field: str) -> Q:
    boards = moderated_board_ids(member)
    return Q() if boards is None else Q(**{f"{field}__in": boards})


def queue(member: Member) -> dict[str, Any]:
    """Held items and reported ones, in the boards the member moderates."""
    open_reports = Report.objects.filter(resolved=False)
    reported_posts = open_reports.filter(post__isnull=False).values("post_id")
    reported_comments = open_reports.filter(comment__isnull=False).values("comment_id")
    posts = list(
        Post.objects.filter(_scope(member, "board"))
        .filter(
            Q(status=Post.Status.HELD)
            | Q(pk__in=reported_posts)
            | Q(blinded=True, status=Post.Status.PUBLISHED)
        )
        .select_related("board", "category")
        .order_by("-id")[:QUEUE_SIZE]
    )
    comments = list(
        Comment.objects.filter(_scope(member, "post__board"))
        .filter(
            Q(status=Comment.Status.HELD)
            | Q(pk__in=reported_comments)
            | Q(blinded=True, status=Comment.Status.PUBLISHED)
        )
        .select_related("post__board")
        .order_by("-id")[:QUEUE_SIZE]
    )
    reports = Report.objects.filter(resolved=False).filter(
        Q(post__in=posts) | Q(comment__in=comments)
    )
    by_target: dict[str, list[Report]] = {}
    for report in reports.select_related("reporter"):
        key = f"post:{report.post_id}" if report.post_id else f"comment:{report.comment_id}"
        by_target.setdefault(key, []).append(report)
    for post in posts:
        post.open_reports = by_target.get(f"post:{post.pk}", [])  # type: ignore[attr-defined]
    for comment in comments:
        comment.open_reports = by_target.get(f"comment:{comment.pk}", [])  # type: ignore[attr-defined]
    return {"posts": posts, "comments": comments}


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    check_desk_permission(member)
    context = {
        **queue(member),
        "recent": events_for(member)[:10],
        "kinds": NoticeKind.objects.all(),
        "ban_kinds": Ban.Kind.choices,
        "actions": ActionForm.ACTIONS,
    }
    return render(request, "moderation/desk.html", context)


def _target(member: Member, token: str) -> Post | Comment:
    kind, _sep, raw = token.partition(":")
    if not raw.isdigit():
        raise Http404("no such item")
    if kind == "post":
        return get_object_or_404(Post.objects.select_related("board"), pk=int(raw))
    if kind == "comment":
        return get_object_or_404(Comment.objects.select_related("post__board"), pk=int(raw))
    raise Http404("no such item")


def _apply(member: Member, target: Post | Comment, data: dict[str, Any]) -> None:
    action, reason = data["action"], data.get("reason") or ""
    board = target.board if isinstance(target, Post) else target.post.board
    if action == "approve":
        actions.approve(actor=member, target=target, reason=reason)
    elif action == "blind":
        actions.blind(actor=member, target=target, reason=reason)
    elif action == "hide":
        actions.hide(actor=member, target=target, reason=reason)
    elif action == "delete":
        actions.remove(actor=member, target=target, reason=reason)
    elif action == "ban":
        ban_author(
            actor=member,
            author_ref=target.author_ref,
            board=None if data.get("ban_everywhere") else board,
            kind=data.get("ban_kind") or Ban.Kind.SILENT,
            reason=reason,
            reason_code=Reason.TYPED if reason else Reason.STAFF,
            days=data.get("ban_days"),
            target_label=target_label(target),
        )
    elif isinstance(target, Post):
        _apply_to_post(member, target, action, reason, data)


def _apply_to_post(
    member: Member, post: Post, action: str, reason: str, data: dict[str, Any]
) -> None:
    if action in ("lock", "unlock"):
        actions.lock_comments(actor=member, post=post, locked=action == "lock", reason=reason)
    elif action == "move":
        category = Category.objects.filter(pk=data.get("category") or 0, board=post.board).first()
        actions.move_category(actor=member, post=post, category=category, reason=reason)
    elif action == "pin":
        kind = get_object_or_404(NoticeKind, pk=data.get("notice_kind") or 0)
        actions.pin(
            actor=member, post=post, kind=kind, site_wide=bool(data.get("site_wide")), reason=reason
        )


@login_required
@require_POST
def act(request: HttpRequest) -> HttpResponse:
    """Apply one action to one or many items (the desk's bulk form and the post page's panel)."""
    member = _member(request)
    check_desk_permission(member)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("처리할 수 없는 요청입니다."))
        return redirect("mod")
    data = form.cleaned_data
    tokens = [
        token for token in request.POST.getlist("target") + data["targets"].split(",") if token
    ]
    done = 0
    for token in tokens[:200]:
        try:
            _apply(member, _target(member, token), data)
            done += 1
        except PermissionDenied:
            messages.error(request, _("권한이 없는 게시판의 항목은 건너뛰었습니다."))
    messages.success(request, _("%(count)s개 항목을 처리했습니다.") % {"count": done})
    target = data.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("mod")


@login_required
def bans(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    check_desk_permission(member)
    boards = moderated_board_ids(member)
    active = Ban.objects.filter(lifted_at__isnull=True, ended_at__isnull=True).select_related(
        "board"
    )
    if boards is not None:
        active = active.filter(board_id__in=boards)
    return render(request, "moderation/bans.html", {"bans": active[:200]})


@login_required
@require_POST
def lift(request: HttpRequest, pk: int) -> HttpResponse:
    ban = get_object_or_404(Ban, pk=pk, lifted_at__isnull=True, ended_at__isnull=True)
    lift_ban(actor=_member(request), ban=ban)
    messages.success(request, _("차단을 풀었습니다."))
    return redirect("mod-bans")


@login_required
def words(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    check_desk_permission(member)
    form = BannedWordForm(request.POST or None)
    boards = moderated_board_ids(member)
    board_field = form.fields["board"]
    if boards is not None:
        board_field.queryset = Board.objects.filter(pk__in=boards)  # type: ignore[attr-defined]
        board_field.required = True
    if request.method == "POST" and form.is_valid():
        add_banned_word(actor=member, **form.cleaned_data)
        messages.success(request, _("금칙어를 더했습니다."))
        return redirect("mod-words")
    listed = BannedWord.objects.select_related("board")
    if boards is not None:
        listed = listed.filter(Q(board_id__in=boards) | Q(board__isnull=True))
    status = 400 if form.errors else 200
    return render(request, "moderation/words.html", {"form": form, "words": listed}, status=status)


@login_required
@require_POST
def remove_word(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member(request)
    word = get_object_or_404(BannedWord, pk=pk)
    remove_banned_word(actor=member, word=word)
    messages.success(request, _("금칙어를 뺐습니다."))
    return redirect("mod-words")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    check_audit_view_permission(member)
    page = Paginator(events_for(member), 50).get_page(request.GET.get("page"))
    return render(request, "moderation/audit_log.html", {"page": page})


@login_required
def reveal(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    check_reveal_permission(request.user)
    target = _target(_member(request), f"{kind}:{pk}")
    form = RevealForm(request.POST or None)
    context: dict[str, object] = {"form": form, "target": target, "kind": kind}
    if request.method == "POST" and form.is_valid():
        member = actions.reveal_author(
            actor=_member(request), target=target, reason=form.cleaned_data["reason"]
        )
        context.update({"revealed": True, "member": member})
    response = render(request, "moderation/reveal.html", context)
    response["Cache-Control"] = "no-store"
    return response
