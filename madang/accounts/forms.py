from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from madang.accounts import crypto, devices, places, throttle
from madang.accounts.models import Member
from madang.accounts.usernames import validate_username
from madang.core.client import client_address
from madang.core.tasks import defer


class SignupForm(forms.Form):
    username = forms.CharField(
        label=_("아이디"),
        max_length=30,
        help_text=_("영문 소문자와 숫자, '_' 4~30자. 로그인할 때만 쓰이고 글에는 나오지 않습니다."),
        validators=[validate_username],
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=_("이메일"),
        max_length=254,
        help_text=_("비밀번호를 잃었을 때만 씁니다. 암호화해서 보관합니다."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("8자 이상, 흔하거나 숫자만으로 된 비밀번호는 쓸 수 없습니다."),
    )
    password2 = forms.CharField(
        label=_("비밀번호 확인"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    invitation = forms.CharField(label=_("초대 코드"), max_length=64, required=False)

    def __init__(self, *args: Any, needs_invitation: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_invitation:
            self.fields["invitation"].required = True
        else:
            del self.fields["invitation"]

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip().lower()
        if Member.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("이미 쓰이는 아이디입니다."), code="duplicate")
        return username

    def clean_email(self) -> str:
        # Whether the address is registered is never said here: the mail says it, to its owner.
        return crypto.normalize_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("두 비밀번호가 다릅니다."))
        elif first:
            candidate = Member(username=cleaned.get("username", ""))
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("아이디"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}
        ),
    )
    error_messages = {
        "invalid_login": _("아이디 또는 비밀번호가 맞지 않습니다."),
        "inactive": _("사용할 수 없는 계정입니다."),
    }


class ResetForm(PasswordResetForm):
    """Finds the member through the blind index; the address itself is never searched.

    Mails to one mailbox are counted per requesting address and per browser, and,
    for requests from places its member has not used, all together: strangers
    asking for someone's address cannot use up the mails that member asks for
    from their own browser or address.
    """

    email = forms.EmailField(
        label=_("가입한 이메일"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def __init__(self, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def get_users(self, email: str) -> Any:
        index = crypto.email_index(email)
        member = Member.objects.filter(email_index=index, is_active=True).first()
        if member is not None and not member.has_usable_password():
            member = None
        # The same counters for every address, so the work does not tell members apart.
        if self._may_mail(index, member) and member is not None:
            yield member

    def _may_mail(self, index: str, member: Member | None) -> bool:
        address = places.network_of(client_address(self.request))
        browser = devices.issue_device(self.request)
        known = places.is_known_address(member=member, address=address)
        known = known or (member is not None and devices.is_trusted(self.request, member.username))
        counters = [
            (throttle.RESET_PER_REQUESTER, f"{index}|{address}"),
            (throttle.RESET_PER_REQUESTER, f"{index}|{browser}"),
        ]
        if not known:
            counters.append((throttle.RESET_PER_ACCOUNT, index))
        try:
            if throttle.first_over(counters):
                return False  # the mailbox had its share; the answer stays the same
        except throttle.ThrottleUnavailable:
            return False
        throttle.record_many(counters)
        return True

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        # Rendering and sending happen after the answer, so it takes as long
        # for an unknown address as for a known one.
        defer(super().send_mail, *args, **kwargs)


class EmailChangeForm(forms.Form):
    email = forms.EmailField(label=_("새 이메일"), max_length=254)

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_email(self) -> str:
        email = crypto.normalize_email(self.cleaned_data["email"])
        taken = Member.objects.filter(email_index=crypto.email_index(email)).exclude(
            pk=self.member.pk
        )
        if taken.exists():
            raise forms.ValidationError(_("다른 계정이 쓰고 있는 이메일입니다."), code="duplicate")
        return email


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("비밀번호"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.member = member

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("비밀번호가 맞지 않습니다."), code="wrong")
        return password
