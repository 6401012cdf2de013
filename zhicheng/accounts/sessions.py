"""The session store: Django's database sessions, each request's read prepared once."""

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from zhicheng.prepared import PreparedRead

BY_KEY = PreparedRead(lambda key: Session.objects.filter(session_key=key), key_types=(str,))


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session while it has not expired, as Django's own store reads it."""
        if not isinstance(self.session_key, str):
            return super()._get_session_from_db()
        found = BY_KEY(self.session_key)
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None
