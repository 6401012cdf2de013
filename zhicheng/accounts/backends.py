from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from .models import User


class IdentityOrMobileBackend(ModelBackend):
    """Log in with the 身份证号 or the mobile number, whichever the person types."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        login = (username or kwargs.get(User.USERNAME_FIELD) or "").strip().upper()
        if not login or password is None:
            return None
        user = User.objects.filter(Q(mobile=login) | Q(id_number=login)).first()
        if user is None:
            User().set_password(password)  # same work as a real check: no timing hint
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
