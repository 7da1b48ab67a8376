from django.contrib.auth.models import AbstractUser


class Member(AbstractUser):
    """A member of the site.

    Nothing a member writes points back here: posts and comments hold only an
    ``author_ref`` computed from the member id with a key kept outside the
    database (see ``madang.accounts.pseudonym``).
    """

    class Meta:
        db_table = "accounts_member"
        verbose_name = "회원"
        verbose_name_plural = "회원"
