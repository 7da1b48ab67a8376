from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from madang.accounts.models import Member
from madang.boards.models import Post
from madang.comments.models import Comment
from madang.moderation.actions import reveal_author
from madang.moderation.forms import RevealForm
from madang.moderation.models import AuditEvent
from madang.moderation.permissions import check_audit_view_permission, check_reveal_permission


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    check_audit_view_permission(request.user)
    return render(request, "moderation/desk.html", {"recent": AuditEvent.objects.all()[:10]})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    check_audit_view_permission(request.user)
    page = Paginator(AuditEvent.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "moderation/audit_log.html", {"page": page})


@login_required
def reveal(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    check_reveal_permission(request.user)
    target: Post | Comment
    if kind == "post":
        target = get_object_or_404(Post.objects.select_related("board"), pk=pk)
    elif kind == "comment":
        target = get_object_or_404(Comment.objects.select_related("post__board"), pk=pk)
    else:
        raise Http404("unknown kind")
    form = RevealForm(request.POST or None)
    context: dict[str, object] = {"form": form, "target": target, "kind": kind}
    if request.method == "POST" and form.is_valid():
        actor = request.user
        assert isinstance(actor, Member)
        member = reveal_author(actor=actor, target=target, reason=form.cleaned_data["reason"])
        context.update({"revealed": True, "member": member})
    response = render(request, "moderation/reveal.html", context)
    response["Cache-Control"] = "no-store"
    return response
